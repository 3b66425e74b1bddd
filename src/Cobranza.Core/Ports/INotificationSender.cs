using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>
/// Delivers a rendered notice to a customer (e-mail, SMS, WhatsApp, letter). The host resolves the address from
/// the customer id. Pass <see cref="OutboundMessage.IdempotencyKey"/> to the provider when it supports idempotent
/// sends (or use it as the e-mail Message-ID): it is what closes the at-least-once window after a crash.
/// </summary>
public interface INotificationSender
{
    /// <summary>Sends a message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The provider's delivery id (not empty).</returns>
    /// <exception cref="Exception">Any exception marks the attempt failed; the run retries it later.</exception>
    ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>A rendered notice: subject and body in the customer's language.</summary>
public sealed record RenderedNotice
{
    /// <summary>Creates a rendered notice.</summary>
    /// <param name="subject">The subject (empty allowed for SMS / WhatsApp).</param>
    /// <param name="body">The body (not empty).</param>
    /// <param name="mediaType">The media type of the body, e.g. "text/plain" or "text/html" (not empty).</param>
    /// <param name="language">The language it was rendered in.</param>
    /// <exception cref="ArgumentException">A text is null or empty, or <paramref name="language"/> is null.</exception>
    public RenderedNotice(string subject, string body, string mediaType, Language language)
    {
        Subject = Guard.NotNull(subject);
        Body = Guard.NotNullOrWhiteSpace(body);
        MediaType = Guard.NotNullOrWhiteSpace(mediaType);
        Language = Guard.NotNull(language);
    }

    /// <summary>The subject.</summary>
    public string Subject { get; }

    /// <summary>The body.</summary>
    public string Body { get; }

    /// <summary>The media type of the body.</summary>
    public string MediaType { get; }

    /// <summary>The language it was rendered in (its <see cref="Core.Language.Tag"/> is the e-mail's <c>Content-Language</c>).</summary>
    public Language Language { get; }
}

/// <summary>A message ready to be delivered.</summary>
/// <remarks>Equality is the synthesized record equality: <see cref="Customer"/> is compared by reference (a <see cref="CustomerProfile"/> is a class without value equality).</remarks>
public sealed record OutboundMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="decision">The decision it carries out.</param>
    /// <param name="customer">The customer it goes to.</param>
    /// <param name="channel">The channel to deliver through.</param>
    /// <param name="content">The rendered content.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public OutboundMessage(EscalationDecision decision, CustomerProfile customer, NotificationChannel channel, RenderedNotice content)
    {
        Decision = Guard.NotNull(decision);
        Customer = Guard.NotNull(customer);
        Channel = channel;
        Content = Guard.NotNull(content);
    }

    /// <summary>The decision it carries out.</summary>
    public EscalationDecision Decision { get; }

    /// <summary>The customer it goes to.</summary>
    public CustomerProfile Customer { get; }

    /// <summary>The channel to deliver through.</summary>
    public NotificationChannel Channel { get; }

    /// <summary>The rendered content.</summary>
    public RenderedNotice Content { get; }

    /// <summary>The decision's idempotency key (use it to deduplicate at the provider).</summary>
    public string IdempotencyKey => Decision.IdempotencyKey;
}
