using System;

namespace Cobranza.Core.Installments;

/// <summary>
/// A <see cref="decimal"/> that is a whole number of minor units, held as that number (<see cref="long"/>) together
/// with the decimal's scale and sign bit, so that addition, subtraction, <see cref="Math.Min(decimal, decimal)"/>
/// and <see cref="Math.Max(decimal, decimal)"/> give <em>bit for bit</em> the decimal that <see cref="decimal"/>
/// arithmetic gives (scale and the sign of a zero included), at the cost of a few integer operations.
/// </summary>
/// <remarks>
/// <para>
/// Valid only while no decimal involved needs more than 62 bits of mantissa at its scale: the callers check a bound
/// on all the amounts of a computation before using it (see <see cref="FitsAtScale"/>), and use decimal arithmetic
/// otherwise. Within that bound <see cref="decimal"/> addition and subtraction are exact, the result has the larger
/// scale of the two operands, and its sign is the sign of the value; only a zero result's sign bit depends on the
/// operands (the rules of the runtime's <c>DecAddSub</c>, reproduced in <see cref="Combine"/>). Property tests compare
/// every operation with <see cref="decimal"/> on random values, scales and signs, negative zeros included.
/// </para>
/// <para>
/// <see cref="Math.Min(decimal, decimal)"/> returns its second argument when the values are equal, and
/// <see cref="Math.Max(decimal, decimal)"/> its first (which matters when the scales differ: <c>Min(1.0, 1.00)</c>
/// is <c>1.00</c>).
/// </para>
/// </remarks>
internal readonly struct UnitDecimal
{
    /// <summary>The largest mantissa (and number of minor units) the fast paths accept: 2^62.</summary>
    internal const long Limit = 1L << 62;

    private UnitDecimal(long units, byte scale, bool negative)
    {
        Units = units;
        Scale = scale;
        Negative = negative;
    }

    /// <summary>The value in minor units (signed).</summary>
    internal long Units { get; }

    /// <summary>The decimal's scale (0 to 28).</summary>
    internal byte Scale { get; }

    /// <summary>The decimal's sign bit (set for a negative value, and for a negative zero).</summary>
    internal bool Negative { get; }

    /// <summary>Zero with scale 0 (<c>0m</c>).</summary>
    internal static UnitDecimal Zero => default;

    /// <summary>A positive amount (or zero) of <paramref name="units"/> minor units with the given scale.</summary>
    internal static UnitDecimal Positive(long units, int scale) => new(units, (byte)scale, false);

    /// <summary>
    /// <paramref name="value"/> as a count of minor units of a currency with <paramref name="minorUnits"/> decimals,
    /// when it is a whole number of them and its mantissa and count are at most <see cref="Limit"/>.
    /// </summary>
    internal static bool TryFrom(decimal value, int minorUnits, out UnitDecimal result)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        result = default;
        if (bits[2] != 0)
        {
            return false;
        }

        ulong mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        int scale = (bits[3] >> 16) & 0xFF;
        bool negative = bits[3] < 0;
        if (mantissa > Limit)
        {
            return false;
        }

        long units;
        if (scale == minorUnits)
        {
            units = (long)mantissa;
        }
        else if (scale > minorUnits)
        {
            int extra = scale - minorUnits;
            if (extra >= ScheduleBuilder.Pow10.Length)
            {
                // 10^19 and more: only zero is a whole number of minor units with a mantissa this small.
                if (mantissa != 0)
                {
                    return false;
                }

                units = 0;
            }
            else
            {
                ulong pow = (ulong)ScheduleBuilder.Pow10[extra];
                ulong quotient = mantissa / pow;
                if (quotient * pow != mantissa)
                {
                    return false;
                }

                units = (long)quotient;
            }
        }
        else
        {
            long pow = ScheduleBuilder.Pow10[minorUnits - scale];
            if ((long)mantissa > Limit / pow)
            {
                return false;
            }

            units = (long)mantissa * pow;
        }

        result = new UnitDecimal(negative ? -units : units, (byte)scale, negative);
        return true;
    }

    /// <summary>
    /// Whether every decimal of at most <paramref name="maxUnits"/> minor units with a scale of at most
    /// <paramref name="maxScale"/> has a mantissa of at most <see cref="Limit"/> (so arithmetic on such decimals
    /// never needs more than 64 bits, nor rescales).
    /// </summary>
    internal static bool FitsAtScale(long maxUnits, int maxScale, int minorUnits)
    {
        if (maxUnits < 0 || maxUnits > Limit)
        {
            return false;
        }

        int extra = maxScale - minorUnits;
        return extra <= 0 || (extra < ScheduleBuilder.Pow10.Length && maxUnits <= Limit / ScheduleBuilder.Pow10[extra]);
    }

    /// <summary>The decimal (within the bound the caller checked with <see cref="FitsAtScale"/>).</summary>
    internal decimal ToDecimal(int minorUnits)
    {
        // A zero keeps magnitude 0 whatever its scale (even one beyond the powers of ten used here).
        ulong magnitude = (ulong)(Units < 0 ? -Units : Units);
        if (magnitude != 0 && Scale != minorUnits)
        {
            magnitude = Scale > minorUnits
                ? magnitude * (ulong)ScheduleBuilder.Pow10[Scale - minorUnits]
                : magnitude / (ulong)ScheduleBuilder.Pow10[minorUnits - Scale];
        }

        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, Negative, Scale);
    }

    /// <summary><c>a + b</c>.</summary>
    internal static UnitDecimal Add(UnitDecimal a, UnitDecimal b) => Combine(a, b, subtract: false);

    /// <summary><c>a - b</c>.</summary>
    internal static UnitDecimal Subtract(UnitDecimal a, UnitDecimal b) => Combine(a, b, subtract: true);

    /// <summary><c>Math.Min(a, b)</c>: <paramref name="b"/> when the values are equal.</summary>
    internal static UnitDecimal Min(UnitDecimal a, UnitDecimal b) => a.Units < b.Units ? a : b;

    /// <summary><c>Math.Max(a, b)</c>: <paramref name="a"/> when the values are equal.</summary>
    internal static UnitDecimal Max(UnitDecimal a, UnitDecimal b) => a.Units >= b.Units ? a : b;

    private static UnitDecimal Combine(UnitDecimal a, UnitDecimal b, bool subtract)
    {
        long units = subtract ? a.Units - b.Units : a.Units + b.Units;
        byte scale = Math.Max(a.Scale, b.Scale);
        if (units != 0)
        {
            return new UnitDecimal(units, scale, units < 0);
        }

        // A zero result. The runtime aligns the operand with the smaller scale to the other one; its sign bit is
        // the first operand's, except that it is flipped for an effective subtraction (subtract with equal signs,
        // add with different signs) when the first operand has the larger scale and the second is not zero, or
        // when the first has the smaller scale and is itself zero (the second is then returned with the sign the
        // operation gives it).
        bool effectiveSubtraction = subtract == (a.Negative == b.Negative);
        bool negative = a.Negative;
        if (a.Scale > b.Scale ? b.Units != 0 : a.Scale < b.Scale && a.Units == 0)
        {
            negative ^= effectiveSubtraction;
        }

        return new UnitDecimal(0, scale, negative);
    }
}
