using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>How a template body is written, and so how values are inserted into it.</summary>
public enum TemplateBodyFormat
{
    /// <summary>Plain text: values are inserted as they are; <c>{{items.table}}</c> becomes one line per item.</summary>
    Text = 0,

    /// <summary>HTML: every value is HTML-escaped (<c>&amp; &lt; &gt; " '</c>); <c>{{items.table}}</c> becomes a <c>&lt;table&gt;</c>.</summary>
    Html = 1,
}

/// <summary>The part of a template an error is in.</summary>
public enum TemplatePart
{
    /// <summary>The subject (e-mail and letter).</summary>
    Subject = 0,

    /// <summary>The body.</summary>
    Body = 1,
}

/// <summary>One problem found when a template was checked.</summary>
/// <param name="Key">The template key.</param>
/// <param name="Channel">The template channel.</param>
/// <param name="Language">The template language.</param>
/// <param name="Part">Subject or body.</param>
/// <param name="Position">The zero-based character index in that part (0 for errors about the whole part).</param>
/// <param name="Line">The one-based line of <paramref name="Position"/>.</param>
/// <param name="Column">The one-based column of <paramref name="Position"/>.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record TemplateError(string Key, NotificationChannel Channel, Language Language, TemplatePart Part, int Position, int Line, int Column, string Message)
{
    /// <summary>The error as one line, e.g. <c>reminder-firm (Email, es) body, line 2, column 5: unknown placeholder {{foo}}.</c></summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"{Key} ({Channel}, {Language}) {(Part == TemplatePart.Subject ? "subject" : "body")}, line {Line}, column {Column}: {Message}";
}

/// <summary>A template (or a catalog of templates) is invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class InvalidTemplateException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every problem (at least one).</param>
    /// <param name="paramName">The argument that was invalid.</param>
    public InvalidTemplateException(ImmutableArray<TemplateError> errors, string? paramName)
        : base(Describe(errors), paramName)
        => Errors = errors.IsDefault ? ImmutableArray<TemplateError>.Empty : errors;

    /// <summary>Every problem, in order.</summary>
    public ImmutableArray<TemplateError> Errors { get; }

    private static string Describe(ImmutableArray<TemplateError> errors)
        => errors.IsDefaultOrEmpty
            ? "The template is invalid."
            : $"The template is invalid ({errors.Length} error{(errors.Length == 1 ? string.Empty : "s")}): " + string.Join(" | ", errors);
}

/// <summary>
/// A message template: a key (e.g. <c>reminder-firm</c>), a channel, a language, a subject (e-mail and letter only)
/// and a body with <c>{{placeholder}}</c> slots. Checked and parsed once, at construction: an unknown placeholder, a
/// placeholder not available for the key, unbalanced braces, an empty body or an over-long text is an
/// <see cref="InvalidTemplateException"/> listing every error with its position, so rendering can never fail on
/// the template itself.
/// </summary>
/// <remarks>
/// <para><b>Syntax.</b> <c>{{name}}</c> inserts a value (spaces inside the braces are allowed:
/// <c>{{ customer.name }}</c>). <c>{{{{</c> writes a literal <c>{{</c> and <c>}}}}</c> a literal <c>}}</c>; a single
/// <c>{</c> or <c>}</c> is ordinary text; a lone <c>}}</c> is an error. There are no sections, loops, conditions,
/// filters, format strings or "raw" (unescaped) slots: rendering is one pass of substitution that runs no code.</para>
/// <para><b>Escaping.</b> In an <see cref="TemplateBodyFormat.Html"/> body every value is HTML-escaped; subjects
/// and text bodies receive values as they are.</para>
/// <para><b>Limits.</b> Subject: <see cref="MaxSubjectLength"/> characters. Body: see <see cref="MaxBodyLength"/>
/// (SMS 480 = three concatenated 160-character segments; WhatsApp 1,024, Meta's limit for a template body; task
/// 2,000; e-mail and letter 16,384). Limits apply to the template text, before values are inserted.</para>
/// </remarks>
public sealed class MessageTemplate : IEquatable<MessageTemplate>
{
    /// <summary>The longest subject accepted, in characters.</summary>
    public const int MaxSubjectLength = 200;

    private readonly ImmutableArray<Segment> _subject;
    private readonly ImmutableArray<Segment> _body;

    /// <summary>Creates and checks a template.</summary>
    /// <param name="key">The template key (see <see cref="TemplateKeys.IsWellFormed"/>).</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The language: Spanish or English, optionally with a region (<c>es-CO</c>, <c>es-419</c>): the values are formatted in it.</param>
    /// <param name="subject">The subject: required for e-mail and letter, left out (null) for the other channels.</param>
    /// <param name="body">The body (not empty).</param>
    /// <param name="bodyFormat">The body format; by default <see cref="TemplateBodyFormat.Html"/> for e-mail and <see cref="TemplateBodyFormat.Text"/> otherwise.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="language"/> or <paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is malformed, the language is neither Spanish nor English, or the channel or format is undefined.</exception>
    /// <exception cref="InvalidTemplateException">The subject or the body is invalid (every error listed).</exception>
    public MessageTemplate(string key, NotificationChannel channel, Language language, string? subject, string body, TemplateBodyFormat? bodyFormat = null)
    {
        Guard.NotNull(key);
        Guard.NotNull(language);
        Guard.NotNull(body);
        Key = TemplateKeys.IsWellFormed(key)
            ? key
            : throw new ArgumentException($"key must be 1 to {TemplateKeys.MaxKeyLength} lower-case letters, digits and single hyphens, starting with a letter (was '{key}').", nameof(key));
        Channel = Enum.IsDefined(channel) ? channel : throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel is not a known channel ({(int)channel}).");
        Language = language.HasLibraryTexts
            ? language
            : throw new ArgumentException($"language must be Spanish (es) or English (en), optionally with a region such as 'es-CO' (was '{language.Tag}').", nameof(language));
        var format = bodyFormat ?? DefaultFormat(channel);
        BodyFormat = Enum.IsDefined(format) ? format : throw new ArgumentOutOfRangeException(nameof(bodyFormat), format, $"bodyFormat is not a known format ({(int)format}).");

        var errors = new List<TemplateError>();
        _subject = subject is null ? ImmutableArray<Segment>.Empty : Scan(subject, TemplatePart.Subject, errors);
        _body = Scan(body, TemplatePart.Body, errors);
        CheckShape(subject, body, errors);
        if (errors.Count > 0)
        {
            throw new InvalidTemplateException(
                [.. errors.OrderBy(e => e.Part).ThenBy(e => e.Position)],
                errors.TrueForAll(e => e.Part == TemplatePart.Subject) ? nameof(subject) : nameof(body));
        }

        Subject = subject;
        Body = body;
        Placeholders = [.. _subject.Concat(_body).Where(s => s.Placeholder is not null).Select(s => s.Placeholder!).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The template key.</summary>
    public string Key { get; }

    /// <summary>The channel.</summary>
    public NotificationChannel Channel { get; }

    /// <summary>The language (<c>es</c>, <c>en</c>, <c>es-CO</c>).</summary>
    public Language Language { get; }

    /// <summary>The subject template (e-mail and letter), or <see langword="null"/>.</summary>
    public string? Subject { get; }

    /// <summary>The body template.</summary>
    public string Body { get; }

    /// <summary>The body format.</summary>
    public TemplateBodyFormat BodyFormat { get; }

    /// <summary>The placeholders the subject and body use, each once, in order of first use.</summary>
    public ImmutableArray<string> Placeholders { get; }

    /// <summary>The longest body accepted for <paramref name="channel"/>, in characters.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>SMS 480, WhatsApp 1,024, phone-call task 2,000, e-mail and letter 16,384.</returns>
    public static int MaxBodyLength(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Sms => 480,
        NotificationChannel.WhatsApp => 1024,
        NotificationChannel.PhoneCall => 2000,
        _ => 16 * 1024,
    };

    /// <summary>
    /// Checks a template without throwing (for a screen that shows every error): the same rules as the constructor
    /// for the subject and the body. The key, the channel and the language must be valid.
    /// </summary>
    /// <param name="key">The template key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The language.</param>
    /// <param name="subject">The subject, or null.</param>
    /// <param name="body">The body.</param>
    /// <param name="bodyFormat">The body format, or null for the channel's default.</param>
    /// <returns>Every error, in order; empty when the template is valid.</returns>
    /// <exception cref="ArgumentException">The key, the channel, the language or the format is invalid.</exception>
    public static ImmutableArray<TemplateError> Check(string key, NotificationChannel channel, Language language, string? subject, string body, TemplateBodyFormat? bodyFormat = null)
    {
        try
        {
            _ = new MessageTemplate(key, channel, language, subject, body, bodyFormat);
            return ImmutableArray<TemplateError>.Empty;
        }
        catch (InvalidTemplateException e)
        {
            return e.Errors;
        }
    }

    /// <summary>Renders the template with <paramref name="values"/>, formatted in the template's language.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The template uses an event value (<c>amount.paid</c>, <c>amount.remaining</c>, <c>settlement.text</c>, <c>promise.date</c>) that
    /// <paramref name="values"/> does not carry: the values were built for another event. Or the rendered message is
    /// larger than its channel allows (<see cref="TemplateValueLimits.MaxRenderedSubjectLength"/>,
    /// <see cref="TemplateValueLimits.MaxRenderedBodyLength"/>, <see cref="TemplateValueLimits.MaxSmsSegments"/>).
    /// </exception>
    public RenderedMessage Render(TemplateValues values)
    {
        Guard.NotNull(values);
        var language = Language.Primary; // Spanish or English (the constructor refuses other languages)
        string? subject = Subject is null ? null : Emit(_subject, values, language, html: false, Body.Length);
        string body = Emit(_body, values, language, BodyFormat == TemplateBodyFormat.Html, Body.Length);
        if (subject is { Length: > TemplateValueLimits.MaxRenderedSubjectLength })
        {
            throw new InvalidOperationException($"Template {this}: the rendered subject has {subject.Length} characters; at most {TemplateValueLimits.MaxRenderedSubjectLength} are sent.");
        }

        int maxBody = TemplateValueLimits.MaxRenderedBodyLength(Channel);
        if (body.Length > maxBody)
        {
            throw new InvalidOperationException($"Template {this}: the rendered body has {body.Length} characters; at most {maxBody} are sent on {Channel}.");
        }

        if (Channel == NotificationChannel.Sms && TemplateValueLimits.SmsSegments(body) is var segments and > TemplateValueLimits.MaxSmsSegments)
        {
            throw new InvalidOperationException($"Template {this}: the rendered SMS takes {segments} segments; at most {TemplateValueLimits.MaxSmsSegments} are sent.");
        }

        return new RenderedMessage(Key, Channel, Language, subject, body, BodyFormat);
    }

    /// <inheritdoc/>
    public bool Equals(MessageTemplate? other)
        => other is not null && Key == other.Key && Channel == other.Channel && Language == other.Language
            && Subject == other.Subject && Body == other.Body && BodyFormat == other.BodyFormat;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MessageTemplate);

    /// <summary>Value equality, as <see cref="Equals(MessageTemplate)"/>.</summary>
    /// <param name="left">The first template.</param>
    /// <param name="right">The second template.</param>
    /// <returns>True when both are null or equal.</returns>
    public static bool operator ==(MessageTemplate? left, MessageTemplate? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality, as the negation of <see cref="Equals(MessageTemplate)"/>.</summary>
    /// <param name="left">The first template.</param>
    /// <param name="right">The second template.</param>
    /// <returns>True when exactly one is null or they differ.</returns>
    public static bool operator !=(MessageTemplate? left, MessageTemplate? right) => !(left == right);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Key, Channel, Language, Subject, Body, BodyFormat);

    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({Channel}, {Language})";

    internal static TemplateBodyFormat DefaultFormat(NotificationChannel channel)
        => channel == NotificationChannel.Email ? TemplateBodyFormat.Html : TemplateBodyFormat.Text;

    private static string Emit(ImmutableArray<Segment> segments, TemplateValues values, Language language, bool html, int capacity)
    {
        var builder = new StringBuilder(capacity + 256);
        foreach (var segment in segments)
        {
            if (segment.Placeholder is null)
            {
                builder.Append(segment.Literal);
            }
            else
            {
                values.Append(builder, segment.Placeholder, language, html);
            }
        }

        return builder.ToString();
    }

    private void CheckShape(string? subject, string body, List<TemplateError> errors)
    {
        bool wantsSubject = Channel is NotificationChannel.Email or NotificationChannel.Letter;
        if (wantsSubject && string.IsNullOrWhiteSpace(subject))
        {
            errors.Add(Error(TemplatePart.Subject, string.Empty, 0, $"a subject is required for {Channel}."));
        }
        else if (!wantsSubject && subject is not null)
        {
            errors.Add(Error(TemplatePart.Subject, string.Empty, 0, $"a subject must be left out for {Channel} (only e-mail and letter have one)."));
        }

        if (subject is not null && !TemplateValueLimits.IsClean(subject))
        {
            errors.Add(Error(TemplatePart.Subject, subject, 0, "the subject contains a line break, a control character or an invisible format character (a subject is one line)."));
        }

        if (subject is { Length: > MaxSubjectLength })
        {
            errors.Add(Error(TemplatePart.Subject, subject, MaxSubjectLength, $"the subject has {subject.Length} characters; at most {MaxSubjectLength} are accepted."));
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            errors.Add(Error(TemplatePart.Body, body, 0, "the body is empty."));
        }

        int max = MaxBodyLength(Channel);
        if (body.Length > max)
        {
            errors.Add(Error(TemplatePart.Body, body, max, $"the body has {body.Length} characters; at most {max} are accepted for {Channel}."));
        }
    }

    private ImmutableArray<Segment> Scan(string text, TemplatePart part, List<TemplateError> errors)
    {
        var segments = ImmutableArray.CreateBuilder<Segment>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (At(text, i, "{{{{"))
            {
                literal.Append("{{");
                i += 4;
            }
            else if (At(text, i, "}}}}"))
            {
                literal.Append("}}");
                i += 4;
            }
            else if (At(text, i, "{{"))
            {
                i = ScanPlaceholder(text, i, part, segments, literal, errors);
            }
            else if (At(text, i, "}}"))
            {
                errors.Add(Error(part, text, i, "unbalanced '}}' (write '}}}}' for a literal '}}')."));
                i += 2;
            }
            else
            {
                literal.Append(text[i]);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null));
        }

        return segments.ToImmutable();
    }

    private int ScanPlaceholder(string text, int start, TemplatePart part, ImmutableArray<Segment>.Builder segments, StringBuilder literal, List<TemplateError> errors)
    {
        int j = start + 2;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        int nameStart = j;
        while (j < text.Length && IsNameChar(text[j]))
        {
            j++;
        }

        int nameEnd = j;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (nameEnd == nameStart || !At(text, j, "}}"))
        {
            errors.Add(Error(part, text, start, "malformed placeholder: expected {{name}} with a name of letters, digits, '.', '-' or '_' (write '{{{{' for a literal '{{')."));
            int lineEnd = text.IndexOf('\n', start);
            int close = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            return close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 2 : start + 2;
        }

        string name = text[nameStart..nameEnd];
        if (!TemplatePlaceholders.IsKnown(name))
        {
            errors.Add(Error(part, text, start, $"unknown placeholder {{{{{name}}}}} (known: {string.Join(", ", TemplatePlaceholders.All)})."));
        }
        else if (!TemplatePlaceholders.IsAvailableIn(name, Key))
        {
            errors.Add(Error(part, text, start, $"placeholder {{{{{name}}}}} is not available in template '{Key}' (its value exists only for {AvailabilityOf(name)})."));
        }
        else if (part == TemplatePart.Subject && name is TemplatePlaceholders.ItemsTable or TemplatePlaceholders.InterestProvisional)
        {
            errors.Add(Error(part, text, start, $"placeholder {{{{{name}}}}} cannot be used in a subject."));
        }
        else
        {
            if (literal.Length > 0)
            {
                segments.Add(new Segment(literal.ToString(), null));
                literal.Clear();
            }

            segments.Add(new Segment(null, name));
        }

        return j + 2;
    }

    private static string AvailabilityOf(string name) => name switch
    {
        TemplatePlaceholders.AmountRemaining or TemplatePlaceholders.AmountPaid or TemplatePlaceholders.SettlementText
            => $"'{TemplateKeys.PaymentThankYou}', '{TemplateKeys.PaymentPartialAck}' and '{TemplateKeys.NoticeServiceRestored}'",
        _ => $"'{TemplateKeys.PromiseBroken}'",
    };

    private TemplateError Error(TemplatePart part, string text, int position, string message)
    {
        int line = 1;
        int column = 1;
        for (int k = 0; k < position && k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new TemplateError(Key, Channel, Language, part, position, line, column, message);
    }

    private static bool At(string text, int index, string token)
        => index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_';

    private readonly record struct Segment(string? Literal, string? Placeholder);
}

/// <summary>A rendered message, ready for a channel.</summary>
/// <param name="TemplateKey">The key of the template it came from.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Language">The language it was rendered in.</param>
/// <param name="Subject">The subject (e-mail and letter), or <see langword="null"/>.</param>
/// <param name="Body">The body.</param>
/// <param name="BodyFormat">Whether the body is text or HTML.</param>
public sealed record RenderedMessage(string TemplateKey, NotificationChannel Channel, Language Language, string? Subject, string Body, TemplateBodyFormat BodyFormat);

/// <summary>The spelling of template languages in template catalog JSON.</summary>
internal static class TemplateLanguage
{
    /// <summary>
    /// The language of a template catalog JSON <c>language</c>: <c>es</c> or <c>en</c>, optionally with a two-letter or
    /// three-digit region after <c>-</c> or <c>_</c> (<c>es-CO</c>, <c>es_CO</c>, <c>en-GB</c>, <c>es-419</c>), any letter
    /// case (the schema's pattern). The underscore is the spelling catalogs written before <see cref="Language"/> used
    /// (POSIX locale style); it reads as the hyphen. <see langword="null"/> when the text is not such a tag.
    /// </summary>
    internal static Language? Parse(string? tag)
    {
        if (tag is null || tag.Length < 2)
        {
            return null;
        }

        string primary = tag[..2].ToLowerInvariant();
        if (primary is not ("es" or "en"))
        {
            return null;
        }

        if (tag.Length == 2)
        {
            return Language.FromTag(primary);
        }

        string region = tag.Length > 3 && tag[2] is '-' or '_' ? tag[3..] : string.Empty;
        bool letters = region.Length == 2 && region.All(char.IsAsciiLetter);
        bool digits = region.Length == 3 && region.All(char.IsAsciiDigit);
        return letters || digits ? Language.FromTag(primary + "-" + region) : null;
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
