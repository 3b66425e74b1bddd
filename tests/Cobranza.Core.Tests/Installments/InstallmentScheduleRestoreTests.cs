using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

/// <summary>
/// <see cref="InstallmentSchedule.Restore"/>: a schedule rebuilt from its stored rows is the schedule that was created
/// (rows, totals, what a tracked plan says of it); rows that do not fit the definition are refused with the row named.
/// </summary>
public sealed class InstallmentScheduleRestoreTests
{
    private static readonly InstallmentPlanDefinition ThreeMonths = new()
    {
        Amount = Money.Of(1000.00m, Currency.EUR),
        StartDate = new LocalDate(2026, 1, 1),
        FirstDueDate = new LocalDate(2026, 1, 31),
        InstallmentCount = 3,
    };

    [Property(MaxTest = 300, Arbitrary = [typeof(InstallmentScheduleProperties.Arbitraries)])]
    public void Restore_RowsOfACreatedSchedule_TheSameSchedule(InstallmentScheduleProperties.PlanCase c)
    {
        var created = c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        var rows = created.Installments.Select(r => ScheduledInstallment.Restore(r.Number, r.DueDate, r.PeriodStart, r.Principal, r.Interest, r.Fee, r.RemainingBalance)).ToList();

        var restored = InstallmentSchedule.Restore(c.Definition, rows, created.LevelPayment);

        Assert.Equal(created.Installments, restored.Installments);
        Assert.Equal((created.TotalPrincipal, created.TotalInterest, created.TotalFees, created.LevelPayment), (restored.TotalPrincipal, restored.TotalInterest, restored.TotalFees, restored.LevelPayment));
        var asOf = created.MaturityDate.PlusDays(-1);
        Assert.Equal(TrackedPlan.Start(created).StatusAsOf(asOf), TrackedPlan.Start(restored).StatusAsOf(asOf));
    }

    [Fact]
    public void Restore_ABalanceThatDoesNotFollow_RefusedNamingTheRow()
    {
        // 1,000.00 in 3 level payments without interest: 333.33, 333.33, 333.34 (the residual last), so row 2 leaves
        // 1,000.00 − 666.66 = 333.34; stored one cent higher, it is refused.
        var rows = ThreeMonths.CreateSchedule(BuiltInCalendarProvider.Instance).Installments.ToList();
        var r = rows[1];
        rows[1] = ScheduledInstallment.Restore(r.Number, r.DueDate, r.PeriodStart, r.Principal, r.Interest, r.Fee, r.RemainingBalance + Money.Of(0.01m, Currency.EUR));

        var e = Assert.Throws<ArgumentException>(() => InstallmentSchedule.Restore(ThreeMonths, rows, null));
        Assert.Equal("installments[1] leaves 333.35 EUR, but the balance before it less its principal is 333.34 EUR. (Parameter 'installments')", e.Message);
    }

    [Fact]
    public void Restore_ARowMissing_Refused()
    {
        var rows = ThreeMonths.CreateSchedule(BuiltInCalendarProvider.Instance).Installments.Take(2).ToList();

        var e = Assert.Throws<ArgumentException>(() => InstallmentSchedule.Restore(ThreeMonths, rows, null));
        Assert.Equal("installments must hold 3 rows for this definition (was 2). (Parameter 'installments')", e.Message);
    }

    [Fact]
    public void RestoreRow_NegativeAmountOrPeriodAfterDue_Refused()
    {
        var day = new LocalDate(2026, 1, 31);
        var eur = Money.Of(1m, Currency.EUR);
        Assert.Throws<ArgumentException>(() => ScheduledInstallment.Restore(1, day, day.PlusDays(1), eur, eur, eur, eur));
        Assert.Throws<ArgumentException>(() => ScheduledInstallment.Restore(1, day, day, eur, Money.Of(-1m, Currency.EUR), eur, eur));
        Assert.Throws<ArgumentException>(() => ScheduledInstallment.Restore(1, day, day, eur, Money.Of(1m, Currency.USD), eur, eur));
        Assert.Throws<ArgumentException>(() => ScheduledInstallment.Restore(-1, day, day, eur, eur, eur, eur));
    }
}
