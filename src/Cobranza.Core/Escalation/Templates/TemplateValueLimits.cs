using System;
using System.Globalization;
using System.Text;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// What the library guarantees about untrusted values in a rendered notice (issue 21; threat model in
/// <c>docs/security.md</c>): every value is a single line without invisible characters, no longer than its maximum,
/// and a rendered message is no larger than its channel allows.
/// </summary>
/// <remarks>
/// <para><b>Normalise, never refuse</b>, for text values (customer name, account id, invoice numbers, payment methods,
/// company name): a control character (line breaks, tabs, NUL, U+0085…) or a line/paragraph separator becomes one
/// space (a run of them one space; leading and trailing ones are dropped); an invisible format character (the bidi
/// controls U+202A–U+202E and U+2066–U+2069, U+200B–U+200F, U+2060–U+2064, U+FEFF, U+061C, the soft hyphen…, i.e.
/// Unicode category Cf) is removed; an unpaired surrogate becomes U+FFFD. A value longer than its maximum is cut and
/// ends with <see cref="CutMarker"/>. Refusing would stop a legitimate notice because of a stray tab typed into an
/// ERP; a space is visible and harmless in every channel. The values are normalised when they are inserted, in
/// every channel and both formats, so a template can never carry them into a subject or header.</para>
/// <para><b>Refused</b>: a payment link that is not an absolute <c>https</c> URL with a host, no user information,
/// no whitespace, control or format characters and at most <see cref="MaxPaymentLinkLength"/> characters
/// (<see cref="TemplateValues"/> throws <see cref="ArgumentException"/>): a cut or "cleaned" link would lead
/// somewhere else.</para>
/// </remarks>
public static class TemplateValueLimits
{
    /// <summary>Marks a value cut at its maximum length.</summary>
    public const string CutMarker = "…";

    /// <summary>The longest <c>{{customer.name}}</c> rendered, in characters (marker included).</summary>
    public const int MaxCustomerNameLength = 200;

    /// <summary>The longest <c>{{account.id}}</c> rendered.</summary>
    public const int MaxAccountIdLength = 100;

    /// <summary>The longest invoice number rendered in <c>{{items.table}}</c>.</summary>
    public const int MaxInvoiceNumberLength = 100;

    /// <summary>The longest <c>{{company.name}}</c> rendered.</summary>
    public const int MaxCompanyNameLength = 200;

    /// <summary>The longest <c>{{payment.methods}}</c> rendered (the methods joined).</summary>
    public const int MaxPaymentMethodsLength = 1000;

    /// <summary>The longest <c>{{payment.link}}</c> accepted (longer links are refused, not cut).</summary>
    public const int MaxPaymentLinkLength = 2048;

    /// <summary>The longest rendered subject, in characters (well within RFC 5322's 998-character line).</summary>
    public const int MaxRenderedSubjectLength = 400;

    /// <summary>The most SMS segments a rendered SMS may take (see <see cref="SmsSegments"/>).</summary>
    public const int MaxSmsSegments = 10;

    /// <summary>The longest rendered body of a channel, in characters: WhatsApp 4,096 (the platform's limit), a task 4,000, e-mail and letter 262,144; an SMS 1,530 characters and at most <see cref="MaxSmsSegments"/> segments.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The maximum.</returns>
    public static int MaxRenderedBodyLength(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Sms => 153 * MaxSmsSegments,
        NotificationChannel.WhatsApp => 4096,
        NotificationChannel.PhoneCall => 4000,
        _ => 256 * 1024,
    };

    /// <summary>
    /// The SMS segments a text takes: GSM 03.38 basic characters (extension characters count twice) fit 160 in one
    /// segment and 153 per segment when concatenated; any other character makes the message UCS-2: 70, then 67 per
    /// segment (3GPP TS 23.040 §9.2.3.24.1, 8-bit concatenation header).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The number of segments (0 for an empty text).</returns>
    public static int SmsSegments(string text)
    {
        Guard.NotNull(text);
        int septets = 0;
        bool gsm = true;
        foreach (char c in text)
        {
            if (GsmBasic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (GsmExtension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                gsm = false;
                break;
            }
        }

        int units = gsm ? septets : text.Length;
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        return units == 0 ? 0 : units <= single ? 1 : (units + part - 1) / part;
    }

    private const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string GsmExtension = "^{}\\[~]|€\f";

    internal static int MaxLengthOf(string placeholder) => placeholder switch
    {
        TemplatePlaceholders.CustomerName => MaxCustomerNameLength,
        TemplatePlaceholders.AccountId => MaxAccountIdLength,
        TemplatePlaceholders.CompanyName => MaxCompanyNameLength,
        TemplatePlaceholders.PaymentMethods => MaxPaymentMethodsLength,
        TemplatePlaceholders.PaymentLink => MaxPaymentLinkLength,
        _ => 200, // formatted amounts, dates and numbers: far shorter
    };

    /// <summary>The value as rendered: one line, no invisible characters, at most <paramref name="max"/> characters (see remarks of <see cref="TemplateValueLimits"/>).</summary>
    internal static string Clean(string value, int max)
    {
        if (value.Length <= max && IsClean(value))
        {
            return value;
        }

        var builder = new StringBuilder(Math.Min(value.Length, max + 1));
        bool pendingSpace = false;
        for (int i = 0; i < value.Length && builder.Length <= max; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                AppendPending(builder, ref pendingSpace);
                builder.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    pendingSpace = builder.Length > 0;
                    break;
                case UnicodeCategory.Format:
                    break;
                case UnicodeCategory.Surrogate:
                    AppendPending(builder, ref pendingSpace);
                    builder.Append('\uFFFD');
                    break;
                default:
                    AppendPending(builder, ref pendingSpace);
                    builder.Append(c);
                    break;
            }
        }

        if (builder.Length > max)
        {
            int keep = max - CutMarker.Length;
            if (keep > 0 && char.IsHighSurrogate(builder[keep - 1]))
            {
                keep--;
            }

            builder.Length = Math.Max(0, keep);
            builder.Append(CutMarker);
        }

        return builder.ToString();
    }

    private static void AppendPending(StringBuilder builder, ref bool pendingSpace)
    {
        if (pendingSpace)
        {
            builder.Append(' ');
            pendingSpace = false;
        }
    }

    /// <summary>True when <paramref name="text"/> has no control, separator or format character and no unpaired surrogate.</summary>
    internal static bool IsClean(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < ' ' || (c >= '\u007F' && c <= '\u009F'))
            {
                return false;
            }

            if (c < '\u00AD')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks a payment link (see remarks of <see cref="TemplateValueLimits"/>).</summary>
    internal static string PaymentLink(string? link, string name)
    {
        Guard.NotNullOrWhiteSpace(link, name);
        string? problem = link!.Length > MaxPaymentLinkLength ? $"has {link.Length} characters; at most {MaxPaymentLinkLength} are accepted"
            : !IsClean(link) || link.AsSpan().IndexOfAny(" \"<>\\^`{|}") >= 0 ? "contains a space, a control or invisible character, or one of \" < > \\ ^ ` { | }"
            : !Uri.TryCreate(link, UriKind.Absolute, out var uri) ? "is not an absolute URL"
            : uri.Scheme != Uri.UriSchemeHttps ? $"has the scheme '{uri.Scheme}'; only https is accepted"
            : uri.Host.Length == 0 ? "has no host"
            : uri.UserInfo.Length > 0 ? "carries user information before the host (as in https://bank.example@evil.example)"
            : null;
        if (problem is null)
        {
            return link;
        }

        string shown = Clean(link, 80);
        throw new ArgumentException($"{name} must be an absolute https URL; '{shown}' {problem}.", name);
    }
}
