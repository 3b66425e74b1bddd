using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cobranza.Core.Ports;
using MimeKit;
using MimeKit.Text;

namespace Cobranza.Samples.Quickstart.Messaging;

/// <summary>Builds the RFC 5322 message of a notice (shared by the .eml outbox and the SMTP sender).</summary>
internal static class NoticeMessage
{
    /// <summary>The header that carries the decision's idempotency key.</summary>
    public const string IdempotencyHeader = "X-Cobranza-Idempotency-Key";

    /// <summary>
    /// A message whose Message-ID is derived from the idempotency key (a provider or a mail server that dedupes on
    /// Message-ID drops a resend), dated at the decision's instant (never the machine clock), UTF-8 with a
    /// quoted-printable body.
    /// </summary>
    public static MimeMessage Build(OutboundMessage message, string recipient, string sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(sender));
        mime.To.Add(new MailboxAddress(message.Customer.DisplayName, recipient));
        mime.Subject = message.Content.Subject;
        mime.Date = message.Decision.DecidedAt.ToDateTimeOffset();
        mime.MessageId = $"{Hash(message.IdempotencyKey)}@cobranza.sample";
        mime.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
        mime.Headers.Add("X-Cobranza-Channel", message.Channel.ToString());
        mime.Headers.Add("X-Cobranza-Stage", message.Decision.StageId);
        mime.Headers.Add(HeaderId.ContentLanguage, message.Content.Language);
        var format = message.Content.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) ? TextFormat.Html : TextFormat.Plain;
        var body = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        body.SetText(Encoding.UTF8, message.Content.Body);
        mime.Body = body;
        return mime;
    }

    /// <summary>A file name for a key: readable prefix plus a hash of the full key (two keys never share a name).</summary>
    public static string FileNameFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var readable = new StringBuilder(idempotencyKey.Length);
        foreach (var c in idempotencyKey)
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        }

        var prefix = readable.Length > 80 ? readable.ToString(0, 80) : readable.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}.{Hash(idempotencyKey)[..16]}.eml");
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
