using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// An immutable set of checked <see cref="MessageTemplate"/>s, at most one per (key, channel, language), looked up
/// with language fallback: the exact language (<c>es-CO</c>), then its primary language (<c>es</c>), then the
/// fallback language given (the policy's, <see cref="EscalationPolicy.FallbackLanguage"/>) and its primary language.
/// Languages are compared as <see cref="Language"/>s (by their tag in BCP 47 case: <c>es-co</c> is <c>es-CO</c>).
/// </summary>
public sealed class TemplateCatalog
{
    private readonly Dictionary<(string Key, NotificationChannel Channel, Language Language), MessageTemplate> _byId;

    private TemplateCatalog(ImmutableArray<MessageTemplate> templates)
    {
        Templates = templates;
        _byId = templates.ToDictionary(t => (t.Key, t.Channel, t.Language));
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
        var duplicates = list.GroupBy(t => (t.Key, t.Channel, t.Language))
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
        var kept = Templates.Where(t => !added._byId.ContainsKey((t.Key, t.Channel, t.Language)));
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
    /// <param name="language">The language asked for (e.g. the customer's, <c>es-CO</c>); any language is accepted.</param>
    /// <param name="fallbackLanguage">The language when there is no template in <paramref name="language"/>: the policy's <see cref="EscalationPolicy.FallbackLanguage"/>.</param>
    /// <param name="template">The template found.</param>
    /// <returns><see langword="true"/> when one was found.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public bool TryFind(string key, NotificationChannel channel, Language language, Language fallbackLanguage, [NotNullWhen(true)] out MessageTemplate? template)
    {
        Guard.NotNull(key);
        Guard.NotNull(language);
        Guard.NotNull(fallbackLanguage);
        return TryFind(key, channel, language, out template) || TryFind(key, channel, fallbackLanguage, out template);
    }

    /// <summary>Finds a template with language fallback (see the class remarks).</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The language asked for (e.g. the customer's, <c>es-CO</c>); any language is accepted.</param>
    /// <param name="fallbackLanguage">The language when there is no template in <paramref name="language"/>: the policy's <see cref="EscalationPolicy.FallbackLanguage"/>.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">No template for the key and channel in the language or the fallback language.</exception>
    public MessageTemplate Find(string key, NotificationChannel channel, Language language, Language fallbackLanguage)
        => TryFind(key, channel, language, fallbackLanguage, out var template)
            ? template
            : throw new KeyNotFoundException(
                $"No template '{key}' for {channel} in language '{language}' or fallback '{fallbackLanguage}' (the catalog has {Templates.Length} templates).");

    /// <summary>Finds the template (with language fallback) and renders it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The language asked for (e.g. the customer's).</param>
    /// <param name="values">The values.</param>
    /// <param name="fallbackLanguage">The language when there is no template in <paramref name="language"/>: the policy's <see cref="EscalationPolicy.FallbackLanguage"/>.</param>
    /// <returns>The rendered message.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">No template found.</exception>
    public RenderedMessage Render(string key, NotificationChannel channel, Language language, TemplateValues values, Language fallbackLanguage)
        => Find(key, channel, language, fallbackLanguage).Render(values);

    /// <summary>The template in <paramref name="language"/>, else in its primary language (<c>es</c> for <c>es-CO</c>).</summary>
    private bool TryFind(string key, NotificationChannel channel, Language language, [NotNullWhen(true)] out MessageTemplate? template)
        => _byId.TryGetValue((key, channel, language), out template)
            || (language.Primary is var primary && !ReferenceEquals(primary, language)
                && _byId.TryGetValue((key, channel, primary), out template));

    private static ImmutableArray<MessageTemplate> Sort(IEnumerable<MessageTemplate> templates)
        => [.. templates.OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Channel).ThenBy(t => t.Language.Tag, StringComparer.Ordinal)];
}
