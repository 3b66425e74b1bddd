using System;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// A <see cref="decimal"/> held as a 64-bit mantissa and its scale (value = mantissa / 10^scale), when it fits:
/// non-negative, not a negative zero, and a mantissa below 2^63. Sums of such values in <see cref="ScaledSum"/> give
/// exactly the mantissa and scale that <see cref="decimal"/> addition gives.
/// </summary>
internal readonly struct ScaledAmount
{
    internal ScaledAmount(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        ulong low = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        bool negative = bits[3] < 0;
        Fits = bits[2] == 0 && low <= long.MaxValue && !negative;
        Mantissa = Fits ? (long)low : 0;
        Scale = Fits ? (byte)((bits[3] >> 16) & 0xFF) : (byte)0;
    }

    /// <summary>Whether the value is represented (otherwise callers use the <see cref="decimal"/> itself).</summary>
    internal bool Fits { get; }

    /// <summary>The mantissa (value × 10^<see cref="Scale"/>).</summary>
    internal long Mantissa { get; }

    /// <summary>The decimal scale, 0 to 28.</summary>
    internal byte Scale { get; }
}

/// <summary>
/// An exact running sum of <see cref="ScaledAmount"/> values starting from <c>0m</c>, as <see cref="decimal"/> addition
/// would compute it (result scale = the largest scale added; no rounding can happen while the mantissa fits in 63
/// bits). <see cref="Ok"/> turns false when a value does not fit or the sum would leave 63 bits; the caller then
/// sums the decimals instead.
/// </summary>
internal struct ScaledSum
{
    private static readonly long[] Powers =
    {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L,
        100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
        100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    private bool _failed;

    /// <summary>Whether the sum is exact in <see cref="Mantissa"/> and <see cref="Scale"/>.</summary>
    internal readonly bool Ok => !_failed;

    /// <summary>The mantissa of the sum.</summary>
    internal long Mantissa { get; private set; }

    /// <summary>The scale of the sum.</summary>
    internal int Scale { get; private set; }

    /// <summary>Marks the sum as unusable (the caller sums the decimals).</summary>
    internal void Fail() => _failed = true;

    /// <summary>Adds one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(ScaledAmount value)
    {
        // The usual case: same scale, both fit, no overflow.
        if (!_failed && value.Fits && value.Scale == Scale && value.Mantissa <= long.MaxValue - Mantissa)
        {
            Mantissa += value.Mantissa;
            return;
        }

        AddSlow(value);
    }

    private void AddSlow(ScaledAmount value)
    {
        if (_failed)
        {
            return;
        }

        if (!value.Fits)
        {
            _failed = true;
            return;
        }

        long m = value.Mantissa;
        int s = value.Scale;
        long total = Mantissa;
        if (s > Scale)
        {
            if (!TryScaleUp(ref total, s - Scale))
            {
                _failed = true;
                return;
            }

            Scale = s;
        }
        else if (s < Scale && !TryScaleUp(ref m, Scale - s))
        {
            _failed = true;
            return;
        }

        if (m > long.MaxValue - total)
        {
            _failed = true;
            return;
        }

        Mantissa = total + m;
    }

    /// <summary>The sum as a decimal (same mantissa and scale as the decimal additions); only when <see cref="Ok"/>.</summary>
    internal readonly decimal ToDecimal()
    {
        ulong m = (ulong)Mantissa;
        return new decimal(unchecked((int)(uint)m), unchecked((int)(uint)(m >> 32)), 0, false, (byte)Scale);
    }

    private static bool TryScaleUp(ref long value, int by)
    {
        if (value == 0)
        {
            return true;
        }

        if (by >= Powers.Length)
        {
            return false;
        }

        long p = Powers[by];
        if (value > long.MaxValue / p)
        {
            return false;
        }

        value *= p;
        return true;
    }
}
