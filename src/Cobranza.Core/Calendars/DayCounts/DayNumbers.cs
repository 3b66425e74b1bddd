using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// ISO dates as day numbers (days since 1970-01-01, proleptic Gregorian with a year 0, as NodaTime's ISO calendar
/// counts them), so that hot paths compare and offset dates with integer arithmetic. Covers NodaTime's whole ISO
/// range; callers check <see cref="IsIso"/> first and keep NodaTime's behaviour for other calendars.
/// </summary>
internal static class DayNumbers
{
    /// <summary>Day number of the earliest ISO <see cref="LocalDate"/> (<see cref="LocalDate.MinIsoValue"/>).</summary>
    internal static readonly int Min = Of(LocalDate.MinIsoValue);

    /// <summary>Day number of the latest ISO <see cref="LocalDate"/> (<see cref="LocalDate.MaxIsoValue"/>).</summary>
    internal static readonly int Max = Of(LocalDate.MaxIsoValue);

    /// <summary>Whether <paramref name="date"/> is in the ISO calendar (the only one the day numbers stand for).</summary>
    internal static bool IsIso(LocalDate date) => ReferenceEquals(date.Calendar, CalendarSystem.Iso);

    /// <summary>The day number of an ISO date, or false for a date in another calendar.</summary>
    internal static bool TryGet(LocalDate date, out int day)
    {
        if (!IsIso(date))
        {
            day = 0;
            return false;
        }

        day = Of(date);
        return true;
    }

    /// <summary>The day number of an ISO date (the caller checked <see cref="IsIso"/>).</summary>
    internal static int Of(LocalDate date) => CivilDate.DayNumber(date);

    /// <summary>The ISO date of a day number between <see cref="Min"/> and <see cref="Max"/>.</summary>
    internal static LocalDate ToDate(int day)
    {
        ToCivil(day, out int year, out int month, out int dayOfMonth);
        return new LocalDate(year, month, dayOfMonth);
    }

    /// <summary>The ISO year, month and day of a day number (no validation: for formatting a day number read from a date).</summary>
    internal static void ToCivil(int day, out int year, out int month, out int dayOfMonth)
    {
        // Civil-from-days (H. Hinnant's public-domain algorithm), eras of 400 years.
        int z = day + 719468;
        int era = (z >= 0 ? z : z - 146096) / 146097;
        int doe = z - (era * 146097);
        int yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        int y = yoe + (era * 400);
        int doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        int mp = ((5 * doy) + 2) / 153;
        dayOfMonth = doy - (((153 * mp) + 2) / 5) + 1;
        month = mp < 10 ? mp + 3 : mp - 9;
        year = month <= 2 ? y + 1 : y;
    }
}
