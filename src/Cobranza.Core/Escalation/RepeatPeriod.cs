namespace Cobranza.Core.Escalation;

/// <summary>What <see cref="StageRepetition.Every"/> counts.</summary>
public enum RepeatPeriod
{
    /// <summary>Calendar days.</summary>
    Days = 0,

    /// <summary>
    /// Calendar months (monthly 1, quarterly 3, yearly 12: Invoice Ninja's endless reminder frequencies), counted from the
    /// stage's trigger date with end-of-month clamping (<see cref="OffsetDays.CalendarMonths"/>).
    /// </summary>
    Months = 1,
}
