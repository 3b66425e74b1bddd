using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>The escalation (dunning) engine: a pure function of an account snapshot, its history, a policy and an instant.</summary>
public interface IEscalationEngine
{
    /// <summary>
    /// Decides what should happen for <paramref name="account"/> at <paramref name="now"/> under <paramref name="policy"/>,
    /// leaving out every decision already in <paramref name="history"/>. The same inputs always give the same result.
    /// </summary>
    /// <param name="account">The account snapshot.</param>
    /// <param name="history">What was already decided for the account.</param>
    /// <param name="policy">The policy (must be valid, see <see cref="EscalationPolicyValidator"/>).</param>
    /// <param name="now">The instant of the evaluation.</param>
    /// <returns>The decisions and when to evaluate again.</returns>
    EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant now);
}
