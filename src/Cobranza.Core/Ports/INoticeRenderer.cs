using System;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>
/// Renders a decision's template (notice or task) for a customer. Pure: no I/O (templates are loaded before the run).
/// </summary>
public interface INoticeRenderer
{
    /// <summary>Renders <see cref="EscalationDecision.TemplateKey"/> of <paramref name="decision"/>.</summary>
    /// <param name="decision">The decision (has a template key).</param>
    /// <param name="account">The account snapshot the decision was made on.</param>
    /// <param name="paymentLink">The payment link for the <c>payment.link</c> placeholder, or <see langword="null"/>.</param>
    /// <returns>The rendered notice.</returns>
    /// <exception cref="Exception">A template is missing or invalid: the attempt fails (and is poisoned after the retries).</exception>
    RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink);
}
