using System;
using Cobranza.Core.Interest;
using FsCheck.Xunit;
using Xunit;

namespace Cobranza.Core.Tests.Interest;

/// <summary>The integer shortcuts of <see cref="ExactDecimal"/> give the decimal operators' result, bit for bit.</summary>
public sealed class ExactDecimalProperties
{
    /// <summary>A decimal from a signed mantissa and a scale (0-28), covering small and 63/64-bit mantissas and negative zero.</summary>
    private static decimal Make(long mantissa, byte scale, bool negativeZero)
        => mantissa == 0 && negativeZero
            ? new decimal(0, 0, 0, true, (byte)(scale % 29))
            : new decimal(unchecked((int)Math.Abs(mantissa % long.MaxValue)), unchecked((int)(Math.Abs(mantissa % long.MaxValue) >> 32)), 0, mantissa < 0, (byte)(scale % 29));

    [Property(MaxTest = 2000)]
    public void TryAdd_WhenItAnswers_MatchesTheDecimalOperatorBitForBit(long a, byte sa, long b, byte sb, bool negativeZero)
    {
        // Small and large magnitudes alike: shift some mantissas into the money range.
        decimal x = Make(a % 10_000_000, sa, negativeZero);
        decimal y = Make(b, (byte)(sb % 6), false);
        if (ExactDecimal.TryAdd(x, y, out decimal sum))
        {
            Assert.Equal(decimal.GetBits(x + y), decimal.GetBits(sum));
        }
        else
        {
            // It declines only for a zero sum, scales 20 or more apart, or a mantissa of 2^62 or more once aligned.
            int scale = Math.Max(x.Scale, y.Scale);
            Assert.True(x + y == 0m || Math.Abs(x.Scale - y.Scale) >= 20 || Aligned(x, scale) >= (1L << 62) || Aligned(y, scale) >= (1L << 62), $"{x} + {y} declined");
        }
    }

    private static System.Numerics.BigInteger Aligned(decimal value, int scale)
    {
        int[] bits = decimal.GetBits(value);
        var mantissa = unchecked(new System.Numerics.BigInteger(((ulong)(uint)bits[1] << 32) | (uint)bits[0]) + (new System.Numerics.BigInteger((uint)bits[2]) << 64));
        return mantissa * System.Numerics.BigInteger.Pow(10, scale - value.Scale);
    }

    [Theory]
    [InlineData("100000", "250.5", "100250.5")]
    [InlineData("100250.5", "-90.25", "100160.25")]
    [InlineData("-1.10", "1.1", null)] // zero: left to the operator (its sign bit)
    [InlineData("0.001", "-5", "-4.999")]
    public void TryAdd_Examples_GiveTheOperatorsMantissaAndScale(string a, string b, string? expected)
    {
        // Expected values: decimal addition keeps the larger scale (System.Decimal documentation).
        decimal x = decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
        decimal y = decimal.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
        bool answered = ExactDecimal.TryAdd(x, y, out decimal sum);
        Assert.Equal(expected is not null, answered);
        if (expected is not null)
        {
            Assert.Equal(decimal.GetBits(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), decimal.GetBits(sum));
            Assert.Equal(decimal.GetBits(x + y), decimal.GetBits(sum));
        }
    }

    [Property(MaxTest = 1000)]
    public void TryUnpack_PositiveValues_GiveGetBitsMantissaAndScale(int lo, int mid, int hi, byte scale)
    {
        decimal value = new(lo, mid, hi, false, (byte)(scale % 29));
        int[] bits = decimal.GetBits(value);
        bool answered = ExactDecimal.TryUnpack(value, out UInt128 mantissa, out int s);
        Assert.Equal(value != 0m, answered);
        Assert.Equal(unchecked(new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0])), mantissa);
        Assert.Equal((bits[3] >> 16) & 0xFF, s);
    }

    [Property(MaxTest = 2000)]
    public void TryRoundHalfEven_DroppingDigits_MatchesDecimalRoundToEven(int lo, int mid, int hi, byte scale, byte drop)
    {
        // decimal.Round(d, n, ToEven) on a value with more than n decimals drops scale - n digits of its mantissa,
        // ties to the even neighbour (System.Decimal.Round documentation).
        int s = 1 + (scale % 28);
        int digits = 1 + (drop % Math.Min(s, 19));
        decimal value = new(lo, mid, hi, false, (byte)s);
        if (value == 0m)
        {
            return;
        }

        Assert.True(ExactDecimal.TryUnpack(value, out UInt128 mantissa, out _));
        Assert.True(ExactDecimal.TryRoundHalfEven(ref mantissa, digits));
        decimal rounded = decimal.Round(value, s - digits, MidpointRounding.ToEven);
        Assert.True(ExactDecimal.TryUnpack(rounded == 0m ? 1m : rounded, out UInt128 expected, out int expectedScale) || rounded == 0m);
        if (rounded == 0m)
        {
            Assert.Equal(UInt128.Zero, mantissa);
        }
        else
        {
            // Compare values: decimal.Round may keep trailing zeros at a lower scale than s - digits.
            Assert.Equal(expected * UInt128.CreateChecked(Pow10(s - digits - expectedScale)), mantissa);
        }
    }

    [Theory]
    [InlineData(25UL, 1, 2UL)] // 2.5 -> 2 (tie, even)
    [InlineData(35UL, 1, 4UL)] // 3.5 -> 4 (tie, even)
    [InlineData(251UL, 2, 3UL)] // 2.51 -> 3
    [InlineData(12345UL, 20, 0UL)] // more than 19 digits: declined, value unchanged below
    public void TryRoundHalfEven_Examples(ulong value, int digits, ulong expected)
    {
        // Round half to even (banker's rounding), as MidpointRounding.ToEven is documented.
        UInt128 v = value;
        bool answered = ExactDecimal.TryRoundHalfEven(ref v, digits);
        Assert.Equal(digits <= 19, answered);
        Assert.Equal(answered ? expected : value, (ulong)v);
    }

    [Property(MaxTest = 1000)]
    public void TryUnpack64AndSign_ReadTheBits(int lo, int mid, int hi, bool negative, byte scale)
    {
        decimal value = new(lo, mid, hi, negative, (byte)(scale % 29));
        Assert.Equal(value == 0m ? 0 : Math.Sign(value), ExactDecimal.Sign(value));
        bool answered = ExactDecimal.TryUnpack64(value, out ulong mantissa, out int s);
        Assert.Equal(value > 0m && hi == 0, answered);
        if (answered)
        {
            Assert.Equal(unchecked(((ulong)(uint)mid << 32) | (uint)lo), mantissa);
            Assert.Equal(value.Scale, s);
        }
    }

    private static ulong Pow10(int exponent)
    {
        ulong result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
