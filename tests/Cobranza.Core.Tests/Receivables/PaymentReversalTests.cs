using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using NodaTime;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class PaymentReversalTests
{
    private const string Returned = "Recibo devuelto: fondos insuficientes";

    private static readonly LateInterestTerms Terms = new(LateInterestRate.Fixed(0.085m, "contract 8.5 %"), AccrualConventions.StatutoryDefault);

    private static CustomerAccount OneItem() => Empty().Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 1000m));

    private static PaymentReversed Reverse(string reference, LocalDate date, string reason = Returned) => new(reference, date, reason);

    [Fact]
    public void Apply_ReversalOfPaymentThatSettledOneInvoice_ItemOwesAgainAndPaymentMovesToReversals()
    {
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 1000m));
        Assert.True(Get(paid, "A").IsSettled);

        var reversed = paid.Apply(Reverse("TR-1", D(2026, 3, 3)));

        var item = Get(reversed, "A");
        Assert.Equal((Eur(1000m), Eur(0m), (LocalDate?)null), (item.Outstanding, item.PrincipalPaid, item.SettledOn));
        Assert.Empty(reversed.Payments);
        var reversal = Assert.Single(reversed.Reversals);
        Assert.Same(paid.Payments[0], reversal.Payment);
        Assert.Equal((D(2026, 3, 3), Returned, "TR-1"), (reversal.ReversedOn, reversal.Reason, reversal.Reference));
        Assert.Equal(paid.Version + 1, reversed.Version);
        Assert.Equal(Eur(0m), reversed.UnappliedCredit);
        Assert.Single(paid.Payments); // the old snapshot is unchanged
    }

    [Fact]
    public void Apply_ReversalOfPaymentSplitOverTwoInvoices_ReopensBothAndKeepsLaterPayment()
    {
        var account = OneItem()
            .Apply(Item("B", D(2026, 1, 15), D(2026, 2, 14), 500m))
            .Apply(Pay("TR-1", D(2026, 2, 20), 1200m))    // A 1 000, B 200
            .Apply(Pay("TR-2", D(2026, 2, 25), 100m));    // B 100
        var tr2 = account.Payments[1];

        var reversed = account.Apply(Reverse("TR-1", D(2026, 3, 2)));

        Assert.Equal((Eur(1000m), Eur(400m)), (Get(reversed, "A").Outstanding, Get(reversed, "B").Outstanding));
        Assert.False(Get(reversed, "A").IsSettled);
        Assert.Same(tr2, Assert.Single(reversed.Payments));
        Assert.Equal(Eur(100m), Get(reversed, "B").PrincipalPaid);
    }

    [Fact]
    public void Apply_ReversalOfPaymentThatPaidFeeInterestAndLeftCredit_RestoresChargesAndRemovesCredit()
    {
        // TwoItems: A 1 000.00; B 500.00 + 40.00 fee + 10.00 interest (posted through 10 Mar, before the payment).
        var account = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 2000m, AllocationStrategy.CostsAndInterestFirst));
        Assert.Equal(Eur(450m), account.UnappliedCredit);
        Assert.True(Get(account, "B").IsSettled);

        var reversed = account.Apply(Reverse("TR-1", D(2026, 3, 20)));

        var b = Get(reversed, "B");
        Assert.Equal((Eur(40m), Eur(10m), Eur(500m), false), (b.FeesOutstanding, b.InterestOutstanding, b.PrincipalOutstanding, b.IsSettled));
        Assert.Equal((Eur(40m), Eur(10m)), (b.FeesCharged, b.InterestCharged));
        Assert.Equal(Eur(1000m), Get(reversed, "A").Outstanding);
        Assert.Equal(Eur(0m), reversed.UnappliedCredit);
        Assert.Equal(TwoItems().Outstanding, reversed.Outstanding);
    }

    [Fact]
    public void Apply_ReversalOfPaymentThatEarnedDiscount_WithdrawsDiscountAndAllowsItAgainInTheWindow()
    {
        var account = Ledger.Apply(Empty(), ItemAdded.From(TwoTenNet30()));
        var paid = account.Apply(Pay("TR-1", D(2026, 6, 5), 980m));
        Assert.Equal(Eur(20m), Get(paid, "F-1/0").DiscountTaken);

        var reversed = paid.Apply(Reverse("TR-1", D(2026, 6, 8)));
        var item = Get(reversed, "F-1/0");
        Assert.Equal((Eur(0m), Eur(0m), Eur(1000m), false), (item.DiscountTaken, item.PrincipalPaid, item.Outstanding, item.IsSettled));

        // As if the bounced payment never happened: a new payment within the window earns the discount, one after it does not.
        Assert.Equal(Eur(20m), Get(reversed.Apply(Pay("TR-2", D(2026, 6, 11), 980m)), "F-1/0").DiscountTaken);
        Assert.Equal(Eur(20m), Get(reversed.Apply(Pay("TR-2", D(2026, 6, 12), 980m)), "F-1/0").Outstanding);
    }

    [Fact]
    public void Apply_ReversalOfConvertedPayment_RemovesTheConvertedAmount()
    {
        var usd = new PaymentReceived("TR-1", D(2026, 2, 15), Money.Of(500m, "USD"), AllocationStrategy.OldestDueFirst)
        {
            Conversion = CurrencyConversion.AtRate(0.9m, MidpointRounding.AwayFromZero),
        };
        var reversed = OneItem().Apply(usd).Apply(Reverse("TR-1", D(2026, 2, 20)));
        Assert.Equal(Eur(1000m), Get(reversed, "A").Outstanding);
        Assert.Equal(Money.Of(500m, "USD"), reversed.Reversals[0].Payment.OriginalAmount);
    }

    [Fact]
    public void Apply_SameReversalTwice_ReturnsSameSnapshot()
    {
        var once = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 400m)).Apply(Reverse("TR-1", D(2026, 3, 3)));
        Assert.Same(once, once.Apply(Reverse("TR-1", D(2026, 3, 3))));
    }

    [Fact]
    public void Apply_AlreadyReversedOtherDate_ThrowsNamingBoth()
    {
        var once = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 400m)).Apply(Reverse("TR-1", D(2026, 3, 3)));
        var ex = Assert.Throws<ArgumentException>(() => once.Apply(Reverse("TR-1", D(2026, 3, 4), "Cheque devuelto")));
        Assert.Equal(
            "payment 'TR-1' was already reversed on 2026-03-03 ('Recibo devuelto: fondos insuficientes'); this reversal is dated 2026-03-04 ('Cheque devuelto'). A payment is reversed once. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_OriginalPaymentReplayedAfterReversal_ChangesNothing()
    {
        var pay = Pay("TR-1", D(2026, 2, 15), 400m);
        var reversed = OneItem().Apply(pay).Apply(Reverse("TR-1", D(2026, 3, 3)));
        Assert.Same(reversed, reversed.Apply(pay));
    }

    [Fact]
    public void Apply_ReversedReferenceReusedForAnotherPayment_Throws()
    {
        var reversed = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 400m)).Apply(Reverse("TR-1", D(2026, 3, 3)));
        var ex = Assert.Throws<ArgumentException>(() => reversed.Apply(Pay("TR-1", D(2026, 3, 10), 400m)));
        Assert.Equal(
            "payment reference 'TR-1' was applied on 2026-02-15 for 400.00 EUR and reversed on 2026-03-03; this payment is dated 2026-03-10 for 400.00 EUR. A reference identifies one payment: use another reference for another payment. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_UnknownReference_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => OneItem().Apply(Reverse("TR-9", D(2026, 3, 3))));
        Assert.Equal("payment 'TR-9' cannot be reversed: account 'ACC-1' has no payment with that reference. (Parameter 'Reference')", ex.Message);
    }

    [Fact]
    public void Apply_ReversalBeforeValueDate_Throws()
    {
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 400m));
        var ex = Assert.Throws<ArgumentException>(() => paid.Apply(Reverse("TR-1", D(2026, 2, 14))));
        Assert.Equal("payment 'TR-1' cannot be reversed on 2026-02-14: that is before its value date 2026-02-15. (Parameter 'ReversedOn')", ex.Message);
    }

    [Fact]
    public void Apply_ReversalOnValueDate_Allowed()
        => Assert.Equal(Eur(1000m), Get(OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 400m)).Apply(Reverse("TR-1", D(2026, 2, 15))), "A").Outstanding);

    [Fact]
    public void Apply_CreditLeftByPaymentAppliedSince_Throws()
    {
        var account = OneItem()
            .Apply(Pay("TR-1", D(2026, 2, 15), 1200m))
            .Apply(Item("C", D(2026, 2, 16), D(2026, 3, 16), 150m))
            .Apply(new UnappliedCreditApplied("CA-1", D(2026, 2, 20), AllocationStrategy.OldestDueFirst));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(Reverse("TR-1", D(2026, 3, 3))));
        Assert.Equal(
            "payment 'TR-1' cannot be reversed: it left 200.00 EUR of unapplied credit, and credit application 'CA-1' on 2026-02-20 may have used it; the ledger cannot tell which items that credit paid. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_CreditLeftByPaymentNoLongerAvailable_Throws()
    {
        // The application is dated before the payment (a back-dated event), yet it used the payment's credit.
        var account = OneItem()
            .Apply(Pay("TR-1", D(2026, 2, 15), 1200m))
            .Apply(Item("C", D(2026, 1, 2), D(2026, 2, 1), 150m))
            .Apply(new UnappliedCreditApplied("CA-1", D(2026, 2, 10), AllocationStrategy.OldestDueFirst));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(Reverse("TR-1", D(2026, 3, 3))));
        Assert.Equal(
            "payment 'TR-1' cannot be reversed: it left 200.00 EUR of unapplied credit but account 'ACC-1' has only 50.00 EUR left; the ledger cannot tell which items that credit paid. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_CreditAppliedBeforePaymentWithOtherCredit_Allowed()
    {
        var account = OneItem()
            .Apply(Item("C", D(2026, 1, 2), D(2026, 2, 1), 150m))
            .Apply(Pay("TR-0", D(2026, 1, 20), 1300m))   // A 1 000 + C 150 → 150 credit
            .Apply(Item("E", D(2026, 1, 25), D(2026, 2, 24), 100m))
            .Apply(new UnappliedCreditApplied("CA-1", D(2026, 1, 25), AllocationStrategy.OldestDueFirst))  // E 100 → 50 credit
            .Apply(Item("G", D(2026, 2, 1), D(2026, 3, 3), 300m))
            .Apply(Pay("TR-1", D(2026, 2, 15), 400m));    // G 300 → 150 credit
        var reversed = account.Apply(Reverse("TR-1", D(2026, 3, 3)));
        Assert.Equal((Eur(50m), Eur(300m)), (reversed.UnappliedCredit, Get(reversed, "G").Outstanding));
    }

    [Fact]
    public void Apply_PlanPayment_Throws()
    {
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), new RestructuringTerms
        {
            FirstDueDate = D(2026, 4, 22), InstallmentCount = 2, Method = AmortizationMethod.EqualParts,
        });
        var account = Restructuring.Restructure(OneItem(), request, BuiltInCalendarProvider.Instance).Account
            .Apply(new PlanPaymentReceived("PL-1", "Q-1", D(2026, 4, 22), Eur(500m)));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(Reverse("Q-1", D(2026, 4, 25))));
        Assert.Equal(
            "payment 'Q-1' cannot be reversed: it was paid to plan 'PL-1', and a tracked plan cannot un-apply a payment (nor the plan interest and fees it posted). (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_PaymentOnItemNowInPlan_Throws()
    {
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), new RestructuringTerms
        {
            FirstDueDate = D(2026, 4, 22), InstallmentCount = 2, Method = AmortizationMethod.EqualParts,
        });
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 2, 20), 400m));
        var account = Restructuring.Restructure(paid, request, BuiltInCalendarProvider.Instance).Account;
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(Reverse("TR-1", D(2026, 3, 25))));
        Assert.Equal(
            "payment 'TR-1' cannot be reversed: it paid item 'A', which is now in plan 'PL-1' (started 2026-03-22); the plan's amount was set from what the item owed then. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_InterestPostedOnReducedBalanceSincePayment_Throws()
    {
        var account = OneItem()
            .Apply(Pay("TR-1", D(2026, 2, 20), 400m))
            .Apply(new InterestPosted("A", D(2026, 3, 31), D(2026, 3, 31), Eur(10.54m)));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(Reverse("TR-1", D(2026, 4, 2))));
        Assert.Equal(
            "payment 'TR-1' cannot be reversed: it reduced the principal of item 'A' on 2026-02-20, and late interest on that item is already posted through 2026-03-31, computed on the reduced balance. Reverse payments before posting interest past their date, or recompute that interest outside the ledger. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_InterestPostedThroughDayBeforePayment_AllowedAndInterestStaysOwed()
    {
        var account = OneItem()
            .Apply(new InterestPosted("A", D(2026, 2, 19), D(2026, 2, 19), Eur(4.42m)))
            .Apply(Pay("TR-1", D(2026, 2, 20), 1004.42m));
        Assert.True(Get(account, "A").IsSettled);
        var a = Get(account.Apply(Reverse("TR-1", D(2026, 2, 25))), "A");
        Assert.Equal((Eur(4.42m), Eur(1000m), D(2026, 2, 19)), (a.InterestOutstanding, a.PrincipalOutstanding, a.InterestPostedThrough!.Value));
    }

    [Fact]
    public void AccountInterest_AfterReversal_AccruesAsIfPaymentNeverHappened()
    {
        // 1 000.00 at 8.5 % for 50 days: 11.64 unpaid; with 400.00 paid on 20 Feb: 8.85 (see InterestAndRestructuringTests).
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 2, 20), 400m));
        Assert.Equal(Eur(8.85m), AccountInterest.For(paid, "A", D(2026, 3, 22), Terms).Accrued);
        var reversed = paid.Apply(Reverse("TR-1", D(2026, 3, 1)));
        Assert.Equal(Eur(11.64m), AccountInterest.For(reversed, "A", D(2026, 3, 22), Terms).Accrued);
    }

    [Fact]
    public void PaymentReversed_EmptyReason_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PaymentReversed("TR-1", D(2026, 3, 3), " "));
        Assert.Equal("Reason must not be empty or white space (was ' '). (Parameter 'Reason')", ex.Message);
    }

    [Fact]
    public void PaymentReversal_BeforePaymentDate_ThrowsNamingBothDates()
    {
        var payment = new AccountPayment("TR-1", D(2026, 2, 15), Eur(100m), null, default);
        var ex = Assert.Throws<ArgumentException>(() => new PaymentReversal(payment, D(2026, 2, 14), Returned));
        Assert.Equal("ReversedOn (2026-02-14) must not be before the value date of payment 'TR-1' (2026-02-15). (Parameter 'ReversedOn')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_ReversalAlsoInPayments_Throws()
    {
        var payment = new AccountPayment("TR-1", D(2026, 2, 15), Eur(100m), null, default);
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), payments: [payment])
        {
            Reversals = [new PaymentReversal(payment, D(2026, 3, 1), Returned)],
        });
        Assert.Equal("Reversals contains the reference 'TR-1', which is also in payments. (Parameter 'Reversals')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_ReversalOnUnknownItem_Throws()
    {
        var payment = new AccountPayment("TR-1", D(2026, 2, 15), Eur(100m), null, [new PaymentAllocation("X", Eur(0m), Eur(0m), Eur(100m), Eur(0m))]);
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer())
        {
            Reversals = [new PaymentReversal(payment, D(2026, 3, 1), Returned)],
        });
        Assert.Equal("reversed payment 'TR-1' names unknown item 'X'. (Parameter 'Reversals')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_SameReversalTwice_Throws()
    {
        var payment = new AccountPayment("TR-1", D(2026, 2, 15), Eur(100m), null, default);
        var reversal = new PaymentReversal(payment, D(2026, 3, 1), Returned);
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer()) { Reversals = [reversal, reversal] });
        Assert.Equal("Reversals contains the reference 'TR-1' twice. (Parameter 'Reversals')", ex.Message);
    }

    [Fact]
    public void Render_ReversedPayment_Spanish()
    {
        var account = OneItem().Apply(Pay("TR-1", D(2026, 2, 15), 1000m)).Apply(Reverse("TR-1", D(2026, 3, 3)));
        var statement = StatementOfAccount.Create(account, D(2026, 1, 1), D(2026, 3, 31));
        Assert.Equal(account.Outstanding - account.UnappliedCredit, statement.ClosingBalance);
        Assert.Equal(
            "# Estado de cuenta\n\n" +
            "Cuenta: ACC-1 · Cliente: Talleres Martín S.L. (C-001)\n" +
            "Periodo: del 01/01/2026 al 31/03/2026\n\n" +
            "| Fecha | Concepto | Referencia | Cargo | Abono | Saldo |\n" +
            "| --- | --- | --- | ---: | ---: | ---: |\n" +
            "| 01/01/2026 | Saldo inicial | | | | 0,00 € |\n" +
            "| 01/01/2026 | Factura | A | 1.000,00 € | | 1.000,00 € |\n" +
            "| 15/02/2026 | Pago | TR-1 | | 1.000,00 € | 0,00 € |\n" +
            "| 03/03/2026 | Pago devuelto: Recibo devuelto: fondos insuficientes | TR-1 | 1.000,00 € | | 1.000,00 € |\n" +
            "| 31/03/2026 | Saldo final | | | | 1.000,00 € |\n\n" +
            "## Partidas abiertas\n\n" +
            "| Partida | Vencimiento | Días vencida | Pendiente | Intereses devengados |\n" +
            "| --- | --- | ---: | ---: | ---: |\n" +
            "| A | 31/01/2026 | 59 | 1.000,00 € | 0,00 € |\n\n" +
            "Total adeudado a 31/03/2026: 1.000,00 €\n",
            statement.Render(Language.Spanish));
    }

    [Fact]
    public void Render_ReversedPaymentWithDiscount_English()
    {
        var account = Ledger.Apply(Empty(), ItemAdded.From(TwoTenNet30()))
            .Apply(Pay("TR-1", D(2026, 6, 5), 980m))
            .Apply(Reverse("TR-1", D(2026, 6, 8), "Chargeback"));
        var statement = StatementOfAccount.Create(account, D(2026, 6, 1), D(2026, 6, 30));
        Assert.Equal(
            [StatementMovementKind.Invoice, StatementMovementKind.Payment, StatementMovementKind.Discount, StatementMovementKind.PaymentReversal, StatementMovementKind.DiscountReversal],
            statement.Movements.Select(m => m.Kind));
        Assert.Equal(
            "# Statement of account\n\n" +
            "Account: ACC-1 · Customer: Talleres Martín S.L. (C-001)\n" +
            "Period: 1 Jun 2026 to 30 Jun 2026\n\n" +
            "| Date | Description | Reference | Debit | Credit | Balance |\n" +
            "| --- | --- | --- | ---: | ---: | ---: |\n" +
            "| 1 Jun 2026 | Opening balance | | | | €0.00 |\n" +
            "| 1 Jun 2026 | Invoice | F-1/0 | €1,000.00 | | €1,000.00 |\n" +
            "| 5 Jun 2026 | Payment | TR-1 | | €980.00 | €20.00 |\n" +
            "| 5 Jun 2026 | Early-payment discount | TR-1 | | €20.00 | €0.00 |\n" +
            "| 8 Jun 2026 | Payment reversed: Chargeback | TR-1 | €980.00 | | €980.00 |\n" +
            "| 8 Jun 2026 | Early-payment discount withdrawn | TR-1 | €20.00 | | €1,000.00 |\n" +
            "| 30 Jun 2026 | Closing balance | | | | €1,000.00 |\n\n" +
            "## Open items\n\n" +
            "| Item | Due date | Days overdue | Outstanding | Accrued interest |\n" +
            "| --- | --- | ---: | ---: | ---: |\n" +
            "| F-1/0 | 1 Jul 2026 | 0 | €1,000.00 | €0.00 |\n\n" +
            "Total due on 30 Jun 2026: €1,000.00\n",
            statement.Render(Language.English));
    }

    [Fact]
    public void PaymentBehaviour_AfterReversal_BouncedPaymentDoesNotCountAsSettled()
    {
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 1, 30), 1000m));
        Assert.Equal((1, 1), (PaymentBehaviour.Of(paid, D(2026, 3, 31)).SettledItems, PaymentBehaviour.Of(paid, D(2026, 3, 31)).SettledOnTime));
        var reversed = paid.Apply(Reverse("TR-1", D(2026, 2, 4)));
        Assert.Equal(0, PaymentBehaviour.Of(reversed, D(2026, 3, 31)).SettledItems);
    }

    [Fact]
    public void DaysSalesOutstanding_AfterReversal_ItemCountsAsReceivableAtPeriodEnd()
    {
        // A bounced payment never brought money: recomputed from the current snapshot, January ends with A still owed.
        var january = new Cobranza.Core.Reports.ReportPeriod(D(2026, 1, 1), D(2026, 1, 31));
        var paid = OneItem().Apply(Pay("TR-1", D(2026, 1, 30), 1000m));
        Assert.Equal(Eur(0m), Cobranza.Core.Reports.DaysSalesOutstanding.ForAccount(paid, january).ReceivablesAtEnd);
        var reversed = paid.Apply(Reverse("TR-1", D(2026, 2, 4)));
        Assert.Equal(Eur(1000m), Cobranza.Core.Reports.DaysSalesOutstanding.ForAccount(reversed, january).ReceivablesAtEnd);
    }

    private static PaymentSchedule TwoTenNet30()
    {
        // "2/10 net 30" on 1 000.00: 2 % off when paid within 10 days of the invoice date (1 Jun 2026 → 11 Jun).
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30),
            discount: new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10))));
        return PaymentSchedule.Create(new Invoice("F-1", "C-001", D(2026, 6, 1), Eur(1000m), Eur(0m), terms), null, BuiltInCalendarProvider.Instance);
    }
}

public sealed class PaymentReversalEscalationTests
{
    [Fact]
    public void Evaluate_PaymentReversed_RemindersResumeWithoutRepeats()
    {
        var due = new LocalDate(2026, 4, 15);
        var open = Empty().Apply(Item("A", D(2026, 3, 15), due, 1210m));
        var paid = open.Apply(Pay("TR-1", D(2026, 4, 17), 1210m));
        var reversed = paid.Apply(new PaymentReversed("TR-1", D(2026, 4, 27), "Recibo devuelto"));
        var lines = Cobranza.Core.Tests.Escalation.EscalationFixtures.DayByDay(
            day => day < D(2026, 4, 17) ? open : day < D(2026, 4, 27) ? paid : reversed,
            Cobranza.Core.Escalation.EscalationPolicies.Default, due.PlusDays(-5), due.PlusDays(31));
        // The engine reads the snapshot: while TR-1 stands the item is settled (a thank-you, no reminders); once it
        // is reversed the item is overdue again and escalation resumes where it stands (the firm reminder that fell
        // due while the item was paid, then final and suspend on their days); the history keeps earlier stages from repeating.
        Assert.Equal(
            new[]
            {
                "2026-04-12: pre-due SendNotice Email reminder-before-due -> 2026-04-13 09:00",
                "2026-04-15: due-today SendNotice Email reminder-due-today -> 2026-04-15 10:00",
                "2026-04-16: call CreateTask PhoneCall task-call-customer -> 2026-04-16 10:00",
                "2026-04-17: payment-thank-you SendNotice Email payment-thank-you -> 2026-04-17 10:00",
                "2026-04-27: firm SendNotice Email reminder-firm -> 2026-04-27 10:00",
                "2026-04-30: final SendNotice Email notice-final -> 2026-04-30 10:00",
                "2026-04-30: final ChargeLateInterest - - -> 2026-04-30 10:00",
                "2026-04-30: final ApplyLateFee - - -> 2026-04-30 10:00",
                "2026-05-15: suspend SuspendService - - -> 2026-05-15 10:00",
                "2026-05-15: suspend SendNotice Email notice-service-suspended -> 2026-05-15 10:00",
            },
            lines);
    }
}
