using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace Cobranza.Core.Tests.Running;

/// <summary>Issue 15 part 1: run options through IOptions, validated with every error at once; instances and factories registered.</summary>
public sealed class RunConfigurationTests
{
    private static readonly CompanyDetails Company = new("Ejemplo S.L.", new Uri("https://pay.example.com/"), ["Transferencia"]);
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 10, 0); // a Monday inside the default send window

    private static CobranzaBuilder Complete(CobranzaBuilder b) => b.UseStore(new InMemoryReceivableStore()).UseJournal(new InMemoryCollectionJournal())
        .UseSender(new InMemoryNotificationSender()).UseActionHandler(new InMemoryActionHandler()).UseCompany(Company);

    [Fact]
    public void RunSettings_ThreeInvalidProperties_EveryOneNamedAtOnce()
    {
        var services = new ServiceCollection();
        services.AddCobranza(b => Complete(b));
        services.Configure<RunSettings>(s =>
        {
            s.PageSize = 0;
            s.MaxAttempts = 1000;
            s.Lease = TimeSpan.FromMinutes(-5);
            s.WorkerId = "worker-2"; // valid: not reported
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<CobranzaConfigurationException>(() => sp.ValidateCobranza());
        Assert.Equal(3, ex.Errors.Length);
        Assert.Contains(ex.Errors, e => e.StartsWith("Cobranza:Run:PageSize = '0': ", StringComparison.Ordinal) && e.Contains("(was 0)", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Cobranza:Run:MaxAttempts = '1000': ", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Cobranza:Run:Lease = '-00:05:00': ", StringComparison.Ordinal) && e.Contains("positive", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Contains("(Parameter", StringComparison.Ordinal));
        // The options pipeline reports the same list (what ValidateOnStart throws when a host starts).
        var options = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RunSettings>>().Value);
        Assert.Equal(ex.Errors, options.Failures);
        Assert.Throws<CobranzaConfigurationException>(() => sp.GetRequiredService<CollectionRunner>());
    }

    [Fact]
    public void RunSettings_Unset_KeepConfigureRun_SetOnesOverride()
    {
        var services = new ServiceCollection();
        services.AddCobranza(b => Complete(b).ConfigureRun(RunOptions.Default with { PageSize = 50, WorkerId = "code" }));
        services.Configure<RunSettings>(s =>
        {
            s.WorkerId = "config";
            s.PartitionIndex = 1;
            s.PartitionCount = 3;
            s.Lease = TimeSpan.FromMinutes(2);
            s.NoDispatchTimeout = true;
        });
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<CollectionRunner>().Options;
        Assert.Equal(50, options.PageSize);
        Assert.Equal("config", options.WorkerId);
        Assert.Equal(new Partition(1, 3), options.Partition);
        Assert.Equal(Duration.FromMinutes(2), options.Lease);
        Assert.Null(options.DispatchTimeout);
        Assert.Same(options, sp.GetRequiredService<RunOptions>());
    }

    [Fact]
    public void Validation_TemplateKeyTypoAndUnknownCalendar_ReportedBeforeAnyRun()
    {
        // The typo "reminder-due-todya" used to be accepted, then every dispatch failed and was poisoned days later.
        var policy = EscalationPolicyBuilder.Create("typo")
            .Stage("due", "Due today", StageTrigger.CalendarDays(0), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-due-todya"))
            .Build();
        var services = new ServiceCollection();
        services.AddCobranza(b => Complete(b).AddPolicy(policy).UseDefaultPolicy("typo").ExpectCalendars("ES", "XX-closing-days"));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<CobranzaConfigurationException>(() => sp.ValidateCobranza());
        Assert.Equal(2, ex.Errors.Length);
        Assert.Contains(ex.Errors, e => e.StartsWith("policy 'typo' version 1: ", StringComparison.Ordinal) && e.Contains("reminder-due-todya", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("calendar 'XX-closing-days'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runner_OverloadWithoutOptions_UsesConfiguredOptionsAndReportsEachPage()
    {
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < 5; i++)
        {
            store.Put(TestData.Account($"ACC-{i}", new LocalDate(2026, 2, 20), Money.Of(100m, Currency.EUR)), At);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(At));
        services.AddCobranza(b => Complete(b).UseStore(store));
        services.Configure<RunSettings>(s => s.PageSize = 2);
        using var sp = services.BuildServiceProvider();
        var runner = sp.GetRequiredService<CollectionRunner>();

        var reports = new List<RunProgress>();
        var summary = await runner.RunCycleAsync(At, runner.Options, new SynchronousProgress<RunProgress>(reports.Add));
        // 5 due accounts in pages of 2 (from configuration): pages of 2, 2 and 1.
        Assert.Equal(5, summary.AccountsEvaluated);
        Assert.Equal([1, 2, 3], reports.Select(r => r.PagesCompleted));
        Assert.Equal([2, 4, 5], reports.Select(r => r.AccountsProcessed));
        Assert.All(reports, r => Assert.Equal(At, r.At));

        var again = await runner.RunCycleAsync(At.Plus(Duration.FromDays(1)));
        Assert.Equal(At.Plus(Duration.FromDays(1)), again.At);
    }

    [Fact]
    public void UseStoreFactoryAndInstance_LastOneWins_HandlerInstanceAddedOnce()
    {
        var handler = new InMemoryActionHandler();
        var seeded = new InMemoryReceivableStore();
        var services = new ServiceCollection();
        services.AddCobranza(b => Complete(b).UseStore(_ => new InMemoryReceivableStore()).UseActionHandler(handler));
        services.AddCobranza(b => b.UseStore(seeded).UseActionHandler(handler).UsePaymentLinks(new InMemoryPaymentLinkProvider(new Uri("https://pay.example.com/"))));
        using var sp = services.BuildServiceProvider();

        Assert.Same(seeded, sp.GetRequiredService<IReceivableStore>());
        Assert.Equal(2, sp.GetServices<IActionHandler>().Count()); // Complete's own handler instance and this one
        Assert.Single(sp.GetServices<IActionHandler>(), h => ReferenceEquals(h, handler));
        Assert.NotNull(sp.GetService<IPaymentLinkProvider>());
        sp.ValidateCobranza();
    }

    [Theory]
    [InlineData("español")]
    [InlineData("es_CO")]
    public void Language_NameInsteadOfTag_RefusedWithTheReason(string language)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag(language), DateTimeZone.Utc));
        Assert.Equal("tag", ex.ParamName);
        Assert.Contains($"(was '{language}')", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not its name", ex.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
