using System.Collections.Generic;
using Cobranza.Core.Escalation;

namespace Cobranza.Core.Receivables;

/// <summary>Posting fees to an account's ledger, beside <see cref="AccountInterest"/> for late interest.</summary>
public static class AccountFees
{
    /// <summary>
    /// Posts fee charges exactly as given (a decision's <see cref="EscalationDecision.Charges"/> of an
    /// <see cref="EscalationActionKind.ApplyLateFee"/> stage): one <see cref="FeeCharged"/> each, nothing recomputed. A
    /// charge key the ledger already holds with the same figures changes nothing and is not counted as posted.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="charges">The fee charges, in order.</param>
    /// <returns>The account after the postings, the events added and their total (zero when all were already posted).</returns>
    /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="System.ArgumentException">
    /// A charge is null or not a fee, or does not fit the account (unknown item, another currency, a charge key already
    /// posted with other figures: the ledger's message).
    /// </exception>
    public static ChargePosting Post(CustomerAccount account, IEnumerable<LateCharge> charges)
        => ChargePosting.Apply(account, charges, ChargeKind.Fee, nameof(charges));
}
