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
    /// <c>magnitude / 133,590</c> rounded exactly as decimal division rounds it: the quotient's digits by long
    /// division with a constant divisor (the JIT turns it into multiplications), at the largest scale ≤ 28 whose
    /// mantissa fits in 96 bits, rounded half to even on the remainder, without trailing zeros. The test suite
    /// compares it with <c>(decimal)n / 133590</c> for every numerator it serves.
    /// </summary>
    private static decimal MixedYearQuotient(bool negative, ulong magnitude)
    {
        ulong whole = magnitude / MixedYearDenominator;
        ulong remainder = magnitude % MixedYearDenominator;
        UInt128 mantissa = whole;
        int scale = 0;
        // Fractional digits in chunks of at most 13: remainder < 2^18, so remainder × 10^13 < 2^62.
        while (remainder != 0 && scale < 28)
        {
            int chunk = Math.Min(13, 28 - scale);
            ulong power = Pow10[chunk];
            UInt128 widened = (mantissa * power) + (remainder * power / MixedYearDenominator);
            if ((widened >> 96) != 0)
            {
                // Too many digits for 96 bits at this chunk: take one digit at a time from here.
                if (chunk == 1)
                {
                    break;
                }

                chunk = 1;
                power = 10;
                widened = (mantissa * power) + (remainder * power / MixedYearDenominator);
                if ((widened >> 96) != 0)
                {
                    break;
                }
            }

            mantissa = widened;
            remainder = remainder * power % MixedYearDenominator;
            scale += chunk;
        }

        if (remainder != 0)
        {
            ulong twice = remainder * 2;
            if (twice > MixedYearDenominator || (twice == MixedYearDenominator && (mantissa & 1) == 1))
            {
                mantissa++;
                if ((mantissa >> 96) != 0)
                {
                    mantissa /= 10;
                    scale--;
                }
            }
        }

        // Decimal division drops the trailing zeros of its result, rounded or exact.
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        ulong low = unchecked((ulong)mantissa);
        return new decimal(unchecked((int)(uint)low), unchecked((int)(uint)(low >> 32)), unchecked((int)(uint)(ulong)(mantissa >> 64)), negative, (byte)scale);
    }

    private static ReadOnlySpan<ulong> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000];

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
