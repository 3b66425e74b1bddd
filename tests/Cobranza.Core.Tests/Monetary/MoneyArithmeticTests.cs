using System;

namespace Cobranza.Core.Tests.Monetary;

public sealed class MoneyArithmeticTests
{
    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static Money Usd(decimal amount) => Money.Of(amount, Currency.USD);

    [Fact]
    public void Operators_SameCurrency_ComputeExactly()
    {
        Assert.Equal(Eur(0.3m), Eur(0.1m) + Eur(0.2m)); // exact in decimal, unlike double
        Assert.Equal(Eur(-0.1m), Eur(0.1m) - Eur(0.2m));
        Assert.Equal(Eur(-5m), -Eur(5m));
        Assert.Equal(Eur(3.75m), Eur(2.5m) * 1.5m);
        Assert.Equal(Eur(3.75m), 1.5m * Eur(2.5m));
        Assert.Equal(Eur(1.25m), Eur(2.5m) / 2m);
        Assert.Equal(Eur(0.3m), Eur(0.1m).Add(Eur(0.2m)));
        Assert.Equal(Eur(-0.1m), Eur(0.1m).Subtract(Eur(0.2m)));
        Assert.Equal(Eur(-1m), Eur(1m).Negate());
        Assert.Equal(Eur(2m), Eur(1m).Multiply(2m));
        Assert.Equal(Eur(0.5m), Eur(1m).Divide(2m));
    }

    [Fact]
    public void Divide_NonTerminating_KeepsFullPrecisionWithoutRoundingToCents()
    {
        var third = Eur(10m) / 3m;
        Assert.Equal(3.3333333333333333333333333333m, third.Amount);
        Assert.False(third.IsRoundedToMinorUnit);
        Assert.Equal(Eur(3.33m), third.Round(MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Multiply_ResultWithSubCentDigits_IsNotRounded()
    {
        // 0.125 EUR is kept: nothing rounds until Round is called.
        Assert.Equal(0.125m, (Eur(0.25m) * 0.5m).Amount);
    }

    [Fact]
    public void Zero_AndSignTests_Work()
    {
        var zero = Money.Zero(Currency.JPY);
        Assert.True(zero.IsZero);
        Assert.False(zero.IsPositive);
        Assert.False(zero.IsNegative);
        Assert.Equal(0, zero.Sign);
        Assert.True(Eur(0.01m).IsPositive);
        Assert.Equal(1, Eur(0.01m).Sign);
        Assert.True(Eur(-0.01m).IsNegative);
        Assert.Equal(-1, Eur(-0.01m).Sign);
        Assert.Equal(Eur(7m), Eur(-7m).Abs());
        Assert.Equal(Eur(7m), Eur(7m).Abs());
    }

    [Fact]
    public void Equality_DifferentScaleSameValue_IsEqualWithSameHash()
    {
        Assert.True(Eur(1.5m) == Eur(1.50m));
        Assert.Equal(Eur(1.5m).GetHashCode(), Eur(1.50m).GetHashCode());
        Assert.True(Eur(1.5m).Equals((object)Eur(1.50m)));
    }

    [Fact]
    public void Equality_DifferentCurrencies_IsFalseWithoutThrowing()
    {
        Assert.False(Eur(1m) == Usd(1m));
        Assert.True(Eur(1m) != Usd(1m));
        Assert.False(Eur(1m).Equals(Money.Of(1m, Currency.Custom("EUR", 978, 0, "Euro sin céntimos"))));
    }

    [Fact]
    public void Comparisons_SameCurrency_OrderByAmount()
    {
        Assert.True(Eur(1m) < Eur(2m));
        Assert.True(Eur(2m) <= Eur(2.00m));
        Assert.True(Eur(3m) > Eur(2m));
        Assert.True(Eur(2m) >= Eur(2m));
        Assert.Equal(Eur(1m), Money.Min(Eur(1m), Eur(2m)));
        Assert.Equal(Eur(2m), Money.Max(Eur(1m), Eur(2m)));
        Assert.True(Eur(1m).CompareTo((object?)null) > 0);
    }

    [Fact]
    public void Add_DifferentCurrencies_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => Eur(1m) + Usd(2m));
        Assert.Equal("other", ex.ParamName);
        Assert.Contains("1 EUR", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 USD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_DifferentCurrencies_AllThrow()
    {
        Assert.Throws<ArgumentException>(() => Eur(1m) - Usd(1m));
        Assert.Throws<ArgumentException>(() => Eur(1m) < Usd(1m));
        Assert.Throws<ArgumentException>(() => Eur(1m) <= Usd(1m));
        Assert.Throws<ArgumentException>(() => Eur(1m) > Usd(1m));
        Assert.Throws<ArgumentException>(() => Eur(1m) >= Usd(1m));
        Assert.Throws<ArgumentException>(() => Money.Min(Eur(1m), Usd(1m)));
        Assert.Throws<ArgumentException>(() => Money.Max(Eur(1m), Usd(1m)));
        Assert.Throws<ArgumentException>(() => Eur(1m).CompareTo((object)"1 EUR"));
    }

    [Fact]
    public void Add_SameCodeDifferentMinorUnits_ThrowsNamingMinorUnits()
    {
        var cop0 = Currency.Custom("COP", 170, 0, "Peso sin centavos");
        var ex = Assert.Throws<ArgumentException>(() => Money.Of(1m, Currency.COP) + Money.Of(1m, cop0));
        Assert.Contains("COP with 2 minor units", ex.Message, StringComparison.Ordinal);
        Assert.Contains("COP with 0 minor units", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Divide_ByZero_ThrowsNamingDivisorAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Eur(10m) / 0m);
        Assert.Equal("divisor", ex.ParamName);
        Assert.Equal(0m, ex.ActualValue);
        Assert.Contains("was 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10 EUR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_BeyondDecimalRange_ThrowsOverflowWithContext()
    {
        var ex = Assert.Throws<OverflowException>(() => Eur(decimal.MaxValue) + Eur(1m));
        Assert.Contains("79228162514264337593543950335 EUR + 1 EUR", ex.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(ex.InnerException);
        Assert.Throws<OverflowException>(() => Eur(decimal.MinValue) - Eur(1m));
    }

    [Fact]
    public void Multiply_BeyondDecimalRange_ThrowsOverflowWithContext()
    {
        var ex = Assert.Throws<OverflowException>(() => Eur(decimal.MaxValue) * 2m);
        Assert.Contains("* 2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OverflowException>(() => Eur(decimal.MaxValue) / 0.5m);
    }

    [Theory]
    // Midpoint rules as defined by System.MidpointRounding.
    [InlineData("2.345", MidpointRounding.AwayFromZero, "2.35")]
    [InlineData("2.345", MidpointRounding.ToEven, "2.34")]
    [InlineData("-2.345", MidpointRounding.AwayFromZero, "-2.35")]
    [InlineData("-2.345", MidpointRounding.ToEven, "-2.34")]
    [InlineData("2.349", MidpointRounding.ToZero, "2.34")]
    [InlineData("2.341", MidpointRounding.ToPositiveInfinity, "2.35")]
    [InlineData("-2.341", MidpointRounding.ToNegativeInfinity, "-2.35")]
    public void Round_ToMinorUnit_UsesGivenMidpointRule(string amount, MidpointRounding mode, string expected)
    {
        var rounded = Eur(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Round(mode);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded.Amount);
        Assert.True(rounded.IsRoundedToMinorUnit);
    }

    [Fact]
    public void Round_ByCurrencyMinorUnits_UsesEachCurrencyScale()
    {
        // ISO 4217 minor units: JPY 0, KWD 3, CLF 4.
        Assert.Equal(1235m, Money.Of(1234.5m, Currency.JPY).Round(MidpointRounding.AwayFromZero).Amount);
        Assert.Equal(1.235m, Money.Of(1.2345m, "KWD").Round(MidpointRounding.AwayFromZero).Amount);
        Assert.Equal(37_000.1235m, Money.Of(37_000.12345m, "CLF").Round(MidpointRounding.AwayFromZero).Amount);
    }

    [Fact]
    public void Round_ExplicitScale_RoundsToThatScale()
        => Assert.Equal(2.3456m, Eur(2.34565m).Round(4, MidpointRounding.ToEven).Amount);

    [Theory]
    [InlineData(-1)]
    [InlineData(29)]
    public void Round_ScaleOutOfRange_ThrowsNamingScaleAndValue(int scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Eur(1m).Round(scale, MidpointRounding.ToEven));
        Assert.Equal("scale", ex.ParamName);
        Assert.Contains($"was {scale}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_UndefinedMode_ThrowsNamingModeAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Eur(1m).Round((MidpointRounding)42));
        Assert.Equal("mode", ex.ParamName);
        Assert.Contains("was 42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsRoundedToMinorUnit_ByAmount_ReportsSubMinorDigits()
    {
        Assert.True(Eur(12.30m).IsRoundedToMinorUnit);
        Assert.True(Eur(12.3000m).IsRoundedToMinorUnit);
        Assert.False(Eur(12.305m).IsRoundedToMinorUnit);
        Assert.False(Money.Of(1.5m, Currency.JPY).IsRoundedToMinorUnit);
    }

    [Fact]
    public void Constructor_NullCurrency_ThrowsArgumentNull()
        => Assert.Equal("currency", Assert.Throws<ArgumentNullException>(() => new Money(1m, null!)).ParamName);

    [Fact]
    public void Of_UnknownCode_ThrowsNamingCode()
        => Assert.Contains("'ABC'", Assert.Throws<ArgumentException>(() => Money.Of(1m, "ABC")).Message, StringComparison.Ordinal);

    [Fact]
    public void Default_EveryOperation_ThrowsInvalidOperation()
    {
        Money none = default;
        Assert.Throws<InvalidOperationException>(() => none.Amount);
        Assert.Throws<InvalidOperationException>(() => none.Currency);
        Assert.Throws<InvalidOperationException>(() => none.IsZero);
        Assert.Throws<InvalidOperationException>(() => none.Sign);
        Assert.Throws<InvalidOperationException>(() => none.IsRoundedToMinorUnit);
        Assert.Throws<InvalidOperationException>(() => none + Eur(1m));
        Assert.Throws<InvalidOperationException>(() => Eur(1m) + none);
        Assert.Throws<InvalidOperationException>(() => -none);
        Assert.Throws<InvalidOperationException>(() => none * 2m);
        Assert.Throws<InvalidOperationException>(() => none / 2m);
        Assert.Throws<InvalidOperationException>(() => none.Abs());
        Assert.Throws<InvalidOperationException>(() => none.Round(MidpointRounding.ToEven));
        Assert.Throws<InvalidOperationException>(() => none < Eur(1m));
        Assert.Throws<InvalidOperationException>(() => none.Allocate(1m, 1m));
        Assert.Throws<InvalidOperationException>(() => none.Split(2));
    }

    [Fact]
    public void Default_EqualityHashAndToString_DoNotThrow()
    {
        Money none = default;
        Assert.True(none == default(Money));
        Assert.False(none == Eur(0m));
        Assert.Equal(default(Money).GetHashCode(), none.GetHashCode());
        Assert.Equal("default(Money)", none.ToString());
    }
}
