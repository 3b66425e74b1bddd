using System;
using System.Globalization;
using System.Linq;
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
    /// quoted-printable body. Every header is built with MimeKit's API, never by concatenating text, and every value
    /// that comes from customer or invoice data (the customer's name, the subject, the key that carries an account id)
    /// goes through <see cref="SingleLine"/> first, so a customer named <c>"ACME\r\nBcc: victim@example.com"</c> stays
    /// a display name and never becomes a header. The recipient must be exactly one plain address.
    /// </summary>
    /// <exception cref="ArgumentException">The recipient is not exactly one e-mail address (the message quotes it).</exception>
    public static MimeMessage Build(OutboundMessage message, string recipient, string sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(sender));
        mime.To.Add(new MailboxAddress(SingleLine(message.Customer.DisplayName), SingleAddress(recipient, message.Decision.AccountId)));
        mime.Subject = SingleLine(message.Content.Subject);
        mime.Date = message.Decision.DecidedAt.ToDateTimeOffset();
        mime.MessageId = $"{Hash(message.IdempotencyKey)}@cobranza.sample";
        mime.Headers.Add(IdempotencyHeader, SingleLine(message.IdempotencyKey));
        mime.Headers.Add("X-Cobranza-Channel", message.Channel.ToString());
        mime.Headers.Add("X-Cobranza-Stage", SingleLine(message.Decision.StageId));
        mime.Headers.Add(HeaderId.ContentLanguage, SingleLine(message.Content.Language.Tag));
        var format = message.Content.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) ? TextFormat.Html : TextFormat.Plain;
        var body = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        body.SetText(Encoding.UTF8, message.Content.Body);
        mime.Body = body;
        return mime;
    }

    /// <summary>
    /// A header value on one line: each run of control characters (C0, DEL, C1 — CR and LF among them) and of the
    /// Unicode line and paragraph separators becomes one space. The rest of the text is kept as given.
    /// </summary>
    public static string SingleLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(LineBreaking))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        bool inRun = false;
        foreach (var c in value)
        {
            if (LineBreaking.Contains(c))
            {
                if (!inRun)
                {
                    text.Append(' ');
                }

                inRun = true;
                continue;
            }

            inRun = false;
            text.Append(c);
        }

        return text.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaking = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(i => (char)i)) + "\u007F"
        + string.Concat(Enumerable.Range(0x80, 0x20).Select(i => (char)i)) + "\u2028\u2029");

    private static string SingleAddress(string recipient, string accountId)
    {
        if (!MailboxAddress.TryParse(ParserOptions.Default, recipient, out var mailbox)
            || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Route.Count > 0
            || !string.Equals(mailbox.Address, recipient.Trim(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"the e-mail address of account '{SingleLine(accountId)}' must be exactly one plain address (was '{SingleLine(recipient)}').", nameof(recipient));
        }

        return mailbox.Address;
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
