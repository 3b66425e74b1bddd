using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Late-interest accrual (target: 100 balance changes and 20 rate periods in at most 5 µs), with the full statement
/// (<see cref="LateInterestCalculator.Calculate"/>) and with the totals only (<see cref="LateInterestCalculator.CalculateTotals"/>). The 1-year and
/// 30-year cases have the same number of segments (120) spread over different spans: the cost must not depend on
/// the number of days.
/// </summary>
[MemoryDiagnoser]
public class InterestBenchmarks
{
    private LateInterestRequest _oneYear = null!;
    private LateInterestRequest _thirtyYears = null!;
    private LateInterestRequest _thirtyYearsNoChanges = null!;
    private LateInterestRequest _simple = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oneYear = Build(yearSpan: 1);
        _thirtyYears = Build(yearSpan: 30);
        _thirtyYearsNoChanges = _thirtyYears with { BalanceChanges = [], Rates = RateSchedule.Fixed(0.1m, "fixed") };
        var due = new LocalDate(2024, 1, 31);
        _simple = new LateInterestRequest(due, due.PlusDays(50), Money.Of(1000m, Currency.GBP), RateSchedule.Fixed(0.085m, "UK"));
    }

    [Benchmark(Baseline = true)]
    public Money OnePeriod_NoChanges() => LateInterestCalculator.Calculate(_simple).Total;

    [Benchmark]
    public Money OneYear_100Changes_20Rates() => LateInterestCalculator.Calculate(_oneYear).Total;

    [Benchmark]
    public Money ThirtyYears_100Changes_20Rates() => LateInterestCalculator.Calculate(_thirtyYears).Total;

    [Benchmark]
    public Money ThirtyYears_OneSegment() => LateInterestCalculator.Calculate(_thirtyYearsNoChanges).Total;

    /// <summary>The same accrual without the statement: <see cref="LateInterestCalculator.CalculateTotals"/>.</summary>
    [Benchmark]
    public Money OneYear_100Changes_20Rates_TotalsOnly() => LateInterestCalculator.CalculateTotals(_oneYear).Total;

    /// <summary>The same accrual without the statement over 30 years.</summary>
    [Benchmark]
    public Money ThirtyYears_100Changes_20Rates_TotalsOnly() => LateInterestCalculator.CalculateTotals(_thirtyYears).Total;

    /// <summary>100 changes and 20 rate periods, evenly spread over <paramref name="yearSpan"/> years, never on the same day.</summary>
    private static LateInterestRequest Build(int yearSpan)
    {
        var due = new LocalDate(1995, 1, 31);
        int totalDays = 365 * yearSpan;
        var periods = new List<RatePeriod>();
        LocalDate start = due;
        for (int i = 0; i < 20; i++)
        {
            LocalDate? end = i == 19 ? null : due.PlusDays(((i + 1) * totalDays / 20) + 1);
            periods.Add(new RatePeriod(start, end, 0.08m + (i * 0.001m), $"period {i}"));
            start = end ?? start;
        }

        var changes = new BalanceChange[100];
        for (int i = 0; i < changes.Length; i++)
        {
            decimal amount = i % 3 == 0 ? 250.5m : -90.25m;
            changes[i] = new BalanceChange(due.PlusDays((i * totalDays / 100) + 2), Money.Of(amount, Currency.EUR), "change");
        }

        return new LateInterestRequest(due, due.PlusDays(totalDays), Money.Of(100_000m, Currency.EUR), RateSchedule.Create(periods))
        {
            BalanceChanges = changes,
        };
    }
}
