using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Business calendar hot paths on a national calendar (Spain). The bitset is built in GlobalSetup, so the figures are
/// the steady state. Dates: a business day (Tue 3 Mar 2026), a holiday (Sat 15 Aug 2026, adjusted to Mon 17 Aug).
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private readonly BusinessCalendar _spain = BusinessCalendars.Spain;
    private readonly LocalDate _businessDay = new(2026, 3, 3);
    private readonly LocalDate _holiday = new(2026, 8, 15);
    private readonly LocalDate _yearStart = new(2026, 1, 1);
    private readonly LocalDate _yearEnd = new(2027, 1, 1);

    [GlobalSetup]
    public void Setup() => _spain.IsBusinessDay(_businessDay);

    [Benchmark(Baseline = true)]
    public bool IsBusinessDay() => _spain.IsBusinessDay(_businessDay);

    [Benchmark]
    public LocalDate AdjustModifiedFollowing_BusinessDay() => _spain.Adjust(_businessDay, BusinessDayConvention.ModifiedFollowing);

    [Benchmark]
    public LocalDate AdjustModifiedFollowing_Holiday() => _spain.Adjust(_holiday, BusinessDayConvention.ModifiedFollowing);

    [Benchmark]
    public LocalDate AddBusinessDays30() => _spain.AddBusinessDays(_businessDay, 30);

    [Benchmark]
    public int BusinessDaysBetween_OneYear() => _spain.BusinessDaysBetween(_yearStart, _yearEnd);
}
