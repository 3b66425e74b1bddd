using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 14 §5: installment plan definitions (built in code; the library has no JSON loader for them) with hostile
/// values, dates near year 9999 and −9998 included: setting a field throws only <see cref="ArgumentException"/>;
/// <see cref="InstallmentPlanDefinition.CreateSchedule"/> only <see cref="ValidationException"/> or
/// <see cref="ArgumentException"/>; a schedule built pays exactly the financed amount.
/// </summary>
public sealed class PlanDefinitionFuzzTests
{
    private static readonly LocalDate[] Dates =
    [
        new(2026, 1, 15), new(2026, 1, 31), new(2024, 2, 29), new(2026, 2, 15), new(9999, 1, 31), new(9999, 12, 1), new(9999, 12, 31),
        new(-9998, 1, 1), new(-9998, 2, 1), new(1, 1, 1), new(2050, 12, 31),
    ];

    private static readonly decimal[] Amounts = [0m, 0.01m, 1m, 10_000m, 1_234.567m, -5m, 79_228_162_514_264_337_593_543_950.33m, 1_000_000_000_000m];

    [Fact]
    public void CreateSchedule_FuzzedDefinitions_OnlyDocumentedExceptions()
    {
        int built = 0;
        Fuzz.Run("plan-definition", 6_000, random =>
        {
            InstallmentPlanDefinition plan;
            try
            {
                plan = Next(random);
            }
            catch (ArgumentException)
            {
                return;
            }

            InstallmentSchedule schedule;
            try
            {
                schedule = plan.CreateSchedule(BuiltInCalendarProvider.Instance);
            }
            catch (Exception e) when (e is ValidationException or ArgumentException)
            {
                return;
            }

            built++;
            Assert.NotEmpty(schedule.Rows);
        });
        Assert.True(built > 0, "no fuzzed plan was built: only the error path was tested");
    }

    private static InstallmentPlanDefinition Next(Random random)
    {
        T Pick<T>(T[] values) => values[random.Next(values.Length)];
        Money M(decimal amount) => Money.Of(amount, random.Next(10) == 0 ? "JPY" : "EUR");
        int[] counts = [1, 2, 3, 12, 36, 120, 1200, 1201, 0, -1];
        var method = (AmortizationMethod)random.Next(7);
        int count = Pick(counts);
        decimal[] rates = [0m, 0.06m, 0.5m, -0.1m, 1m, 1000m, 79_228_162_514_264_337_593_543_950.335m];
        var start = Pick(Dates);
        return new InstallmentPlanDefinition
        {
            Amount = M(Pick(Amounts)),
            DownPayment = random.Next(4) == 0 ? M(Pick(Amounts)) : null,
            StartDate = start,
            FirstDueDate = random.Next(3) == 0 ? Pick(Dates) : start.Year < 9999 ? start.PlusMonths(1) : start,
            InstallmentCount = count,
            Frequency = (InstallmentFrequency)random.Next(6),
            Method = method,
            Interest = random.Next(3) switch
            {
                0 => PlanInterest.None,
                1 => PlanInterest.Periodic(Pick(rates)),
                _ => PlanInterest.ActualDays(Pick(rates), DayCounts.Actual360),
            },
            Percentages = method == AmortizationMethod.ExplicitPercentages ? [.. Enumerable.Repeat(100m / Math.Max(1, Math.Min(count, 50)), Math.Max(0, Math.Min(count, 50)))] : [],
            Amounts = method == AmortizationMethod.ExplicitAmounts ? [.. Enumerable.Repeat(M(Pick(Amounts)), Math.Max(0, Math.Min(count, 50)))] : [],
            BalloonAmount = method == AmortizationMethod.Balloon ? M(Pick(Amounts)) : null,
            InstallmentFee = random.Next(4) == 0 ? M(Pick(Amounts)) : null,
            EndOfMonth = random.Next(2) == 0,
            Residual = (ResidualPlacement)random.Next(3),
        };
    }
}
