using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// An immutable set of checked <see cref="MessageTemplate"/>s, at most one per (key, channel, language), looked up
/// with language fallback: the exact language (<c>es-CO</c>), then its primary language (<c>es</c>), then the
/// fallback language given (the policy's; <c>es</c> by default) and its primary language.
/// </summary>
public sealed class TemplateCatalog
{
    /// <summary>The fallback language when none is given.</summary>
    public const string DefaultFallbackLanguage = "es";

    private readonly Dictionary<(string Key, NotificationChannel Channel, string Language), MessageTemplate> _byId;

    private TemplateCatalog(ImmutableArray<MessageTemplate> templates)
    {
        Templates = templates;
        _byId = templates.ToDictionary(t => (t.Key, t.Channel, t.Language.ToUpperInvariant()));
        Keys = [.. templates.Select(t => t.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>An empty catalog.</summary>
    public static TemplateCatalog Empty { get; } = new(ImmutableArray<MessageTemplate>.Empty);

    /// <summary>The built-in catalog: every key of <see cref="TemplateKeys.All"/> in Spanish and English, for e-mail, SMS, WhatsApp and letter (the call task for the phone).</summary>
    public static TemplateCatalog Default { get; } = Create(DefaultTemplates.Create());

    /// <summary>The templates, ordered by key, channel and language.</summary>
    public ImmutableArray<MessageTemplate> Templates { get; }

    /// <summary>The distinct keys, in ordinal order.</summary>
    public ImmutableArray<string> Keys { get; }

    /// <summary>A catalog of <paramref name="templates"/>.</summary>
    /// <param name="templates">The templates; at most one per (key, channel, language).</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="templates"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two templates share a key, a channel and a language (every duplicate listed).</exception>
    public static TemplateCatalog Create(IEnumerable<MessageTemplate> templates)
    {
        Guard.NotNull(templates);
        var list = templates.Select(t => Guard.NotNull(t, nameof(templates))).ToList();
        var duplicates = list.GroupBy(t => (t.Key, t.Channel, Language: t.Language.ToUpperInvariant()))
            .Where(g => g.Count() > 1).Select(g => g.First().ToString()).ToArray();
        if (duplicates.Length > 0)
        {
            throw new ArgumentException($"templates must hold at most one template per key, channel and language (duplicated: {string.Join(", ", duplicates)}).", nameof(templates));
        }

        return new TemplateCatalog(Sort(list));
    }

    /// <summary>
    /// A new catalog where each of <paramref name="overrides"/> replaces the template with the same key, channel and
    /// language, or is added when there is none (e.g. start from <see cref="Default"/> and change one wording).
    /// </summary>
    /// <param name="overrides">The templates to put in.</param>
    /// <returns>The new catalog.</returns>
    /// <exception cref="ArgumentException">Two overrides share a key, a channel and a language.</exception>
    public TemplateCatalog With(IEnumerable<MessageTemplate> overrides)
    {
        var added = Create(overrides);
        var kept = Templates.Where(t => !added._byId.ContainsKey((t.Key, t.Channel, t.Language.ToUpperInvariant())));
        return new TemplateCatalog(Sort(kept.Concat(added.Templates)));
    }

    /// <summary>Whether the catalog has a template for <paramref name="key"/> (any channel, any language).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string key) => Keys.Contains(key, StringComparer.Ordinal);

    /// <summary>Whether the catalog has a template for <paramref name="key"/> and <paramref name="channel"/> (any language).</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string key, NotificationChannel channel) => Templates.Any(t => t.Key == key && t.Channel == channel);

    /// <summary>Finds a template with language fallback (see the class remarks).</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The customer's language (e.g. <c>es-CO</c>); any tag is accepted.</param>
    /// <param name="fallbackLanguage">The policy's fallback language.</param>
    /// <param name="template">The template found.</param>
    /// <returns><see langword="true"/> when one was found.</returns>
    public bool TryFind(string key, NotificationChannel channel, string? language, string fallbackLanguage, [NotNullWhen(true)] out MessageTemplate? template)
    {
        Guard.NotNull(key);
        Guard.NotNull(fallbackLanguage);
        foreach (string candidate in Candidates(language, fallbackLanguage))
        {
            if (_byId.TryGetValue((key, channel, candidate), out template))
            {
                return true;
            }
        }

        template = null;
        return false;
    }

    /// <summary>Finds a template with language fallback (see the class remarks).</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The customer's language (e.g. <c>es-CO</c>); any tag is accepted.</param>
    /// <param name="fallbackLanguage">The policy's fallback language (<c>es</c> by default).</param>
    /// <returns>The template.</returns>
    /// <exception cref="KeyNotFoundException">No template for the key and channel in the language or the fallback language.</exception>
    public MessageTemplate Find(string key, NotificationChannel channel, string? language, string fallbackLanguage = DefaultFallbackLanguage)
        => TryFind(key, channel, language, fallbackLanguage, out var template)
            ? template
            : throw new KeyNotFoundException(
                $"No template '{key}' for {channel} in language '{language}' or fallback '{fallbackLanguage}' (the catalog has {Templates.Length} templates).");

    /// <summary>Finds the template (with language fallback) and renders it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The customer's language.</param>
    /// <param name="values">The values.</param>
    /// <param name="fallbackLanguage">The policy's fallback language.</param>
    /// <returns>The rendered message.</returns>
    /// <exception cref="KeyNotFoundException">No template found.</exception>
    public RenderedMessage Render(string key, NotificationChannel channel, string? language, TemplateValues values, string fallbackLanguage = DefaultFallbackLanguage)
        => Find(key, channel, language, fallbackLanguage).Render(values);

    private static IEnumerable<string> Candidates(string? language, string fallback)
    {
        foreach (string? tag in new[] { language, fallback })
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                continue;
            }

            string upper = tag.Replace('_', '-').ToUpperInvariant();
            yield return upper;
            int dash = upper.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                yield return upper[..dash];
            }
        }
    }

    private static ImmutableArray<MessageTemplate> Sort(IEnumerable<MessageTemplate> templates)
        => [.. templates.OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Channel).ThenBy(t => t.Language, StringComparer.Ordinal)];
}
