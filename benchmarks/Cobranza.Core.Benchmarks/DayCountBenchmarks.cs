using BenchmarkDotNet.Attributes;
using Cobranza.Core.DayCounts;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// YearFraction per convention (target: at most 15 ns, 0 B) and Accrue. The period crosses a year end and a
/// February end so that every rule branch of the 30/360 family and both year parts of Act/Act ISDA run.
/// </summary>
[MemoryDiagnoser]
public class DayCountBenchmarks
{
    private readonly LocalDate _start = new(2023, 11, 30);
    private readonly LocalDate _end = new(2024, 3, 31);
    private readonly DayCount _actual360 = DayCounts.DayCounts.Actual360;
    private readonly DayCount _actual365Fixed = DayCounts.DayCounts.Actual365Fixed;
    private readonly DayCount _actualActualIsda = DayCounts.DayCounts.ActualActualIsda;
    private readonly DayCount _noLeap365 = DayCounts.DayCounts.NoLeap365;
    private readonly DayCount _thirty360 = DayCounts.DayCounts.Thirty360BondBasis;
    private readonly DayCount _thirty360Sia = DayCounts.DayCounts.Thirty360Sia;
    private readonly DayCount _thirtyE360 = DayCounts.DayCounts.ThirtyE360;
    private readonly DayCount _thirtyE360Isda = DayCounts.DayCounts.ThirtyE360Isda;

    [Benchmark(Baseline = true)]
    public int DaysBetween_Actual360() => _actual360.DaysBetween(_start, _end);

    [Benchmark]
    public decimal YearFraction_Actual360() => _actual360.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_Actual365Fixed() => _actual365Fixed.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_ActualActualIsda() => _actualActualIsda.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_NoLeap365() => _noLeap365.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_Thirty360BondBasis() => _thirty360.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_Thirty360Sia() => _thirty360Sia.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_ThirtyE360() => _thirtyE360.YearFraction(_start, _end);

    [Benchmark]
    public decimal YearFraction_ThirtyE360Isda_WithTermination() => _thirtyE360Isda.YearFraction(_start, _end, _end);

    [Benchmark]
    public decimal Accrue_Actual360() => _actual360.Accrue(148_140.25m, _start, _end);

    [Benchmark]
    public decimal Accrue_ActualActualIsda() => _actualActualIsda.Accrue(148_140.25m, _start, _end);

    [Benchmark]
    public decimal Accrue_Thirty360BondBasis() => _thirty360.Accrue(148_140.25m, _start, _end);
}
