// Issue 15's proof, as an adopter writes it: a generic host configured from appsettings.json, the Cobranza packages as
// published (packed by .ci/run), in-memory adapters from Cobranza.Testing and a fake clock. Exit code 0 when every
// check holds; otherwise the failed check is printed and the exit code is 1.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Hosting;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

var start = new DateTimeOffset(2026, 3, 2, 7, 30, 0, TimeSpan.Zero); // Monday 08:30 in Madrid; the run is daily at 09:00 there
var time = new FakeTimeProvider(start);
var sender = new InMemoryNotificationSender();
var store = new InMemoryReceivableStore();
var madrid = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
for (int i = 1; i <= 3; i++)
{
    store.Put(TestData.Account($"ACC-{i}", new LocalDate(2026, 2, 20), Money.Of(1_000m * i, Currency.EUR), madrid), Instant.FromDateTimeOffset(start));
}

using var host = Build(new Dictionary<string, string?>());
var monitor = host.Services.GetRequiredService<CobranzaRunMonitor>();
var pages = 0;
monitor.PageCompleted += (_, _) => System.Threading.Interlocked.Increment(ref pages);
await host.StartAsync();

// 1. Options bound from appsettings.json.
var options = host.Services.GetRequiredService<CollectionRunner>().Options;
Check(options.WorkerId == "proof-worker" && options.PageSize == 2 && options.MaxAttempts == 3, $"options bound from appsettings.json (got {options.WorkerId}, {options.PageSize}, {options.MaxAttempts})");

// 2. Scheduled cycles at 09:00 Madrid time, driven by the fake clock.
await WaitFor(() => monitor.Status.NextCycleAt is not null, "the runner waits for 09:00");
Check(monitor.Status.NextCycleAt == Instant.FromUtc(2026, 3, 2, 8, 0), $"first cycle due at 09:00 Madrid = 08:00 UTC (got {monitor.Status.NextCycleAt})");
time.Advance(TimeSpan.FromMinutes(30));
await WaitFor(() => monitor.Status.CyclesCompleted == 1 && monitor.Status.NextCycleAt is not null, "the first cycle");
var first = monitor.Status.LastSuccess!;
Check(first.AccountsEvaluated == 3 && pages == 2, $"3 accounts in pages of 2 (got {first.AccountsEvaluated} accounts, {pages} pages)");
Check(sender.Sent.Length == 3, $"one notice per overdue account (got {sender.Sent.Length})");

// 3. Health.
var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Check(health.Status == HealthStatus.Healthy, $"healthy after the cycle (got {health.Status}: {health.Entries["cobranza"].Description})");
Check(monitor.Status.NextCycleAt == Instant.FromUtc(2026, 3, 3, 8, 0), $"next cycle due at 09:00 Madrid the next day (got {monitor.Status.NextCycleAt})");
time.Advance(TimeSpan.FromDays(1));
await WaitFor(() => monitor.Status.CyclesCompleted == 2, "the second cycle");
Check(monitor.Status.LastSuccess!.At == Instant.FromUtc(2026, 3, 3, 8, 0), $"second cycle at 09:00 Madrid the next day (got {monitor.Status.LastSuccess!.At})");
await host.StopAsync();

// 4. Configuration problems reported at start, all at once, with their paths.
using var broken = Build(new() { ["Cobranza:Run:PageSize"] = "0", ["Cobranza:Hosting:TimeZone"] = "Madrid" });
try
{
    await broken.StartAsync();
    Check(false, "a broken configuration refused at start");
}
catch (Exception ex)
{
    var failures = (ex is AggregateException a ? a.InnerExceptions.ToList() : new List<Exception> { ex }).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
    Check(failures.Any(f => f.StartsWith("Cobranza:Run:PageSize = '0'", StringComparison.Ordinal)) && failures.Any(f => f.StartsWith("Cobranza:Hosting:TimeZone = 'Madrid'", StringComparison.Ordinal)),
        "both problems listed at start: " + string.Join(" | ", failures));
}

Console.WriteLine($"PROOF OK: {monitor.Status.CyclesCompleted} scheduled cycles, {sender.Sent.Length} notices, health {health.Status}, configuration checked at start");
return 0;

IHost Build(Dictionary<string, string?> overrides)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
    builder.Configuration.AddInMemoryCollection(overrides);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddSingleton<TimeProvider>(time);
    builder.Services.AddCobranza(c => c.UseStore(store).UseJournal(new InMemoryCollectionJournal()).UseSender(sender)
        .UseCompany(new CompanyDetails("Ejemplo S.L.", new Uri("https://pay.example.com/"), ["Transferencia"])));
    builder.Services.AddCobranzaHosting(builder.Configuration);
    builder.Services.AddHealthChecks().AddCobranzaRunner();
    return builder.Build();
}

static async Task WaitFor(Func<bool> condition, string what)
{
    for (int i = 0; i < 1000 && !condition(); i++)
    {
        await Task.Delay(10);
    }

    Check(condition(), "reached: " + what);
}

static void Check(bool ok, string what)
{
    if (!ok)
    {
        Console.Error.WriteLine("PROOF FAILED: " + what);
        Environment.Exit(1);
    }
}
