using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cobranza.Core.Escalation;

namespace Cobranza.Core.Running;

/// <summary>
/// The library's observability instruments, with the platform's own types: a <see cref="Meter"/> and an
/// <see cref="ActivitySource"/>, both named <see cref="Name"/> ("Cobranza"). Register one per process (the
/// dependency-injection extension does); listen with OpenTelemetry (<c>AddMeter("Cobranza")</c>,
/// <c>AddSource("Cobranza")</c>) or <c>dotnet-counters monitor --counters Cobranza</c>.
/// </summary>
public sealed class CobranzaTelemetry : IDisposable
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Cobranza";

    private readonly Counter<long> _accountsEvaluated;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _dispatchFailures;
    private readonly Counter<long> _poisoned;
    private readonly Histogram<double> _runDuration;

    private readonly bool _ownsMeter;

    /// <summary>Creates the meter and the activity source.</summary>
    public CobranzaTelemetry()
        : this(null)
    {
    }

    /// <summary>
    /// Creates the meter through <paramref name="meterFactory"/> (the host's <see cref="IMeterFactory"/>, which owns and
    /// disposes it, and which test hosts can observe per container), and the activity source.
    /// </summary>
    /// <param name="meterFactory">The factory, or <see langword="null"/> to create the meter directly.</param>
    public CobranzaTelemetry(IMeterFactory? meterFactory)
    {
        string? version = typeof(CobranzaTelemetry).Assembly.GetName().Version?.ToString();
        _ownsMeter = meterFactory is null;
        Meter = meterFactory is null ? new Meter(Name, version) : meterFactory.Create(new MeterOptions(Name) { Version = version });
        ActivitySource = new ActivitySource(Name, version);
        _accountsEvaluated = Meter.CreateCounter<long>("cobranza.accounts.evaluated", "{account}", "Accounts evaluated by collection runs.");
        _decisions = Meter.CreateCounter<long>("cobranza.decisions", "{decision}", "Decisions handled by collection runs, tagged by stage, action and outcome.");
        _dispatchFailures = Meter.CreateCounter<long>("cobranza.dispatch.failures", "{failure}", "Dispatch attempts that failed (sender, handler, renderer or timeout).");
        _poisoned = Meter.CreateCounter<long>("cobranza.decisions.poisoned", "{decision}", "Decisions given up after too many attempts.");
        _runDuration = Meter.CreateHistogram<double>("cobranza.run.duration", "s", "Duration of a collection cycle.");
    }

    /// <summary>The meter "Cobranza".</summary>
    public Meter Meter { get; }

    /// <summary>The activity source "Cobranza": one activity per run ("cobranza.run") and per dispatch ("cobranza.dispatch").</summary>
    public ActivitySource ActivitySource { get; }

    internal void AccountsEvaluated(int count) => _accountsEvaluated.Add(count);

    internal void Decision(EscalationDecision decision, RunOutcome outcome)
    {
        if (!_decisions.Enabled)
        {
            return;
        }

        _decisions.Add(
            1,
            new KeyValuePair<string, object?>("cobranza.stage", decision.StageId),
            new KeyValuePair<string, object?>("cobranza.action", decision.Action.ToString()),
            new KeyValuePair<string, object?>("cobranza.outcome", outcome.ToString()));
    }

    internal void DispatchFailed(EscalationDecision decision)
        => _dispatchFailures.Add(1, new KeyValuePair<string, object?>("cobranza.action", decision.Action.ToString()));

    internal void Poisoned(EscalationDecision decision)
        => _poisoned.Add(1, new KeyValuePair<string, object?>("cobranza.action", decision.Action.ToString()));

    internal void RunCompleted(TimeSpan elapsed, string partition)
        => _runDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("cobranza.partition", partition));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }

        ActivitySource.Dispose();
    }
}
