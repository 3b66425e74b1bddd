using System;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;
using NodaTime.TimeZones;

namespace Cobranza.Hosting;

/// <summary>
/// When the hosted runner starts collection cycles: every <see cref="Interval"/>, or at fixed local times every day in
/// a time zone. Immutable. Create with <see cref="Every"/> or <see cref="DailyAt"/>.
/// </summary>
public sealed class RunSchedule
{
    private RunSchedule(Duration? interval, ImmutableArray<LocalTime> times, DateTimeZone? zone)
    {
        Interval = interval;
        Times = times;
        TimeZone = zone;
    }

    /// <summary>The interval between cycle starts, or <see langword="null"/> for a daily schedule.</summary>
    public Duration? Interval { get; }

    /// <summary>The local start times of a daily schedule, in order (empty for an interval schedule).</summary>
    public ImmutableArray<LocalTime> Times { get; }

    /// <summary>The time zone of a daily schedule, or <see langword="null"/> for an interval schedule.</summary>
    public DateTimeZone? TimeZone { get; }

    /// <summary>A cycle every <paramref name="interval"/> (from one cycle's start to the next).</summary>
    /// <param name="interval">The interval (at least one second, at most 7 days).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The interval is outside its range.</exception>
    public static RunSchedule Every(Duration interval)
        => interval >= Duration.FromSeconds(1) && interval <= Duration.FromDays(7)
            ? new RunSchedule(interval, ImmutableArray<LocalTime>.Empty, null)
            : throw new ArgumentOutOfRangeException(nameof(interval), interval, $"interval must be between 1 second and 7 days (was {interval}).");

    /// <summary>
    /// A cycle at each of <paramref name="times"/> every day in <paramref name="zone"/>. A time skipped by a
    /// daylight-saving change runs at the first instant after the gap; a time repeated by one runs once, at its
    /// first occurrence.
    /// </summary>
    /// <param name="zone">The time zone of the times (e.g. the portfolio's main zone).</param>
    /// <param name="times">The local times (at least one; repeats are ignored).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException">The zone is null.</exception>
    /// <exception cref="ArgumentException">No time is given.</exception>
    public static RunSchedule DailyAt(DateTimeZone zone, params LocalTime[] times)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(times);
        if (times.Length == 0)
        {
            throw new ArgumentException("times must contain at least one local time.", nameof(times));
        }

        return new RunSchedule(null, [.. times.Distinct().Order()], zone);
    }

    /// <summary>The first scheduled start strictly after <paramref name="after"/>.</summary>
    /// <param name="after">The instant.</param>
    /// <returns>The next start.</returns>
    public Instant Next(Instant after)
    {
        if (Interval is { } interval)
        {
            return after + interval;
        }

        var zone = TimeZone!;
        var date = after.InZone(zone).Date;
        for (int day = 0; day < 3; day++, date = date.PlusDays(1))
        {
            foreach (var time in Times)
            {
                var start = zone.ResolveLocal(date + time, Resolvers.LenientResolver).ToInstant();
                if (start > after)
                {
                    return start;
                }
            }
        }

        throw new InvalidOperationException($"No daily start after {after} in {zone.Id}."); // unreachable: every day has each time
    }

    /// <inheritdoc/>
    public override string ToString()
        => Interval is { } interval
            ? $"every {interval:-H:mm:ss}"
            : $"daily at {string.Join(", ", Times.Select(t => t.ToString("HH:mm", null)))} ({TimeZone!.Id})";
}
