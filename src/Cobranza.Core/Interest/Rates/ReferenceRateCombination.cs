using System.Collections.Generic;
using System.Text;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// The result of <see cref="ReferenceRateTable.Combine"/>: the combined table, where the host's rows replaced the
/// table's (<see cref="Overlaps"/>), and the dates no row covers (<see cref="Gaps"/>, which still throw
/// <see cref="ReferenceRateUnavailableException"/>).
/// </summary>
public sealed class ReferenceRateCombination
{
    internal ReferenceRateCombination(ReferenceRateTable table, IReadOnlyList<ReferenceRateOverlap> overlaps, IReadOnlyList<DateInterval> gaps)
    {
        Table = table;
        Overlaps = overlaps;
        Gaps = gaps;
    }

    /// <summary>The combined table (same id, name and publication as the original).</summary>
    public ReferenceRateTable Table { get; }

    /// <summary>Every run of days where a host row replaced a row of the original table, in date order.</summary>
    public IReadOnlyList<ReferenceRateOverlap> Overlaps { get; }

    /// <summary>Every run of days between the first covered date and <see cref="ReferenceRateTable.CoveredUntil"/> that no row covers, in date order (inclusive intervals).</summary>
    public IReadOnlyList<DateInterval> Gaps { get; }

    /// <summary>A report of the combination, one line per overlap and gap.</summary>
    /// <returns>The report.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Table.ToString()).Append(": ").Append(Overlaps.Count).Append(" overlap(s), ").Append(Gaps.Count).Append(" gap(s)");
        foreach (ReferenceRateOverlap overlap in Overlaps)
        {
            text.AppendLine().Append("  overlap ").Append(overlap.ToString());
        }

        foreach (DateInterval gap in Gaps)
        {
            text.AppendLine().Append("  gap ").Append(ReferenceRateLookup.Iso(gap.Start)).Append(" to ").Append(ReferenceRateLookup.Iso(gap.End));
        }

        return text.ToString();
    }
}
