using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class PaymentTermsNotationTests
{
    private static PaymentPortion Whole(DueDateRule rule, DiscountTier? tier = null)
        => new(PortionShare.OfPercent(100), rule, BaseDateKind.InvoiceDate, tier is null ? null : new EarlyPaymentDiscount(tier));

    [Fact]
    public void Parse_Net30_OnePortionThirtyCalendarDays()
        => Assert.Equal(new PaymentTerms(Whole(new CalendarDaysRule(30))), PaymentTermsNotation.Parse("Net 30"));

    [Fact]
    public void Parse_TwoTenNet30_TwoPercentWithinTenDays()
        // "2/10 net 30": 2 % off if paid within 10 days, otherwise the whole amount in 30 days (the usual US trade reading).
        => Assert.Equal(
            new PaymentTerms(Whole(new CalendarDaysRule(30), DiscountTier.PercentWithinDays(2, 10))),
            PaymentTermsNotation.Parse("2/10 Net 30"));

    [Fact]
    public void Parse_OneTenEom_DiscountTenDaysAfterEndOfMonthNetTwentyDaysLater()
        // EOM dating (Brechner, Contemporary Mathematics for Business and Consumers, "EOM dating"): the discount
        // period starts at the end of the invoice month; without a stated net term the net amount is due 20 days
        // after the discount date, i.e. 30 days after the end of the month.
        => Assert.Equal(
            new PaymentTerms(Whole(new EndOfMonthThenDaysRule(30), DiscountTier.PercentWithinDaysAfterEndOfMonth(1, 10))),
            PaymentTermsNotation.Parse("1/10 EOM"));

    [Fact]
    public void Parse_OneTenEom_ScheduleDiscountByTenthOfNextMonth()
    {
        var terms = PaymentTermsNotation.Parse("1/10 EOM");
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 1, 14), Money.Of(1000m, Currency.EUR), Money.Of(0m, Currency.EUR), terms);
        var schedule = PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
        var portion = Assert.Single(schedule.Portions);
        // End of January 2026 is 31 Jan: discount by 31 Jan + 10 = 10 Feb, net due 31 Jan + 30 = 2 Mar 2026; 1 % of 1 000,00 = 10,00.
        Assert.Equal(new LocalDate(2026, 2, 10), portion.Discounts[0].LastDate);
        Assert.Equal(Money.Of(10m, Currency.EUR), portion.Discounts[0].Amount);
        Assert.Equal(new LocalDate(2026, 3, 2), portion.DueDate);
    }

    [Fact]
    public void Parse_Net30Eom_ThirtyDaysAfterEndOfMonth()
        => Assert.Equal(new PaymentTerms(Whole(new EndOfMonthThenDaysRule(30))), PaymentTermsNotation.Parse("Net 30 EOM"));

    [Fact]
    public void Parse_306090_ThreeEqualInstallmentsLastTakesBalance()
    {
        var terms = PaymentTermsNotation.Parse("30/60/90");
        Assert.Equal(
            new PaymentTerms(
                new PaymentPortion(PortionShare.OfPercent(100m / 3), new CalendarDaysRule(30)),
                new PaymentPortion(PortionShare.OfPercent(100m / 3), new CalendarDaysRule(60)),
                new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90))),
            terms);
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 1, 1), Money.Of(100m, Currency.EUR), Money.Of(0m, Currency.EUR), terms);
        // 100,00 in thirds (largest remainder): 33,33 + 33,33 + 33,34.
        Assert.Equal(
            [33.33m, 33.33m, 33.34m],
            PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance).Portions.Select(p => p.Amount.Amount).ToArray());
    }

    [Fact]
    public void Parse_306090Eom_InstallmentsAfterEndOfMonth()
        => Assert.All(
            PaymentTermsNotation.Parse("30/60/90 EOM").Portions.Zip([30, 60, 90]),
            x => Assert.Equal(new EndOfMonthThenDaysRule(x.Second), x.First.Rule));

    [Fact]
    public void Parse_AdvanceAndNet_DepositOnOrderDate()
        => Assert.Equal(
            new PaymentTerms(
                new PaymentPortion(PortionShare.OfPercent(30), DueDateRule.Immediate, BaseDateKind.OrderDate),
                new PaymentPortion(PortionShare.OfPercent(70), new CalendarDaysRule(30))),
            PaymentTermsNotation.Parse("30% advance, 70% Net 30"));

    [Theory]
    [InlineData("net 30", "Net 30")]
    [InlineData("  NET30  ", "Net 30")]
    [InlineData("2 / 10 net 30", "2/10 Net 30")]
    [InlineData("1.5/10 Net 30", "1.5/10 Net 30")]
    [InlineData("1/10 eom", "1/10 EOM")]
    [InlineData("1/10 Net 30 EOM", "1/10 EOM")]
    [InlineData("1/10 Net 45 EOM", "1/10 Net 45 EOM")]
    [InlineData("30/60/90 eom", "30/60/90 EOM")]
    [InlineData("30 % ADVANCE,70 % 2/10 net 30", "30% advance, 70% 2/10 Net 30")]
    [InlineData("100% Net 30", "Net 30")]
    [InlineData("30/60", "30/60")]
    [InlineData("100 % advance", "100% advance")]
    public void Format_ParsedNotation_CanonicalSpelling(string notation, string canonical)
        => Assert.Equal(canonical, PaymentTermsNotation.Format(PaymentTermsNotation.Parse(notation)));

    [Theory]
    [InlineData("2/10 Nett 30", 5, "Nett", "Unexpected 'Nett' at position 5 in '2/10 Nett 30': expected 'Net' or 'EOM' after the discount.")]
    [InlineData("Net", 3, "", "Unexpected end of 'Net' at position 3: expected a whole number of days from 0 to 3660.")]
    [InlineData("Net -5", 4, "-", "Unexpected '-' at position 4 in 'Net -5': expected a whole number of days from 0 to 3660.")]
    [InlineData("Net 30.5", 4, "30.5", "Unexpected '30.5' at position 4 in 'Net 30.5': expected a whole number of days from 0 to 3660.")]
    [InlineData("2/40 Net 30", 2, "40", "Unexpected '40' at position 2 in '2/40 Net 30': expected a discount window of at most 30 days: the discount must end by the due date (Net 30).")]
    [InlineData("30% advance, 60% Net 30", 13, "60", "Unexpected '60' at position 13 in '30% advance, 60% Net 30': expected portions adding up to 100 % (they add up to 90 %).")]
    [InlineData("60/30", 3, "30", "Unexpected '30' at position 3 in '60/30': expected a number of days greater than 60 (installments are in increasing order).")]
    [InlineData("100/10 Net 30", 0, "100", "Unexpected '100' at position 0 in '100/10 Net 30': expected a discount percent greater than 0 and less than 100.")]
    [InlineData("Net 30 Net 60", 7, "Net", "Unexpected 'Net' at position 7 in 'Net 30 Net 60': expected the end of the terms.")]
    [InlineData("", 0, "", "Unexpected end of '' at position 0: expected payment terms such as 'Net 30', '2/10 Net 30', '30/60/90' or '30% advance, 70% Net 30'.")]
    public void TryParse_BadNotation_ErrorPointsAtToken(string notation, int position, string token, string message)
    {
        Assert.False(PaymentTermsNotation.TryParse(notation, out var terms, out var error));
        Assert.Null(terms);
        Assert.Equal(position, error.Position);
        Assert.Equal(token, error.Token);
        Assert.Equal(message, error.Message);
        Assert.False(error.IsAmbiguous);
    }

    [Fact]
    public void Parse_TwoNumbersEomAboveTenPercent_AmbiguousError()
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse("30/60 EOM"));
        Assert.True(ex.Error.IsAmbiguous);
        Assert.Equal(0, ex.Error.Position);
        Assert.Equal("30/60 EOM", ex.Error.Token);
        Assert.Equal(
            "Ambiguous '30/60 EOM' at position 0 in '30/60 EOM': expected an unambiguous form: '30/60 EOM' may be a 30 % discount or two installments; write '30/60 Net N EOM' for a discount, or '50% Net 30 EOM, 50% Net 60 EOM' for installments.",
            ex.Message);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void Format_FixedAmountShare_ThrowsWithReason()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Money.Of(100m, Currency.EUR)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30)));
        var ex = Assert.Throws<ArgumentException>(() => PaymentTermsNotation.Format(terms));
        Assert.Equal("terms", ex.ParamName);
        Assert.StartsWith("terms cannot be written in the short notation: portion 0 is a fixed-amount share", ex.Message);
    }

    [Fact]
    public void TryFormat_BusinessDaysRule_FalseWithReason()
    {
        var terms = new PaymentTerms(Whole(new BusinessDaysRule(10, "ES")));
        Assert.False(PaymentTermsNotation.TryFormat(terms, out var notation, out var reason));
        Assert.Null(notation);
        Assert.Contains("BusinessDaysRule", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFormat_TwoInstallmentsAfterEom_FalseBecauseAmbiguous()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new EndOfMonthThenDaysRule(30)),
            new PaymentPortion(PortionShare.Balance, new EndOfMonthThenDaysRule(60)));
        Assert.False(PaymentTermsNotation.TryFormat(terms, out _, out _));
    }

    public static class Formattable
    {
        private static Gen<PaymentPortion> Single(PortionShare share) =>
            from eom in Gen.Elements(true, false)
            from net in Gen.Choose(0, 180)
            from hasDiscount in Gen.Elements(true, false)
            from percentHundredths in Gen.Choose(1, 1500)
            from discountDays in Gen.Choose(0, 180)
            from shortEom in Gen.Elements(true, false)
            let days = Math.Min(discountDays, net)
            let percent = percentHundredths / 100m
            let netDays = eom && shortEom ? days + 20 : net
            select new PaymentPortion(
                share,
                eom ? new EndOfMonthThenDaysRule(netDays) : new CalendarDaysRule(netDays),
                BaseDateKind.InvoiceDate,
                hasDiscount
                    ? new EarlyPaymentDiscount(eom ? DiscountTier.PercentWithinDaysAfterEndOfMonth(percent, days) : DiscountTier.PercentWithinDays(percent, days))
                    : null);

        private static Gen<PaymentTerms> Installments() =>
            from eom in Gen.Elements(true, false)
            from n in Gen.Choose(eom ? 3 : 2, 8)
            from steps in Gen.ArrayOf(Gen.Choose(1, 45), n)
            let days = steps.Select((s, i) => steps.Take(i + 1).Sum() - 1).ToArray()
            select new PaymentTerms(days.Select((d, i) => new PaymentPortion(
                i < n - 1 ? PortionShare.OfPercent(100m / n) : PortionShare.Balance,
                eom ? new EndOfMonthThenDaysRule(d) : new CalendarDaysRule(d))).ToArray());

        private static Gen<PaymentTerms> Portions() =>
            from count in Gen.Choose(1, 3)
            from cuts in Gen.ArrayOf(Gen.Choose(1, 9999), count)
            let points = cuts.Select(c => c / 100m).Distinct().Order().ToArray()
            let percents = points.Zip(points.Skip(1).Append(100m), (a, b) => b - a).Prepend(points[0]).ToArray()
            from advance in Gen.ArrayOf(Gen.Elements(true, false), percents.Length)
            from singles in Gen.ArrayOf(Single(PortionShare.Balance), percents.Length)
            select new PaymentTerms(percents.Select((p, i) => advance[i]
                ? new PaymentPortion(PortionShare.OfPercent(p), DueDateRule.Immediate, BaseDateKind.OrderDate)
                : new PaymentPortion(PortionShare.OfPercent(p), singles[i].Rule, singles[i].BaseDate, singles[i].Discount)).ToArray());

        public static Arbitrary<PaymentTerms> Terms() => Gen.OneOf(
                Single(PortionShare.OfPercent(100)).Select(p => new PaymentTerms(p)),
                Installments(),
                Portions())
            .ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Formattable)])]
    public void Parse_FormatOfFormattableTerms_RoundTrips(PaymentTerms terms)
    {
        string notation = PaymentTermsNotation.Format(terms);
        Assert.Equal(terms, PaymentTermsNotation.Parse(notation));
    }
}
