using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cobranza.Core.Interest;

/// <summary>
/// Integer shortcuts for decimal arithmetic that is exact: a product or a sum whose mantissa fits in decimal's 96
/// bits at a scale of at most 28 is what <see cref="decimal"/> itself returns (same mantissa, same scale, no
/// rounding), so computing it with 64/128-bit integers gives the identical value, bit for bit. Every method
/// reports <c>false</c> (or falls back to the decimal operators) as soon as a step would round or overflow, so
/// the caller's decimal path decides every case that is not exact.
/// </summary>
internal static class ExactDecimal
{
    /// <summary>The largest scale decimal holds.</summary>
    private const int MaxScale = 28;

    /// <summary>The bound (exclusive) of each mantissa <see cref="TryAdd"/> adds, so that the signed sum fits in 64 bits.</summary>
    private const ulong MaxAddend = 1UL << 62;

    /// <summary>Powers of ten that fit in 64 bits (10^0 … 10^19).</summary>
    private static ReadOnlySpan<ulong> Pow10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary><c>a * b * n</c>, evaluated left to right exactly as the decimal operators do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static decimal Multiply(decimal a, decimal b, long n)
        => TryMultiply(a, b, n, out decimal product) ? product : a * b * n;

    /// <summary>
    /// <c>a * b * n</c> with integers when a and b are positive with 64-bit mantissas, n is positive and below
    /// 2^32, and both products fit in 96 bits at a scale of at most 28 (then decimal does not round either).
    /// </summary>
    internal static bool TryMultiply(decimal a, decimal b, long n, out decimal product)
    {
        product = 0m;
        if (n <= 0 || n > uint.MaxValue
            || !TryUnpack(a, out UInt128 ma, out int sa) || !TryUnpack(b, out UInt128 mb, out int sb)
            || High(ma) != 0 || High(mb) != 0)
        {
            return false;
        }

        int scale = sa + sb;
        if (scale > MaxScale)
        {
            return false;
        }

        // Below 2^128: both factors are below 2^64.
        UInt128 ab = new(Math.BigMul(Low(ma), Low(mb), out ulong low), low);
        if (!Fits96(ab))
        {
            return false;
        }

        // ab < 2^96 and n < 2^32: the product is below 2^128.
        UInt128 abn = ab * (ulong)n;
        if (!Fits96(abn))
        {
            return false;
        }

        product = Pack(abn, scale);
        return true;
    }

    /// <summary>
    /// The mantissa and scale of a positive decimal (false for zero and negative values, which the callers leave
    /// to the decimal operators: a decimal zero carries a scale of its own and signs need no shortcut here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryUnpack(decimal value, out UInt128 mantissa, out int scale)
    {
        // decimal.GetBits into a span, without the span: the mantissa's three 32-bit words and the flags word
        // (sign in bit 31, scale in bits 16-23), read through the documented constructor's inverse.
        ref DecimalBits bits = ref Unsafe.As<decimal, DecimalBits>(ref value);
        mantissa = new UInt128(bits.High, bits.Low);
        scale = (bits.Flags >> 16) & 0xFF;
        return bits.Flags >= 0 && mantissa != UInt128.Zero;
    }

    /// <summary>The mantissa and scale of a positive decimal whose mantissa fits in 64 bits; false otherwise (zero, negative or wider).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryUnpack64(decimal value, out ulong mantissa, out int scale)
    {
        ref DecimalBits bits = ref Unsafe.As<decimal, DecimalBits>(ref value);
        mantissa = bits.Low;
        scale = (bits.Flags >> 16) & 0xFF;
        return bits.Flags >= 0 && bits.High == 0 && mantissa != 0;
    }

    /// <summary>-1, 0 or 1 by the sign of <paramref name="value"/>, read from its bits (a negative zero is 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Sign(decimal value)
    {
        ref DecimalBits bits = ref Unsafe.As<decimal, DecimalBits>(ref value);
        return (bits.Low | bits.High) == 0 ? 0 : bits.Flags < 0 ? -1 : 1;
    }

    /// <summary>
    /// Divides <paramref name="value"/> by 10^<paramref name="digits"/> rounding half to even, as
    /// <see cref="decimal.Round(decimal, int, MidpointRounding)"/> with <see cref="MidpointRounding.ToEven"/> does to a
    /// mantissa when it drops that many decimals. False when more than 19 digits would be dropped.
    /// </summary>
    internal static bool TryRoundHalfEven(ref UInt128 value, int digits)
    {
        if (digits <= 0)
        {
            return digits == 0;
        }

        if (digits >= Pow10.Length)
        {
            return false;
        }

        unchecked
        {
            ulong divisor = Pow10[digits];
            UInt128 quotient = value / divisor;
            ulong remainder = (ulong)(value - (quotient * divisor));
            ulong half = divisor / 2; // divisor is even
            if (remainder > half || (remainder == half && ((ulong)quotient & 1) != 0))
            {
                quotient++;
            }

            value = quotient;
        }

        return true;
    }

    /// <summary><paramref name="value"/> × 10^<paramref name="exponent"/> when the result fits in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryScaleByPowerOfTen(ref ulong value, int exponent)
    {
        if (exponent >= Pow10.Length || Math.BigMul(value, Pow10[exponent], out ulong product) != 0)
        {
            return false;
        }

        value = product;
        return true;
    }

    /// <summary>
    /// <c>a + b</c> with 64-bit integers when both mantissas are below 2^62 after aligning to the larger scale and
    /// the sum is not zero: decimal then adds exactly at the larger scale too, so the mantissa, scale and sign are
    /// the same. False (the caller uses the decimal operator) otherwise, including a zero sum, whose sign bit the
    /// operator decides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryAdd(decimal a, decimal b, out decimal sum)
    {
        sum = 0m;
        ref DecimalBits x = ref Unsafe.As<decimal, DecimalBits>(ref a);
        ref DecimalBits y = ref Unsafe.As<decimal, DecimalBits>(ref b);
        if ((x.High | y.High) != 0 || (x.Low | y.Low) >= MaxAddend)
        {
            return false;
        }

        int sx = (x.Flags >> 16) & 0xFF, sy = (y.Flags >> 16) & 0xFF;
        ulong mx = x.Low, my = y.Low;
        if (sx != sy)
        {
            int gap = sx > sy ? sx - sy : sy - sx;
            if (gap >= Pow10.Length)
            {
                return false;
            }

            ref ulong smaller = ref (sx < sy ? ref mx : ref my);
            if (Math.BigMul(smaller, Pow10[gap], out ulong scaled) != 0 || scaled >= MaxAddend)
            {
                return false;
            }

            smaller = scaled;
        }

        // Both below 2^62: the signed sum cannot overflow 64 bits (no checked arithmetic needed).
        unchecked
        {
            long total = (x.Flags < 0 ? -(long)mx : (long)mx) + (y.Flags < 0 ? -(long)my : (long)my);
            if (total == 0 || total == long.MinValue)
            {
                return false;
            }

            ulong magnitude = total < 0 ? (ulong)(-total) : (ulong)total;
            sum = new decimal((int)magnitude, (int)(magnitude >> 32), 0, total < 0, (byte)Math.Max(sx, sy));
            return true;
        }
    }

    /// <summary>The in-memory layout of <see cref="decimal"/> on .NET (flags, high 32 bits, low 64 bits of the mantissa).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct DecimalBits
    {
        public int Flags;
        public uint High;
        public ulong Low;
    }

    /// <summary>Whether <paramref name="value"/> fits in a decimal mantissa (96 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Fits96(UInt128 value) => High(value) <= uint.MaxValue;

    /// <summary><paramref name="value"/> × <paramref name="factor"/> when the result fits in 96 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryScale(ref UInt128 value, ulong factor)
    {
        if (factor == 1)
        {
            return true;
        }

        // value < 2^96: split it so that no product exceeds 128 bits; the checks make every addition exact.
        unchecked
        {
            ulong high = Math.BigMul(High(value), factor, out ulong highLow);
            ulong carry = Math.BigMul(Low(value), factor, out ulong low);
            if (high != 0 || highLow > uint.MaxValue || carry > uint.MaxValue - highLow)
            {
                return false;
            }

            value = new UInt128(highLow + carry, low);
            return Fits96(value);
        }
    }

    /// <summary><paramref name="value"/> × 10^<paramref name="exponent"/> when the result fits in 96 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryScaleByPowerOfTen(ref UInt128 value, int exponent)
        => exponent < Pow10.Length && TryScale(ref value, Pow10[exponent]);

    /// <summary>The decimal with mantissa <paramref name="mantissa"/> (below 2^96) and <paramref name="scale"/> (at most 28).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static decimal Pack(UInt128 mantissa, int scale)
    {
        ulong low = Low(mantissa);
        return new decimal(unchecked((int)low), unchecked((int)(low >> 32)), unchecked((int)High(mantissa)), false, (byte)scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Low(UInt128 value) => unchecked((ulong)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong High(UInt128 value) => unchecked((ulong)(value >> 64));
}
