using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using NodaTime;
using Xunit;

namespace Cobranza.Testing.Conformance;

/// <summary>
/// The conformance suite of an <see cref="ICollectionJournal"/> adapter: inherit it in a test project and implement
/// <see cref="CreateJournalAsync(IClock)"/> (a fresh, empty, isolated journal whose own clock is the one given). It proves claim
/// atomicity under concurrency, completion and idempotency, leases measured by the journal's clock and take-over,
/// renewal, retry scheduling, the pending list and the history — and, with the real runner, no double dispatch when
/// runs overlap, outlive their lease or run on skewed clocks.
/// </summary>
public abstract partial class CollectionJournalConformanceTests
{
    /// <summary>The instant the tests claim at.</summary>
    protected static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 6, 0);

    private static readonly Duration Lease = Duration.FromMinutes(10);

    /// <summary>
    /// Creates a fresh, empty journal that measures leases by <paramref name="clock"/> — the journal's own clock (a
    /// database adapter normally reads the server's clock; give it a way to read this one in tests).
    /// </summary>
    /// <param name="clock">The journal's clock.</param>
    /// <returns>The journal.</returns>
    protected abstract Task<ICollectionJournal> CreateJournalAsync(IClock clock);

    private Task<ICollectionJournal> CreateJournalAsync() => CreateJournalAsync(new ManualClock(Now)); // for the tests that do not move the clock

    /// <summary>A new key is claimed for attempt 1.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_NewKey_ClaimedForFirstAttempt()
    {
        var journal = await CreateJournalAsync();
        var result = await journal.ClaimAsync(new ClaimRequest(TestData.Decision("A", decidedAt: Now), "w1", Now, Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, result.Status);
        Assert.Equal(1, result.Attempt);
        Assert.Null(result.Outcome);
    }

    /// <summary>Of many concurrent claims of one key, exactly one wins, for every key.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_ConcurrentSameKey_ExactlyOneClaims()
    {
        var journal = await CreateJournalAsync();
        var decisions = Enumerable.Range(0, 20).Select(i => TestData.Decision($"A{i}", decidedAt: Now)).ToArray();
        var attempts = decisions.SelectMany(d => Enumerable.Range(0, 16).Select(w => (d, w))).ToArray();
        var winners = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (a, ct) =>
        {
            var r = await journal.ClaimAsync(new ClaimRequest(a.d, $"w{a.w}", Now, Lease), ct);
            if (r.IsClaimed)
            {
                winners.Add(a.d.IdempotencyKey);
            }
            else
            {
                Assert.Equal(ClaimStatus.InFlight, r.Status);
            }
        });
        Assert.Equal(decisions.Select(d => d.IdempotencyKey).OrderBy(k => k, StringComparer.Ordinal), winners.OrderBy(k => k, StringComparer.Ordinal));
    }

    /// <summary>A dispatched, skipped or poisoned key is never claimed again, even much later.</summary>
    /// <param name="outcome">The completed outcome.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(DecisionOutcome.Dispatched)]
    [InlineData(DecisionOutcome.Skipped)]
    [InlineData(DecisionOutcome.Poisoned)]
    public async Task Claim_Completed_AlreadyCompleted(DecisionOutcome outcome)
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        var decision = TestData.Decision("A", decidedAt: Now);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None);
        var record = outcome switch
        {
            DecisionOutcome.Dispatched => DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", 1, Now, "msg-1"),
            DecisionOutcome.Skipped => DispatchRecord.Skipped(decision.IdempotencyKey, "w1", 1, Now, "no longer relevant"),
            _ => DispatchRecord.Poisoned(decision.IdempotencyKey, "w1", 1, Now, "bad address"),
        };
        Assert.True(await journal.RecordAsync(record, CancellationToken.None));
        clock.Advance(Duration.FromDays(30));
        var again = await journal.ClaimAsync(new ClaimRequest(decision, "w2", Now + Duration.FromDays(30), Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.AlreadyCompleted, again.Status);
        Assert.Equal(outcome, again.Outcome);
    }

    /// <summary>A claim holds until its lease expires; then another worker takes it over with the next attempt number, and the first worker can no longer record.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_LeaseExpired_TakenOverAndOldWorkerRefused()
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        var decision = TestData.Decision("A", decidedAt: Now);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None);
        clock.Advance(Lease - Duration.FromTicks(1));
        var during = await journal.ClaimAsync(new ClaimRequest(decision, "w2", Now + Lease - Duration.FromTicks(1), Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.InFlight, during.Status);
        clock.Advance(Duration.FromTicks(1));
        var after = await journal.ClaimAsync(new ClaimRequest(decision, "w2", Now + Lease, Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, after.Status);
        Assert.Equal(2, after.Attempt);
        Assert.Equal(DecisionOutcome.Claimed, after.Outcome);
        Assert.False(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", 1, Now + Lease, "late"), CancellationToken.None));
        Assert.True(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w2", 2, Now + Lease, "msg-2"), CancellationToken.None));
    }

    /// <summary>Recording twice is refused the second time and leaves the first outcome (idempotency).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Record_Twice_SecondRefused()
    {
        var journal = await CreateJournalAsync();
        var decision = TestData.Decision("A", decidedAt: Now);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None);
        Assert.True(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", 1, Now, "msg-1"), CancellationToken.None));
        Assert.False(await journal.RecordAsync(DispatchRecord.Failed(decision.IdempotencyKey, "w1", 1, Now, "boom", Now + Duration.FromHours(1)), CancellationToken.None));
        var history = await journal.GetHistoryAsync("A", CancellationToken.None);
        Assert.Equal(DecisionOutcome.Dispatched, Assert.Single(history.Entries).Outcome);
    }

    /// <summary>A recorded outcome for a key never claimed is refused.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Record_Unclaimed_Refused()
    {
        var journal = await CreateJournalAsync();
        Assert.False(await journal.RecordAsync(DispatchRecord.Dispatched("never|claimed", "w1", 1, Now, "msg"), CancellationToken.None));
    }

    /// <summary>A failed key is not claimable before its retry instant and is claimable at it, with the next attempt number.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_Failed_RetryOnlyWhenDue()
    {
        var journal = await CreateJournalAsync();
        var decision = TestData.Decision("A", decidedAt: Now);
        var retryAt = Now + Duration.FromHours(1);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None);
        Assert.True(await journal.RecordAsync(DispatchRecord.Failed(decision.IdempotencyKey, "w1", 1, Now, "smtp 451", retryAt), CancellationToken.None));
        var early = await journal.ClaimAsync(new ClaimRequest(decision, "w1", retryAt - Duration.FromTicks(1), Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.RetryNotDue, early.Status);
        var due = await journal.ClaimAsync(new ClaimRequest(decision, "w1", retryAt, Lease), CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, due.Status);
        Assert.Equal(2, due.Attempt);
        Assert.Equal(DecisionOutcome.Failed, due.Outcome);
    }

    /// <summary>The pending list holds failed keys whose retry is due and claims whose lease expired — nothing else — with the stored decision.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPending_DueRetriesAndStaleClaims_Only()
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        // Every field round-trips, the optional ones too: distinct amounts (principal, interest, fees, open balance), the postings of a charge
        // (one marked provisional), the provisional days of the interest (one with the carried value, one a host marked itself, exact rates)
        // and the settlement figures of a payment-event notice (every SettlementMeans flag; zeros with None).
        var failedDue = TestData.Decision(
            "F1", decidedAt: Now, promisedDate: new LocalDate(2026, 1, 30), principal: Money.Of(1210.5m, Currency.EUR), interest: Money.Of(3.17m, Currency.EUR),
            fees: Money.Of(40m, Currency.EUR), openBalance: Money.Of(2500.01m, Currency.EUR),
            charges: [LateCharge.Interest("F1-1", new LocalDate(2026, 2, 3), new LocalDate(2026, 2, 3), Money.Of(3.17m, Currency.EUR), "Intereses de demora") with { Provisional = true },
                LateCharge.Fee("FAC-1/EU-RECOVERY-40", "F1-1", new LocalDate(2026, 2, 3), Money.Of(40m, Currency.EUR), "Indemnización por costes de cobro (40 EUR)")],
            provisionalInterest: [
                new(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), 0.1015m, new Cobranza.Core.Interest.CarriedReferenceRate("ES-LATE-COMMERCIAL", 0.1015m, new LocalDate(2025, 7, 1), new LocalDate(2025, 12, 31))),
                new(new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 3), 0.12345678m, null)],
            settlement: new SettlementFigures(SettlementMeans.Payment | SettlementMeans.CreditNote | SettlementMeans.AppliedCredit,
                Money.Of(300.1m, Currency.EUR), Money.Of(500.00m, Currency.EUR), Money.Of(2500.01m, Currency.EUR)));
        var failedLater = TestData.Decision("F2", decidedAt: Now);
        // A payment-event notice that acknowledges nothing paid or credited (a suspension lifted within the tolerance): zeros, not "none".
        var stale = TestData.Decision("S1", decidedAt: Now,
            settlement: new SettlementFigures(SettlementMeans.None, Money.Zero(Currency.EUR), Money.Zero(Currency.EUR), Money.Of(100m, Currency.EUR)));
        var done = TestData.Decision("D1", decidedAt: Now);
        foreach (var d in new[] { failedDue, failedLater, stale, done })
        {
            await journal.ClaimAsync(new ClaimRequest(d, "w1", Now, Lease), CancellationToken.None);
        }

        await journal.RecordAsync(DispatchRecord.Failed(failedDue.IdempotencyKey, "w1", 1, Now, "e1", Now + Duration.FromMinutes(5)), CancellationToken.None);
        await journal.RecordAsync(DispatchRecord.Failed(failedLater.IdempotencyKey, "w1", 1, Now, "e2", Now + Duration.FromDays(1)), CancellationToken.None);
        await journal.RecordAsync(DispatchRecord.Dispatched(done.IdempotencyKey, "w1", 1, Now, "m"), CancellationToken.None);

        clock.Advance(Lease);
        var pending = await journal.GetPendingAsync(Now + Lease, Partition.All, 100, CancellationToken.None);
        Assert.Equal(
            new[] { failedDue.IdempotencyKey, stale.IdempotencyKey }.OrderBy(k => k, StringComparer.Ordinal),
            pending.Select(p => p.Decision.IdempotencyKey).OrderBy(k => k, StringComparer.Ordinal));
        var failed = pending.Single(p => p.Decision.IdempotencyKey == failedDue.IdempotencyKey);
        Assert.Equal(DecisionOutcome.Failed, failed.State);
        Assert.Equal("e1", failed.LastError);
        Assert.Equal(failedDue, failed.Decision);
        Assert.Equal(DecisionOutcome.Claimed, pending.Single(p => p.Decision.IdempotencyKey == stale.IdempotencyKey).State);
        Assert.Equal(stale, pending.Single(p => p.Decision.IdempotencyKey == stale.IdempotencyKey).Decision);
        Assert.Equal(failedDue.Settlement!.SettledBy, failed.Decision.Settlement!.SettledBy);
        Assert.Single(await journal.GetPendingAsync(Now + Lease, Partition.All, 1, CancellationToken.None));
    }

    /// <summary>The pending list of a partition holds only its accounts.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetPending_Partition_OnlyItsAccounts()
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        var decisions = Enumerable.Range(0, 30).Select(i => TestData.Decision($"P{i}", decidedAt: Now)).ToArray();
        foreach (var d in decisions)
        {
            await journal.ClaimAsync(new ClaimRequest(d, "w1", Now, Lease), CancellationToken.None);
        }

        clock.Advance(Lease);

        var total = 0;
        for (int i = 0; i < 2; i++)
        {
            var partition = new Partition(i, 2);
            var pending = await journal.GetPendingAsync(Now + Lease, partition, 100, CancellationToken.None);
            Assert.All(pending, p => Assert.True(partition.Contains(p.Decision.AccountId)));
            total += pending.Count;
        }

        Assert.Equal(decisions.Length, total);
    }

    /// <summary>The history of an account lists its keys only, with their latest outcome and attempts.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetHistory_Account_ItsKeysWithLatestOutcome()
    {
        var journal = await CreateJournalAsync();
        var first = TestData.Decision("A", stageId: "due-today", decidedAt: Now);
        var second = TestData.Decision("A", stageId: "firm", decidedAt: Now);
        var other = TestData.Decision("B", decidedAt: Now);
        foreach (var d in new[] { first, second, other })
        {
            await journal.ClaimAsync(new ClaimRequest(d, "w1", Now, Lease), CancellationToken.None);
        }

        await journal.RecordAsync(DispatchRecord.Dispatched(first.IdempotencyKey, "w1", 1, Now, "m1"), CancellationToken.None);
        var history = await journal.GetHistoryAsync("A", CancellationToken.None);
        Assert.Equal(2, history.Entries.Length);
        Assert.True(history.Contains(first.IdempotencyKey));
        Assert.True(history.Contains(second.IdempotencyKey));
        Assert.False(history.Contains(other.IdempotencyKey));
        Assert.Equal(DecisionOutcome.Dispatched, history.Entries.Single(e => e.IdempotencyKey == first.IdempotencyKey).Outcome);
        Assert.Equal(DecisionOutcome.Claimed, history.Entries.Single(e => e.IdempotencyKey == second.IdempotencyKey).Outcome);
        Assert.Empty((await journal.GetHistoryAsync("nobody", CancellationToken.None)).Entries);
    }
}
