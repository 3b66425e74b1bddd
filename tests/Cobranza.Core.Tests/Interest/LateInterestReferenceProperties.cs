using System;
using System.Linq;
using Cobranza.Core.Interest;
using Cobranza.Core.Tests.Interest.Reference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using DC = Cobranza.Core.Calendars.DayCounts;

namespace Cobranza.Core.Tests.Interest;

/// <summary>
/// Pins the optimised accrual engine (integer shortcuts for exact decimal steps, drafted segments, day numbers)
/// to <see cref="ReferenceLateInterestCalculator"/>, the straightforward decimal engine it replaced: every figure
/// of the statement must be identical bit for bit (mantissa and scale), and failures must be the same exception
/// with the same message.
/// </summary>
public sealed class LateInterestReferenceProperties
{
    private static readonly Currency[] Currencies = [Currency.EUR, Currency.CLP, Currency.FromCode("KWD")];

    /// <summary>A random request, wide enough to reach every path: many segments (over 64 shares), every day count, compounding, grace, minimum.</summary>
    public sealed record Case(
        int CurrencyIndex,
        LocalDate Due,
        int Days,
        long OpeningUnits,
        (int Offset, long Units)[] Changes,
        (int Length, int RateBp, int Scale, bool Capped)[] Periods,
        int DayCountIndex,
        int Options,
        int GraceDays,
        long MinimumUnits)
    {
        public Currency Currency => Currencies[CurrencyIndex];

        public override string ToString()
            => $"{Currency.Code} due {Due} +{Days}d open {OpeningUnits} changes [{string.Join(", ", Changes.Select(c => $"{c.Offset}:{c.Units}"))}] periods [{string.Join(", ", Periods.Select(p => $"{p.Length}:{p.RateBp}e-{p.Scale}{(p.Capped ? "c" : string.Empty)}"))}] dc {DayCountIndex} options {Options} grace {GraceDays} min {MinimumUnits}";

        public LateInterestRequest Request()
        {
            Money Units(long units) => Money.Of(units / Pow10(Currency.MinorUnits), Currency);
            var periods = new RatePeriod[Periods.Length];
            LocalDate start = Due.PlusDays(-3);
            for (int i = 0; i < periods.Length; i++)
            {
                (int length, int rateBp, int scale, bool capped) = Periods[i];
                LocalDate? end = i == periods.Length - 1 ? null : start.PlusDays(length);
                decimal rate = rateBp / Pow10(scale);
                periods[i] = capped
                    ? new RatePeriod(start, end, rate, $"p{i}", capped: true, uncappedRate: rate + 0.01m)
                    : new RatePeriod(start, end, rate, $"p{i}");
                start = end ?? start;
            }

            var conventions = AccrualConventions.StatutoryDefault with
            {
                DayCount = DC.All[DayCountIndex % DC.All.Count],
                Quotation = (Options & 1) != 0 ? RateQuotation.EffectiveAnnual : RateQuotation.NominalAnnual,
                RoundingPoint = (Options & 2) != 0 ? InterestRoundingPoint.PerSegment : InterestRoundingPoint.Total,
                Compounding = ((Options >> 2) & 3) switch { 1 => CompoundingPeriod.Monthly, 2 => CompoundingPeriod.Quarterly, 3 => CompoundingPeriod.Annually, _ => CompoundingPeriod.None },
                Start = (Options & 16) != 0 ? AccrualStart.DueDate : AccrualStart.DayAfterDueDate,
                End = (Options & 32) != 0 ? AccrualEnd.PaymentDateExcluded : AccrualEnd.PaymentDateIncluded,
                Grace = (Options & 64) != 0 ? GraceRule.DeferAccrualStart : GraceRule.WaiveIfSettledWithinGrace,
                RoundingMode = (Options & 128) != 0 ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero,
                GraceDays = GraceDays,
                MinimumInterest = MinimumUnits > 0 ? Units(MinimumUnits) : null,
            };
            return new LateInterestRequest(Due, Due.PlusDays(Days), Units(OpeningUnits), RateSchedule.Create(periods))
            {
                BalanceChanges = Changes.Select(c => new BalanceChange(Due.PlusDays(c.Offset), Units(c.Units), "change")).ToArray(),
                Conventions = conventions,
            };
        }
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases()
        {
            Gen<(int, long)> change =
                from offset in Gen.Choose(0, 12_000)
                from units in Gen.OneOf(Gen.Choose(-2_000_000, 1_000_000), Gen.Choose(-200, 200))
                from big in Gen.Choose(0, 9)
                select (offset, big == 0 ? units * 1_000_000L : (long)units);
            Gen<(int, int, int, bool)> period =
                from length in Gen.Choose(1, 900)
                from rateBp in Gen.OneOf(Gen.Choose(0, 3000), Gen.Choose(0, 99_999_999))
                from capped in Gen.Choose(0, 5)
                select (length, rateBp, rateBp > 3000 ? 8 : 4, capped == 0);
            Gen<Case> gen =
                from currency in Gen.Choose(0, 2)
                from year in Gen.Choose(1990, 2040)
                from dayOfYear in Gen.Choose(1, 365)
                from days in Gen.OneOf(Gen.Choose(-10, 400), Gen.Choose(0, 12_000))
                from opening in Gen.OneOf(Gen.Choose(0, 100_000_000).Select(x => (long)x), Gen.Choose(-1000, 1000).Select(x => x * 1_000_000_000L))
                from changeCount in Gen.OneOf(Gen.Choose(0, 8), Gen.Choose(60, 150))
                from changes in Gen.ArrayOf(change, changeCount)
                from periodCount in Gen.OneOf(Gen.Choose(1, 4), Gen.Choose(15, 30))
                from periods in Gen.ArrayOf(period, periodCount)
                from dayCount in Gen.Choose(0, 15)
                from options in Gen.Choose(0, 255)
                from grace in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 60))
                from minimum in Gen.OneOf(Gen.Constant(0L), Gen.Choose(1, 100_000).Select(x => (long)x))
                select new Case(currency, new LocalDate(year, 1, 1).PlusDays(dayOfYear - 1), days, opening, changes, periods, dayCount, options, grace, minimum);
            return Arb.From(gen);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 400)]
    public void Calculate_RandomRequests_MatchTheReferenceEngineBitForBit(Case scenario)
    {
        LateInterestRequest request = scenario.Request();
        InterestStatement? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = ReferenceLateInterestCalculator.Calculate(request);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            expectedError = ex;
        }

        try
        {
            actual = LateInterestCalculator.Calculate(request);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            actualError = ex;
        }

        if (expectedError is not null)
        {
            Assert.NotNull(actualError);
            Assert.Equal(expectedError.GetType(), actualError.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            return;
        }

        Assert.Null(actualError);
        AssertIdentical(expected!, actual!);
    }

    [Fact]
    public void Calculate_BenchmarkShape_MatchesTheReferenceEngineBitForBit()
    {
        // The benchmark's request (100 changes, 20 rate periods, 121 segments), which takes the integer paths.
        var due = new LocalDate(1995, 1, 31);
        var periods = Enumerable.Range(0, 20)
            .Select(i => new RatePeriod(i == 0 ? due : due.PlusDays((i * 365 / 20) + 1), i == 19 ? null : due.PlusDays(((i + 1) * 365 / 20) + 1), 0.08m + (i * 0.001m), $"period {i}"))
            .ToArray();
        var request = new LateInterestRequest(due, due.PlusDays(365), Money.Of(100_000m, Currency.EUR), RateSchedule.Create(periods))
        {
            BalanceChanges = Enumerable.Range(0, 100)
                .Select(i => new BalanceChange(due.PlusDays((i * 365 / 100) + 2), Money.Of(i % 3 == 0 ? 250.5m : -90.25m, Currency.EUR), "change"))
                .ToArray(),
        };

        InterestStatement actual = LateInterestCalculator.Calculate(request);
        Assert.True(actual.Segments.Count > 64);
        AssertIdentical(ReferenceLateInterestCalculator.Calculate(request), actual);
    }

    private static void AssertIdentical(InterestStatement expected, InterestStatement actual)
    {
        AssertBits(expected.AccruedInterest, actual.AccruedInterest);
        AssertBits(expected.Interest, actual.Interest);
        AssertBits(expected.FeesTotal, actual.FeesTotal);
        AssertBits(expected.Total, actual.Total);
        Assert.Equal(expected.FirstAccruingDay, actual.FirstAccruingDay);
        Assert.Equal(expected.LastAccruingDay, actual.LastAccruingDay);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        for (int i = 0; i < expected.Segments.Count; i++)
        {
            InterestSegment e = expected.Segments[i], a = actual.Segments[i];
            Assert.Equal(e, a);
            Assert.Equal(decimal.GetBits(e.Numerator), decimal.GetBits(a.Numerator));
            Assert.Equal(e.Denominator, a.Denominator);
            Assert.Equal(decimal.GetBits(e.ExactAmount), decimal.GetBits(a.ExactAmount));
            AssertBits(e.Balance, a.Balance);
            AssertBits(e.Amount, a.Amount);
            Assert.Equal(decimal.GetBits(e.AnnualRate), decimal.GetBits(a.AnnualRate));
        }

        Assert.Equal(expected.Render(System.Globalization.CultureInfo.GetCultureInfo("en-GB")), actual.Render(System.Globalization.CultureInfo.GetCultureInfo("en-GB")));
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    private static void AssertBits(Money expected, Money actual)
    {
        Assert.Equal(expected.Currency, actual.Currency);
        Assert.Equal(decimal.GetBits(expected.Amount), decimal.GetBits(actual.Amount));
    }
}
