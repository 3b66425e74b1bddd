using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// ISO dates as day numbers (days since 1970-01-01), so that a loop can compare dates and count the days between
/// them with integer operations: for two ISO dates <c>a</c> and <c>b</c>, <c>Of(b) - Of(a)</c> is
/// <c>Period.DaysBetween(a, b)</c> and the order of the numbers is the order of the dates.
/// </summary>
internal static class IsoDays
{
    /// <summary>The day number of 9999-12-31, the last ISO date NodaTime represents.</summary>
    internal const int Max = 2_932_896;

    /// <summary>The day number of an ISO date, or false for a date in another calendar.</summary>
    internal static bool TryGet(LocalDate date, out int day)
    {
        if (date.Calendar != CalendarSystem.Iso)
        {
            day = 0;
            return false;
        }

        day = Of(date);
        return true;
    }

    /// <summary>The day number of a date the caller knows to be ISO (<see cref="CivilDate.DayNumber(LocalDate)"/>).</summary>
    internal static int Of(LocalDate date) => CivilDate.DayNumber(date);
}
