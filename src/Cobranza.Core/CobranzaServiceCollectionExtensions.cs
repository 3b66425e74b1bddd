using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cobranza.Core;

/// <summary>Registers Cobranza in a <see cref="IServiceCollection"/>.</summary>
public static class CobranzaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the escalation policies, engine, renderer, runner, calendars and rate tables, and the host's
    /// adapters chosen in <paramref name="configure"/>. Calling it again adds to the same configuration and
    /// registers nothing twice. Validate at startup with <see cref="ValidateCobranza"/> (the runner also validates
    /// when it is first resolved): every problem is reported at once.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Chooses adapters, policies, calendars, rate tables and run options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddCobranza(this IServiceCollection services, Action<CobranzaBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.FirstOrDefault(d => d.ServiceType == typeof(CobranzaSettings))?.ImplementationInstance as CobranzaSettings;
        if (settings is null)
        {
            settings = new CobranzaSettings();
            services.AddSingleton(settings);
        }

        configure?.Invoke(new CobranzaBuilder(services, settings));

        services.TryAddSingleton<CobranzaTelemetry>();
        services.TryAddSingleton<IBusinessCalendarProvider>(_ => new BuiltInCalendarProvider(settings.Calendars));
        services.TryAddSingleton<IReferenceRateProvider>(_ =>
        {
            var hostIds = new HashSet<string>(settings.RateTables.Select(t => t.Id), StringComparer.OrdinalIgnoreCase);
            return new TableReferenceRateProvider(settings.RateTables.Concat(ReferenceRateTables.All.Where(t => !hostIds.Contains(t.Id))));
        });
        services.TryAddSingleton<IEscalationEngine>(sp => sp.GetService<ILateChargeTermsProvider>() is { } lateCharges
            ? new EscalationEngine(sp.GetRequiredService<IBusinessCalendarProvider>(), lateCharges)
            : new EscalationEngine(sp.GetRequiredService<IBusinessCalendarProvider>()));
        services.TryAddSingleton(_ => settings.Policies.Count == 0
            ? EscalationPolicyRegistry.DefaultOnly
            : new EscalationPolicyRegistry(settings.Policies, settings.DefaultPolicyId));
        services.TryAddSingleton<IAccountEvaluator>(sp => new PolicyAccountEvaluator(sp.GetRequiredService<IEscalationEngine>(), sp.GetRequiredService<EscalationPolicyRegistry>()));
        services.TryAddSingleton<INoticeRenderer>(_ => new CatalogNoticeRenderer(
            settings.Templates ?? TemplateCatalog.Default,
            settings.Company ?? throw new InvalidOperationException("No company details for notices: call UseCompany(...) or UseRenderer<T>().")));
        services.TryAddSingleton(_ => settings.RunOptions);
        services.TryAddSingleton(sp =>
        {
            CobranzaValidation.ThrowIfInvalid(sp);
            return new CollectionRunner(
                sp.GetRequiredService<IReceivableStore>(),
                sp.GetRequiredService<ICollectionJournal>(),
                sp.GetRequiredService<IAccountEvaluator>(),
                sp.GetRequiredService<INoticeRenderer>(),
                sp.GetRequiredService<INotificationSender>(),
                sp.GetServices<IActionHandler>(),
                sp.GetService<IPaymentLinkProvider>(),
                sp.GetRequiredService<CobranzaTelemetry>(),
                sp.GetService<ILogger<CollectionRunner>>());
        });
        services.TryAddSingleton(sp => new CollectionRunService(
            sp.GetRequiredService<CollectionRunner>(),
            sp.GetService<IClock>() ?? DefaultClock(),
            sp.GetRequiredService<RunOptions>()));
        return services;
    }

    /// <summary>Checks the Cobranza configuration of a built provider and throws with every problem at once.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="CobranzaConfigurationException">The configuration is incomplete or invalid.</exception>
    public static IServiceProvider ValidateCobranza(this IServiceProvider services)
    {
        CobranzaValidation.ThrowIfInvalid(services);
        return services;
    }

    // The host's composition root is the one place a real clock belongs; the core itself never reads it.
#pragma warning disable RS0030
    private static IClock DefaultClock() => SystemClock.Instance;
#pragma warning restore RS0030
}

/// <summary>What <see cref="CobranzaServiceCollectionExtensions.AddCobranza"/> accumulates (one instance per service collection).</summary>
internal sealed class CobranzaSettings
{
    public List<EscalationPolicy> Policies { get; } = new();

    public string DefaultPolicyId { get; set; } = EscalationPolicies.DefaultId;

    public List<BusinessCalendar> Calendars { get; } = new();

    public List<ReferenceRateTable> RateTables { get; } = new();

    public TemplateCatalog? Templates { get; set; }

    public CompanyDetails? Company { get; set; }

    public RunOptions RunOptions { get; set; } = RunOptions.Default;
}

/// <summary>Chooses the host's adapters and the policies, calendars, rate tables, templates and run options.</summary>
public sealed class CobranzaBuilder
{
    private readonly CobranzaSettings _settings;

    internal CobranzaBuilder(IServiceCollection services, CobranzaSettings settings)
    {
        Services = services;
        _settings = settings;
    }

    /// <summary>The services being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the receivable store.</summary>
    /// <typeparam name="T">The store.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IReceivableStore
        => Use<IReceivableStore, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the collection journal.</summary>
    /// <typeparam name="T">The journal.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseJournal<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, ICollectionJournal
        => Use<ICollectionJournal, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the notification sender.</summary>
    /// <typeparam name="T">The sender.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseSender<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, INotificationSender
        => Use<INotificationSender, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the notice renderer instead of the template catalog.</summary>
    /// <typeparam name="T">The renderer.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseRenderer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, INoticeRenderer
        => Use<INoticeRenderer, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the payment-link provider.</summary>
    /// <typeparam name="T">The provider.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UsePaymentLinks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IPaymentLinkProvider
        => Use<IPaymentLinkProvider, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the evaluator instead of policies + engine.</summary>
    /// <typeparam name="T">The evaluator.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseEvaluator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IAccountEvaluator
        => Use<IAccountEvaluator, T>();

    /// <summary>Adds <typeparamref name="T"/> (a singleton) to the action handlers (added once however often it is called).</summary>
    /// <typeparam name="T">The handler.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseActionHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IActionHandler
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionHandler, T>());
        return this;
    }

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the calendar provider instead of the built-in calendars.</summary>
    /// <typeparam name="T">The provider.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseCalendars<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IBusinessCalendarProvider
        => Use<IBusinessCalendarProvider, T>();

    /// <summary>
    /// Uses <typeparamref name="T"/> (a singleton) for the accounts' late-interest terms and fee rule: the engine then
    /// states the interest and fees owed on each notice's date and charge actions carry their postings (docs/escalation.md, "Late charges").
    /// </summary>
    /// <typeparam name="T">The provider.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseLateCharges<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, ILateChargeTermsProvider
        => Use<ILateChargeTermsProvider, T>();

    /// <summary>Uses <typeparamref name="T"/> (a singleton) as the reference-rate provider instead of the built-in tables.</summary>
    /// <typeparam name="T">The provider.</typeparam>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseReferenceRates<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : class, IReferenceRateProvider
        => Use<IReferenceRateProvider, T>();

    /// <summary>Adds an escalation policy version (the latest version of an id is used).</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder AddPolicy(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!_settings.Policies.Any(p => p.Id == policy.Id && p.Version == policy.Version && ReferenceEquals(p, policy)))
        {
            _settings.Policies.Add(policy);
        }

        return this;
    }

    /// <summary>Sets the id of the default policy (default <see cref="EscalationPolicies.DefaultId"/>; <see cref="EscalationPolicies.Default"/> is registered when no policy is added).</summary>
    /// <param name="policyId">The id.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseDefaultPolicy(string policyId)
    {
        _settings.DefaultPolicyId = Guard.NotNullOrWhiteSpace(policyId);
        return this;
    }

    /// <summary>Adds a business calendar of the host's own (it takes precedence over a built-in one with the same id).</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder AddCalendar(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (!_settings.Calendars.Contains(calendar))
        {
            _settings.Calendars.Add(calendar);
        }

        return this;
    }

    /// <summary>Adds a reference-rate table of the host's own (it replaces a built-in table with the same id).</summary>
    /// <param name="table">The table.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder AddRateTable(ReferenceRateTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_settings.RateTables.Contains(table))
        {
            _settings.RateTables.Add(table);
        }

        return this;
    }

    /// <summary>Uses <paramref name="catalog"/> for notices (default <see cref="TemplateCatalog.Default"/>).</summary>
    /// <param name="catalog">The templates.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseTemplates(TemplateCatalog catalog)
    {
        _settings.Templates = Guard.NotNull(catalog);
        return this;
    }

    /// <summary>Sets the creditor's details that notices show (required unless <see cref="UseRenderer{T}"/> is used).</summary>
    /// <param name="company">The details.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseCompany(CompanyDetails company)
    {
        _settings.Company = Guard.NotNull(company);
        return this;
    }

    /// <summary>Sets the run options (default <see cref="RunOptions.Default"/>).</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder ConfigureRun(RunOptions options)
    {
        _settings.RunOptions = Guard.NotNull(options);
        return this;
    }

    private CobranzaBuilder Use<TService, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>()
        where TService : class
        where TImplementation : class, TService
    {
        Services.Replace(ServiceDescriptor.Singleton<TService, TImplementation>());
        return this;
    }
}

/// <summary>The Cobranza configuration is incomplete or invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class CobranzaConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every problem found (at least one).</param>
    public CobranzaConfigurationException(IEnumerable<string> errors)
        : this(Guard.NotNull(errors).ToImmutableArray())
    {
    }

    private CobranzaConfigurationException(ImmutableArray<string> errors)
        : base($"The Cobranza configuration has {errors.Length} problem(s):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => " - " + e)))
        => Errors = errors;

    /// <summary>Every problem found.</summary>
    public ImmutableArray<string> Errors { get; }
}

/// <summary>A collection run at the instant of the registered NodaTime <see cref="IClock"/> (the system clock when none is registered).</summary>
/// <param name="runner">The runner.</param>
/// <param name="clock">The clock.</param>
/// <param name="options">The run options.</param>
public sealed class CollectionRunService(CollectionRunner runner, IClock clock, RunOptions options)
{
    private readonly CollectionRunner _runner = Guard.NotNull(runner);
    private readonly IClock _clock = Guard.NotNull(clock);
    private readonly RunOptions _options = Guard.NotNull(options);

    /// <summary>Runs one cycle now.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The summary.</returns>
    public Task<RunSummary> RunOnceAsync(CancellationToken cancellationToken = default)
        => _runner.RunCycleAsync(_clock.GetCurrentInstant(), _options, cancellationToken);
}

internal static class CobranzaValidation
{
    public static void ThrowIfInvalid(IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(sp);
        var errors = new List<string>();
        Require<IReceivableStore>(sp, errors, "no IReceivableStore: call UseStore<T>()");
        Require<ICollectionJournal>(sp, errors, "no ICollectionJournal: call UseJournal<T>()");
        Require<INotificationSender>(sp, errors, "no INotificationSender: call UseSender<T>()");
        Require<INoticeRenderer>(sp, errors, "no INoticeRenderer");
        var settings = sp.GetService<CobranzaSettings>();
        if (settings is not null)
        {
            var validator = new EscalationPolicyValidator();
            foreach (var policy in settings.Policies)
            {
                foreach (var failure in validator.Validate(policy).Errors)
                {
                    errors.Add($"policy '{policy.Id}' version {policy.Version}: {failure.PropertyName}: {failure.ErrorMessage}");
                }
            }
        }

        Require<EscalationPolicyRegistry>(sp, errors, "no escalation policy registry");
        Require<IAccountEvaluator>(sp, errors, "no IAccountEvaluator");
        if (errors.Count > 0)
        {
            throw new CobranzaConfigurationException(errors);
        }
    }

    private static void Require<T>(IServiceProvider sp, List<string> errors, string missing)
    {
        try
        {
            if (sp.GetService(typeof(T)) is null)
            {
                errors.Add(missing);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            errors.Add($"{typeof(T).Name}: {ex.Message}");
        }
    }
}
