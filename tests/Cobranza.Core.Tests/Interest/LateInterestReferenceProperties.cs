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

    /// <summary>
    /// A random request, wide enough to reach every path: many segments (over 64 shares), every day count,
    /// compounding, grace, minimum; and the boundaries of the integer shortcuts: opening balances shifted by up to
    /// 10^18 (mantissas beyond 64 and 96 bits, totals beyond 2^64 minor units, overflow), rates with up to 28
    /// decimals (mantissas beyond 64 bits, scales whose sum with the balance's exceeds 28, ratios rounded by more
    /// than 19 digits).
    /// </summary>
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
        long MinimumUnits,
        int OpeningShift = 0,
        int RateDigits = 0)
    {
        public Currency Currency => Currencies[CurrencyIndex];

        public override string ToString()
            => $"{Currency.Code} due {Due} +{Days}d open {OpeningUnits} changes [{string.Join(", ", Changes.Select(c => $"{c.Offset}:{c.Units}"))}] periods [{string.Join(", ", Periods.Select(p => $"{p.Length}:{p.RateBp}e-{p.Scale}{(p.Capped ? "c" : string.Empty)}"))}] dc {DayCountIndex} options {Options} grace {GraceDays} min {MinimumUnits} shift {OpeningShift} digits {RateDigits}";

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
                if (RateDigits > 0)
                {
                    // Many decimals: 0.0000…0(i+1) at the 28th decimal at most; the rate stays below 10.
                    rate += (i + 1) / Pow10(RateDigits);
                }

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
            // Shifted by up to 10^OpeningShift, stopping before decimal's range ends (about 7.9e28).
            decimal opening = Units(OpeningUnits).Amount;
            for (int k = 0; k < OpeningShift && Math.Abs(opening) < 7e27m; k++)
            {
                opening *= 10m;
            }

            return new LateInterestRequest(Due, Due.PlusDays(Days), Money.Of(opening, Currency), RateSchedule.Create(periods))
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
                from shift in Gen.OneOf(Gen.Constant(0), Gen.Constant(0), Gen.Choose(1, 18))
                from digits in Gen.OneOf(Gen.Constant(0), Gen.Constant(0), Gen.Choose(5, 28))
                select new Case(currency, new LocalDate(year, 1, 1).PlusDays(dayOfYear - 1), days, opening, changes, periods, dayCount, options, grace, minimum, shift, digits);
            return Arb.From(gen);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 600)]
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

        InterestTotals? totals = null;
        Exception? totalsError = null;
        try
        {
            totals = LateInterestCalculator.CalculateTotals(request);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            totalsError = ex;
        }

        if (expectedError is not null)
        {
            foreach (Exception? error in new[] { actualError, totalsError })
            {
                Assert.NotNull(error);
                Assert.Equal(expectedError.GetType(), error.GetType());
                Assert.Equal(expectedError.Message, error.Message);
            }

            return;
        }

        Assert.Null(actualError);
        Assert.Null(totalsError);
        AssertIdentical(expected!, actual!);
        AssertIdenticalTotals(expected!, totals!.Value);
    }

    /// <summary>
    /// The same random requests with the conventions that the totals-only accrual computes itself (nominal rates,
    /// Actual/360 or Actual/365 Fixed, simple interest, rounding of the total), so that every case exercises it
    /// rather than its fallback to the statement.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 400)]
    public void CalculateTotals_RandomRequestsOnItsOwnPath_MatchTheReferenceEngineBitForBit(Case scenario)
    {
        // Options: clear bits 0-3 (effective rates, per-segment rounding, compounding); day counts 0 and 1 of DayCounts.All.
        LateInterestRequest request = (scenario with { Options = scenario.Options & ~15, DayCountIndex = scenario.DayCountIndex & 1 }).Request();
        InterestStatement? expected = null;
        Exception? expectedError = null;
        try
        {
            expected = ReferenceLateInterestCalculator.Calculate(request);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            expectedError = ex;
        }

        if (expectedError is not null)
        {
            Exception error = Assert.ThrowsAny<Exception>(() => LateInterestCalculator.CalculateTotals(request));
            Assert.Equal(expectedError.GetType(), error.GetType());
            Assert.Equal(expectedError.Message, error.Message);
            return;
        }

        AssertIdenticalTotals(expected!, LateInterestCalculator.CalculateTotals(request));
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
        InterestStatement expected = ReferenceLateInterestCalculator.Calculate(request);
        AssertIdentical(expected, actual);
        AssertIdenticalTotals(expected, LateInterestCalculator.CalculateTotals(request));
    }

    /// <summary>
    /// Requests at the edges of the integer shortcuts, each on both sides: the balance's mantissa at 2^64 − 1 and
    /// 2^64 (64-bit product or decimal path), balance × rate at about 2^96 (exact product or decimal rounding),
    /// rate and balance scales adding up to 28 and 29, and totals beyond 2^64 minor units (integer or decimal
    /// allocation). Over many segments (changes every 10 days, rates every 40) and both rounding points.
    /// </summary>
    [Theory]
    [InlineData("184467440737095516.15", "0.08", false)] // mantissa 2^64 - 1: integer product
    [InlineData("184467440737095516.16", "0.08", false)] // mantissa 2^64: decimal path
    [InlineData("184467440737095516.16", "0.08", true)]
    [InlineData("792281625142.64337593543950335", "0.1", false)] // 2^96 - 1 at scale 17: balance x rate beyond 96 bits
    [InlineData("7922816251426433759354.3950335", "0.000001", false)] // about 2^96 / 10 at scale 7, rate 1e-6
    [InlineData("1000.12", "0.05000000000000000000000001", false)] // scales 2 + 26 = 28: integer product, ratio rounded by 23 digits
    [InlineData("1000.123", "0.05000000000000000000000001", false)] // scales 3 + 26 = 29: decimal path
    [InlineData("1000.123", "0.05000000000000000000000001", true)]
    [InlineData("90000000000000000000000", "0.12", false)] // total beyond 2^64 minor units: decimal allocation
    [InlineData("70000000000000000000000000", "9.5", false)] // the interest itself leaves decimal's range: same OverflowException
    public void Calculate_AtTheIntegerShortcutBoundaries_MatchesTheReferenceEngineBitForBit(string opening, string rate, bool perSegment)
    {
        var due = new LocalDate(2020, 1, 31);
        var periods = Enumerable.Range(0, 10)
            .Select(i => new RatePeriod(i == 0 ? due : due.PlusDays(i * 40), i == 9 ? null : due.PlusDays((i + 1) * 40), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) + (i * 0.01m), $"p{i}"))
            .ToArray();
        var request = new LateInterestRequest(due, due.PlusDays(400), Money.Of(decimal.Parse(opening, System.Globalization.CultureInfo.InvariantCulture), Currency.EUR), RateSchedule.Create(periods))
        {
            BalanceChanges = Enumerable.Range(1, 30).Select(i => new BalanceChange(due.PlusDays(i * 10), Money.Of(i % 2 == 0 ? 10.5m : -3.25m, Currency.EUR), "change")).ToArray(),
            Conventions = AccrualConventions.StatutoryDefault with { RoundingPoint = perSegment ? InterestRoundingPoint.PerSegment : InterestRoundingPoint.Total },
        };

        InterestStatement? expected = null;
        Exception? expectedError = null;
        try
        {
            expected = ReferenceLateInterestCalculator.Calculate(request);
        }
        catch (OverflowException ex)
        {
            expectedError = ex;
        }

        if (expectedError is not null)
        {
            OverflowException actualError = Assert.Throws<OverflowException>(() => LateInterestCalculator.Calculate(request));
            Assert.Equal(expectedError.Message, actualError.Message);
            OverflowException totalsError = Assert.Throws<OverflowException>(() => LateInterestCalculator.CalculateTotals(request));
            Assert.Equal(expectedError.Message, totalsError.Message);
            return;
        }

        AssertIdentical(expected!, LateInterestCalculator.Calculate(request));
        AssertIdenticalTotals(expected!, LateInterestCalculator.CalculateTotals(request));
    }

    /// <summary>The totals-only accrual gives the statement's figures bit for bit, and the statement's own Totals too.</summary>
    private static void AssertIdenticalTotals(InterestStatement expected, InterestTotals actual)
    {
        foreach (InterestTotals totals in new[] { actual, expected.Totals })
        {
            Assert.Equal(expected.Currency, totals.Currency);
            AssertBits(expected.AccruedInterest, totals.AccruedInterest);
            AssertBits(expected.Interest, totals.Interest);
            AssertBits(expected.FeesTotal, totals.FeesTotal);
            AssertBits(expected.Total, totals.Total);
            Assert.Equal(expected.FirstAccruingDay, totals.FirstAccruingDay);
            Assert.Equal(expected.LastAccruingDay, totals.LastAccruingDay);
        }
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
