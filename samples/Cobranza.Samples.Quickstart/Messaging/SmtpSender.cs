using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Cobranza.Samples.Quickstart.Messaging;

/// <summary>SMTP settings (from <c>--smtp-host</c> or the <c>COBRANZA_SMTP_*</c> environment variables).</summary>
internal sealed record SmtpSettings(string Host, int Port, string? User, string? Password, bool StartTls);

/// <summary>
/// Sends e-mail notices over SMTP with MailKit. The Message-ID is derived from the idempotency key, so a server that
/// deduplicates on it drops a resend after a crash between the send and the journal write.
/// </summary>
internal sealed class SmtpSender : INotificationSender
{
    private readonly SmtpSettings _settings;
    private readonly Func<string, string> _recipientOf;
    private readonly string _sender;

    public SmtpSender(SmtpSettings settings, Func<string, string> recipientOf, string sender)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _recipientOf = recipientOf ?? throw new ArgumentNullException(nameof(recipientOf));
        _sender = sender;
    }

    /// <inheritdoc/>
    public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = NoticeMessage.Build(message, _recipientOf(message.Decision.AccountId), _sender);
        using var client = new SmtpClient();
        await client.ConnectAsync(_settings.Host, _settings.Port, _settings.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_settings.User))
        {
            await client.AuthenticateAsync(_settings.User, _settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return "smtp:" + mime.MessageId;
    }
}
