using System;
using System.Globalization;

namespace Cobranza.Core.Interest;

/// <summary>
/// Powers and roots in <see cref="decimal"/> precision, so that rate conversions never round-trip through
/// <see cref="double"/> (whose 15–17 significant digits would show in the cents of a large balance).
/// </summary>
internal static class DecimalMath
{
    private const int MaxIterations = 400;

    /// <summary><paramref name="value"/> raised to a non-negative integer power, by repeated squaring.</summary>
    internal static decimal Pow(decimal value, int exponent)
    {
        if (exponent < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, $"{nameof(exponent)} must not be negative (was {exponent}).");
        }

        decimal result = 1m;
        decimal square = value;
        int e = exponent;
        while (e > 0)
        {
            if ((e & 1) != 0)
            {
                result *= square;
            }

            e >>= 1;
            if (e > 0)
            {
                square *= square;
            }
        }

        return result;
    }

    /// <summary>
    /// The positive <paramref name="n"/>-th root of a positive <paramref name="value"/>, to decimal precision
    /// (relative error about 1e-27), by Newton's iteration <c>y ← y − (yⁿ − x) / (n·yⁿ⁻¹)</c>.
    /// </summary>
    /// <remarks>
    /// The start <c>1 + (x − 1)/n</c> is at or above the root by Bernoulli's inequality
    /// (<c>(1 + t)ⁿ ≥ 1 + n·t</c> for <c>t ≥ −1</c>), and Newton's iteration on the convex <c>yⁿ − x</c> then
    /// decreases monotonically to the root; the iteration stops when a step no longer decreases the estimate,
    /// i.e. at the limit of decimal precision.
    /// </remarks>
    internal static decimal Root(decimal value, int n)
    {
        if (value <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{nameof(value)} must be positive to take a root (was {value.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"{nameof(n)} must be at least 1 (was {n}).");
        }

        if (n == 1 || value == 1m)
        {
            return value;
        }

        decimal y = 1m + ((value - 1m) / n);
        for (int i = 0; i < MaxIterations; i++)
        {
            decimal power = Pow(y, n - 1);
            decimal next = y - (((y * power) - value) / (n * power));
            if (next >= y)
            {
                return y;
            }

            y = next;
        }

        return y;
    }

    /// <summary>
    /// The daily rate <c>(1 + annual)^(1/days) − 1</c> of an effective annual rate, in decimal precision.
    /// </summary>
    internal static decimal EffectiveDailyRate(decimal effectiveAnnualRate, int daysInYear)
    {
        if (effectiveAnnualRate <= -1m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(effectiveAnnualRate), effectiveAnnualRate, $"{nameof(effectiveAnnualRate)} must be above -100 % (was {effectiveAnnualRate.ToString(CultureInfo.InvariantCulture)}).");
        }

        return Root(1m + effectiveAnnualRate, daysInYear) - 1m;
    }

    /// <summary>
    /// The period rate <c>(1 + annual)^(days/daysInYear) − 1</c> of an effective annual rate, in decimal precision:
    /// whole years by integer power, the remainder <c>r/daysInYear = p/q</c> (lowest terms) as the p-th power of the
    /// q-th root. Relative error of the factor below 1e-24; deterministic.
    /// </summary>
    internal static decimal EffectivePeriodRate(decimal effectiveAnnualRate, int days, int daysInYear)
    {
        if (effectiveAnnualRate <= -1m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(effectiveAnnualRate), effectiveAnnualRate, $"{nameof(effectiveAnnualRate)} must be above -100 % (was {effectiveAnnualRate.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (days < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"{nameof(days)} must not be negative (was {days}).");
        }

        decimal growth = 1m + effectiveAnnualRate;
        int years = days / daysInYear;
        int rest = days % daysInYear;
        decimal factor = Pow(growth, years);
        if (rest > 0)
        {
            int gcd = Gcd(rest, daysInYear);
            factor *= Pow(Root(growth, daysInYear / gcd), rest / gcd);
        }

        return factor - 1m;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
