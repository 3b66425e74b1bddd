using System;
using System.Linq;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using DC = Cobranza.Core.Calendars.DayCounts;

namespace Cobranza.Core.Tests.Interest;

public sealed class LateInterestProperties
{
    /// <summary>Accrue is exact or rounded once to 28 digits per segment, so splitting a segment moves the exact sum by far less than this.</summary>
    private const decimal Tolerance = 1e-18m;

    /// <summary>A random receivable: due date, horizon, opening balance, balance changes and rate periods.</summary>
    public sealed record Scenario(LocalDate Due, int Days, decimal Opening, (int Offset, decimal Amount)[] Changes, (int Length, decimal Rate)[] Periods, int ConventionIndex)
    {
        public LocalDate Until => Due.PlusDays(Days);

        public RateSchedule Schedule(decimal scale = 1m)
        {
            var periods = new RatePeriod[Periods.Length];
            LocalDate start = Due.PlusDays(-1);
            for (int i = 0; i < periods.Length; i++)
            {
                LocalDate? end = i == periods.Length - 1 ? null : start.PlusDays(Periods[i].Length);
                periods[i] = new RatePeriod(start, end, Periods[i].Rate * scale, $"p{i}");
                start = end ?? start;
            }

            return RateSchedule.Create(periods);
        }

        public AccrualConventions Conventions => ConventionIndex switch
        {
            0 => AccrualConventions.StatutoryDefault,
            1 => AccrualConventions.StatutoryDefault with { Start = AccrualStart.DueDate, End = AccrualEnd.PaymentDateExcluded, DayCount = DC.Actual360 },
            2 => AccrualConventions.StatutoryDefault with { DayCount = DC.ActualActualIsda, RoundingPoint = InterestRoundingPoint.PerSegment },
            _ => AccrualConventions.StatutoryDefault with { Quotation = RateQuotation.EffectiveAnnual },
        };

        public LateInterestRequest Request(decimal rateScale = 1m, decimal? opening = null, int? days = null)
            => new(Due, Due.PlusDays(days ?? Days), Money.Of(opening ?? Opening, Currency.EUR), Schedule(rateScale))
            {
                BalanceChanges = Changes.Select(c => new BalanceChange(Due.PlusDays(c.Offset), Money.Of(c.Amount, Currency.EUR), "change")).ToArray(),
                Conventions = Conventions,
            };
    }

    public static class Arbitraries
    {
        public static Arbitrary<Scenario> Scenarios()
        {
            Gen<decimal> cents = Gen.Choose(0, 10_000_000).Select(c => c / 100m);
            Gen<(int, decimal)> change =
                from offset in Gen.Choose(0, 4000)
                from amount in Gen.Choose(-5_000_000, 2_000_000)
                select (offset, amount / 100m);
            Gen<(int, decimal)> period =
                from length in Gen.Choose(1, 400)
                from bp in Gen.Choose(0, 3000)
                select (length, bp / 10_000m);
            Gen<Scenario> gen =
                from year in Gen.Choose(1999, 2030)
                from dayOfYear in Gen.Choose(1, 365)
                from days in Gen.Choose(-30, 4000)
                from opening in cents
                from changeCount in Gen.Choose(0, 8)
                from changes in Gen.ArrayOf(change, changeCount)
                from periodCount in Gen.Choose(1, 6)
                from periods in Gen.ArrayOf(period, periodCount)
                from convention in Gen.Choose(0, 3)
                select new Scenario(new LocalDate(year, 1, 1).PlusDays(dayOfYear - 1), days, opening, changes, periods, convention);
            return Arb.From(gen);
        }
    }

    private static InterestStatement Run(LateInterestRequest request) => LateInterestCalculator.Calculate(request);

    private static decimal Exact(InterestStatement s) => s.Segments.Sum(x => x.ExactAmount);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_ZeroRate_IsZero(Scenario scenario)
    {
        InterestStatement statement = Run(scenario.Request(rateScale: 0m));
        Assert.Equal(0m, statement.AccruedInterest.Amount);
        Assert.All(statement.Segments, s => Assert.Equal(0m, s.ExactAmount));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_HigherRate_NeverLess(Scenario scenario)
    {
        InterestStatement low = Run(scenario.Request(rateScale: 0.5m));
        InterestStatement high = Run(scenario.Request(rateScale: 1m));
        Assert.True(Exact(low) <= Exact(high));
        Assert.True(low.AccruedInterest <= high.AccruedInterest);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_HigherBalance_NeverLess(Scenario scenario)
    {
        InterestStatement low = Run(scenario.Request());
        InterestStatement high = Run(scenario.Request(opening: scenario.Opening + 1000m));
        Assert.True(Exact(low) <= Exact(high));
        Assert.True(low.AccruedInterest <= high.AccruedInterest);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_LaterEnd_NeverLess(Scenario scenario)
    {
        InterestStatement shorter = Run(scenario.Request());
        InterestStatement longer = Run(scenario.Request(days: scenario.Days + 17));
        Assert.True(Exact(shorter) <= Exact(longer));
        Assert.True(shorter.AccruedInterest <= longer.AccruedInterest);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_SplitAtAnyDay_ExactInterestIsAdditive(Scenario scenario, PositiveInt splitOffset)
    {
        // accrue(a, c) = accrue(a, b) + accrue(b, c) before rounding: a zero change at b only cuts a segment.
        LateInterestRequest whole = scenario.Request();
        var split = whole with { BalanceChanges = [.. whole.BalanceChanges, new BalanceChange(scenario.Due.PlusDays(splitOffset.Get % 4000), Money.Of(0m, Currency.EUR), "split")] };
        decimal a = Exact(Run(whole)), b = Exact(Run(split));
        Assert.True(Math.Abs(a - b) <= Tolerance, $"{a} vs {b}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Calculate_EarlierPayment_NeverIncreasesInterest(Scenario scenario, PositiveInt early, PositiveInt delay, PositiveInt cents)
    {
        LateInterestRequest baseline = scenario.Request();
        var payment = Money.Of(-(cents.Get % 10_000_000) / 100m, Currency.EUR);
        LocalDate earlyDate = scenario.Due.PlusDays(early.Get % 4000);
        InterestStatement sooner = Run(baseline with { BalanceChanges = [.. baseline.BalanceChanges, new BalanceChange(earlyDate, payment, "pay")] });
        InterestStatement later = Run(baseline with { BalanceChanges = [.. baseline.BalanceChanges, new BalanceChange(earlyDate.PlusDays(delay.Get % 500), payment, "pay")] });
        Assert.True(Exact(sooner) <= Exact(later) + Tolerance, $"{Exact(sooner)} vs {Exact(later)}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150)]
    public void Calculate_Compound_NeverLessThanSimple(Scenario scenario)
    {
        LateInterestRequest simple = scenario.Request();
        foreach (CompoundingPeriod period in new[] { CompoundingPeriod.Monthly, CompoundingPeriod.Quarterly, CompoundingPeriod.Annually })
        {
            var compound = simple with { Conventions = simple.Conventions with { Compounding = period } };
            Assert.True(Exact(Run(simple)) <= Exact(Run(compound)) + Tolerance);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public void Calculate_Segments_PartitionTheAccrualPeriodAndAddUp(Scenario scenario)
    {
        InterestStatement statement = Run(scenario.Request());
        if (statement.Segments.Count == 0)
        {
            Assert.Null(statement.FirstAccruingDay);
            Assert.Equal(0m, statement.AccruedInterest.Amount);
            return;
        }

        Assert.Equal(statement.FirstAccruingDay, statement.Segments[0].Start);
        Assert.Equal(statement.LastAccruingDay, statement.Segments[^1].LastDay);
        for (int i = 1; i < statement.Segments.Count; i++)
        {
            Assert.Equal(statement.Segments[i - 1].End, statement.Segments[i].Start);
            Assert.True(statement.Segments[i].Start < statement.Segments[i].End);
        }

        int totalDays = Period.Between(statement.FirstAccruingDay!.Value, statement.LastAccruingDay!.Value.PlusDays(1), PeriodUnits.Days).Days;
        Assert.Equal(totalDays, statement.Segments.Sum(s => s.Days));
        Assert.Equal(statement.AccruedInterest, statement.Segments.Select(s => s.Amount).Aggregate((x, y) => x + y));
        Assert.All(statement.Segments, s => Assert.True(s.Amount.IsRoundedToMinorUnit && !s.Amount.IsNegative));
    }
}
