using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.InMemory;
using NodaTime;
using Xunit;

namespace Cobranza.Testing.Conformance;

/// <summary>Leases measured by the journal's clock, renewal, and the runner over the journal: no double dispatch (issue 14 §3).</summary>
public abstract partial class CollectionJournalConformanceTests
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    /// <summary>A claim asked for with a stale run instant (the run started an hour ago) still gets a full lease from the journal's now.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_StaleRunInstant_LeaseRunsFromJournalClock()
    {
        var clock = new ManualClock(Now + Duration.FromHours(1));
        var journal = await CreateJournalAsync(clock);
        var decision = TestData.Decision("A", decidedAt: Now);
        Assert.True((await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None)).IsClaimed);
        clock.Advance(Minute);
        var other = await journal.ClaimAsync(new ClaimRequest(decision, "w2", clock.Now, Lease) { ClaimedAt = clock.Now }, CancellationToken.None);
        Assert.Equal(ClaimStatus.InFlight, other.Status);
        Assert.Empty(await journal.GetPendingAsync(clock.Now, Partition.All, 10, CancellationToken.None));
    }

    /// <summary>Workers whose clocks are half a lease behind and ahead of the journal's cannot take each other's claims early: the journal judges leases by its own clock.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Claim_WorkerClocksSkewedByHalfALease_JournalClockDecides()
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        var decision = TestData.Decision("A", decidedAt: Now);
        var half = Lease / 2;
        var behind = await journal.ClaimAsync(new ClaimRequest(decision, "behind", Now - half, Lease) { ClaimedAt = Now - half }, CancellationToken.None);
        Assert.True(behind.IsClaimed);
        clock.Advance(half + Minute); // 6 minutes after the grant; the ahead worker reads 11 minutes
        var ahead = await journal.ClaimAsync(new ClaimRequest(decision, "ahead", clock.Now + half, Lease) { ClaimedAt = clock.Now + half }, CancellationToken.None);
        Assert.Equal(ClaimStatus.InFlight, ahead.Status);
        Assert.Empty(await journal.GetPendingAsync(clock.Now + half, Partition.All, 10, CancellationToken.None));
        clock.Advance(half); // 11 minutes after the grant by the journal's clock: expired
        var later = await journal.ClaimAsync(new ClaimRequest(decision, "ahead", clock.Now + half, Lease) { ClaimedAt = clock.Now + half }, CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, later.Status);
        Assert.Equal(2, later.Attempt);
    }

    /// <summary>A held, unexpired claim is renewed from the journal's now; an expired, taken-over or completed one is not.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Renew_HeldClaim_ExtendsLease_OtherwiseRefused()
    {
        var clock = new ManualClock(Now);
        var journal = await CreateJournalAsync(clock);
        var decision = TestData.Decision("A", decidedAt: Now);
        string key = decision.IdempotencyKey;
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Lease), CancellationToken.None);
        clock.Advance(Duration.FromMinutes(9));
        Assert.False(await journal.RenewAsync(new ClaimRenewal(key, "w2", 1, clock.Now, Lease), CancellationToken.None));
        Assert.False(await journal.RenewAsync(new ClaimRenewal(key, "w1", 2, clock.Now, Lease), CancellationToken.None));
        Assert.True(await journal.RenewAsync(new ClaimRenewal(key, "w1", 1, clock.Now, Lease), CancellationToken.None));
        clock.Advance(Duration.FromMinutes(9)); // 18 minutes after the claim, 9 after the renewal
        Assert.Equal(ClaimStatus.InFlight, (await journal.ClaimAsync(new ClaimRequest(decision, "w2", clock.Now, Lease) { ClaimedAt = clock.Now }, CancellationToken.None)).Status);
        clock.Advance(Duration.FromMinutes(2)); // the renewed lease expired
        Assert.False(await journal.RenewAsync(new ClaimRenewal(key, "w1", 1, clock.Now, Lease), CancellationToken.None));
        var taken = await journal.ClaimAsync(new ClaimRequest(decision, "w2", clock.Now, Lease) { ClaimedAt = clock.Now }, CancellationToken.None);
        Assert.Equal(2, taken.Attempt);
        Assert.False(await journal.RenewAsync(new ClaimRenewal(key, "w1", 1, clock.Now, Lease), CancellationToken.None));
        Assert.True(await journal.RecordAsync(DispatchRecord.Dispatched(key, "w2", 2, clock.Now, "m"), CancellationToken.None));
        Assert.False(await journal.RenewAsync(new ClaimRenewal(key, "w2", 2, clock.Now, Lease), CancellationToken.None));
    }

    /// <summary>
    /// Two runs 11 minutes apart with a 10-minute lease: the first is slow (each send takes a minute of the shared
    /// clock) and is still sending when the second starts. No key reaches the provider twice.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Runner_TwoRuns11MinutesApart_NoDoubleDispatch()
    {
        var clock = new ManualClock(Now);
        var scenario = new LeaseScenario(await CreateJournalAsync(clock), clock, accounts: 20);
        scenario.Provider.OnSend = async sent =>
        {
            clock.Advance(Minute);
            if (sent == 11)
            {
                await scenario.RunAsync("cron-2", clock.Now); // 11 minutes after the first run's instant
            }
        };
        await scenario.RunAsync("cron-1", Now);
        scenario.AssertEachKeyOnce();
    }

    /// <summary>
    /// A run longer than its lease: after its claim, one account's payment link takes 11 minutes; meanwhile another
    /// run takes the expired claim over and dispatches. The first worker re-checks before sending and does not send.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Runner_RunLongerThanItsLease_NoDoubleDispatch()
    {
        var clock = new ManualClock(Now);
        var scenario = new LeaseScenario(await CreateJournalAsync(clock), clock, accounts: 5);
        scenario.Links.OnLink = async accountId =>
        {
            if (accountId == "L2" && scenario.Runs == 1)
            {
                clock.Advance(Duration.FromMinutes(11));
                await scenario.RunAsync("cron-2", clock.Now);
            }
        };
        var first = await scenario.RunAsync("cron-1", Now);
        scenario.AssertEachKeyOnce();
        Assert.Equal(1, first.CountOf(RunOutcome.ClaimLost));
    }

    /// <summary>
    /// Worker clocks skewed by half a lease: one worker's run instants are 5 minutes behind the journal's clock, the
    /// other's 5 minutes ahead; the second starts while the first is still sending (each send takes a minute).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Runner_WorkerClocksSkewedByHalfALease_NoDoubleDispatch()
    {
        var clock = new ManualClock(Now);
        var half = Lease / 2;
        var scenario = new LeaseScenario(await CreateJournalAsync(clock), clock, accounts: 20);
        scenario.Provider.OnSend = async sent =>
        {
            clock.Advance(Minute);
            if (sent == 6)
            {
                await scenario.RunAsync("ahead", clock.Now + half);
            }
        };
        await scenario.RunAsync("behind", Now - half);
        scenario.AssertEachKeyOnce();
    }

    /// <summary>Accounts, a scripted one-notice-per-account evaluator, and a provider that counts deliveries per key, over the journal under test.</summary>
    private sealed class LeaseScenario
    {
        private readonly InMemoryReceivableStore _store = new();
        private readonly ICollectionJournal _journal;
        private readonly ManualClock _clock;
        private readonly string[] _keys;
        private int _runs;

        public LeaseScenario(ICollectionJournal journal, ManualClock clock, int accounts)
        {
            _journal = journal;
            _clock = clock;
            var ids = Enumerable.Range(0, accounts).Select(i => "L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            foreach (var id in ids)
            {
                _store.Put(TestData.Account(id), Now - Duration.FromDays(1));
            }

            _keys = ids.Select(id => Notice(id, Now).IdempotencyKey).ToArray();
        }

        public CountingProvider Provider { get; } = new();

        public HookedLinks Links { get; } = new();

        public int Runs => Volatile.Read(ref _runs);

        public async Task<RunSummary> RunAsync(string workerId, Instant at)
        {
            Interlocked.Increment(ref _runs);
            var evaluator = new DelegateAccountEvaluator((account, history, instant) =>
            {
                var decision = Notice(account.Id, instant);
                return history.Contains(decision.IdempotencyKey)
                    ? new EvaluationResult(ImmutableArray<EscalationDecision>.Empty, null)
                    : new EvaluationResult(ImmutableArray.Create(decision), null);
            });
            var runner = new CollectionRunner(_store, _journal, evaluator, new PlainTextNoticeRenderer(), Provider, [], Links, timeProvider: _clock);
            var options = new RunOptions { WorkerId = workerId, Lease = Lease, MaxDegreeOfParallelism = 1, DispatchTimeout = null };
            return await runner.RunCycleAsync(at, options, CancellationToken.None);
        }

        public void AssertEachKeyOnce()
        {
            foreach (var key in _keys)
            {
                Assert.True(Provider.CountOf(key) == 1, $"key '{key}' reached the provider {Provider.CountOf(key)} time(s); expected exactly once");
            }
        }

        private static EscalationDecision Notice(string accountId, Instant at) => TestData.Decision(accountId, decidedAt: at);
    }

    /// <summary>A provider counting deliveries per idempotency key; <see cref="OnSend"/> runs after each delivery with the running total.</summary>
    private sealed class CountingProvider : INotificationSender
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private int _sent;

        public Func<int, Task>? OnSend { get; set; }

        public int CountOf(string key) => _counts.TryGetValue(key, out var n) ? n : 0;

        public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            _counts.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1);
            int sent = Interlocked.Increment(ref _sent);
            if (OnSend is { } hook)
            {
                await hook(sent);
            }

            return "msg-" + sent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A payment-link provider (called after the claim, before the send) with a hook per account.</summary>
    private sealed class HookedLinks : IPaymentLinkProvider
    {
        public Func<string, Task>? OnLink { get; set; }

        public async ValueTask<Uri?> GetPaymentLinkAsync(CustomerAccount account, EscalationDecision decision, CancellationToken cancellationToken)
        {
            if (OnLink is { } hook)
            {
                await hook(account.Id);
            }

            return new Uri("https://pay.example.com/" + account.Id);
        }
    }
}
