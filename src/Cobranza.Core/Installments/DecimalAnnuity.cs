using System;

namespace Cobranza.Core.Installments;

/// <summary>Annuity arithmetic in <see cref="decimal"/> (never <see cref="double"/>).</summary>
internal static class DecimalAnnuity
{
    /// <summary>
    /// <paramref name="x"/>^<paramref name="n"/> by binary exponentiation (repeated squaring): about 2·log2(n)
    /// decimal multiplications, each rounded to decimal's 28–29 significant digits, so the relative error is below
    /// 10^-26 for every n up to the plan limit.
    /// </summary>
    /// <exception cref="OverflowException">The power exceeds the range of decimal.</exception>
    internal static decimal Pow(decimal x, int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"n must not be negative (was {n}).");
        }

        decimal result = 1m;
        decimal power = x;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= power;
            }

            n >>= 1;
            if (n > 0)
            {
                power *= power;
            }
        }

        return result;
    }

    /// <summary>
    /// The exact (unrounded) level payment at a constant periodic rate: <c>P·r / (1 − (1+r)^−n)</c>, or with a balloon
    /// <c>B</c> left for the end, <c>(P·q − B)·r / (q − 1)</c> with <c>q = (1+r)^n</c> (the same formula multiplied
    /// through by <c>q</c>, so nothing is divided before the last step). <c>r = 0</c> gives <c>(P − B) / n</c>.
    /// </summary>
    internal static decimal Payment(decimal principal, decimal periodicRate, int n, decimal balloon)
    {
        if (periodicRate == 0m)
        {
            return (principal - balloon) / n;
        }

        decimal q = Pow(1m + periodicRate, n);
        return (principal * q - balloon) * periodicRate / (q - 1m);
    }

    /// <summary>
    /// The exact level payment when each period has its own rate <c>r_k</c> (interest on the actual dates):
    /// the payment <c>A</c> with <c>A · Σ_k Π_{j&gt;k}(1+r_j) = P · Π_j(1+r_j) − B</c>, i.e. the future value of the
    /// payments equals the future value of the principal less the balloon. With equal rates it is
    /// <see cref="Payment(decimal, decimal, int, decimal)"/>.
    /// </summary>
    internal static decimal Payment(decimal principal, ReadOnlySpan<decimal> periodRates, decimal balloon)
    {
        decimal growth = 1m;
        decimal sum = 0m;
        for (int k = periodRates.Length - 1; k >= 0; k--)
        {
            sum += growth;
            growth *= 1m + periodRates[k];
        }

        return (principal * growth - balloon) / sum;
    }
}
