using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Samples.Quickstart.Storage;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

public sealed class SimulationTests : System.IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task RunAsync_InterruptedAndResumed_SameOutcomeAsOneRun()
    {
        // 6 days, then 4 more from the stored state, against 10 days in one go: the same notices, journal and payments.
        var split = Options("split", days: 6);
        var first = await Run(split);
        var second = await Run(split with { Days = 4 });
        var whole = await Run(Options("whole", days: 10));

        Assert.Equal((0, 5), (first.FirstDay, first.LastDay));
        Assert.Equal((6, 9), (second.FirstDay, second.LastDay));
        Assert.Equal((0, 9), (whole.FirstDay, whole.LastDay));
        Assert.Equal(Outbox("whole"), Outbox("split"));
        Assert.Equal(Journal("whole"), Journal("split"));
        Assert.Equal(Rows("whole", "SELECT reference || ' ' || amount FROM payments ORDER BY reference"), Rows("split", "SELECT reference || ' ' || amount FROM payments ORDER BY reference"));
        Assert.Equal(Rows("whole", "SELECT charge_key || ' ' || amount FROM charges ORDER BY account_id, charge_key"), Rows("split", "SELECT charge_key || ' ' || amount FROM charges ORDER BY account_id, charge_key"));
    }

    [Fact]
    public async Task RunAsync_DaysReplayedAfterACrash_ReproduceTheStoredState()
    {
        // Issue 14: a crash after day 8's payments were booked but before day_reached was stored made every later run
        // fail for good ("payment reference 'PAY-…' was already applied … for 6110055.00 COP"): the replay recomputed
        // a half payment from the balance the first half had already reduced. Reproduced exactly as reported: 9 days,
        // day_reached set back to 7 (the state of a run killed during day 8), then one more day.
        var replayed = Options("replayed", days: 9) with { Customers = SampleOptions.DefaultCustomers };
        await Run(replayed);
        SetMeta("replayed", "day_reached", "7");
        var again = await Run(replayed with { Days = 1 });
        await Run(Options("straight", days: 9) with { Customers = SampleOptions.DefaultCustomers });

        Assert.Equal((8, 8), (again.FirstDay, again.LastDay));
        Assert.Equal(0, again.AccountFailures);
        Assert.Equal(Rows("straight", PaymentsSql), Rows("replayed", PaymentsSql));
        Assert.Equal(Rows("straight", ChargesSql), Rows("replayed", ChargesSql));
        Assert.Equal(Rows("straight", ItemsSql), Rows("replayed", ItemsSql));
        Assert.Equal(Journal("straight"), Journal("replayed"));
        Assert.Equal(Outbox("straight"), Outbox("replayed"));
    }

    [Fact]
    public async Task RunAsync_ClaimOfAKilledRun_DispatchedWhenTheDayIsReplayed()
    {
        // A run killed between claiming a notice and recording it leaves the claim leased until the run's instant plus
        // the lease. The replayed day runs at that same instant, so the notice waited for the next day's run, and a
        // resumed run that ended on that day never sent it. The state of such a kill, made by hand: the last day's
        // first notice claimed by another worker with a live lease, its file not written, day_reached one day back.
        var killed = Options("killed", days: 4) with { Customers = SampleOptions.DefaultCustomers };
        await Run(killed);
        var lastInstant = Simulation.InstantOf(Simulation.DefaultStartDate.PlusDays(3)).ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Rows("killed", $"SELECT idempotency_key FROM journal WHERE action = {(int)Cobranza.Core.Escalation.EscalationActionKind.SendNotice} AND state = 1 AND recorded_at = {lastInstant} ORDER BY idempotency_key LIMIT 1").Single();
        Execute("killed", $"UPDATE journal SET state = 0, reference = NULL, worker_id = 'quickstart@gone:1:x', lease_expires_at = recorded_at + {NodaTime.Duration.FromMinutes(10).BclCompatibleTicks} WHERE idempotency_key = '{key}'");
        File.Delete(Path.Combine(_temp.File("killed-outbox"), Messaging.NoticeMessage.FileNameFor(key)));
        SetMeta("killed", "day_reached", "2");
        await Run(killed with { Days = 1 });
        await Run(Options("unkilled", days: 4) with { Customers = SampleOptions.DefaultCustomers });

        Assert.Equal(Outbox("unkilled"), Outbox("killed"));
        Assert.Equal(["1 2"], Rows("killed", $"SELECT state || ' ' || attempts FROM journal WHERE idempotency_key = '{key}'")); // dispatched at the second attempt
    }

    [Fact]
    public async Task RunAsync_SecondRunOnTheSameDatabase_RefusedWhileTheFirstHoldsIt()
    {
        var options = Options("busy", days: 1);
        using (Storage.SampleLock.Acquire(options.DatabasePath, _temp.File("elsewhere")))
        {
            var ex = await Assert.ThrowsAsync<Storage.SampleBusyException>(() => Run(options));
            Assert.Contains($"another quickstart run is using the database '{options.DatabasePath}'", ex.Message, System.StringComparison.Ordinal);
        }

        using (Storage.SampleLock.Acquire(_temp.File("other.db"), options.OutboxPath))
        {
            var ex = await Assert.ThrowsAsync<Storage.SampleBusyException>(() => Run(options));
            Assert.Contains($"another quickstart run is using the outbox '{options.OutboxPath}'", ex.Message, System.StringComparison.Ordinal);
        }

        var result = await Run(options); // released: the run goes ahead
        Assert.Equal((0, 0), (result.FirstDay, result.LastDay));
    }

    [Fact]
    public async Task RunAsync_EachRun_OwnWorkerId()
    {
        var options = Options("workers", days: 2);
        await Run(options);
        await Run(options);

        var workers = Rows("workers", "SELECT DISTINCT worker_id FROM journal ORDER BY worker_id");
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.StartsWith($"quickstart@{System.Environment.MachineName}:{System.Environment.ProcessId}:", w, System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Through_StopsOnThatDayAndDoesNothingOnceThere()
    {
        var options = Options("through", days: 1) with { Through = Simulation.DefaultStartDate.PlusDays(4) };
        var first = await Run(options);
        var again = await Run(options);

        Assert.Equal((0, 4), (first.FirstDay, first.LastDay));
        Assert.Equal((5, 4), (again.FirstDay, again.LastDay)); // nothing left to simulate
        var early = await Assert.ThrowsAsync<SampleUsageException>(() => Run(options with { Through = Simulation.DefaultStartDate.PlusDays(-1) }));
        Assert.Equal("option --through must be a date from 2025-12-01 to 2035-12-03 for this database (was 2025-11-30).", early.Message);
    }

    [Fact]
    public async Task RunAsync_ThroughPastTheRateTables_RefusedBeforeSimulatingNamingTheTableAndItsLastDay()
    {
        // Colombia's certified interés bancario corriente is bundled up to 2026-03-31 (ReferenceRateTables): a day after
        // it cannot be simulated without guessing a rate. Before, the run went ahead and failed every Colombian account.
        var options = Options("past", days: 1) with { Through = new LocalDate(2026, 4, 1) };
        var ex = await Assert.ThrowsAsync<SampleUsageException>(() => Run(options));

        Assert.Equal(
            "option --through 2026-04-01 is after 2026-03-31, the last day the bundled reference-rate table CO-IBC-CONSUMO-ORDINARIO (Colombia: interés bancario corriente, crédito de consumo y ordinario (effective annual)) covers: late interest after it cannot be computed (the library never guesses a rate). Give --through 2026-03-31 or an earlier date.",
            ex.Message);
        Assert.Equal(["-1"], Rows("past", "SELECT value FROM meta WHERE key = 'day_reached'")); // nothing simulated
    }

    [Fact]
    public async Task Audit_AfterARun_NoProblems_AMissingFileReported()
    {
        var options = Options("audited", days: 5);
        await Run(options);
        using var lines = new StringWriter();
        using var problems = new StringWriter();
        Assert.Equal(0, SampleAudit.Run(options, lines, problems));
        Assert.Empty(problems.ToString());
        Assert.Contains("\noutbox ", lines.ToString(), System.StringComparison.Ordinal);

        var file = Directory.GetFiles(options.OutboxPath, "*.eml").Order(System.StringComparer.Ordinal).First();
        File.Delete(file);
        using var after = new StringWriter();
        Assert.Equal(1, SampleAudit.Run(options, TextWriter.Null, after));
        Assert.Contains("but no .eml file carries that key", after.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TenDays_WritesOneFilePerDispatchedNotice()
    {
        var result = await Run(Options("count", days: 10));

        Assert.True(result.NoticesWritten > 0, "ten days over 30 customers send some notices");
        Assert.Equal(0, result.Poisoned);
        Assert.Equal(0, result.AccountFailures);
        Assert.Equal(result.NoticesWritten, Outbox("count").Count);
        var references = Rows("count", "SELECT reference FROM journal WHERE reference LIKE 'eml:%' AND state = 1");
        Assert.Equal(Outbox("count"), references.Select(r => r[4..]).OrderBy(r => r, System.StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task RunAsync_OtherSeedOnExistingDatabase_RefusesWithReason()
    {
        await Run(Options("seeded", days: 1));
        var ex = await Assert.ThrowsAsync<SampleUsageException>(() => Run(Options("seeded", days: 1) with { Seed = 99 }));
        Assert.Contains("was seeded with --seed 20251201, not 99", ex.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Reset_StartsOver()
    {
        await Run(Options("reset", days: 3));
        var again = await Run(Options("reset", days: 2) with { Reset = true });
        Assert.Equal((0, 1), (again.FirstDay, again.LastDay));
    }

    private const string PaymentsSql = "SELECT p.reference || ' ' || p.amount || ' ' || a.item_id || ' ' || a.fees || ' ' || a.interest || ' ' || a.principal FROM payments p JOIN allocations a ON a.reference = p.reference ORDER BY p.reference, a.item_id";
    private const string ChargesSql = "SELECT account_id || ' ' || charge_key || ' ' || amount || ' ' || charged_on FROM charges ORDER BY account_id, charge_key";
    private const string ItemsSql = "SELECT item_id || ' ' || principal_paid || ' ' || interest_charged || ' ' || interest_paid || ' ' || fees_charged || ' ' || fees_paid || ' ' || IFNULL(settled_on, '-') FROM items ORDER BY item_id";

    public void Dispose() => _temp.Dispose();

    private SampleOptions Options(string name, int days) => new()
    {
        Days = days,
        Customers = 30,
        DatabasePath = _temp.File(name + ".db"),
        OutboxPath = _temp.File(name + "-outbox"),
    };

    private static async Task<SimulationResult> Run(SampleOptions options)
    {
        using var output = new StringWriter();
        return await new Simulation(options, output).RunAsync(CancellationToken.None);
    }

    private List<string> Outbox(string name)
        => Directory.GetFiles(_temp.File(name + "-outbox"), "*.eml").Select(Path.GetFileName).OrderBy(f => f, System.StringComparer.Ordinal).ToList()!;

    private List<string> Journal(string name)
        => Rows(name, "SELECT idempotency_key || ' ' || state || ' ' || attempts || ' ' || IFNULL(reference, '') FROM journal ORDER BY idempotency_key");

    private void SetMeta(string name, string key, string value) => new SampleDatabase(_temp.File(name + ".db")).SetMeta(key, value);

    private void Execute(string name, string sql)
    {
        using var connection = new SampleDatabase(_temp.File(name + ".db")).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private List<string> Rows(string name, string sql)
    {
        var database = new SampleDatabase(_temp.File(name + ".db"));
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
