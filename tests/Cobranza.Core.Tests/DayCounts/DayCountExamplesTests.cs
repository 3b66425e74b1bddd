using System;
using Cobranza.Core.DayCounts;
using NodaTime;
using DC = Cobranza.Core.DayCounts.DayCounts;

namespace Cobranza.Core.Tests.DayCounts;

/// <summary>Hand-written examples, each with its source.</summary>
public sealed class DayCountExamplesTests
{
    private static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;

    // ISDA, "The Actual/Actual Day Count Fraction" (1999 memo, linked from ISDA's "EMU and market conventions"
    // pages), examples 1-7, ISDA column; the same figures are in QuantLib's test-suite/daycounters.cpp.
    [Theory]
    [InlineData("2003-11-01", "2004-05-01", 0.497724380567)] // ex. 1 regular: 61/365 + 121/366
    [InlineData("1999-02-01", "1999-07-01", 0.410958904110)] // ex. 2 short first: 150/365
    [InlineData("1999-07-01", "2000-07-01", 1.001377348604)] // ex. 2 first regular: 184/365 + 182/366
    [InlineData("2002-08-15", "2003-07-15", 0.915068493151)] // ex. 3 long first: 334/365
    [InlineData("2003-07-15", "2004-01-15", 0.504004790778)] // ex. 3 first regular: 170/365 + 14/366
    [InlineData("1999-07-30", "2000-01-30", 0.503892506924)] // ex. 4 short final: 155/365 + 29/366
    [InlineData("2000-01-30", "2000-06-30", 0.415300546448)] // ex. 4 final: 152/366
    public void YearFraction_ActualActualIsda_MatchesIsdaMemoExamples(string start, string end, double expected)
    {
        decimal yf = DC.ActualActualIsda.YearFraction(D(start), D(end));
        Assert.Equal((decimal)expected, Math.Round(yf, 12));
    }

    [Fact]
    public void YearFraction_ActualActualIsda_IsTheExactSumOfBothYearParts()
    {
        // ISDA 2006 §4.16(b): days in the non-leap year / 365 + days in the leap year / 366, here 61/365 + 121/366,
        // computed over the common denominator 365 × 366 and divided once.
        decimal expected = ((61m * 366m) + (121m * 365m)) / (365m * 366m);
        Assert.Equal(expected, DC.ActualActualIsda.YearFraction(D("2003-11-01"), D("2004-05-01")));
        Assert.Equal(182, DC.ActualActualIsda.DaysBetween(D("2003-11-01"), D("2004-05-01")));
    }

    // 30/360 "Bond Basis", ISDA 2006 §4.16(f): D1 = 31 -> 30; D2 = 31 -> 30 only if D1 > 29.
    [Theory]
    [InlineData("2023-01-31", "2023-03-31", 60)] // D1 31 -> 30, then D2 31 -> 30
    [InlineData("2023-01-30", "2023-03-31", 60)] // D1 = 30 > 29: D2 31 -> 30
    [InlineData("2023-01-29", "2023-03-31", 62)] // D1 = 29: D2 stays 31
    [InlineData("2023-02-28", "2023-03-31", 33)] // no February rule: 30 + (31 - 28)
    [InlineData("2024-02-29", "2024-08-31", 182)] // 180 + (31 - 29)
    [InlineData("2023-12-31", "2024-01-01", 1)]   // 360 + 30 × (1 - 12) + (1 - 30)
    public void DaysBetween_Thirty360BondBasis_FollowsIsda416f(string start, string end, int expected)
    {
        Assert.Equal(expected, DC.Thirty360BondBasis.DaysBetween(D(start), D(end)));
        Assert.Equal(expected / 360m, DC.Thirty360BondBasis.YearFraction(D(start), D(end)));
    }

    // 30/360 US with the end-of-February rules, SIA "Standard Securities Calculation Methods" (1993), rules applied
    // in order: (1) D1 and D2 both last of February -> D2 = 30; (2) D1 last of February -> D1 = 30;
    // (3) D2 = 31 and D1 >= 30 -> D2 = 30; (4) D1 = 31 -> D1 = 30. Same order in the FIX Protocol's
    // DayCount(1950) = 1 description and in QuantLib after PR #2243.
    [Theory]
    [InlineData("2023-02-28", "2023-03-31", 30)]  // (2) then (3); QuantLib 1.29 gives 31 (rule order bug)
    [InlineData("2024-02-29", "2024-03-31", 30)]  // same in a leap year; QuantLib 1.29 gives 31
    [InlineData("2024-02-29", "2025-02-28", 360)] // (1) and (2)
    [InlineData("2023-02-28", "2024-02-29", 360)] // (1) and (2)
    [InlineData("2024-02-28", "2024-03-31", 33)]  // 28 Feb 2024 is not the last of February: no rule applies
    [InlineData("2023-01-31", "2023-02-28", 28)]  // (4) D1 -> 30; D2 is not adjusted (D1 is not a February end)
    [InlineData("2023-03-31", "2023-04-30", 30)]  // (4)
    public void DaysBetween_Thirty360Sia_FollowsSiaRuleOrder(string start, string end, int expected)
        => Assert.Equal(expected, DC.Thirty360Sia.DaysBetween(D(start), D(end)));

    // 30E/360 "Eurobond Basis", ISDA 2006 §4.16(g): any 31 -> 30.
    [Theory]
    [InlineData("2023-02-28", "2023-03-31", 32)]
    [InlineData("2023-01-29", "2023-03-31", 61)]
    [InlineData("2023-01-31", "2023-02-28", 28)]
    [InlineData("2024-02-29", "2024-08-31", 181)]
    public void DaysBetween_ThirtyE360_FollowsIsda416g(string start, string end, int expected)
        => Assert.Equal(expected, DC.ThirtyE360.DaysBetween(D(start), D(end)));

    // 30E/360 (ISDA), ISDA 2006 §4.16(h): month-end D1 -> 30; month-end D2 -> 30 unless it is the last day of
    // February and the Termination Date.
    [Fact]
    public void DaysBetween_ThirtyE360Isda_FebruaryEndIsKeptOnlyOnTheTerminationDate()
    {
        LocalDate start = D("2023-08-31"), end = D("2024-02-29");
        Assert.Equal(180, DC.ThirtyE360Isda.DaysBetween(start, end));                       // 31 -> 30, 29 Feb -> 30
        Assert.Equal(180, DC.ThirtyE360Isda.DaysBetween(start, end, D("2026-08-31")));      // not the termination date
        Assert.Equal(179, DC.ThirtyE360Isda.DaysBetween(start, end, end));                  // termination: D2 stays 29
        Assert.Equal(179 / 360m, DC.ThirtyE360Isda.YearFraction(start, end, end));
        Assert.Equal(1000m * 179 / 360, DC.ThirtyE360Isda.Accrue(1000m, start, end, end));
        Assert.Equal(180, DC.ThirtyE360Isda.DaysBetween(D("2023-02-28"), D("2023-08-31"))); // Feb-end D1 -> 30
    }

    [Fact]
    public void DaysBetween_OtherConventions_IgnoreTerminationDate()
    {
        LocalDate start = D("2023-08-31"), end = D("2024-02-29");
        foreach (DayCount dayCount in DC.All)
        {
            if (dayCount == DC.ThirtyE360Isda)
            {
                continue;
            }

            Assert.Equal(dayCount.DaysBetween(start, end), dayCount.DaysBetween(start, end, end));
            Assert.Equal(dayCount.YearFraction(start, end), dayCount.YearFraction(start, end, end));
            Assert.Equal(dayCount.Accrue(100m, start, end), dayCount.Accrue(100m, start, end, end));
        }
    }

    [Fact]
    public void YearFraction_ActualConventions_CountCalendarDaysStartIncludedEndExcluded()
    {
        // ISDA 2006 §4.16(d),(e): actual days in the Calculation Period (first day included, last excluded).
        Assert.Equal(365m / 360m, DC.Actual360.YearFraction(D("2023-01-01"), D("2024-01-01")));
        Assert.Equal(366m / 365m, DC.Actual365Fixed.YearFraction(D("2024-01-01"), D("2025-01-01")));
        Assert.Equal(1m, DC.ActualActualIsda.YearFraction(D("2024-01-01"), D("2025-01-01")));
        Assert.Equal(1, DC.Actual360.DaysBetween(D("2024-02-28"), D("2024-02-29")));
    }

    [Theory]
    [InlineData("2024-01-01", "2025-01-01", 365)] // the leap day is not counted: exactly one year
    [InlineData("2024-02-28", "2024-03-01", 1)]   // 28 Feb and 29 Feb count as one day
    [InlineData("2024-02-29", "2024-03-01", 1)]   // 29 Feb is 28 Feb (QuantLib Actual365Fixed(NoLeap), Strata NL/365)
    [InlineData("2024-02-28", "2024-02-29", 0)]
    [InlineData("2023-02-28", "2023-03-01", 1)]
    public void DaysBetween_NoLeap365_SkipsTheLeapDay(string start, string end, int expected)
    {
        Assert.Equal(expected, DC.NoLeap365.DaysBetween(D(start), D(end)));
        Assert.Equal(expected / 365m, DC.NoLeap365.YearFraction(D(start), D(end)));
    }

    [Fact]
    public void YearFraction_EndBeforeStart_IsMinusTheForwardPeriod()
    {
        // Our definition (docs/day-counts.md): yf(b, a) = -yf(a, b). QuantLib 1.29 gives -32/360 for 30E/360 ISDA
        // on 2023-03-31 -> 2023-02-28 with that termination date (rules applied to the reversed dates); we give
        // -yf(2023-02-28, 2023-03-31) = -30/360.
        Assert.Equal(-30, DC.ThirtyE360Isda.DaysBetween(D("2023-03-31"), D("2023-02-28"), D("2023-02-28")));
        Assert.Equal(-30, DC.Thirty360Sia.DaysBetween(D("2023-03-31"), D("2023-02-28")));
        Assert.Equal(-31m / 360m, DC.Actual360.YearFraction(D("2023-03-31"), D("2023-02-28")));
        Assert.Equal(-12.345m, DC.Actual360.Accrue(148.14m, D("2023-03-31"), D("2023-03-01")));
    }

    [Fact]
    public void Accrue_ExactHalfCent_StaysExact()
    {
        // 148.14 a year over 30 days Act/360 is 148.14 × 30 / 360 = 12.345 exactly (arithmetic).
        LocalDate start = D("2023-03-01"), end = D("2023-03-31");
        decimal accrued = DC.Actual360.Accrue(148.14m, start, end);
        Assert.Equal(12.345m, accrued);
        Assert.Equal(12.35m, Math.Round(accrued, 2, MidpointRounding.AwayFromZero));

        // Multiplying by the rounded year fraction instead misses the half cent and rounds the other way.
        decimal viaYearFraction = 148.14m * DC.Actual360.YearFraction(start, end);
        Assert.NotEqual(12.345m, viaYearFraction);
        Assert.Equal(12.34m, Math.Round(viaYearFraction, 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Accrue_ActualActualIsda_DividesOnceOverTheCommonDenominator()
    {
        // 133,590 = 365 × 366 a year over 2003-11-01 -> 2004-05-01: 61 × 366 + 121 × 365 = 66,491 exactly
        // (ISDA 2006 §4.16(b)).
        Assert.Equal(66_491m, DC.ActualActualIsda.Accrue(133_590m, D("2003-11-01"), D("2004-05-01")));
    }

    [Fact]
    public void Accrue_HugeAmountWhoseProductOverflows_FallsBackToTheYearFraction()
    {
        // 7.9e28 × 182 days overflows decimal, the result (about 0.5 × 7.9e28) does not.
        decimal amount = decimal.MaxValue / 2m;
        decimal accrued = DC.ActualActualIsda.Accrue(amount, D("2003-11-01"), D("2004-05-01"));
        Assert.Equal(amount * DC.ActualActualIsda.YearFraction(D("2003-11-01"), D("2004-05-01")), accrued);
        Assert.Throws<OverflowException>(() => DC.Actual360.Accrue(decimal.MaxValue, D("2023-01-01"), D("2024-01-01")));
    }

    [Fact]
    public void YearFraction_NonIsoCalendar_ThrowsNamingArgumentAndValue()
    {
        LocalDate julian = new(2023, 2, 28, CalendarSystem.Julian);
        foreach (DayCount dayCount in DC.All)
        {
            var ex = Assert.Throws<ArgumentException>(() => dayCount.YearFraction(julian, D("2023-12-31")));
            Assert.Equal("start", ex.ParamName);
            Assert.Contains("Julian", ex.Message, StringComparison.Ordinal);
            Assert.Contains("2023-02-28", ex.Message, StringComparison.Ordinal);
            ex = Assert.Throws<ArgumentException>(() => dayCount.DaysBetween(D("2023-01-01"), julian));
            Assert.Equal("end", ex.ParamName);
            ex = Assert.Throws<ArgumentException>(() => dayCount.Accrue(1m, D("2023-01-01"), D("2023-02-01"), julian));
            Assert.Equal("terminationDate", ex.ParamName);
        }
    }

    [Fact]
    public void DaysBetween_ExtremeDates_DoNotOverflow()
    {
        // NodaTime's ISO range is -9998-01-01 .. 9999-12-31.
        LocalDate min = new(-9998, 1, 1), max = new(9999, 12, 31);
        Assert.Equal(NodaTime.Period.DaysBetween(min, max), DC.Actual360.DaysBetween(min, max));
        foreach (DayCount dayCount in DC.All)
        {
            Assert.True(dayCount.YearFraction(min, max) > 19_997m, dayCount.Name);
            Assert.Equal(-dayCount.YearFraction(min, max), dayCount.YearFraction(max, min));
        }
    }
}
