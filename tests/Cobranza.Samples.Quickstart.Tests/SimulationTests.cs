using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Samples.Quickstart.Storage;

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
