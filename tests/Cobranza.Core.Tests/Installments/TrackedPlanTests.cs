using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

public sealed class TrackedPlanTests
{
    // 3 monthly installments of 100.00 principal + 1.00 fee, interest-free, due 15 Feb, 15 Mar, 15 Apr 2026.
    private static InstallmentSchedule Schedule() => new InstallmentPlanDefinition
    {
        Amount = Money.Of(300m, "EUR"),
        StartDate = new LocalDate(2026, 1, 15),
        FirstDueDate = new LocalDate(2026, 2, 15),
        InstallmentCount = 3,
        Method = AmortizationMethod.EqualParts,
        InstallmentFee = Money.Of(1m, "EUR"),
    }.CreateSchedule(BuiltInCalendarProvider.Instance);

    private static PlanPayment Pay(int month, int day, decimal amount) => new(new LocalDate(2026, month, day), Money.Of(amount, "EUR"));

    [Fact]
    public void Apply_PartialPayment_FeeThenInterestThenPrincipalOldestFirst()
    {
        var report = TrackedPlan.Start(Schedule()).Apply(Pay(2, 10, 150m)).StatusAsOf(new LocalDate(2026, 2, 20));
        var first = report.Installments[0];
        var second = report.Installments[1];
        Assert.Equal((InstallmentStatus.Paid, 1m, 100m, 0), (first.Status, first.PaidFee.Amount, first.PaidPrincipal.Amount, first.DaysLate));
        // 150 − 101 = 49: 1.00 to the second installment's fee, 48.00 to its principal.
        Assert.Equal((InstallmentStatus.PartiallyPaid, 1m, 48m), (second.Status, second.PaidFee.Amount, second.PaidPrincipal.Amount));
        Assert.Equal(InstallmentStatus.Pending, report.Installments[2].Status);
        Assert.Equal(PlanStatus.Current, report.Status);
    }

    [Fact]
    public void StatusAsOf_UnpaidAfterDueDate_OverdueWithDaysLate()
    {
        var report = TrackedPlan.Start(Schedule()).Apply(Pay(2, 15, 101m)).StatusAsOf(new LocalDate(2026, 4, 1));
        Assert.Equal(InstallmentStatus.Paid, report.Installments[0].Status);
        Assert.Equal((InstallmentStatus.Overdue, 17), (report.Installments[1].Status, report.Installments[1].DaysLate)); // 15 Mar → 1 Apr
        Assert.Equal(PlanStatus.InArrears, report.Status);
    }

    [Fact]
    public void StatusAsOf_PaidLate_KeepsDaysLateOfCompletingPayment()
    {
        var report = TrackedPlan.Start(Schedule()).Apply(Pay(2, 20, 101m)).StatusAsOf(new LocalDate(2026, 3, 1));
        Assert.Equal((InstallmentStatus.Paid, 5, new LocalDate(2026, 2, 20)), (report.Installments[0].Status, report.Installments[0].DaysLate, report.Installments[0].PaidOn));
    }

    [Fact]
    public void Apply_Overpayment_BecomesUnappliedAndPlanCompleted()
    {
        var plan = TrackedPlan.Start(Schedule()).Apply(Pay(2, 1, 310m));
        Assert.Equal(Money.Of(303m, "EUR"), plan.Allocated);
        Assert.Equal(Money.Of(7m, "EUR"), plan.Unapplied);
        Assert.Equal(plan.TotalPaid, plan.Allocated + plan.Unapplied);
        Assert.Equal(PlanStatus.Completed, plan.StatusAsOf(new LocalDate(2026, 2, 1)).Status);
    }

    [Fact]
    public void Apply_ReturnsNewState_OriginalUnchanged()
    {
        var start = TrackedPlan.Start(Schedule());
        var a = start.Apply(Pay(2, 1, 10m));
        var b = start.Apply(Pay(2, 1, 20m)); // a branch from the same state must not see a's payment
        Assert.Empty(start.Payments);
        Assert.Equal([10m], a.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([20m], b.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([10m, 5m], a.Apply(Pay(2, 2, 5m)).Payments.Select(p => p.Amount.Amount));
    }

    [Fact]
    public void ApplyMany_BranchesFromOneState_EachKeepsItsOwnPayments()
    {
        // Batches claim their slots in the shared buffer at once; branches from the same state must still not see
        // each other's payments, whether the batch is an array, a list or a lazy sequence.
        var start = TrackedPlan.Start(Schedule()).Apply(Pay(2, 1, 1m));
        var a = start.Apply(new[] { Pay(2, 2, 2m), Pay(2, 3, 3m) });
        var b = start.Apply(new System.Collections.Generic.List<PlanPayment> { Pay(2, 2, 4m) });
        var c = start.Apply(Enumerable.Range(5, 3).Select(i => Pay(2, i, i)));
        var d = a.Apply(Pay(2, 9, 9m));
        Assert.Equal([1m], start.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([1m, 2m, 3m], a.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([1m, 4m], b.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([1m, 5m, 6m, 7m], c.Payments.Select(p => p.Amount.Amount));
        Assert.Equal([1m, 2m, 3m, 9m], d.Payments.Select(p => p.Amount.Amount));
        Assert.Equal(Money.Of(6m, "EUR"), a.TotalPaid);
        Assert.Equal(Money.Of(19m, "EUR"), c.TotalPaid);
        Assert.Same(start, start.Apply(Array.Empty<PlanPayment>()));
    }

    [Fact]
    public void ApplyMany_RefusedPaymentHalfWay_SameErrorAsOneByOneAndStateUsable()
    {
        var start = TrackedPlan.Start(Schedule());
        PlanPayment[] batch = [Pay(2, 1, 10m), Pay(3, 1, 10m), Pay(2, 15, 10m), Pay(4, 1, 10m)];
        var many = Assert.Throws<ArgumentException>(() => start.Apply(batch));
        var oneByOne = Assert.Throws<ArgumentException>(() => start.Apply(batch[0]).Apply(batch[1]).Apply(batch[2]));
        Assert.Equal(oneByOne.Message, many.Message);
        Assert.Equal("payment", many.ParamName);
        Assert.Throws<ArgumentNullException>("payment", () => start.Apply(new PlanPayment[] { Pay(2, 1, 10m), null! }));

        // The refused batch left nothing behind: the state still takes payments.
        Assert.Empty(start.Payments);
        Assert.Equal([5m], start.Apply(new[] { Pay(2, 1, 5m) }).Payments.Select(p => p.Amount.Amount));
    }

    [Fact]
    public void TotalPaid_PaymentsWithDifferentScales_DecimalSumOfThePayments()
    {
        // The total is kept in minor units; it must still be the decimal sum 0m + 10 + 0.50 + 1.500 = 12.000 (scale 3).
        var plan = TrackedPlan.Start(Schedule()).Apply(new[] { Pay(2, 1, 10m), Pay(2, 2, 0.50m), Pay(2, 3, 1.500m) });
        Assert.Equal(decimal.GetBits(12.000m), decimal.GetBits(plan.TotalPaid.Amount));
    }

    [Fact]
    public void Apply_OtherCurrency_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => TrackedPlan.Start(Schedule()).Apply(new PlanPayment(new LocalDate(2026, 2, 1), Money.Of(10m, "USD"))));
        Assert.Equal("payment", ex.ParamName);
        Assert.StartsWith("payment is 10.00 USD but the plan is in EUR; convert it before applying it.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OutOfDateOrder_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TrackedPlan.Start(Schedule()).Apply(Pay(3, 1, 10m)).Apply(Pay(2, 1, 10m)));
        Assert.StartsWith("payment dated 2026-02-01 is before the last payment applied (2026-03-01)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanPayment_ZeroOrNegative_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Pay(2, 1, 0m));
        Assert.StartsWith("amount must be positive and in whole minor units (was 0.00 EUR).", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pay(2, 1, -5m));
    }

    [Fact]
    public void StatusAsOf_TwoMissedInstallments_AccelerationFiresDayAfterSecondDueDate()
    {
        // Clause: 2 missed installments. Nothing paid: on 16 Mar two installments are overdue → the whole unpaid
        // principal (300.00) plus the fees of the two installments due before that day (2.00) fall due.
        var plan = TrackedPlan.Start(Schedule(), new AccelerationClause(2, null));
        Assert.Equal(PlanStatus.InArrears, plan.StatusAsOf(new LocalDate(2026, 3, 15)).Status);
        var report = plan.StatusAsOf(new LocalDate(2026, 3, 20));
        Assert.Equal(PlanStatus.Broken, report.Status);
        Assert.Equal(new AccelerationEvent(new LocalDate(2026, 3, 16), Money.Of(302m, "EUR"), AccelerationTrigger.MissedInstallments, 2), report.Acceleration);
    }

    [Fact]
    public void StatusAsOf_DaysOverdueClause_FiresOnDueDatePlusDays()
    {
        var plan = TrackedPlan.Start(Schedule(), new AccelerationClause(null, 30)).Apply(Pay(2, 20, 50m));
        var ev = plan.StatusAsOf(new LocalDate(2026, 5, 1)).Acceleration;
        // Installment 1 (due 15 Feb) still unpaid 30 days later, on 17 Mar 2026.
        Assert.Equal(new LocalDate(2026, 3, 17), ev!.Date);
        Assert.Equal(AccelerationTrigger.DaysOverdue, ev.Trigger);
        Assert.Equal(Money.Of(300m + 2m - 50m, "EUR"), ev.AmountDue);
    }

    [Fact]
    public void StatusAsOf_ArrearsCuredBeforeTrigger_NoAcceleration()
    {
        var plan = TrackedPlan.Start(Schedule(), new AccelerationClause(2, null)).Apply(Pay(3, 10, 101m));
        Assert.Null(plan.StatusAsOf(new LocalDate(2026, 3, 31)).Acceleration);
        Assert.Equal(PlanStatus.InArrears, plan.StatusAsOf(new LocalDate(2026, 3, 31)).Status);
    }

    [Fact]
    public void Reschedule_Outstanding_NewPlanForRemainingBalance()
    {
        var plan = TrackedPlan.Start(Schedule()).Apply(Pay(2, 15, 101m));
        var date = new LocalDate(2026, 3, 20);
        // Outstanding on 20 Mar: unpaid principal 200.00 + the unpaid fee of installment 2 (due 15 Mar) 1.00.
        Assert.Equal(Money.Of(201m, "EUR"), plan.OutstandingAsOf(date));
        var terms = new RestructuringTerms { InstallmentCount = 6, FirstDueDate = new LocalDate(2026, 4, 20) };
        var rescheduled = plan.Reschedule(date, terms).CreateSchedule(BuiltInCalendarProvider.Instance);
        Assert.Equal(Money.Of(201m, "EUR"), rescheduled.FinancedAmount);
        Assert.Equal(date, rescheduled.Definition.StartDate);
        Assert.Equal(6, rescheduled.Installments.Count);
    }

    [Fact]
    public void Reschedule_WithDownPayment_DueOnTheDateAndFinancesTheRest()
    {
        var plan = TrackedPlan.Start(Schedule()).Apply(Pay(2, 15, 101m));
        var date = new LocalDate(2026, 3, 20);
        // 201.00 outstanding (see above); 51.00 down on 20 Mar leaves 150.00 over 3 installments of 50.00.
        var terms = new RestructuringTerms
        {
            DownPayment = Money.Of(51m, "EUR"), InstallmentCount = 3, FirstDueDate = new LocalDate(2026, 4, 20), Method = AmortizationMethod.EqualParts,
        };
        var rescheduled = plan.Reschedule(date, terms).CreateSchedule(BuiltInCalendarProvider.Instance);
        Assert.Equal(Money.Of(150m, "EUR"), rescheduled.FinancedAmount);
        Assert.Equal(
            [(date, 51m), (new LocalDate(2026, 4, 20), 50m), (new LocalDate(2026, 5, 20), 50m), (new LocalDate(2026, 6, 20), 50m)],
            rescheduled.Installments.Select(r => (r.DueDate, r.Total.Amount)).ToArray());
    }

    public static class Arbitraries
    {
        public static Arbitrary<PaymentsCase> Cases() =>
            (from plan in InstallmentScheduleProperties.Arbitraries.Definitions()
             from count in Gen.Choose(1, 12)
             from fractions in Gen.ArrayOf(Gen.Choose(1, 1_000), count)
             from dayOffset in Gen.Choose(0, 400)
             select new PaymentsCase(plan, fractions, dayOffset)).ToArbitrary();
    }

    public sealed record PaymentsCase(InstallmentPlanDefinition Definition, int[] Pieces, int DayOffset)
    {
        public override string ToString() => $"{new InstallmentScheduleProperties.PlanCase(Definition)} pieces=[{string.Join(",", Pieces)}] day+{DayOffset}";
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_LumpOrPiecesSameDay_SameState(PaymentsCase c)
    {
        var schedule = c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        var u = schedule.Currency.MinorUnit;
        var day = c.Definition.StartDate.PlusDays(c.DayOffset);
        var pieces = c.Pieces.Select(p => new PlanPayment(day, Money.Of(p * 1_000 * u, schedule.Currency))).ToArray();
        var lump = new PlanPayment(day, Money.Of(pieces.Sum(p => p.Amount.Amount), schedule.Currency));
        var clause = new AccelerationClause(2, 60);
        var byPieces = TrackedPlan.Start(schedule, clause).Apply(pieces).StatusAsOf(day.PlusDays(10));
        var byLump = TrackedPlan.Start(schedule, clause).Apply(lump).StatusAsOf(day.PlusDays(10));
        Assert.Equal(byLump.Status, byPieces.Status);
        Assert.Equal(byLump.Installments, byPieces.Installments);
        Assert.Equal(byLump.Acceleration, byPieces.Acceleration);
        Assert.Equal(byLump.Unapplied, byPieces.Unapplied);
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_Always_NeverOverpaysAnInstallmentAndConservesMoney(PaymentsCase c)
    {
        var schedule = c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        var u = schedule.Currency.MinorUnit;
        var plan = TrackedPlan.Start(schedule);
        for (int i = 0; i < c.Pieces.Length; i++)
        {
            plan = plan.Apply(new PlanPayment(c.Definition.StartDate.PlusDays(c.DayOffset + (i * 20)), Money.Of(c.Pieces[i] * 5_000 * u, schedule.Currency)));
        }

        var report = plan.StatusAsOf(c.Definition.StartDate.PlusDays(c.DayOffset + 400));
        Assert.All(report.Installments, s =>
        {
            Assert.True(s.PaidFee <= s.Installment.Fee && s.PaidInterest <= s.Installment.Interest && s.PaidPrincipal <= s.Installment.Principal, s.ToString());
            Assert.False(s.Outstanding.IsNegative);
        });
        var allocated = report.Installments.Sum(s => s.Paid.Amount);
        Assert.Equal(plan.Allocated.Amount, allocated);
        Assert.Equal(plan.TotalPaid, plan.Allocated + plan.Unapplied);
        Assert.Equal(plan.Unapplied, report.Unapplied);
    }
}
