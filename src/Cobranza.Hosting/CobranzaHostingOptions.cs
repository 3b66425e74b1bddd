using System;

namespace Cobranza.Hosting;

/// <summary>
/// The hosted runner's settings, bound from the configuration section <see cref="SectionName"/>
/// (<c>Cobranza:Hosting</c>). Give either <see cref="Interval"/> or <see cref="DailyAt"/> with <see cref="TimeZone"/>.
/// The partition and worker id come from the run settings (<c>Cobranza:Run:PartitionIndex</c>,
/// <c>PartitionCount</c>, <c>WorkerId</c>).
/// </summary>
public sealed class CobranzaHostingOptions
{
    /// <summary>The configuration section: <c>Cobranza:Hosting</c>.</summary>
    public const string SectionName = "Cobranza:Hosting";

    /// <summary>Run a cycle every this long (configuration text such as <c>00:15:00</c>).</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Run a cycle at these local times every day (configuration texts such as <c>07:00</c>).</summary>
    public string[]? DailyAt { get; set; }

    /// <summary>The IANA time zone of <see cref="DailyAt"/> (e.g. <c>Europe/Madrid</c>); required with it.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Run one cycle as soon as the host starts, then follow the schedule (default <see langword="false"/>).</summary>
    public bool RunOnStart { get; set; }

    /// <summary>
    /// How late a scheduled cycle may be before the health check reports the runner unhealthy (default 15 minutes,
    /// at most 1 day): a cycle's duration, a slow store and a restart fit in it; a stuck or stopped runner does not.
    /// </summary>
    public TimeSpan HealthGrace { get; set; } = TimeSpan.FromMinutes(15);
}
