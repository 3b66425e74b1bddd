using System;
using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A validated sequence of <see cref="RatePeriod"/>s: ordered by start, contiguous (each period ends where the next
/// starts) and non-overlapping; only the last may be open-ended. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// A schedule covers <c>[FirstDate, End)</c> of its periods and nothing else: <see cref="PeriodOn"/> for a date
/// outside that range throws, naming the date and the covered range; it never falls back on a stale rate.
/// </remarks>
public sealed class RateSchedule
{
    private readonly RatePeriod[] _periods;

    private RateSchedule(RatePeriod[] periods)
    {
        _periods = periods;
        Periods = Array.AsReadOnly(periods);
    }

    /// <summary>The periods, ordered by start; never empty.</summary>
    public IReadOnlyList<RatePeriod> Periods { get; }

    /// <summary>The first day covered (the start of the first period).</summary>
    public LocalDate FirstDate => _periods[0].Start;

    /// <summary>The last day covered (the day before the end of the last period), or null when the schedule is open-ended.</summary>
    public LocalDate? LastDate => _periods[^1].End is { } end ? end.PlusDays(-1) : null;

    /// <summary>
    /// A single open-ended rate valid on every date (from <see cref="LocalDate.MinIsoValue"/>), e.g. a contractual
    /// fixed rate or Mexico's 6 % a year (Código de Comercio art. 362).
    /// </summary>
    /// <param name="annualRate">The annual rate as a fraction, −1 to 10.</param>
    /// <param name="source">Where the rate comes from.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="annualRate"/> is out of bounds.</exception>
    public static RateSchedule Fixed(decimal annualRate, string source)
        => new([new RatePeriod(LocalDate.MinIsoValue, null, annualRate, source)]);

    /// <summary>Creates a schedule from periods, validating that they are ordered, contiguous and non-overlapping.</summary>
    /// <param name="periods">At least one period; each period's end must equal the next period's start; only the last may be open-ended.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="periods"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The sequence is empty, holds <c>default(RatePeriod)</c>, or two consecutive periods overlap, leave a gap,
    /// are out of order, or an open-ended period is not last; the message names the periods' index and dates.
    /// </exception>
    public static RateSchedule Create(IEnumerable<RatePeriod> periods)
    {
        Guard.NotNull(periods);
        return CreateOwned(new List<RatePeriod>(periods).ToArray());
    }

    /// <summary>
    /// <see cref="Create(IEnumerable{RatePeriod})"/> of an array the caller made for the schedule (it is kept, not
    /// copied, and must not be changed afterwards): the same checks and messages.
    /// </summary>
    /// <param name="periods">The periods.</param>
    /// <returns>The schedule.</returns>
    internal static RateSchedule CreateOwned(RatePeriod[] periods)
    {
        var list = periods;
        if (list.Length == 0)
        {
            throw new ArgumentException("periods must hold at least one rate period (was empty).", nameof(periods));
        }

        for (int i = 0; i < list.Length; i++)
        {
            RatePeriod p = list[i];
            if (!p.HasSource)
            {
                throw new ArgumentException($"periods[{i}] is default(RatePeriod); build each period with its constructor.", nameof(periods));
            }

            if (i == 0)
            {
                continue;
            }

            RatePeriod previous = list[i - 1];
            if (previous.End is not { } previousEnd)
            {
                throw new ArgumentException(
                    $"periods[{i - 1}] {previous} is open-ended but is followed by periods[{i}] {p}; only the last period may be open-ended.",
                    nameof(periods));
            }

            if (previousEnd != p.Start)
            {
                string problem = previousEnd > p.Start ? "overlap or are out of order" : "leave a gap";
                throw new ArgumentException(
                    $"periods[{i - 1}] {previous} and periods[{i}] {p} {problem}: periods[{i}] must start on {RatePeriod.Format(previousEnd)} (was {RatePeriod.Format(p.Start)}).",
                    nameof(periods));
            }
        }

        return new RateSchedule(list);
    }

    /// <summary>Whether the schedule covers <paramref name="date"/>.</summary>
    /// <param name="date">The date.</param>
    /// <returns>True when <see cref="PeriodOn"/> would succeed.</returns>
    public bool Covers(LocalDate date) => date >= FirstDate && (_periods[^1].End is not { } end || date < end);

    /// <summary>The period that covers <paramref name="date"/>.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The covering period.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// No period covers the date; the message names the date and the covered range (first and last covered day).
    /// </exception>
    public RatePeriod PeriodOn(LocalDate date) => _periods[IndexOf(date)];

    /// <summary>Index of the period covering <paramref name="date"/> (binary search); throws when uncovered.</summary>
    internal int IndexOf(LocalDate date)
    {
        if (!Covers(date))
        {
            throw NotCovered(date);
        }

        int lo = 0, hi = _periods.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_periods[mid].Start <= date)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>The periods as an array, for the accrual engine (not copied; never mutated).</summary>
    internal RatePeriod[] PeriodArray => _periods;

    internal ArgumentOutOfRangeException NotCovered(LocalDate date)
        => new(
            nameof(date),
            date,
            $"No rate period covers {RatePeriod.Format(date)}: the schedule covers {RatePeriod.Format(FirstDate)} to {(LastDate is { } last ? RatePeriod.Format(last) + " (last covered date)" : "open end")}. Supply a rate for that date (e.g. through an IReferenceRateProvider) rather than reusing a stale one.");
}
