using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 13, "Notices tell the truth": each figure on a notice is what the ledger says on the notice's date, computed
/// once by the engine and carried on the decision; the renderer only formats. Figures worked by hand in the comments.
/// </summary>
public sealed class Issue13NoticeTruthTests
{
    private static readonly CatalogNoticeRenderer Renderer = new(
        Cobranza.Core.Escalation.Templates.TemplateCatalog.Default,
        new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]));

    /// <summary>Every account under the Spanish statutory preset (Ley 3/2004: the BOE rate, 10,15 % in 2026-H1; EUR 40 per invoice).</summary>
    internal sealed class SpanishTerms : ILateChargeTermsProvider
    {
        public static readonly SpanishTerms Instance = new();

        public LateChargeTerms For(CustomerAccount account) => LateChargeTerms.FromPreset(StatutoryPresets.Spain());
    }

    private static readonly EscalationEngine WithTerms = new(BuiltInCalendarProvider.Instance, SpanishTerms.Instance);

    // 12.100,00 € invoiced in three portions (4.033,34 + 4.033,33 + 4.033,33 = 12.100,00), due 06/07, 05/08 and 04/09/2026.
    private static CustomerAccount ThreePortions()
    {
        var eur = Currency.EUR;
        AccountItem Portion(int index, LocalDate due, decimal amount)
            => new($"F-100/{index}", "F-100", index, new LocalDate(2026, 6, 6), due, Money.Of(amount, eur));
        return Account(items: [Portion(0, new LocalDate(2026, 7, 6), 4033.34m), Portion(1, new LocalDate(2026, 8, 5), 4033.33m), Portion(2, new LocalDate(2026, 9, 4), 4033.33m)]);
    }

    [Fact]
    public void DueToday_ThreePortions_AsksForThePortionDueNotTheInvoice()
    {
        var account = ThreePortions();
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 7, 6))).Decisions);
        Assert.Equal("due-today", d.StageId);
        Assert.Equal(new[] { "F-100/0" }, d.ItemIds.ToArray());
        Assert.Equal(Money.Of(4033.34m, Currency.EUR), d.PrincipalAmount); // the first portion only (the issue: "12.100,00 €" was stated)
        Assert.Equal(Money.Of(4033.34m, Currency.EUR), d.AmountDue);
        Assert.Equal(Money.Of(12100m, Currency.EUR), d.OpenBalance); // 4.033,34 + 4.033,33 + 4.033,33: the account's balance, labelled as such

        var notice = Renderer.Render(d, account, null);
        Assert.Equal("Vencimiento de su pago de 4.033,34 €: 06/07/2026", notice.Subject);
        Assert.Contains("<td>F-100</td><td>06/07/2026</td><td>vence hoy</td><td>4.033,34 €</td>", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("12.100,00", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void PreDue_ItemNotYetDue_LabelledDueInThreeDays()
    {
        // Pre-due at −3: 03/07/2026 for the portion due 06/07/2026 — three days before, not "vence hoy" (the Math.Max clamp).
        var account = ThreePortions();
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 7, 3))).Decisions);
        Assert.Equal("pre-due", d.StageId);
        Assert.Equal(Money.Of(4033.34m, Currency.EUR), d.AmountDue);
        var notice = Renderer.Render(d, account, null);
        Assert.Contains("<td>vence en 3 días</td><td>4.033,34 €</td>", notice.Body, StringComparison.Ordinal);
        Assert.Contains("el 06/07/2026 vence el pago de 4.033,34 €", notice.Body, StringComparison.Ordinal);

        var english = Account(customer: Customer(language: "en-GB"), items: account.Items.ToArray());
        var en = Renderer.Render(Assert.Single(Engine.Evaluate(english, CollectionHistory.Empty, EscalationPolicies.Default, At(english, new LocalDate(2026, 7, 3))).Decisions), english, null);
        Assert.Contains("<td>due in 3 days</td><td>€4,033.34</td>", en.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Firm_PostedInterestOnTheItem_CountedOnceInTheTotal()
    {
        // 1.000,00 € due 02/03/2026 with 5,00 € interest already posted: the old decision took the outstanding (1.005,00)
        // as its "overdue" amount and the total added the 5,00 again (1.010,00). Now: 1.000,00 + 5,00 = 1.005,00.
        var eur = Currency.EUR;
        var item = new AccountItem("A", "F-A", 0, new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 2), Money.Of(1000m, eur),
            interestCharged: Money.Of(5m, eur)) { InterestPostedThrough = new LocalDate(2026, 3, 4) };
        var account = Account(items: [item]);
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 3, 5))).Decisions);
        Assert.Equal("firm", d.StageId);
        Assert.Equal(Money.Of(1000m, eur), d.PrincipalAmount);
        Assert.Equal(Money.Of(5m, eur), d.InterestAmount);
        Assert.Equal(Money.Of(1005m, eur), d.AmountDue);
        Assert.Contains("el importe pendiente asciende a 1.005,00 €: 1.000,00 € de principal, 5,00 € de intereses de demora", Renderer.Render(d, account, null).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Final_WithTerms_StatesWhatItsChargesPost()
    {
        // 1.000,00 € due Monday 02/03/2026; 'final' at +15 = Tuesday 17/03/2026. Spanish preset: 10,15 % (BOE, 2026-H1),
        // Act/365, from the day after the due date through the date: 03/03..17/03 = 15 days.
        // 1.000,00 × 10,15 % × 15 / 365 = 4,1712… → 4,17 €. Recovery compensation (Ley 3/2004 art. 8): 40,00 €.
        // Total 1.000,00 + 4,17 + 40,00 = 1.044,17 €.
        var account = Account(items: [Open("A", new LocalDate(2026, 3, 2), 1000m)]);
        var result = WithTerms.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 3, 17)));
        var notice = result.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        var interest = result.Decisions.Single(d => d.Action == EscalationActionKind.ChargeLateInterest);
        var fee = result.Decisions.Single(d => d.Action == EscalationActionKind.ApplyLateFee);
        var eur = Currency.EUR;
        Assert.Equal(Money.Of(4.17m, eur), notice.InterestAmount);
        Assert.Equal(Money.Of(40m, eur), notice.FeeAmount);
        Assert.Equal(Money.Of(1044.17m, eur), notice.AmountDue);
        var posting = Assert.Single(interest.Charges);
        Assert.Equal((ChargeKind.Interest, "A", Money.Of(4.17m, eur), (LocalDate?)new LocalDate(2026, 3, 17)), (posting.Kind, posting.ItemId, posting.Amount, posting.Through));
        var feeLine = Assert.Single(fee.Charges);
        Assert.Equal((ChargeKind.Fee, "F-A/EU-RECOVERY-40", Money.Of(40m, eur)), (feeLine.Kind, feeLine.Key, feeLine.Amount));

        // The handler posts the charges; the ledger then says what the notice said.
        var posted = account;
        foreach (var c in interest.Charges.Concat(fee.Charges))
        {
            posted = Ledger.Apply(posted, c.ToLedgerEvent());
        }

        Assert.Equal(Money.Of(1044.17m, eur), posted.Items[0].Outstanding);
        Assert.Contains(
            "El importe adeudado asciende a 1.044,17 €: 1.000,00 € de principal, 4,17 € de intereses de demora y 40,00 € de costes de cobro.",
            Renderer.Render(notice, account, null).Body, StringComparison.Ordinal);

        // Re-evaluated after the postings (a re-run the same day): the same figures, nothing left to post.
        var again = WithTerms.Evaluate(posted, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 3, 17)));
        var sameNotice = again.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        Assert.Equal((notice.InterestAmount, notice.FeeAmount, notice.AmountDue), (sameNotice.InterestAmount, sameNotice.FeeAmount, sameNotice.AmountDue));
        Assert.All(again.Decisions, d => Assert.Empty(d.Charges));
    }

    [Fact]
    public void Firm_WithTerms_StatesAccruedInterestButNoFeeBeforeTheFeeStage()
    {
        // 'firm' at +3 (05/03/2026) for 1.000,00 € due 02/03: 03/03..05/03 = 3 days; 1.000,00 × 10,15 % × 3 / 365 = 0,8342… → 0,83 €.
        // The fee is applied by 'final' (+15), not reached yet: 0,00 €.
        var account = Account(items: [Open("A", new LocalDate(2026, 3, 2), 1000m)]);
        var d = Assert.Single(WithTerms.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 3, 5))).Decisions);
        Assert.Equal("firm", d.StageId);
        Assert.Equal(Money.Of(0.83m, Currency.EUR), d.InterestAmount);
        Assert.Equal(Money.Zero(Currency.EUR), d.FeeAmount);
        Assert.Empty(d.Charges);
    }
}
