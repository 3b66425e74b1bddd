using System;
using System.Collections.Generic;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// The seller's rule that turns a portion's base date into its due date, before any customer setting (payment days,
/// excluded periods) and before the business-day adjustment. The hierarchy is closed; each rule is a small immutable
/// record validated at construction.
/// </summary>
/// <remarks>
/// <para>Every rule returns a date on or after the base date. Months are ISO calendar months; "end of month" is the
/// month's last day (28, 29, 30 or 31), and a day of the month that the month does not have is clamped to its last
/// day (day 31 in April is 30 April; day 30 in February is 28 or 29 February).</para>
/// </remarks>
public abstract record DueDateRule
{
    /// <summary>The largest number of days or business days a rule accepts (about 10 years).</summary>
    public const int MaxDays = 3660;

    /// <summary>The largest number of months a rule accepts (10 years).</summary>
    public const int MaxMonths = 120;

    private protected DueDateRule()
    {
    }

    /// <summary>Due on the base date itself: deposits and advances, "al contado", "due on receipt".</summary>
    public static ImmediateRule Immediate { get; } = new();

    /// <summary>
    /// The rule as a sequence of steps from the base date (see <see cref="ComposedRule"/>): <c>30d</c> for net 30,
    /// <c>EOM 45d</c> for end of month + 45 days; empty for <see cref="Immediate"/>; null for the rules that are not a
    /// fixed sequence (<see cref="BusinessDaysRule"/> needs a calendar, <see cref="CutOffDayRule"/> chooses by the base
    /// day). <c>new ComposedRule(rule.Steps)</c> gives the same date as the rule for every base date (property-tested).
    /// </summary>
    public virtual IReadOnlyList<DueDateStep>? Steps => null;

    /// <summary>Computes the due date from the base date.</summary>
    /// <param name="baseDate">The portion's base date (ISO calendar).</param>
    /// <param name="calendars">Resolves calendar ids (only <see cref="BusinessDaysRule"/> uses it).</param>
    /// <returns>The due date, on or after <paramref name="baseDate"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The result is outside the range of dates (or of the calendar).</exception>
    public abstract LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars);

    /// <summary>The last day of the month of <paramref name="date"/>.</summary>
    internal static LocalDate EndOfMonth(LocalDate date)
        => new(date.Year, date.Month, CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month));

    /// <summary>Day <paramref name="day"/> of the given month, or the month's last day when the month is shorter.</summary>
    internal static LocalDate DayClamped(int year, int month, int day)
        => new(year, month, Math.Min(day, CalendarSystem.Iso.GetDaysInMonth(year, month)));

    /// <summary>Day <paramref name="day"/> (clamped) of the month <paramref name="months"/> after the month of <paramref name="date"/>.</summary>
    internal static LocalDate DayClampedMonthsAfter(LocalDate date, int months, int day)
    {
        int index = (date.Year * 12) + date.Month - 1 + months;
        return DayClamped(index / 12, (index % 12) + 1, day);
    }
}

/// <summary>Due on the base date (deposits, advances, cash on delivery). Use <see cref="DueDateRule.Immediate"/>.</summary>
public sealed record ImmediateRule : DueDateRule
{
    internal ImmediateRule()
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars) => baseDate;
}

/// <summary>
/// N calendar days after the base date ("net 30", "a 30 días"; ERPNext "Day(s) after invoice date", Odoo "days after
/// invoice date"). Invoice 15 Jan 2026, net 30: due 14 Feb 2026.
/// </summary>
public sealed record CalendarDaysRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="days">From 0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    public CalendarDaysRule(int days) => Days = Guard.InRange(days, 0, MaxDays);

    /// <summary>The number of calendar days.</summary>
    public int Days { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [DueDateStep.AddDays(Days)];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars) => baseDate.PlusDays(Days);
}

/// <summary>
/// N business days after the base date in a named calendar. The first day counted is the first business day after
/// the base date, so 5 business days from Friday 2 Jan 2026 in Spain is Monday 12 Jan 2026 (6 Jan, Epiphany, is a holiday).
/// Zero business days leaves the base date as it is.
/// </summary>
public sealed record BusinessDaysRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="days">From 0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <param name="calendarId">The calendar id, resolved through an <see cref="IBusinessCalendarProvider"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="calendarId"/> is null or blank.</exception>
    public BusinessDaysRule(int days, string calendarId)
    {
        Days = Guard.InRange(days, 0, MaxDays);
        CalendarId = Guard.NotNullOrWhiteSpace(calendarId);
    }

    /// <summary>The number of business days.</summary>
    public int Days { get; }

    /// <summary>The calendar id.</summary>
    public string CalendarId { get; }

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return calendars.Get(CalendarId).AddBusinessDays(baseDate, Days);
    }
}

/// <summary>
/// N calendar months after the base date, on the same day of the month, clamped to the month's last day: 31 Jan 2026
/// plus 1 month is 28 Feb 2026 (not 3 March, the overflow some date libraries give).
/// </summary>
public sealed record CalendarMonthsRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="months">From 0 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is out of range.</exception>
    public CalendarMonthsRule(int months) => Months = Guard.InRange(months, 0, MaxMonths);

    /// <summary>The number of months.</summary>
    public int Months { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [DueDateStep.AddMonths(Months)];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
        => DayClampedMonthsAfter(baseDate, Months, baseDate.Day);
}

/// <summary>
/// First to the end of the base month, then N calendar days ("fin de mes + 45 días"; "EOM + 45"; ERPNext
/// "Day(s) after the end of the invoice month"; Odoo "days after end of month"). Invoice 10 Jan 2026, EOM + 45:
/// 31 Jan + 45 days = 17 Mar 2026. Zero days is the end of the base month.
/// </summary>
public sealed record EndOfMonthThenDaysRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="days">From 0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    public EndOfMonthThenDaysRule(int days) => Days = Guard.InRange(days, 0, MaxDays);

    /// <summary>The number of days added after the end of the base month.</summary>
    public int Days { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [DueDateStep.EndOfMonth, DueDateStep.AddDays(Days)];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
        => EndOfMonth(baseDate).PlusDays(Days);
}

/// <summary>
/// First N calendar days, then to the end of that month ("45 días fecha factura, fin de mes"; French "45 jours fin
/// de mois"; Odoo's classic "30 days end of month"). Invoice 10 Jan 2026, 45 days + EOM: 24 Feb, so 28 Feb 2026 —
/// 17 days earlier than <see cref="EndOfMonthThenDaysRule"/> with the same 45.
/// </summary>
public sealed record DaysThenEndOfMonthRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="days">From 0 to <see cref="DueDateRule.MaxDays"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    public DaysThenEndOfMonthRule(int days) => Days = Guard.InRange(days, 0, MaxDays);

    /// <summary>The number of days added before going to the end of the month.</summary>
    public int Days { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [DueDateStep.AddDays(Days), DueDateStep.EndOfMonth];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
        => EndOfMonth(baseDate.PlusDays(Days));
}

/// <summary>
/// Day D of the month that is N months after the base month ("N months after the end of the base month, on day D"):
/// with N = 1 and D = 10, every invoice of January is due on 10 February. A day the target month does not have is
/// clamped to its last day, so D = 31 means "the last day of the month" (ERPNext's "Month(s) after the end of the
/// invoice month") and D = 30 in February is 28 (or 29) February.
/// </summary>
public sealed record MonthsAfterEndOfMonthRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="months">From 1 to <see cref="DueDateRule.MaxMonths"/>: 1 is the month after the base month.</param>
    /// <param name="day">The day of the month, 1 to 31 (clamped to the month's last day).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public MonthsAfterEndOfMonthRule(int months, int day)
    {
        Months = Guard.InRange(months, 1, MaxMonths);
        Day = Guard.InRange(day, 1, 31);
    }

    /// <summary>The number of months after the base month (1 = the next month).</summary>
    public int Months { get; }

    /// <summary>The day of the month, 1 to 31, clamped to the month's last day.</summary>
    public int Day { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<DueDateStep> Steps => [DueDateStep.AddMonths(Months), DueDateStep.DayOfMonth(Day)];

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
        => DayClampedMonthsAfter(baseDate, Months, Day);
}

/// <summary>
/// A cut-off day: base dates up to and including day <see cref="CutOffDay"/> are due on day
/// <see cref="DayUpToCutOff"/> of the month <see cref="MonthsUpToCutOff"/> months later; later base dates on day
/// <see cref="DayAfterCutOff"/> of the month <see cref="MonthsAfterCutOff"/> months later ("invoices up to the 15th
/// are due on the 5th of next month, later ones on the 20th": cut-off 15, 5 and 20, one month each). Days are
/// clamped to the target month's last day.
/// </summary>
public sealed record CutOffDayRule : DueDateRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="cutOffDay">The last day of the month that still takes the first due day, 1 to 30.</param>
    /// <param name="dayUpToCutOff">The due day for base dates up to the cut-off, 1 to 31.</param>
    /// <param name="dayAfterCutOff">The due day for base dates after the cut-off, 1 to 31.</param>
    /// <param name="monthsUpToCutOff">Months after the base month for the first case, 1 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <param name="monthsAfterCutOff">Months after the base month for the second case, 1 to <see cref="DueDateRule.MaxMonths"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CutOffDayRule(int cutOffDay, int dayUpToCutOff, int dayAfterCutOff, int monthsUpToCutOff = 1, int monthsAfterCutOff = 1)
    {
        CutOffDay = Guard.InRange(cutOffDay, 1, 30);
        DayUpToCutOff = Guard.InRange(dayUpToCutOff, 1, 31);
        DayAfterCutOff = Guard.InRange(dayAfterCutOff, 1, 31);
        MonthsUpToCutOff = Guard.InRange(monthsUpToCutOff, 1, MaxMonths);
        MonthsAfterCutOff = Guard.InRange(monthsAfterCutOff, 1, MaxMonths);
    }

    /// <summary>The last day of the month that still takes <see cref="DayUpToCutOff"/>.</summary>
    public int CutOffDay { get; }

    /// <summary>The due day for base dates on or before the cut-off day.</summary>
    public int DayUpToCutOff { get; }

    /// <summary>The due day for base dates after the cut-off day.</summary>
    public int DayAfterCutOff { get; }

    /// <summary>Months after the base month for base dates on or before the cut-off day.</summary>
    public int MonthsUpToCutOff { get; }

    /// <summary>Months after the base month for base dates after the cut-off day.</summary>
    public int MonthsAfterCutOff { get; }

    /// <inheritdoc/>
    public override LocalDate Apply(LocalDate baseDate, IBusinessCalendarProvider calendars)
        => baseDate.Day <= CutOffDay
            ? DayClampedMonthsAfter(baseDate, MonthsUpToCutOff, DayUpToCutOff)
            : DayClampedMonthsAfter(baseDate, MonthsAfterCutOff, DayAfterCutOff);
}
