using System.Runtime.CompilerServices;

namespace Cobranza.Core.DayCounts;

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
