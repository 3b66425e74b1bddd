using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>Shared arithmetic of the Actual conventions.</summary>
internal static class ActualDays
{
    /// <summary>Calendar days from <paramref name="start"/> to <paramref name="end"/>; negative when end is earlier.</summary>
    internal static int Between(LocalDate start, LocalDate end)
    {
        CivilDate.RequireIso(start);
        CivilDate.RequireIso(end);
        return CivilDate.DayNumber(end) - CivilDate.DayNumber(start);
    }
}

/// <summary>Actual/360, ISDA 2006 §4.16(e): calendar days / 360.</summary>
internal sealed class Actual360DayCount : DayCount
{
    internal Actual360DayCount()
        : base("ACT/360", "Actual/360 (ISDA 2006 §4.16(e)): actual days in the period / 360.", "ACTUAL/360", "A/360", "FRENCH")
    {
    }

    public override int DaysBetween(LocalDate start, LocalDate end) => ActualDays.Between(start, end);

    public override decimal YearFraction(LocalDate start, LocalDate end)
    {
        return QuotientTable.Divide(ActualDays.Between(start, end), 360);
    }

    internal override YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate)
        => new(ActualDays.Between(start, end), 360);

    internal override int CalendarDaysDenominator => 360;
}

/// <summary>Actual/365 (Fixed), ISDA 2006 §4.16(d): calendar days / 365.</summary>
internal sealed class Actual365FixedDayCount : DayCount
{
    internal Actual365FixedDayCount()
        : base(
            "ACT/365F",
            "Actual/365 (Fixed) (ISDA 2006 §4.16(d)): actual days in the period / 365, leap year or not.",
            "ACT/365 FIXED",
            "ACT/365 (FIXED)",
            "ACTUAL/365 FIXED",
            "ACTUAL/365 (FIXED)",
            "A/365 (FIXED)",
            "A/365F",
            "ENGLISH")
    {
    }

    public override int DaysBetween(LocalDate start, LocalDate end) => ActualDays.Between(start, end);

    public override decimal YearFraction(LocalDate start, LocalDate end)
    {
        return QuotientTable.Divide(ActualDays.Between(start, end), 365);
    }

    internal override YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate)
        => new(ActualDays.Between(start, end), 365);

    internal override int CalendarDaysDenominator => 365;
}

/// <summary>
/// Actual/Actual (ISDA), ISDA 2006 §4.16(b): days of the period falling in a leap year / 366 plus days falling in
/// a non-leap year / 365.
/// </summary>
internal sealed class ActualActualIsdaDayCount : DayCount
{
    private const int MixedDenominator = 365 * 366;

    internal ActualActualIsdaDayCount()
        : base(
            "ACT/ACT ISDA",
            "Actual/Actual (ISDA) (ISDA 2006 §4.16(b)): days in leap years / 366 + days in non-leap years / 365.",
            "ACT/ACT (ISDA)",
            "ACTUAL/ACTUAL ISDA",
            "ACTUAL/ACTUAL (ISDA)",
            "A/A ISDA")
    {
    }

    public override int DaysBetween(LocalDate start, LocalDate end) => ActualDays.Between(start, end);

    public override decimal YearFraction(LocalDate start, LocalDate end) => Ratio(start, end, null).ToDecimal();

    internal override YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate)
    {
        CivilDate.RequireIso(start);
        CivilDate.RequireIso(end);
        int y1 = start.Year, m1 = start.Month, d1 = start.Day;
        int y2 = end.Year, m2 = end.Month, d2 = end.Day;
        if (y1 > y2 || (y1 == y2 && ((m1 << 5) | d1) > ((m2 << 5) | d2)))
        {
            return Ordered(y2, m2, d2, y1, m1, d1).Negate();
        }

        return Ordered(y1, m1, d1, y2, m2, d2);
    }

    private static YearRatio Ordered(int y1, int m1, int d1, int y2, int m2, int d2)
    {
        int doy1 = CivilDate.DayOfYear(y1, m1, d1);
        int doy2 = CivilDate.DayOfYear(y2, m2, d2);
        int dib1 = CivilDate.IsLeapYear(y1) ? 366 : 365;
        if (y1 == y2)
        {
            return new YearRatio(doy2 - doy1, dib1);
        }

        int dib2 = CivilDate.IsLeapYear(y2) ? 366 : 365;
        long wholeYears = y2 - y1 - 1;
        int firstYearDays = dib1 - doy1 + 1;   // start .. 31 Dec, start included
        int lastYearDays = doy2 - 1;           // 1 Jan .. end, end excluded
        if (dib1 == dib2)
        {
            return new YearRatio((wholeYears * dib1) + firstYearDays + lastYearDays, dib1);
        }

        return new YearRatio(
            (wholeYears * MixedDenominator) + ((long)firstYearDays * dib2) + ((long)lastYearDays * dib1),
            MixedDenominator);
    }
}

/// <summary>
/// NL/365 (Actual/365 No Leap): calendar days, not counting 29 February, / 365. 29 February is treated as the same
/// day as 28 February (as QuantLib's <c>Actual365Fixed(NoLeap)</c> and Strata's <c>NL/365</c>), so a period counts
/// the 29 February days in <c>(start, end]</c> out of its calendar days.
/// </summary>
internal sealed class NoLeap365DayCount : DayCount
{
    private static readonly int[] CumulativeDaysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    internal NoLeap365DayCount()
        : base(
            "NL/365",
            "NL/365 (Actual/365 No Leap): actual days in the period not counting 29 February / 365.",
            "ACT/365 NL",
            "ACT/365 NO LEAP",
            "ACTUAL/365 NO LEAP",
            "NL365")
    {
    }

    public override int DaysBetween(LocalDate start, LocalDate end)
    {
        CivilDate.RequireIso(start);
        CivilDate.RequireIso(end);
        return NoLeapSerial(end) - NoLeapSerial(start);
    }

    public override decimal YearFraction(LocalDate start, LocalDate end)
    {
        return QuotientTable.Divide(DaysBetween(start, end), 365);
    }

    internal override YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate)
        => new(DaysBetween(start, end), 365);

    /// <summary>Day number in a calendar of 365-day years where 29 February is 28 February.</summary>
    private static int NoLeapSerial(LocalDate date)
    {
        int month = date.Month;
        int day = date.Day;
        if (month == 2 && day == 29)
        {
            day = 28;
        }

        return (date.Year * 365) + CumulativeDaysBeforeMonth[month] + day;
    }
}
