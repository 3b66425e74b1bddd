using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Hosting;

/// <summary>Checks <see cref="CobranzaHostingOptions"/> (every problem at once, each with its configuration path) and builds the schedule.</summary>
internal sealed class CobranzaHostingOptionsValidator : IValidateOptions<CobranzaHostingOptions>
{
    private static readonly LocalTimePattern[] TimePatterns =
    [
        LocalTimePattern.CreateWithInvariantCulture("HH:mm"),
        LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss"),
    ];

    public ValidateOptionsResult Validate(string? name, CobranzaHostingOptions options)
    {
        var errors = new List<string>();
        Schedule(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The schedule the options give, or <see langword="null"/> with the problems in <paramref name="errors"/>.</summary>
    public static RunSchedule? Schedule(CobranzaHostingOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = CobranzaHostingOptions.SectionName;
        if (options.HealthGrace <= TimeSpan.Zero || options.HealthGrace > TimeSpan.FromDays(1))
        {
            errors.Add($"{S}:HealthGrace = '{options.HealthGrace}': must be positive and at most 1 day.");
        }

        bool daily = options.DailyAt is { Length: > 0 };
        if (options.Interval is null && !daily)
        {
            errors.Add($"{S}: no schedule: set Interval (e.g. \"00:15:00\") or DailyAt (e.g. [\"07:00\"]) with TimeZone (e.g. \"Europe/Madrid\").");
            return null;
        }

        if (options.Interval is not null && daily)
        {
            errors.Add($"{S}: both Interval and DailyAt are set; keep one of them.");
            return null;
        }

        if (options.Interval is { } interval)
        {
            try
            {
                return RunSchedule.Every(Duration.FromTimeSpan(interval));
            }
            catch (ArgumentOutOfRangeException)
            {
                errors.Add($"{S}:Interval = '{interval}': must be between 00:00:01 and 7.00:00:00.");
                return null;
            }
        }

        DateTimeZone? zone = null;
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            errors.Add($"{S}:TimeZone: required with DailyAt: the IANA id of the zone the times are in (e.g. \"Europe/Madrid\", \"America/Bogota\").");
        }
        else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZone)) is null)
        {
            errors.Add($"{S}:TimeZone = '{options.TimeZone}': not an IANA time-zone id (e.g. \"Europe/Madrid\", \"America/Bogota\", \"UTC\").");
        }

        var times = new List<LocalTime>();
        for (int i = 0; i < options.DailyAt!.Length; i++)
        {
            string? text = options.DailyAt[i];
            var parsed = TimePatterns.Select(p => p.Parse(text ?? string.Empty)).FirstOrDefault(r => r.Success);
            if (parsed is null)
            {
                errors.Add($"{S}:DailyAt:{i.ToString(CultureInfo.InvariantCulture)} = '{text}': not a local time such as \"07:00\" or \"13:30:00\" (24-hour clock).");
            }
            else
            {
                times.Add(parsed.Value);
            }
        }

        return zone is not null && times.Count == options.DailyAt.Length ? RunSchedule.DailyAt(zone, [.. times]) : null;
    }
}
