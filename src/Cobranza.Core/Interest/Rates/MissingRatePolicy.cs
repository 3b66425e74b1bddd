namespace Cobranza.Core.Interest;

/// <summary>What resolving a rate does when a reference rate for a period is not loaded yet.</summary>
public enum MissingRatePolicy
{
    /// <summary>
    /// Throw <see cref="ReferenceRateUnavailableException"/>, naming the table, the missing period, the official
    /// source and the row to add. The default: a figure is never computed from a value that was not published.
    /// </summary>
    Fail = 0,

    /// <summary>
    /// Opt-in: carry the last known value of the table forward over the missing days and mark it provisional
    /// (<see cref="ReferenceRate.Provisional"/>, <see cref="RatePeriod.Provisional"/>); the statement then carries an
    /// <see cref="InterestNoteKind.ProvisionalRate"/> note (Spanish and English) and
    /// <see cref="InterestStatement.IsProvisional"/> is true. A provisional figure is an estimate until the official
    /// value is loaded: do not post or send it unless the host has decided to. When the table has no value at or
    /// before the missing date, it still throws.
    /// </summary>
    CarryForwardProvisional = 1,
}
