using System;
using System.Collections.Immutable;
using Cobranza.Core.Discounts;
using Cobranza.Core.Receivables;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class SnapshotValidationTests
{
    private static AccountItem NewItem(
        decimal amount = 100m, Money? principalPaid = null, Money? interestCharged = null, Money? interestPaid = null, Money? feesCharged = null,
        Money? feesPaid = null, NodaTime.LocalDate? settledOn = null, NodaTime.LocalDate? due = null)
        => new("A", "F-1", 0, D(2026, 1, 1), due ?? D(2026, 1, 31), Eur(amount), principalPaid, null, null, interestCharged, interestPaid, feesCharged, feesPaid, settledOn);

    [Fact]
    public void AccountItem_DueBeforeIssue_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(due: D(2025, 12, 31)));
        Assert.Equal("dueDate (2025-12-31) must not be before issueDate (2026-01-01) of item 'A'. (Parameter 'dueDate')", ex.Message);
    }

    [Fact]
    public void AccountItem_NotPositiveAmount_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(amount: 0m));
        Assert.Equal("amount must be positive (was 0.00 EUR) for item 'A'. (Parameter 'amount')", ex.Message);
    }

    [Fact]
    public void AccountItem_PaidMoreThanAmount_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(principalPaid: Eur(101m)));
        Assert.Equal("principal paid (101.00 EUR) + credited (0.00 EUR) + discount (0.00 EUR) exceed the amount (100.00 EUR) of item 'A'. (Parameter 'principalPaid')", ex.Message);
    }

    [Fact]
    public void AccountItem_InterestPaidAboveCharged_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(interestCharged: Eur(1m), interestPaid: Eur(2m)));
        Assert.Equal("interestPaid (2.00 EUR) exceeds interestCharged (1.00 EUR) of item 'A'. (Parameter 'interestPaid')", ex.Message);
    }

    [Fact]
    public void AccountItem_FeesPaidAboveCharged_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(feesPaid: Eur(2m)));
        Assert.Equal("feesPaid (2.00 EUR) exceeds feesCharged (0.00 EUR) of item 'A'. (Parameter 'feesPaid')", ex.Message);
    }

    [Fact]
    public void AccountItem_NegativeOrOtherCurrency_Throws()
    {
        var negative = Assert.Throws<ArgumentException>(() => NewItem(feesCharged: Eur(-1m)));
        Assert.Equal("feesCharged must not be negative (was -1.00 EUR). (Parameter 'feesCharged')", negative.Message);
        var currency = Assert.Throws<ArgumentException>(() => NewItem(principalPaid: Money.Of(1m, "USD")));
        Assert.Equal("principalPaid is in USD but the item is in EUR. (Parameter 'principalPaid')", currency.Message);
    }

    [Fact]
    public void AccountItem_PrincipalPaidFeeOwed_NotSettledAndSettledOnRefused()
    {
        // Settled only when principal, interest and fees are all paid.
        var ex = Assert.Throws<ArgumentException>(() => NewItem(principalPaid: Eur(100m), feesCharged: Eur(40m), settledOn: D(2026, 2, 1)));
        Assert.Equal("item 'A' still owes 40.00 EUR, so settledOn must be null (was 2026-02-01). (Parameter 'settledOn')", ex.Message);
        Assert.False(NewItem(principalPaid: Eur(100m), feesCharged: Eur(40m)).IsSettled);
    }

    [Fact]
    public void AccountItem_FullyPaidWithoutSettledOn_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NewItem(principalPaid: Eur(100m)));
        Assert.Equal("item 'A' is fully paid, so settledOn is required. (Parameter 'settledOn')", ex.Message);
    }

    [Fact]
    public void AccountItem_DiscountTermsNotLessThanAmount_Throws()
    {
        var tier = new ScheduledDiscount(0, DiscountTier.PercentWithinDays(2m, 10), D(2026, 1, 11), Eur(100m));
        var ex = Assert.Throws<ArgumentException>(() => new AccountItem("A", "F-1", 0, D(2026, 1, 1), D(2026, 1, 31), Eur(100m)) { DiscountTerms = [tier] });
        Assert.Equal("DiscountTerms[0] of item 'A' must be positive and less than the amount 100.00 EUR (was 100.00 EUR). (Parameter 'DiscountTerms')", ex.Message);
    }

    [Fact]
    public void AccountPayment_NotPositive_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AccountPayment("TR-1", D(2026, 2, 1), Eur(0m), null, default));
        Assert.Equal("amount of payment 'TR-1' must be positive (was 0.00 EUR). (Parameter 'amount')", ex.Message);
    }

    [Fact]
    public void AccountPayment_AllocationsExceedAmount_Throws()
    {
        var allocation = new PaymentAllocation("A", Eur(0m), Eur(0m), Eur(60m), Eur(0m));
        var ex = Assert.Throws<ArgumentException>(() => new AccountPayment("TR-1", D(2026, 2, 1), Eur(50m), null, [allocation]));
        Assert.Equal("allocations of payment 'TR-1' (60.00 EUR) exceed its amount (50.00 EUR). (Parameter 'allocations')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_DuplicateItemId_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), [NewItem(), NewItem()]));
        Assert.Equal("items contains the id 'A' twice. (Parameter 'items')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_DuplicatePaymentReference_Throws()
    {
        var p = new AccountPayment("TR-1", D(2026, 2, 1), Eur(5m), null, default);
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), [NewItem()], [p, p]));
        Assert.Equal("payments contains the reference 'TR-1' twice. (Parameter 'payments')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_PaymentOnUnknownItem_Throws()
    {
        var p = new AccountPayment("TR-1", D(2026, 2, 1), Eur(5m), null, [new PaymentAllocation("Z", Eur(0m), Eur(0m), Eur(5m), Eur(0m))]);
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), [NewItem()], [p]));
        Assert.Equal("payment 'TR-1' is applied to unknown item 'Z'. (Parameter 'payments')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_NegativeCreditOrVersion_Throws()
    {
        var credit = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), unappliedCredit: Eur(-1m)));
        Assert.Equal("unappliedCredit must not be negative (was -1.00 EUR). (Parameter 'unappliedCredit')", credit.Message);
        var version = Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), version: -1));
        Assert.StartsWith("version must not be negative (was -1).", version.Message);
    }

    [Fact]
    public void CustomerAccount_ItemInOtherCurrency_Throws()
    {
        var usd = new AccountItem("U", "F-9", 0, D(2026, 1, 1), D(2026, 1, 31), Money.Of(5m, "USD"));
        var ex = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), [usd]));
        Assert.Equal("items: 5.00 USD is in USD but account 'ACC-1' is in EUR. (Parameter 'items')", ex.Message);
    }

    [Fact]
    public void CustomerAccount_ChargeKeyTwiceOrUnknownItem_Throws()
    {
        var charge = new AccountCharge("K", "A", D(2026, 2, 1), ChargeKind.Fee, Eur(1m), "x", null);
        var twice = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer(), [NewItem()]) { Charges = [charge, charge] });
        Assert.Equal("Charges contains the key 'K' twice. (Parameter 'Charges')", twice.Message);
        var unknown = Assert.Throws<ArgumentException>(() => new CustomerAccount("ACC-1", Currency.EUR, Customer()) { Credits = [new CreditNote("NC", D(2026, 2, 1), "Z", Eur(1m), null)] });
        Assert.Equal("credit note 'NC' names unknown item 'Z'. (Parameter 'Credits')", unknown.Message);
    }

    [Fact]
    public void PaymentPromise_DateBeforeMade_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PaymentPromise("P", D(2026, 3, 1), D(2026, 2, 1), Eur(1m), default));
        Assert.Equal("PromisedDate (2026-02-01) must not be before MadeOn (2026-03-01). (Parameter 'PromisedDate')", ex.Message);
    }

    [Fact]
    public void PlanEnrollment_NoItems_Throws()
    {
        var schedule = new Cobranza.Core.Installments.InstallmentPlanDefinition
        {
            Amount = Eur(100m), StartDate = D(2026, 1, 1), FirstDueDate = D(2026, 2, 1), InstallmentCount = 1,
        }.CreateSchedule(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance);
        var ex = Assert.Throws<ArgumentException>(() => new PlanEnrollment("PL", D(2026, 1, 1), ImmutableArray<string>.Empty, Cobranza.Core.Installments.TrackedPlan.Start(schedule), false));
        Assert.Equal("ItemIds of plan 'PL' must name at least one item. (Parameter 'ItemIds')", ex.Message);
    }

    [Fact]
    public void ItemDispute_EmptyReason_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ItemDispute(D(2026, 1, 1), " "));
        Assert.Equal("Reason must not be empty or white space (was ' '). (Parameter 'Reason')", ex.Message);
    }
}
