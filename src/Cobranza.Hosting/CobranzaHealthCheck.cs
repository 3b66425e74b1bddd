using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>
/// Reports the hosted runner's health from <see cref="CobranzaRunMonitor.Status"/>:
/// <list type="bullet">
/// <item><b>Unhealthy</b> when the last successful cycle (or the start, before the first one) is older than the
/// schedule allows: its next scheduled start plus the grace has passed without a cycle completing;</item>
/// <item><b>Degraded</b> when the last cycle threw, or the last successful one poisoned decisions or failed accounts;</item>
/// <item><b>Healthy</b> otherwise.</item>
/// </list>
/// The data carry <c>lastSuccessAt</c>, <c>lastSuccessAgeSeconds</c>, <c>expectedBy</c>, <c>poisoned</c>,
/// <c>accountFailures</c>, <c>cyclesCompleted</c> and <c>cyclesFailed</c>.
/// </summary>
public sealed class CobranzaHealthCheck : IHealthCheck
{
    private readonly CobranzaRunMonitor _monitor;
    private readonly IClock _clock;
    private readonly Duration _grace;

    /// <summary>Creates the check.</summary>
    /// <param name="monitor">The runner's monitor.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="grace">How late a scheduled cycle may be before the runner is unhealthy (positive).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The grace is not positive.</exception>
    public CobranzaHealthCheck(CobranzaRunMonitor monitor, IClock clock, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(clock);
        _monitor = monitor;
        _clock = clock;
        _grace = grace > TimeSpan.Zero ? Duration.FromTimeSpan(grace) : throw new ArgumentOutOfRangeException(nameof(grace), grace, $"grace must be positive (was {grace}).");
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(Check(_monitor.Status, _clock.GetCurrentInstant()));

    private HealthCheckResult Check(CobranzaRunStatus status, Instant now)
    {
        var data = new Dictionary<string, object>
        {
            ["cyclesCompleted"] = status.CyclesCompleted,
            ["cyclesFailed"] = status.CyclesFailed,
            ["schedule"] = status.Schedule.ToString(),
        };
        if (status.StartedAt is not { } started)
        {
            return HealthCheckResult.Healthy("The Cobranza runner has not started yet.", data);
        }

        var last = status.LastSuccess;
        // Before the first successful cycle, one is due at the first scheduled start; after one, at the next start after it.
        var expectedBy = (last is null ? status.FirstCycleAt ?? status.Schedule.Next(started) : status.Schedule.Next(last.At)) + _grace;
        data["expectedBy"] = expectedBy.ToString();
        if (last is not null)
        {
            data["lastSuccessAt"] = last.At.ToString();
            data["lastSuccessAgeSeconds"] = (long)(now - last.At).TotalSeconds;
            data["poisoned"] = last.Poisoned.Length;
            data["accountFailures"] = last.AccountFailures.Length;
        }

        string lastText = last is null ? $"no successful cycle since the start at {started}" : $"last successful cycle at {last.At} ({FormatAge(now - last.At)} ago)";
        if (now > expectedBy)
        {
            return HealthCheckResult.Unhealthy($"Cobranza runner overdue: {lastText}; the schedule ({status.Schedule}) expected one by {expectedBy} including the grace.", data: data);
        }

        if (status.LastFailureAt is { } failedAt && (last is null || failedAt > last.At))
        {
            return HealthCheckResult.Degraded($"The last Cobranza cycle (at {failedAt}) failed: {status.LastFailure}; {lastText}.", data: data);
        }

        if (last is not null && (last.Poisoned.Length > 0 || last.AccountFailures.Length > 0))
        {
            return HealthCheckResult.Degraded($"The last Cobranza cycle (at {last.At}) poisoned {last.Poisoned.Length} decision(s) and failed {last.AccountFailures.Length} account(s); see its summary.", data: data);
        }

        return HealthCheckResult.Healthy(last is null ? $"Waiting for the first Cobranza cycle ({lastText})." : $"Cobranza runner healthy: {lastText}.", data);
    }

    private static string FormatAge(Duration age)
        => age < Duration.FromMinutes(2) ? $"{(long)age.TotalSeconds} s" : age < Duration.FromHours(2) ? $"{(long)age.TotalMinutes} min" : $"{age.TotalHours:0.#} h";
}
