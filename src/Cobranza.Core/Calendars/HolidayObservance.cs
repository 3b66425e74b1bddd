namespace Cobranza.Core.Calendars;

/// <summary>
/// How a fixed-date holiday is moved when its date falls on a particular weekday. The moved date replaces the
/// nominal one (the nominal date is then not a holiday of the rule).
/// </summary>
public enum HolidayObservance
{
    /// <summary>The holiday is kept on its date, whatever the weekday.</summary>
    None = 0,

    /// <summary>
    /// Saturday moves to the preceding Friday, Sunday to the following Monday (US federal holidays, 5 U.S.C. 6103(b)
    /// and Executive Order 11582). A 1 January on a Saturday is therefore observed on 31 December of the year before.
    /// </summary>
    SaturdayToFridaySundayToMonday = 1,

    /// <summary>Sunday moves to the following Monday; Saturday stays.</summary>
    SundayToMonday = 2,

    /// <summary>
    /// Moved to the next Monday when it does not fall on a Monday (Colombia, Ley 51 de 1983 "Ley Emiliani", art. 1).
    /// </summary>
    NextMonday = 3,

    /// <summary>
    /// UK-style substitute day: a holiday falling on a weekend day moves to the next day that is neither a weekend
    /// day nor another holiday of the same calendar, rules being taken in the order they were given (so Christmas
    /// on a Saturday moves to Monday 27 and Boxing Day on the Sunday to Tuesday 28). Banking and Financial Dealings
    /// Act 1971, Schedule 1. Applied by <see cref="BusinessCalendar"/>, which knows the other holidays; the rule
    /// itself returns the nominal date.
    /// </summary>
    NextWorkingDayNotHoliday = 4,

    /// <summary>
    /// Tuesday, Wednesday or Thursday move to the Monday of the same week, Friday to the following Monday; weekends
    /// and Mondays stay (Chile, Ley 19.668 of 2000, art. único).
    /// </summary>
    PreviousMondayIfTuesdayToThursdayNextMondayIfFriday = 5,

    /// <summary>
    /// Tuesday or Wednesday move to the Monday before, Thursday or Friday to the Monday after; weekends and Mondays
    /// stay (Argentina, Ley 27.399 of 2017, art. 6, "feriados trasladables").
    /// </summary>
    PreviousMondayIfTuesdayOrWednesdayNextMondayIfThursdayOrFriday = 6,
}

/// <summary>Which Easter a rule counts from.</summary>
public enum EasterKind
{
    /// <summary>Western (Gregorian) Easter Sunday, as computed by the Gregorian computus.</summary>
    Gregorian = 0,

    /// <summary>Orthodox Easter Sunday: the Julian computus, expressed as a Gregorian date.</summary>
    Orthodox = 1,
}
