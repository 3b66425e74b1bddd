using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// Allocation-free proleptic Gregorian arithmetic on <see cref="LocalDate"/> components. Day numbers avoid
/// NodaTime's <c>Period.Between</c> (which allocates) and keep every day-count method at a few nanoseconds.
/// </summary>
internal static class CivilDate
{
    private static readonly int[] CumulativeDaysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    /// <summary>Throws unless <paramref name="date"/> is in the ISO calendar, which every day count is defined on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RequireIso(LocalDate date, [CallerArgumentExpression(nameof(date))] string? name = null)
    {
        if (!ReferenceEquals(date.Calendar, CalendarSystem.Iso))
        {
            ThrowNotIso(date, name);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotIso(LocalDate date, string? name)
        => throw new ArgumentException(
            $"{name} must be a date in the ISO calendar; day counts are defined on the Gregorian calendar (was {date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} in the {date.Calendar.Id} calendar).",
            name);

    /// <summary>Whether <paramref name="year"/> is a leap year in the proleptic Gregorian calendar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLeapYear(int year) => (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);

    /// <summary>Days since 1970-01-01 (negative before), proleptic Gregorian (H. Hinnant's days-from-civil).</summary>
    /// <remarks>
    /// For the components of an ISO <see cref="LocalDate"/> (years −9998 to 9999, the only callers): no intermediate
    /// exceeds a few million, so the arithmetic is unchecked (the project checks overflow by default, which put a
    /// branch after each of the dozen operations of this hot helper).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DayNumber(int year, int month, int day)
    {
        unchecked
        {
            int y = month <= 2 ? year - 1 : year;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yearOfEra = y - (era * 400);
            int dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5) + day - 1;
            int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
            return (era * 146097) + dayOfEra - 719468;
        }
    }

    /// <summary>Days since 1970-01-01 of an ISO <paramref name="date"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DayNumber(LocalDate date) => DayNumber(date.Year, date.Month, date.Day);

    /// <summary>Day of the year, 1-based, of an ISO date given by its components.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DayOfYear(int year, int month, int day)
        => CumulativeDaysBeforeMonth[month] + day + (month > 2 && IsLeapYear(year) ? 1 : 0);

    /// <summary>Whether the date is the last day of February.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLastOfFebruary(int year, int month, int day)
        => month == 2 && (day == 29 || (day == 28 && !IsLeapYear(year)));

    /// <summary>Whether the date is the last day of its month.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLastOfMonth(int year, int month, int day)
        => month == 2 ? IsLastOfFebruary(year, month, day) : day == 31 || (day == 30 && (month is 4 or 6 or 9 or 11));
}
