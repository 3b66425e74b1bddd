using System;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 13, "the renderer formats, it never computes money", for the payment-event notices: the thank-you, the
/// partial-payment acknowledgement and the service-restored notice carry <see cref="EscalationDecision.Settlement"/>
/// (paid, credited, remaining, settled by), computed by the engine when it decides; the service-restored notice no
/// longer says "payment of …" when a credit note lifted the suspension. Figures worked by hand in the comments.
/// </summary>
public sealed class Issue13SettlementFiguresTests
{
    private static readonly CatalogNoticeRenderer Renderer = new(
        Cobranza.Core.Escalation.Templates.TemplateCatalog.Default,
        new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]));

    private static readonly Currency Eur = Currency.EUR;

    // Default policy, Madrid, calendar ES. A (1.000,00 €) due Saturday 31/01/2026, B (500,00 €) due 31/03/2026 (issued 01/03).
    // 200,00 € paid on A on Tuesday 10/02 (partial: 800,00 € of A still overdue). Suspended at +30: Monday 02/03.
    private static readonly LocalDate DueA = new(2026, 1, 31);
    private static readonly LocalDate PartOn = new(2026, 2, 10);
    private static readonly LocalDate SettleOn = new(2026, 3, 5);

    private static CustomerAccount Ledger(LocalDate day)
    {
        var account = CustomerAccount.Open("ACC-1", Eur, Customer())
            .Apply(new ItemAdded(new AccountItem("A", "F-A", 0, new LocalDate(2026, 1, 1), DueA, Money.Of(1000m, Eur))))
            .Apply(new ItemAdded(new AccountItem("B", "F-B", 0, new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31), Money.Of(500m, Eur))));
        return day >= PartOn ? account.Apply(new PaymentReceived("P1", PartOn, Money.Of(200m, Eur), AllocationStrategy.OldestDueFirst)) : account;
    }

    /// <summary>The history of the default policy evaluated daily at 10:00 from 5 days before A's due date through <paramref name="through"/>.</summary>
    private static CollectionHistory HistoryThrough(LocalDate through)
    {
        var history = CollectionHistory.Empty;
        for (var day = DueA.PlusDays(-5); day <= through; day = day.PlusDays(1))
        {
            var account = Ledger(day);
            history = Record(history, Engine.Evaluate(account, history, EscalationPolicies.Default, At(account, day)));
        }

        Assert.Contains(history.Entries, e => e.Action == EscalationActionKind.SuspendService);
        return history;
    }

    [Fact]
    public void ServiceRestoredByCreditNote_NoticeSaysCreditNoteNotPayment()
    {
        // Regression (fails on main before this change: the notice read "Hemos recibido su pago de 200,00 €", the
        // 10/02 payment, although a credit note lifted the suspension). On 05/03 a credit note of 800,00 € settles A
        // (1.000,00 − 200,00 paid = 800,00 owed); B is not yet due, so nothing is overdue and the service is restored.
        var account = Ledger(SettleOn).Apply(new CreditNoteIssued("NC-1", SettleOn, "A", Money.Of(800m, Eur), "devolución de mercancía"));
        var result = Engine.Evaluate(account, HistoryThrough(SettleOn.PlusDays(-1)), EscalationPolicies.Default, At(account, SettleOn));
        var restored = Assert.Single(result.Decisions, d => d.StageId == EscalationEngine.ServiceRestoredStageId);

        var notice = Renderer.Render(restored, account, null);

        Assert.Contains("Hemos abonado 800,00 € en sus facturas mediante nota de crédito. Hemos restablecido el servicio de la cuenta ACC-1.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("pago", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceRestoredByCreditNote_DecisionCarriesCreditedAndRemaining()
    {
        // Settlement date 05/03 (the latest reduction of the account): no payment that day, 800,00 € credited by note;
        // remaining = B's 500,00 € (A settled), the account's open balance.
        var account = Ledger(SettleOn).Apply(new CreditNoteIssued("NC-1", SettleOn, "A", Money.Of(800m, Eur)));
        var result = Engine.Evaluate(account, HistoryThrough(SettleOn.PlusDays(-1)), EscalationPolicies.Default, At(account, SettleOn));
        var restored = Assert.Single(result.Decisions, d => d.StageId == EscalationEngine.ServiceRestoredStageId);

        Assert.Equal(new SettlementFigures(SettlementMeans.CreditNote, Money.Zero(Eur), Money.Of(800m, Eur), Money.Of(500m, Eur)), restored.Settlement);
        Assert.Equal(restored.OpenBalance, restored.Settlement!.Remaining);
        Assert.EndsWith("Notice by Email with template 'notice-service-restored', acknowledging 0.00 EUR paid and 800.00 EUR credited on 2026-03-05 (CreditNote).", restored.Explanation);
        Assert.Null(Assert.Single(result.Decisions, d => d.Action == EscalationActionKind.RestoreService).Settlement); // the reversal itself states nothing
    }

    [Fact]
    public void ServiceRestoredByPaymentAndCreditNoteSameDay_BothStated()
    {
        // 05/03: 300,00 € paid (A: 800,00 − 300,00 = 500,00 left) and a credit note of 500,00 € settles A. Paid 300,00,
        // credited 500,00, remaining B 500,00.
        var account = Ledger(SettleOn)
            .Apply(new PaymentReceived("P2", SettleOn, Money.Of(300m, Eur), AllocationStrategy.OldestDueFirst))
            .Apply(new CreditNoteIssued("NC-1", SettleOn, "A", Money.Of(500m, Eur)));
        var restored = Assert.Single(
            Engine.Evaluate(account, HistoryThrough(SettleOn.PlusDays(-1)), EscalationPolicies.Default, At(account, SettleOn)).Decisions,
            d => d.StageId == EscalationEngine.ServiceRestoredStageId);

        Assert.Equal(new SettlementFigures(SettlementMeans.Payment | SettlementMeans.CreditNote, Money.Of(300m, Eur), Money.Of(500m, Eur), Money.Of(500m, Eur)), restored.Settlement);
        Assert.Contains("Hemos recibido su pago de 300,00 € y abonado 500,00 € en sus facturas.", Renderer.Render(restored, account, null).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceRestoredByPayment_PaidIsThatDaysPaymentNotAnEarlierOne()
    {
        // 05/03: 800,00 € paid settles A. The notice acknowledges 800,00 (not the 200,00 of 10/02); 500,00 remains (B).
        var account = Ledger(SettleOn).Apply(new PaymentReceived("P2", SettleOn, Money.Of(800m, Eur), AllocationStrategy.OldestDueFirst));
        var restored = Assert.Single(
            Engine.Evaluate(account, HistoryThrough(SettleOn.PlusDays(-1)), EscalationPolicies.Default, At(account, SettleOn)).Decisions,
            d => d.StageId == EscalationEngine.ServiceRestoredStageId);

        Assert.Equal(new SettlementFigures(SettlementMeans.Payment, Money.Of(800m, Eur), Money.Zero(Eur), Money.Of(500m, Eur)), restored.Settlement);
        Assert.Contains("Hemos recibido su pago de 800,00 €. Hemos restablecido el servicio de la cuenta ACC-1.", Renderer.Render(restored, account, null).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ThankYouAfterCreditNote_SaysCredited_AndNothingRemains()
    {
        // Only A (no B): 200,00 paid 10/02, a credit note of 800,00 € on 05/03 settles the account. The thank-you of
        // 05/03: settlement date 05/03 (A's settlement), nothing paid that day, 800,00 credited, 0,00 remaining.
        var account = CustomerAccount.Open("ACC-1", Eur, Customer())
            .Apply(new ItemAdded(new AccountItem("A", "F-A", 0, new LocalDate(2026, 1, 1), DueA, Money.Of(1000m, Eur))))
            .Apply(new PaymentReceived("P1", PartOn, Money.Of(200m, Eur), AllocationStrategy.OldestDueFirst))
            .Apply(new CreditNoteIssued("NC-1", SettleOn, "A", Money.Of(800m, Eur)));
        var thanks = Assert.Single(
            Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, SettleOn)).Decisions,
            d => d.StageId == EscalationEngine.ThankYouStageId);

        Assert.Equal(new SettlementFigures(SettlementMeans.CreditNote, Money.Zero(Eur), Money.Of(800m, Eur), Money.Zero(Eur)), thanks.Settlement);
        var notice = Renderer.Render(thanks, account, null);
        Assert.Equal("Su cuenta está al corriente", notice.Subject);
        Assert.Contains("Hemos abonado 800,00 € en sus facturas mediante nota de crédito. Su cuenta ACC-1 queda al corriente.", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialAcknowledgement_PaidThatDayAndRemainingOnTheAccount()
    {
        // 10/02: 200,00 € paid on A (overdue since 31/01): partial. Paid 200,00; remaining = what the account still owes:
        // A 1.000,00 − 200,00 = 800,00, plus B 500,00 (on the ledger from the start here, not yet due) = 1.300,00.
        var account = Ledger(PartOn);
        var ack = Assert.Single(
            Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, PartOn)).Decisions,
            d => d.StageId == EscalationEngine.PartialAckStageId);

        Assert.Equal(new SettlementFigures(SettlementMeans.Payment, Money.Of(200m, Eur), Money.Zero(Eur), Money.Of(1300m, Eur)), ack.Settlement);
        var notice = Renderer.Render(ack, account, null);
        Assert.Equal("Hemos recibido su pago de 200,00 €", notice.Subject);
        Assert.Contains("Queda pendiente un importe de 1.300,00 € de las siguientes facturas:", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceRestoredPerItem_PaidCountsOnlyPaymentsOnThatItem()
    {
        // Item scope: only payments allocated to the item count. Two items X (due 31/01) and Y (due 31/01); Y is paid
        // 100,00 on 05/03 and X credited 1.000,00 by note on 05/03: for X's scope the settlement is the credit note alone.
        var figures = SettlementOfItem("X");
        Assert.Equal(SettlementMeans.CreditNote, figures.SettledBy);
        Assert.Equal(Money.Zero(Eur), figures.Paid);
        Assert.Equal(Money.Of(1000m, Eur), figures.Credited);
    }

    private static SettlementFigures SettlementOfItem(string itemId)
    {
        var policy = EscalationPolicies.CreateDefault(scope: EscalationScope.Item);
        CustomerAccount On(LocalDate day)
        {
            var account = CustomerAccount.Open("ACC-1", Eur, Customer())
                .Apply(new ItemAdded(new AccountItem("X", "F-X", 0, new LocalDate(2026, 1, 1), DueA, Money.Of(1000m, Eur))))
                .Apply(new ItemAdded(new AccountItem("Y", "F-Y", 0, new LocalDate(2026, 1, 1), DueA, Money.Of(1000m, Eur))));
            return day < SettleOn ? account : account
                .Apply(new PaymentReceived("PY", SettleOn, Money.Of(100m, Eur), AllocationStrategy.Explicit) { Allocations = [new ExplicitAllocation("Y", Money.Of(100m, Eur))] })
                .Apply(new CreditNoteIssued("NC-X", SettleOn, "X", Money.Of(1000m, Eur)));
        }

        var history = CollectionHistory.Empty;
        for (var day = DueA.PlusDays(-5); day < SettleOn; day = day.PlusDays(1))
        {
            var a = On(day);
            history = Record(history, Engine.Evaluate(a, history, policy, At(a, day)));
        }

        var account = On(SettleOn);
        var restored = Engine.Evaluate(account, history, policy, At(account, SettleOn)).Decisions
            .Single(d => d.StageId == EscalationEngine.ServiceRestoredStageId && d.ItemIds.SequenceEqual(new[] { itemId }));
        return restored.Settlement!;
    }
}
