using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// A due-date rule written as a sequence of steps from the base date (<see cref="DueDateStep"/>: add days, add months,
/// to the end of the month, to day D of the month, to the next day D), applied left to right. Every shape the major
/// ERPs state is a short composition; the named factories below give the common ones, and the older rule types are
/// named compositions too (<see cref="DueDateRule.Steps"/>).
/// </summary>
/// <remarks>
/// <para><b>Never before the base date.</b> Step values are never negative and a <see cref="DueDateStepKind.DayOfMonth"/>
/// step must come right after an <see cref="DueDateStepKind.AddMonths"/> step of at least one month, so the result is
/// on or after the base date; every step is non-decreasing in its input, so the rule is monotone in the base date
/// (both property-tested).</para>
/// <para>Worked examples (base dates in brackets):</para>
/// <list type="bullet">
/// <item><see cref="DaysThenDayOfNextMonth"/>(30, 28): [20 Jan 2023] + 30 days = 19 Feb, + 1 month = 19 Mar, day 28 →
/// <b>28 Mar 2023</b> (Odoo 17 "Days end of month on the", <c>days_end_of_month_on_the</c>).</item>
/// <item><see cref="MonthsThenEndOfMonthThenDays"/>(1, 45): [15 Jan 2022] + 1 month = 15 Feb, end of month 28 Feb,
/// + 45 days → <b>14 Apr 2022</b>.</item>
/// <item><see cref="OdooLine"/>(1, 15, true, 45): [1 Jan 2022] + 1 month = 1 Feb, + 15 days = 16 Feb, end of month
/// 28 Feb, + 45 days → <b>14 Apr 2022</b> (Odoo 16's test "1 month, 15 days, end month, 45 days").</item>
/// <item><see cref="NextDayOfMonth(int)"/>(10): [9 Jan 2022] → 10 Jan; [10 Jan] → 10 Jan; [15 Jan] → <b>10 Feb 2022</b>.</item>
/// </list>
/// </remarks>
public sealed record ComposedRule : DueDateRule
{
    /// <summary>The most steps a composition takes.</summary>
    public const int MaxSteps = 8;

    private readonly DueDateStep[] _steps;

    /// <summary>Creates the rule.</summary>
    /// <param name="steps">1 to <see cref="MaxSteps"/> steps, applied in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are no steps or more than <see cref="MaxSteps"/>, or a <see cref="DueDateStepKind.DayOfMonth"/> step does
    /// not come right after an <see cref="DueDateStepKind.AddMonths"/> step of at least one month.
    /// </exception>
    public ComposedRule(IEnumerable<DueDateStep> steps)
    {
        _steps = Guard.NotNull(steps).ToArray();
        if (Check(_steps) is { } problem)
        {
            throw new ArgumentException(problem, nameof(steps));
        }
    }

    /// <summary>Creates the rule.</summary>
    /// <param name="steps">1 to <see cref="MaxSteps"/> steps, applied in order.</param>
    /// <exception cref="ArgumentException">See <see cref="ComposedRule(IEnumerable{DueDateStep})"/>.</exception>
    public ComposedRule(params DueDateStep[] steps)
        : this((IEnumerable<DueDateStep>)steps)
    {
    }

    /// <summary>The steps, in the order they apply.</summary>
    public override IReadOnlyList<DueDateStep> Steps => _steps;

    /// <summary>
    /// N calendar days, then day D of the following month: Odoo 17's "Days end of month on the" (<c>nb_days</c> N,
    /// <c>days_next_month</c> D); Spanish "a 30 días, con vencimiento el día 10 del mes siguiente". Steps
    /// <c>Nd 1m day D</c>. Day 29–31 is clamped to the month's last day (Odoo's special case), and D = 28 from 20 Jan
    /// 2023 with 30 days gives 28 Mar 2023 — the date customer payment days cannot give (the 28th–31st move a
    /// payment day to the next month).
    /// </summary>
    /// <param name="days">0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <param name="day">1 to 31.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ComposedRule DaysThenDayOfNextMonth(int days, int day)
        => new(DueDateStep.AddDays(days), DueDateStep.AddMonths(1), DueDateStep.DayOfMonth(day));

    /// <summary>
    /// M months, then the end of that month, then N days, for any N ("fin del mes siguiente + 45 días" is M = 1,
    /// N = 45; Odoo 17's "Days after end of next month" is M = 1). Steps <c>Mm EOM Nd</c>.
    /// </summary>
    /// <param name="months">0 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <param name="days">0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ComposedRule MonthsThenEndOfMonthThenDays(int months, int days)
        => new(DueDateStep.AddMonths(months), DueDateStep.EndOfMonth, DueDateStep.AddDays(days));

    /// <summary>
    /// Odoo 16's payment-term line: + <paramref name="months"/> months, + <paramref name="days"/> days, and, when
    /// <paramref name="endOfMonth"/>, to the end of that month + <paramref name="daysAfter"/> days
    /// (<c>months</c>, <c>days</c>, <c>end_month</c>, <c>days_after</c> of <c>account.payment.term.line</c>). Zero
    /// month and day steps are left out: <c>OdooLine(0, 30, false, 0)</c> is the single step <c>30d</c>.
    /// </summary>
    /// <param name="months">0 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <param name="days">0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <param name="endOfMonth">Whether to go to the end of the month.</param>
    /// <param name="daysAfter">0 to <see cref="DueDateRule.MaxDays"/>; must be 0 without <paramref name="endOfMonth"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or <paramref name="daysAfter"/> is set without the end of month.</exception>
    public static ComposedRule OdooLine(int months, int days, bool endOfMonth, int daysAfter)
    {
        var steps = new List<DueDateStep>(4);
        if (months != 0)
        {
            steps.Add(DueDateStep.AddMonths(months));
        }

        if (days != 0 || (months == 0 && !endOfMonth))
        {
            steps.Add(DueDateStep.AddDays(days));
        }

        if (endOfMonth)
        {
            steps.Add(DueDateStep.EndOfMonth);
            if (daysAfter != 0)
            {
                steps.Add(DueDateStep.AddDays(daysAfter));
            }
        }
        else if (daysAfter != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(daysAfter), daysAfter, $"daysAfter must be 0 when endOfMonth is false (was {daysAfter}); Odoo ignores it.");
        }

        return new ComposedRule(steps);
    }

    /// <summary>
    /// Day D of the base month, or of the next month when D has passed ("el próximo día 10"): 9 and 10 Jan 2022 → 10 Jan;
    /// 15 Jan → 10 Feb (Odoo 16's test "Next 10th of the month", written there as −10 days, end of month, + 10 days).
    /// Steps <c>next D</c>.
    /// </summary>
    /// <param name="day">1 to 31 (clamped to the month's last day).</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is out of range.</exception>
    public static ComposedRule NextDayOfMonth(int day) => new(DueDateStep.NextDayOfMonth(day));

    /// <summary>
    /// At least N days, then the next day D (Odoo 14's <c>days</c> with <c>day_of_the_month</c>: "the 15th of the month,
    /// min 31 days from now": 1 Jan 2019 → 15 Feb; 31 Jan 2019 → 3 Mar → 15 Mar 2019). Steps <c>Nd next D</c>.
    /// </summary>
    /// <param name="days">0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <param name="day">1 to 31 (clamped).</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ComposedRule DaysThenNextDayOfMonth(int days, int day) => new(DueDateStep.AddDays(days), DueDateStep.NextDayOfMonth(day));

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
    {
        var date = baseDate;
        foreach (var step in _steps)
        {
            date = step.Apply(date);
        }

        return date;
    }

    /// <inheritdoc/>
    public bool Equals(ComposedRule? other) => other is not null && _steps.AsSpan().SequenceEqual(other._steps);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var step in _steps)
        {
            hash.Add(step);
        }

        return hash.ToHashCode();
    }

    /// <summary>The steps in the notation, e.g. <c>30d 1m day 28</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(" ", _steps);

    /// <summary>Why a sequence of steps is not a valid composition, or null when it is.</summary>
    internal static string? Check(IReadOnlyList<DueDateStep> steps)
    {
        if (steps.Count is 0 or > MaxSteps)
        {
            return $"steps must have 1 to {MaxSteps} steps (has {steps.Count}).";
        }

        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind == DueDateStepKind.DayOfMonth
                && (i == 0 || steps[i - 1].Kind != DueDateStepKind.AddMonths || steps[i - 1].Value < 1))
            {
                return $"steps[{i}] (day {steps[i].Value}) must come right after a step of at least one month ('1m day {steps[i].Value}'): on its own it could move the date before the base date; use 'next {steps[i].Value}' for the next day {steps[i].Value}.";
            }
        }

        return null;
    }
}
