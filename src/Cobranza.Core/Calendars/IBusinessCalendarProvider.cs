using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Cobranza.Core.Calendars;

/// <summary>
/// The reference-data port through which the library resolves calendar ids. The host supplies it (its own calendars,
/// a database, or <see cref="BuiltInCalendarProvider"/>); the model never loads calendars itself.
/// </summary>
public interface IBusinessCalendarProvider
{
    /// <summary>Looks up a calendar by id.</summary>
    /// <param name="id">The calendar id.</param>
    /// <param name="calendar">The calendar when found.</param>
    /// <returns>True when found.</returns>
    bool TryGet(string id, [NotNullWhen(true)] out BusinessCalendar? calendar);

    /// <summary>Gets a calendar by id.</summary>
    /// <param name="id">The calendar id.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="ArgumentException">The id is unknown to this provider.</exception>
    BusinessCalendar Get(string id);
}

/// <summary>
/// An <see cref="IBusinessCalendarProvider"/> over the built-in <see cref="BusinessCalendars"/> and, optionally,
/// calendars of the host's own (which take precedence when ids clash). Ids are case-insensitive.
/// </summary>
public sealed class BuiltInCalendarProvider : IBusinessCalendarProvider
{
    private readonly Dictionary<string, BusinessCalendar> _extra;

    /// <summary>Creates a provider of the built-in calendars plus <paramref name="additionalCalendars"/>.</summary>
    /// <param name="additionalCalendars">The host's own calendars (e.g. a country combined with company closing days).</param>
    public BuiltInCalendarProvider(IEnumerable<BusinessCalendar> additionalCalendars)
    {
        Guard.NotNull(additionalCalendars);
        _extra = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);
        foreach (var calendar in additionalCalendars)
        {
            if (calendar is null)
            {
                throw new ArgumentException("additionalCalendars contains a null calendar.", nameof(additionalCalendars));
            }

            if (!_extra.TryAdd(calendar.Id, calendar))
            {
                throw new ArgumentException($"additionalCalendars contains the id '{calendar.Id}' twice.", nameof(additionalCalendars));
            }
        }
    }

    /// <summary>A provider of the built-in calendars only.</summary>
    public static BuiltInCalendarProvider Instance { get; } = new([]);

    /// <inheritdoc/>
    public bool TryGet(string id, [NotNullWhen(true)] out BusinessCalendar? calendar)
    {
        calendar = null;
        if (id is null)
        {
            return false;
        }

        return _extra.TryGetValue(id.Trim(), out calendar) || BusinessCalendars.TryOf(id, out calendar);
    }

    /// <inheritdoc/>
    public BusinessCalendar Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryGet(id, out var calendar))
        {
            return calendar;
        }

        var ids = BusinessCalendars.All.Select(c => c.Id).Concat(_extra.Keys);
        throw new ArgumentException($"'{id}' is not a known calendar id. Valid ids: {string.Join(", ", ids)}.", nameof(id));
    }
}
