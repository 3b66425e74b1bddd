using System;
using System.Linq;

namespace Cobranza.Core.Tests.Monetary;

// Expected values follow the largest-remainder (Hamilton) method as specified in docs/money.md: floor each exact
// share to the minor unit, then give the leftover minor units to the largest remainders, earlier index first on ties.
public sealed class MoneyAllocationTests
{
    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static decimal[] Amounts(Money[] parts) => parts.Select(p => p.Amount).ToArray();

    [Fact]
    public void Allocate_547IntoThirds_GivesTheLeftoverCentToTheFirstPart()
    {
        // 547 cents / 3 = 182 r 1 each: one cent left over, all remainders tie, index 0 wins.
        Assert.Equal([1.83m, 1.82m, 1.82m], Amounts(Eur(5.47m).Allocate(1m, 1m, 1m)));
    }

    [Fact]
    public void Allocate_547ByThreeTimes3333Percent_NeverLosesACent()
    {
        // The known failure elsewhere: 3 x round(5.47 x 33.33 %) = 3 x 1.82 = 5.46. Here the ratios are relative.
        var parts = Eur(5.47m).Allocate(33.33m, 33.33m, 33.33m);
        Assert.Equal([1.83m, 1.82m, 1.82m], Amounts(parts));
        Assert.Equal(5.47m, parts.Sum(p => p.Amount));
    }

    [Fact]
    public void Allocate_UnequalRatios_GivesLeftoverToLargestRemainder()
    {
        // 100.00 EUR at 0.5/0.3/0.2 is exact: 50.00, 30.00, 20.00.
        Assert.Equal([50m, 30m, 20m], Amounts(Eur(100m).Allocate(0.5m, 0.3m, 0.2m)));

        // 0.05 EUR at 1:2:2 -> exact 1.0, 2.0, 2.0 cents.
        Assert.Equal([0.01m, 0.02m, 0.02m], Amounts(Eur(0.05m).Allocate(1m, 2m, 2m)));

        // 0.10 EUR at 1:1:1:3 -> 10 cents x (1,1,1,3)/6 = 1.666, 1.666, 1.666, 5.0: floors 1,1,1,5 (8), the two
        // leftover cents go to the equal largest remainders at indexes 0 and 1.
        Assert.Equal([0.02m, 0.02m, 0.01m, 0.05m], Amounts(Eur(0.10m).Allocate(1m, 1m, 1m, 3m)));

        // 1.00 EUR at 1:2 -> 33.33 and 66.66 cents: floors 33 + 66 = 99; remainders 1/3 and 2/3: index 1 wins.
        Assert.Equal([0.33m, 0.67m], Amounts(Eur(1m).Allocate(1m, 2m)));
    }

    [Fact]
    public void Allocate_NegativeTotal_IsTheNegationOfThePositiveAllocation()
    {
        Assert.Equal([-1.83m, -1.82m, -1.82m], Amounts(Eur(-5.47m).Allocate(1m, 1m, 1m)));
        Assert.Equal([-0.33m, -0.67m], Amounts(Eur(-1m).Allocate(1m, 2m)));
    }

    [Fact]
    public void Allocate_ZeroRatios_GetExactlyZero()
    {
        var parts = Eur(5.47m).Allocate(0m, 1m, 0m, 1m, 1m, 0m);
        Assert.Equal([0m, 1.83m, 0m, 1.82m, 1.82m, 0m], Amounts(parts));
        Assert.All(parts, p => Assert.Same(Currency.EUR, p.Currency));
    }

    [Theory]
    // A single ratio takes everything; ratio sums that are powers of two are the edge of the reciprocal division.
    [InlineData(new[] { 1.0 }, new[] { 5.47 })]
    [InlineData(new[] { 2.0, 2.0 }, new[] { 2.74, 2.73 })]
    [InlineData(new[] { 0.25, 0.25, 0.25, 0.25 }, new[] { 1.37, 1.37, 1.37, 1.36 })]
    public void Allocate_SimpleRatioSums_AreExact(double[] ratios, double[] expected)
        => Assert.Equal(expected.Select(e => (decimal)e), Amounts(Eur(5.47m).Allocate(ratios.Select(r => (decimal)r).ToArray())));

    [Fact]
    public void Allocate_ZeroTotal_GivesZeros()
        => Assert.Equal([0m, 0m], Amounts(Eur(0m).Allocate(1m, 3m)));

    [Fact]
    public void Allocate_Jpy_AllocatesWholeYen()
    {
        // JPY has 0 minor units (ISO 4217): 1000 yen at 1:1:1 -> 334, 333, 333.
        var parts = Money.Of(1000m, Currency.JPY).Allocate(1m, 1m, 1m);
        Assert.Equal([334m, 333m, 333m], Amounts(parts));
        Assert.All(parts, p => Assert.Equal(0, p.Amount.Scale));
    }

    [Fact]
    public void Allocate_Clf_AllocatesToFourDecimals()
    {
        // CLF (Unidad de Fomento) has 4 minor units (ISO 4217): 1.0000 CLF / 3 -> 0.3334, 0.3333, 0.3333.
        var parts = Money.Of(1m, "CLF").Allocate(1m, 1m, 1m);
        Assert.Equal([0.3334m, 0.3333m, 0.3333m], Amounts(parts));
        Assert.Equal("0.3334 CLF", parts[0].ToString());
    }

    [Fact]
    public void Allocate_PartsCarryTheMinorUnitScale()
        => Assert.Equal("2.00 EUR", Eur(4m).Allocate(1m, 1m)[0].ToString());

    [Fact]
    public void Allocate_RatioWithTwentyEightDecimals_IsExact()
    {
        // 1/3 as a decimal has 28 digits; the exact (BigInteger) path handles it.
        decimal third = 1m / 3m;
        Assert.Equal([1.83m, 1.82m, 1.82m], Amounts(Eur(5.47m).Allocate(third, third, third)));
    }

    [Fact]
    public void Allocate_HugeAmount_IsExact()
    {
        // 7.9e26 EUR is 7.9e28 cents: beyond 64 bits, handled exactly.
        var total = Eur(792_281_625_142_643_375_935_439_503.35m);
        var parts = total.Allocate(1m, 1m, 1m);
        Assert.Equal(total.Amount, parts.Sum(p => p.Amount));
        Assert.Equal([264_093_875_047_547_791_978_479_834.45m, 264_093_875_047_547_791_978_479_834.45m, 264_093_875_047_547_791_978_479_834.45m],
            Amounts(parts));
    }

    [Fact]
    public void Allocate_MoreThanFourBillionMinorUnits_IsExact()
    {
        // 50,000,000.01 EUR is 5,000,000,001 cents (above 2^32): 2,500,000,001 + 2,500,000,000.
        Assert.Equal([25_000_000.01m, 25_000_000.00m], Amounts(Eur(50_000_000.01m).Allocate(1m, 1m)));
    }

    [Fact]
    public void Allocate_ManyParts_UsesTheSameTieRule()
    {
        // 1.00 EUR into 130 equal parts: 100 cents / 130 = 0 r 100; the first 100 parts get one cent.
        var parts = Eur(1m).Allocate(Enumerable.Repeat(1m, 130).ToArray());
        Assert.All(parts.Take(100), p => Assert.Equal(0.01m, p.Amount));
        Assert.All(parts.Skip(100), p => Assert.Equal(0m, p.Amount));
    }

    [Fact]
    public void Allocate_SpanVariant_MatchesArrayVariant()
    {
        Span<Money> destination = new Money[4];
        Eur(10m).Allocate([1m, 2m, 3m, 4m], destination);
        Assert.Equal(Eur(10m).Allocate(1m, 2m, 3m, 4m), destination.ToArray());
    }

    [Fact]
    public void Allocate_SpanVariantWrongLength_ThrowsNamingDestinationAndLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => Eur(10m).Allocate([1m, 2m], new Money[3]));
        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("was length 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_NoRatios_ThrowsNamingRatios()
    {
        var ex = Assert.Throws<ArgumentException>(() => Eur(10m).Allocate());
        Assert.Equal("ratios", ex.ParamName);
        Assert.Contains("was empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_NegativeRatio_ThrowsNamingIndexAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Eur(10m).Allocate(1m, -0.5m, 2m));
        Assert.Equal("ratios", ex.ParamName);
        Assert.Equal(-0.5m, ex.ActualValue);
        Assert.Contains("ratios[1] must not be negative (was -0.5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_AllZeroRatios_ThrowsNamingRatiosAndValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => Eur(10m).Allocate(0m, 0.00m));
        Assert.Equal("ratios", ex.ParamName);
        Assert.Contains("all zero (was [0, 0.00])", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_AmountWithSubMinorDigits_ThrowsAskingToRound()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Eur(10.005m).Allocate(1m, 1m));
        Assert.Contains("10.005 EUR", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Round", ex.Message, StringComparison.Ordinal);

        // Trailing zeros beyond the minor unit are not extra decimals.
        Assert.Equal([5m, 5m], Amounts(Eur(10.0000m).Allocate(1m, 1m)));
    }

    [Fact]
    public void Allocate_AmountTooLargeInMinorUnits_ThrowsOverflowWithContext()
    {
        var ex = Assert.Throws<OverflowException>(() => Eur(decimal.MaxValue).Allocate(1m, 1m));
        Assert.Contains("79228162514264337593543950335 EUR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_547IntoThree_MatchesAllocate()
    {
        Assert.Equal([1.83m, 1.82m, 1.82m], Amounts(Eur(5.47m).Split(3)));
        Assert.Equal([-1.83m, -1.82m, -1.82m], Amounts(Eur(-5.47m).Split(3)));
        Assert.Equal([5.47m], Amounts(Eur(5.47m).Split(1)));
    }

    [Fact]
    public void Split_MorePartsThanUnits_GivesZerosAtTheEnd()
        => Assert.Equal([1m, 1m, 0m, 0m], Amounts(Money.Of(2m, Currency.CLP).Split(4)));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Split_NonPositiveParts_ThrowsNamingPartsAndValue(int parts)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Eur(10m).Split(parts));
        Assert.Equal("parts", ex.ParamName);
        Assert.Contains($"was {parts}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_AmountWithSubMinorDigits_ThrowsAskingToRound()
        => Assert.Throws<InvalidOperationException>(() => Money.Of(1.5m, Currency.JPY).Split(2));

    [Fact]
    public void AllocateExact_SameInputAsFastPath_GivesSameParts()
    {
        decimal[] ratios = [3m, 0m, 1.25m, 7m, 0.001m];
        var fast = Eur(123.45m).Allocate(ratios);
        var exact = new Money[ratios.Length];
        Money.AllocateExact(12345m, ratios, 3, negative: false, Currency.EUR, exact);
        Assert.Equal(fast, exact);
    }
}
