using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class RateProperties
{
    /// <summary>A resolution range inside the built-in coverage of the ECB table (2013-03-01 .. 2026-02-28).</summary>
    public sealed record Range(LocalDate First, LocalDate Last)
    {
        public override string ToString() => $"[{First:uuuu-MM-dd}, {Last:uuuu-MM-dd}]";
    }

    /// <summary>A range inside Colombia's gap-free months (2024-06 .. 2026-03 since the 2026-11-24 review; the generator stays within 2024-12 .. 2026-03) and an agreed EA rate.</summary>
    public sealed record ColombiaCase(LocalDate First, LocalDate Last, decimal Agreed)
    {
        public override string ToString() => $"[{First:uuuu-MM-dd}, {Last:uuuu-MM-dd}] agreed {Agreed}";
    }

    public static class Arbitraries
    {
        private static readonly LocalDate EcbCoveredUntil = new(2026, 2, 28);

        private static Gen<LocalDate> DateBetween(LocalDate from, int days) => Gen.Choose(0, days).Select(from.PlusDays);

        public static Arbitrary<Range> Ranges() => Arb.From(
            from first in DateBetween(new LocalDate(2013, 3, 1), 4_700)
            from length in Gen.Choose(0, 1_500)
            let last = first.PlusDays(length) > EcbCoveredUntil ? EcbCoveredUntil : first.PlusDays(length)
            select new Range(first, last));

        public static Arbitrary<ColombiaCase> ColombiaCases() => Arb.From(
            from first in DateBetween(new LocalDate(2024, 12, 1), 480)
            from length in Gen.Choose(0, 480)
            let last = first.PlusDays(length) > new LocalDate(2026, 3, 31) ? new LocalDate(2026, 3, 31) : first.PlusDays(length)
            from agreedBp in Gen.Choose(1_000, 4_000)
            select new ColombiaCase(first, last, agreedBp / 10_000m));

        public static Arbitrary<RateFixing> Fixings() => Arb.From(Gen.Elements(Enum.GetValues<RateFixing>()));

        public static Arbitrary<decimal> Shifts() => Arb.From(Gen.Choose(0, 500).Select(bp => bp / 10_000m));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Resolve_CappedColombia_NeverExceedsUsuryAndIsMinOfBoth(ColombiaCase c)
    {
        RateSchedule schedule = StatutoryPresets.Colombia(c.Agreed).Resolve(c.First, c.Last);
        foreach (RatePeriod period in schedule.Periods)
        {
            // Código de Comercio art. 884: never above 1.5 x the certified IBC of the month.
            decimal usury = 1.5m * ReferenceRateTables.ColombiaBankingCurrentRate.GetRate(period.Start).Rate;
            Assert.True(period.AnnualRate <= usury);
            Assert.Equal(Math.Min(c.Agreed, usury), period.AnnualRate);
            Assert.Equal(c.Agreed > usury, period.Capped);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Resolve_AnyFixing_PartitionsTheRangeExactly(Range range, RateFixing fixing)
    {
        RateSchedule schedule = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.08m, fixing).Resolve(range.First, range.Last);
        Assert.Equal(range.First, schedule.FirstDate);
        Assert.Equal(range.Last, schedule.LastDate);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150)]
    public void Resolve_TableRaised_NeverLowersAnyDaysRate(Range range, RateFixing fixing, decimal shift)
    {
        // Fixing is monotone in the table: raising every table value by `shift` raises every day's rate by exactly it.
        LateInterestRate rate = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.08m, fixing);
        RateSchedule baseline = rate.Resolve(range.First, range.Last);
        RateSchedule raised = rate.Resolve(range.First, range.Last, new ShiftedHost(shift));
        for (LocalDate day = range.First; day <= range.Last; day = day.PlusDays(17))
        {
            Assert.Equal(baseline.PeriodOn(day).AnnualRate + shift, raised.PeriodOn(day).AnnualRate);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Decide_RerunWithRecordedHistory_NeverAppliesTwice(decimal overdueShift)
    {
        LateFee[] fees = [LateFee.EuRecoveryCompensation(), LateFee.Percentage(0.05m, null, Money.Of(50m, Currency.EUR), MidpointRounding.ToEven, "P5", "c", "es", "en")];
        foreach (LateFee fee in fees)
        {
            Money overdue = Money.Of(1m + (overdueShift * 10_000m), Currency.EUR);
            FeeDecision first = fee.Decide("INV", overdue, [], Language.English);
            string[] history = first.IsApplied ? [first.Code] : [];
            Assert.True(first.IsApplied);
            Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(FeeOutcome.AlreadyApplied, fee.Decide("INV", overdue, history, Language.English).Outcome));
        }
    }

    /// <summary>The built-in ECB table with every value raised by a constant.</summary>
    private sealed class ShiftedHost(decimal shift) : IReferenceRateProvider
    {
        public bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
        {
            ReferenceRate original = ReferenceRateTables.Get(tableId).GetRate(date);
            rate = new ReferenceRate(original.Start, original.End, original.Rate + shift, original.Source, original.Verification);
            return true;
        }
    }
}
