using System;
using System.Linq;
using Cobranza.Core.Calendars;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using DC = Cobranza.Core.Calendars.DayCounts;

namespace Cobranza.Core.Tests.Calendars;

public sealed class DayCountPropertyTests
{
    /// <summary>
    /// Documented bound (docs/day-counts.md, DayCount remarks): each year fraction is the exact ratio rounded once
    /// to at least 28 significant digits, so it is off by at most 5e-28 × max(1, |value|); a sum of two against a
    /// third, plus the rounding of the sum, stays within 2e-27 × max(1, largest magnitude).
    /// </summary>
    private const decimal RelativeTolerance = 2e-27m;

    private static readonly DayCount[] ActualConventions =
        [DC.Actual360, DC.Actual365Fixed, DC.ActualActualIsda, DC.NoLeap365];

    public static class Arbitraries
    {
        /// <summary>ISO dates 1600-2400 (every century leap rule), weighted toward month ends, 28/29 Feb, 30th, 31st.</summary>
        public static Arbitrary<LocalDate> Dates()
        {
            Gen<LocalDate> gen =
                from year in Gen.Choose(1600, 2400)
                from month in Gen.Choose(1, 12)
                let length = CalendarSystem.Iso.GetDaysInMonth(year, month)
                from day in Gen.Frequency(
                    (3, Gen.Choose(1, length)),
                    (2, Gen.Elements(1, 28, Math.Min(29, length), Math.Min(30, length), length)))
                select new LocalDate(year, month, day);
            return Arb.From(gen);
        }

        public static Arbitrary<DayCount> Conventions() => Arb.From(Gen.Elements(DC.All.ToArray()));

        /// <summary>Amounts in cents up to ±10 million.</summary>
        public static Arbitrary<decimal> Amounts()
            => Arb.From(Gen.Choose(-1_000_000_000, 1_000_000_000).Select(cents => cents / 100m));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public void YearFraction_SameDate_IsZero(DayCount dayCount, LocalDate date, decimal amount)
    {
        Assert.Equal(0, dayCount.DaysBetween(date, date));
        Assert.Equal(0m, dayCount.YearFraction(date, date));
        Assert.Equal(0m, dayCount.YearFraction(date, date, date));
        Assert.Equal(0m, dayCount.Accrue(amount, date, date));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void YearFraction_SwappedDates_IsExactlyNegated(DayCount dayCount, LocalDate a, LocalDate b, decimal amount)
    {
        Assert.Equal(-dayCount.DaysBetween(a, b), dayCount.DaysBetween(b, a));
        Assert.Equal(-dayCount.YearFraction(a, b), dayCount.YearFraction(b, a));
        Assert.Equal(-dayCount.Accrue(amount, a, b), dayCount.Accrue(amount, b, a));
        LocalDate termination = a > b ? a : b;
        Assert.Equal(-dayCount.YearFraction(a, b, termination), dayCount.YearFraction(b, a, termination));
        Assert.Equal(-dayCount.DaysBetween(a, b, termination), dayCount.DaysBetween(b, a, termination));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void YearFraction_ActualConventions_AdditiveWithinDocumentedTolerance(LocalDate a, LocalDate b, LocalDate c)
    {
        foreach (DayCount dayCount in ActualConventions)
        {
            decimal ab = dayCount.YearFraction(a, b), bc = dayCount.YearFraction(b, c), ac = dayCount.YearFraction(a, c);
            decimal scale = Math.Max(1m, Math.Max(Math.Abs(ab), Math.Max(Math.Abs(bc), Math.Abs(ac))));
            Assert.True(Math.Abs(ab + bc - ac) <= RelativeTolerance * scale, $"{dayCount}: {ab} + {bc} vs {ac}");
            Assert.Equal(dayCount.DaysBetween(a, c), dayCount.DaysBetween(a, b) + dayCount.DaysBetween(b, c));
        }
    }

    /// <summary>
    /// Accrue is exact (division last) whenever the true result terminates in decimal, so for amounts that are
    /// multiples of the denominators' factors other than 2 and 5 (Act/360: 9; Act/365F and NL/365: 73;
    /// Act/Act ISDA: 3 × 61 × 73, as 365 × 366 = 2 × 3 × 5 × 61 × 73) the pieces add up exactly.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void Accrue_ActualConventions_ExactlyAdditiveForTerminatingAmounts(LocalDate a, LocalDate b, LocalDate c, int units)
    {
        (DayCount DayCount, decimal Unit)[] cases =
            [(DC.Actual360, 0.09m), (DC.Actual365Fixed, 0.73m), (DC.NoLeap365, 0.73m), (DC.ActualActualIsda, 133.59m)];
        foreach ((DayCount dayCount, decimal unit) in cases)
        {
            decimal amount = unit * units;
            Assert.Equal(dayCount.Accrue(amount, a, c), dayCount.Accrue(amount, a, b) + dayCount.Accrue(amount, b, c));
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void Accrue_AnyAmount_AdditiveWithinDocumentedToleranceAndAgreesWithYearFraction(
        DayCount dayCount, LocalDate a, LocalDate b, LocalDate c, decimal amount)
    {
        decimal ab = dayCount.Accrue(amount, a, b), bc = dayCount.Accrue(amount, b, c), ac = dayCount.Accrue(amount, a, c);
        decimal scale = Math.Max(1m, Math.Max(Math.Abs(ab), Math.Max(Math.Abs(bc), Math.Abs(ac))));
        if (ActualConventions.Contains(dayCount))
        {
            Assert.True(Math.Abs(ab + bc - ac) <= RelativeTolerance * scale, $"{dayCount}: {ab} + {bc} vs {ac}");
        }

        AssertAgreesWithYearFraction(dayCount, a, c, amount, ac);
    }

    [Fact]
    public void Accrue_SmallYearFractionTimesLargeAmount_AgreesWithinTheYearFractionsOwnError()
    {
        // Found by the property above (seed 10925884268218410140,10338672316793713221): NL/365 over 4 days backwards,
        // 1665-01-01 to 1664-12-28. The year fraction -4/365 keeps 28 decimal places, i.e. only 26 significant digits
        // (error up to 5e-29), and 8,310,028.94 times it is off by up to 4e-22 from Accrue's 91,068.81030136986301369863014
        // (division last): more than 2e-27 relative to the result, within the year fraction's documented bound.
        var a = new LocalDate(1665, 1, 1);
        var c = new LocalDate(1664, 12, 28);
        decimal ac = DC.NoLeap365.Accrue(-8310028.94m, a, c);
        Assert.Equal(91068.81030136986301369863014m, ac);
        AssertAgreesWithYearFraction(DC.NoLeap365, a, c, -8310028.94m, ac);
    }

    /// <summary>
    /// <c>amount × YearFraction</c> against <c>Accrue</c>: the year fraction is off by at most 5e-28 × max(1, |yf|)
    /// (docs/day-counts.md), which the amount multiplies, plus the rounding of both results.
    /// </summary>
    private static void AssertAgreesWithYearFraction(DayCount dayCount, LocalDate a, LocalDate c, decimal amount, decimal accrued)
    {
        decimal yearFraction = dayCount.YearFraction(a, c);
        decimal viaYearFraction = amount * yearFraction;
        decimal tolerance = (Math.Abs(amount) * 5e-28m * Math.Max(1m, Math.Abs(yearFraction))) + (RelativeTolerance * Math.Max(1m, Math.Abs(accrued)));
        Assert.True(Math.Abs(viaYearFraction - accrued) <= tolerance, $"{dayCount}: {viaYearFraction} vs {accrued}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void YearFraction_ActualConventions_MonotoneInEnd(LocalDate start, LocalDate end1, LocalDate end2)
    {
        (LocalDate earlier, LocalDate later) = end1 <= end2 ? (end1, end2) : (end2, end1);
        foreach (DayCount dayCount in ActualConventions)
        {
            Assert.True(dayCount.YearFraction(start, earlier) <= dayCount.YearFraction(start, later), dayCount.Name);
            Assert.True(dayCount.DaysBetween(start, earlier) <= dayCount.DaysBetween(start, later), dayCount.Name);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void DaysBetween_Actual_EqualsCalendarDays(LocalDate a, LocalDate b)
    {
        int calendarDays = Period.DaysBetween(a, b);
        Assert.Equal(calendarDays, DC.Actual360.DaysBetween(a, b));
        Assert.Equal(calendarDays, DC.Actual365Fixed.DaysBetween(a, b));
        Assert.Equal(calendarDays, DC.ActualActualIsda.DaysBetween(a, b));
        Assert.Equal(calendarDays / 360m, DC.Actual360.YearFraction(a, b));
        Assert.Equal(calendarDays / 365m, DC.Actual365Fixed.YearFraction(a, b));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void DaysBetween_NoLeap365_IsCalendarDaysMinusLeapDaysAfterStartUpToEnd(LocalDate a, LocalDate b)
    {
        // Strata NL/365: actual days minus the 29 Februarys in (start, end].
        (LocalDate lo, LocalDate hi) = a <= b ? (a, b) : (b, a);
        int leapDays = Enumerable.Range(lo.Year, hi.Year - lo.Year + 1)
            .Where(CalendarSystem.Iso.IsLeapYear)
            .Select(y => new LocalDate(y, 2, 29))
            .Count(d => d > lo && d <= hi);
        int expected = Period.DaysBetween(lo, hi) - leapDays;
        Assert.Equal(a <= b ? expected : -expected, DC.NoLeap365.DaysBetween(a, b));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void YearFraction_ThirtyFamily_IsDaysOver360AndCloseToActualDays(LocalDate a, LocalDate b)
    {
        DayCount[] thirty = [DC.Thirty360BondBasis, DC.Thirty360Sia, DC.ThirtyE360, DC.ThirtyE360Isda];
        int actual = Period.DaysBetween(a, b);
        foreach (DayCount dayCount in thirty)
        {
            int days = dayCount.DaysBetween(a, b);
            Assert.Equal(days == 0 ? 0m : days / 360m, dayCount.YearFraction(a, b));

            // Each month counts 30 days, and each adjusted end differs from its date by at most 2 days (28 Feb -> 30):
            // over n month boundaries the 30/360 count is within n + 4 days of the actual count (a sanity bound).
            int months = Math.Abs(((b.Year - a.Year) * 12) + b.Month - a.Month);
            Assert.True(Math.Abs(days - actual) <= months + 4, $"{dayCount}: {days} vs actual {actual}");
        }
    }

    [Theory]
    [InlineData(-9998, 1, 1)] // LocalDate.MinIsoValue
    [InlineData(9999, 12, 31)] // LocalDate.MaxIsoValue
    [InlineData(0, 2, 29)]
    [InlineData(-1, 12, 31)]
    [InlineData(1969, 12, 31)]
    [InlineData(2000, 3, 1)]
    public void DayNumber_EdgesOfTheIsoRange_MatchNodaTime(int year, int month, int day)
    {
        // The arithmetic is unchecked: the extremes of NodaTime's ISO range must come out exactly.
        var date = new LocalDate(year, month, day);
        Assert.Equal(Period.DaysBetween(new LocalDate(1970, 1, 1), date), CivilDate.DayNumber(date));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public void DayNumber_AnyIsoDate_MatchesNodaTime(LocalDate date)
    {
        LocalDate epoch = new(1970, 1, 1);
        Assert.Equal(Period.DaysBetween(epoch, date), CivilDate.DayNumber(date));
        Assert.Equal(date.DayOfYear, CivilDate.DayOfYear(date.Year, date.Month, date.Day));
        Assert.Equal(date.PlusDays(1).Month != date.Month, CivilDate.IsLastOfMonth(date.Year, date.Month, date.Day));
    }
}
