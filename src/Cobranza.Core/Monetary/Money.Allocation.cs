using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace Cobranza.Core;

public readonly partial struct Money
{
    /// <summary>Above this many parts the leftover units are placed by sorting instead of by repeated scans.</summary>
    private const int ScanLimit = 64;

    /// <summary>
    /// Splits this amount into parts proportional to <paramref name="ratios"/>, in whole minor units, with the
    /// largest-remainder method: the parts add up exactly to this amount.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each part first gets its exact share rounded toward zero to the minor unit; the minor units left over
    /// (fewer than the number of parts) go one each to the parts with the largest remainders. Ties go to the
    /// earlier index. Every part is therefore within one minor unit of its exact share, a zero ratio gets exactly
    /// zero, and a negative amount is allocated as the negation of its absolute value.
    /// </para>
    /// <para>Example: 5.47 EUR allocated 1:1:1 gives 1.83, 1.82, 1.82.</para>
    /// <para>
    /// The amount must be a whole number of minor units: allocating 10.005 EUR throws, because no set of
    /// whole-cent parts adds up to it. Round first, choosing the midpoint rule (<see cref="Round(MidpointRounding)"/>).
    /// </para>
    /// </remarks>
    /// <param name="ratios">One non-negative ratio per part, not all zero (e.g. <c>1, 1, 1</c> or <c>0.5, 0.3, 0.2</c>).</param>
    /// <returns>One part per ratio, in the order of <paramref name="ratios"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="ratios"/> is empty, has a negative value, or is all zeros.</exception>
    /// <exception cref="InvalidOperationException">The amount is not a whole number of minor units, or this is <c>default(Money)</c>.</exception>
    /// <exception cref="OverflowException">The amount expressed in minor units is outside the range of <see cref="decimal"/>.</exception>
    public Money[] Allocate(params ReadOnlySpan<decimal> ratios)
    {
        EnsureInitialized();
        if (ratios.IsEmpty)
        {
            throw EmptyRatios();
        }

        var parts = new Money[ratios.Length];
        Allocate(ratios, parts);
        return parts;
    }

    /// <summary>
    /// Allocation-free form of <see cref="Allocate(ReadOnlySpan{decimal})"/>: writes one part per ratio into
    /// <paramref name="destination"/>, which must have the same length as <paramref name="ratios"/>.
    /// </summary>
    /// <param name="ratios">One non-negative ratio per part, not all zero.</param>
    /// <param name="destination">Receives the parts; its length must equal the number of ratios.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="ratios"/> is empty, has a negative value, or is all zeros; or <paramref name="destination"/> has the wrong length.
    /// </exception>
    /// <exception cref="InvalidOperationException">The amount is not a whole number of minor units, or this is <c>default(Money)</c>.</exception>
    /// <exception cref="OverflowException">The amount expressed in minor units is outside the range of <see cref="decimal"/>.</exception>
    public void Allocate(ReadOnlySpan<decimal> ratios, Span<Money> destination)
    {
        var currency = Currency;
        if (ratios.IsEmpty)
        {
            throw EmptyRatios();
        }

        if (destination.Length != ratios.Length)
        {
            throw new ArgumentException(
                $"{nameof(destination)} must have one slot per ratio ({ratios.Length}) (was length {destination.Length}).",
                nameof(destination));
        }

        int n = ratios.Length;
        ulong[]? rented = null;
        Span<ulong> work = n <= ScanLimit ? stackalloc ulong[2 * n] : (rented = ArrayPool<ulong>.Shared.Rent(2 * n));
        try
        {
            Span<ulong> mantissas = work[..n];
            Span<ulong> remainders = work.Slice(n, n);
            Span<int> bits = stackalloc int[4];
            int maxScale = 0;
            bool anyPositive = false;
            bool fits = true;
            for (int i = 0; i < n; i++)
            {
                decimal.GetBits(ratios[i], bits);
                bool nonZero = (bits[0] | bits[1] | bits[2]) != 0;
                if (nonZero && bits[3] < 0)
                {
                    decimal r = ratios[i];
                    throw new ArgumentOutOfRangeException(
                        nameof(ratios), r,
                        string.Create(CultureInfo.InvariantCulture, $"{nameof(ratios)}[{i}] must not be negative (was {r})."));
                }

                anyPositive |= nonZero;
                maxScale = Math.Max(maxScale, (bits[3] >> 16) & 0xFF);
                fits &= bits[2] == 0;
                mantissas[i] = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
            }

            if (!anyPositive)
            {
                throw new ArgumentException(
                    $"{nameof(ratios)} must not be all zero (was {FormatRatios(ratios)}).", nameof(ratios));
            }

            bool negative = _amount < 0m;
            if (fits && maxScale < Pow10U64.Length && TryGetMinorUnits(currency, out ulong total)
                && TryAllocateFast(total, ratios, mantissas, remainders, maxScale, negative, currency, destination))
            {
                return;
            }

            AllocateExact(Math.Abs(ToMinorUnits(currency)), ratios, maxScale, negative, currency, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Splits this amount into <paramref name="parts"/> parts that differ by at most one minor unit and add up
    /// exactly to this amount; the larger parts come first (5.47 EUR into 3: 1.83, 1.82, 1.82).
    /// Same result as <see cref="Allocate(ReadOnlySpan{decimal})"/> with equal ratios.
    /// </summary>
    /// <param name="parts">The number of parts, at least 1.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The amount is not a whole number of minor units, or this is <c>default(Money)</c>.</exception>
    public Money[] Split(int parts)
    {
        var currency = Currency;
        Guard.Positive(parts);
        if (TryGetMinorUnits(currency, out ulong total))
        {
            (ulong share, ulong rest) = Math.DivRem(total, (ulong)parts);
            bool isNegative = _amount < 0m;
            var shares = new Money[parts];
            for (int i = 0; i < parts; i++)
            {
                shares[i] = FromMinorUnits((ulong)i < rest ? share + 1 : share, isNegative, currency);
            }

            return shares;
        }

        decimal units = ToMinorUnits(currency);
        bool negative = units < 0m;
        decimal absUnits = Math.Abs(units);
        decimal quotient = decimal.Truncate(absUnits / parts);
        decimal leftover = absUnits - (quotient * parts);

        // decimal division may round up to the next integer when the quotient has more than 28 digits.
        if (leftover < 0m)
        {
            quotient -= 1m;
            leftover += parts;
        }

        var result = new Money[parts];
        int bigger = (int)leftover;
        for (int i = 0; i < parts; i++)
        {
            decimal part = i < bigger ? quotient + 1m : quotient;
            result[i] = FromMinorUnits(part, negative, currency);
        }

        return result;
    }

    /// <summary>The amount as a whole number of minor units (e.g. 5.47 EUR is 547).</summary>
    private decimal ToMinorUnits(Currency currency)
    {
        decimal units;
        try
        {
            units = _amount * Pow10(currency.MinorUnits);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(
                $"Cannot allocate {Describe()}: the amount in minor units is outside the range of decimal.", ex);
        }

        if (decimal.Truncate(units) != units)
        {
            throw new InvalidOperationException(
                $"Cannot allocate {Describe()}: the amount has more decimals than the {currency.MinorUnits} " +
                $"of {currency.Code}'s minor unit, so no whole-minor-unit parts add up to it. " +
                "Round it first with Round(MidpointRounding).");
        }

        return decimal.Truncate(units);
    }

    private static Money FromMinorUnits(decimal units, bool negative, Currency currency)
    {
        // units is a non-negative integer below 2^96: its bits are the mantissa, the minor units the scale.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(units, bits);
        return new Money(new decimal(bits[0], bits[1], bits[2], negative && units != 0m, (byte)currency.MinorUnits), currency);
    }

    private static Money FromMinorUnits(ulong units, bool negative, Currency currency)
        => new(MinorUnitsToDecimal(units, negative, currency.MinorUnits), currency);

    /// <summary>10^0 to 10^19: every power of ten that fits in 64 bits.</summary>
    private static ReadOnlySpan<ulong> Pow10U64 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary>
    /// The absolute amount in minor units when it fits in 64 bits; false when it does not (the caller then takes
    /// the exact path, which also reports an amount that is not a whole number of minor units).
    /// </summary>
    private bool TryGetMinorUnits(Currency currency, out ulong units)
    {
        units = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(_amount, bits);
        if (bits[2] != 0)
        {
            return false;
        }

        ulong mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        int shift = currency.MinorUnits - ((bits[3] >> 16) & 0xFF);
        if (shift >= 0)
        {
            if (shift >= Pow10U64.Length || Math.BigMul(mantissa, Pow10U64[shift], out units) != 0)
            {
                return false;
            }

            return true;
        }

        if (-shift >= Pow10U64.Length)
        {
            return false;
        }

        ulong divisor = Pow10U64[-shift];
        (units, ulong rest) = Math.DivRem(mantissa, divisor);
        return rest == 0; // otherwise more decimals than the minor unit: the exact path throws the explanation
    }

    /// <summary>
    /// 64-bit integer path: taken when the units and the ratios scaled to integers fit in 64 bits, which covers
    /// every realistic amount. Products are 128-bit, so nothing is rounded. Returns false when something does not fit.
    /// </summary>
    private static bool TryAllocateFast(
        ulong total, ReadOnlySpan<decimal> ratios, Span<ulong> scaled, Span<ulong> remainders, int maxScale,
        bool negative, Currency currency, Span<Money> destination)
    {
        int n = ratios.Length;
        ulong ratioSum = 0;
        for (int i = 0; i < n; i++)
        {
            ulong factor = Pow10U64[maxScale - ratios[i].Scale];
            if (Math.BigMul(scaled[i], factor, out ulong s) != 0 || s > ulong.MaxValue - ratioSum)
            {
                return false;
            }

            scaled[i] = s;
            ratioSum += s;
        }

        AllocateScaled(total, scaled, ratioSum, remainders, negative, currency, destination);
        return true;
    }

    /// <summary>
    /// Allocation by ratios that are already whole numbers (e.g. exact integer numerators over a common
    /// denominator), for callers inside the library that never built decimal ratios: the same largest-remainder
    /// split and tie rule (earlier index) as <see cref="Allocate(ReadOnlySpan{decimal}, Span{Money})"/> with the
    /// same ratios as decimals, written as each part's number of minor units (a part is negative when this amount
    /// is; <see cref="MinorUnitsToDecimal"/> gives the part's amount). Returns false, having decided nothing, when
    /// the amount is not a whole number of minor units below 2^64 or the ratios add up beyond 64 bits (or to
    /// zero); the caller then takes the decimal overload.
    /// </summary>
    /// <param name="ratios">One non-negative ratio per part; overwritten with the parts in minor units.</param>
    internal bool TryAllocateMinorUnits(Span<ulong> ratios)
    {
        ulong ratioSum = 0;
        foreach (ulong r in ratios)
        {
            if (r > ulong.MaxValue - ratioSum)
            {
                return false;
            }

            ratioSum += r;
        }

        if (ratioSum == 0 || !TryGetMinorUnits(Currency, out ulong total))
        {
            return false;
        }

        int n = ratios.Length;
        ulong[]? rented = null;
        Span<ulong> remainders = n <= ScanLimit ? stackalloc ulong[n] : (rented = ArrayPool<ulong>.Shared.Rent(n)).AsSpan(0, n);
        AllocateUnits(total, ratios, ratioSum, remainders);
        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        return true;
    }

    /// <summary>The amount of a part of <paramref name="units"/> minor units, exactly as the allocation methods build it (scale = the minor units; a zero part is never negative).</summary>
    internal static decimal MinorUnitsToDecimal(ulong units, bool negative, int minorUnits)
        => new(unchecked((int)units), unchecked((int)(units >> 32)), 0, negative && units != 0, (byte)minorUnits);

    /// <summary>
    /// The largest-remainder split of <paramref name="total"/> minor units by integer ratios that add up to
    /// <paramref name="ratioSum"/> (no overflow: every product is 128-bit). <paramref name="scaled"/> is overwritten.
    /// </summary>
    private static void AllocateScaled(
        ulong total, Span<ulong> scaled, ulong ratioSum, Span<ulong> remainders, bool negative, Currency currency, Span<Money> destination)
    {
        AllocateUnits(total, scaled, ratioSum, remainders);
        for (int i = 0; i < scaled.Length; i++)
        {
            destination[i] = FromMinorUnits(scaled[i], negative, currency);
        }
    }

    /// <summary>
    /// The core of <see cref="AllocateScaled"/>: overwrites <paramref name="scaled"/> with each part's number of minor
    /// units (its share rounded down, plus one for the largest remainders).
    /// </summary>
    private static void AllocateUnits(ulong total, Span<ulong> scaled, ulong ratioSum, Span<ulong> remainders)
    {
        int n = scaled.Length;

        // Every share divides by the same ratioSum: multiply by its reciprocal instead of dividing each time.
        // reciprocal = floor((2^64 - 1) / ratioSum), so the estimate below is the exact quotient or at most 2 less,
        // never more; the loop then makes it exact using the exact remainder (integer arithmetic only).
        ulong reciprocal = ulong.MaxValue / ratioSum;
        ulong assigned = 0;
        for (int i = 0; i < n; i++)
        {
            ulong high = Math.BigMul(total, scaled[i], out ulong low);
            ulong share;
            if (high == 0)
            {
                share = Math.BigMul(low, reciprocal, out _);
                ulong remainder = low - (share * ratioSum);
                while (remainder >= ratioSum)
                {
                    share++;
                    remainder -= ratioSum;
                }

                remainders[i] = remainder;
            }
            else
            {
                var product = new UInt128(high, low);
                UInt128 quotient = product / ratioSum;
                share = (ulong)quotient;
                remainders[i] = (ulong)(product - (quotient * ratioSum));
            }

            scaled[i] = share;
            assigned += share;
        }

        int leftover = (int)(total - assigned);
        if (leftover > 0)
        {
            MarkLargestRemainders(remainders, leftover, n > ScanLimit);
        }

        for (int i = 0; i < n; i++)
        {
            if (remainders[i] == ulong.MaxValue)
            {
                scaled[i]++;
            }
        }
    }

    /// <summary>
    /// Sets the <paramref name="count"/> largest remainders (ties: lower index first) to <see cref="ulong.MaxValue"/>.
    /// Every remainder is below the ratio sum, so <see cref="ulong.MaxValue"/> never occurs as a real remainder.
    /// </summary>
    private static void MarkLargestRemainders(Span<ulong> remainders, int count, bool large)
    {
        if (!large)
        {
            // Keep the indexes of the best `count` remainders seen so far, best first. Scanning in index order and
            // displacing only on a strictly larger remainder makes the earlier index win ties.
            Span<int> best = stackalloc int[count];
            int kept = 0;
            for (int i = 0; i < remainders.Length; i++)
            {
                ulong r = remainders[i];
                int position;
                if (kept < count)
                {
                    position = kept++;
                }
                else if (r > remainders[best[count - 1]])
                {
                    position = count - 1;
                }
                else
                {
                    continue;
                }

                while (position > 0 && r > remainders[best[position - 1]])
                {
                    best[position] = best[position - 1];
                    position--;
                }

                best[position] = i;
            }

            for (int k = 0; k < count; k++)
            {
                remainders[best[k]] = ulong.MaxValue;
            }

            return;
        }

        // Many parts: select the `count` largest (remainder, index) pairs packed into one 128-bit key (quickselect,
        // linear on average; their order among themselves does not matter). The low 32 bits hold
        // uint.MaxValue - index, so among equal remainders the lower index is the larger key: the earlier index
        // wins ties, as in the scan above. Keys are distinct, so the selected set is exactly the `count` largest.
        int n = remainders.Length;
        UInt128[] rented = ArrayPool<UInt128>.Shared.Rent(n);
        try
        {
            Span<UInt128> keys = rented.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                keys[i] = ((UInt128)remainders[i] << 32) | (uint.MaxValue - (uint)i);
            }

            SelectLargest(keys, n - count);
            for (int k = n - count; k < n; k++)
            {
                uint packedIndex = (uint)(keys[k] & uint.MaxValue);
                remainders[(int)(uint.MaxValue - packedIndex)] = ulong.MaxValue;
            }
        }
        finally
        {
            ArrayPool<UInt128>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reorders distinct <paramref name="keys"/> so that every key at or after <paramref name="split"/> is larger
    /// than every key before it (Hoare quickselect with a median-of-three pivot).
    /// </summary>
    private static void SelectLargest(Span<UInt128> keys, int split)
    {
        int lo = 0, hi = keys.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (keys[mid] < keys[lo])
            {
                (keys[mid], keys[lo]) = (keys[lo], keys[mid]);
            }

            if (keys[hi] < keys[lo])
            {
                (keys[hi], keys[lo]) = (keys[lo], keys[hi]);
            }

            if (keys[hi] < keys[mid])
            {
                (keys[hi], keys[mid]) = (keys[mid], keys[hi]);
            }

            UInt128 pivot = keys[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            // Now keys[lo..j] <= pivot <= keys[i..hi], and keys between j and i equal the pivot.
            if (split <= j)
            {
                hi = j;
            }
            else if (split >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Exact path for amounts or ratios beyond 64 bits (e.g. a ratio of <c>1m / 3</c>, which has 28 decimals):
    /// the ratios are scaled to integers and everything is computed with <see cref="BigInteger"/>, so nothing
    /// is rounded and nothing can overflow. Allocates working memory.
    /// </summary>
    internal static void AllocateExact(
        decimal absUnits, ReadOnlySpan<decimal> ratios, int maxScale, bool negative, Currency currency, Span<Money> destination)
    {
        int n = ratios.Length;
        var scaled = new BigInteger[n];
        var remainders = new BigInteger[n];
        var shares = new BigInteger[n];
        BigInteger ratioSum = BigInteger.Zero;
        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < n; i++)
        {
            decimal r = ratios[i];
            decimal.GetBits(r, bits);
            var mantissa = unchecked((new BigInteger((uint)bits[2]) << 64)
                                     | new BigInteger(((ulong)(uint)bits[1] << 32) | (uint)bits[0]));
            scaled[i] = mantissa * BigInteger.Pow(10, maxScale - r.Scale);
            ratioSum += scaled[i];
        }

        var total = new BigInteger(absUnits);
        BigInteger assigned = BigInteger.Zero;
        for (int i = 0; i < n; i++)
        {
            shares[i] = BigInteger.DivRem(total * scaled[i], ratioSum, out remainders[i]);
            assigned += shares[i];
        }

        int leftover = (int)(total - assigned);
        for (int k = 0; k < leftover; k++)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
            {
                if (remainders[i].Sign >= 0 && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            remainders[best] = BigInteger.MinusOne;
            shares[best] += BigInteger.One;
        }

        for (int i = 0; i < n; i++)
        {
            destination[i] = FromMinorUnits((decimal)shares[i], negative, currency);
        }
    }

    private static ArgumentException EmptyRatios()
        => new("ratios must contain at least one ratio (was empty).", "ratios");

    private static string FormatRatios(ReadOnlySpan<decimal> ratios)
    {
        const int Shown = 10;
        var parts = new string[Math.Min(ratios.Length, Shown)];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = ratios[i].ToString(CultureInfo.InvariantCulture);
        }

        string more = ratios.Length > Shown ? $", ... ({ratios.Length} ratios)" : string.Empty;
        return "[" + string.Join(", ", parts) + more + "]";
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
