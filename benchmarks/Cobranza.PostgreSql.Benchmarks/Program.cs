using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.PostgreSql;
using Cobranza.PostgreSql.Worker;
using Cobranza.Testing.InMemory;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

// Figures harness for Cobranza.PostgreSql (docs/benchmarks.md). Usage:
//   dotnet run -c Release --project benchmarks/Cobranza.PostgreSql.Benchmarks -- <connection string> <accounts> <firing %> [what…]
// what: scan, cycle, workers, load (default all). The schema bench_<accounts>_<firing> is seeded with COPY once and reused.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: <connection string> <accounts> <firing %> [scan] [cycle] [workers] [load]");
    return 2;
}

// No command timeout: seeding a million accounts with COPY and resetting their wake-ups take minutes on a loaded machine.
var connectionString = new NpgsqlConnectionStringBuilder(args[0]) { CommandTimeout = 0 }.ConnectionString;
int accounts = int.Parse(args[1], CultureInfo.InvariantCulture);
int firing = int.Parse(args[2], CultureInfo.InvariantCulture);
var what = args.Length > 3 ? args[3..].ToHashSet() : ["scan", "cycle", "workers", "load"];
var at = Instant.FromUtc(2026, 3, 2, 10, 0);
var schema = string.Create(CultureInfo.InvariantCulture, $"bench_{accounts}_{firing}");
await using var database = new PostgreSqlDatabase(connectionString, new PostgreSqlOptions { Schema = schema });
await Harness.SeedAsync(database, accounts, firing, at);

if (what.Contains("scan") || what.Contains("cycle"))
{
    await Harness.ResetAsync(database, at);
    await Harness.ScanAsync(database, at, withSnapshots: true); // warm-up: JIT, connection pool, buffer cache
    var scan = await Harness.TimeAsync(() => Harness.ScanAsync(database, at, withSnapshots: false));
    var scanSnapshots = await Harness.TimeAsync(() => Harness.ScanAsync(database, at, withSnapshots: true));
    Console.WriteLine($"| keyset scan of the schedule (pages of 1,000) | {scan.Elapsed.TotalMilliseconds:N0} ms | {scan.Result:N0} rows |");
    Console.WriteLine($"| keyset scan + snapshots from the event store | {scanSnapshots.Elapsed.TotalMilliseconds:N0} ms | {scanSnapshots.Result:N0} rows |");
    if (what.Contains("cycle"))
    {
        var cycle = await Harness.TimeAsync(() => Harness.CycleAsync(database, at));
        Console.WriteLine($"| run cycle, {firing} % firing, 1 process, MaxDegreeOfParallelism 2 | {cycle.Elapsed.TotalMilliseconds:N0} ms | {cycle.Result} |");
        Console.WriteLine($"| ratio cycle / schedule scan | {cycle.Elapsed / scan.Elapsed:N2} × | ratio cycle / scan + snapshots {cycle.Elapsed / scanSnapshots.Elapsed:N2} × |");
    }
}

if (what.Contains("workers"))
{
    foreach (int processes in new[] { 1, 2, 4 })
    {
        await Harness.ResetAsync(database, at);
        var run = await Harness.TimeAsync(() => Harness.ProcessesAsync(connectionString, schema, at, processes));
        Console.WriteLine($"| {processes} worker process(es), partitions of {processes} | {run.Elapsed.TotalMilliseconds:N0} ms | {run.Result} |");
    }
}

if (what.Contains("load"))
{
    var store = new PostgreSqlAccountStore(database);
    var random = new Random(7);
    var times = new List<double>();
    for (int i = 0; i < 12; i++)
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Harness.Id(random.Next(accounts))).Distinct().ToList();
        var sw = Stopwatch.StartNew();
        var loaded = await store.LoadManyAsync(ids, CancellationToken.None);
        sw.Stop();
        if (i >= 2)
        {
            times.Add(sw.Elapsed.TotalMilliseconds); // the first two warm up the JIT and the pool
        }

        if (loaded.Count != ids.Count)
        {
            throw new InvalidOperationException($"loaded {loaded.Count} of {ids.Count}");
        }
    }

    times.Sort();
    Console.WriteLine($"| load 1,000 snapshots (3 events each: item, payment, credit note) from the event store | median {times[times.Count / 2]:N1} ms | min {times[0]:N1} ms, max {times[^1]:N1} ms over {times.Count} loads |");
}

return 0;

internal static class Harness
{
    public static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"B-{i:D7}");

    public static async Task<(TimeSpan Elapsed, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var result = await action();
        return (sw.Elapsed, result);
    }

    /// <summary>Seeds once with COPY: every account due at the run instant, one item (overdue 10 days for the firing share, due in 20 days otherwise), a partial payment and a credit note.</summary>
    public static async Task SeedAsync(PostgreSqlDatabase database, int accounts, int firing, Instant at)
    {
        var applied = await PostgreSqlMigrations.GetAppliedAsync(database.DataSource, database.Options);
        if (applied.Count > 0)
        {
            // Reuse only a complete seeding (a failed one may have committed the first COPY only).
            await using var count = database.DataSource.CreateCommand(
                $"SELECT (SELECT count(*) FROM \"{database.Options.Schema}\".schedule) + (SELECT count(*) FROM \"{database.Options.Schema}\".account_events)");
            if ((long)(await count.ExecuteScalarAsync())! == 4L * accounts)
            {
                Console.Error.WriteLine($"reusing schema {database.Options.Schema}");
                return;
            }

            await using var drop = database.DataSource.CreateCommand($"DROP SCHEMA \"{database.Options.Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        var sw = Stopwatch.StartNew();
        await database.MigrateAsync();
        await CycleWorker.CreateDeliveriesAsync(database);
        var s = $"\"{database.Options.Schema}\"";
        var today = at.InUtc().Date;
        var profile = AccountEventJson.WriteProfile(new CustomerProfile("x", "Cliente", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"]));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var streams = await connection.BeginBinaryImportAsync($"COPY {s}.account_streams (account_id, currency, profile, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < accounts; i++)
            {
                await streams.StartRowAsync();
                await streams.WriteAsync(Id(i), NpgsqlDbType.Text);
                await streams.WriteAsync("EUR", NpgsqlDbType.Char);
                await streams.WriteAsync(profile.Replace("\"x\"", $"\"{Id(i)}\"", StringComparison.Ordinal), NpgsqlDbType.Jsonb);
                await streams.WriteAsync(3L, NpgsqlDbType.Bigint);
            }

            await streams.CompleteAsync();
        }

        await using (var events = await connection.BeginBinaryImportAsync($"COPY {s}.account_events (account_id, version, event_type, payload) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < accounts; i++)
            {
                bool fires = i % 100 < firing;
                var due = fires ? today.PlusDays(-10) : today.PlusDays(20);
                var item = new AccountItem(Id(i) + "/0", "INV-" + Id(i), 0, due.PlusDays(-30), due, Money.Of(1000m + (i % 997), Currency.EUR));
                AccountEvent[] history =
                [
                    new ItemAdded(item),
                    new PaymentReceived("PAY-" + Id(i), due.PlusDays(-25), Money.Of(100m, Currency.EUR), AllocationStrategy.OldestDueFirst),
                    new CreditNoteIssued("CN-" + Id(i), due.PlusDays(-20), item.Id, Money.Of(50m, Currency.EUR), "discount agreed"),
                ];
                for (int v = 0; v < history.Length; v++)
                {
                    await events.StartRowAsync();
                    await events.WriteAsync(Id(i), NpgsqlDbType.Text);
                    await events.WriteAsync((long)v + 1, NpgsqlDbType.Bigint);
                    await events.WriteAsync(AccountEventJson.TypeOf(history[v]), NpgsqlDbType.Text);
                    await events.WriteAsync(AccountEventJson.Write(history[v]), NpgsqlDbType.Jsonb);
                }
            }

            await events.CompleteAsync();
        }

        await using (var schedule = await connection.BeginBinaryImportAsync($"COPY {s}.schedule (account_id, partition_hash, next_evaluation_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < accounts; i++)
            {
                await schedule.StartRowAsync();
                await schedule.WriteAsync(Id(i), NpgsqlDbType.Text);
                await schedule.WriteAsync((long)Partition.StableHash(Id(i)), NpgsqlDbType.Bigint);
                await schedule.WriteAsync(at.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
            }

            await schedule.CompleteAsync();
        }

        foreach (var table in new[] { "schedule", "account_events", "account_streams" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {s}.{table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        Console.Error.WriteLine($"seeded {accounts:N0} accounts in {sw.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>Every account due again at the run instant, the journal and deliveries empty (not timed).</summary>
    public static async Task ResetAsync(PostgreSqlDatabase database, Instant at)
    {
        var s = $"\"{database.Options.Schema}\"";
        await using (var command = database.DataSource.CreateCommand($"UPDATE {s}.schedule SET next_evaluation_at = @at WHERE next_evaluation_at IS DISTINCT FROM @at"))
        {
            command.Parameters.AddWithValue("at", at.ToDateTimeUtc());
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { $"TRUNCATE {s}.journal, {s}.deliveries", $"VACUUM ANALYZE {s}.schedule" })
        {
            await using var command = database.DataSource.CreateCommand(sql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Pages through the due accounts as the runner does, without evaluating.</summary>
    public static async Task<long> ScanAsync(PostgreSqlDatabase database, Instant at, bool withSnapshots)
    {
        var store = new PostgreSqlReceivableStore(database, withSnapshots ? new PostgreSqlAccountStore(database) : new NoSnapshots());
        string? token = null;
        long rows = 0;
        do
        {
            var page = await store.GetDueAccountsAsync(new DueAccountsQuery(at, 1000, token), CancellationToken.None);
            rows += page.Accounts.Length;
            token = page.ContinuationToken;
        }
        while (token is not null);
        return rows;
    }

    public static async Task<string> CycleAsync(PostgreSqlDatabase database, Instant at)
    {
        var store = new PostgreSqlReceivableStore(database);
        var journal = new PostgreSqlCollectionJournal(database);
        var evaluator = new PolicyAccountEvaluator(new EscalationEngine(new BuiltInCalendarProvider([])), EscalationPolicyRegistry.DefaultOnly);
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store, journal, evaluator, new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);
        var summary = await runner.RunCycleAsync(at, RunOptions.Default with { WorkerId = "bench", MaxDegreeOfParallelism = 2, PageSize = 1000 }, CancellationToken.None);
        return string.Create(CultureInfo.InvariantCulture, $"{summary.AccountsEvaluated:N0} evaluated, {sender.Sent.Length:N0} notices, {summary.AccountFailures.Length} failures");
    }

    public static async Task<string> ProcessesAsync(string connectionString, string schema, Instant at, int processes)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Cobranza.PostgreSql.Worker.dll");
        var running = Enumerable.Range(0, processes).Select(i =>
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { worker, connectionString, schema, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), $"{i}/{processes}", $"bench-{i}", "600", "2" })
            {
                info.ArgumentList.Add(a);
            }

            return Process.Start(info)!;
        }).ToList();
        var lines = new List<string>();
        foreach (var p in running)
        {
            lines.Add((await p.StandardOutput.ReadToEndAsync()).Trim());
            await p.WaitForExitAsync();
        }

        return string.Join("; ", lines);
    }

    private sealed class NoSnapshots : IAccountSnapshotSource
    {
        public ValueTask<IReadOnlyDictionary<string, CustomerAccount>> LoadManyAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken)
            => new(new Dictionary<string, CustomerAccount>());

        public ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken) => new((CustomerAccount?)null);
    }
}
