using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Running;

public sealed class CollectionRunnerTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 6, 0);

    /// <summary>A scripted engine: one "firm" notice per overdue account, never repeated once in the history; wake up daily.</summary>
    private static EvaluationResult FirmNotice(CustomerAccount account, CollectionHistory history, Instant at)
    {
        if (account.OverdueOn(at.InUtc().Date).Amount == 0m)
        {
            return new EvaluationResult(ImmutableArray<EscalationDecision>.Empty, null);
        }

        var decision = TestData.Decision(account.Id, "firm", decidedAt: at, principal: account.OverdueOn(at.InUtc().Date));
        return new EvaluationResult(history.Contains(decision.IdempotencyKey) ? ImmutableArray<EscalationDecision>.Empty : [decision], at + Duration.FromDays(1));
    }

    private sealed class Harness
    {
        public Harness(int accounts, Func<CustomerAccount, CollectionHistory, Instant, EvaluationResult>? script = null, INotificationSender? sender = null, ICollectionJournal? journal = null, IReceivableStore? store = null, params IActionHandler[] handlers)
        {
            for (int i = 0; i < accounts; i++)
            {
                Store.Put(TestData.Account($"ACC-{i:D4}"), T0 - Duration.FromHours(i % 5));
            }

            Runner = new CollectionRunner(
                store ?? Store,
                journal ?? Journal,
                new DelegateAccountEvaluator(script ?? FirmNotice),
                new PlainTextNoticeRenderer(),
                sender ?? Sender,
                handlers,
                new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/")),
                Telemetry);
        }

        public InMemoryReceivableStore Store { get; } = new();

        public InMemoryCollectionJournal Journal { get; } = new();

        public InMemoryNotificationSender Sender { get; } = new();

        public CobranzaTelemetry Telemetry { get; } = new();

        public CollectionRunner Runner { get; }
    }

    [Fact]
    public async Task RunCycle_OverdueAccounts_OneNoticeEachRecordedAndWakeUpStored()
    {
        var h = new Harness(25);
        var summary = await h.Runner.RunCycleAsync(T0, RunOptions.Default with { PageSize = 7 });

        Assert.Equal(25, summary.AccountsEvaluated);
        Assert.Equal(25, summary.CountOf("firm", RunOutcome.Dispatched));
        Assert.Equal(25, h.Sender.Sent.Length);
        Assert.Equal(25, h.Sender.Sent.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.All(h.Journal.Snapshot(), e => Assert.Equal(DecisionOutcome.Dispatched, e.State));
        Assert.All(h.Sender.Sent, m => Assert.Contains("https://pay.example.com/" + m.Decision.AccountId, m.Content.Body, StringComparison.Ordinal));
        Assert.Equal(T0 + Duration.FromDays(1), h.Store.GetNextEvaluation("ACC-0003"));
        // 25 accounts × 100.00 EUR each (TestData.Account).
        Assert.Equal(Money.Of(2500m, Currency.EUR), Assert.Single(summary.Overdue));
    }

    [Fact]
    public async Task RunCycle_SecondRunSameDay_NothingDispatchedTwice()
    {
        var h = new Harness(10);
        await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        foreach (var e in h.Journal.Snapshot())
        {
            await h.Store.SaveNextEvaluationAsync(e.Decision.AccountId, T0, CancellationToken.None);
        }

        var second = await h.Runner.RunCycleAsync(T0 + Duration.FromHours(1), RunOptions.Default);
        Assert.Equal(10, second.AccountsEvaluated);
        Assert.Equal(0, second.CountOf(RunOutcome.Dispatched));
        Assert.Equal(10, h.Sender.Sent.Length);
    }

    [Fact]
    public async Task RunCycle_NotBeforeLater_DeferredAndWakeUpAtNotBefore()
    {
        var notBefore = T0 + Duration.FromHours(3);
        var h = new Harness(1, (a, hist, at) => new EvaluationResult([TestData.Decision(a.Id, decidedAt: at, notBefore: notBefore)], at + Duration.FromDays(1)));
        var summary = await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(1, summary.CountOf(RunOutcome.Deferred));
        Assert.Empty(h.Sender.Sent);
        Assert.Equal(0, h.Journal.Count);
        Assert.Equal(notBefore, h.Store.GetNextEvaluation("ACC-0000"));
    }

    [Fact]
    public async Task RunCycle_SenderAlwaysFails_RetriedWithBackoffThenPoisonedWithReason()
    {
        var failing = new FaultyNotificationSender(new InMemoryNotificationSender(), new FaultInjector(seed: 1, rate: 1.0, FaultKinds.Throw));
        var h = new Harness(1, sender: failing);
        var options = RunOptions.Default with { MaxAttempts = 3, RetryBaseDelay = Duration.FromMinutes(10), RetryMaxDelay = Duration.FromHours(1) };

        var first = await h.Runner.RunCycleAsync(T0, options);
        Assert.Equal(1, first.CountOf(RunOutcome.Failed));
        var entry = h.Journal.Snapshot().Single();
        Assert.Equal(DecisionOutcome.Failed, entry.State);
        Assert.Equal(T0 + Duration.FromMinutes(10), entry.RetryAt); // attempt 1 waits the base delay

        var early = await h.Runner.RunCycleAsync(T0 + Duration.FromMinutes(9), options);
        Assert.Equal(0, early.PendingResumed);

        var second = await h.Runner.RunCycleAsync(T0 + Duration.FromMinutes(10), options);
        Assert.Equal(1, second.PendingResumed);
        Assert.Equal(T0 + Duration.FromMinutes(10) + Duration.FromMinutes(20), h.Journal.Snapshot().Single().RetryAt); // attempt 2 waits 2× base

        var third = await h.Runner.RunCycleAsync(T0 + Duration.FromMinutes(30), options);
        var poisoned = Assert.Single(third.Poisoned);
        Assert.Equal(3, poisoned.Attempts);
        Assert.Contains("failed 3 times", poisoned.Reason, StringComparison.Ordinal);
        Assert.Contains("InjectedFaultException", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(DecisionOutcome.Poisoned, h.Journal.Snapshot().Single().State);

        var later = await h.Runner.RunCycleAsync(T0 + Duration.FromDays(3), options);
        Assert.Equal(0, later.PendingResumed);
    }

    [Fact]
    public async Task RunCycle_EvaluatorThrowsForOneAccount_OthersProcessedAndItStaysDue()
    {
        var h = new Harness(5, (a, hist, at) => a.Id == "ACC-0002" ? throw new InvalidOperationException("boom") : FirmNotice(a, hist, at));
        var summary = await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(4, summary.CountOf(RunOutcome.Dispatched));
        var failure = Assert.Single(summary.AccountFailures);
        Assert.Equal("ACC-0002", failure.AccountId);
        Assert.Equal("InvalidOperationException: boom", failure.Error);
        Assert.True(h.Store.GetNextEvaluation("ACC-0002") <= T0);
    }

    [Fact]
    public async Task RunCycle_ActionWithoutHandler_PoisonedWithReason()
    {
        var h = new Harness(1, (a, hist, at) => new EvaluationResult(
            hist.Entries.IsEmpty ? [TestData.Decision(a.Id, "suspend", EscalationActionKind.SuspendService, at)] : [], null));
        var summary = await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        var poisoned = Assert.Single(summary.Poisoned);
        Assert.Equal("no IActionHandler handles SuspendService (register one with UseActionHandler<T>())", poisoned.Reason);
    }

    [Fact]
    public async Task RunCycle_TaskAction_HandledWithRenderedTemplate()
    {
        var handler = new InMemoryActionHandler(EscalationActionKind.CreateTask);
        var h = new Harness(1, (a, hist, at) => new EvaluationResult(
            hist.Entries.IsEmpty ? [TestData.Decision(a.Id, "call", EscalationActionKind.CreateTask, at)] : [], null), handlers: handler);
        var summary = await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(1, summary.CountOf("call", RunOutcome.Dispatched));
        var request = Assert.Single(handler.Handled);
        Assert.Equal("task-call-customer", request.Content!.Subject);
        Assert.Empty(h.Sender.Sent);
        Assert.Equal("act-1", h.Journal.Snapshot().Single().Reference);
    }

    [Fact]
    public async Task RunCycle_ThreePartitions_EachAccountOnceOverall()
    {
        var h = new Harness(60);
        var summaries = new List<RunSummary>();
        for (int i = 0; i < 3; i++)
        {
            summaries.Add(await h.Runner.RunCycleAsync(T0, RunOptions.Default with { Partition = new Partition(i, 3), WorkerId = $"w{i}", PageSize = 8 }));
        }

        Assert.Equal(60, summaries.Sum(s => s.AccountsEvaluated));
        Assert.All(summaries, s => Assert.True(s.AccountsEvaluated > 0));
        Assert.Equal(60, h.Sender.Sent.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.Equal(60, h.Sender.Sent.Length);
    }

    [Fact]
    public async Task RunCycle_ConcurrentWorkersOnSamePortfolio_EachKeySentOnce()
    {
        var h = new Harness(200);
        var runs = Enumerable.Range(0, 4).Select(i => Task.Run(() => h.Runner.RunCycleAsync(T0, RunOptions.Default with { WorkerId = $"w{i}", PageSize = 16 }))).ToArray();
        var summaries = await Task.WhenAll(runs);
        Assert.Equal(200, h.Sender.Sent.Length);
        Assert.Equal(200, h.Sender.Sent.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.Equal(200, summaries.Sum(s => s.CountOf(RunOutcome.Dispatched)));
    }

    [Fact]
    public async Task RunCycle_CrashBeforeSendThenRestart_EverythingSentExactlyOnce()
    {
        using var crash = new CancellationTokenSource();
        var inner = new InMemoryNotificationSender();
        var crashing = new CrashingSender(inner, crashAfter: 17, crash);
        var h = new Harness(50, sender: crashing);
        var options = RunOptions.Default with { MaxDegreeOfParallelism = 3, PageSize = 10, Lease = Duration.FromMinutes(10) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Runner.RunCycleAsync(T0, options, crash.Token));

        // The crash stopped the run part-way. Up to MaxDegreeOfParallelism - 1 of the first 17 sends may still have been
        // in flight on other workers when the 18th cancelled the run, and the in-memory sender refuses a cancelled
        // send: so at least 15 arrived (a test run once saw 16), and not all 50.
        Assert.InRange(inner.Sent.Length, 17 - (options.MaxDegreeOfParallelism - 1), 49);

        // Restart after the lease: the interrupted claims are resumed from the journal, the rest are evaluated again.
        crashing.Disarm();
        var restart = await h.Runner.RunCycleAsync(T0 + Duration.FromMinutes(11), options);
        Assert.True(restart.PendingResumed > 0);
        Assert.Equal(50, inner.Sent.Length);
        Assert.Equal(50, inner.Sent.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.All(h.Journal.Snapshot(), e => Assert.Equal(DecisionOutcome.Dispatched, e.State));
    }

    [Fact]
    public async Task RunCycle_CrashAfterSendBeforeRecord_ResentOnceAfterLease_TheDocumentedAtLeastOnceWindow()
    {
        var inner = new InMemoryNotificationSender();
        var h = new Harness(1, sender: inner, journal: new RecordCrashJournal());
        var journal = new RecordCrashJournal();
        var runner = new CollectionRunner(h.Store, journal, new DelegateAccountEvaluator(FirmNotice), new PlainTextNoticeRenderer(), inner, []);
        var first = await runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Single(first.AccountFailures); // the record failed: the account is reported, the claim stays

        journal.Crash = false;
        var duringLease = await runner.RunCycleAsync(T0 + Duration.FromMinutes(5), RunOptions.Default);
        Assert.Equal(0, duringLease.PendingResumed); // the claim is held until its lease expires
        Assert.Equal(0, duringLease.CountOf(RunOutcome.Dispatched)); // and the engine does not repeat a key in the history
        Assert.Single(inner.Sent);

        // The lease runs from the moment of the claim (a little after T0, as the run's stopwatch measured it): expired by T0 + 11 min.
        await runner.RunCycleAsync(T0 + Duration.FromMinutes(11), RunOptions.Default);
        Assert.Equal(2, inner.Sent.Length);
        Assert.Equal(2, inner.CountOf(inner.Sent[0].IdempotencyKey));
        Assert.Equal(DecisionOutcome.Dispatched, journal.Inner.Snapshot().Single().State);
    }

    [Fact]
    public async Task RunCycle_InjectedFaultsEverywhere_EverythingEventuallyDispatchedOrPoisonedNeverTwice()
    {
        var faults = new FaultInjector(seed: 20260302, rate: 0.2, FaultKinds.Throw | FaultKinds.Timeout);
        var sender = new InMemoryNotificationSender();
        var h = new Harness(
            120,
            sender: new FaultyNotificationSender(sender, faults),
            journal: null,
            store: null);
        var store = new FaultyReceivableStore(h.Store, faults);
        // Faults everywhere except the journal's RecordAsync: a failed record after a successful send is the
        // documented at-least-once window (see the crash-after-send test), so it would legitimately resend.
        var journal = new FaultyCollectionJournal(h.Journal, faults) { FaultyOperations = JournalOperations.All & ~JournalOperations.Record };
        var runner = new CollectionRunner(store, journal, new DelegateAccountEvaluator(FirmNotice), new PlainTextNoticeRenderer(), new FaultyNotificationSender(sender, faults), []);
        var options = RunOptions.Default with { MaxAttempts = 4, RetryBaseDelay = Duration.FromMinutes(5), Lease = Duration.FromMinutes(5), PageSize = 13 };

        var at = T0;
        for (int run = 0; run < 12; run++)
        {
            await runner.RunCycleAsync(at, options);
            at += Duration.FromMinutes(30);
        }

        faults.Paused = true;
        await runner.RunCycleAsync(at, options);
        await runner.RunCycleAsync(at + Duration.FromHours(1), options);

        Assert.True(faults.Injected > 20, $"only {faults.Injected} faults were injected");
        var entries = h.Journal.Snapshot();
        Assert.Equal(120, entries.Length);
        Assert.All(entries, e => Assert.Contains(e.State, new[] { DecisionOutcome.Dispatched, DecisionOutcome.Poisoned }));
        Assert.All(sender.Sent.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));
        Assert.Equal(entries.Count(e => e.State == DecisionOutcome.Dispatched), sender.Sent.Length);
    }

    [Fact]
    public async Task RunCycle_Meter_ReportsAccountsAndDecisions()
    {
        var h = new Harness(3);
        long evaluated = 0, decisions = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, h.Telemetry.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (instrument.Name == "cobranza.accounts.evaluated")
            {
                Interlocked.Add(ref evaluated, value);
            }
            else if (instrument.Name == "cobranza.decisions")
            {
                Interlocked.Add(ref decisions, value);
            }
        });
        listener.Start();
        await h.Runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal("Cobranza", h.Telemetry.Meter.Name);
        Assert.Equal(3, evaluated);
        Assert.Equal(3, decisions);
    }

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(7, 960)]
    [InlineData(8, 1440)]
    [InlineData(50, 1440)]
    public void RetryDelayAfter_Attempt_DoublesFromBaseUpToMax(int attempt, int minutes)
        => Assert.Equal(Duration.FromMinutes(minutes), RunOptions.Default.RetryDelayAfter(attempt)); // defaults: 15 min base, 1 day cap

    [Fact]
    public void RunOptions_BadValues_ThrowNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RunOptions.Default with { PageSize = 0 });
        Assert.Contains("(was 0)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RunOptions.Default with { Lease = Duration.Zero });
        Assert.Throws<ArgumentException>(() => RunOptions.Default with { WorkerId = " " });
    }

    /// <summary>Sends until a count, then cancels the run's token and throws as if the process died before sending.</summary>
    private sealed class CrashingSender(INotificationSender inner, int crashAfter, CancellationTokenSource crash) : INotificationSender
    {
        private int _sent;
        private bool _armed = true;

        public void Disarm() => _armed = false;

        public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            if (_armed && Interlocked.Increment(ref _sent) > crashAfter)
            {
                crash.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return inner.SendAsync(message, cancellationToken);
        }
    }

    /// <summary>A journal whose RecordAsync fails (the process died after sending, before recording).</summary>
    private sealed class RecordCrashJournal : ICollectionJournal
    {
        public InMemoryCollectionJournal Inner { get; } = new();

        public bool Crash { get; set; } = true;

        public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken) => Inner.GetHistoryAsync(accountId, cancellationToken);

        public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken) => Inner.ClaimAsync(request, cancellationToken);

        public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
            => Crash ? throw new InvalidOperationException("process died") : Inner.RecordAsync(record, cancellationToken);

        public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken) => Inner.RenewAsync(renewal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
            => Inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
    }
}

public sealed class RunSummaryAmountsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 6, 0);

    /// <summary>A 'final' decision stating <paramref name="interest"/> and <paramref name="fees"/>; a charge action also carries its postings (<paramref name="posted"/> of interest, the whole fee).</summary>
    private static EscalationDecision Final(string accountId, EscalationActionKind action, NotificationChannel? channel, string? template, Instant at, decimal interest, decimal fees, decimal posted = 0m)
    {
        var date = at.InUtc().Date;
        var eur = Currency.EUR;
        var charges = action switch
        {
            EscalationActionKind.ChargeLateInterest => ImmutableArray.Create(LateCharge.Interest(accountId + "-1", date, date, Money.Of(posted, eur), "Intereses de demora")),
            EscalationActionKind.ApplyLateFee => ImmutableArray.Create(LateCharge.Fee("F-1/EU-RECOVERY-40", accountId + "-1", date, Money.Of(fees, eur), "Indemnización por costes de cobro (40 EUR)")),
            _ => ImmutableArray<LateCharge>.Empty,
        };
        return new($"cobranza-default|final|{action}|{(channel is { } c ? c.ToString() : "-")}|{accountId}|1", accountId, "cobranza-default", 1, "final", action, EscalationTone.Final,
            channel, template, Language.Spanish, ImmutableArray.Create(accountId + "-1"), Money.Of(100m, eur), Money.Of(interest, eur), Money.Of(fees, eur), Money.Of(100m + interest + fees, eur), 1, at, at, "final stage")
        {
            Charges = charges,
        };
    }

    [Fact]
    public async Task RunCycle_FinalStage_ChargesAndNoticeAmountsReportedSeparately()
    {
        // The 'final' stage (docs/escalation-keys: SendNotice notice-final, ChargeLateInterest, ApplyLateFee), each
        // decision stating the same interest 2.50 (1.00 posted earlier + 1.50 accrued, which the interest action posts)
        // and fees 40.00 (posted by the fee action); 3 accounts.
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < 3; i++)
        {
            store.Put(TestData.Account($"ACC-{i}"), T0);
        }

        var journal = new InMemoryCollectionJournal();
        var handler = new InMemoryActionHandler(EscalationActionKind.ChargeLateInterest, EscalationActionKind.ApplyLateFee);
        var runner = new CollectionRunner(
            store,
            journal,
            new DelegateAccountEvaluator((a, h, at) => new EvaluationResult(
                [
                    Final(a.Id, EscalationActionKind.SendNotice, NotificationChannel.Email, "notice-final", at, 2.5m, 40m),
                    Final(a.Id, EscalationActionKind.ChargeLateInterest, null, null, at, 2.5m, 40m, posted: 1.5m),
                    Final(a.Id, EscalationActionKind.ApplyLateFee, null, null, at, 2.5m, 40m),
                ],
                null)),
            new PlainTextNoticeRenderer(),
            new InMemoryNotificationSender(),
            [handler],
            new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/")),
            new CobranzaTelemetry());

        var summary = await runner.RunCycleAsync(T0, RunOptions.Default);

        Assert.Equal(9, summary.CountOf(RunOutcome.Dispatched));
        // What was posted: 3 interest postings of 1.50 (not the 2.50 stated, 1.00 of which was posted before) and 3 fees of 40.00.
        Assert.Equal(Money.Of(4.5m, Currency.EUR), Assert.Single(summary.InterestCharged));
        Assert.Equal(Money.Of(120m, Currency.EUR), Assert.Single(summary.FeesCharged));
        // 3 notices each stating 2.50 interest and 40.00 fees: reported, not charged.
        Assert.Equal(Money.Of(7.5m, Currency.EUR), Assert.Single(summary.InterestOnNotices));
        Assert.Equal(Money.Of(120m, Currency.EUR), Assert.Single(summary.FeesOnNotices));
    }

    [Fact]
    public async Task RunCycle_NoticeOnlyStage_NothingChargedButInterestReported()
    {
        var store = new InMemoryReceivableStore();
        store.Put(TestData.Account("ACC-0"), T0);
        var runner = new CollectionRunner(
            store,
            new InMemoryCollectionJournal(),
            new DelegateAccountEvaluator((a, h, at) => new EvaluationResult([Final(a.Id, EscalationActionKind.SendNotice, NotificationChannel.Email, "reminder-firm", at, 2.25m, 0m)], null)),
            new PlainTextNoticeRenderer(),
            new InMemoryNotificationSender(),
            [],
            new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/")),
            new CobranzaTelemetry());

        var summary = await runner.RunCycleAsync(T0, RunOptions.Default);

        Assert.Empty(summary.InterestCharged);
        Assert.Empty(summary.FeesCharged);
        Assert.Equal(Money.Of(2.25m, Currency.EUR), Assert.Single(summary.InterestOnNotices));
        Assert.Equal(Money.Zero(Currency.EUR), Assert.Single(summary.FeesOnNotices));
    }
}

public sealed class DeliverTwiceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 6, 0);

    [Fact]
    public async Task RecordAsync_DeliveredTwice_ReturnsTheFirstAnswer()
    {
        var inner = new InMemoryCollectionJournal();
        var journal = new FaultyCollectionJournal(inner, new FaultInjector(seed: 7, rate: 1.0, FaultKinds.DeliverTwice)) { FaultyOperations = JournalOperations.Record };
        var decision = TestData.Decision("ACC-1", decidedAt: T0);
        var claim = await journal.ClaimAsync(new ClaimRequest(decision, "w1", T0, Duration.FromMinutes(10)), CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, claim.Status);

        bool recorded = await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", claim.Attempt, T0, "msg-1"), CancellationToken.None);

        // The inner journal accepts the first record and refuses the duplicate; the caller must see the acceptance.
        Assert.True(recorded);
        Assert.Equal(DecisionOutcome.Dispatched, inner.Snapshot().Single().State);
    }

    [Fact]
    public async Task RunCycle_RecordDeliveredTwice_CountedDispatchedNotClaimLost()
    {
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < 5; i++)
        {
            store.Put(TestData.Account($"ACC-{i}"), T0);
        }

        var inner = new InMemoryCollectionJournal();
        var journal = new FaultyCollectionJournal(inner, new FaultInjector(seed: 7, rate: 1.0, FaultKinds.DeliverTwice)) { FaultyOperations = JournalOperations.Record };
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(
            store,
            journal,
            new DelegateAccountEvaluator((a, h, at) => new EvaluationResult([TestData.Decision(a.Id, decidedAt: at)], null)),
            new PlainTextNoticeRenderer(),
            sender,
            [],
            new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/")),
            new CobranzaTelemetry());

        var summary = await runner.RunCycleAsync(T0, RunOptions.Default);

        Assert.Equal(5, summary.CountOf(RunOutcome.Dispatched));
        Assert.Equal(0, summary.CountOf(RunOutcome.ClaimLost));
        Assert.Equal(5, sender.Sent.Length);
        Assert.All(inner.Snapshot(), e => Assert.Equal(DecisionOutcome.Dispatched, e.State));
    }
}
