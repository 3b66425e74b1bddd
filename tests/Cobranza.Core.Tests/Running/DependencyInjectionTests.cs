using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cobranza.Core.Tests.Running;

public sealed class DependencyInjectionTests
{
    private static readonly CompanyDetails Company = new("Ejemplo S.L.", new Uri("https://pay.example.com/"), ["Transferencia"]);

    private static ServiceProvider Build(Action<CobranzaBuilder> configure, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        extra?.Invoke(services);
        services.AddCobranza(configure);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void ValidateCobranza_NothingConfigured_ListsEveryMissingPieceAtOnce()
    {
        using var sp = Build(_ => { });
        var ex = Assert.Throws<CobranzaConfigurationException>(() => sp.ValidateCobranza());
        Assert.Contains("no IReceivableStore: call UseStore<T>() or UseStore(instance)", ex.Errors);
        Assert.Contains("no ICollectionJournal: call UseJournal<T>() or UseJournal(instance)", ex.Errors);
        Assert.Contains("no INotificationSender: call UseSender<T>() or UseSender(instance)", ex.Errors);
        Assert.Contains(ex.Errors, e => e.Contains("UseCompany", StringComparison.Ordinal));
        Assert.Equal(4, ex.Errors.Length);
        Assert.Throws<CobranzaConfigurationException>(() => sp.GetRequiredService<CollectionRunner>());
    }

    [Fact]
    public async Task AddCobranza_CalledTwiceWithRegisteredClock_RunsAtThatClockWithOneHandler()
    {
        var at = Instant.FromUtc(2026, 3, 2, 10, 0); // a Monday, inside the default send window
        void Configure(CobranzaBuilder b) => b.UseStore<InMemoryReceivableStore>().UseJournal<InMemoryCollectionJournal>()
            .UseSender<InMemoryNotificationSender>().UseActionHandler<InMemoryActionHandler>().UseCompany(Company);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(at));
        services.AddCobranza(Configure);
        services.AddCobranza(Configure);
        using var sp = services.BuildServiceProvider();
        sp.ValidateCobranza();

        Assert.Single(sp.GetServices<IActionHandler>());
        Assert.Single(services, d => d.ServiceType == typeof(CollectionRunner));
        var store = (InMemoryReceivableStore)sp.GetRequiredService<IReceivableStore>();
        // Due 2026-02-20, evaluated on 2026-03-02: 10 days overdue → the default policy's "firm" stage (+3) fires.
        store.Put(TestData.Account("ACC-1", new LocalDate(2026, 2, 20), Money.Of(250m, Currency.EUR)), at);
        var summary = await sp.GetRequiredService<CollectionRunService>().RunOnceAsync();

        Assert.Equal(at, summary.At);
        Assert.Equal(1, summary.AccountsEvaluated);
        var sender = (InMemoryNotificationSender)sp.GetRequiredService<INotificationSender>();
        Assert.True(sender.Sent.Length == 1, string.Join("; ", summary.Counts));
        var message = sender.Sent[0];
        Assert.Equal("firm", message.Decision.StageId);
        Assert.Contains("Ejemplo S.L.", message.Content.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_PolicyIdsAndVersions_LatestVersionResolvedAndDefaultForNone()
    {
        var v1 = EscalationPolicies.Default;
        var registry = new EscalationPolicyRegistry([v1]);
        Assert.Same(v1, registry.Resolve(null));
        Assert.Same(v1, registry.Resolve(EscalationPolicies.DefaultId));
        var ex = Assert.Throws<ArgumentException>(() => registry.Resolve("vip"));
        Assert.Contains("'vip'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_DuplicateVersionAndUnknownDefault_EveryErrorListed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EscalationPolicyRegistry([EscalationPolicies.Default, EscalationPolicies.Default], "missing"));
        Assert.Contains("version 1 is registered 2 times", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default policy id 'missing' is not registered", ex.Message, StringComparison.Ordinal);
    }
}
