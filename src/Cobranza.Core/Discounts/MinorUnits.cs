using System;

namespace Cobranza.Core.Discounts;

/// <summary>
/// Exact conversion between an amount and a whole number of minor units held in a <see cref="long"/>, for the
/// allocation-free integer path of <see cref="DiscountEvaluator"/>. Anything that does not fit, or is not a whole
/// number of minor units, reports false and the caller takes the decimal path.
/// </summary>
internal static class MinorUnits
{
    private static ReadOnlySpan<ulong> Pow10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
    ];

    /// <summary>The amount as minor units when it is a non-negative whole number of them below 2^62.</summary>
    internal static bool TryToUnits(decimal amount, int minorUnits, out long units)
    {
        units = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        if (bits[3] < 0 || bits[2] != 0)
        {
            return amount == 0m;
        }

        ulong mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        int scale = (bits[3] >> 16) & 0xFF;
        ulong result;
        if (scale <= minorUnits)
        {
            int shift = minorUnits - scale;
            if (shift >= Pow10.Length || Math.BigMul(mantissa, Pow10[shift], out result) != 0)
            {
                return false;
            }
        }
        else
        {
            int shift = scale - minorUnits;
            if (shift >= Pow10.Length)
            {
                return false;
            }

            ulong divisor = Pow10[shift];
            result = mantissa / divisor;
            if (result * divisor != mantissa)
            {
                return false;
            }
        }

        if (result >= 1UL << 62)
        {
            return false;
        }

        units = (long)result;
        return true;
    }

    /// <summary>The amount of <paramref name="units"/> (non-negative) minor units, exactly, with the currency's scale.</summary>
    internal static Money ToMoney(long units, Currency currency)
        => new(new decimal(unchecked((int)(uint)units), unchecked((int)(uint)((ulong)units >> 32)), 0, false, (byte)currency.MinorUnits), currency);
}
