using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Storage;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// <c>--postgres</c>: the same simulation with the journal, the schedule and the accounts in PostgreSQL (the
/// Cobranza.PostgreSql package) gives what it gives on SQLite, and one run at a time holds a schema.
/// </summary>
public sealed class PostgresSimulationTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly List<string> _schemas = [];

    [Fact]
    public async Task RunAsync_OnPostgres_SameNoticesPaymentsChargesAndBalancesAsOnSqlite()
    {
        // 25 days over 60 customers: first reminders, interest and the Spanish EUR 40 fee, partial and late payments.
        // Run in two parts on PostgreSQL (resumed from the stored state) against one SQLite run.
        var sqlite = new SampleOptions { Days = 25, Customers = 60, DatabasePath = _temp.File("s.db"), OutboxPath = _temp.File("s-outbox") };
        var postgres = Postgres("same", days: 15) with { Customers = 60 };
        var onSqlite = await Run(sqlite);
        var first = await Run(postgres);
        var second = await Run(postgres with { Days = 10 });

        Assert.Equal((0, 24), (onSqlite.FirstDay, onSqlite.LastDay));
        Assert.Equal((0, 14, 15, 24), (first.FirstDay, first.LastDay, second.FirstDay, second.LastDay));
        Assert.Equal(0, first.AccountFailures + second.AccountFailures + first.Poisoned + second.Poisoned);
        Assert.Equal(onSqlite.NoticesWritten, first.NoticesWritten + second.NoticesWritten);
        Assert.True(onSqlite.NoticesWritten > 50, $"the period sends notices (sent {onSqlite.NoticesWritten})");

        // The notices byte for byte (the file name is the idempotency key).
        var sqliteOutbox = Outbox(sqlite.OutboxPath);
        Assert.Equal(sqliteOutbox.Keys, Outbox(postgres.OutboxPath).Keys);
        foreach (var (name, bytes) in Outbox(postgres.OutboxPath))
        {
            Assert.True(bytes.SequenceEqual(sqliteOutbox[name]), $"notice {name} differs between SQLite and PostgreSQL");
        }

        var (sqliteAccounts, sqliteJournal) = await Stored(sqlite);
        var (postgresAccounts, postgresJournal) = await Stored(postgres);
        Assert.Equal(sqliteJournal, postgresJournal);
        Assert.Equal(Lines(sqliteAccounts, Payments), Lines(postgresAccounts, Payments));
        Assert.Equal(Lines(sqliteAccounts, Charges), Lines(postgresAccounts, Charges));
        Assert.Equal(Lines(sqliteAccounts, Balances), Lines(postgresAccounts, Balances));
        Assert.Contains(Lines(postgresAccounts, Charges), c => c.Contains(" Fee ", System.StringComparison.Ordinal));
        Assert.Contains(Lines(postgresAccounts, Charges), c => c.Contains(" Interest ", System.StringComparison.Ordinal));

        // --audit on each: no problems, and the same lines (decisions, payments, charges, items, outbox files and hashes).
        var (sqliteProblems, sqliteAudit) = await Audit(sqlite);
        var (postgresProblems, postgresAudit) = await Audit(postgres);
        Assert.Equal((0, 0), (sqliteProblems, postgresProblems));
        Assert.Equal(sqliteAudit, postgresAudit);
        Assert.Contains("\npayment ", postgresAudit, System.StringComparison.Ordinal);
        Assert.Contains("\noutbox ", postgresAudit, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecondRunOnTheSameSchema_RefusedWhileTheFirstHoldsIt()
    {
        var options = Postgres("busy", days: 1);
        await using (await SampleStorage.OpenAsync(options with { OutboxPath = _temp.File("first-outbox") }, CancellationToken.None))
        {
            // Another outbox, so only the database's advisory lock can refuse it.
            var ex = await Assert.ThrowsAsync<SampleBusyException>(() => Run(options));
            Assert.Contains($"schema {options.Schema} (its advisory lock is held)", ex.Message, System.StringComparison.Ordinal);
            Assert.False(Directory.Exists(options.OutboxPath) && Directory.GetFiles(options.OutboxPath, "*.eml").Length > 0);

            // The program, as a user runs it: exit code 3 and the reason on standard error.
            var (exitCode, error) = await RunProgram("--postgres", PostgresServer.ConnectionString, "--schema", options.Schema, "--outbox", _temp.File("third-outbox"), "--days", "1");
            Assert.True(exitCode == 3, $"exit code {exitCode}, error: {error}");
            Assert.Contains("its advisory lock is held", error, System.StringComparison.Ordinal);

            // Another schema on the same server is another sample database: not held.
            var other = await Run(Postgres("other", days: 1));
            Assert.Equal((0, 0), (other.FirstDay, other.LastDay));
        }

        var result = await Run(options); // released: the run goes ahead
        Assert.Equal((0, 0), (result.FirstDay, result.LastDay));
    }

    [Fact]
    public async Task RunAsync_ClaimOfAKilledRun_RetriedByTheNextRun()
    {
        // A run killed between claiming a notice and recording it leaves the claim leased on the server's clock. Under
        // the advisory lock no other run is between a claim and its record, so the next run ends such leases and the
        // notice goes out once, as it would have without the kill.
        var killed = Postgres("killed", days: 3);
        await Run(killed);
        await Execute(killed, """
            UPDATE {schema}.journal SET state = 'Claimed', reference = NULL, worker_id = 'quickstart@gone:1:x',
                claimed_at = clock_timestamp(), lease_expires_at = clock_timestamp() + interval '1 hour'
            WHERE idempotency_key = (SELECT min(idempotency_key) FROM {schema}.journal WHERE action = 'SendNotice' AND state = 'Dispatched'
                                     AND decided_at = (SELECT max(decided_at) FROM {schema}.journal))
            """);

        var key = Directory.GetFiles(killed.OutboxPath, "*.eml").Select(Path.GetFileName).Order(System.StringComparer.Ordinal).ToList();
        var (_, journal) = await Stored(killed);
        var claimed = journal.Single(j => j.EndsWith(" Claimed", System.StringComparison.Ordinal)).Split(' ')[0];
        File.Delete(Path.Combine(killed.OutboxPath, Messaging.NoticeMessage.FileNameFor(claimed)));
        await Execute(killed, "UPDATE {schema}.quickstart_meta SET value = '1' WHERE key = 'day_reached'");

        using var output = new StringWriter();
        await new Simulation(killed with { Days = 1 }, output).RunAsync(CancellationToken.None);

        Assert.Contains("An earlier run was interrupted: 1 decision it had claimed without recording an outcome is retried now.", output.ToString(), System.StringComparison.Ordinal);
        Assert.Equal(key, Directory.GetFiles(killed.OutboxPath, "*.eml").Select(Path.GetFileName).Order(System.StringComparer.Ordinal).ToList());
        var (_, after) = await Stored(killed);
        Assert.Contains($"{claimed} Dispatched", after);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await PostgresServer.DropAsync(schema);
        }

        _temp.Dispose();
    }

    private SampleOptions Postgres(string name, int days)
    {
        var schema = PostgresServer.NewSchema(name);
        _schemas.Add(schema);
        return new SampleOptions
        {
            Days = days,
            Customers = 30,
            Postgres = PostgresServer.ConnectionString,
            Schema = schema,
            OutboxPath = _temp.File(name + "-outbox"),
        };
    }

    private static async Task<SimulationResult> Run(SampleOptions options)
    {
        using var output = new StringWriter();
        return await new Simulation(options, output).RunAsync(CancellationToken.None);
    }

    private static async Task<(int Problems, string Lines)> Audit(SampleOptions options)
    {
        using var lines = new StringWriter();
        using var problems = new StringWriter();
        int found = await SampleAudit.RunAsync(options, lines, problems, CancellationToken.None);
        Assert.Equal(string.Empty, problems.ToString());
        return (found, lines.ToString());
    }

    private static async Task<(int ExitCode, string Error)> RunProgram(params string[] args)
    {
        var dll = Path.Combine(System.AppContext.BaseDirectory, "Cobranza.Samples.Quickstart.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }

    private static async Task Execute(SampleOptions options, string sql)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(options.Postgres!);
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", $"\"{options.Schema}\"", System.StringComparison.Ordinal));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static SortedDictionary<string, byte[]> Outbox(string path)
        => new(Directory.GetFiles(path, "*.eml").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes), System.StringComparer.Ordinal);

    /// <summary>The accounts and, through the journal port, every account's history (key and outcome), read back from storage.</summary>
    private static async Task<(IReadOnlyList<CustomerAccount> Accounts, List<string> Journal)> Stored(SampleOptions options)
    {
        await using var storage = await SampleStorage.OpenAsync(options, CancellationToken.None);
        var accounts = await storage.AllAccountsAsync(CancellationToken.None);
        var journal = new List<string>();
        foreach (var account in accounts)
        {
            var history = await storage.Journal.GetHistoryAsync(account.Id, CancellationToken.None);
            journal.AddRange(history.Entries.Select(e => $"{e.IdempotencyKey} {e.Outcome}"));
        }

        journal.Sort(System.StringComparer.Ordinal);
        return (accounts, journal);
    }

    private static List<string> Lines(IReadOnlyList<CustomerAccount> accounts, System.Func<CustomerAccount, IEnumerable<string>> lines)
        => [.. accounts.SelectMany(lines).Order(System.StringComparer.Ordinal)];

    private static IEnumerable<string> Payments(CustomerAccount account)
        => account.Payments.SelectMany(p => p.Allocations.Select(a => $"{account.Id} {p.Reference} {p.ReceivedOn} {p.Amount.Amount} {a.ItemId} {a.Fees.Amount} {a.Interest.Amount} {a.Principal.Amount} {a.Discount.Amount}"));

    private static IEnumerable<string> Charges(CustomerAccount account)
        => account.Charges.Select(c => $"{account.Id} {c.Key} {c.ItemId} {c.Kind} {c.ChargedOn} {c.Amount.Amount} {c.Through}");

    private static IEnumerable<string> Balances(CustomerAccount account)
        => account.Items.Select(i => $"{account.Id} {i.Id} {i.Amount.Amount} {i.PrincipalPaid.Amount} {i.InterestCharged.Amount} {i.InterestPaid.Amount} {i.FeesCharged.Amount} {i.FeesPaid.Amount} {i.Outstanding.Amount} {i.SettledOn} {i.InterestPostedThrough}")
            .Append($"{account.Id} unapplied {account.UnappliedCredit.Amount}");
}
