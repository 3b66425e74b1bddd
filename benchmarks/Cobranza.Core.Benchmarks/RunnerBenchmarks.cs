using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// A collection cycle over 1,000,000 in-memory accounts, all due for evaluation, with the real engine and the default
/// policy. Targets: nothing fires ≤ 0.5 s; 10 % fire one notice ≤ 1.5 s; reported next to the raw cost of paging
/// through the same portfolio in the same in-memory store (the ratio is the figure that matters).
/// </summary>
[MemoryDiagnoser]
public class RunnerBenchmarks
{
    private const int Accounts = 1_000_000;

    // Monday 2026-03-02 10:00 UTC: inside the default send window.
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 10, 0);

    private readonly RunOptions _options = RunOptions.Default with { PageSize = 10_000, MaxDegreeOfParallelism = 2, DispatchTimeout = null };
    private CustomerAccount[] _quiet = null!;
    private CustomerAccount[] _tenPercent = null!;
    private InMemoryReceivableStore _store = null!;
    private CollectionRunner _runner = null!;
    private EscalationEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var customer = new CustomerProfile("C", "Cliente", Language.Spanish, DateTimeZone.Utc);
        _quiet = new CustomerAccount[Accounts];
        _tenPercent = new CustomerAccount[Accounts];
        var later = new LocalDate(2026, 6, 30);      // far from any stage: nothing fires
        var inThreeDays = new LocalDate(2026, 3, 5); // the "pre-due" stage (−3) fires one notice
        for (int i = 0; i < Accounts; i++)
        {
            string id = "ACC-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            _quiet[i] = Account(id, customer, later);
            _tenPercent[i] = i % 10 == 0 ? Account(id, customer, inThreeDays) : _quiet[i];
        }

        _engine = new EscalationEngine(BuiltInCalendarProvider.Instance);
    }

    [IterationSetup(Targets = [nameof(IterateStore), nameof(RunCycle_NothingFires)])]
    public void SetupQuiet() => Reset(_quiet);

    [IterationSetup(Target = nameof(RunCycle_TenPercentFireOneNotice))]
    public void SetupTenPercent() => Reset(_tenPercent);

    [Benchmark(Baseline = true, Description = "Page through 1M due accounts (raw iteration)")]
    public async Task<long> IterateStore()
    {
        long count = 0;
        string? token = null;
        do
        {
            var page = await _store.GetDueAccountsAsync(new DueAccountsQuery(At, _options.PageSize, token), CancellationToken.None);
            foreach (var due in page.Accounts)
            {
                count += due.Snapshot!.Items.Length;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return count;
    }

    [Benchmark(Description = "Run cycle, 1M accounts, nothing fires")]
    public Task<RunSummary> RunCycle_NothingFires() => _runner.RunCycleAsync(At, _options);

    [Benchmark(Description = "Run cycle, 1M accounts, 10% fire one notice")]
    public Task<RunSummary> RunCycle_TenPercentFireOneNotice() => _runner.RunCycleAsync(At, _options);

    private static CustomerAccount Account(string id, CustomerProfile customer, LocalDate due)
        => new(id, Currency.EUR, customer, [new AccountItem(id + "-1", id, 0, due.PlusDays(-30), due, Money.Of(100m, Currency.EUR))]);

    private void Reset(CustomerAccount[] accounts)
    {
        _store = new InMemoryReceivableStore();
        foreach (var account in accounts)
        {
            _store.Put(account, At);
        }

        _runner = new CollectionRunner(
            _store,
            new InMemoryCollectionJournal(),
            new PolicyAccountEvaluator(_engine, EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(),
            new InMemoryNotificationSender(),
            [new InMemoryActionHandler()]);

        // BenchmarkDotNet collects garbage after an iteration, not after its setup: without this, the first
        // collections of the measured cycle would promote the 1M-entry store just built here (setup work) and sweep
        // the previous iteration's store. Applies to the raw iteration (baseline) as well.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
