using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>What a <see cref="CalendarChange"/> does.</summary>
public enum CalendarChangeKind
{
    /// <summary>A holiday is moved, once, from <see cref="CalendarChange.Date"/> to <see cref="CalendarChange.MovedTo"/>: the original day becomes a business day (unless a weekend day) and the new day a holiday.</summary>
    Move = 0,

    /// <summary>A one-off closing day: <see cref="CalendarChange.Date"/> is a holiday (a decreed bridge day, a company's closing day).</summary>
    Closure = 1,

    /// <summary>A one-off opening: the holiday (or holidays) on <see cref="CalendarChange.Date"/> are not observed that year.</summary>
    Cancellation = 2,
}

/// <summary>
/// A dated, one-off change to a calendar's rules, as data: a holiday moved "por única vez", a decreed closing day, a
/// holiday cancelled. Applied after the calendar's recurring rules (<see cref="BusinessCalendar.WithChanges"/>), in order;
/// each carries the source that decreed it.
/// </summary>
public sealed record CalendarChange
{
    private CalendarChange(CalendarChangeKind kind, LocalDate date, LocalDate? movedTo, string name, string source)
    {
        RequireIso(date, nameof(date));
        if (movedTo is { } to)
        {
            RequireIso(to, nameof(movedTo));
            if (to == date)
            {
                throw new ArgumentException($"movedTo must differ from the original date (both {Iso(date)}).", nameof(movedTo));
            }
        }

        Kind = kind;
        Date = date;
        MovedTo = movedTo;
        Name = Guard.NotNullOrWhiteSpace(name);
        Source = Guard.NotNullOrWhiteSpace(source);
    }

    /// <summary>What the change does.</summary>
    public CalendarChangeKind Kind { get; }

    /// <summary>The day affected: the holiday's original date (<see cref="CalendarChangeKind.Move"/>, <see cref="CalendarChangeKind.Cancellation"/>) or the closing day.</summary>
    public LocalDate Date { get; }

    /// <summary>For a move, the day the holiday is observed instead; otherwise <see langword="null"/>.</summary>
    public LocalDate? MovedTo { get; }

    /// <summary>The holiday's name as observed (for a move, on the new day).</summary>
    public string Name { get; }

    /// <summary>The decree, law or notice that made the change.</summary>
    public string Source { get; }

    /// <summary>A holiday moved once from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The holiday's date under the recurring rules; the calendar must have a holiday then.</param>
    /// <param name="to">The day it is observed instead.</param>
    /// <param name="name">The holiday's name.</param>
    /// <param name="source">The decree or notice.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">A date is not ISO, the dates are equal, or a text is empty.</exception>
    public static CalendarChange Move(LocalDate from, LocalDate to, string name, string source) => new(CalendarChangeKind.Move, from, to, name, source);

    /// <summary>A one-off closing day (a decreed bridge day, a company's closing day).</summary>
    /// <param name="day">The day.</param>
    /// <param name="name">Its name.</param>
    /// <param name="source">The decree, notice or company decision.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The date is not ISO or a text is empty.</exception>
    public static CalendarChange Closure(LocalDate day, string name, string source) => new(CalendarChangeKind.Closure, day, null, name, source);

    /// <summary>A holiday not observed once (the day becomes a business day unless it is a weekend day).</summary>
    /// <param name="day">The holiday's date; the calendar must have a holiday then.</param>
    /// <param name="name">The holiday's name.</param>
    /// <param name="source">The decree or notice.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The date is not ISO or a text is empty.</exception>
    public static CalendarChange Cancellation(LocalDate day, string name, string source) => new(CalendarChangeKind.Cancellation, day, null, name, source);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        CalendarChangeKind.Move => $"{Name}: moved from {Iso(Date)} to {Iso(MovedTo!.Value)} ({Source})",
        CalendarChangeKind.Closure => $"{Name}: closed on {Iso(Date)} ({Source})",
        _ => $"{Name}: not observed on {Iso(Date)} ({Source})",
    };

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static void RequireIso(LocalDate date, string name)
    {
        if (!ReferenceEquals(date.Calendar, CalendarSystem.Iso))
        {
            throw new ArgumentException($"{name} must be a date in the ISO calendar (was {date} in {date.Calendar.Id}).", name);
        }
    }
}
