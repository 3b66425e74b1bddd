using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>
/// Runs collection cycles on a <see cref="RunSchedule"/> inside a generic host, with the runner's configured options
/// (partition and worker id included). One cycle at a time: a cycle that outlasts its slot is followed at once by the
/// next one, never overlapped. On stop, the cycle in progress is let finish (its dispatches recorded in the journal)
/// until the host's shutdown timeout, then cancelled; a cancelled cycle loses nothing (its claims expire and a later
/// run resumes them). A cycle that throws is logged and recorded in <see cref="CobranzaRunMonitor"/>; the schedule
/// goes on.
/// </summary>
public sealed class CobranzaRunnerService : BackgroundService
{
    private readonly Lazy<CollectionRunner> _lazyRunner;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly Lazy<(RunSchedule Schedule, bool RunOnStart)> _lazySchedule;
    private readonly Lazy<CobranzaRunMonitor> _lazyMonitor;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _hardStop = new();

    /// <summary>Creates the service.</summary>
    /// <param name="runner">The runner (its <see cref="CollectionRunner.Options"/> are used).</param>
    /// <param name="clock">The clock that gives each cycle its instant.</param>
    /// <param name="time">The time provider the waits between cycles use (a fake one in tests).</param>
    /// <param name="schedule">When cycles start.</param>
    /// <param name="runOnStart">Whether a cycle runs as soon as the service starts.</param>
    /// <param name="monitor">Receives the state and raises the events.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public CobranzaRunnerService(CollectionRunner runner, IClock clock, TimeProvider time, RunSchedule schedule, bool runOnStart, CobranzaRunMonitor monitor, ILogger<CobranzaRunnerService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(monitor);
        _lazyRunner = new(runner);
        _lazySchedule = new((schedule, runOnStart));
        _lazyMonitor = new(monitor);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// The dependency-injection form: the runner, schedule and monitor are resolved when the service starts, after the
    /// host's start-up validation has reported every configuration problem at once (resolving them while the host
    /// collects its hosted services would throw the first problem alone).
    /// </summary>
    internal CobranzaRunnerService(Func<CollectionRunner> runner, IClock clock, TimeProvider time, Func<(RunSchedule, bool)> schedule, Func<CobranzaRunMonitor> monitor, ILogger<CobranzaRunnerService>? logger)
    {
        _lazyRunner = new(runner);
        _lazySchedule = new(schedule);
        _lazyMonitor = new(monitor);
        _clock = clock;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    private CollectionRunner Runner => _lazyRunner.Value;

    private RunSchedule ActiveSchedule => _lazySchedule.Value.Schedule;

    private CobranzaRunMonitor RunMonitor => _lazyMonitor.Value;

    /// <summary>Stops taking new cycles; the cycle in progress finishes unless <paramref name="cancellationToken"/> (the host's shutdown timeout) fires first.</summary>
    /// <param name="cancellationToken">Fires when the host stops waiting.</param>
    /// <returns>The stop.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _hardStop);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = _clock.GetCurrentInstant();
        var next = _lazySchedule.Value.RunOnStart ? started : ActiveSchedule.Next(started);
        RunMonitor.Update(s => s with { StartedAt = started, FirstCycleAt = next });
        HostingLog.Started(_logger, ActiveSchedule.ToString(), Runner.Options.Partition.ToString(), Runner.Options.WorkerId, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = _clock.GetCurrentInstant();
            if (next > now)
            {
                try
                {
                    var wait = Task.Delay((next - now).ToTimeSpan(), _time, stoppingToken);
                    var due = next;
                    RunMonitor.Update(s => s with { NextCycleAt = due }); // after the timer exists: a test may advance a fake clock now
                    await wait.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                continue; // re-read the clock: a wait may end early or late
            }

            await RunCycleAsync(now).ConfigureAwait(false);
            var after = _clock.GetCurrentInstant();
            next = ActiveSchedule.Next(now);
            if (next <= after)
            {
                HostingLog.Outlasted(_logger, now, after, next);
                next = after;
            }

        }

        RunMonitor.Update(s => s with { NextCycleAt = null });
        HostingLog.Stopped(_logger);
    }

    private async Task RunCycleAsync(Instant at)
    {
        RunMonitor.Update(s => s with { NextCycleAt = null, CurrentCycle = new RunProgress(at, Runner.Options.Partition, 0, 0) });
        try
        {
            var progress = new MonitorProgress(RunMonitor, _logger);
            var summary = await Runner.RunCycleAsync(at, Runner.Options, progress, _hardStop.Token).ConfigureAwait(false);
            RunMonitor.Update(s => s with { CurrentCycle = null, LastSuccess = summary, CyclesCompleted = s.CyclesCompleted + 1 });
            HostingLog.CycleCompleted(_logger, at, summary.AccountsEvaluated, summary.CountOf(RunOutcome.Dispatched), summary.Poisoned.Length, summary.AccountFailures.Length);
            try
            {
                RunMonitor.OnCycleCompleted(summary);
            }
            catch (Exception ex)
            {
                HostingLog.HandlerFailed(_logger, nameof(CobranzaRunMonitor.CycleCompleted), ex);
            }
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            RunMonitor.Update(s => s with { CurrentCycle = null });
            HostingLog.CycleCancelled(_logger, at);
        }
        catch (Exception ex)
        {
            RunMonitor.Update(s => s with { CurrentCycle = null, LastFailureAt = at, LastFailure = $"{ex.GetType().Name}: {ex.Message}", CyclesFailed = s.CyclesFailed + 1 });
            HostingLog.CycleFailed(_logger, at, ex);
        }
    }

    /// <summary>Forwards the runner's page reports to the monitor; a subscriber's exception is logged, never thrown into the cycle.</summary>
    private sealed class MonitorProgress(CobranzaRunMonitor monitor, ILogger logger) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            try
            {
                monitor.OnPageCompleted(value);
            }
            catch (Exception ex)
            {
                HostingLog.HandlerFailed(logger, nameof(CobranzaRunMonitor.PageCompleted), ex);
            }
        }
    }
}
