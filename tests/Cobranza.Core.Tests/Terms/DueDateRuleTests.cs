using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class DueDateRuleTests
{
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void CalendarDays_Net30_CountsCalendarDays()
        // ERPNext "Day(s) after invoice date", credit days 30: 15 Jan + 30 days = 14 Feb.
        => Assert.Equal(D(2026, 2, 14), new CalendarDaysRule(30).Apply(D(2026, 1, 15), Calendars));

    [Fact]
    public void Immediate_AnyDate_IsTheBaseDate()
        => Assert.Equal(D(2026, 3, 7), DueDateRule.Immediate.Apply(D(2026, 3, 7), Calendars));

    [Theory]
    // Jan 31 + 1 month: the month's last day (28 Feb; 29 Feb in a leap year), not 3 March (the JavaScript Date
    // overflow). Same clamp as java.time LocalDate.plusMonths and NodaTime LocalDate.PlusMonths.
    [InlineData(2026, 1, 31, 1, 2026, 2, 28)]
    [InlineData(2024, 1, 31, 1, 2024, 2, 29)]
    [InlineData(2026, 3, 31, 1, 2026, 4, 30)]
    [InlineData(2026, 1, 15, 2, 2026, 3, 15)]
    [InlineData(2026, 11, 30, 3, 2027, 2, 28)]
    public void CalendarMonths_DayMissingInTargetMonth_ClampsToMonthEnd(int y, int m, int d, int months, int ey, int em, int ed)
        => Assert.Equal(D(ey, em, ed), new CalendarMonthsRule(months).Apply(D(y, m, d), Calendars));

    [Fact]
    public void EndOfMonthThenDays_Eom45_GoesToMonthEndFirst()
        // "fin de mes + 45 días": 31 Jan 2026 + 45 days = 17 Mar 2026 (28 days of February + 17).
        => Assert.Equal(D(2026, 3, 17), new EndOfMonthThenDaysRule(45).Apply(D(2026, 1, 10), Calendars));

    [Fact]
    public void DaysThenEndOfMonth_45Eom_AddsDaysFirst()
        // "45 días, fin de mes" (French LME "45 jours fin de mois"): 10 Jan + 45 days = 24 Feb, end of month 28 Feb 2026.
        => Assert.Equal(D(2026, 2, 28), new DaysThenEndOfMonthRule(45).Apply(D(2026, 1, 10), Calendars));

    [Fact]
    public void Eom45_And45Eom_GiveDifferentDates()
        => Assert.NotEqual(
            new EndOfMonthThenDaysRule(45).Apply(D(2026, 1, 10), Calendars),
            new DaysThenEndOfMonthRule(45).Apply(D(2026, 1, 10), Calendars));

    [Theory]
    // OCA account-invoicing, account_payment_term_extension README: with Odoo's "30 days end of month", an invoice of
    // 30 January is due on 31 March (30 Jan + 30 days = 1 Mar, then end of month). In a leap year 30 Jan + 30 = 29 Feb.
    [InlineData(2023, 3, 31)]
    [InlineData(2024, 2, 29)]
    public void DaysThenEndOfMonth_OdooThirtyDaysEndOfMonth_MatchesOcaExample(int year, int em, int ed)
        => Assert.Equal(D(year, em, ed), new DaysThenEndOfMonthRule(30).Apply(D(year, 1, 30), Calendars));

    [Fact]
    public void EndOfMonthThenDays_ErpNextDaysAfterEndOfInvoiceMonth()
        // ERPNext "Day(s) after the end of the invoice month", 30 days: 31 Jan 2026 + 30 = 2 Mar 2026.
        => Assert.Equal(D(2026, 3, 2), new EndOfMonthThenDaysRule(30).Apply(D(2026, 1, 10), Calendars));

    [Theory]
    [InlineData(1, 10, 2026, 2, 10)]
    [InlineData(1, 31, 2026, 2, 28)] // ERPNext "Month(s) after the end of the invoice month": last day of February.
    [InlineData(1, 30, 2026, 2, 28)] // day 30 does not exist in February 2026: clamped to the 28th.
    [InlineData(2, 31, 2026, 3, 31)]
    [InlineData(12, 5, 2027, 1, 5)]
    public void MonthsAfterEndOfMonth_DayClampedToTargetMonth(int months, int day, int ey, int em, int ed)
        => Assert.Equal(D(ey, em, ed), new MonthsAfterEndOfMonthRule(months, day).Apply(D(2026, 1, 15), Calendars));

    [Theory]
    // The example: invoices up to the 15th are due on the 5th of next month, later ones on the 20th.
    [InlineData(2026, 1, 1, 2026, 2, 5)]
    [InlineData(2026, 1, 15, 2026, 2, 5)]
    [InlineData(2026, 1, 16, 2026, 2, 20)]
    [InlineData(2026, 12, 31, 2027, 1, 20)]
    public void CutOffDay_SplitsTheMonthAtTheCutOff(int y, int m, int d, int ey, int em, int ed)
        => Assert.Equal(D(ey, em, ed), new CutOffDayRule(15, 5, 20).Apply(D(y, m, d), Calendars));

    [Fact]
    public void BusinessDays_SkipsWeekendAndHoliday()
        // 6 January (Epifanía del Señor) is a national holiday in Spain (Real Decreto 2001/1983, art. 45; the built-in
        // "ES" calendar). From Friday 2 Jan 2026: Mon 5 (1), Wed 7 (2), Thu 8 (3), Fri 9 (4), Mon 12 (5).
        => Assert.Equal(D(2026, 1, 12), new BusinessDaysRule(5, "ES").Apply(D(2026, 1, 2), Calendars));

    [Fact]
    public void BusinessDays_UnknownCalendar_Throws()
        => Assert.Throws<ArgumentException>(() => new BusinessDaysRule(5, "XX").Apply(D(2026, 1, 2), Calendars));

    [Theory]
    [InlineData(-1)]
    [InlineData(DueDateRule.MaxDays + 1)]
    public void CalendarDays_OutOfRange_ThrowsNamingTheValue(int days)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CalendarDaysRule(days));
        Assert.Equal("days", ex.ParamName);
        Assert.Contains($"was {days}", ex.Message);
    }

    [Fact]
    public void MonthsAfterEndOfMonth_Day32_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MonthsAfterEndOfMonthRule(1, 32));
        Assert.Equal("day", ex.ParamName);
    }

    [Fact]
    public void CutOffDay_ZeroMonths_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new CutOffDayRule(15, 5, 20, monthsAfterCutOff: 0));

    [Fact]
    public void Rules_WithSameValues_AreEqual()
    {
        Assert.Equal(new CalendarDaysRule(30), new CalendarDaysRule(30));
        Assert.NotEqual<DueDateRule>(new CalendarDaysRule(30), new EndOfMonthThenDaysRule(30));
        Assert.Equal(new CutOffDayRule(15, 5, 20), new CutOffDayRule(15, 5, 20, 1, 1));
    }
}
