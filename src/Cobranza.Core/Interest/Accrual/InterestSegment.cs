using System;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// One line of an interest statement: a run of days with one balance and one rate, <c>[Start, End)</c>.
/// </summary>
public readonly record struct InterestSegment
{
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
    {
        Start = start;
        End = end;
        Days = days;
        Balance = balance;
        AnnualRate = rate.AnnualRate;
        Quotation = quotation;
        RateSource = rate.Source;
        Capped = rate.Capped;
        UncappedRate = rate.UncappedRate;
        DayCount = dayCount;
        Numerator = numerator;
        Denominator = denominator;
        Amount = amount;
    }

    private InterestSegment(InterestSegment other, Money amount)
    {
        this = other;
        Amount = amount;
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
    public Money Balance { get; }

    /// <summary>The applied annual rate as a fraction, quoted as <see cref="Quotation"/>.</summary>
    public decimal AnnualRate { get; }

    /// <summary>How <see cref="AnnualRate"/> is quoted.</summary>
    public RateQuotation Quotation { get; }

    /// <summary>The source of the rate.</summary>
    public string RateSource { get; }

    /// <summary>Whether the applied rate is a ceiling that replaced a higher rate.</summary>
    public bool Capped { get; }

    /// <summary>When <see cref="Capped"/>, the rate the ceiling replaced.</summary>
    public decimal? UncappedRate { get; }

    /// <summary>The day-count convention used.</summary>
    public DayCount DayCount { get; }

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
    public Money Amount { get; }

    internal InterestSegment WithAmount(Money amount) => new(this, amount);
}
