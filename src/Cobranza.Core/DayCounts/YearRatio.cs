using System;
using System.Runtime.CompilerServices;

namespace Cobranza.Core.DayCounts;

/// <summary>An exact year fraction <c>Numerator / Denominator</c> (denominator positive), before decimal rounding.</summary>
internal readonly struct YearRatio
{
    internal YearRatio(long numerator, int denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    internal long Numerator { get; }

    internal int Denominator { get; }

    /// <summary>The ratio rounded once to decimal precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal decimal ToDecimal() => QuotientTable.Divide(Numerator, Denominator);

    /// <summary><paramref name="annualAmount"/> × Numerator / Denominator, division last.</summary>
    internal decimal Apply(decimal annualAmount)
    {
        if (Numerator == 0 || annualAmount == 0m)
        {
            return 0m;
        }

        try
        {
            return annualAmount * Numerator / Denominator;
        }
        catch (OverflowException)
        {
            // The product left decimal's range although the result may not: apply the rounded fraction instead.
            // A result that is itself out of range throws again, from here.
            return annualAmount * ToDecimal();
        }
    }

    /// <summary>The negated ratio.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal YearRatio Negate() => new(-Numerator, Denominator);
}
