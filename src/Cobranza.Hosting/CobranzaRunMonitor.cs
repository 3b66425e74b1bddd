using System;
using Cobranza.Core.Running;

namespace Cobranza.Hosting;

/// <summary>
/// The hosted runner's state and events, registered as a singleton: subscribe to <see cref="PageCompleted"/> to show
/// a progress bar on long cycles, to <see cref="CycleCompleted"/> to report each summary; read <see cref="Status"/>
/// (the health check does). Handlers run on the runner's threads and must not block; an exception they throw is
/// logged and does not stop the cycle.
/// </summary>
public sealed class CobranzaRunMonitor
{
    private readonly object _gate = new();
    private CobranzaRunStatus _status;

    /// <summary>Creates the monitor of a runner following <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <exception cref="ArgumentNullException">The schedule is null.</exception>
    public CobranzaRunMonitor(RunSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _status = new CobranzaRunStatus(schedule, null, null, null, null, null, null, null, 0, 0);
    }

    /// <summary>Raised after each page of due accounts of a cycle is processed.</summary>
    public event EventHandler<RunProgress>? PageCompleted;

    /// <summary>Raised when a cycle completes, with its summary.</summary>
    public event EventHandler<RunSummary>? CycleCompleted;

    /// <summary>The latest state.</summary>
    public CobranzaRunStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    internal void Update(Func<CobranzaRunStatus, CobranzaRunStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
        }
    }

    internal void OnPageCompleted(RunProgress progress)
    {
        Update(s => s with { CurrentCycle = progress });
        PageCompleted?.Invoke(this, progress);
    }

    internal void OnCycleCompleted(RunSummary summary) => CycleCompleted?.Invoke(this, summary);
}
