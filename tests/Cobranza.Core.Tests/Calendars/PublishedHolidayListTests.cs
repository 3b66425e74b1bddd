using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

/// <summary>The built-in calendars against holiday lists published by the authorities (weekday holidays of one year).</summary>
public sealed class PublishedHolidayListTests
{
    private static LocalDate[] WeekdayHolidays(BusinessCalendar calendar, int year)
        => calendar.GetHolidays(year).Select(h => h.Date).Where(d => !calendar.IsWeekend(d)).Distinct().ToArray();

    private static LocalDate[] Dates(int year, params (int Month, int Day)[] days)
        => days.Select(d => new LocalDate(year, d.Month, d.Day)).ToArray();

    [Fact]
    public void Spain_2026_MatchesBoeNationalHolidays()
    {
        // BOE, Resolución de la Dirección General de Trabajo: relación de fiestas laborales para 2026, the holidays
        // common to every autonomous community (1 Nov and 6 Dec fall on a Sunday; regional substitutes not included).
        var expected = Dates(2026, (1, 1), (1, 6), (4, 3), (5, 1), (10, 12), (12, 8), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Spain, 2026));
        Assert.True(BusinessCalendars.Spain.IsHoliday(new LocalDate(2026, 8, 15))); // Asunción, on a Saturday
    }

    [Fact]
    public void UnitedKingdom_2022_MatchesGovUkBankHolidays()
    {
        // gov.uk/bank-holidays (England and Wales), 2022: New Year substitute 3 Jan, Platinum Jubilee (spring moved
        // to 2 Jun, 3 Jun), State Funeral 19 Sep, Christmas substitute 27 Dec.
        var expected = Dates(2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.UnitedKingdom, 2022));
    }

    [Fact]
    public void UnitedKingdom_2023_MatchesGovUkBankHolidays()
    {
        // gov.uk/bank-holidays, 2023: New Year substitute 2 Jan, coronation 8 May.
        var expected = Dates(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.UnitedKingdom, 2023));
    }

    [Fact]
    public void UnitedKingdom_2020_MatchesGovUkBankHolidays()
    {
        // gov.uk/bank-holidays, 2020: early May moved to Fri 8 May (VE day), Boxing Day substitute Mon 28 Dec.
        var expected = Dates(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.UnitedKingdom, 2020));
    }

    [Fact]
    public void UnitedKingdom_2021_ChristmasSaturdayBoxingSunday_SubstitutesOn27And28()
    {
        // gov.uk/bank-holidays, 2021: 27 Dec Christmas Day (substitute), 28 Dec Boxing Day (substitute).
        var uk = BusinessCalendars.UnitedKingdom;
        Assert.False(uk.IsBusinessDay(new LocalDate(2021, 12, 27)));
        Assert.False(uk.IsBusinessDay(new LocalDate(2021, 12, 28)));
        Assert.True(uk.IsBusinessDay(new LocalDate(2021, 12, 29)));
    }

    [Fact]
    public void UnitedStates_2024_MatchesOpmFederalHolidays()
    {
        // OPM, Federal Holidays 2024 (opm.gov/policy-data-oversight/pay-leave/federal-holidays).
        var expected = Dates(2024, (1, 1), (1, 15), (2, 19), (5, 27), (6, 19), (7, 4), (9, 2), (10, 14), (11, 11), (11, 28), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.UnitedStates, 2024));
    }

    [Fact]
    public void UnitedStates_2021_MatchesOpmObservedDates()
    {
        // OPM, Federal Holidays 2021: Juneteenth observed Fri 18 Jun, Independence Day Mon 5 Jul, Christmas Fri 24 Dec,
        // and New Year's Day 2022 (a Saturday) observed Fri 31 Dec 2021.
        var expected = Dates(2021, (1, 1), (1, 18), (2, 15), (5, 31), (6, 18), (7, 5), (9, 6), (10, 11), (11, 11), (11, 25), (12, 24), (12, 31));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.UnitedStates, 2021));
    }

    [Fact]
    public void Colombia_2024_MatchesPublishedFestivos()
    {
        // Festivos de Colombia 2024 (Ley 51 de 1983 applied; as published by the Ministerio del Trabajo): 18 days.
        var expected = Dates(2024, (1, 1), (1, 8), (3, 25), (3, 28), (3, 29), (5, 1), (5, 13), (6, 3), (6, 10), (7, 1), (7, 20), (8, 7), (8, 19), (10, 14), (11, 4), (11, 11), (12, 8), (12, 25));
        Assert.Equal(expected, BusinessCalendars.Colombia.GetHolidays(2024).Select(h => h.Date).ToArray());
    }

    [Fact]
    public void Mexico_2024_MatchesStpsRestDays()
    {
        // STPS, días de descanso obligatorio 2024 (LFT art. 74): 1 Oct 2024 inauguration (art. 74 VII).
        var expected = Dates(2024, (1, 1), (2, 5), (3, 18), (5, 1), (9, 16), (10, 1), (11, 18), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Mexico, 2024));
    }

    [Fact]
    public void Chile_2024_MatchesPublishedFeriados()
    {
        // Feriados legales de Chile 2024 (gob.cl): Pueblos Indígenas Thu 20 Jun; 20 Sep (Friday, Ley 20.215);
        // San Pedro y San Pablo (Sat 29 Jun) and 12 Oct (Sat) stay on the Saturday under Ley 19.668.
        var expected = Dates(2024, (1, 1), (3, 29), (5, 1), (5, 21), (6, 20), (7, 16), (8, 15), (9, 18), (9, 19), (9, 20), (10, 31), (11, 1), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Chile, 2024));
    }

    [Fact]
    public void Peru_2024_MatchesPublishedFeriados()
    {
        // Feriados nacionales 2024 (D. Leg. 713 art. 6 as amended by Leyes 31381, 31530, 31788, 31822).
        var expected = Dates(2024, (1, 1), (3, 28), (3, 29), (5, 1), (6, 7), (7, 23), (7, 29), (8, 6), (8, 30), (10, 8), (11, 1), (12, 9), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Peru, 2024));
    }

    [Fact]
    public void Argentina_2024_MatchesPublishedFeriados()
    {
        // Feriados nacionales 2024 (argentina.gob.ar; Ley 27.399 and Decreto 106/2023 bridge days 1 Apr, 21 Jun,
        // 11 Oct): Güemes Mon 17 Jun, Soberanía moved from Wed 20 Nov to Mon 18 Nov.
        var expected = Dates(2024, (1, 1), (2, 12), (2, 13), (3, 29), (4, 1), (4, 2), (5, 1), (6, 17), (6, 20), (6, 21), (7, 9), (10, 11), (11, 18), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Argentina, 2024));
    }

    [Fact]
    public void Brazil_2024_MatchesAnbimaNationalHolidays()
    {
        // ANBIMA feriados nacionais 2024: Carnaval 12-13 Feb, Paixão 29 Mar, Corpus Christi 30 May, Consciência
        // Negra 20 Nov (Lei 14.759/2023, first year).
        var expected = Dates(2024, (1, 1), (2, 12), (2, 13), (3, 29), (5, 1), (5, 30), (11, 15), (11, 20), (12, 25));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Brazil, 2024));
    }

    [Fact]
    public void Portugal_2014_SuspendedHolidaysAbsent_2016_Restored()
    {
        // Lei 23/2012 suspended Corpo de Deus, 5 Oct, 1 Nov and 1 Dec for 2013-2015; Lei 8/2016 restored them.
        var pt = BusinessCalendars.Portugal;
        Assert.True(pt.IsBusinessDay(new LocalDate(2014, 6, 19))); // Corpo de Deus 2014 (Thursday) suspended
        Assert.True(pt.IsBusinessDay(new LocalDate(2015, 12, 1))); // 1 Dec 2015 (Tuesday) suspended
        Assert.False(pt.IsBusinessDay(new LocalDate(2016, 5, 26))); // Corpo de Deus 2016 (Thursday) restored
        Assert.False(pt.IsBusinessDay(new LocalDate(2016, 12, 1))); // 1 Dec 2016 (Thursday) restored
    }

    [Fact]
    public void Target2_2025_MatchesEcbClosingDays()
    {
        // ECB, TARGET2 closing days: New Year, Good Friday 18 Apr, Easter Monday 21 Apr, 1 May, 25 and 26 Dec 2025.
        var expected = Dates(2025, (1, 1), (4, 18), (4, 21), (5, 1), (12, 25), (12, 26));
        Assert.Equal(expected, WeekdayHolidays(BusinessCalendars.Target2, 2025));
    }

    [Fact]
    public void Target2_2001_December31IsClosingDay_2002_IsNot()
    {
        // ECB: TARGET closed on 31 December 2001 (euro cash changeover); not from 2002 on.
        Assert.False(BusinessCalendars.Target2.IsBusinessDay(new LocalDate(2001, 12, 31)));
        Assert.True(BusinessCalendars.Target2.IsBusinessDay(new LocalDate(2003, 12, 31)));
    }
}
