using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Installment plans. Targets: a 360-installment annuity plan within 20 µs; applying 100 payments to a
/// 36-installment plan within 10 µs.
/// </summary>
[MemoryDiagnoser]
public class InstallmentBenchmarks
{
    private InstallmentPlanDefinition _annuity360 = null!;
    private InstallmentPlanDefinition _annuity360DayCount = null!;
    private InstallmentPlanDefinition _german360 = null!;
    private TrackedPlan _tracked36 = null!;
    private TrackedPlan _tracked36Paid = null!;
    private PlanPayment[] _payments = null!;

    [GlobalSetup]
    public void Setup()
    {
        _annuity360 = new InstallmentPlanDefinition
        {
            Amount = Money.Of(200_000m, Currency.EUR),
            StartDate = new LocalDate(2026, 1, 15),
            FirstDueDate = new LocalDate(2026, 2, 15),
            InstallmentCount = 360,
            Interest = PlanInterest.Periodic(0.06m),
        };
        _annuity360DayCount = _annuity360 with { Interest = PlanInterest.ActualDays(0.06m, DayCounts.Actual360) };
        _german360 = _annuity360 with { Method = AmortizationMethod.LevelPrincipal };
        var schedule36 = (_annuity360 with { InstallmentCount = 36, Amount = Money.Of(36_000m, Currency.EUR) }).CreateSchedule(BuiltInCalendarProvider.Instance);
        _tracked36 = TrackedPlan.Start(schedule36, new AccelerationClause(3, 90));
        _payments = new PlanPayment[100];
        for (int i = 0; i < _payments.Length; i++)
        {
            _payments[i] = new PlanPayment(new LocalDate(2026, 2, 1).PlusDays(i * 10), Money.Of(123.45m, Currency.EUR));
        }

        _tracked36Paid = _tracked36.Apply(_payments);
    }

    [Benchmark(Baseline = true)]
    public InstallmentSchedule Annuity360_PeriodicRate() => _annuity360.CreateSchedule(BuiltInCalendarProvider.Instance);

    [Benchmark]
    public bool Validate_Annuity360() => _annuity360.Validate().IsValid;

    [Benchmark]
    public InstallmentSchedule Annuity360_Actual360() => _annuity360DayCount.CreateSchedule(BuiltInCalendarProvider.Instance);

    [Benchmark]
    public InstallmentSchedule German360_PeriodicRate() => _german360.CreateSchedule(BuiltInCalendarProvider.Instance);

    [Benchmark]
    public TrackedPlan Apply100PaymentsTo36() => _tracked36.Apply(_payments);

    [Benchmark]
    public PlanStatusReport StatusAsOf_36After100Payments() => _tracked36.Apply(_payments).StatusAsOf(new LocalDate(2028, 1, 1));

    /// <summary>The status report alone, on the plan with the 100 payments already applied (not part of the target).</summary>
    [Benchmark]
    public PlanStatusReport StatusOnly_36With100Payments() => _tracked36Paid.StatusAsOf(new LocalDate(2028, 1, 1));
}
