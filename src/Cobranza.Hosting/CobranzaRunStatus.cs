using Cobranza.Core.Running;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>What the hosted runner has done so far (a snapshot; <see cref="CobranzaRunMonitor.Status"/> gives the latest).</summary>
/// <param name="Schedule">The schedule.</param>
/// <param name="StartedAt">When the runner started, or <see langword="null"/> before it did.</param>
/// <param name="FirstCycleAt">When the first cycle was due (the start with run-on-start, else the schedule's first start), or <see langword="null"/> before the start.</param>
/// <param name="NextCycleAt">When the next cycle is due, or <see langword="null"/> while one runs or after the runner stopped.</param>
/// <param name="CurrentCycle">The progress of the cycle in progress (<see langword="null"/> between cycles; pages completed 0 right after a start).</param>
/// <param name="LastSuccess">The summary of the last cycle that completed, or <see langword="null"/>.</param>
/// <param name="LastFailureAt">When the last cycle that threw started, or <see langword="null"/>.</param>
/// <param name="LastFailure">What that cycle threw (type and message), or <see langword="null"/>.</param>
/// <param name="CyclesCompleted">Cycles completed since the start.</param>
/// <param name="CyclesFailed">Cycles that threw since the start.</param>
public sealed record CobranzaRunStatus(
    RunSchedule Schedule,
    Instant? StartedAt,
    Instant? FirstCycleAt,
    Instant? NextCycleAt,
    RunProgress? CurrentCycle,
    RunSummary? LastSuccess,
    Instant? LastFailureAt,
    string? LastFailure,
    long CyclesCompleted,
    long CyclesFailed);
