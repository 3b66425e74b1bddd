using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// One dated value of a reference rate (or of a published statutory rate): the annual rate that applies from
/// <see cref="Start"/> to <see cref="End"/>, both inclusive, with its source and how well that source is verified.
/// </summary>
/// <remarks>Immutable and validated at construction. Rates are fractions: <c>0.0215m</c> is 2.15 %.</remarks>
public sealed record ReferenceRate
{
    /// <summary>Creates a dated reference-rate value.</summary>
    /// <param name="start">First day the value applies (inclusive).</param>
    /// <param name="end">
    /// Last day the value applies (inclusive), or <see langword="null"/> when it is in force until further notice
    /// (a host provider that knows the current rate). Must not be before <paramref name="start"/>.
    /// </param>
    /// <param name="rate">The annual rate as a fraction (<c>0.0215m</c> = 2.15 %); between <see cref="RatePeriod.MinimumRate"/> (-100 %) and <see cref="RatePeriod.MaximumRate"/> (1,000 %).</param>
    /// <param name="source">Where the value comes from (official reference, e.g. <c>BOE-A-2025-13217</c>).</param>
    /// <param name="verification">How well <paramref name="source"/> is verified.</param>
    /// <exception cref="ArgumentException">A bound, the rate or the source is invalid; the message names it and its value.</exception>
    public ReferenceRate(LocalDate start, LocalDate? end, decimal rate, string source, RateVerification verification)
    {
        if (end is { } last && last < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"end must not be before start ({start:uuuu-MM-dd}) (was {last:uuuu-MM-dd}).");
        }

        if (rate < RatePeriod.MinimumRate || rate > RatePeriod.MaximumRate)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"rate must be an annual fraction between -1 and 10 (-100 % to 1,000 %) (was {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        if (!Enum.IsDefined(verification))
        {
            throw new ArgumentOutOfRangeException(nameof(verification), verification, $"verification is not a defined RateVerification (was {(int)verification}).");
        }

        Start = start;
        End = end;
        Rate = rate;
        Source = Guard.NotNullOrWhiteSpace(source);
        Verification = verification;
    }

    /// <summary>First day the value applies (inclusive).</summary>
    public LocalDate Start { get; }

    /// <summary>Last day the value applies (inclusive); <see langword="null"/> when in force until further notice.</summary>
    public LocalDate? End { get; }

    /// <summary>The annual rate as a fraction (<c>0.0215m</c> = 2.15 %).</summary>
    public decimal Rate { get; }

    /// <summary>The annual rate in percent, as published (<c>2.15m</c>).</summary>
    public decimal RatePercent => Rate * 100m;

    /// <summary>Where the value comes from.</summary>
    public string Source { get; }

    /// <summary>How well <see cref="Source"/> is verified; anything below <see cref="RateVerification.Verified"/> must be checked against the official publication.</summary>
    public RateVerification Verification { get; }

    /// <summary>
    /// Whether the value was not published for these days but carried forward from the last known value
    /// (<see cref="MissingRatePolicy.CarryForwardProvisional"/>); a figure computed with it is an estimate.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Provisional { get; init; }

    /// <summary>
    /// When the value was carried forward (<see cref="MissingRatePolicy.CarryForwardProvisional"/>): the published value,
    /// its table and the period it was published for; otherwise <see langword="null"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public CarriedReferenceRate? CarriedForward { get; init; }

    /// <summary>Whether <paramref name="date"/> lies in <c>[Start, End]</c>.</summary>
    /// <param name="date">The date to test.</param>
    /// <returns><see langword="true"/> when the value applies on <paramref name="date"/>.</returns>
    public bool Covers(LocalDate date) => date >= Start && (End is not { } end || date <= end);

    /// <inheritdoc/>
    public override string ToString()
        => $"{RatePercent.ToString(System.Globalization.CultureInfo.InvariantCulture)} % from {Start:uuuu-MM-dd} to {(End is { } e ? e.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "further notice")} ({Source}; {Verification})";
}
