using System;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>A NodaTime clock reading a <see cref="TimeProvider"/>, so that the run instants and the waits between cycles come from one source (one fake in tests).</summary>
internal sealed class TimeProviderClock(TimeProvider time) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
