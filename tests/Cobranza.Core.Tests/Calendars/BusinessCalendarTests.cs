using System;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

public sealed class BusinessCalendarTests
{
    // A small calendar: Sat+Sun weekend, holidays Fri 1 Mar 2024 and Mon 4 Mar 2024 (a four-day gap Fri-Mon),
    // Fri 31 May 2024 (month end), Mon 3 Jun 2024 (month start).
    private static readonly BusinessCalendar Test = BusinessCalendar.Create(
        "TEST", "Test", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday],
        [
            HolidayRule.OneOff("A", new LocalDate(2024, 3, 1)),
            HolidayRule.OneOff("B", new LocalDate(2024, 3, 4)),
            HolidayRule.OneOff("C", new LocalDate(2024, 5, 31)),
            HolidayRule.OneOff("D", new LocalDate(2024, 6, 3)),
        ],
        2023,
        2025);

    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(BusinessDayConvention.Unadjusted, 2024, 3, 2)]
    [InlineData(BusinessDayConvention.Following, 2024, 3, 5)]
    [InlineData(BusinessDayConvention.ModifiedFollowing, 2024, 3, 5)]
    [InlineData(BusinessDayConvention.Preceding, 2024, 2, 29)]
    [InlineData(BusinessDayConvention.ModifiedPreceding, 2024, 3, 5)] // preceding (29 Feb) leaves March
    [InlineData(BusinessDayConvention.Nearest, 2024, 2, 29)] // Sat 2 Mar: 29 Feb is 2 days back, 5 Mar 3 days ahead
    public void Adjust_SaturdayInHolidayGap_EachConvention(BusinessDayConvention convention, int y, int m, int d)
        => Assert.Equal(D(y, m, d), Test.Adjust(D(2024, 3, 2), convention));

    [Fact]
    public void Adjust_ModifiedFollowingAtMonthEnd_GoesBack()
    {
        // Fri 31 May 2024 is a holiday, next business day is Tue 4 Jun (June): go back to Thu 30 May.
        Assert.Equal(D(2024, 5, 30), Test.Adjust(D(2024, 5, 31), BusinessDayConvention.ModifiedFollowing));
        Assert.Equal(D(2024, 6, 4), Test.Adjust(D(2024, 5, 31), BusinessDayConvention.Following));
    }

    [Fact]
    public void Adjust_ModifiedPrecedingAtMonthStart_GoesForward()
    {
        // Sat 1 Jun 2024: preceding is Thu 30 May (May), so ModifiedPreceding goes forward to Tue 4 Jun.
        Assert.Equal(D(2024, 6, 4), Test.Adjust(D(2024, 6, 1), BusinessDayConvention.ModifiedPreceding));
        Assert.Equal(D(2024, 5, 30), Test.Adjust(D(2024, 6, 1), BusinessDayConvention.Preceding));
    }

    [Fact]
    public void Adjust_NearestTie_PicksFollowing()
    {
        // Sun 3 Mar 2024: 29 Feb is 3 days back, Tue 5 Mar 2 days ahead -> 5 Mar. Sat 6 Jan 2024 (plain weekend):
        // Fri 5 Jan is 1 back, Mon 8 Jan 2 ahead -> Friday; Sun 7 Jan: tie-free, Monday is 1 ahead.
        Assert.Equal(D(2024, 3, 5), Test.Adjust(D(2024, 3, 3), BusinessDayConvention.Nearest));
        Assert.Equal(D(2024, 1, 5), Test.Adjust(D(2024, 1, 6), BusinessDayConvention.Nearest));
        Assert.Equal(D(2024, 1, 8), Test.Adjust(D(2024, 1, 7), BusinessDayConvention.Nearest));

        // A genuine tie: holiday on Wed 10 Jan 2024 with a weekend-only neighbourhood -> Tue 9 and Thu 11 are both 1
        // day away: QuantLib's rule picks the following day.
        var tie = BusinessCalendar.Create("TIE", "Tie", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], [HolidayRule.OneOff("X", D(2024, 1, 10))], 2024, 2024);
        Assert.Equal(D(2024, 1, 11), tie.Adjust(D(2024, 1, 10), BusinessDayConvention.Nearest));
    }

    [Fact]
    public void Adjust_BusinessDay_Unchanged()
    {
        foreach (var convention in Enum.GetValues<BusinessDayConvention>())
        {
            Assert.Equal(D(2024, 3, 5), Test.Adjust(D(2024, 3, 5), convention));
        }
    }

    [Fact]
    public void Adjust_UndefinedConvention_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Test.Adjust(D(2024, 3, 2), (BusinessDayConvention)42));
        Assert.Contains("42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBusinessDays_PositiveAndNegative_SkipHolidaysAndWeekends()
    {
        Assert.Equal(D(2024, 3, 5), Test.AddBusinessDays(D(2024, 2, 29), 1));
        Assert.Equal(D(2024, 2, 29), Test.AddBusinessDays(D(2024, 3, 5), -1));
        Assert.Equal(D(2024, 3, 5), Test.AddBusinessDays(D(2024, 3, 2), 1)); // from a Saturday, +1 is the first business day after
        Assert.Equal(D(2024, 2, 29), Test.AddBusinessDays(D(2024, 3, 2), -1));
        Assert.Equal(D(2024, 3, 12), Test.AddBusinessDays(D(2024, 3, 4), 6));
    }

    [Fact]
    public void AddBusinessDays_Zero_ReturnsDateUnchangedEvenOnHoliday()
        => Assert.Equal(D(2024, 3, 2), Test.AddBusinessDays(D(2024, 3, 2), 0));

    [Fact]
    public void AddBusinessDays_ResultBeyondRange_ThrowsNamingRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Test.AddBusinessDays(D(2025, 12, 30), 5));
        Assert.Equal("businessDays", ex.ParamName);
        Assert.Contains("2023-01-01 to 2025-12-31", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BusinessDaysBetween_StartIncludedEndExcluded_NegativeWhenReversed()
    {
        // Thu 29 Feb .. Tue 5 Mar: 29 Feb counted, 5 Mar excluded, 1 and 4 Mar holidays -> 1.
        Assert.Equal(1, Test.BusinessDaysBetween(D(2024, 2, 29), D(2024, 3, 5)));
        Assert.Equal(-1, Test.BusinessDaysBetween(D(2024, 3, 5), D(2024, 2, 29)));
        Assert.Equal(0, Test.BusinessDaysBetween(D(2024, 3, 5), D(2024, 3, 5)));
        // Whole last year, end = the day after LastDate: 2025 has 261 weekdays (no holidays in TEST for 2025).
        Assert.Equal(261, Test.BusinessDaysBetween(D(2025, 1, 1), D(2026, 1, 1)));
    }

    [Fact]
    public void IsBusinessDay_OutsideRange_ThrowsStatingRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.IsBusinessDay(D(2051, 1, 2)));
        Assert.Equal("date", ex.ParamName);
        Assert.Contains("2051-01-02", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2000-01-01 to 2050-12-31", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Argentina.IsHoliday(D(2017, 12, 29)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.GetHolidays(1999));
    }

    [Fact]
    public void Adjust_FollowingFromLastDateHoliday_ThrowsRatherThanInventing()
    {
        // 31 Dec 2050 is a Saturday; the next business day is in 2051, outside the range.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.Adjust(D(2050, 12, 31), BusinessDayConvention.Following));
        Assert.Contains("2000-01-01 to 2050-12-31", ex.Message, StringComparison.Ordinal);
        Assert.Equal(D(2050, 12, 30), BusinessCalendars.Spain.Adjust(D(2050, 12, 31), BusinessDayConvention.Preceding));

        // Nearest: Fri 30 Dec is 1 day back, but 1 Jan 2051 (unknown to the calendar) would be as close and would win
        // the tie, so the calendar refuses rather than guess.
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.Adjust(D(2050, 12, 31), BusinessDayConvention.Nearest));
    }

    [Fact]
    public void NextAndPreviousBusinessDay_AreStrict()
    {
        Assert.Equal(D(2024, 3, 5), Test.NextBusinessDay(D(2024, 2, 29)));
        Assert.Equal(D(2024, 2, 29), Test.PreviousBusinessDay(D(2024, 3, 5)));
        Assert.Equal(D(2024, 3, 6), Test.NextBusinessDay(D(2024, 3, 5)));
    }

    [Fact]
    public void CombineWith_UnionOfHolidays_IntersectionOfRanges()
    {
        var combined = BusinessCalendars.Spain.CombineWith(BusinessCalendars.Argentina);
        Assert.Equal("ES+AR", combined.Id);
        Assert.Equal(2018, combined.FirstYear);
        Assert.Equal(2050, combined.LastYear);
        Assert.False(combined.IsBusinessDay(D(2024, 2, 12))); // AR Carnival (Ley 27.399), a business day in Spain
        Assert.False(combined.IsBusinessDay(D(2024, 10, 11))); // AR bridge day (Decreto 106/2023)
        Assert.False(combined.IsBusinessDay(D(2024, 1, 6))); // ES Epifanía (a Saturday as well)
        Assert.False(combined.IsBusinessDay(D(2026, 1, 6))); // ES Epifanía, Tuesday: holiday only in Spain
        Assert.True(combined.IsBusinessDay(D(2024, 1, 8))); // business day in both
        Assert.Throws<ArgumentOutOfRangeException>(() => combined.IsBusinessDay(D(2017, 1, 2)));
    }

    [Fact]
    public void CombineWith_SubstituteDaysStayWithinSourceCalendar()
    {
        // Combining the UK with a calendar that has a holiday on Mon 27 Dec 2021 must not push the UK's Christmas
        // substitute to 29 Dec: the UK keeps 27 and 28 Dec, the other calendar adds nothing new.
        var other = BusinessCalendar.Create("X", "X", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], [HolidayRule.OneOff("X", D(2021, 12, 27))], 2000, 2050);
        var combined = BusinessCalendars.UnitedKingdom.CombineWith(other, "GBX");
        Assert.Equal("GBX", combined.Id);
        Assert.True(combined.IsBusinessDay(D(2021, 12, 29)));
        Assert.False(combined.IsBusinessDay(D(2021, 12, 28)));
    }

    [Fact]
    public void CombineWith_DisjointRanges_Throws()
    {
        var old = BusinessCalendar.Create("OLD", "Old", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], [], 1950, 1960);
        var ex = Assert.Throws<ArgumentException>(() => old.CombineWith(BusinessCalendars.Spain));
        Assert.Contains("1950-1960", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithClosingDays_AddsOneOffHolidays()
    {
        var company = BusinessCalendars.Spain.WithClosingDays("ES-ACME", [D(2026, 12, 24), D(2026, 12, 31)]);
        Assert.False(company.IsBusinessDay(D(2026, 12, 24)));
        Assert.True(BusinessCalendars.Spain.IsBusinessDay(D(2026, 12, 24)));
        Assert.Contains(new Holiday(D(2026, 12, 31), "Closing day"), company.GetHolidays(2026));
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.WithClosingDays("X", [D(1999, 12, 31)]));
    }

    [Fact]
    public void Create_AllDaysWeekend_Throws()
        => Assert.Throws<ArgumentException>(() => BusinessCalendar.Create("ALL", "All", Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None), [], 2000, 2001));

    [Fact]
    public void Create_LastYearBeforeFirst_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendar.Create("X", "X", [], [], 2001, 2000));
        Assert.Equal("lastYear", ex.ParamName);
        Assert.Contains("2000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeekendsOnly_HasNoHolidaysAndWideRange()
    {
        var cal = BusinessCalendar.WeekendsOnly;
        Assert.Equal(1900, cal.FirstYear);
        Assert.Equal(2200, cal.LastYear);
        Assert.Empty(cal.GetHolidays(2024));
        Assert.True(cal.IsBusinessDay(D(2024, 12, 25)));
        Assert.False(cal.IsBusinessDay(D(2024, 12, 28)));
    }

    [Fact]
    public void GetHolidays_SameInstanceOnEveryCall()
        => Assert.Same(BusinessCalendars.France.GetHolidays(2030), BusinessCalendars.France.GetHolidays(2030));

    [Fact]
    public void UnitedStates_NewYear2022OnSaturday_ObservedOnFriday31December2021()
    {
        // OPM: "January 1, 2022 (the legal public holiday for New Year's Day), falls on a Saturday. For most Federal
        // employees, Friday, December 31, 2021, will be treated as a holiday."
        Assert.Contains(BusinessCalendars.UnitedStates.GetHolidays(2021), h => h.Date == D(2021, 12, 31) && h.Name == "New Year's Day");
    }

    [Fact]
    public void IsBusinessDay_FarOutsideRangeOrNonIsoCalendar_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Spain.IsBusinessDay(new LocalDate(-5, 1, 1)));
        var julian = new LocalDate(2024, 3, 1, CalendarSystem.Julian);
        var ex = Assert.Throws<ArgumentException>(() => BusinessCalendars.Spain.IsBusinessDay(julian));
        Assert.Contains("ISO", ex.Message, StringComparison.Ordinal);
    }
}
