using BenchmarkDotNet.Attributes;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Resolving late-interest rate definitions into a <see cref="RateSchedule"/>: 20 half-year periods
/// (2016-01-01 .. 2025-12-31) from Spain's published table (baseline) and from ECB + 8 with the EU half-year fixing;
/// 20 monthly periods of a capped rate (Colombia-style, from a host table); the UK single fixed period; a table look-up.
/// </summary>
[MemoryDiagnoser]
public class RateBenchmarks
{
    private readonly LocalDate _first = new(2016, 1, 1);
    private readonly LocalDate _last = new(2025, 12, 31);
    private readonly LocalDate _lookupDate = new(2019, 5, 17);
    private readonly LateInterestRate _spain = StatutoryPresets.Spain().Rate;
    private readonly LateInterestRate _eu = StatutoryPresets.EuDirective().Rate;
    private readonly LateInterestRate _uk = StatutoryPresets.UnitedKingdom().Rate;
    private readonly LateInterestRate _capped = LateInterestRate.Fixed(0.25m, "agreed")
        .CappedAt(LateInterestRate.ReferenceMultiple("HOST-MONTHLY", 1.5m, RateFixing.MonthlyInForceOnFirstDay));
    private readonly TableReferenceRateProvider _host = MonthlyHost();
    private readonly ReferenceRateTable _ecb = ReferenceRateTables.EcbMainRefinancing;

    [Benchmark(Baseline = true)]
    public RateSchedule Resolve_SpainTable_20HalfYears() => _spain.Resolve(_first, _last);

    [Benchmark]
    public RateSchedule Resolve_EcbPlus8_HalfYearFixing_20Periods() => _eu.Resolve(_first, _last);

    [Benchmark]
    public RateSchedule Resolve_CappedMonthly_20Months() => _capped.Resolve(new LocalDate(2024, 1, 1), new LocalDate(2025, 8, 31), _host);

    [Benchmark]
    public RateSchedule Resolve_UkFixedForLife() => _uk.Resolve(new LocalDate(2024, 9, 15), _last);

    [Benchmark]
    public ReferenceRate Lookup_EcbTable() => _ecb.GetRate(_lookupDate);

    /// <summary>20 monthly values, 16 % to 35 % (synthetic, for timing only), so the cap bites in some months.</summary>
    private static TableReferenceRateProvider MonthlyHost()
    {
        var rows = new ReferenceRate[20];
        for (int i = 0; i < rows.Length; i++)
        {
            LocalDate start = new LocalDate(2024, 1, 1).PlusMonths(i);
            rows[i] = new ReferenceRate(start, start.PlusMonths(1).PlusDays(-1), 0.16m + (i / 100m), "synthetic", RateVerification.Verified);
        }

        return new TableReferenceRateProvider([new ReferenceRateTable("HOST-MONTHLY", "synthetic", "benchmark", new LocalDate(2025, 8, 31), new LocalDate(2025, 8, 31), rows)]);
    }
}
