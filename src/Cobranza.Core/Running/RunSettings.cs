using System;
using System.Collections.Generic;
using Cobranza.Core.Ports;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>
/// The configuration-bound form of <see cref="RunOptions"/>: a mutable settings class that
/// <c>Microsoft.Extensions.Configuration</c> binds from a section such as <c>Cobranza:Run</c> (see
/// <see cref="SectionName"/>). Every property is optional; a property left unset keeps the value of
/// <see cref="CobranzaBuilder.ConfigureRun"/> (or <see cref="RunOptions.Default"/>). The values are checked by
/// <see cref="RunOptions"/>'s own rules, each property on its own, so that every invalid property is reported at once.
/// </summary>
public sealed class RunSettings
{
    /// <summary>The configuration section the hosting package binds: <c>Cobranza:Run</c>.</summary>
    public const string SectionName = "Cobranza:Run";

    /// <summary>Accounts read per page; see <see cref="RunOptions.PageSize"/>.</summary>
    public int? PageSize { get; set; }

    /// <summary>Accounts processed concurrently; see <see cref="RunOptions.MaxDegreeOfParallelism"/>.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>The index of this worker's partition (0-based, below <see cref="PartitionCount"/>); see <see cref="RunOptions.Partition"/>.</summary>
    public int? PartitionIndex { get; set; }

    /// <summary>How many partitions the portfolio is split into (1 for the whole portfolio); see <see cref="RunOptions.Partition"/>.</summary>
    public int? PartitionCount { get; set; }

    /// <summary>This worker's id; see <see cref="RunOptions.WorkerId"/>.</summary>
    public string? WorkerId { get; set; }

    /// <summary>How long a claim holds (configuration text such as <c>00:10:00</c>); see <see cref="RunOptions.Lease"/>.</summary>
    public TimeSpan? Lease { get; set; }

    /// <summary>Attempts before a decision is poisoned; see <see cref="RunOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The delay before the first retry; see <see cref="RunOptions.RetryBaseDelay"/>.</summary>
    public TimeSpan? RetryBaseDelay { get; set; }

    /// <summary>The longest delay between retries; see <see cref="RunOptions.RetryMaxDelay"/>.</summary>
    public TimeSpan? RetryMaxDelay { get; set; }

    /// <summary>Pending dispatches resumed per run; see <see cref="RunOptions.MaxPendingPerRun"/>.</summary>
    public int? MaxPendingPerRun { get; set; }

    /// <summary>Time allowed to one dispatch; see <see cref="RunOptions.DispatchTimeout"/>.</summary>
    public TimeSpan? DispatchTimeout { get; set; }

    /// <summary><see langword="true"/> for no dispatch timeout (overrides <see cref="DispatchTimeout"/>).</summary>
    public bool? NoDispatchTimeout { get; set; }

    /// <summary>
    /// Applies the set properties to <paramref name="baseline"/> and reports every invalid one.
    /// </summary>
    /// <param name="baseline">The options the unset properties keep.</param>
    /// <param name="errors">Receives one message per invalid property, each starting with its configuration path.</param>
    /// <returns>The options (the baseline where a property is invalid).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RunOptions ApplyTo(RunOptions baseline, ICollection<string> errors)
    {
        Guard.NotNull(baseline);
        Guard.NotNull(errors);
        var options = baseline;
        Set(nameof(PageSize), PageSize, v => options with { PageSize = v });
        Set(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, v => options with { MaxDegreeOfParallelism = v });
        if (PartitionIndex is not null || PartitionCount is not null)
        {
            int index = PartitionIndex ?? options.Partition.Index;
            int count = PartitionCount ?? options.Partition.Count;
            Try(nameof(PartitionIndex) + "/" + nameof(PartitionCount), $"{index}/{count}", () => options with { Partition = new Partition(index, count) });
        }

        if (WorkerId is not null)
        {
            Try(nameof(WorkerId), WorkerId, () => options with { WorkerId = WorkerId });
        }
        Set(nameof(Lease), Lease, v => options with { Lease = Duration.FromTimeSpan(v) });
        Set(nameof(MaxAttempts), MaxAttempts, v => options with { MaxAttempts = v });
        Set(nameof(RetryBaseDelay), RetryBaseDelay, v => options with { RetryBaseDelay = Duration.FromTimeSpan(v) });
        Set(nameof(RetryMaxDelay), RetryMaxDelay, v => options with { RetryMaxDelay = Duration.FromTimeSpan(v) });
        Set(nameof(MaxPendingPerRun), MaxPendingPerRun, v => options with { MaxPendingPerRun = v });
        if (NoDispatchTimeout == true)
        {
            options = options with { DispatchTimeout = null };
        }
        else
        {
            Set(nameof(DispatchTimeout), DispatchTimeout, v => options with { DispatchTimeout = Duration.FromTimeSpan(v) });
        }

        return options;

        void Set<T>(string property, T? value, Func<T, RunOptions> apply)
            where T : struct
        {
            if (value is { } set)
            {
                Try(property, set, () => apply(set));
            }
        }

        void Try(string property, object value, Func<RunOptions> apply)
        {
            try
            {
                options = apply();
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{SectionName}:{property} = '{value}': {CobranzaConfigurationException.Describe(ex)}");
            }
        }
    }

    /// <summary>The options these settings give over <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The options the unset properties keep.</param>
    /// <returns>The options.</returns>
    /// <exception cref="CobranzaConfigurationException">A property is invalid (every invalid property is listed).</exception>
    public RunOptions ToRunOptions(RunOptions baseline)
    {
        var errors = new List<string>();
        var options = ApplyTo(baseline, errors);
        return errors.Count == 0 ? options : throw new CobranzaConfigurationException(errors);
    }
}
