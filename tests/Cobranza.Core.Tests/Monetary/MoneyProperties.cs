using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cobranza.Core.Tests.Monetary;

public sealed class MoneyProperties
{
    /// <summary>An amount and ratios to allocate it over.</summary>
    public sealed record AllocationCase(Money Total, decimal[] Ratios)
    {
        public override string ToString() => $"{Total} over [{string.Join(", ", Ratios)}]";
    }

    /// <summary>Two amounts in one currency.</summary>
    public sealed record SameCurrencyPair(Money A, Money B);

    public static class Arbitraries
    {
        private static readonly Currency[] Currencies =
        [
            Currency.EUR, Currency.JPY, Currency.FromCode("KWD"), Currency.FromCode("CLF"),
            Currency.Custom("ETH", 0, 18, "Ether, 18 decimals"),
        ];

        // Whole minor units, from small amounts to ones far beyond 64 bits of minor units.
        private static Gen<decimal> Units() => Gen.OneOf(
            Gen.Choose(-100_000, 100_000).Select(i => (decimal)i),
            Gen.Two(Gen.Choose(int.MinValue, int.MaxValue)).Select(t => ((decimal)t.Item1 * int.MaxValue) + t.Item2),
            Gen.Three(Gen.Choose(0, int.MaxValue)).Select(t => (((decimal)t.Item1 * int.MaxValue) + t.Item2) * 1_000_000m + t.Item3));

        private static Gen<Money> Amount() =>
            from currency in Gen.Elements(Currencies)
            from units in Units()
            where Math.Abs(units) < 1e10m || currency.MinorUnits <= 4
            select Money.Of(units * currency.MinorUnit, currency);

        // Ratios: zeros, small integers, percentages with decimals and the occasional 28-digit fraction.
        private static Gen<decimal> Ratio() => Gen.Frequency(
            (2, Gen.Constant(0m)),
            (4, Gen.Choose(1, 10).Select(i => (decimal)i)),
            (4, Gen.Choose(0, 10_000).Select(i => i / 100m)),
            (1, Gen.Choose(1, 9).Select(i => i / 7m)));

        public static Arbitrary<AllocationCase> AllocationCases() =>
            (from total in Amount()
             from count in Gen.Choose(1, 160)
             from ratios in Gen.ArrayOf(Ratio(), count)
             where ratios.Any(r => r > 0m)
             select new AllocationCase(total, ratios)).ToArbitrary();

        public static Arbitrary<Money> Amounts() => Amount().ToArbitrary();

        public static Arbitrary<SameCurrencyPair> Pairs() =>
            (from currency in Gen.Elements(Currencies)
             from a in Units()
             from b in Units()
             select new SameCurrencyPair(Money.Of(a * currency.MinorUnit, currency), Money.Of(b * currency.MinorUnit, currency)))
            .ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_Always_PartsSumExactlyToTotal(AllocationCase c)
    {
        var parts = c.Total.Allocate(c.Ratios);
        Assert.Equal(c.Ratios.Length, parts.Length);
        Assert.Equal(c.Total.Amount, parts.Sum(p => p.Amount));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_Always_EachPartWithinOneMinorUnitOfExactShare(AllocationCase c)
    {
        var parts = c.Total.Allocate(c.Ratios);
        var total = new System.Numerics.BigInteger(c.Total.Amount / c.Total.Currency.MinorUnit);
        var scaled = c.Ratios.Select(ExactTimes1E28).ToArray();
        var sum = scaled.Aggregate(System.Numerics.BigInteger.Zero, (a, b) => a + b);
        for (int i = 0; i < parts.Length; i++)
        {
            // |part x sum - total x ratio| < sum, in minor units: strictly within one minor unit.
            var part = new System.Numerics.BigInteger(parts[i].Amount / c.Total.Currency.MinorUnit);
            var gap = System.Numerics.BigInteger.Abs((part * sum) - (total * scaled[i]));
            Assert.True(gap < sum, $"part {i} = {parts[i]} is a minor unit or more away from its share");
            if (c.Ratios[i] == 0m)
            {
                Assert.True(parts[i].IsZero);
            }
        }
    }

    /// <summary>The ratio times 10^28, exactly: every decimal has at most 28 decimals.</summary>
    private static System.Numerics.BigInteger ExactTimes1E28(decimal ratio)
    {
        int[] bits = decimal.GetBits(ratio);
        var mantissa = unchecked((new System.Numerics.BigInteger((uint)bits[2]) << 64)
                                 + (new System.Numerics.BigInteger((uint)bits[1]) << 32)
                                 + new System.Numerics.BigInteger((uint)bits[0]));
        return mantissa * System.Numerics.BigInteger.Pow(10, 28 - ratio.Scale);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_Always_PartsAreWholeMinorUnitsInTheSameCurrency(AllocationCase c)
        => Assert.All(c.Total.Allocate(c.Ratios), p =>
        {
            Assert.True(p.IsRoundedToMinorUnit);
            Assert.Equal(c.Total.Currency, p.Currency);
        });

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_Twice_GivesTheSameParts(AllocationCase c)
        => Assert.Equal(c.Total.Allocate(c.Ratios), c.Total.Allocate(c.Ratios));

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_NegatedTotal_GivesNegatedParts(AllocationCase c)
        => Assert.Equal(c.Total.Allocate(c.Ratios).Select(p => -p), (-c.Total).Allocate(c.Ratios));

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void Allocate_FastAndExactPaths_Agree(AllocationCase c)
    {
        var units = Math.Abs(c.Total.Amount / c.Total.Currency.MinorUnit);
        var exact = new Money[c.Ratios.Length];
        Money.AllocateExact(units, c.Ratios, c.Ratios.Max(r => r.Scale), c.Total.IsNegative, c.Total.Currency, exact);
        Assert.Equal(c.Total.Allocate(c.Ratios), exact);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Split_Always_PartsDifferByAtMostOneMinorUnitAndSumToTotal(Money total, PositiveInt n)
    {
        int count = (n.Get % 150) + 1;
        var parts = total.Split(count);
        Assert.Equal(total.Amount, parts.Sum(p => p.Amount));
        Assert.True(parts.Max(p => p.Amount) - parts.Min(p => p.Amount) <= total.Currency.MinorUnit);
        Assert.Equal(total.Allocate(Enumerable.Repeat(1m, count).ToArray()), parts);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void AddThenSubtract_SameCurrency_GivesBackTheFirstAmount(SameCurrencyPair pair)
        => Assert.Equal(pair.A, pair.A + pair.B - pair.B);

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Round_Twice_SameAsOnce(Money a, PositiveInt divisor)
    {
        var unrounded = a / divisor.Get;
        foreach (var mode in Enum.GetValues<MidpointRounding>())
        {
            var once = unrounded.Round(mode);
            Assert.Equal(once, once.Round(mode));
            Assert.True(once.IsRoundedToMinorUnit);
            Assert.True(Math.Abs(once.Amount - unrounded.Amount) <= a.Currency.MinorUnit);
        }
    }
}
