using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>Creates (or looks up) a link where the customer can pay what a notice asks for.</summary>
public interface IPaymentLinkProvider
{
    /// <summary>The payment link for a decision.</summary>
    /// <param name="account">The account snapshot.</param>
    /// <param name="decision">The decision (its items and amounts).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link, or <see langword="null"/> when the customer cannot pay online.</returns>
    ValueTask<Uri?> GetPaymentLinkAsync(CustomerAccount account, EscalationDecision decision, CancellationToken cancellationToken);
}
