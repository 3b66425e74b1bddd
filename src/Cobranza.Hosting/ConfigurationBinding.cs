using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cobranza.Hosting;

/// <summary>
/// Reads a configuration section into options by hand (no reflection binder: trimming-safe) and reports every value
/// that does not parse, with its configuration path, through options validation (with the other problems at once).
/// </summary>
internal sealed class ConfigurationBinding<T> : IConfigureOptions<T>, IValidateOptions<T>
    where T : class
{
    private readonly IConfigurationSection _section;
    private readonly Action<Reader, T> _bind;
    private readonly object _gate = new();
    private List<string> _errors = [];

    public ConfigurationBinding(IConfigurationSection section, Action<Reader, T> bind)
    {
        _section = section;
        _bind = bind;
    }

    public void Configure(T options)
    {
        var reader = new Reader(_section);
        _bind(reader, options);
        lock (_gate)
        {
            _errors = reader.Errors;
        }
    }

    public ValidateOptionsResult Validate(string? name, T options)
    {
        lock (_gate)
        {
            return _errors.Count == 0 ? ValidateOptionsResult.Skip : ValidateOptionsResult.Fail(_errors);
        }
    }

    public static void RunSettings(Reader r, RunSettings s)
    {
        s.PageSize = r.Int(nameof(s.PageSize)) ?? s.PageSize;
        s.MaxDegreeOfParallelism = r.Int(nameof(s.MaxDegreeOfParallelism)) ?? s.MaxDegreeOfParallelism;
        s.PartitionIndex = r.Int(nameof(s.PartitionIndex)) ?? s.PartitionIndex;
        s.PartitionCount = r.Int(nameof(s.PartitionCount)) ?? s.PartitionCount;
        s.WorkerId = r.Text(nameof(s.WorkerId)) ?? s.WorkerId;
        s.Lease = r.Time(nameof(s.Lease)) ?? s.Lease;
        s.MaxAttempts = r.Int(nameof(s.MaxAttempts)) ?? s.MaxAttempts;
        s.RetryBaseDelay = r.Time(nameof(s.RetryBaseDelay)) ?? s.RetryBaseDelay;
        s.RetryMaxDelay = r.Time(nameof(s.RetryMaxDelay)) ?? s.RetryMaxDelay;
        s.MaxPendingPerRun = r.Int(nameof(s.MaxPendingPerRun)) ?? s.MaxPendingPerRun;
        s.DispatchTimeout = r.Time(nameof(s.DispatchTimeout)) ?? s.DispatchTimeout;
        s.NoDispatchTimeout = r.Bool(nameof(s.NoDispatchTimeout)) ?? s.NoDispatchTimeout;
        r.RejectUnknown(typeof(RunSettings), [nameof(s.PageSize), nameof(s.MaxDegreeOfParallelism), nameof(s.PartitionIndex), nameof(s.PartitionCount), nameof(s.WorkerId), nameof(s.Lease), nameof(s.MaxAttempts), nameof(s.RetryBaseDelay), nameof(s.RetryMaxDelay), nameof(s.MaxPendingPerRun), nameof(s.DispatchTimeout), nameof(s.NoDispatchTimeout)]);
    }

    public static void Hosting(Reader r, CobranzaHostingOptions o)
    {
        o.Interval = r.Time(nameof(o.Interval)) ?? o.Interval;
        o.DailyAt = r.List(nameof(o.DailyAt)) ?? o.DailyAt;
        o.TimeZone = r.Text(nameof(o.TimeZone)) ?? o.TimeZone;
        o.RunOnStart = r.Bool(nameof(o.RunOnStart)) ?? o.RunOnStart;
        o.HealthGrace = r.Time(nameof(o.HealthGrace)) ?? o.HealthGrace;
        r.RejectUnknown(typeof(CobranzaHostingOptions), [nameof(o.Interval), nameof(o.DailyAt), nameof(o.TimeZone), nameof(o.RunOnStart), nameof(o.HealthGrace)]);
    }

    /// <summary>Reads typed values of one section and collects what does not parse.</summary>
    internal sealed class Reader(IConfigurationSection section)
    {
        public List<string> Errors { get; } = [];

        public string? Text(string key) => section[key] is { Length: > 0 } value ? value : null;

        public int? Int(string key)
            => Parse(key, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : (int?)null, "a whole number");

        public bool? Bool(string key)
            => Parse(key, v => bool.TryParse(v, out bool b) ? b : (bool?)null, "true or false");

        public TimeSpan? Time(string key)
            => Parse(key, v => TimeSpan.TryParseExact(v, "c", CultureInfo.InvariantCulture, out var t) ? t : (TimeSpan?)null, "a duration such as \"00:15:00\" (hh:mm:ss) or \"1.00:00:00\" (1 day)");

        public string[]? List(string key)
        {
            var child = section.GetSection(key);
            var items = child.GetChildren().ToArray();
            if (items.Length > 0)
            {
                return items.OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue).Select(c => c.Value ?? string.Empty).ToArray();
            }

            return child.Value is { Length: > 0 } single ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        }

        /// <summary>A key the options do not have is a typo (e.g. "Intervall"): reported rather than silently ignored.</summary>
        public void RejectUnknown(Type options, string[] known)
        {
            foreach (var child in section.GetChildren())
            {
                if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    Errors.Add($"{child.Path}: {options.Name} has no setting '{child.Key}' (known: {string.Join(", ", known)}).");
                }
            }
        }

        private T2? Parse<T2>(string key, Func<string, T2?> parse, string expected)
            where T2 : struct
        {
            if (section[key] is not { Length: > 0 } value)
            {
                return null;
            }

            var parsed = parse(value.Trim());
            if (parsed is null)
            {
                Errors.Add($"{section.Path}:{key} = '{value}': not {expected}.");
            }

            return parsed;
        }
    }
}
