using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class PaymentTermsTextTests
{
    private static readonly Currency Eur = Currency.EUR;

    private static PaymentSchedule Schedule(PaymentTerms terms, decimal net = 1000m, decimal tax = 210m, LocalDate? order = null)
        => PaymentSchedule.Create(
            new Invoice("F-2026-001", "C-1", new LocalDate(2026, 12, 15), Money.Of(net, Eur), Money.Of(tax, Eur), terms, orderDate: order),
            null,
            BuiltInCalendarProvider.Instance);

    private static PaymentSchedule HalfAndHalf()
    {
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10));
        return Schedule(new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(1), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(2), discount: discount)));
    }

    [Fact]
    public void Describe_HalfAndHalfWithDiscount_Spanish()
        // 1 210,00 € (1 000 + 21 % VAT) in halves; 2 % of each 605,00 € is 12,10 €, 24,20 € together; the window is
        // 15 Dec + 10 days = 25 Dec, included ("hasta el").
        => Assert.Equal(
            "50 % (605,00 €) vence el 15/01/2027; 50 % (605,00 €) vence el 15/02/2027. Descuento del 2 % (24,20 €) si paga hasta el 25/12/2026.",
            PaymentTermsText.Describe(HalfAndHalf(), Language.Spanish));

    [Fact]
    public void Describe_HalfAndHalfWithDiscount_English()
        => Assert.Equal(
            "50% (€605.00) due 15 Jan 2027; 50% (€605.00) due 15 Feb 2027. 2% discount (€24.20) if paid by 25 Dec 2026.",
            PaymentTermsText.Describe(HalfAndHalf(), Language.English));

    [Fact]
    public void Describe_SinglePortion_AmountWithThousandsSeparator()
    {
        var schedule = Schedule(PaymentTermsNotation.Parse("Net 30"), 10000m, 2100m);
        // 15 Dec 2026 + 30 days = 14 Jan 2027.
        Assert.Equal("12.100,00 € vence el 14/01/2027.", PaymentTermsText.Describe(schedule, Language.Spanish));
        Assert.Equal("€12,100.00 due 14 Jan 2027.", PaymentTermsText.Describe(schedule, Language.English));
    }

    [Fact]
    public void Describe_Thirds_PercentRoundedForDisplayAmountsExact()
    {
        var schedule = Schedule(PaymentTermsNotation.Parse("30/60/90"), 100m, 0m);
        // 100,00 in thirds: 33,33 + 33,33 + 33,34; the balance shows the percent it leaves (33,33… %).
        Assert.Equal(
            "33,33 % (33,33 €) vence el 14/01/2027; 33,33 % (33,33 €) vence el 13/02/2027; 33,33 % (33,34 €) vence el 15/03/2027.",
            PaymentTermsText.Describe(schedule, Language.Spanish));
    }

    [Fact]
    public void Describe_AdvanceAndDiscountOnOnePortion_NamesThePortion()
    {
        var schedule = Schedule(PaymentTermsNotation.Parse("30% advance, 70% 2/10 Net 30"), order: new LocalDate(2026, 12, 1));
        // 30 % of 1 210,00 = 363,00 due on the order date; 70 % = 847,00; 2 % of 847,00 = 16,94 by 25 Dec 2026.
        Assert.Equal(
            "30 % (363,00 €) vence el 01/12/2026; 70 % (847,00 €) vence el 14/01/2027. Descuento del 2 % (16,94 €) sobre la fracción 2 si paga hasta el 25/12/2026.",
            PaymentTermsText.Describe(schedule, Language.Spanish));
        Assert.Equal(
            "30% (€363.00) due 1 Dec 2026; 70% (€847.00) due 14 Jan 2027. 2% discount (€16.94) on portion 2 if paid by 25 Dec 2026.",
            PaymentTermsText.Describe(schedule, Language.English));
    }

    [Fact]
    public void Describe_FixedAmountAndBalanceWithTwoTiers_RestAndTiersByDate()
    {
        var tiers = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(3m, 7), DiscountTier.AmountWithinDays(Money.Of(10m, Eur), 15));
        var schedule = Schedule(new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Money.Of(200m, Eur)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30), discount: tiers)));
        // Balance 1 210,00 - 200,00 = 1 010,00; 3 % = 30,30 by 22 Dec; 10,00 by 30 Dec.
        Assert.Equal(
            "200,00 € vence el 15/12/2026; resto (1.010,00 €) vence el 14/01/2027. Descuento del 3 % (30,30 €) sobre la fracción 2 si paga hasta el 22/12/2026. Descuento de 10,00 € sobre la fracción 2 si paga hasta el 30/12/2026.",
            PaymentTermsText.Describe(schedule, Language.Spanish));
        Assert.Equal(
            "€200.00 due 15 Dec 2026; balance (€1,010.00) due 14 Jan 2027. 3% discount (€30.30) on portion 2 if paid by 22 Dec 2026. Discount of €10.00 on portion 2 if paid by 30 Dec 2026.",
            PaymentTermsText.Describe(schedule, Language.English));
    }

    [Fact]
    public void Describe_LanguageWithoutLibraryTexts_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => PaymentTermsText.Describe(HalfAndHalf(), Language.FromTag("fr-CA")));
        Assert.Equal("language", ex.ParamName);
        Assert.Contains("(was 'fr-CA')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_RegionalSpanish_SpanishText()
        => Assert.Equal(PaymentTermsText.Describe(HalfAndHalf(), Language.Spanish), PaymentTermsText.Describe(HalfAndHalf(), Language.FromTag("es-CO")));
}
