using System;
using System.Collections.Immutable;
using Cobranza.Core.Escalation;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// What the collection rules need to know about a customer: language, local time zone, business calendar,
/// segments and channel preferences. Immutable.
/// </summary>
public sealed class CustomerProfile
{
    /// <summary>Creates a profile.</summary>
    /// <param name="id">The customer id (not empty).</param>
    /// <param name="displayName">The name used in notices (not empty).</param>
    /// <param name="language">
    /// The customer's language (<see cref="Core.Language.Spanish"/>, <see cref="Core.Language.English"/>, or
    /// <see cref="Core.Language.FromTag(string)"/> for a stored tag such as "es-CO"): it chooses the notices' templates.
    /// There is no default; a language the templates lack falls back to the policy's fallback language.
    /// </param>
    /// <param name="timeZone">The customer's time zone: the local day, the send window and quiet days use it.</param>
    /// <param name="calendarId">
    /// The id of the customer's business calendar (resolved through an <c>IBusinessCalendarProvider</c>), or
    /// <see langword="null"/> for weekends only.
    /// </param>
    /// <param name="segments">Segments / tags the policy conditions can test (e.g. "vip", "public-sector").</param>
    /// <param name="optedOutChannels">Channels the customer refused; notices fall back to another channel.</param>
    /// <param name="escalationPolicyId">The escalation policy that applies, or <see langword="null"/> for the host's default.</param>
    /// <exception cref="ArgumentNullException">The id, the name, the language or the time zone is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The id or the name is empty, or a segment is empty.</exception>
    public CustomerProfile(
        string id,
        string displayName,
        Language language,
        DateTimeZone timeZone,
        string? calendarId = null,
        ImmutableArray<string> segments = default,
        ImmutableArray<NotificationChannel> optedOutChannels = default,
        string? escalationPolicyId = null)
    {
        Id = Guard.NotNullOrWhiteSpace(id);
        DisplayName = Guard.NotNullOrWhiteSpace(displayName);
        Language = Guard.NotNull(language);

        TimeZone = Guard.NotNull(timeZone);
        if (calendarId is not null)
        {
            Guard.NotNullOrWhiteSpace(calendarId);
        }

        CalendarId = calendarId;
        Segments = segments.IsDefault ? ImmutableArray<string>.Empty : segments;
        foreach (var segment in Segments)
        {
            if (string.IsNullOrWhiteSpace(segment))
            {
                throw new ArgumentException($"segments must not contain an empty segment (was '{segment}').", nameof(segments));
            }
        }

        OptedOutChannels = optedOutChannels.IsDefault ? ImmutableArray<NotificationChannel>.Empty : optedOutChannels;
        foreach (var channel in OptedOutChannels)
        {
            if (!Enum.IsDefined(channel))
            {
                throw new ArgumentOutOfRangeException(nameof(optedOutChannels), channel, $"optedOutChannels contains an unknown channel ({(int)channel}).");
            }
        }

        if (escalationPolicyId is not null)
        {
            Guard.NotNullOrWhiteSpace(escalationPolicyId);
        }

        EscalationPolicyId = escalationPolicyId;
    }

    /// <summary>The customer id.</summary>
    public string Id { get; }

    /// <summary>The name used in notices.</summary>
    public string DisplayName { get; }

    /// <summary>The customer's language.</summary>
    public Language Language { get; }

    /// <summary>The customer's time zone.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>The id of the customer's business calendar, or <see langword="null"/> for weekends only.</summary>
    public string? CalendarId { get; }

    /// <summary>Segments / tags of the customer (never default).</summary>
    public ImmutableArray<string> Segments { get; }

    /// <summary>Channels the customer opted out of (never default).</summary>
    public ImmutableArray<NotificationChannel> OptedOutChannels { get; }

    /// <summary>The escalation policy id that applies, or <see langword="null"/> for the host's default policy.</summary>
    public string? EscalationPolicyId { get; }

    /// <summary>
    /// The account that pays this customer's invoices (Kill Bill: a child account with <c>isPaymentDelegatedToParent</c>),
    /// or <see langword="null"/> when the customer pays its own. Such an account is never dunned on its own: its open items
    /// are dunned with the paying account's (<see cref="AccountHierarchy"/>; the collection run loads them through
    /// <see cref="Ports.IAccountHierarchyStore"/>), under that account's policy and history, and its notices go to the
    /// paying account's customer. One level: the paying account must not itself be paid by another.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public string? PaidByAccountId
    {
        get;
        init => field = value is null ? null : Guard.NotNullOrWhiteSpace(value, nameof(PaidByAccountId));
    }

    /// <summary>Whether the customer carries <paramref name="segment"/> (ordinal, case-insensitive).</summary>
    /// <param name="segment">The segment.</param>
    /// <returns><see langword="true"/> when the customer is in the segment.</returns>
    public bool HasSegment(string segment)
    {
        foreach (var s in Segments)
        {
            if (string.Equals(s, segment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the customer opted out of <paramref name="channel"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns><see langword="true"/> when the customer refused the channel.</returns>
    public bool HasOptedOutOf(NotificationChannel channel) => OptedOutChannels.Contains(channel);
}
