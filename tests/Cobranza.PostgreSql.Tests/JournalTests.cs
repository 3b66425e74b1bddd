using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Testing;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

/// <summary>What the conformance suite cannot see: the database clock, the stored forms, the history prefetch.</summary>
public sealed class JournalTests : DatabaseTestBase
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 6, 0);

    [Fact]
    public async Task Claim_DatabaseClock_WorkerClockSkewedByHoursCannotTakeOverLiveLease()
    {
        var journal = new PostgreSqlCollectionJournal(await NewDatabaseAsync("dbclock"));
        var decision = TestData.Decision("A");
        var first = await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Duration.FromSeconds(2)), default);
        Assert.Equal(ClaimStatus.Claimed, first.Status);

        // A worker whose clock says three hours later: with request-instant leases it would take the claim over.
        var skewed = await journal.ClaimAsync(new ClaimRequest(decision, "w2", Now + Duration.FromHours(3), Duration.FromSeconds(2)), default);
        Assert.Equal(ClaimStatus.InFlight, skewed.Status);
        Assert.Empty(await journal.GetPendingAsync(Now + Duration.FromHours(3), Partition.All, 10, default));

        // Once the database clock passes the lease, the claim is stale: listed as pending and taken over.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var pending = Assert.Single(await journal.GetPendingAsync(Now, Partition.All, 10, default));
        Assert.Equal(DecisionOutcome.Claimed, pending.State);
        var takeOver = await journal.ClaimAsync(new ClaimRequest(decision, "w2", Now, Duration.FromMinutes(10)), default);
        Assert.Equal(new ClaimResult(ClaimStatus.Claimed, 2, DecisionOutcome.Claimed), takeOver);
        Assert.False(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", 1, Now, "late"), default));
        Assert.True(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w2", 2, Now, "ok"), default));
    }

    [Fact]
    public async Task Claim_Stored_MoneyNumericExactEnumsAsNamesInstantsTimestamptz()
    {
        var database = await NewDatabaseAsync("forms");
        var journal = new PostgreSqlCollectionJournal(database);
        var decision = TestData.Decision("A", principal: Money.Of(1234.50m, Currency.EUR), promisedDate: new LocalDate(2026, 2, 20));
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Duration.FromMinutes(1)), default);
        await using var command = PostgresServer.DataSource.CreateCommand(
            $"SELECT action, tone, channel, state, principal_amount::text, pg_typeof(decided_at)::text, promised_date::text FROM \"{database.Options.Schema}\".journal");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(decision.Action.ToString(), reader.GetString(0));
        Assert.Equal(decision.Tone.ToString(), reader.GetString(1));
        Assert.Equal(decision.Channel!.Value.ToString(), reader.GetString(2));
        Assert.Equal("Claimed", reader.GetString(3));
        Assert.Equal("1234.50", reader.GetString(4)); // numeric keeps the scale: the cents as written
        Assert.Equal("timestamp with time zone", reader.GetString(5));
        Assert.Equal("2026-02-20", reader.GetString(6));
    }

    [Fact]
    public async Task GetPending_StoredDecision_EqualsClaimedFieldByField()
    {
        var journal = new PostgreSqlCollectionJournal(await NewDatabaseAsync("roundtrip", LeaseClock.Request));
        // Every amount distinct, and the postings of a charge (jsonb) round-trip too.
        var decision = TestData.Decision(
            "Ñandú-7", principal: Money.Of(98765.43m, Currency.EUR), promisedDate: new LocalDate(2026, 2, 1), interest: Money.Of(12.34m, Currency.EUR),
            fees: Money.Of(40m, Currency.EUR), openBalance: Money.Of(100000.01m, Currency.EUR),
            charges: [LateCharge.Interest("Ñandú-7-1", new LocalDate(2026, 2, 3), new LocalDate(2026, 2, 3), Money.Of(12.34m, Currency.EUR), "Intereses de demora")]);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Duration.FromMinutes(1)), default);
        var pending = Assert.Single(await journal.GetPendingAsync(Now + Duration.FromMinutes(2), Partition.All, 5, default));
        Assert.Equal(decision, pending.Decision);
    }

    [Fact]
    public async Task GetHistory_AfterOwnClaim_NotAnsweredFromThePagePrefetch()
    {
        var database = await NewDatabaseAsync("prefetch", LeaseClock.Request);
        var accounts = new PostgreSqlAccountStore(database);
        await Seeding.AddAsync(accounts, TestData.Account("A"));
        var store = new PostgreSqlReceivableStore(database, accounts);
        await store.SaveNextEvaluationAsync("A", Now, default);
        var journal = new PostgreSqlCollectionJournal(database);

        var page = await store.GetDueAccountsAsync(new DueAccountsQuery(Now, 10), default);
        Assert.NotNull(Assert.Single(page.Accounts).Snapshot);
        await journal.ClaimAsync(new ClaimRequest(TestData.Decision("A"), "w1", Now, Duration.FromMinutes(1)), default);

        var history = await journal.GetHistoryAsync("A", default);
        Assert.Single(history.Entries);
    }

    [Fact]
    public async Task Claim_SixtyFourConcurrentClaimantsFromSeparateConnections_ExactlyOneWins()
    {
        var journal = new PostgreSqlCollectionJournal(await NewDatabaseAsync("race"));
        var decisions = Enumerable.Range(0, 8).Select(i => TestData.Decision($"R{i}")).ToArray();
        using var start = new ManualResetEventSlim(false);
        var tasks = decisions.SelectMany(d => Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            start.Wait();
            return (d.IdempotencyKey, await journal.ClaimAsync(new ClaimRequest(d, $"w{w}", Now, Duration.FromMinutes(5)), default));
        }))).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);
        foreach (var group in results.GroupBy(r => r.IdempotencyKey))
        {
            Assert.Single(group, r => r.Item2.IsClaimed);
            Assert.All(group.Where(r => !r.Item2.IsClaimed), r => Assert.Equal(ClaimStatus.InFlight, r.Item2.Status));
        }
    }
}
