using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Cobranza.Hosting.Tests;

/// <summary>Issue 15 part 2: the hosted runner in a real generic host with a fake time provider.</summary>
public sealed class HostedRunnerTests
{
    private static readonly CompanyDetails Company = new("Ejemplo S.L.", new Uri("https://pay.example.com/"), ["Transferencia"]);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday, inside the default send window

    private static IHost BuildHost(FakeTimeProvider time, Dictionary<string, string?> settings, INotificationSender? sender = null, Action<CobranzaBuilder>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMetrics();
        builder.Services.AddCobranza(c =>
        {
            c.UseStore(new InMemoryReceivableStore()).UseJournal(new InMemoryCollectionJournal())
                .UseSender(sender ?? new InMemoryNotificationSender()).UseActionHandler(new InMemoryActionHandler()).UseCompany(Company);
            more?.Invoke(c);
        });
        builder.Services.AddCobranzaHosting(builder.Configuration);
        builder.Services.AddHealthChecks().AddCobranzaRunner();
        return builder.Build();
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting until " + what);
    }

    private static Instant I(DateTimeOffset t) => Instant.FromDateTimeOffset(t);

    [Fact]
    public async Task Interval_FromConfiguration_RunsOnStartThenEveryHour_WithConfiguredWorkerAndPartition()
    {
        var time = new FakeTimeProvider(Start);
        using var host = BuildHost(time, new()
        {
            ["Cobranza:Run:WorkerId"] = "worker-7",
            ["Cobranza:Run:PartitionIndex"] = "0",
            ["Cobranza:Run:PartitionCount"] = "1",
            ["Cobranza:Run:PageSize"] = "2",
            ["Cobranza:Hosting:Interval"] = "01:00:00",
            ["Cobranza:Hosting:RunOnStart"] = "true",
        });
        var store = (InMemoryReceivableStore)host.Services.GetRequiredService<IReceivableStore>();
        for (int i = 0; i < 3; i++)
        {
            store.Put(TestData.Account($"ACC-{i}", new LocalDate(2026, 2, 20), Money.Of(100m, Currency.EUR)), I(Start));
        }

        var monitor = host.Services.GetRequiredService<CobranzaRunMonitor>();
        var pages = new List<RunProgress>();
        monitor.PageCompleted += (_, p) => { lock (pages) { pages.Add(p); } };
        await host.StartAsync();

        await WaitUntil(() => monitor.Status.CyclesCompleted == 1 && monitor.Status.NextCycleAt is not null, "the start cycle completed");
        Assert.Equal(I(Start), monitor.Status.LastSuccess!.At);
        Assert.Equal(3, monitor.Status.LastSuccess.AccountsEvaluated);
        Assert.Equal([2, 3], pages.Select(p => p.AccountsProcessed)); // pages of 2 from configuration
        Assert.Equal(I(Start.AddHours(1)), monitor.Status.NextCycleAt);
        var options = host.Services.GetRequiredService<CollectionRunner>().Options;
        Assert.Equal("worker-7", options.WorkerId);
        Assert.Equal(2, options.PageSize);

        time.Advance(TimeSpan.FromHours(1));
        await WaitUntil(() => monitor.Status.CyclesCompleted == 2 && monitor.Status.NextCycleAt is not null, "the second cycle completed");
        Assert.Equal(I(Start.AddHours(1)), monitor.Status.LastSuccess!.At);

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(I(Start.AddHours(1)).ToString(), health.Entries["cobranza"].Data["lastSuccessAt"]);

        // The meter came from the host's IMeterFactory.
        var telemetry = host.Services.GetRequiredService<CobranzaTelemetry>();
        Assert.Same(host.Services.GetRequiredService<IMeterFactory>(), telemetry.Meter.Scope);
        await host.StopAsync();
        Assert.Null(monitor.Status.NextCycleAt);
    }

    [Fact]
    public async Task Start_InvalidConfiguration_EveryProblemListedWithItsPath()
    {
        var time = new FakeTimeProvider(Start);
        using var host = BuildHost(time, new()
        {
            ["Cobranza:Run:PageSize"] = "lots",
            ["Cobranza:Run:MaxAttempts"] = "0",
            ["Cobranza:Run:Lease"] = "10 minutes",
            ["Cobranza:Hosting:Intervall"] = "00:15:00",
            ["Cobranza:Hosting:DailyAt:0"] = "7am",
            ["Cobranza:Hosting:TimeZone"] = "Madrid",
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var failures = (ex is AggregateException a ? a.InnerExceptions.ToList() : new List<Exception> { ex }).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        string all = ex.GetType().Name + ": " + ex.Message + Environment.NewLine + string.Join(Environment.NewLine, failures);
        Assert.True(failures.Contains("Cobranza:Run:PageSize = 'lots': not a whole number."), all);
        Assert.Contains(failures, f => f.StartsWith("Cobranza:Run:MaxAttempts = '0': ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cobranza:Run:Lease = '10 minutes': not a duration", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cobranza:Hosting:Intervall: CobranzaHostingOptions has no setting 'Intervall'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cobranza:Hosting:DailyAt:0 = '7am'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cobranza:Hosting:TimeZone = 'Madrid'", StringComparison.Ordinal));
        Assert.True(failures.Count == 6, all);
    }

    [Fact]
    public async Task Stop_DuringACycle_TheCycleFinishesItsDispatches()
    {
        var time = new FakeTimeProvider(Start);
        var sender = new GatedSender();
        using var host = BuildHost(time, new() { ["Cobranza:Hosting:Interval"] = "00:30:00", ["Cobranza:Hosting:RunOnStart"] = "true" }, sender);
        var store = (InMemoryReceivableStore)host.Services.GetRequiredService<IReceivableStore>();
        store.Put(TestData.Account("ACC-1", new LocalDate(2026, 2, 20), Money.Of(100m, Currency.EUR)), I(Start));
        var monitor = host.Services.GetRequiredService<CobranzaRunMonitor>();
        await host.StartAsync();
        await sender.Entered.WaitAsync(TimeSpan.FromSeconds(10)); // the cycle is inside a dispatch

        var stopping = host.StopAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted); // the host waits for the cycle
        sender.Release.SetResult();
        await stopping;

        Assert.Equal(1, monitor.Status.CyclesCompleted);
        Assert.Equal(1, monitor.Status.LastSuccess!.CountOf(RunOutcome.Dispatched));
        var journal = (InMemoryCollectionJournal)host.Services.GetRequiredService<ICollectionJournal>();
        var history = await journal.GetHistoryAsync("ACC-1", CancellationToken.None);
        Assert.NotEmpty(history.Entries);
    }

    [Fact]
    public async Task SlowCycle_LongerThanTheInterval_NeverOverlapsItself()
    {
        var time = new FakeTimeProvider(Start);
        var sender = new GatedSender();
        using var host = BuildHost(time, new() { ["Cobranza:Hosting:Interval"] = "00:01:00", ["Cobranza:Hosting:RunOnStart"] = "true" }, sender);
        var store = (InMemoryReceivableStore)host.Services.GetRequiredService<IReceivableStore>();
        store.Put(TestData.Account("ACC-1", new LocalDate(2026, 2, 20), Money.Of(100m, Currency.EUR)), I(Start));
        var monitor = host.Services.GetRequiredService<CobranzaRunMonitor>();
        await host.StartAsync();
        await sender.Entered.WaitAsync(TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromMinutes(5)); // five slots pass while the first cycle is stuck in its dispatch
        await Task.Delay(100);
        Assert.Equal(0, monitor.Status.CyclesCompleted);
        Assert.Equal(1, sender.MaxConcurrent);
        sender.Release.SetResult();

        // The cycle ran 5 minutes, past its next slot: the next one starts at once (at the end), not five times.
        await WaitUntil(() => monitor.Status.CyclesCompleted == 2 && monitor.Status.NextCycleAt is not null, "the catch-up cycle");
        Assert.Equal(I(Start.AddMinutes(5)), monitor.Status.LastSuccess!.At);
        Assert.Equal(I(Start.AddMinutes(6)), monitor.Status.NextCycleAt);
        Assert.Equal(1, sender.MaxConcurrent);
        await host.StopAsync();
    }

    private sealed class GatedSender : INotificationSender
    {
        private int _active;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public int MaxConcurrent { get; private set; }

        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            int active = Interlocked.Increment(ref _active);
            MaxConcurrent = Math.Max(MaxConcurrent, active);
            _entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _active);
            return "msg-" + message.IdempotencyKey;
        }
    }
}
