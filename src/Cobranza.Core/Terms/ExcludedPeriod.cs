using System;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// A period of every year in which a customer makes no payments (e.g. August, "no pagamos en agosto"), from
/// <see cref="Start"/> to <see cref="End"/>, both included. A period may run over the year end (20 Dec to 10 Jan).
/// A due date inside the period moves to <see cref="MoveToDay"/>: the first date after the period that is that day of
/// its month (clamped to a shorter month's last day). Without a move-to day, the due date moves to the customer's
/// first payment day after the period, or, without payment days, to the day after the period.
/// </summary>
/// <remarks>A 29 February start or end means 28 February in other years (NodaTime <see cref="AnnualDate.InYear"/>).</remarks>
public sealed record ExcludedPeriod
{
    /// <summary>Creates a period.</summary>
    /// <param name="start">The first excluded day of the year.</param>
    /// <param name="end">The last excluded day of the year; before <paramref name="start"/> for a period over the year end.</param>
    /// <param name="moveToDay">The day of the month the due date moves to, 1 to 31; null to use the payment days or the day after the period.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="moveToDay"/> is out of range.</exception>
    public ExcludedPeriod(AnnualDate start, AnnualDate end, int? moveToDay = null)
    {
        Start = start;
        End = end;
        if (moveToDay is int day)
        {
            Guard.InRange(day, 1, 31, nameof(moveToDay));
        }

        MoveToDay = moveToDay;
    }

    /// <summary>A whole month of every year, e.g. <c>ExcludedPeriod.Month(8, 5)</c>: no payments in August, move to 5 September.</summary>
    /// <param name="month">The month, 1 to 12.</param>
    /// <param name="moveToDay">The day of the next month the due date moves to, 1 to 31, or null.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ExcludedPeriod Month(int month, int? moveToDay = null)
    {
        Guard.InRange(month, 1, 12);
        return new ExcludedPeriod(new AnnualDate(month, 1), new AnnualDate(month, month == 2 ? 29 : CalendarSystem.Iso.GetDaysInMonth(2001, month)), moveToDay);
    }

    /// <summary>The first excluded day of the year.</summary>
    public AnnualDate Start { get; }

    /// <summary>The last excluded day of the year.</summary>
    public AnnualDate End { get; }

    /// <summary>The day of the month a due date in the period moves to, or null.</summary>
    public int? MoveToDay { get; }

    /// <summary>Whether the period runs over the year end.</summary>
    public bool WrapsYearEnd => End < Start;

    /// <summary>Whether <paramref name="date"/> lies in the period.</summary>
    /// <param name="date">An ISO date.</param>
    /// <returns>True when excluded.</returns>
    public bool Contains(LocalDate date) => TryGetEnd(date, out _);

    /// <summary>When <paramref name="date"/> is in the period, the period's last day (of that occurrence).</summary>
    internal bool TryGetEnd(LocalDate date, out LocalDate end)
    {
        int year = date.Year;
        var start = Start.InYear(year);
        var last = End.InYear(year);
        if (!WrapsYearEnd)
        {
            end = last;
            return date >= start && date <= last;
        }

        if (date >= start)
        {
            end = End.InYear(year + 1);
            return true;
        }

        end = last;
        return date <= last;
    }
}
