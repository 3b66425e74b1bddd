using System;
using Cobranza.Core.Interest;

namespace Cobranza.Core.Tests.Interest;

public sealed class DecimalMathTests
{
    // Expected values: mpmath 1.3.0 at 50 significant digits, root(1 + EA, 365) - 1, truncated to 26 decimals.
    [Theory]
    [InlineData("0.1", "0.00026115787606781216168668")]
    [InlineData("0.24", "0.00058951994414563635176144")]
    [InlineData("0.1015", "0.00026489230314229167330313")]
    [InlineData("10", "0.00659120308899158732698243")]
    [InlineData("-0.5", "-0.00189723134840536579925674")]
    public void EffectiveDailyRate_KnownValues_MatchHighPrecisionReference(string annual, string expected)
    {
        decimal actual = DecimalMath.EffectiveDailyRate(decimal.Parse(annual, System.Globalization.CultureInfo.InvariantCulture), 365);
        decimal reference = decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(actual - reference) <= 1e-26m, $"{actual} vs {reference}");
    }

    [Fact]
    public void Root_SquareRootOfTwo_MatchesReference()
    {
        // sqrt(2) = 1.41421356237309504880168872420969807856967187537694... (mpmath, 50 digits)
        Assert.True(Math.Abs(DecimalMath.Root(2m, 2) - 1.4142135623730950488016887242m) <= 1e-27m);
    }

    [Theory]
    [InlineData(27, 3, 3)]
    [InlineData(1024, 10, 2)]
    [InlineData(1, 365, 1)]
    public void Root_ExactPowers_ReturnsTheBase(int value, int n, int expected)
    {
        Assert.True(Math.Abs(DecimalMath.Root(value, n) - expected) <= 1e-26m);
    }

    [Fact]
    public void Root_RaisedBackToThePower_GivesTheValue()
    {
        decimal y = DecimalMath.Root(1.24m, 365);
        Assert.True(Math.Abs(DecimalMath.Pow(y, 365) - 1.24m) <= 1e-24m);
    }

    [Fact]
    public void Root_NonPositiveValue_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Root(0m, 365));
        Assert.Contains("(was 0)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.EffectiveDailyRate(-1m, 365));
    }
}
