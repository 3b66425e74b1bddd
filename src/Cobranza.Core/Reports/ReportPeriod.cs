using System;
using NodaTime;

namespace Cobranza.Core.Reports;

/// <summary>A period of whole days, <see cref="Start"/> and <see cref="End"/> both included (e.g. 2026-01-01 to 2026-01-31 is 31 days).</summary>
public sealed record ReportPeriod
{
    /// <summary>Creates a period.</summary>
    /// <param name="start">The first day.</param>
    /// <param name="end">The last day (on or after <paramref name="start"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public ReportPeriod(LocalDate start, LocalDate end)
    {
        if (end < start)
        {
            throw new ArgumentException($"end ({end:uuuu-MM-dd}) must not be before start ({start:uuuu-MM-dd}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first day.</summary>
    public LocalDate Start { get; }

    /// <summary>The last day.</summary>
    public LocalDate End { get; }

    /// <summary>The number of days, both ends included: <c>End − Start + 1</c>.</summary>
    public int Days => Period.DaysBetween(Start, End) + 1;

    /// <summary>The period of <paramref name="days"/> days that ends on <paramref name="end"/>.</summary>
    /// <param name="end">The last day.</param>
    /// <param name="days">How many days (positive).</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not positive.</exception>
    public static ReportPeriod Ending(LocalDate end, int days) => new(end.PlusDays(-(Guard.Positive(days) - 1)), end);

    /// <summary>Whether <paramref name="date"/> is in the period.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> when <see cref="Start"/> ≤ <paramref name="date"/> ≤ <see cref="End"/>.</returns>
    public bool Contains(LocalDate date) => date >= Start && date <= End;

    /// <inheritdoc/>
    public override string ToString() => $"{Start:uuuu-MM-dd}..{End:uuuu-MM-dd}";
}
