using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Installments;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 14 §2: a failed notice retried (or a claim taken over) after the host recorded a legal hold, a dispute, a
/// promise to pay, a payment plan or a 90 % payment was sent anyway (5 of 5), and retries ignored quiet hours. A
/// pending decision is now dispatched only if the engine, evaluated again at the retry's instant, still makes it.
/// </summary>
public sealed class Issue14RetryRecheckTests
{
    // An invoice of 1,000.00 EUR due Friday 2026-02-27 (UTC customer). Monday 2026-03-02 10:00 UTC is due + 3 days:
    // the default policy's "firm" stage (EscalationPolicies.CreateDefault: firm = 3, notice "reminder-firm").
    private static readonly LocalDate Due = new(2026, 2, 27);
    private static readonly Instant FirstRun = Instant.FromUtc(2026, 3, 2, 10, 0);
    private static readonly Instant RetryRun = Instant.FromUtc(2026, 3, 3, 10, 0);
    private static readonly LocalDate EventDay = new(2026, 3, 2);

    private sealed class Setup
    {
        public Setup()
        {
            Store.Put(TestData.Account("ACC-1", Due, Money.Of(1000m, Currency.EUR)), FirstRun);
            Runner = new CollectionRunner(Store, Journal, new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
                new PlainTextNoticeRenderer(), Sender, [Handler]);
        }

        public InMemoryReceivableStore Store { get; } = new();

        public InMemoryCollectionJournal Journal { get; } = new();

        public FailFirstSender Sender { get; } = new();

        public InMemoryActionHandler Handler { get; } = new();

        public CollectionRunner Runner { get; }

        public static RunOptions Options => RunOptions.Default with { RetryBaseDelay = Duration.FromMinutes(15) };

        public async Task<string> FailFirmNoticeAsync()
        {
            await Runner.RunCycleAsync(FirstRun, Options);
            var failed = Assert.Single(Journal.Snapshot(), e => e.Decision.StageId == "firm" && e.Decision.Action == EscalationActionKind.SendNotice);
            Assert.Equal(DecisionOutcome.Failed, failed.State);
            return failed.Decision.IdempotencyKey;
        }

        public void Apply(AccountEvent e, Instant dueAt)
        {
            var account = Store.LoadAccountAsync("ACC-1", CancellationToken.None).AsTask().Result!;
            Store.Update(Ledger.Apply(account, e), dueAt);
        }
    }

    /// <summary>A sender whose first send fails (a provider outage); later sends succeed and are kept.</summary>
    private sealed class FailFirstSender : INotificationSender
    {
        private int _calls;

        public InMemoryNotificationSender Inner { get; } = new();

        public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
            => Interlocked.Increment(ref _calls) == 1 ? throw new TimeoutException("smtp 421 try again later") : Inner.SendAsync(message, cancellationToken);
    }

    [Fact]
    public async Task Retry_NothingChanged_FirmNoticeSentOnRetry()
    {
        // The control case: without a change the retry is sent (so the cases below can fail).
        var s = new Setup();
        var key = await s.FailFirmNoticeAsync();
        var retry = await s.Runner.RunCycleAsync(RetryRun, Setup.Options);
        Assert.Equal(1, retry.PendingResumed);
        Assert.Equal(1, s.Sender.Inner.CountOf(key));
        Assert.Equal(DecisionOutcome.Dispatched, s.Journal.Find(key)!.State);
    }

    public static TheoryData<string> Changes => new() { "legal-hold", "dispute", "promise", "plan", "excluded", "enforcement-off" };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Retry_AfterSuspendingChange_SkippedWithReasonNotSent(string change)
    {
        var s = new Setup();
        var key = await s.FailFirmNoticeAsync();
        // The host records the change the same day (and makes the account due at the retry, as hosts do).
        s.Apply(Change(change), RetryRun);

        var retry = await s.Runner.RunCycleAsync(RetryRun, Setup.Options);

        Assert.Equal(0, s.Sender.Inner.CountOf(key));
        var entry = s.Journal.Find(key)!;
        Assert.Equal(DecisionOutcome.Skipped, entry.State);
        Assert.Contains("no longer decides", entry.Error, StringComparison.Ordinal);
        Assert.Contains(ExpectedFact(change), entry.Error, StringComparison.Ordinal);
        Assert.True(retry.CountOf(RunOutcome.Skipped) >= 1);
    }

    [Fact]
    public async Task Retry_After90PercentPayment_NeverStatesTheOldAmount()
    {
        // 900.00 of 1,000.00 EUR paid on 2026-03-02: 100.00 EUR remain overdue.
        var s = new Setup();
        var key = await s.FailFirmNoticeAsync();
        s.Apply(new PaymentReceived("PAY-1", EventDay, Money.Of(900m, Currency.EUR), AllocationStrategy.OldestDueFirst), RetryRun);

        await s.Runner.RunCycleAsync(RetryRun, Setup.Options);

        var entry = s.Journal.Find(key)!;
        Assert.NotEqual(DecisionOutcome.Failed, entry.State);
        foreach (var message in s.Sender.Inner.Sent.Where(m => m.IdempotencyKey == key))
        {
            Assert.Equal(Money.Of(100m, Currency.EUR), message.Decision.PrincipalAmount);
            Assert.DoesNotContain("1000.00 EUR", message.Content.Body, StringComparison.Ordinal);
        }

        if (entry.State == DecisionOutcome.Skipped)
        {
            Assert.Contains("overdue now 100.00 EUR, was 1000.00 EUR", entry.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Retry_DueInQuietHours_DeferredToTheSendWindow()
    {
        // The default quiet rules send from 09:00 to 18:00 local time (QuietRules.Default); the customer is in UTC.
        // First attempt at 17:50 fails; its retry is due at 18:05, outside the window.
        var s = new Setup();
        var first = Instant.FromUtc(2026, 3, 2, 17, 50);
        s.Store.Put(TestData.Account("ACC-1", Due, Money.Of(1000m, Currency.EUR)), first);
        await s.Runner.RunCycleAsync(first, Setup.Options);
        var key = Assert.Single(s.Journal.Snapshot(), e => e.Decision.StageId == "firm" && e.Decision.Action == EscalationActionKind.SendNotice).Decision.IdempotencyKey;

        var evening = await s.Runner.RunCycleAsync(Instant.FromUtc(2026, 3, 2, 18, 5), Setup.Options);
        Assert.Equal(0, s.Sender.Inner.CountOf(key));
        Assert.Equal(DecisionOutcome.Failed, s.Journal.Find(key)!.State);
        Assert.Equal(1, evening.CountOf(RunOutcome.Deferred));

        await s.Runner.RunCycleAsync(Instant.FromUtc(2026, 3, 3, 9, 0), Setup.Options);
        Assert.Equal(1, s.Sender.Inner.CountOf(key));
    }

    [Fact]
    public async Task TakeOver_AfterLegalHold_SkippedNotSent()
    {
        // A claim whose worker died (never recorded) is taken over after its lease: the same re-check applies.
        var s = new Setup();
        var account = await s.Store.LoadAccountAsync("ACC-1", CancellationToken.None);
        var decision = new EscalationEngine(BuiltInCalendarProvider.Instance).Evaluate(account!, CollectionHistory.Empty, EscalationPolicies.Default, FirstRun).Decisions
            .Single(d => d.StageId == "firm" && d.Action == EscalationActionKind.SendNotice);
        Assert.True((await s.Journal.ClaimAsync(new ClaimRequest(decision, "dead-worker", FirstRun, Duration.FromMinutes(10)), CancellationToken.None)).IsClaimed);
        s.Apply(Change("legal-hold"), RetryRun);

        await s.Runner.RunCycleAsync(RetryRun, Setup.Options);

        Assert.Equal(0, s.Sender.Inner.CountOf(decision.IdempotencyKey));
        Assert.Equal(DecisionOutcome.Skipped, s.Journal.Find(decision.IdempotencyKey)!.State);
    }

    [Fact]
    public async Task TakeOver_ServiceRestoredNoticeAfterTheRestoreWasRecorded_StillSent()
    {
        // The sample's kill -9 crash test: the run restoring service after payment in full recorded RestoreService,
        // claimed the service-restored notice and died. The re-check (evaluated without the notice's key) used to skip
        // the notice because the reversal was already recorded; the uninterrupted run sends it.
        var s = new Setup();
        var engine = new EscalationEngine(BuiltInCalendarProvider.Instance);
        var suspendedAt = Instant.FromUtc(2026, 3, 30, 10, 0); // due 2026-02-27 + 31 days: the default 'suspend' stage (+30)
        var account = (await s.Store.LoadAccountAsync("ACC-1", CancellationToken.None))!;
        var suspend = engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, suspendedAt).Decisions
            .Single(d => d.Action == EscalationActionKind.SuspendService);
        await ClaimAndRecordAsync(s.Journal, suspend, suspendedAt);

        var paidAt = Instant.FromUtc(2026, 3, 31, 10, 0);
        s.Apply(new PaymentReceived("PAY-1", new LocalDate(2026, 3, 31), Money.Of(1000m, Currency.EUR), AllocationStrategy.OldestDueFirst), paidAt);
        account = (await s.Store.LoadAccountAsync("ACC-1", CancellationToken.None))!;
        var decided = engine.Evaluate(account, await s.Journal.GetHistoryAsync("ACC-1", CancellationToken.None), EscalationPolicies.Default, paidAt).Decisions;
        var restore = decided.Single(d => d.Action == EscalationActionKind.RestoreService);
        var notice = decided.Single(d => d.StageId == EscalationEngine.ServiceRestoredStageId);
        await ClaimAndRecordAsync(s.Journal, restore, paidAt);
        Assert.True((await s.Journal.ClaimAsync(new ClaimRequest(notice, "dead-worker", paidAt, Duration.FromMinutes(10)), CancellationToken.None)).IsClaimed);

        var sender = new InMemoryNotificationSender(); // sends succeed: only the re-check decides
        var runner = new CollectionRunner(s.Store, s.Journal, new PolicyAccountEvaluator(engine, EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [s.Handler]);
        await runner.RunCycleAsync(paidAt.Plus(Duration.FromHours(1)), Setup.Options);

        Assert.Equal(DecisionOutcome.Dispatched, s.Journal.Find(notice.IdempotencyKey)!.State);
        Assert.Equal(1, sender.CountOf(notice.IdempotencyKey));
    }

    [Fact]
    public async Task TakeOver_FeeAlreadyPostedByTheDeadWorker_RecordedDispatchedAndPostedOnce()
    {
        // The sample's kill -9 crash test (seed 13): the worker posted the final stage's charge, then died before
        // recording it. The re-check (an engine that, here, states no late charges) used to record the charge Skipped
        // although the ledger held it; the uninterrupted run records it Dispatched. A charge whose postings the ledger
        // already holds is dispatched as it was: the ready handler posts nothing and returns the original result.
        // EUR 40: the recovery compensation of Ley 3/2004 art. 8.1.
        var s = new Setup();
        var fee = LateCharge.Fee("ACC-1-1/EU-RECOVERY-40", "ACC-1-1", EventDay, Money.Of(40m, Currency.EUR), "Indemnización por costes de cobro (40 EUR)");
        var decision = TestData.Decision("ACC-1", "final", EscalationActionKind.ApplyLateFee, decidedAt: FirstRun, fees: Money.Of(40m, Currency.EUR), charges: [fee]);
        var account = (await s.Store.LoadAccountAsync("ACC-1", CancellationToken.None))!;
        s.Store.Update(AccountFees.Post(account, decision.Charges).Account, RetryRun); // the dead worker's posting
        Assert.True((await s.Journal.ClaimAsync(new ClaimRequest(decision, "dead-worker", FirstRun, Duration.FromMinutes(10)), CancellationToken.None)).IsClaimed);

        var runner = new CollectionRunner(s.Store, s.Journal, new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), new InMemoryNotificationSender(), [new ApplyLateFeeHandler(s.Store)]);
        await runner.RunCycleAsync(RetryRun, Setup.Options);

        Assert.Equal(DecisionOutcome.Dispatched, s.Journal.Find(decision.IdempotencyKey)!.State);
        var after = (await s.Store.LoadAccountAsync("ACC-1", CancellationToken.None))!;
        Assert.Equal(Money.Of(40m, Currency.EUR), after.Items.Single(i => i.Id == "ACC-1-1").FeesCharged);
    }

    private static async Task ClaimAndRecordAsync(InMemoryCollectionJournal journal, EscalationDecision decision, Instant at)
    {
        Assert.True((await journal.ClaimAsync(new ClaimRequest(decision, "w1", at, Duration.FromMinutes(10)), CancellationToken.None)).IsClaimed);
        Assert.True(await journal.RecordAsync(DispatchRecord.Dispatched(decision.IdempotencyKey, "w1", 1, at, "ref"), CancellationToken.None));
    }

    private static AccountEvent Change(string change) => change switch
    {
        "legal-hold" => new LegalHoldSet(new LegalHold(EventDay, "insolvency proceedings (concurso de acreedores)")),
        "dispute" => new DisputeOpened("ACC-1-1", new ItemDispute(EventDay, "goods arrived damaged")),
        "promise" => new PromiseRecorded(new PaymentPromise("PR-1", EventDay, new LocalDate(2026, 3, 10), Money.Of(1000m, Currency.EUR), ImmutableArray<string>.Empty)),
        "plan" => new PlanStarted(new PlanEnrollment("PL-1", EventDay, ["ACC-1-1"], Plan(), false)),
        "excluded" => new ItemExcludedFromDunning("ACC-1-1", new DunningExclusion(EventDay, "written off for collection")), // issue 20 shape 5
        "enforcement-off" => new EnforcementTurnedOff(new EnforcementOff(EventDay, "negotiating a settlement")),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown change"),
    };

    private static string ExpectedFact(string change) => change switch
    {
        "legal-hold" => "legal hold since 2026-03-02",
        "dispute" => "item ACC-1-1 disputed since 2026-03-02",
        "promise" => "promise to pay 1000.00 EUR by 2026-03-10",
        "excluded" => "item ACC-1-1 excluded from dunning since 2026-03-02: written off for collection",
        "enforcement-off" => "dunning enforcement off since 2026-03-02: negotiating a settlement",
        _ => "payment plan 'PL-1' since 2026-03-02",
    };

    private static TrackedPlan Plan() => TrackedPlan.Start(new InstallmentPlanDefinition
    {
        Amount = Money.Of(1000m, Currency.EUR),
        StartDate = EventDay,
        FirstDueDate = new LocalDate(2026, 4, 2),
        InstallmentCount = 4,
    }.CreateSchedule(BuiltInCalendarProvider.Instance));
}
