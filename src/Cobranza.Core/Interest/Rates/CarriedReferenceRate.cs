using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// The published reference value that <see cref="MissingRatePolicy.CarryForwardProvisional"/> carried forward over days
/// whose official value is not loaded yet: which table, which value, and the period it was published for. A notice
/// quotes it ("the last known rate, in force from … to …") and says the figure will be recalculated.
/// </summary>
/// <remarks>Immutable and validated at construction; equal when every field is equal.</remarks>
public sealed record CarriedReferenceRate
{
    /// <summary>Creates the description of a carried value.</summary>
    /// <param name="tableId">The reference-rate table (not empty, e.g. <c>ES-LATE-COMMERCIAL</c>).</param>
    /// <param name="value">The published value carried forward, as an annual fraction (<c>0.1015m</c> = 10.15 %), between −1 and 10.</param>
    /// <param name="publishedFrom">The first day the published value applies (inclusive, ISO calendar).</param>
    /// <param name="publishedThrough">The last day it was published for (inclusive), or <see langword="null"/> when the row was open-ended.</param>
    /// <exception cref="ArgumentException"><paramref name="tableId"/> is empty, a date is not ISO, <paramref name="publishedThrough"/> is before <paramref name="publishedFrom"/>, or <paramref name="value"/> is out of range.</exception>
    public CarriedReferenceRate(string tableId, decimal value, LocalDate publishedFrom, LocalDate? publishedThrough)
    {
        TableId = Guard.NotNullOrWhiteSpace(tableId);
        RatePeriod.RequireRate(value, nameof(value));
        RatePeriod.RequireIso(publishedFrom, nameof(publishedFrom));
        if (publishedThrough is { } through)
        {
            RatePeriod.RequireIso(through, nameof(publishedThrough));
            if (through < publishedFrom)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(publishedThrough), through, $"publishedThrough must not be before publishedFrom {RatePeriod.Format(publishedFrom)} (was {RatePeriod.Format(through)}).");
            }
        }

        Value = value;
        PublishedFrom = publishedFrom;
        PublishedThrough = publishedThrough;
    }

    /// <summary>The reference-rate table.</summary>
    public string TableId { get; }

    /// <summary>The published value carried forward, as an annual fraction.</summary>
    public decimal Value { get; }

    /// <summary>The first day the published value applies (inclusive).</summary>
    public LocalDate PublishedFrom { get; }

    /// <summary>The last day it was published for (inclusive), or <see langword="null"/> when open-ended.</summary>
    public LocalDate? PublishedThrough { get; }

    /// <summary>Invariant text, e.g. <c>ES-LATE-COMMERCIAL 10.15 % published for 2026-01-01 to 2026-06-30</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"{TableId} {RatePeriod.Percent(Value)} published for {RatePeriod.Format(PublishedFrom)} to {(PublishedThrough is { } t ? RatePeriod.Format(t) : "further notice")}";
}
