using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

/// <summary>
/// Gives the escalation engine an account's late-interest terms and fee rule (<see cref="LateChargeTerms"/>), so that
/// a decision states the interest and fees owed on its date and a charge action carries exactly what it posts
/// (docs/escalation.md, "Late charges"). Injected like <see cref="Calendars.IBusinessCalendarProvider"/>: the engine stays a pure
/// function of its arguments as long as the answer depends only on the account (no clock, no I/O per call).
/// </summary>
public interface ILateChargeTermsProvider
{
    /// <summary>The terms of <paramref name="account"/>; <see cref="LateChargeTerms.None"/> when it accrues nothing.</summary>
    /// <param name="account">The account being evaluated.</param>
    /// <returns>The terms.</returns>
    LateChargeTerms For(CustomerAccount account);
}
