using System;
using System.Runtime.CompilerServices;

namespace Cobranza.Core.Calendars;

/// <summary>
/// <c>(decimal)numerator / denominator</c> for the denominators 360, 365 and 366, read from tables that are
/// built on first use with that very division, so every result is bit-identical (value and scale) to the division
/// it replaces. Decimal division costs tens of nanoseconds; a lookup costs one. Periods longer than
/// <see cref="Limit"/> days (about ten years) are divided directly.
/// </summary>
/// <remarks>
/// Each table is an immutable array built once by the runtime's thread-safe type initialiser (about 59 KB for 360
/// and 365 each, 6 KB for 366). Results for negative numerators are the negated results for positive ones, which
/// decimal division also gives (its rounding is symmetric); the test suite checks both exhaustively.
/// </remarks>
internal static class QuotientTable
{
    /// <summary>The largest |numerator| served from the tables for 360 and 365.</summary>
    internal const int Limit = 3660;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static decimal Divide(long numerator, int denominator)
    {
        if (numerator == 0)
        {
            return 0m;
        }

        long magnitude = numerator < 0 ? -numerator : numerator;
        if (denominator == MixedYearDenominator)
        {
            return magnitude < MixedYearLimit ? MixedYearQuotient(numerator < 0, (ulong)magnitude) : (decimal)numerator / denominator;
        }

        decimal[]? table = denominator switch
        {
            360 => By360.Values,
            365 => By365.Values,
            366 => By366.Values,
            _ => null,
        };
        if (table is null || magnitude >= table.Length)
        {
            return (decimal)numerator / denominator;
        }

        decimal quotient = table[magnitude];
        return numerator < 0 ? -quotient : quotient;
    }

    /// <summary>365 × 366: Act/Act ISDA over years of different lengths.</summary>
    internal const int MixedYearDenominator = 365 * 366;

    /// <summary>The largest |numerator| + 1 divided by <see cref="MixedYearDenominator"/> without decimal division (ten years).</summary>
    internal const long MixedYearLimit = 10L * MixedYearDenominator;

    /// <summary>
    /// <c>magnitude / 133,590</c> rounded exactly as decimal division rounds it, in 64-bit integers: the quotient's
    /// fractional digits by long division with a constant divisor (the JIT turns it into multiplications) in
    /// chunks of 13, 13 and 2 digits (scale 28 while the whole part is at most 6) or 13, 13 and 1 (scale 27 from 8
    /// on: 28 digits would pass 2^96), rounded half to even on the remainder, without trailing zeros, as decimal
    /// division returns it. A whole part of 7 (where the scale depends on the digits) is divided directly. The test
    /// suite compares every numerator served here with <c>(decimal)n / 133590</c>, value and scale.
    /// </summary>
    private static decimal MixedYearQuotient(bool negative, ulong magnitude)
    {
        // Every product and sum below is bounded (see the comments): no overflow checks in this hot path.
        unchecked
        {
            const ulong Divisor = MixedYearDenominator;
            const ulong Chunk = 10_000_000_000_000; // 10^13: remainder (< 2^18) × 10^13 < 2^62
            ulong whole = magnitude / Divisor;
            ulong remainder = magnitude - (whole * Divisor);
            if (remainder == 0)
            {
                return new decimal(unchecked((int)(uint)whole), 0, 0, negative, 0);
            }

            int lowDigits;
            if (whole <= 6)
            {
                lowDigits = 15;
            }
            else if (whole >= 8)
            {
                lowDigits = 14;
            }
            else
            {
                decimal quotient = (decimal)magnitude / MixedYearDenominator;
                return negative ? -quotient : quotient;
            }

            ulong scaled = remainder * Chunk;
            ulong first = scaled / Divisor;
            remainder = scaled - (first * Divisor);
            scaled = remainder * Chunk;
            ulong second = scaled / Divisor;
            remainder = scaled - (second * Divisor);
            ulong lastPower = lowDigits == 15 ? 100UL : 10UL;
            scaled = remainder * lastPower;
            ulong last = scaled / Divisor;
            remainder = scaled - (last * Divisor);

            // The mantissa is high × 10^lowDigits + low: high holds the whole part and the first 13 digits.
            ulong high = (whole * Chunk) + first;
            ulong low = (second * lastPower) + last;
            ulong twice = remainder * 2;
            if (twice > Divisor || (twice == Divisor && (low & 1) == 1))
            {
                low++;
                if (low == Pow10[lowDigits])
                {
                    // A carry into the whole part cannot pass 2^96: the quotient is at least 1 / 133,590 away from 10.
                    low = 0;
                    high++;
                }
            }

            int scale = 13 + lowDigits;
            if (low == 0)
            {
                scale -= lowDigits;
                while (scale > 0 && high % 10 == 0)
                {
                    high /= 10;
                    scale--;
                }

                return new decimal(unchecked((int)(uint)high), unchecked((int)(uint)(high >> 32)), 0, negative, (byte)scale);
            }

            while (low % 10 == 0)
            {
                low /= 10;
                lowDigits--;
                scale--;
            }

            ulong top = Math.BigMul(high, Pow10[lowDigits], out ulong bottom);
            bottom = unchecked(bottom + low);
            if (bottom < low)
            {
                top++;
            }

            return new decimal(
                unchecked((int)(uint)bottom), unchecked((int)(uint)(bottom >> 32)), unchecked((int)(uint)top), negative, (byte)scale);
        }
    }

    private static ReadOnlySpan<ulong> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000];

    private static decimal[] Build(int denominator, int limit)
    {
        var values = new decimal[limit + 1];
        for (int n = 1; n <= limit; n++)
        {
            values[n] = (decimal)n / denominator;
        }

        return values;
    }

    private static class By360
    {
        internal static readonly decimal[] Values = Build(360, Limit);
    }

    private static class By365
    {
        internal static readonly decimal[] Values = Build(365, Limit);
    }

    /// <summary>Act/Act ISDA within one leap year: at most 366 days.</summary>
    private static class By366
    {
        internal static readonly decimal[] Values = Build(366, 366);
    }
}
