using System;
using Cobranza.Core.Calendars;
using NodaTime;
using NodaTime.TimeZones;

namespace Cobranza.Core.Escalation;

/// <summary>The quiet-rule window arithmetic, exposed for tests and hosts.</summary>
public static class QuietWindow
{
private static readonly ZoneLocalMappingResolver Resolver = Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnForwardShifted);

/// <summary>
/// The first instant at or after <paramref name="earliest"/> that is inside the send window of
/// <paramref name="rules"/> in <paramref name="zone"/>, on a business day of <paramref name="calendar"/> (any day when
/// it is <see langword="null"/>). A window start that falls in a DST gap moves forward by the gap; one in an
/// overlap takes the earlier instant.
/// </summary>
/// <param name="earliest">The earliest instant.</param>
/// <param name="zone">The customer's time zone.</param>
/// <param name="rules">The quiet rules.</param>
/// <param name="calendar">The customer's calendar, or <see langword="null"/> to allow every day.</param>
/// <returns>The instant.</returns>
/// <exception cref="InvalidOperationException">No allowed day within 400 days (a calendar without business days).</exception>
public static Instant NextAllowed(Instant earliest, DateTimeZone zone, QuietRules rules, BusinessCalendar? calendar)
{
    Guard.NotNull(zone);
    Guard.NotNull(rules);
    var at = earliest;
    for (int guard = 0; guard < 400; guard++)
    {
        var local = at.InZone(zone).LocalDateTime;
        var date = local.Date;
        if (calendar is not null && !calendar.IsBusinessDay(date))
        {
            at = At(zone, date.PlusDays(1), rules.WindowStart);
            continue;
        }

        var time = local.TimeOfDay;
        if (time < rules.WindowStart)
        {
            var start = At(zone, date, rules.WindowStart);
            if (start <= at)
            {
                return at;
            }

            at = start;
            continue;
        }

        if (time >= rules.WindowEnd)
        {
            at = At(zone, date.PlusDays(1), rules.WindowStart);
            continue;
        }

        return at;
    }

    throw new InvalidOperationException($"No allowed send instant within 400 days after {earliest} in {zone.Id} (calendar '{calendar?.Id}').");
}

private static Instant At(DateTimeZone zone, LocalDate date, LocalTime time) => zone.ResolveLocal(date + time, Resolver).ToInstant();
}
