using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>Registers the hosted collection runner and its health check.</summary>
public static class CobranzaHostingExtensions
{
    /// <summary>
    /// Adds the hosted runner (<see cref="CobranzaRunnerService"/>), its <see cref="CobranzaRunMonitor"/> and, when
    /// <paramref name="configuration"/> is given, binds the sections <c>Cobranza:Run</c> (<see cref="RunSettings"/>:
    /// paging, partition, worker id, leases, retries) and <c>Cobranza:Hosting</c> (<see cref="CobranzaHostingOptions"/>:
    /// the schedule). Both are validated when the host starts, every problem at once with its configuration path,
    /// together with the rest of the Cobranza configuration (adapters, policies against the template catalog,
    /// expected calendars). Time comes from the registered <see cref="TimeProvider"/> (the system's unless the host
    /// registers one, e.g. a fake in tests); the NodaTime <see cref="IClock"/> is derived from it unless the host
    /// registers its own. Calls <see cref="CobranzaServiceCollectionExtensions.AddCobranza"/> (configure adapters and
    /// policies there, before or after); calling this again registers nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (or any section holding <c>Cobranza:Run</c> and <c>Cobranza:Hosting</c>), or <see langword="null"/>.</param>
    /// <param name="configure">Sets hosting options in code (applied after the configuration), or <see langword="null"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCobranzaHosting(this IServiceCollection services, IConfiguration? configuration = null, Action<CobranzaHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCobranza();
        var hosting = services.AddOptions<CobranzaHostingOptions>();
        if (configuration is not null && !services.Any(d => d.ImplementationInstance is ConfigurationBinding<RunSettings>))
        {
            var run = new ConfigurationBinding<RunSettings>(configuration.GetSection(RunSettings.SectionName), ConfigurationBinding<RunSettings>.RunSettings);
            services.AddSingleton<IConfigureOptions<RunSettings>>(run);
            services.AddSingleton<IValidateOptions<RunSettings>>(run);
            var schedule = new ConfigurationBinding<CobranzaHostingOptions>(configuration.GetSection(CobranzaHostingOptions.SectionName), ConfigurationBinding<CobranzaHostingOptions>.Hosting);
            services.AddSingleton<IConfigureOptions<CobranzaHostingOptions>>(schedule);
            services.AddSingleton<IValidateOptions<CobranzaHostingOptions>>(schedule);
        }

        if (configure is not null)
        {
            hosting.Configure(configure);
        }

        hosting.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CobranzaHostingOptions>, CobranzaHostingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClock>(sp => new TimeProviderClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CobranzaRunMonitor(Schedule(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CobranzaRunnerService>(sp => new CobranzaRunnerService(
            () => sp.GetRequiredService<CollectionRunner>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<TimeProvider>(),
            () => (Schedule(sp), sp.GetRequiredService<IOptions<CobranzaHostingOptions>>().Value.RunOnStart),
            () => sp.GetRequiredService<CobranzaRunMonitor>(),
            sp.GetService<ILogger<CobranzaRunnerService>>())));
        return services;
    }

    /// <summary>
    /// Adds the <see cref="CobranzaHealthCheck"/> of the hosted runner (register the runner with
    /// <see cref="AddCobranzaHosting"/>); its grace is <see cref="CobranzaHostingOptions.HealthGrace"/>.
    /// </summary>
    /// <param name="builder">The health-checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name (default "cobranza").</param>
    /// <param name="failureStatus">The status reported for an overdue runner (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by (e.g. "ready"), or <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddCobranzaRunner(this IHealthChecksBuilder builder, string name = "cobranza", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CobranzaHealthCheck(
                sp.GetRequiredService<CobranzaRunMonitor>(),
                sp.GetRequiredService<IClock>(),
                sp.GetRequiredService<IOptions<CobranzaHostingOptions>>().Value.HealthGrace),
            failureStatus,
            tags));
    }

    private static RunSchedule Schedule(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<CobranzaHostingOptions>>().Value; // validated: throws with every problem
        var errors = new List<string>();
        return CobranzaHostingOptionsValidator.Schedule(options, errors)
            ?? throw new CobranzaConfigurationException(errors.DefaultIfEmpty("no schedule"));
    }
}
