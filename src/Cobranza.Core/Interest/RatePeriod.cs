using System;
using System.Collections.Generic;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// An annual interest rate valid from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive; null means
/// open-ended), as a fraction (<c>0.1015m</c> is 10.15 %), with the source that publishes or fixes it.
/// </summary>
/// <remarks>
/// Validated at construction: <see cref="End"/> is after <see cref="Start"/>, the rate lies within
/// <see cref="MinimumRate"/> and <see cref="MaximumRate"/>, the source is not empty, and a capped period carries
/// the rate it replaced. <c>default(RatePeriod)</c> has no source and is refused by <see cref="RateSchedule.Create"/>.
/// </remarks>
public readonly record struct RatePeriod
{
    /// <summary>The lowest annual rate accepted: −100 % (−1).</summary>
    public const decimal MinimumRate = -1m;

    /// <summary>The highest annual rate accepted: 1,000 % (10). Anything above is taken to be an input error (e.g. 12 meant as 12 %).</summary>
    public const decimal MaximumRate = 10m;

    /// <summary>Creates a validated rate period.</summary>
    /// <param name="start">First day the rate applies (inclusive).</param>
    /// <param name="end">Day the rate stops applying (exclusive), after <paramref name="start"/>; null for open-ended.</param>
    /// <param name="annualRate">The annual rate as a fraction, between −1 and 10 (−100 % to 1,000 %).</param>
    /// <param name="source">Where the rate comes from, e.g. <c>"BOE-A-2024-13584: 12,25 % 2nd half 2024"</c> or <c>"Contract clause 7"</c>.</param>
    /// <param name="capped">Whether <paramref name="annualRate"/> is a legal ceiling that replaced a higher rate (e.g. the Colombian usury rate).</param>
    /// <param name="uncappedRate">When <paramref name="capped"/>, the higher rate that the cap replaced; otherwise null or equal to <paramref name="annualRate"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar, or <paramref name="source"/> is empty, or the cap data is inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/>, or a rate is out of bounds.</exception>
    public RatePeriod(LocalDate start, LocalDate? end, decimal annualRate, string source, bool capped = false, decimal? uncappedRate = null)
        : this(start, end, annualRate, (object?)source, capped, uncappedRate)
    {
    }

    /// <summary>
    /// The checks and assignments of the public constructor, for a source that is the text or an object that writes it
    /// (<see cref="WithSource"/>).
    /// </summary>
    private RatePeriod(LocalDate start, LocalDate? end, decimal annualRate, object? source, bool capped, decimal? uncappedRate)
    {
        RequireIso(start, nameof(start));
        if (end is { } e)
        {
            RequireIso(e, nameof(end));
            if (e <= start)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(end), e, $"end must be after start {Format(start)} (was {Format(e)}); a rate period is [start, end).");
            }
        }

        RequireRate(annualRate, nameof(annualRate));
        if (source is string text)
        {
            Guard.NotNullOrWhiteSpace(text, nameof(source));
        }
        else
        {
            Guard.NotNull(source, nameof(source)); // a deferred source never writes an empty text
        }
        if (capped)
        {
            if (uncappedRate is not { } u)
            {
                throw new ArgumentException(
                    $"uncappedRate must be given when capped is true (was null); it is the rate the cap {Percent(annualRate)} replaced.",
                    nameof(uncappedRate));
            }

            RequireRate(u, nameof(uncappedRate));
            if (u <= annualRate)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(uncappedRate), u, $"uncappedRate must be above the capped annualRate {Percent(annualRate)} when capped is true (was {Percent(u)}).");
            }
        }
        else if (uncappedRate is { } u && u != annualRate)
        {
            throw new ArgumentException(
                $"uncappedRate must be null or equal to annualRate {Percent(annualRate)} when capped is false (was {Percent(u)}).",
                nameof(uncappedRate));
        }

        Start = start;
        End = end;
        AnnualRate = annualRate;
        _source = source;
        Capped = capped;
        UncappedRate = uncappedRate;
    }

    /// <summary>
    /// A period whose source is the text or an immutable object whose <see cref="object.ToString"/> writes it, the same
    /// text every time (<see cref="LateInterestRate.ReferenceBasedRate.DeferredSource"/>): the text is written when
    /// <see cref="Source"/> is read. Otherwise as the constructor, whose checks it makes (the text is not empty: the
    /// deferred sources never write an empty one).
    /// </summary>
    internal static RatePeriod WithSource(LocalDate start, LocalDate? end, decimal annualRate, object source, bool capped, decimal? uncappedRate)
        => new(start, end, annualRate, source, capped, uncappedRate);

    /// <summary>
    /// Whether the rate is provisional: a reference value carried forward because the official one was not loaded
    /// yet (<see cref="MissingRatePolicy.CarryForwardProvisional"/>). A statement using it is provisional.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Provisional { get; init; }

    /// <summary>
    /// When <see cref="Provisional"/> because <see cref="MissingRatePolicy.CarryForwardProvisional"/> carried a published
    /// value forward: that value, its table and the period it was published for; otherwise <see langword="null"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public CarriedReferenceRate? CarriedForward { get; init; }

    /// <summary>First day the rate applies (inclusive).</summary>
    public LocalDate Start { get; }

    /// <summary>Day the rate stops applying (exclusive); null when open-ended.</summary>
    public LocalDate? End { get; }

    /// <summary>The annual rate as a fraction (<c>0.1015m</c> is 10.15 %).</summary>
    public decimal AnnualRate { get; }

    /// <summary>Where the rate comes from (official publication, table, contract clause).</summary>
    /// <remarks>A resolved reference rate writes its text when read (<see cref="WithSource"/>): the same text on every read.</remarks>
    public string Source => _source?.ToString()!;

    /// <summary>The source: the text, or an immutable object that writes it (<see cref="WithSource"/>); null in <c>default(RatePeriod)</c>.</summary>
    private readonly object? _source;

    /// <summary>Whether the period has a source (<c>default(RatePeriod)</c> has none), without writing a deferred one.</summary>
    internal bool HasSource => _source is not null;

    /// <summary>Whether <see cref="AnnualRate"/> is a ceiling that replaced a higher agreed or statutory rate.</summary>
    public bool Capped { get; }

    /// <summary>When <see cref="Capped"/>, the rate the ceiling replaced.</summary>
    public decimal? UncappedRate { get; }

    /// <summary>Value equality: every member, <see cref="Source"/> compared as text (ordinal), however it is held.</summary>
    /// <param name="other">The other period.</param>
    /// <returns><see langword="true"/> when both periods carry the same values.</returns>
    public bool Equals(RatePeriod other)
        => Start == other.Start && End == other.End && AnnualRate == other.AnnualRate && Capped == other.Capped && UncappedRate == other.UncappedRate
            && Provisional == other.Provisional && EqualityComparer<CarriedReferenceRate?>.Default.Equals(CarriedForward, other.CarriedForward)
            && (ReferenceEquals(_source, other._source) || string.Equals(Source, other.Source, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode()
        => HashCode.Combine(Start, End, AnnualRate, Capped, UncappedRate, Provisional, CarriedForward, Source is { } text ? StringComparer.Ordinal.GetHashCode(text) : 0);

    /// <summary>Whether <paramref name="date"/> is in <c>[Start, End)</c>.</summary>
    /// <param name="date">The date to test.</param>
    /// <returns>True when the period covers the date.</returns>
    public bool Contains(LocalDate date) => date >= Start && (End is not { } end || date < end);

    /// <summary>Invariant text, e.g. <c>[2024-01-01, 2024-07-01) 12.25 % (BOE ...)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"[{Format(Start)}, {(End is { } e ? Format(e) : "open")}) {Percent(AnnualRate)}{(Capped ? " capped" : string.Empty)} ({Source})";

    internal static string Format(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    internal static string Percent(decimal rate) => (rate * 100m).ToString("0.######", CultureInfo.InvariantCulture) + " %";

    internal static void RequireIso(LocalDate date, string name)
    {
        if (!ReferenceEquals(date.Calendar, CalendarSystem.Iso))
        {
            throw new ArgumentException($"{name} must be a date in the ISO calendar (was {date} in {date.Calendar.Id}).", name);
        }
    }

    internal static void RequireRate(decimal rate, string name)
    {
        if (rate < MinimumRate || rate > MaximumRate)
        {
            throw new ArgumentOutOfRangeException(
                name, rate, $"{name} must be between -100 % and 1000 % a year, given as a fraction (-1 to 10) (was {rate.ToString(CultureInfo.InvariantCulture)}, i.e. {Percent(rate)}).");
        }
    }
}
