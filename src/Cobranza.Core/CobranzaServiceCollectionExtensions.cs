using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
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
using Microsoft.Extensions.Options;
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

        // Run options through IOptions<RunSettings> (bindable from configuration, e.g. the "Cobranza:Run" section):
        // one validator checks the whole Cobranza configuration with RunOptions' own rules and the host checks it at start.
        services.AddOptions<RunSettings>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunSettings>, CobranzaOptionsValidator>());

        // The meter comes from the host's IMeterFactory when one is registered (AddMetrics, every generic host).
        services.TryAddSingleton(sp => new CobranzaTelemetry(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IBusinessCalendarProvider>(_ => new BuiltInCalendarProvider(settings.Calendars));
        services.TryAddSingleton<IReferenceRateProvider>(_ => HostRateTables.Build(settings.RateTables, settings.RateRows));
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
        services.TryAddSingleton(sp => CobranzaValidation.ValidRunSettings(sp).ToRunOptions(settings.RunOptions));
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
                sp.GetService<ILogger<CollectionRunner>>(),
                sp.GetService<TimeProvider>())
            {
                Options = sp.GetRequiredService<RunOptions>(),
            };
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

    public List<HostRateRows> RateRows { get; } = new();

    public TemplateCatalog? Templates { get; set; }

    public List<string> ExpectedCalendars { get; } = new();

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

    /// <summary>Uses <paramref name="store"/> as the receivable store (the host keeps the instance: seed it, inspect it; the container does not dispose it).</summary>
    /// <param name="store">The receivable store.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public CobranzaBuilder UseStore(IReceivableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Services.Replace(ServiceDescriptor.Singleton(store));
        return this;
    }

    /// <summary>Uses the receivable store that <paramref name="factory"/> creates (once, as a singleton) from the container's services.</summary>
    /// <typeparam name="T">The receivable store's type.</typeparam>
    /// <param name="factory">Creates the receivable store.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UseStore<T>(Func<IServiceProvider, T> factory)
        where T : class, IReceivableStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<IReceivableStore>(factory));
        return this;
    }

    /// <summary>Uses <paramref name="journal"/> as the collection journal (the host keeps the instance: seed it, inspect it; the container does not dispose it).</summary>
    /// <param name="journal">The collection journal.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> is null.</exception>
    public CobranzaBuilder UseJournal(ICollectionJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        Services.Replace(ServiceDescriptor.Singleton(journal));
        return this;
    }

    /// <summary>Uses the collection journal that <paramref name="factory"/> creates (once, as a singleton) from the container's services.</summary>
    /// <typeparam name="T">The collection journal's type.</typeparam>
    /// <param name="factory">Creates the collection journal.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UseJournal<T>(Func<IServiceProvider, T> factory)
        where T : class, ICollectionJournal
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<ICollectionJournal>(factory));
        return this;
    }

    /// <summary>Uses <paramref name="sender"/> as the notification sender (the host keeps the instance: seed it, inspect it; the container does not dispose it).</summary>
    /// <param name="sender">The notification sender.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> is null.</exception>
    public CobranzaBuilder UseSender(INotificationSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        Services.Replace(ServiceDescriptor.Singleton(sender));
        return this;
    }

    /// <summary>Uses the notification sender that <paramref name="factory"/> creates (once, as a singleton) from the container's services.</summary>
    /// <typeparam name="T">The notification sender's type.</typeparam>
    /// <param name="factory">Creates the notification sender.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UseSender<T>(Func<IServiceProvider, T> factory)
        where T : class, INotificationSender
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<INotificationSender>(factory));
        return this;
    }

    /// <summary>Uses <paramref name="renderer"/> as the notice renderer (the host keeps the instance: seed it, inspect it; the container does not dispose it).</summary>
    /// <param name="renderer">The notice renderer.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="renderer"/> is null.</exception>
    public CobranzaBuilder UseRenderer(INoticeRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        Services.Replace(ServiceDescriptor.Singleton(renderer));
        return this;
    }

    /// <summary>Uses the notice renderer that <paramref name="factory"/> creates (once, as a singleton) from the container's services.</summary>
    /// <typeparam name="T">The notice renderer's type.</typeparam>
    /// <param name="factory">Creates the notice renderer.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UseRenderer<T>(Func<IServiceProvider, T> factory)
        where T : class, INoticeRenderer
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<INoticeRenderer>(factory));
        return this;
    }

    /// <summary>Uses <paramref name="paymentLinks"/> as the payment-link provider (the host keeps the instance: seed it, inspect it; the container does not dispose it).</summary>
    /// <param name="paymentLinks">The payment-link provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paymentLinks"/> is null.</exception>
    public CobranzaBuilder UsePaymentLinks(IPaymentLinkProvider paymentLinks)
    {
        ArgumentNullException.ThrowIfNull(paymentLinks);
        Services.Replace(ServiceDescriptor.Singleton(paymentLinks));
        return this;
    }

    /// <summary>Uses the payment-link provider that <paramref name="factory"/> creates (once, as a singleton) from the container's services.</summary>
    /// <typeparam name="T">The payment-link provider's type.</typeparam>
    /// <param name="factory">Creates the payment-link provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UsePaymentLinks<T>(Func<IServiceProvider, T> factory)
        where T : class, IPaymentLinkProvider
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<IPaymentLinkProvider>(factory));
        return this;
    }

    /// <summary>Adds <paramref name="handler"/> to the action handlers (an instance is added once however often it is passed).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public CobranzaBuilder UseActionHandler(IActionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!Services.Any(d => d.ServiceType == typeof(IActionHandler) && ReferenceEquals(d.ImplementationInstance, handler)))
        {
            Services.AddSingleton(handler);
        }

        return this;
    }

    /// <summary>Adds the handler that <paramref name="factory"/> creates (once, as a singleton) to the action handlers (one handler of type <typeparamref name="T"/> however often it is called).</summary>
    /// <typeparam name="T">The handler's type.</typeparam>
    /// <param name="factory">Creates the handler.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public CobranzaBuilder UseActionHandler<T>(Func<IServiceProvider, T> factory)
        where T : class, IActionHandler
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionHandler, T>(factory));
        return this;
    }

    /// <summary>
    /// Adds the ready ledger handlers of the money actions, <see cref="Running.ChargeLateInterestHandler"/> and
    /// <see cref="Running.ApplyLateFeeHandler"/>, over the <see cref="IAccountLedgerStore"/> registered in the container
    /// (once however often it is called). They post exactly the decisions' charges and are idempotent by key.
    /// </summary>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseLedgerHandlers() => UseLedgerHandlers(postProvisionalInterest: false);

    /// <summary>
    /// As <see cref="UseLedgerHandlers()"/>, saying whether the interest handler posts provisional interest
    /// (<see cref="Running.ChargeLateInterestHandler.PostProvisionalInterest"/>; off in <see cref="UseLedgerHandlers()"/>).
    /// </summary>
    /// <param name="postProvisionalInterest">Whether interest computed with a carried-forward rate is posted (otherwise such a decision is recorded Skipped with its reason).</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseLedgerHandlers(bool postProvisionalInterest)
    {
        UseActionHandler(sp => new Running.ChargeLateInterestHandler(sp.GetRequiredService<IAccountLedgerStore>()) { PostProvisionalInterest = postProvisionalInterest });
        return UseActionHandler(sp => new Running.ApplyLateFeeHandler(sp.GetRequiredService<IAccountLedgerStore>()));
    }

    /// <summary>As <see cref="UseLedgerHandlers()"/>, over <paramref name="store"/> (the host keeps the instance; the container does not dispose it).</summary>
    /// <param name="store">Where the accounts' ledger events are loaded and appended.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public CobranzaBuilder UseLedgerHandlers(IAccountLedgerStore store) => UseLedgerHandlers(store, postProvisionalInterest: false);

    /// <summary>As <see cref="UseLedgerHandlers(IAccountLedgerStore)"/>, saying whether the interest handler posts provisional interest (see <see cref="UseLedgerHandlers(bool)"/>).</summary>
    /// <param name="store">Where the accounts' ledger events are loaded and appended.</param>
    /// <param name="postProvisionalInterest">Whether interest computed with a carried-forward rate is posted.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public CobranzaBuilder UseLedgerHandlers(IAccountLedgerStore store, bool postProvisionalInterest)
    {
        ArgumentNullException.ThrowIfNull(store);
        UseActionHandler(_ => new Running.ChargeLateInterestHandler(store) { PostProvisionalInterest = postProvisionalInterest });
        return UseActionHandler(_ => new Running.ApplyLateFeeHandler(store));
    }

    /// <summary>
    /// Declares business-calendar ids the host's customers use, so that a missing calendar is reported when the host
    /// starts (with every other configuration problem) rather than when an account using it is first evaluated.
    /// </summary>
    /// <param name="calendarIds">The calendar ids (not empty).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An id is null or empty.</exception>
    public CobranzaBuilder ExpectCalendars(params string[] calendarIds)
    {
        Guard.NotNull(calendarIds);
        foreach (var id in calendarIds)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException($"calendarIds must not contain an empty id (was '{id}').", nameof(calendarIds));
            }

            if (!_settings.ExpectedCalendars.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                _settings.ExpectedCalendars.Add(id);
            }
        }

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

    /// <summary>
    /// Adds the host's rows to a reference-rate table: combined with the built-in table of that id (or a table added
    /// with <see cref="AddRateTable"/>) by <see cref="ReferenceRateTable.Combine"/>, so the host's rows win on their
    /// days and the built-in rows stay elsewhere; for an id that is not built in, the rows are the table. Rows added
    /// later win over rows added earlier.
    /// </summary>
    /// <remarks>The combination is built when <see cref="IReferenceRateProvider"/> is first resolved; a conflict (host rows overlapping each other, an open-ended row without <paramref name="coveredUntil"/>) throws then.</remarks>
    /// <param name="tableId">The table id, e.g. <see cref="ReferenceRateTables.SpainLatePaymentCommercialId"/>.</param>
    /// <param name="rows">The rows (e.g. from <see cref="ReferenceRateFile"/>), sorted, not overlapping each other.</param>
    /// <param name="coveredUntil">The last day the host vouches for; required when the last row is open-ended.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tableId"/> is empty or <paramref name="rows"/> contains null.</exception>
    public CobranzaBuilder AddRateRows(string tableId, IEnumerable<ReferenceRate> rows, LocalDate? coveredUntil = null)
    {
        Guard.NotNullOrWhiteSpace(tableId);
        ReferenceRate[] copy = Guard.NotNull(rows).ToArray();
        if (Array.IndexOf(copy, null) is int index and >= 0)
        {
            throw new ArgumentException($"rows for table '{tableId}' must not contain null (index {index}).", nameof(rows));
        }

        _settings.RateRows.Add(new HostRateRows(tableId, copy, coveredUntil));
        return this;
    }

    /// <summary>
    /// Reads a reference-rate file now (CSV, or JSON for a <c>.json</c> name; format in <see cref="ReferenceRateFile"/>)
    /// and adds its rows as <see cref="AddRateRows"/> does. The file is read once, at registration: a host that
    /// updates it re-registers (restarts) to use the new rows.
    /// </summary>
    /// <param name="tableId">The table id.</param>
    /// <param name="path">The file path.</param>
    /// <param name="coveredUntil">The last day the host vouches for; required when the last row is open-ended.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="System.IO.IOException">The file cannot be read (the message names the path).</exception>
    /// <exception cref="FormatException">The file is not in the format (the message names the file and line).</exception>
    public CobranzaBuilder AddRateFile(string tableId, string path, LocalDate? coveredUntil = null)
    {
        Guard.NotNullOrWhiteSpace(path);
        using System.IO.FileStream stream = System.IO.File.OpenRead(path);
        return AddRateStream(tableId, stream, ReferenceRateFile.FormatOf(path), coveredUntil, System.IO.Path.GetFileName(path));
    }

    /// <summary>Reads reference-rate rows from a UTF-8 stream now (to its end; the stream is not closed) and adds them as <see cref="AddRateRows"/> does.</summary>
    /// <param name="tableId">The table id.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="format">Its format.</param>
    /// <param name="coveredUntil">The last day the host vouches for; required when the last row is open-ended.</param>
    /// <param name="name">A name for error messages (the file name).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FormatException">The content is not in the format.</exception>
    public CobranzaBuilder AddRateStream(string tableId, System.IO.Stream stream, ReferenceRateFileFormat format, LocalDate? coveredUntil = null, string? name = null)
        => AddRateRows(tableId, ReferenceRateFile.Read(Guard.NotNull(stream), format, name ?? tableId), coveredUntil);

    /// <summary>Uses <paramref name="catalog"/> for notices (default <see cref="TemplateCatalog.Default"/>).</summary>
    /// <param name="catalog">The templates.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseTemplates(TemplateCatalog catalog)
    {
        _settings.Templates = Guard.NotNull(catalog);
        return this;
    }

    /// <summary>Sets the creditor's details that notices show (required unless <see cref="UseRenderer{T}()"/> is used).</summary>
    /// <param name="company">The details.</param>
    /// <returns>This builder.</returns>
    public CobranzaBuilder UseCompany(CompanyDetails company)
    {
        _settings.Company = Guard.NotNull(company);
        return this;
    }

    /// <summary>
    /// Sets the run options (default <see cref="RunOptions.Default"/>); the properties set in the bound
    /// <see cref="RunSettings"/> (configuration section <see cref="RunSettings.SectionName"/>) take precedence.
    /// </summary>
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

    /// <summary>The message of <paramref name="exception"/> without the parameter name and actual value the runtime appends.</summary>
    internal static string Describe(Exception exception)
    {
        string message = exception.Message;
        int newLine = message.IndexOf('\n', StringComparison.Ordinal);
        if (newLine >= 0)
        {
            message = message[..newLine].TrimEnd('\r');
        }

        int parameter = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return parameter > 0 ? message[..parameter] : message;
    }
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
    public static void ThrowIfInvalid(IServiceProvider sp) => ValidRunSettings(sp);

    /// <summary>The bound run settings once the whole configuration is valid.</summary>
    /// <exception cref="CobranzaConfigurationException">Every problem found.</exception>
    public static RunSettings ValidRunSettings(IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(sp);
        var options = sp.GetService<IOptions<RunSettings>>();
        if (options is null)
        {
            // A provider built without AddCobranza's options services (only possible when its registrations were removed).
            var errors = Collect(sp, new RunSettings());
            return errors.Count == 0 ? new RunSettings() : throw new CobranzaConfigurationException(errors);
        }

        try
        {
            return options.Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new CobranzaConfigurationException(ex.Failures);
        }
    }

    /// <summary>Every problem of the Cobranza configuration, each naming what to fix.</summary>
    public static List<string> Collect(IServiceProvider sp, RunSettings run)
    {
        var errors = new List<string>();
        Require<IReceivableStore>(sp, errors, "no IReceivableStore: call UseStore<T>() or UseStore(instance)");
        Require<ICollectionJournal>(sp, errors, "no ICollectionJournal: call UseJournal<T>() or UseJournal(instance)");
        Require<INotificationSender>(sp, errors, "no INotificationSender: call UseSender<T>() or UseSender(instance)");
        var renderer = Require<INoticeRenderer>(sp, errors, "no INoticeRenderer");
        var settings = sp.GetService<CobranzaSettings>();
        if (settings is not null)
        {
            // Template keys are checked against the catalog when the library's catalog renderer renders the notices
            // (a custom renderer knows its own templates).
            var keys = renderer is CatalogNoticeRenderer ? (settings.Templates ?? TemplateCatalog.Default).Keys : (IEnumerable<string>?)null;
            var validator = new EscalationPolicyValidator(keys);
            var policies = settings.Policies.Count == 0 ? [EscalationPolicies.Default] : settings.Policies;
            foreach (var policy in policies)
            {
                foreach (var failure in validator.Validate(policy).Errors)
                {
                    errors.Add($"policy '{policy.Id}' version {policy.Version}: {failure.PropertyName}: {failure.ErrorMessage}");
                }
            }

            if (settings.ExpectedCalendars.Count > 0)
            {
                var calendars = Require<IBusinessCalendarProvider>(sp, errors, "no IBusinessCalendarProvider");
                foreach (var id in settings.ExpectedCalendars)
                {
                    if (calendars is not null && !calendars.TryGet(id, out _))
                    {
                        errors.Add($"calendar '{id}' (ExpectCalendars): the calendar provider does not know it; add it with AddCalendar(...) or use a built-in id such as 'ES', 'CO' or 'MX'");
                    }
                }
            }

            run.ApplyTo(settings.RunOptions, errors);
        }

        Require<EscalationPolicyRegistry>(sp, errors, "no escalation policy registry");
        Require<IAccountEvaluator>(sp, errors, "no IAccountEvaluator");
        return errors;
    }

    private static T? Require<T>(IServiceProvider sp, List<string> errors, string missing)
        where T : class
    {
        try
        {
            var service = sp.GetService(typeof(T)) as T;
            if (service is null)
            {
                errors.Add(missing);
            }

            return service;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            errors.Add($"{typeof(T).Name}: {ex.Message}");
            return null;
        }
    }
}

/// <summary>Checks the whole Cobranza configuration when the run settings are first read (and at host start).</summary>
internal sealed class CobranzaOptionsValidator(IServiceProvider services) : IValidateOptions<RunSettings>
{
    public ValidateOptionsResult Validate(string? name, RunSettings options)
    {
        var errors = CobranzaValidation.Collect(services, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
