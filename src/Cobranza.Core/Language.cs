using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Cobranza.Core;

/// <summary>
/// A language, named by a BCP 47 language tag (RFC 5646) such as <c>es</c>, <c>en</c> or <c>es-CO</c>: the language of a
/// customer, of a notice template, of a terms text or statement. Immutable; <see cref="Spanish"/> and
/// <see cref="English"/> are shared instances.
/// </summary>
/// <remarks>
/// <para>
/// The tag is checked for form, not looked up in the IANA registry: a primary subtag of 2–3 or 5–8 ASCII letters (the
/// ISO 639 code of the language, <c>es</c>, not its name, <c>español</c>), then subtags of 1–8 ASCII letters or digits,
/// each after one <c>-</c>; at most 35 characters. It is kept in the case BCP 47 recommends (RFC 5646 §2.1.1: language
/// lower case, script title case, region upper case), so <c>ES-co</c> and <c>es-CO</c> are the same language, written
/// <c>es-CO</c>. Equality is by that tag (ordinal).
/// </para>
/// <para>
/// The texts the library writes itself (terms texts, statements, discount explanations, the default notice templates)
/// exist in Spanish and English; any region of those languages selects them (<c>es-CO</c> writes the Spanish text).
/// A customer may still have any language: the escalation policy's fallback language chooses the notices then. There is
/// no default language: whoever creates a profile, a template or a text says which (decision 0028).
/// </para>
/// </remarks>
public sealed class Language : IEquatable<Language>
{
    private Language(string tag)
    {
        Tag = tag;
        int dash = tag.IndexOf('-', StringComparison.Ordinal);
        Code = dash < 0 ? tag : tag[..dash];
    }

    /// <summary>Spanish (<c>es</c>): dates as <c>15/01/2027</c>, amounts as <c>605,00 €</c> (es-ES), percents as <c>2 %</c>.</summary>
    public static Language Spanish { get; } = new("es");

    /// <summary>English (<c>en</c>): dates as <c>15 Jan 2027</c>, amounts as <c>€605.00</c> (en-GB separators), percents as <c>2%</c>.</summary>
    public static Language English { get; } = new("en");

    /// <summary>The tag in BCP 47 case, e.g. <c>es</c>, <c>en</c>, <c>es-CO</c>, <c>zh-Hant-TW</c>.</summary>
    public string Tag { get; }

    /// <summary>The primary language subtag (ISO 639 code) in lower case, e.g. <c>es</c> for <c>es-CO</c>.</summary>
    public string Code { get; }

    /// <summary>Whether the library writes its own texts in this language: Spanish or English, in any region.</summary>
    public bool HasLibraryTexts => Code is "es" or "en";

    /// <summary>The language of the primary subtag alone (<c>es</c> for <c>es-CO</c>; <see cref="Spanish"/> and <see cref="English"/> are shared); this language when it has no other subtag.</summary>
    internal Language Primary => Code.Length == Tag.Length ? this : Of(Code);

    /// <summary>The language of a BCP 47 tag.</summary>
    /// <param name="tag">The tag, e.g. <c>es</c>, <c>en</c>, <c>es-CO</c> (any case).</param>
    /// <returns>The language; <see cref="Spanish"/> or <see cref="English"/> for <c>es</c> and <c>en</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tag"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is not a well-formed language tag (e.g. <c>español</c>, <c>es_CO</c>, <c>e</c>, <c>es-</c>).</exception>
    public static Language FromTag(string tag) => FromTag(tag, nameof(tag));

    /// <summary>The language of a BCP 47 tag, or <see langword="null"/> when the tag is not well-formed.</summary>
    /// <param name="tag">The tag, e.g. <c>es</c>, <c>en</c>, <c>es-CO</c> (any case), or <see langword="null"/>.</param>
    /// <param name="language">The language, when the tag is well-formed.</param>
    /// <returns><see langword="true"/> when <paramref name="tag"/> is a well-formed language tag.</returns>
    public static bool TryFromTag(string? tag, [NotNullWhen(true)] out Language? language)
    {
        language = IsWellFormed(tag) ? Of(tag) : null;
        return language is not null;
    }

    /// <summary>Parses a tag, naming <paramref name="paramName"/> (the field the tag came from) in the error.</summary>
    internal static Language FromTag(string tag, string paramName)
    {
        Guard.NotNull(tag, paramName);
        return IsWellFormed(tag)
            ? Of(tag)
            : throw new ArgumentException(
                $"{paramName} must be a BCP 47 language tag such as 'es', 'en' or 'es-CO' (was '{tag}'): write the code of the language (ISO 639), not its name.",
                paramName);
    }

    /// <summary>
    /// Whether <paramref name="tag"/> is a well-formed BCP 47-style language tag as far as this library needs: at most
    /// 35 characters; a primary subtag of 2–3 or 5–8 ASCII letters; then subtags of 1–8 ASCII letters or digits, each
    /// after one '-'.
    /// </summary>
    internal static bool IsWellFormed([NotNullWhen(true)] string? tag)
    {
        if (tag is null || tag.Length == 0 || tag.Length > 35)
        {
            return false;
        }

        int start = 0;
        bool primary = true;
        while (true)
        {
            int end = tag.IndexOf('-', start);
            int length = (end < 0 ? tag.Length : end) - start;
            if (primary ? !(length is >= 2 and <= 3 or >= 5 and <= 8) : length is < 1 or > 8)
            {
                return false;
            }

            for (int i = start; i < start + length; i++)
            {
                char c = tag[i];
                if (!(char.IsAsciiLetter(c) || (!primary && char.IsAsciiDigit(c))))
                {
                    return false;
                }
            }

            if (end < 0)
            {
                return true;
            }

            start = end + 1;
            primary = false;
        }
    }

    /// <summary>The language of a well-formed tag, in BCP 47 case.</summary>
    private static Language Of(string tag)
    {
        string canonical = Canonical(tag);
        return canonical switch
        {
            "es" => Spanish,
            "en" => English,
            _ => new Language(canonical),
        };
    }

    /// <summary>RFC 5646 §2.1.1 case: language lower, a 4-letter script title case, a 2-letter region upper, the rest lower.</summary>
    private static string Canonical(string tag)
    {
        var parts = tag.Split('-');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].ToLowerInvariant();
            if (i > 0 && part.Length == 2 && parts[i - 1].Length > 1)
            {
                part = part.ToUpperInvariant();
            }
            else if (i > 0 && part.Length == 4 && char.IsAsciiLetter(part[0]) && parts[i - 1].Length > 1)
            {
                part = char.ToUpperInvariant(part[0]) + part[1..];
            }

            parts[i] = part;
        }

        return string.Join('-', parts);
    }

    /// <summary>Whether the text the library writes in <paramref name="language"/> is the Spanish one; refuses a language it has no texts in.</summary>
    /// <param name="language">The language asked for.</param>
    /// <param name="paramName">The parameter the language came from, named in the error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="language"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The language is neither Spanish nor English.</exception>
    internal static bool IsSpanishText(Language language, [CallerArgumentExpression(nameof(language))] string? paramName = null)
    {
        Guard.NotNull(language, paramName);
        return language.HasLibraryTexts
            ? language.Code == "es"
            : throw new ArgumentException(
                $"{paramName} must be Spanish (es) or English (en), in any region, for a text the library writes (was '{language.Tag}').",
                paramName);
    }

    /// <inheritdoc/>
    public bool Equals(Language? other) => other is not null && string.Equals(Tag, other.Tag, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Language);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Tag);

    /// <summary>Whether two languages have the same tag.</summary>
    /// <param name="left">The first language.</param>
    /// <param name="right">The second language.</param>
    /// <returns><see langword="true"/> when both are <see langword="null"/> or have the same tag.</returns>
    public static bool operator ==(Language? left, Language? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two languages differ.</summary>
    /// <param name="left">The first language.</param>
    /// <param name="right">The second language.</param>
    /// <returns><see langword="true"/> when the tags differ.</returns>
    public static bool operator !=(Language? left, Language? right) => !(left == right);

    /// <summary>The tag, e.g. <c>es-CO</c>.</summary>
    /// <returns><see cref="Tag"/>.</returns>
    public override string ToString() => Tag;
}
