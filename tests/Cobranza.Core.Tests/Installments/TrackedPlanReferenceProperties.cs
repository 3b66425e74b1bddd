using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Tests.Installments.Reference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

/// <summary>
/// Pins <see cref="TrackedPlan.StatusAsOf"/> (cached row totals, merged acceleration candidates, running payment
/// sums, rows scanned only up to the candidate day) to <see cref="ReferencePlanStatus"/>, the straightforward
/// version it replaced: the same report, every amount bit for bit.
/// </summary>
public sealed class TrackedPlanReferenceProperties
{
    public sealed record Case(InstallmentPlanDefinition Definition, (int Day, int Units)[] Payments, int? Missed, int? DaysOverdue, int AsOfOffset)
    {
        public override string ToString()
            => $"{new InstallmentScheduleProperties.PlanCase(Definition)} payments=[{string.Join(",", Payments.Select(p => $"{p.Day}:{p.Units}"))}] clause=({Missed},{DaysOverdue}) asOf+{AsOfOffset}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() =>
            (from plan in InstallmentScheduleProperties.Arbitraries.Definitions()
             from count in Gen.Choose(0, 40)
             from days in Gen.ArrayOf(Gen.Choose(0, 1500), count)
             from units in Gen.ArrayOf(Gen.Choose(1, 200_000), count)
             from clause in Gen.Choose(0, 3)
             from missed in Gen.Choose(1, 4)
             from late in Gen.Choose(1, 120)
             from asOf in Gen.Choose(-10, 2500)
             select new Case(
                 plan,
                 days.Order().Zip(units, (d, u) => (d, u)).ToArray(),
                 clause is 1 or 3 ? missed : null,
                 clause is 2 or 3 ? late : null,
                 asOf)).ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void StatusAsOf_RandomPlansAndPayments_MatchesTheReferenceBitForBit(Case c)
    {
        var schedule = c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        var clause = c.Missed is null && c.DaysOverdue is null ? null : new AccelerationClause(c.Missed, c.DaysOverdue);
        var unit = schedule.Currency.MinorUnit;
        var plan = TrackedPlan.Start(schedule, clause)
            .Apply(c.Payments.Select(p => new PlanPayment(c.Definition.StartDate.PlusDays(p.Day), Money.Of(p.Units * unit, schedule.Currency))));
        LocalDate asOf = c.Definition.StartDate.PlusDays(c.AsOfOffset);

        AssertSame(new ReferencePlanStatus(plan).StatusAsOf(asOf), plan.StatusAsOf(asOf));
    }

    [Fact]
    public void StatusAsOf_BenchmarkShape_MatchesTheReference()
    {
        // The benchmark's case: 100 payments of 123.45 EUR every 10 days on a 36-month annuity, clause (3, 90).
        var schedule = new InstallmentPlanDefinition
        {
            Amount = Money.Of(36_000m, Currency.EUR),
            StartDate = new LocalDate(2026, 1, 15),
            FirstDueDate = new LocalDate(2026, 2, 15),
            InstallmentCount = 36,
            Interest = PlanInterest.Periodic(0.06m),
        }.CreateSchedule(BuiltInCalendarProvider.Instance);
        var plan = TrackedPlan.Start(schedule, new AccelerationClause(3, 90))
            .Apply(Enumerable.Range(0, 100).Select(i => new PlanPayment(new LocalDate(2026, 2, 1).PlusDays(i * 10), Money.Of(123.45m, Currency.EUR))));
        foreach (LocalDate asOf in new[] { new LocalDate(2026, 3, 1), new LocalDate(2027, 6, 30), new LocalDate(2028, 1, 1), new LocalDate(2031, 1, 1) })
        {
            AssertSame(new ReferencePlanStatus(plan).StatusAsOf(asOf), plan.StatusAsOf(asOf));
        }
    }

    private static void AssertSame(PlanStatusReport expected, PlanStatusReport actual)
    {
        Assert.Equal(expected.AsOf, actual.AsOf);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Acceleration, actual.Acceleration);
        if (expected.Acceleration is { } e)
        {
            Assert.Equal(decimal.GetBits(e.AmountDue.Amount), decimal.GetBits(actual.Acceleration!.AmountDue.Amount));
        }

        Assert.Equal(decimal.GetBits(expected.Outstanding.Amount), decimal.GetBits(actual.Outstanding.Amount));
        Assert.Equal(decimal.GetBits(expected.Unapplied.Amount), decimal.GetBits(actual.Unapplied.Amount));
        Assert.Equal(expected.Installments, actual.Installments);
        for (int i = 0; i < expected.Installments.Count; i++)
        {
            InstallmentState x = expected.Installments[i], y = actual.Installments[i];
            Assert.Equal(decimal.GetBits(x.PaidFee.Amount), decimal.GetBits(y.PaidFee.Amount));
            Assert.Equal(decimal.GetBits(x.PaidInterest.Amount), decimal.GetBits(y.PaidInterest.Amount));
            Assert.Equal(decimal.GetBits(x.PaidPrincipal.Amount), decimal.GetBits(y.PaidPrincipal.Amount));
        }
    }
}
