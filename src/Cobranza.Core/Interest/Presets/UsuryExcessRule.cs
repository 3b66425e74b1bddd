namespace Cobranza.Core.Interest;

/// <summary>
/// What the accrual does when the agreed rate exceeds a legal ceiling (a capped rate period, see
/// <see cref="LateInterestRate.CappedAt"/>), set in <see cref="AccrualConventions.UsuryExcess"/>. The host chooses;
/// the law decides which is right for its case.
/// </summary>
/// <remarks>
/// Colombia (Código de Comercio art. 884, as amended by Ley 510 de 1999 art. 111): when the interest exceeds the
/// interés bancario corriente (remuneratory) or 1.5 times it (moratory), "el acreedor perderá todos los intereses",
/// without prejudice to Ley 45 de 1990 art. 72 (interest collected above the limits is lost and the debtor may claim
/// it back together with an equal sum). Reducing an excessive agreed rate to the ceiling (<see cref="Cap"/>) is what,
/// for instance, Decreto 1074 de 2015 art. 2.2.2.35.8 requires of providers of consumer financing; where the sanction
/// applies — the creditor charged or collected above the ceiling — the host selects <see cref="Forfeit"/>.
/// </remarks>
public enum UsuryExcessRule
{
    /// <summary>The ceiling applies on the days the agreed rate exceeds it; the statement notes those days (<see cref="InterestNoteKind.CappedRate"/>). The default.</summary>
    Cap = 0,

    /// <summary>
    /// If the agreed rate exceeds the ceiling on any day that accrues interest on a positive balance, no interest is
    /// charged for the whole statement (<see cref="InterestNoteKind.InterestForfeited"/>); the creditor loses all the
    /// interest (Código de Comercio art. 884). Applied by <see cref="LateInterestCalculator"/> (both entry points).
    /// </summary>
    Forfeit = 1,
}
