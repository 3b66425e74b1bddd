using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Installments;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class LedgerEventTests
{
    [Fact]
    public void Apply_Event_ReturnsNewSnapshotWithVersionPlusOneAndLeavesOldUnchanged()
    {
        var before = TwoItems();
        var after = before.Apply(Pay("TR-1", D(2026, 3, 15), 100m));
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Empty(before.Payments);
        Assert.Equal(Eur(1000m), Get(before, "A").Outstanding);
    }

    [Fact]
    public void Apply_PrincipalPaidButFeeOwed_ItemNotSettled()
    {
        // The known failure the issue names: marking an item resolved when only the principal was paid.
        var account = TwoItems().Apply(PayExplicit("TR-0", D(2026, 3, 14), 1000m, ("A", 1000m)));
        Assert.True(Get(account, "A").IsSettled);
        var b = account.Apply(new CreditNoteIssued("NC-1", D(2026, 3, 15), "B", Eur(500m), "Abono total del principal"));
        var item = Get(b, "B");
        Assert.Equal(Eur(0m), item.PrincipalOutstanding);
        Assert.Equal(Eur(50m), item.Outstanding); // fee 40 + interest 10 still owed
        Assert.False(item.IsSettled);
    }

    [Fact]
    public void Apply_AllPaid_SettledOnPaymentDate_LaterChargeReopens()
    {
        var account = TwoItems().Apply(Pay("TR-1", D(2026, 3, 20), 550m, AllocationStrategy.CostsAndInterestFirst));
        account = account.Apply(PayExplicit("TR-2", D(2026, 3, 21), 550m, ("B", 500m)));
        Assert.Equal(D(2026, 3, 21), Get(account, "B").SettledOn);
        var reopened = account.Apply(new FeeCharged("LATE-FEE/B", D(2026, 3, 25), "B", Eur(15m), "Recargo"));
        Assert.Null(Get(reopened, "B").SettledOn);
        Assert.Equal(Eur(15m), Get(reopened, "B").Outstanding);
        Assert.Equal(Eur(50m), reopened.UnappliedCredit);
        var resettled = reopened.Apply(new UnappliedCreditApplied("CA-1", D(2026, 3, 26), AllocationStrategy.Explicit) { Allocations = [new ExplicitAllocation("B", Eur(15m))] });
        Assert.Equal(Eur(35m), resettled.UnappliedCredit);
        Assert.Equal(D(2026, 3, 26), Get(resettled, "B").SettledOn);
    }

    [Fact]
    public void Apply_SamePaymentTwice_ReturnsSameSnapshot()
    {
        var once = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 100m));
        Assert.Same(once, once.Apply(Pay("TR-1", D(2026, 3, 15), 100m)));
    }

    [Fact]
    public void Apply_SameReferenceDifferentAmount_ThrowsNamingBoth()
    {
        var once = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 100m));
        var ex = Assert.Throws<ArgumentException>(() => once.Apply(Pay("TR-1", D(2026, 3, 15), 120m)));
        Assert.Equal(
            "payment reference 'TR-1' was already applied on 2026-03-15 for 100.00 EUR; this payment is dated 2026-03-15 for 120.00 EUR. A reference identifies one payment: use another reference for another payment. (Parameter 'Reference')",
            ex.Message);
    }

    [Fact]
    public void Apply_PaymentInOtherCurrencyWithoutConversion_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(new PaymentReceived("TR-1", D(2026, 3, 15), Money.Of(100m, "USD"), AllocationStrategy.OldestDueFirst)));
        Assert.Equal("payment 'TR-1' is 100.00 USD but account 'ACC-1' is in EUR; supply a Conversion (rate or converter) to apply it. (Parameter 'Amount')", ex.Message);
    }

    [Fact]
    public void Apply_PaymentInOtherCurrencyWithRate_ConvertsAndRoundsToCent()
    {
        // 100.01 USD × 0.9235 = 92.359235 EUR → 92.36 EUR (rounded to the cent, away from zero).
        var e = new PaymentReceived("TR-1", D(2026, 3, 15), Money.Of(100.01m, "USD"), AllocationStrategy.OldestDueFirst)
        {
            Conversion = CurrencyConversion.AtRate(0.9235m),
        };
        var account = TwoItems().Apply(e);
        Assert.Equal(Eur(92.36m), account.Payments[0].Amount);
        Assert.Equal(Money.Of(100.01m, "USD"), account.Payments[0].OriginalAmount);
        Assert.Equal(Eur(92.36m), Get(account, "A").PrincipalPaid);
        Assert.Same(account, account.Apply(e));
    }

    [Fact]
    public void Apply_PaymentWithConverterDelegate_UsesItsRounding()
    {
        var e = new PaymentReceived("TR-1", D(2026, 3, 15), Money.Of(10m, "USD"), AllocationStrategy.OldestDueFirst)
        {
            Conversion = CurrencyConversion.Using((m, _) => m.Amount * 0.9125m, MidpointRounding.ToEven), // 9.125 → 9.12 (to even)
        };
        Assert.Equal(Eur(9.12m), TwoItems().Apply(e).Payments[0].Amount);
    }

    [Theory]
    [InlineData(0, "Amount must be positive (was 0.00 EUR).")]
    [InlineData(-5, "Amount must be positive (was -5.00 EUR).")]
    public void PaymentReceived_NotPositive_ThrowsNamingValue(decimal amount, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Pay("TR-1", D(2026, 3, 15), amount));
        Assert.Equal("Amount", ex.ParamName);
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void PaymentReceived_FractionOfCent_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pay("TR-1", D(2026, 3, 15), 10.005m));
        Assert.Equal("Amount must be in whole minor units of EUR (was 10.005 EUR). (Parameter 'Amount')", ex.Message);
    }

    [Fact]
    public void Apply_CreditNote_ReducesPrincipalAndIsIdempotent()
    {
        var e = new CreditNoteIssued("NC-1", D(2026, 2, 1), "A", Eur(200m), "Devolución parcial");
        var account = TwoItems().Apply(e);
        Assert.Equal(Eur(200m), Get(account, "A").Credited);
        Assert.Same(account, account.Apply(e));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(new CreditNoteIssued("NC-2", D(2026, 2, 1), "A", Eur(900m))));
        Assert.Equal("credit note 'NC-2' of 900.00 EUR exceeds the outstanding principal 800.00 EUR of item 'A'. (Parameter 'Amount')", ex.Message);
    }

    [Fact]
    public void Apply_SameFeeKeyTwice_PostedOnce()
    {
        // Directive 2011/7/EU art. 6(1): the EUR 40 recovery compensation is due once per invoice (late payment).
        var account = TwoItems();
        var again = account.Apply(new FeeCharged("EU-RECOVERY-40/B", D(2026, 3, 10), "B", Eur(40m), "Indemnización por costes de cobro"));
        Assert.Same(account, again);
        Assert.Equal(Eur(40m), Get(account, "B").FeesCharged);
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(new FeeCharged("EU-RECOVERY-40/B", D(2026, 3, 11), "B", Eur(40m), "Otra vez")));
        Assert.StartsWith("charge key 'EU-RECOVERY-40/B' was already posted on 2026-03-10 for 40.00 EUR to item 'B'", ex.Message);
    }

    [Fact]
    public void Apply_InterestThroughAlreadyPostedDay_Throws()
    {
        var account = TwoItems();
        Assert.Equal(D(2026, 3, 10), Get(account, "B").InterestPostedThrough);
        Assert.Same(account, account.Apply(new InterestPosted("B", D(2026, 3, 10), D(2026, 3, 10), Eur(10m))));
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(new InterestPosted("B", D(2026, 3, 12), D(2026, 3, 9), Eur(3m))));
        Assert.Equal("interest on item 'B' is already posted through 2026-03-10; a new posting must run through a later day (was 2026-03-09). (Parameter 'Through')", ex.Message);
        var later = account.Apply(new InterestPosted("B", D(2026, 3, 31), D(2026, 3, 31), Eur(2.5m)));
        Assert.Equal(Eur(12.5m), Get(later, "B").InterestCharged);
        Assert.Equal(2, later.Charges.Count(c => c.Kind == ChargeKind.Interest));
    }

    [Fact]
    public void Apply_DisputeOpenAndResolve()
    {
        var account = TwoItems().Apply(new DisputeOpened("A", new ItemDispute(D(2026, 2, 1), "Precio")));
        Assert.True(Get(account, "A").IsDisputed);
        var ex = Assert.Throws<ArgumentException>(() => account.Apply(new DisputeOpened("A", new ItemDispute(D(2026, 2, 2), "Otra"))));
        Assert.Equal("item 'A' is already disputed since 2026-02-01 ('Precio'). (Parameter 'ItemId')", ex.Message);
        Assert.False(Get(account.Apply(new DisputeResolved("A", D(2026, 2, 10))), "A").IsDisputed);
    }

    [Fact]
    public void Apply_PromiseAndLegalHold()
    {
        var promise = new PaymentPromise("P-1", D(2026, 3, 1), D(2026, 3, 20), Eur(500m), ["A"]);
        var account = TwoItems().Apply(new PromiseRecorded(promise)).Apply(new LegalHoldSet(new LegalHold(D(2026, 3, 2), "Concurso de acreedores")));
        Assert.Single(account.Promises);
        Assert.NotNull(account.LegalHold);
        Assert.Null(account.Apply(new LegalHoldReleased(D(2026, 4, 1))).LegalHold);
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(new LegalHoldReleased(D(2026, 4, 1))));
        Assert.Equal("account 'ACC-1' has no legal hold to release on 2026-04-01. (Parameter 'accountEvent')", ex.Message);
    }

    [Fact]
    public void Apply_UnknownItem_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(new FeeCharged("X", D(2026, 3, 10), "Z", Eur(1m), "x")));
        Assert.Equal("fee 'X' names unknown item 'Z' of account 'ACC-1'. (Parameter 'ItemId')", ex.Message);
    }

    [Fact]
    public void Apply_DuplicateItem_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 5m)));
        Assert.Equal("account 'ACC-1' already has an item 'A'. (Parameter 'Item')", ex.Message);
    }

    private static PaymentSchedule TwoTenNet30()
    {
        // "2/10 net 30" on 1 000.00: 2 % off when paid within 10 days of the invoice date (1 Jun 2026 → 11 Jun).
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30),
            discount: new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10))));
        return PaymentSchedule.Create(new Invoice("F-1", "C-001", D(2026, 6, 1), Eur(1000m), Eur(0m), terms), null, BuiltInCalendarProvider.Instance);
    }

    [Fact]
    public void Apply_PaymentWithinDiscountWindowCoveringDiscountedBalance_GrantsDiscountAndSettles()
    {
        var account = Ledger.Apply(Empty(), ItemAdded.From(TwoTenNet30()));
        var item = Get(account, "F-1/0");
        Assert.Equal(D(2026, 7, 1), item.DueDate);
        var paid = account.Apply(Pay("TR-1", D(2026, 6, 11), 980m));
        item = Get(paid, "F-1/0");
        Assert.Equal((Eur(20m), Eur(980m), D(2026, 6, 11)), (item.DiscountTaken, item.PrincipalPaid, item.SettledOn));
        Assert.Equal(Eur(20m), paid.Payments[0].Allocations[0].Discount);
    }

    [Fact]
    public void Apply_PaymentAfterWindowOrShort_NoDiscount()
    {
        var account = Ledger.Apply(Empty(), ItemAdded.From(TwoTenNet30()));
        var late = Get(account.Apply(Pay("TR-1", D(2026, 6, 12), 980m)), "F-1/0");
        Assert.Equal((Eur(0m), Eur(20m)), (late.DiscountTaken, late.Outstanding));
        var shortPaid = Get(account.Apply(Pay("TR-1", D(2026, 6, 5), 979.99m)), "F-1/0");
        Assert.Equal((Eur(0m), Eur(20.01m)), (shortPaid.DiscountTaken, shortPaid.Outstanding));
    }

    [Fact]
    public void Apply_PlanPayment_AppliesToPlanAndItems()
    {
        var account = Empty()
            .Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 200m))
            .Apply(Item("B", D(2026, 1, 1), D(2026, 2, 28), 100m));
        var schedule = new InstallmentPlanDefinition
        {
            Amount = Eur(300m), StartDate = D(2026, 3, 1), FirstDueDate = D(2026, 4, 1), InstallmentCount = 3,
            Method = AmortizationMethod.EqualParts, InstallmentFee = Eur(1m),
        }.CreateSchedule(BuiltInCalendarProvider.Instance);
        account = account.Apply(new PlanStarted(new PlanEnrollment("PL-1", D(2026, 3, 1), ["A", "B"], TrackedPlan.Start(schedule), true)));
        var paid = account.Apply(new PlanPaymentReceived("PL-1", "Q-1", D(2026, 4, 1), Eur(101m)));
        // The installment's 1.00 fee is posted to the oldest item (A) and paid; 100.00 goes to A's principal.
        var a = Get(paid, "A");
        Assert.Equal((Eur(1m), Eur(1m), Eur(100m)), (a.FeesCharged, a.FeesPaid, a.PrincipalPaid));
        Assert.Equal(Eur(101m), paid.Plans[0].Plan.TotalPaid);
        Assert.Equal("PL-1", paid.Payments[0].PlanId);
        Assert.Same(paid, paid.Apply(new PlanPaymentReceived("PL-1", "Q-1", D(2026, 4, 1), Eur(101m))));
        var clash = Assert.Throws<ArgumentException>(() => paid.Apply(Pay("Q-1", D(2026, 4, 1), 101m)));
        Assert.StartsWith("payment reference 'Q-1' was already applied on 2026-04-01 for 101.00 EUR to plan 'PL-1'; this payment is dated 2026-04-01 for 101.00 EUR.", clash.Message);

        // A regular payment skips plan items: it becomes credit.
        Assert.Equal(Eur(50m), paid.Apply(Pay("TR-9", D(2026, 4, 2), 50m)).UnappliedCredit);
    }
}
