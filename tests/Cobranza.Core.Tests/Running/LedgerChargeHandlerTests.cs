using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Cobranza.Core.Tests.Running;

/// <summary>
/// The ready ledger handlers of the money actions (issue 15 §4): they post exactly the decision's
/// <see cref="EscalationDecision.Charges"/>, are idempotent by key and say what they posted.
/// </summary>
public sealed class LedgerChargeHandlerTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 6, 0);
    private static readonly LocalDate Day = new(2026, 3, 2);

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    // The figures are the decision's own (deliberately not what any preset would accrue on 100.00 EUR due 2026-01-31):
    // a handler that recomputed them would post something else.
    private static EscalationDecision InterestDecision(string accountId, decimal amount = 1.37m)
        => TestData.Decision(accountId, "final", EscalationActionKind.ChargeLateInterest, decidedAt: At, interest: Eur(amount),
            charges: ImmutableArray.Create(LateCharge.Interest(accountId + "-1", Day, Day, Eur(amount), "Intereses de demora")));

    private static EscalationDecision FeeDecision(string accountId, decimal amount = 40m)
        => TestData.Decision(accountId, "final", EscalationActionKind.ApplyLateFee, decidedAt: At, fees: Eur(amount),
            charges: ImmutableArray.Create(LateCharge.Fee($"INV-{accountId}/EU-RECOVERY-40", accountId + "-1", Day, Eur(amount), "Indemnización por costes de cobro (40 EUR)")));

    private static (InMemoryReceivableStore Store, CustomerAccount Account) Store(string accountId = "ACC-1")
    {
        var store = new InMemoryReceivableStore();
        var account = TestData.Account(accountId);
        store.Put(account, At);
        return (store, account);
    }

    private static CustomerAccount Stored(InMemoryReceivableStore store, string accountId)
        => store.LoadAccountAsync(accountId, CancellationToken.None).AsTask().Result!;

    [Fact]
    public async Task ChargeLateInterest_PostsExactlyTheDecisionsInterest_AndSaysSo()
    {
        var (store, account) = Store();
        var handler = new ChargeLateInterestHandler(store);

        var posting = await handler.PostAsync(new ActionRequest(InterestDecision("ACC-1"), account, null), CancellationToken.None);

        var charge = Assert.Single(Stored(store, "ACC-1").Charges);
        Assert.Equal((ChargeKind.Interest, Eur(1.37m), (LocalDate?)Day), (charge.Kind, charge.Amount, charge.Through));
        Assert.Equal(Eur(1.37m), posting.Amount);
        Assert.Equal(Eur(1.37m), Assert.IsType<InterestPosted>(Assert.Single(posting.Posted)).Amount);
        Assert.Equal(account.Version + 1, Stored(store, "ACC-1").Version);
    }

    [Fact]
    public async Task ApplyLateFee_PostsExactlyTheDecisionsFee_AndSaysSo()
    {
        var (store, account) = Store();
        var handler = new ApplyLateFeeHandler(store);

        var result = await handler.HandleAsync(new ActionRequest(FeeDecision("ACC-1"), account, null), CancellationToken.None);

        var charge = Assert.Single(Stored(store, "ACC-1").Charges);
        // EUR 40: Ley 3/2004 art. 8 (Directive 2011/7/EU art. 6) recovery compensation, as the decision carries it.
        Assert.Equal((ChargeKind.Fee, "INV-ACC-1/EU-RECOVERY-40", Eur(40m)), (charge.Kind, charge.Key, charge.Amount));
        Assert.True(result.IsDone);
        Assert.Equal("fees 40.00 EUR (1 posting)", result.Reference);
    }

    [Fact]
    public async Task HandledAgain_PostsNothing_AndReturnsTheOriginalResult()
    {
        var (store, account) = Store();
        var interest = new ChargeLateInterestHandler(store);
        var fee = new ApplyLateFeeHandler(store);
        var interestRequest = new ActionRequest(InterestDecision("ACC-1"), account, null);
        var feeRequest = new ActionRequest(FeeDecision("ACC-1"), account, null);

        var first = (await interest.HandleAsync(interestRequest, CancellationToken.None), await fee.HandleAsync(feeRequest, CancellationToken.None));
        var afterFirst = Stored(store, "ACC-1");
        // The at-least-once window: the same decisions handed over again (docs/running.md).
        var second = (await interest.HandleAsync(interestRequest, CancellationToken.None), await fee.HandleAsync(feeRequest, CancellationToken.None));

        Assert.Equal(first, second);
        Assert.Same(afterFirst, Stored(store, "ACC-1"));
        Assert.Equal(2, afterFirst.Charges.Length);
        Assert.True((await interest.PostAsync(interestRequest, CancellationToken.None)).IsEmpty);
        Assert.Equal(Eur(0m), (await fee.PostAsync(feeRequest, CancellationToken.None)).Amount);
    }

    [Fact]
    public async Task DecisionWithoutCharges_IsSkipped_AndPostsNothing()
    {
        var (store, account) = Store();
        var decision = TestData.Decision("ACC-1", "final", EscalationActionKind.ChargeLateInterest, decidedAt: At);

        var result = await new ChargeLateInterestHandler(store).HandleAsync(new ActionRequest(decision, account, null), CancellationToken.None);

        Assert.False(result.IsDone);
        Assert.Contains("carries no interest", result.SkipReason, StringComparison.Ordinal);
        Assert.Same(account, Stored(store, "ACC-1"));
    }

    [Fact]
    public async Task ChargeOfTheOtherKind_IsRefused_NamingIt()
    {
        var (store, account) = Store();
        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => new ChargeLateInterestHandler(store).PostAsync(new ActionRequest(FeeDecision("ACC-1"), account, null), CancellationToken.None).AsTask());
        Assert.Contains("charges[0] is a Fee charge ('INV-ACC-1/EU-RECOVERY-40'), not Interest", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Stored(store, "ACC-1").Charges);
    }

    [Fact]
    public async Task AccountMovedOnBetweenLoadAndAppend_FailsTheAttempt_AndTheRetryPostsOnce()
    {
        var (store, account) = Store();
        var racing = new RacingStore(store);
        var request = new ActionRequest(InterestDecision("ACC-1"), account, null);

        await Assert.ThrowsAsync<AccountVersionConflictException>(() => new ChargeLateInterestHandler(racing).PostAsync(request, CancellationToken.None).AsTask());
        // The concurrent payment is kept, the interest is not posted by the failed attempt; the run's retry posts it once.
        Assert.Empty(Stored(store, "ACC-1").Charges);
        await new ChargeLateInterestHandler(store).HandleAsync(request, CancellationToken.None);
        Assert.Equal(Eur(1.37m), Assert.Single(Stored(store, "ACC-1").Charges).Amount);
        Assert.Single(Stored(store, "ACC-1").Payments);
    }

    [Fact]
    public async Task Run_InterestAndFeesCharged_EqualWhatTheHandlersPosted()
    {
        var store = new InMemoryReceivableStore();
        decimal[] interest = [1.37m, 2.05m, 0.99m];
        for (int i = 0; i < interest.Length; i++)
        {
            store.Put(TestData.Account($"ACC-{i}"), At);
        }

        var runner = new CollectionRunner(
            store,
            new InMemoryCollectionJournal(),
            new DelegateAccountEvaluator((a, h, at) => new EvaluationResult(
                [InterestDecision(a.Id, interest[int.Parse(a.Id[4..], System.Globalization.CultureInfo.InvariantCulture)]), FeeDecision(a.Id)],
                null)),
            new PlainTextNoticeRenderer(),
            new InMemoryNotificationSender(),
            [new ChargeLateInterestHandler(store), new ApplyLateFeeHandler(store)],
            new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/")),
            new CobranzaTelemetry());

        var summary = await runner.RunCycleAsync(At, RunOptions.Default);

        var charges = Enumerable.Range(0, 3).SelectMany(i => Stored(store, $"ACC-{i}").Charges).ToList();
        // Posted: 1.37 + 2.05 + 0.99 = 4.41 interest; 3 × 40.00 = 120.00 fees. The summary reports the same figures.
        Assert.Equal(Eur(4.41m), Eur(charges.Where(c => c.Kind == ChargeKind.Interest).Sum(c => c.Amount.Amount)));
        Assert.Equal(Eur(120m), Eur(charges.Where(c => c.Kind == ChargeKind.Fee).Sum(c => c.Amount.Amount)));
        Assert.Equal(Eur(4.41m), Assert.Single(summary.InterestCharged));
        Assert.Equal(Eur(120m), Assert.Single(summary.FeesCharged));
    }

    [Fact]
    public void UseLedgerHandlers_RegistersBothHandlers_OverTheContainersStore()
    {
        var store = new InMemoryReceivableStore();
        var services = new ServiceCollection();
        services.AddSingleton<IAccountLedgerStore>(store);
        services.AddCobranza(c => c.UseLedgerHandlers().UseLedgerHandlers());

        using var provider = services.BuildServiceProvider();
        var handlers = provider.GetServices<IActionHandler>().ToList();

        Assert.Single(handlers.OfType<ChargeLateInterestHandler>());
        Assert.Single(handlers.OfType<ApplyLateFeeHandler>());
    }

    /// <summary>A store where a payment lands on the account between the handler's load and its append.</summary>
    private sealed class RacingStore(InMemoryReceivableStore inner) : IAccountLedgerStore
    {
        public ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken)
        {
            var loaded = inner.LoadAccountAsync(accountId, cancellationToken);
            var current = loaded.AsTask().Result!;
            inner.Update(current.Apply(new PaymentReceived("TR-RACE", new LocalDate(2026, 3, 1), Money.Of(10m, Currency.EUR), AllocationStrategy.OldestDueFirst)), At);
            return new ValueTask<CustomerAccount?>(current);
        }

        public ValueTask AppendAsync(string accountId, long expectedVersion, System.Collections.Generic.IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken)
            => inner.AppendAsync(accountId, expectedVersion, events, cancellationToken);
    }
}
