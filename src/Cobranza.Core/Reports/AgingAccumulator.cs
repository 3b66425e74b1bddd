using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Cobranza.Core.Reports;

/// <summary>
/// The aging hot loop. One slot per currency holds, per bucket (plus one slot for separated disputed items), a
/// count, an <see cref="Int128"/> sum of whole minor units and a <see cref="decimal"/> sum for the amounts that are
/// not a whole number of minor units (or too large): the two sums are exact and are added once at the end, so the
/// result is exactly the decimal sum. Nothing is allocated per item.
/// </summary>
internal sealed class AgingAccumulator
{
    /// <summary>Amounts at or above 2^62 minor units take the decimal path.</summary>
    private const ulong MaxUnits = 1UL << 62;

    private const int CacheBits = 10;
    private const int CacheSize = 1 << CacheBits;

    private static readonly ulong[] Pow10 =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
    ];

    private readonly AgingOptions _options;
    private readonly int[] _lowerBounds;
    private readonly int _asOfDay;
    private readonly int _disputedSlot;
    private readonly bool _separateDisputed;
    private readonly bool _byInvoiceDate;
    private readonly List<Slot> _slots = new(2);

    // A direct-mapped cache date → bucket: portfolios share few distinct due dates (month ends, terms), so most
    // items skip the day-number conversion. A slot holds -1 until filled.
    private readonly LocalDate[] _cachedDates = new LocalDate[CacheSize];
    private readonly int[] _cachedBuckets = new int[CacheSize];
    private Slot? _last;

    internal AgingAccumulator(LocalDate asOf, AgingOptions? options)
    {
        AsOf = asOf;
        _options = options ?? AgingOptions.Default;
        _lowerBounds = _options.Buckets.LowerBounds.ToArray();
        _asOfDay = DayNumber(asOf);
        _disputedSlot = _options.Buckets.Count;
        _separateDisputed = _options.Disputed != DisputedItems.Include;
        _byInvoiceDate = _options.Basis == AgingBasis.InvoiceDate;
        Array.Fill(_cachedBuckets, -1);
        if (_options.RequiredCurrency is { } required)
        {
            _last = new Slot(required, _disputedSlot + 1);
            _slots.Add(_last);
        }
    }

    internal LocalDate AsOf { get; }

    /// <summary>Days since 0001-01-01 (ISO): cheap integer arithmetic for the day difference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DayNumber(LocalDate date) => date.ToDateOnly().DayNumber;

    /// <summary>Fails when a currency is required and <paramref name="currency"/> is another one.</summary>
    internal void CheckCurrency(Currency currency, string accountId)
    {
        if (_options.RequiredCurrency is { } required && currency != required)
        {
            throw new ArgumentException(
                $"every account must be in {required.Code} (AgingOptions.RequiredCurrency) but account '{accountId}' is in {currency.Code}.", "accounts");
        }
    }

    internal void AddCredit(Money credit)
    {
        if (credit.Amount != 0m)
        {
            Slot slot = SlotFor(credit.Currency);
            slot.UnappliedCredit += credit.Amount;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(decimal amount, Currency currency, LocalDate dueDate, LocalDate invoiceDate, bool disputed)
    {
        if (amount == 0m)
        {
            return;
        }

        Slot slot = ReferenceEquals(currency, _last?.Currency) ? _last! : SlotFor(currency);
        int index;
        if (disputed && _separateDisputed)
        {
            index = _disputedSlot;
        }
        else
        {
            index = BucketOf(_byInvoiceDate ? invoiceDate : dueDate);
        }

        slot.Counts[index]++;
        if (TryToUnits(amount, slot.MinorUnits, out long units))
        {
            slot.Units[index] += units;
        }
        else
        {
            slot.Exact[index] += amount;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketOf(LocalDate date)
    {
        // Fibonacci hashing of the date's hash code (its packed year/month/day) picks the cache slot.
        int slot = (int)(unchecked((uint)date.GetHashCode() * 0x9E3779B1u) >> (32 - CacheBits));
        int cached = _cachedBuckets[slot];
        if (cached >= 0 && _cachedDates[slot] == date)
        {
            return cached;
        }

        int days = _asOfDay - DayNumber(date);
        var bounds = _lowerBounds;
        int index = 0;
        while (index < bounds.Length && days >= bounds[index])
        {
            index++;
        }

        _cachedDates[slot] = date;
        _cachedBuckets[slot] = index;
        return index;
    }

    internal ImmutableArray<CurrencyAging> Complete()
    {
        _slots.Sort(static (a, b) => string.CompareOrdinal(a.Currency.Code, b.Currency.Code) is var c and not 0 ? c : a.Currency.MinorUnits.CompareTo(b.Currency.MinorUnits));
        var result = ImmutableArray.CreateBuilder<CurrencyAging>(_slots.Count);
        var buckets = _options.Buckets.Buckets;
        foreach (var slot in _slots)
        {
            var lines = ImmutableArray.CreateBuilder<AgingLine>(buckets.Length);
            for (int i = 0; i < buckets.Length; i++)
            {
                lines.Add(new AgingLine(buckets[i], slot.Counts[i], Money.Of(slot.Amount(i), slot.Currency)));
            }

            result.Add(new CurrencyAging(
                slot.Currency,
                _options.Disputed,
                lines.MoveToImmutable(),
                slot.Counts[_disputedSlot],
                Money.Of(slot.Amount(_disputedSlot), slot.Currency),
                Money.Of(slot.UnappliedCredit, slot.Currency)));
        }

        return result.MoveToImmutable();
    }

    private Slot SlotFor(Currency currency)
    {
        // Shared ISO instances match by reference (cheap); equal custom instances by value.
        foreach (var slot in _slots)
        {
            if (ReferenceEquals(slot.Currency, currency))
            {
                _last = slot;
                return slot;
            }
        }

        foreach (var slot in _slots)
        {
            if (slot.Currency == currency)
            {
                _last = slot;
                return slot;
            }
        }

        if (_options.RequiredCurrency is { } required)
        {
            throw new ArgumentException(
                $"every item must be in {required.Code} (AgingOptions.RequiredCurrency) but one is in {currency.Code}.", "items");
        }

        _last = new Slot(currency, _disputedSlot + 1);
        _slots.Add(_last);
        return _last;
    }

    /// <summary>The amount as whole minor units when it is a non-negative whole number of them below 2^62.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryToUnits(decimal amount, int minorUnits, out long units)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        units = 0;
        if (bits[2] != 0 || bits[3] < 0)
        {
            return false;
        }

        ulong mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        int scale = (bits[3] >> 16) & 0xFF;
        if (scale == minorUnits)
        {
            if (mantissa >= MaxUnits)
            {
                return false;
            }

            units = (long)mantissa;
            return true;
        }

        if (scale < minorUnits)
        {
            int shift = minorUnits - scale;
            if (shift >= Pow10.Length || mantissa >= MaxUnits / Pow10[shift])
            {
                return false;
            }

            units = (long)(mantissa * Pow10[shift]);
            return true;
        }

        int down = scale - minorUnits;
        if (down >= Pow10.Length)
        {
            return false;
        }

        ulong divisor = Pow10[down];
        ulong quotient = mantissa / divisor;
        if (quotient * divisor != mantissa)
        {
            return false;
        }

        units = (long)quotient;
        return true;
    }

    private sealed class Slot
    {
        internal Slot(Currency currency, int size)
        {
            Currency = currency;
            MinorUnits = currency.MinorUnits;
            Counts = new int[size];
            Units = new Int128[size];
            Exact = new decimal[size];
        }

        internal Currency Currency { get; }

        internal int MinorUnits { get; }

        internal int[] Counts { get; }

        internal Int128[] Units { get; }

        internal decimal[] Exact { get; }

        internal decimal UnappliedCredit { get; set; }

        /// <summary>The exact sum of slot <paramref name="i"/>: minor units scaled back, plus the decimal part.</summary>
        internal decimal Amount(int i)
        {
            Int128 units = Units[i];
            if (units == Int128.Zero)
            {
                return Exact[i];
            }

            // |units| < 2^96 for any realistic count of items below 2^62 units: a decimal with scale = minor units.
            UInt128 magnitude = (UInt128)units;
            if (magnitude >> 96 != UInt128.Zero)
            {
                throw new OverflowException($"The aging total in {Currency.Code} is outside the range of decimal.");
            }

            int lo = unchecked((int)(uint)magnitude);
            int mid = unchecked((int)(uint)(magnitude >> 32));
            int hi = unchecked((int)(uint)(magnitude >> 64));
            return new decimal(lo, mid, hi, isNegative: false, scale: (byte)MinorUnits) + Exact[i];
        }
    }
}
