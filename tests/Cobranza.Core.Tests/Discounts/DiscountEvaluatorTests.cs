using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Discounts;

public sealed class DiscountEvaluatorTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static ScheduledPortion Portion(PartialPaymentRule rule, params DiscountTier[] tiers)
    {
        // 1 000,00 € (no tax), net 30 from 1 Jun 2026.
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30),
            discount: new EarlyPaymentDiscount(tiers, DiscountBase.Gross, rule)));
        var invoice = new Invoice("F-1", "C", D(2026, 6, 1), Eur(1000m), Eur(0m), terms, deliveryDate: D(2026, 6, 15));
        return PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance).Portions[0];
    }

    private static ScheduledPortion TwoTenNet30(PartialPaymentRule rule = PartialPaymentRule.Proportional)
        => Portion(rule, DiscountTier.PercentWithinDays(2m, 10));

    [Fact]
    public void Evaluate_TwoTenNet30_PaidInFullOnDayTen_TakesTwoPercent()
    {
        // "2/10 net 30": 2 % off if paid within 10 days of the invoice date (the classic US trade-credit term;
        // e.g. Brealey, Myers and Allen, Principles of Corporate Finance, ch. "Credit management").
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 11), Eur(980m));
        Assert.Equal(DiscountOutcome.FullDiscount, result.Outcome);
        Assert.Equal(Eur(20m), result.Discount);
        Assert.Equal(Eur(0m), result.RemainingDue);
        Assert.Equal(Eur(0m), result.Excess);
    }

    [Fact]
    public void Evaluate_TwoTenNet30_PaidOnDayEleven_NoDiscount()
    {
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 12), Eur(1000m));
        Assert.Equal(DiscountOutcome.WindowClosed, result.Outcome);
        Assert.Equal(Eur(0m), result.Discount);
        Assert.Equal(Eur(0m), result.RemainingDue);
    }

    [Fact]
    public void Evaluate_HalfPaidProportional_HalfTheDiscount()
    {
        // 490,00 is half of 980,00, so it earns half of 20,00.
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 5), Eur(490m));
        Assert.Equal(DiscountOutcome.ProportionalDiscount, result.Outcome);
        Assert.Equal(Eur(10m), result.Discount);
        Assert.Equal(Eur(500m), result.RemainingDue);
    }

    [Fact]
    public void Evaluate_PartProportional_TruncatesToTheCent()
    {
        // 20 x 100 / 980 = 2,0408... -> 2,04 (truncated so part payments never earn more than the whole discount).
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 5), Eur(100m));
        Assert.Equal(Eur(2.04m), result.Discount);
        Assert.Equal(Eur(897.96m), result.RemainingDue);
    }

    [Fact]
    public void Evaluate_HalfPaidFullPaymentOnly_NoDiscount()
    {
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(PartialPaymentRule.FullPaymentOnly), D(2026, 6, 5), Eur(490m));
        Assert.Equal(DiscountOutcome.NotPaidInFull, result.Outcome);
        Assert.Equal(Eur(0m), result.Discount);
        Assert.Equal(Eur(510m), result.RemainingDue);
    }

    [Fact]
    public void Evaluate_Overpayment_ReportsExcess()
    {
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 5), Eur(1000m));
        Assert.Equal(Eur(20m), result.Excess);
        Assert.Equal(Eur(0m), result.RemainingDue);
    }

    [Theory]
    // "3 % in 7 days, 2 % in 15 days, net 30" (the issue's example of several tiers).
    [InlineData(8, 30)]
    [InlineData(9, 20)]
    [InlineData(16, 20)]
    [InlineData(17, 0)]
    public void Evaluate_TwoTiers_BestOpenTier(int day, int discount)
    {
        var portion = Portion(PartialPaymentRule.Proportional, DiscountTier.PercentWithinDays(3m, 7), DiscountTier.PercentWithinDays(2m, 15));
        var result = DiscountEvaluator.Evaluate(portion, D(2026, 6, day), Eur(1000m));
        Assert.Equal(Eur(discount), result.Discount);
    }

    [Fact]
    public void Evaluate_PrepaymentBeforeDelivery_TakesPrepaymentDiscount()
    {
        var portion = Portion(PartialPaymentRule.FullPaymentOnly, DiscountTier.Prepayment(1.5m, DiscountDeadlineKind.BeforeDeliveryDate));
        Assert.Equal(D(2026, 6, 14), portion.Discounts[0].LastDate);
        Assert.Equal(Eur(15m), DiscountEvaluator.Evaluate(portion, D(2026, 6, 14), Eur(985m)).Discount);
        Assert.Equal(Eur(0m), DiscountEvaluator.Evaluate(portion, D(2026, 6, 15), Eur(985m)).Discount);
    }

    [Fact]
    public void Evaluate_FixedAmountByExactDate()
    {
        var portion = Portion(PartialPaymentRule.Proportional, DiscountTier.AmountBy(Eur(25m), D(2026, 6, 20)));
        Assert.Equal(Eur(25m), DiscountEvaluator.Evaluate(portion, D(2026, 6, 20), Eur(975m)).Discount);
        Assert.Equal(Eur(0m), DiscountEvaluator.Evaluate(portion, D(2026, 6, 21), Eur(975m)).Discount);
    }

    [Fact]
    public void Evaluate_NoDiscount_SettlesPlainly()
    {
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30)));
        var portion = PaymentSchedule.Create(new Invoice("F", "C", D(2026, 6, 1), Eur(100m), Eur(0m), terms), null, BuiltInCalendarProvider.Instance).Portions[0];
        var result = DiscountEvaluator.Evaluate(portion, D(2026, 6, 2), Eur(40m));
        Assert.Equal(DiscountOutcome.NoDiscountOffered, result.Outcome);
        Assert.Equal(Eur(60m), result.RemainingDue);
    }

    [Fact]
    public void Evaluate_OtherCurrency_Throws()
        => Assert.Throws<ArgumentException>(() => DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 5), Money.Of(1m, Currency.USD)));

    [Fact]
    public void Evaluate_ZeroAmount_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, 5), Eur(0m)));
        Assert.Contains("(was 0.00 EUR)", ex.Message);
    }

    [Fact]
    public void EvaluateSchedule_PaysEarliestDueFirst()
    {
        var schedule = PaymentSchedule.Create(Tests.Terms.PaymentScheduleTests.IssueExample(), null, BuiltInCalendarProvider.Instance);

        // 592,90 settles the first portion with its 12,10 discount; the other 605,00 stays due.
        var result = DiscountEvaluator.Evaluate(schedule, D(2026, 12, 20), Eur(700m));
        Assert.Equal(2, result.Portions.Count);
        Assert.Equal(Eur(12.10m), result.Portions[0].Discount);
        Assert.Equal(Eur(107.10m), result.Portions[1].Paid);
        Assert.Equal(Eur(12.10m + 2.18m), result.Discount); // 12,10 x 107,10 / 592,90 = 2,1856 -> 2,18
        Assert.Equal(Eur(605m - 107.10m - 2.18m), result.RemainingDue);
        Assert.Equal(Eur(0m), result.Excess);
    }

    [Theory]
    [InlineData("es", 5, 980,
        "Descuento de 20,00 € (2 %, tramo 1) aplicado: pagado el 05/06/2026, no más tarde del 11/06/2026; no queda nada pendiente.")]
    [InlineData("en", 5, 980,
        "Discount of €20.00 (2%, tier 1) taken: paid on 5 Jun 2026, on or before 11 Jun 2026; nothing remains due.")]
    [InlineData("es", 5, 490,
        "Descuento proporcional de 10,00 € (2 %, tramo 1): pagados 490,00 € el 05/06/2026, no más tarde del 11/06/2026; quedan pendientes 500,00 €.")]
    [InlineData("en", 5, 490,
        "Proportional discount of €10.00 (2%, tier 1): €490.00 paid on 5 Jun 2026, on or before 11 Jun 2026; €500.00 remains due.")]
    [InlineData("es", 12, 1000,
        "Sin descuento: pagado el 12/06/2026, después del último día con descuento (11/06/2026); no queda nada pendiente.")]
    [InlineData("en", 12, 1000,
        "No discount: paid on 12 Jun 2026, after the last discount day (11 Jun 2026); nothing remains due.")]
    public void Describe_ExactText(string tag, int day, int paid, string expected)
    {
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(), D(2026, 6, day), Eur(paid));
        Assert.Equal(expected, DiscountEvaluator.Describe(result, Language.FromTag(tag)));
    }

    [Theory]
    [InlineData("es",
        "Sin descuento: el pago de 490,00 € del 05/06/2026 no liquida la fracción completa (hacían falta 980,00 € hasta el 11/06/2026); quedan pendientes 510,00 €.")]
    [InlineData("en",
        "No discount: the payment of €490.00 on 5 Jun 2026 does not settle the portion in full (€980.00 needed by 11 Jun 2026); €510.00 remains due.")]
    public void Describe_NotPaidInFull_ExactText(string tag, string expected)
    {
        var result = DiscountEvaluator.Evaluate(TwoTenNet30(PartialPaymentRule.FullPaymentOnly), D(2026, 6, 5), Eur(490m));
        Assert.Equal(expected, DiscountEvaluator.Describe(result, Language.FromTag(tag)));
    }
}
