using System;
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
/// Pins <see cref="TrackedPlan.StatusAsOf"/> (the fast path in whole minor units and day numbers, and the decimal
/// path it falls back to) to <see cref="ReferencePlanStatus"/>, the straightforward version it replaced: the same
/// report, every amount bit for bit (scale and sign of zero included). The payments vary in scale (12.3 EUR as
/// 12.3, 12.30 or 12.300), so results' scales depend on which operand a step took; some are so large, or have so
/// many decimals, that the total leaves the fast path's bound (the decimal path takes over, from that payment on
/// for the running total).
/// </summary>
public sealed class TrackedPlanReferenceProperties
{
    /// <summary>A payment: day offset, minor units, and its decimal form (0: the currency's scale; 1, 3: that many more decimals; 2: as few as the value needs; 4: 2^58 units; 5: 10^8 units with 10 more decimals).</summary>
    public sealed record Pay(int Day, long Units, int Form);

    public sealed record Case(InstallmentPlanDefinition Definition, Pay[] Payments, int? Missed, int? DaysOverdue, int AsOfOffset, bool OneByOne)
    {
        public override string ToString()
            => $"{new InstallmentScheduleProperties.PlanCase(Definition)} payments=[{string.Join(",", Payments.Select(p => $"{p.Day}:{p.Units}/{p.Form}"))}] clause=({Missed},{DaysOverdue}) asOf+{AsOfOffset} oneByOne={OneByOne}";
    }

    public static class Arbitraries
    {
        private static readonly Gen<int> Forms = Gen.Frequency((10, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3)));

        // One case in eight may also have payments beyond the fast path's bound (forms 4 and 5).
        private static readonly Gen<int> AnyForm = Gen.Frequency((30, Forms), (1, Gen.Constant(4)), (1, Gen.Constant(5)));

        public static Arbitrary<Case> Cases() =>
            (from plan in InstallmentScheduleProperties.Arbitraries.Definitions()
             from count in Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 40)), (1, Gen.Choose(41, 120)))
             from days in Gen.ArrayOf(Gen.Choose(0, 1500), count)
             from units in Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(1, 200_000)), (2, Gen.Choose(1, 2_000).Select(u => u * 100)), (1, Gen.Choose(1, 5_000_000))), count)
             from outOfRange in Gen.Frequency((7, Gen.Constant(false)), (1, Gen.Constant(true)))
             from forms in Gen.ArrayOf(outOfRange ? AnyForm : Forms, count)
             from clause in Gen.Choose(0, 3)
             from missed in Gen.Choose(1, 4)
             from late in Gen.Choose(1, 120)
             from asOf in Gen.Frequency((1, Gen.Choose(-10, 60)), (4, Gen.Choose(-10, 2500)))
             from oneByOne in Gen.Elements(true, false)
             select new Case(
                 plan,
                 days.Order().Select((d, i) => new Pay(d, units[i], forms[i])).ToArray(),
                 clause is 1 or 3 ? missed : null,
                 clause is 2 or 3 ? late : null,
                 asOf,
                 oneByOne)).ToArbitrary();
    }

    internal static decimal Amount(Pay p, Currency currency)
    {
        int minorUnits = currency.MinorUnits;
        decimal exact = p.Units * currency.MinorUnit;
        return p.Form switch
        {
            1 => exact * 1.0m,
            2 => exact / 1.000000000000000000000000000m, // decimal division gives the smallest scale that is exact
            3 => exact * 1.000m,
            4 => (1L << 58) * currency.MinorUnit,
            5 => 100_000_000 * currency.MinorUnit * 1.0000000000m,
            _ => exact,
        };
    }

    internal static TrackedPlan Track(Case c, out LocalDate asOf)
    {
        var schedule = c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        var clause = c.Missed is null && c.DaysOverdue is null ? null : new AccelerationClause(c.Missed, c.DaysOverdue);
        var payments = c.Payments.Select(p => new PlanPayment(c.Definition.StartDate.PlusDays(p.Day), Money.Of(Amount(p, schedule.Currency), schedule.Currency))).ToArray();
        var plan = TrackedPlan.Start(schedule, clause);
        if (c.OneByOne)
        {
            foreach (var payment in payments)
            {
                plan = plan.Apply(payment);
            }
        }
        else
        {
            plan = plan.Apply(payments);
        }

        asOf = c.Definition.StartDate.PlusDays(c.AsOfOffset);
        return plan;
    }

    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void StatusAsOf_RandomPlansAndPayments_MatchesTheReferenceBitForBit(Case c)
    {
        var plan = Track(c, out LocalDate asOf);
        var reference = new ReferencePlanStatus(plan);

        AssertSame(reference.StatusAsOf(asOf), plan.StatusAsOf(asOf));
        Assert.Equal(Bits(reference.TotalPaid), Bits(plan.TotalPaid.Amount));
        Assert.Equal(Bits(reference.OutstandingAsOf(asOf)), Bits(plan.OutstandingAsOf(asOf).Amount));
    }

    [Fact]
    public void Amount_Forms_HaveTheIntendedScales()
    {
        // The generator's forms: the same 12.30 EUR as 12.30, 12.300, 12.3 and 12.30000; and the two out-of-range forms.
        var eur = Currency.EUR;
        Assert.Equal(2, Amount(new Pay(0, 1230, 0), eur).Scale);
        Assert.Equal(3, Amount(new Pay(0, 1230, 1), eur).Scale);
        Assert.Equal(1, Amount(new Pay(0, 1230, 2), eur).Scale);
        Assert.Equal(5, Amount(new Pay(0, 1230, 3), eur).Scale);
        Assert.Equal((1L << 58) / 100m, Amount(new Pay(0, 1, 4), eur));
        Assert.Equal(12, Amount(new Pay(0, 1, 5), eur).Scale);
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

    private static int[] Bits(decimal d) => decimal.GetBits(d);

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
