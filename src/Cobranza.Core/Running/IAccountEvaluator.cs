using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>
/// What the collection run asks of the escalation side: the decisions for one account at one instant. The
/// default implementation resolves the account's policy (its <see cref="CustomerProfile.EscalationPolicyId"/> or the
/// default) and calls the escalation engine; tests script it. Pure and thread-safe: no I/O.
/// </summary>
public interface IAccountEvaluator
{
    /// <summary>Evaluates one account.</summary>
    /// <param name="account">The account snapshot.</param>
    /// <param name="history">Its collection history.</param>
    /// <param name="at">The instant of the run.</param>
    /// <returns>The decisions and the next wake-up.</returns>
    EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, Instant at);
}
