using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class PaymentScheduleTests
{
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    /// <summary>The issue's example: 1 000 € + 21 % VAT, 50 % at one month, 50 % at two months, 2 % within 10 days.</summary>
    internal static Invoice IssueExample()
    {
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10));
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(1), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(2), discount: discount));
        return new Invoice("F-2026-001", "C-1", D(2026, 12, 15), Eur(1000m), Eur(210m), terms);
    }

    [Fact]
    public void Create_IssueExample_GivesExactDatesAmountsAndDiscounts()
    {
        var schedule = PaymentSchedule.Create(IssueExample(), null, Calendars);

        // Issue 3 example text: "50 % (605,00 €) vence el 15/01/2027; 50 % (605,00 €) vence el 15/02/2027.
        // Descuento del 2 % si paga antes del 25/12/2026." 2 % of 605,00 = 12,10.
        Assert.Collection(
            schedule.Portions,
            p =>
            {
                Assert.Equal(Eur(605m), p.Amount);
                Assert.Equal(D(2027, 1, 15), p.DueDate);
                var w = Assert.Single(p.Discounts);
                Assert.Equal(D(2026, 12, 25), w.LastDate);
                Assert.Equal(Eur(12.10m), w.Amount);
            },
            p =>
            {
                Assert.Equal(Eur(605m), p.Amount);
                Assert.Equal(D(2027, 2, 15), p.DueDate);
            });
    }

    [Fact]
    public void Create_ThreeEqualPercents_LastPortionAbsorbsTheCent()
    {
        // 30/60/90 as ERPNext's "3 equal installments" template: 100.00 -> 33.33, 33.33, 33.34 (the sum is exact).
        var third = 100m / 3m;
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(third), new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.OfPercent(third), new CalendarDaysRule(60)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90)));
        var schedule = PaymentSchedule.Create(new Invoice("F", "C", D(2026, 1, 1), Eur(100m), Eur(0m), terms), null, Calendars);
        Assert.Equal([33.33m, 33.33m, 33.34m], schedule.Portions.Select(p => p.Amount.Amount));
        Assert.Equal([D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1)], schedule.Portions.Select(p => p.DueDate));
    }

    [Fact]
    public void Create_DepositOnOrderDate_DueOnOrderDateAndBalanceNet30()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(30), DueDateRule.Immediate, BaseDateKind.OrderDate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30)));
        var invoice = new Invoice("F", "C", D(2026, 3, 10), Eur(826.46m), Eur(173.55m), terms, orderDate: D(2026, 3, 1));
        var schedule = PaymentSchedule.Create(invoice, null, Calendars);

        // 30 % of 1 000,01 = 300,003 -> 300,00; the balance takes 700,01.
        Assert.Equal(Eur(300.00m), schedule.Portions[0].Amount);
        Assert.Equal(D(2026, 3, 1), schedule.Portions[0].DueDate);
        Assert.Equal(Eur(700.01m), schedule.Portions[1].Amount);
        Assert.Equal(D(2026, 4, 9), schedule.Portions[1].DueDate);
    }

    [Fact]
    public void Create_FixedAmountAndBalance_BalanceTakesTheRest()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Eur(500m)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.OfPercent(10), new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(60)));
        var schedule = PaymentSchedule.Create(new Invoice("F", "C", D(2026, 1, 1), Eur(1000m), Eur(210m), terms), null, Calendars);
        Assert.Equal([500m, 121m, 589m], schedule.Portions.Select(p => p.Amount.Amount));
    }

    [Fact]
    public void Create_FixedAmountsExceedGross_ThrowsNamingTheInvoice()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Eur(2000m)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(60)));
        var ex = Assert.Throws<InvalidOperationException>(
            () => PaymentSchedule.Create(new Invoice("F-9", "C", D(2026, 1, 1), Eur(1000m), Eur(210m), terms), null, Calendars));
        Assert.Contains("'F-9'", ex.Message);
        Assert.Contains("-790.00 EUR", ex.Message);
    }

    [Fact]
    public void Create_DeliveryBaseWithoutDeliveryDate_Throws()
    {
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(60), BaseDateKind.DeliveryDate));
        var ex = Assert.Throws<InvalidOperationException>(
            () => PaymentSchedule.Create(new Invoice("F-7", "C", D(2026, 1, 1), Eur(100m), Eur(21m), terms), null, Calendars));
        Assert.Contains("'F-7' has no delivery date", ex.Message);
    }

    [Fact]
    public void Create_DeliveryBase_CountsFromDelivery()
    {
        // Ley 3/2004 art. 4.1: the 60 days count from the delivery of the goods or services.
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(60), BaseDateKind.DeliveryDate));
        var invoice = new Invoice("F", "C", D(2026, 1, 20), Eur(100m), Eur(21m), terms, deliveryDate: D(2026, 1, 10));
        Assert.Equal(D(2026, 3, 11), PaymentSchedule.Create(invoice, null, Calendars).Portions[0].DueDate);
    }

    [Fact]
    public void Create_PaymentDaysExcludedAugustAndSpanishCalendar_AppliedInOrder()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(40), new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.OfPercent(30), new CalendarDaysRule(60)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90)));
        var customer = new CustomerPaymentSettings(
            [5, 20], [ExcludedPeriod.Month(8, 5)], new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"));
        var invoice = new Invoice("F", "C", D(2026, 6, 1), Eur(1000m), Eur(210m), terms);
        var schedule = PaymentSchedule.Create(invoice, customer, Calendars);

        // 1 Jun + 30 = 1 Jul -> payment day 5 Jul 2026 (a Sunday) -> Following: Mon 6 Jul.
        var p0 = schedule.Portions[0];
        Assert.Equal((D(2026, 7, 1), D(2026, 7, 5), D(2026, 7, 6)), (p0.RuleDate, p0.UnadjustedDueDate, p0.DueDate));

        // 1 Jun + 60 = 31 Jul -> payment day 5 Aug -> August excluded -> 5 Sep 2026 (Saturday) -> Mon 7 Sep.
        var p1 = schedule.Portions[1];
        Assert.Equal((D(2026, 7, 31), D(2026, 9, 5), D(2026, 9, 7)), (p1.RuleDate, p1.UnadjustedDueDate, p1.DueDate));

        // 1 Jun + 90 = 30 Aug -> payment day 5 Sep (outside August) -> Mon 7 Sep.
        var p2 = schedule.Portions[2];
        Assert.Equal((D(2026, 8, 30), D(2026, 9, 5), D(2026, 9, 7)), (p2.RuleDate, p2.UnadjustedDueDate, p2.DueDate));
    }

    [Fact]
    public void Create_CustomerAdjustmentReplacesSellers()
    {
        var terms = new PaymentTerms(
            [new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30))],
            new BusinessDayAdjustment(BusinessDayConvention.Preceding, "ES"));
        var invoice = new Invoice("F", "C", D(2026, 2, 5), Eur(100m), Eur(21m), terms);

        // 5 Feb + 30 = Sun 7 Mar 2026: the seller's Preceding gives Fri 6 Mar, the customer's Following Mon 9 Mar.
        Assert.Equal(D(2026, 3, 6), PaymentSchedule.Create(invoice, null, Calendars).Portions[0].DueDate);
        var customer = new CustomerPaymentSettings([], [], new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"));
        Assert.Equal(D(2026, 3, 9), PaymentSchedule.Create(invoice, customer, Calendars).Portions[0].DueDate);
    }

    [Fact]
    public void Create_NetDiscountBase_SplitsNetOverPortions()
    {
        var discount = new EarlyPaymentDiscount([DiscountTier.PercentWithinDays(2m, 10)], DiscountBase.Net);
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarDaysRule(30), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarDaysRule(60), discount: discount));
        var schedule = PaymentSchedule.Create(new Invoice("F", "C", D(2026, 1, 1), Eur(1000m), Eur(210m), terms), null, Calendars);

        // Net 1 000,00 split 605:605 = 500,00 each; 2 % of 500,00 = 10,00 (the gross base would give 12,10).
        Assert.All(schedule.Portions, p =>
        {
            Assert.Equal(Eur(500m), p.DiscountBase);
            Assert.Equal(Eur(10m), p.Discounts[0].Amount);
        });
    }

    [Fact]
    public void Create_PercentDiscountOnHalfCent_RoundsHalfAwayFromZero()
    {
        // 2 % of 100,25 = 2,005 -> 2,01 (half away from zero, the commercial rule).
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30),
            discount: new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10))));
        var schedule = PaymentSchedule.Create(new Invoice("F", "C", D(2026, 1, 1), Eur(100.25m), Eur(0m), terms), null, Calendars);
        Assert.Equal(Eur(2.01m), schedule.Portions[0].Discounts[0].Amount);
    }

    [Fact]
    public void ToReceivableItems_OnePerPortion()
    {
        var items = PaymentSchedule.Create(IssueExample(), null, Calendars).ToReceivableItems();
        Assert.Equal(
            [
                new ReceivableItem("F-2026-001", 0, "C-1", D(2027, 1, 15), Eur(605m)),
                new ReceivableItem("F-2026-001", 1, "C-1", D(2027, 2, 15), Eur(605m)),
            ],
            items);
        Assert.Equal(Currency.EUR, items[0].Currency);
    }

    [Fact]
    public void PaymentTerms_TwoBalancePortions_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PaymentTerms(
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(60))));
        Assert.Contains("portions 0 and 1", ex.Message);
    }

    [Fact]
    public void PaymentTerms_PercentsNotHundred_ThrowsWithTheSum()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.OfPercent(40), new CalendarDaysRule(60))));
        Assert.Contains("(was 90)", ex.Message);
    }

    [Fact]
    public void PaymentTerms_FixedWithoutBalance_Throws()
        => Assert.Throws<ArgumentException>(() => new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Eur(10m)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(60))));

    [Fact]
    public void Invoice_TaxInOtherCurrency_Throws()
        => Assert.Throws<ArgumentException>(() => new Invoice("F", "C", D(2026, 1, 1), Eur(1m), Money.Of(1m, Currency.USD),
            new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), DueDateRule.Immediate))));

    [Fact]
    public void Invoice_FractionOfCent_ThrowsNamingTheArgument()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Invoice("F", "C", D(2026, 1, 1), Eur(1.005m), Eur(0m),
            new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), DueDateRule.Immediate))));
        Assert.Equal("net", ex.ParamName);
        Assert.Contains("1.005 EUR", ex.Message);
    }
}
