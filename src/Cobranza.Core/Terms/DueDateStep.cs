using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>What one <see cref="DueDateStep"/> does to a date.</summary>
public enum DueDateStepKind
{
    /// <summary>Add <see cref="DueDateStep.Value"/> calendar days (0 to <see cref="DueDateRule.MaxDays"/>).</summary>
    AddDays = 0,

    /// <summary>
    /// Add <see cref="DueDateStep.Value"/> calendar months (0 to <see cref="DueDateRule.MaxMonths"/>), keeping the day of
    /// the month, clamped to the target month's last day (31 January + 1 month = 28 February).
    /// </summary>
    AddMonths = 1,

    /// <summary>To the last day of the date's month (28, 29, 30 or 31). <see cref="DueDateStep.Value"/> is 0.</summary>
    EndOfMonth = 2,

    /// <summary>
    /// To day <see cref="DueDateStep.Value"/> (1 to 31) of the date's month, clamped to the month's last day; this may
    /// move the date back within its month, so it normally follows <see cref="AddMonths"/> ("day 10 of the following
    /// month" is AddMonths 1, DayOfMonth 10).
    /// </summary>
    DayOfMonth = 3,

    /// <summary>
    /// To the first day on or after the date that is day <see cref="DueDateStep.Value"/> (1 to 31) of its month, clamped
    /// to the month's last day: day D of this month, or of the next month when D has passed ("el próximo día 10").
    /// </summary>
    NextDayOfMonth = 4,
}

/// <summary>
/// One step of a <see cref="ComposedRule"/>: add days, add months, go to the end of the month, go to day D of the
/// month, or go to the next day D. Values are never negative, so no step moves a date back, except
/// <see cref="DueDateStepKind.DayOfMonth"/> within its month; a <see cref="ComposedRule"/> therefore accepts that step
/// only right after an <see cref="DueDateStepKind.AddMonths"/> step of at least one month.
/// </summary>
public readonly record struct DueDateStep
{
    private DueDateStep(DueDateStepKind kind, int value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What the step does.</summary>
    public DueDateStepKind Kind { get; }

    /// <summary>The days, months or day of the month (see <see cref="Kind"/>); 0 for <see cref="DueDateStepKind.EndOfMonth"/>.</summary>
    public int Value { get; }

    /// <summary>The end of the month.</summary>
    public static DueDateStep EndOfMonth => new(DueDateStepKind.EndOfMonth, 0);

    /// <summary>Adds calendar days.</summary>
    /// <param name="days">0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    public static DueDateStep AddDays(int days) => new(DueDateStepKind.AddDays, Guard.InRange(days, 0, DueDateRule.MaxDays));

    /// <summary>Adds calendar months (day clamped).</summary>
    /// <param name="months">0 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is out of range.</exception>
    public static DueDateStep AddMonths(int months) => new(DueDateStepKind.AddMonths, Guard.InRange(months, 0, DueDateRule.MaxMonths));

    /// <summary>To day <paramref name="day"/> of the month (clamped).</summary>
    /// <param name="day">1 to 31.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is out of range.</exception>
    public static DueDateStep DayOfMonth(int day) => new(DueDateStepKind.DayOfMonth, Guard.InRange(day, 1, 31));

    /// <summary>To the next day <paramref name="day"/> on or after the date (clamped).</summary>
    /// <param name="day">1 to 31.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is out of range.</exception>
    public static DueDateStep NextDayOfMonth(int day) => new(DueDateStepKind.NextDayOfMonth, Guard.InRange(day, 1, 31));

    /// <summary>Creates a step of a kind (as configuration stores it).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="value">The value the kind takes (0 for <see cref="DueDateStepKind.EndOfMonth"/>).</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not defined or the value is out of its range.</exception>
    public static DueDateStep Of(DueDateStepKind kind, int value) => kind switch
    {
        DueDateStepKind.AddDays => AddDays(value),
        DueDateStepKind.AddMonths => AddMonths(value),
        DueDateStepKind.EndOfMonth => value == 0
            ? EndOfMonth
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"value must be 0 for an EndOfMonth step (was {value})."),
        DueDateStepKind.DayOfMonth => DayOfMonth(value),
        DueDateStepKind.NextDayOfMonth => NextDayOfMonth(value),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind is not a DueDateStepKind (was {(int)kind})."),
    };

    /// <summary>Applies the step.</summary>
    /// <param name="date">The date (ISO calendar).</param>
    /// <returns>The moved date.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The result is outside the range of dates.</exception>
    public LocalDate Apply(LocalDate date) => Kind switch
    {
        DueDateStepKind.AddDays => date.PlusDays(Value),
        DueDateStepKind.AddMonths => DueDateRule.DayClampedMonthsAfter(date, Value, date.Day),
        DueDateStepKind.EndOfMonth => DueDateRule.EndOfMonth(date),
        DueDateStepKind.DayOfMonth => DueDateRule.DayClamped(date.Year, date.Month, Value),
        _ => date.Day <= Value
            ? DueDateRule.DayClamped(date.Year, date.Month, Value)
            : DueDateRule.DayClampedMonthsAfter(date, 1, Value),
    };

    /// <summary>The step in the notation (<c>30d</c>, <c>1m</c>, <c>EOM</c>, <c>day 10</c>, <c>next 10</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        string v = Value.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            DueDateStepKind.AddDays => v + "d",
            DueDateStepKind.AddMonths => v + "m",
            DueDateStepKind.EndOfMonth => "EOM",
            DueDateStepKind.DayOfMonth => "day " + v,
            _ => "next " + v,
        };
    }
}
