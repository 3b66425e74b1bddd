using System;
using System.Threading;
using NodaTime;

namespace Cobranza.Testing;

/// <summary>
/// A clock that moves only when told to, usable both as a NodaTime <see cref="IClock"/> (a journal's or store's own
/// clock) and as a <see cref="TimeProvider"/> (the runner's stopwatch), so that one test can drive the time every
/// party sees: a slow provider advances it, a skewed worker runs at an offset from it. Thread-safe.
/// </summary>
/// <remarks>Only <see cref="GetUtcNow"/>, <see cref="GetTimestamp"/> and <see cref="GetCurrentInstant"/> follow the manual time; timers created through <see cref="TimeProvider.CreateTimer"/> still run on real time.</remarks>
public sealed class ManualClock : TimeProvider, IClock
{
    private long _ticks;

    /// <summary>Creates a clock showing <paramref name="start"/>.</summary>
    /// <param name="start">The initial instant.</param>
    public ManualClock(Instant start) => _ticks = start.ToUnixTimeTicks();

    /// <summary>The current instant.</summary>
    public Instant Now => Instant.FromUnixTimeTicks(Volatile.Read(ref _ticks));

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public Instant GetCurrentInstant() => Now;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Now.ToDateTimeOffset();

    /// <inheritdoc/>
    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    /// <summary>Moves the clock forward.</summary>
    /// <param name="duration">How far (not negative: the clock is monotonic).</param>
    /// <exception cref="ArgumentOutOfRangeException">duration is negative.</exception>
    public void Advance(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"duration must not be negative (was {duration}): the clock is monotonic.");
        }

        Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/>.</summary>
    /// <param name="instant">The new instant (not before <see cref="Now"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">instant is before <see cref="Now"/>.</exception>
    public void AdvanceTo(Instant instant) => Advance(instant - Now);
}
