using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cobranza.Hosting.Tests;

public sealed class RunScheduleTests
{
    private static readonly DateTimeZone Madrid = DateTimeZoneProviders.Tzdb["Europe/Madrid"];

    [Fact]
    public void DailyAt_Madrid_NextIsTheFirstLocalTimeStrictlyAfter()
    {
        var schedule = RunSchedule.DailyAt(Madrid, new LocalTime(13, 0), new LocalTime(7, 0), new LocalTime(7, 0));
        Assert.Equal(new[] { new LocalTime(7, 0), new LocalTime(13, 0) }, schedule.Times.ToArray());
        // 2026-03-02 06:00 UTC = 07:00 CET: exactly at a start, so the next is 13:00 CET = 12:00 UTC.
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 12, 0), schedule.Next(Instant.FromUtc(2026, 3, 2, 6, 0)));
        // After 13:00 CET the next is 07:00 CET the next day (06:00 UTC).
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 6, 0), schedule.Next(Instant.FromUtc(2026, 3, 2, 12, 0, 1)));
        Assert.Equal("daily at 07:00, 13:00 (Europe/Madrid)", schedule.ToString());
    }

    [Fact]
    public void DailyAt_TimeInTheSpringGap_RunsRightAfterTheGap_OnceInTheAutumnRepeat()
    {
        // Spain 2026: clocks go 02:00 → 03:00 on Sunday 29 March and 03:00 → 02:00 on Sunday 25 October (EU rule, last Sundays).
        var schedule = RunSchedule.DailyAt(Madrid, new LocalTime(2, 30));
        // 02:30 does not exist on 29 March: the lenient resolver moves it forward by the gap, to 03:30 CEST = 01:30 UTC.
        Assert.Equal(Instant.FromUtc(2026, 3, 29, 1, 30), schedule.Next(Instant.FromUtc(2026, 3, 28, 12, 0)));
        // 02:30 happens twice on 25 October: the first (CEST, 00:30 UTC) only; the next start is 26 October 02:30 CET.
        var first = schedule.Next(Instant.FromUtc(2026, 10, 24, 12, 0));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 0, 30), first);
        Assert.Equal(Instant.FromUtc(2026, 10, 26, 1, 30), schedule.Next(first));
    }

    [Fact]
    public void Every_OutOfRange_RefusedWithTheValue()
    {
        Assert.Equal(Instant.FromUtc(2026, 1, 1, 0, 15), RunSchedule.Every(Duration.FromMinutes(15)).Next(Instant.FromUtc(2026, 1, 1, 0, 0)));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RunSchedule.Every(Duration.FromMilliseconds(10)));
        Assert.Contains("between 1 second and 7 days", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunSchedule.DailyAt(Madrid));
    }

    [Fact]
    public async Task Health_OverdueAgainstTheSchedule_UnhealthyNamingTheLastSuccess()
    {
        var schedule = RunSchedule.Every(Duration.FromHours(1));
        var monitor = new CobranzaRunMonitor(schedule);
        var start = Instant.FromUtc(2026, 3, 2, 9, 0);
        var clock = new FakeClock(start);
        var check = new CobranzaHealthCheck(monitor, clock, TimeSpan.FromMinutes(15));
        monitor.Update(s => s with { StartedAt = start, FirstCycleAt = start + Duration.FromHours(1) });
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(null!)).Status);

        // No cycle by 10:00 + 15 min grace: unhealthy at 10:16.
        clock.Reset(start + Duration.FromMinutes(76));
        var result = (await check.CheckHealthAsync(null!));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Contains("no successful cycle since the start at 2026-03-02T09:00:00Z", result.Description, StringComparison.Ordinal);

        // A cycle at 10:16 with a poisoned decision: degraded (not overdue until 11:31).
        var summary = await Summary(start + Duration.FromMinutes(76), poisoned: 1);
        monitor.Update(s => s with { LastSuccess = summary, CyclesCompleted = 1 });
        result = (await check.CheckHealthAsync(null!));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, result.Status);
        Assert.Equal(1, result.Data["poisoned"]);
        clock.Reset(start + Duration.FromMinutes(152));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, (await check.CheckHealthAsync(null!)).Status);
    }

    private static async Task<RunSummary> Summary(Instant at, int poisoned)
    {
        // A real cycle: one overdue account whose every send fails, with one attempt allowed, is poisoned.
        var services = new ServiceCollection();
        var store = new InMemoryReceivableStore();
        store.Put(TestData.Account("ACC-1", new LocalDate(2026, 2, 20), Money.Of(100m, Currency.EUR)), at);
        services.AddCobranza(c => c.UseStore(store).UseJournal(new InMemoryCollectionJournal()).UseSender(new FailingSender())
            .UseCompany(new CompanyDetails("Ejemplo S.L.", new Uri("https://pay.example.com/"), ["Transferencia"])));
        services.Configure<RunSettings>(s => s.MaxAttempts = 1);
        using var sp = services.BuildServiceProvider();
        var summary = await sp.GetRequiredService<CollectionRunner>().RunCycleAsync(at);
        Assert.Equal(poisoned, summary.Poisoned.Length);
        return summary;
    }

    private sealed class FailingSender : INotificationSender
    {
        public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => throw new InvalidOperationException("SMTP refused");
    }
}
