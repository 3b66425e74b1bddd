using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A run of days on which an interest figure used a provisional rate (<see cref="MissingRatePolicy.CarryForwardProvisional"/>):
/// the official reference value for those days was not loaded yet, so the last known one was carried forward. The
/// figure is an estimate until the official value is loaded and is recalculated then (docs/interest.md,
/// "Provisional mode: decisions and notices").
/// </summary>
/// <remarks>Immutable and validated at construction; equal when every field is equal.</remarks>
public sealed record ProvisionalInterestPeriod
{
    /// <summary>Creates the period.</summary>
    /// <param name="from">The first day at the provisional rate (inclusive, ISO calendar).</param>
    /// <param name="to">The last day at the provisional rate (inclusive), not before <paramref name="from"/>.</param>
    /// <param name="annualRate">The late-interest rate applied on those days (the carried value with the terms' spread, caps and floors), as an annual fraction between −1 and 10.</param>
    /// <param name="carried">The published value carried forward, or <see langword="null"/> when the host's provider itself marked the rate provisional.</param>
    /// <exception cref="ArgumentException">A date is not ISO, <paramref name="to"/> is before <paramref name="from"/>, or <paramref name="annualRate"/> is out of range.</exception>
    public ProvisionalInterestPeriod(LocalDate from, LocalDate to, decimal annualRate, CarriedReferenceRate? carried)
    {
        RatePeriod.RequireIso(from, nameof(from));
        RatePeriod.RequireIso(to, nameof(to));
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"to must not be before from {RatePeriod.Format(from)} (was {RatePeriod.Format(to)}).");
        }

        RatePeriod.RequireRate(annualRate, nameof(annualRate));
        From = from;
        To = to;
        AnnualRate = annualRate;
        Carried = carried;
    }

    /// <summary>The first day at the provisional rate (inclusive).</summary>
    public LocalDate From { get; }

    /// <summary>The last day at the provisional rate (inclusive).</summary>
    public LocalDate To { get; }

    /// <summary>The late-interest rate applied on those days, as an annual fraction.</summary>
    public decimal AnnualRate { get; }

    /// <summary>The published value carried forward, or <see langword="null"/> when the host's provider marked the rate provisional itself.</summary>
    public CarriedReferenceRate? Carried { get; }

    /// <summary>Invariant text, e.g. <c>2026-07-01 to 2026-07-07 at 10.15 % (provisional: ES-LATE-COMMERCIAL 10.15 % published for 2026-01-01 to 2026-06-30)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"{RatePeriod.Format(From)} to {RatePeriod.Format(To)} at {RatePeriod.Percent(AnnualRate)} (provisional{(Carried is { } c ? ": " + c : string.Empty)})";

    /// <summary>
    /// The provisional days of <paramref name="schedule"/> within <c>[first, last]</c> (both inclusive), one entry per
    /// provisional rate period, clipped to those days; empty when none.
    /// </summary>
    internal static ImmutableArray<ProvisionalInterestPeriod> Within(RateSchedule schedule, LocalDate first, LocalDate last)
    {
        if (last < first)
        {
            return ImmutableArray<ProvisionalInterestPeriod>.Empty;
        }

        ImmutableArray<ProvisionalInterestPeriod>.Builder? found = null;
        foreach (var period in schedule.Periods)
        {
            if (!period.Provisional)
            {
                continue;
            }

            LocalDate from = period.Start > first ? period.Start : first;
            LocalDate to = period.End is { } end && end.PlusDays(-1) < last ? end.PlusDays(-1) : last;
            if (from <= to)
            {
                (found ??= ImmutableArray.CreateBuilder<ProvisionalInterestPeriod>()).Add(new ProvisionalInterestPeriod(from, to, period.AnnualRate, period.CarriedForward));
            }
        }

        return found?.ToImmutable() ?? ImmutableArray<ProvisionalInterestPeriod>.Empty;
    }

    /// <summary>
    /// Adds <paramref name="more"/> to <paramref name="into"/>, merging entries with the same rate and carried value
    /// into one run from the earliest to the latest day (several items of one notice share the carried rate from
    /// different first days), in order of first day.
    /// </summary>
    internal static void Merge(List<ProvisionalInterestPeriod> into, ImmutableArray<ProvisionalInterestPeriod> more)
    {
        foreach (var p in more)
        {
            int i = into.FindIndex(q => q.AnnualRate == p.AnnualRate && q.Carried == p.Carried);
            if (i < 0)
            {
                into.Add(p);
            }
            else
            {
                var q = into[i];
                into[i] = new ProvisionalInterestPeriod(q.From < p.From ? q.From : p.From, q.To > p.To ? q.To : p.To, p.AnnualRate, p.Carried);
            }
        }

        into.Sort((a, b) => a.From.CompareTo(b.From));
    }
}
