using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Collections;

/// <summary>
/// How far the simulation can go: the last day every bundled reference-rate table the late-charge terms read covers
/// without a gap from the first simulated day, and the table that ends first. Late interest for a later day cannot be
/// computed (the library never guesses a rate: it throws <see cref="ReferenceRateUnavailableException"/>), so the
/// sample stops there instead of failing every account that accrues interest.
/// </summary>
/// <param name="LastDay">The last day the simulation can run.</param>
/// <param name="Table">The table that ends on <paramref name="LastDay"/> (the first to end; ties by id).</param>
internal sealed record RateCoverage(LocalDate LastDay, ReferenceRateTable Table)
{
    /// <summary>The coverage of the tables <paramref name="terms"/> read, from <paramref name="from"/>; null when they read none.</summary>
    /// <param name="terms">The late-charge terms (the sample registers no host rates: every table is a built-in one).</param>
    /// <param name="from">The first simulated day.</param>
    public static RateCoverage? Of(IEnumerable<LateChargeTerms> terms, LocalDate from)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms
            .Where(t => t.Interest is not null)
            .SelectMany(t => TableIdsOf(t.Interest!.Rate))
            .Distinct(StringComparer.Ordinal)
            .Select(id => ReferenceRateTables.Get(id))
            .Select(table => new RateCoverage(CoveredThrough(table, from), table))
            .OrderBy(c => c.LastDay)
            .ThenBy(c => c.Table.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The reference-rate tables a rate definition reads.</summary>
    public static IEnumerable<string> TableIdsOf(LateInterestRate rate) => rate switch
    {
        LateInterestRate.FixedRate => [],
        LateInterestRate.ReferenceBasedRate reference => [reference.TableId],
        LateInterestRate.RoundedRate rounded => TableIdsOf(rounded.Inner),
        LateInterestRate.CappedRate capped => TableIdsOf(capped.Agreed).Concat(TableIdsOf(capped.Cap)),
        LateInterestRate.FlooredRate floored => TableIdsOf(floored.Agreed).Concat(TableIdsOf(floored.Floor)),
        LateInterestRate.SwitchedRate switched => TableIdsOf(switched.Before).Concat(TableIdsOf(switched.From)),
        null => throw new ArgumentNullException(nameof(rate)),
        _ => throw new ArgumentException($"rate is a {rate.GetType().Name}, which the sample cannot read the reference-rate tables of.", nameof(rate)),
    };

    /// <summary>The last day of the run of rows without a gap that covers <paramref name="from"/>; the day before it when no row does.</summary>
    private static LocalDate CoveredThrough(ReferenceRateTable table, LocalDate from)
    {
        if (!table.TryGetRate(from, out var row))
        {
            return from.PlusDays(-1);
        }

        var end = row.End!.Value;
        while (table.TryGetRate(end.PlusDays(1), out var next))
        {
            end = next.End!.Value;
        }

        return end;
    }

    /// <summary>"the bundled reference-rate table ID (name)".</summary>
    public string Describe() => $"the bundled reference-rate table {Table.Id} ({Table.Name})";
}
