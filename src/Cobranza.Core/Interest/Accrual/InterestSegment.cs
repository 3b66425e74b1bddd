using System;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// One line of an interest statement: a run of days with one balance and one rate, <c>[Start, End)</c>.
/// </summary>
public readonly record struct InterestSegment
{
    /// <summary>
    /// The rate fields and the currency, one object per rate period of a statement (value equality, so two
    /// segments still compare by their rate, quotation, source, cap, day count and currency, not by reference).
    /// The balance and the amount are kept as decimals in that currency: one reference per segment, 72 bytes.
    /// </summary>
    private readonly SegmentRate _rate;

    private readonly decimal _balance;

    private readonly decimal _amount;

    internal InterestSegment(
        LocalDate start,
        LocalDate end,
        int days,
        Money balance,
        in RatePeriod rate,
        RateQuotation quotation,
        DayCount dayCount,
        decimal numerator,
        int denominator,
        Money amount)
        : this(start, end, days, balance.Amount, new SegmentRate(rate, quotation, dayCount, balance.Currency), numerator, denominator, AmountOf(amount))
    {
    }

    /// <summary>A segment whose rate fields (and currency) are shared with the other segments of the same rate period.</summary>
    internal InterestSegment(
        LocalDate start,
        LocalDate end,
        int days,
        decimal balance,
        SegmentRate rate,
        decimal numerator,
        int denominator,
        decimal amount)
    {
        Start = start;
        End = end;
        Days = days;
        _balance = balance;
        _rate = rate;
        Numerator = numerator;
        Denominator = denominator;
        _amount = amount;
    }

    private InterestSegment(InterestSegment other, Money amount)
    {
        this = other;
        _amount = amount.Amount;
    }

    /// <summary>First day of the segment (accrues).</summary>
    public LocalDate Start { get; }

    /// <summary>Day after the last day of the segment (does not accrue in this segment).</summary>
    public LocalDate End { get; }

    /// <summary>Last day of the segment (accrues): <c>End − 1 day</c>.</summary>
    public LocalDate LastDay => End.PlusDays(-1);

    /// <summary>Days counted by the day count in <c>[Start, End)</c>.</summary>
    public int Days { get; }

    /// <summary>The balance that bears interest in this segment (including capitalised interest when compounding). Zero or negative balances accrue nothing.</summary>
    public Money Balance => _rate is null ? default : new Money(_balance, _rate.Currency);

    /// <summary>The applied annual rate as a fraction, quoted as <see cref="Quotation"/>.</summary>
    public decimal AnnualRate => _rate.AnnualRate;

    /// <summary>How <see cref="AnnualRate"/> is quoted.</summary>
    public RateQuotation Quotation => _rate.Quotation;

    /// <summary>The source of the rate.</summary>
    public string RateSource => _rate.Source;

    /// <summary>Whether the applied rate is a ceiling that replaced a higher rate.</summary>
    public bool Capped => _rate.Capped;

    /// <summary>When <see cref="Capped"/>, the rate the ceiling replaced.</summary>
    public decimal? UncappedRate => _rate.UncappedRate;

    /// <summary>The day-count convention used.</summary>
    public DayCount DayCount => _rate.DayCount;

    /// <summary>The interest of the segment before rounding (<see cref="DayCount.Accrue(decimal, LocalDate, LocalDate)"/>, division last).</summary>
    public decimal ExactAmount => Denominator == 1 ? Numerator : Numerator / Denominator;

    /// <summary><c>balance × rate × day-count numerator</c>, before the division by <see cref="Denominator"/>.</summary>
    internal decimal Numerator { get; }

    /// <summary>The day-count denominator (1 when the numerator is already the amount).</summary>
    internal int Denominator { get; }

    /// <summary>
    /// The interest shown for the segment, in whole minor units: its own rounding with
    /// <see cref="InterestRoundingPoint.PerSegment"/>, or its share of the rounded total with
    /// <see cref="InterestRoundingPoint.Total"/> (largest remainder), so segments always add up to the statement's accrued interest.
    /// </summary>
    public Money Amount => _rate is null ? default : new Money(_amount, _rate.Currency);

    internal InterestSegment WithAmount(Money amount) => new(this, amount);

    /// <summary>The balance as a decimal, without the currency (for the engine's checks).</summary>
    internal decimal BalanceAmount => _balance;

    /// <summary>
    /// Sets the displayed amount of a segment in the engine's own array, once the rounded total is shared out and
    /// before the statement publishes the array (the amount is known only after every segment is drafted; writing it
    /// in place saves building each segment twice).
    /// </summary>
    internal static void SetAmount(ref InterestSegment segment, decimal amount) => Unsafe.AsRef(in segment._amount) = amount;

    /// <summary>The amount of a placeholder (<c>default(Money)</c> stands for "not set yet": zero).</summary>
    private static decimal AmountOf(Money amount) => amount.Equals(default(Money)) ? 0m : amount.Amount;
}

/// <summary>The rate fields and the currency of <see cref="InterestSegment"/>, shared by the segments of one rate period.</summary>
internal sealed record SegmentRate
{
    internal SegmentRate(in RatePeriod rate, RateQuotation quotation, DayCount dayCount, Currency currency)
    {
        Currency = currency;
        AnnualRate = rate.AnnualRate;
        Quotation = quotation;
        Source = rate.Source;
        Capped = rate.Capped;
        UncappedRate = rate.UncappedRate;
        DayCount = dayCount;
    }

    internal decimal AnnualRate { get; }

    internal RateQuotation Quotation { get; }

    internal string Source { get; }

    internal bool Capped { get; }

    internal decimal? UncappedRate { get; }

    internal DayCount DayCount { get; }

    internal Currency Currency { get; }
}
