using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A dated table of reference-rate values with its source and the honest limits of its coverage: the date it was
/// last updated and the date up to which it vouches for its values (<see cref="CoveredUntil"/>).
/// </summary>
/// <remarks>
/// <para>
/// Rows are inclusive periods <c>[Start, End]</c>, sorted and non-overlapping. A date not inside any row (a gap, a
/// date before the first row or after <see cref="CoveredUntil"/>) has <b>no</b> value: <see cref="GetRate"/>
/// throws <see cref="ReferenceRateUnavailableException"/> naming the last covered date, and never carries the
/// previous value forward.
/// </para>
/// <para>Immutable and thread-safe. Look-ups are a binary search (O(log rows)) and do not allocate.</para>
/// </remarks>
public sealed class ReferenceRateTable
{
    private readonly ReferenceRate[] _rows;
    private readonly LocalDate[] _starts;

    /// <summary>Creates a table.</summary>
    /// <param name="id">Stable identifier used in configuration and by <see cref="IReferenceRateProvider"/>, e.g. <c>ECB-MRO</c>.</param>
    /// <param name="name">Human-readable name.</param>
    /// <param name="source">Publisher and legal basis of the series.</param>
    /// <param name="lastUpdated">The date up to which publications were checked when the table was compiled.</param>
    /// <param name="coveredUntil">The last date the table vouches for; asking for a later date is an error.</param>
    /// <param name="rows">
    /// The values, sorted by <see cref="ReferenceRate.Start"/>, non-overlapping. Only the last row may have an open
    /// <see cref="ReferenceRate.End"/>; it is then closed at <paramref name="coveredUntil"/>.
    /// </param>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and the offending value.</exception>
    public ReferenceRateTable(string id, string name, string source, LocalDate lastUpdated, LocalDate coveredUntil, IEnumerable<ReferenceRate> rows)
    {
        Id = Guard.NotNullOrWhiteSpace(id);
        Name = Guard.NotNullOrWhiteSpace(name);
        Source = Guard.NotNullOrWhiteSpace(source);
        LastUpdated = lastUpdated;
        CoveredUntil = coveredUntil;

        var list = new List<ReferenceRate>();
        foreach (ReferenceRate? row in Guard.NotNull(rows))
        {
            list.Add(row ?? throw new ArgumentException($"rows of table '{id}' must not contain null (index {list.Count}).", nameof(rows)));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException($"rows of table '{id}' must not be empty.", nameof(rows));
        }

        for (int i = 0; i < list.Count; i++)
        {
            ReferenceRate row = list[i];
            bool last = i == list.Count - 1;
            if (row.End is not { } end)
            {
                if (!last)
                {
                    throw new ArgumentException($"rows of table '{id}': only the last row may be open-ended (row {i} starting {Iso(row.Start)} is).", nameof(rows));
                }

                if (row.Start > coveredUntil)
                {
                    throw new ArgumentException($"rows of table '{id}': the last row starts {Iso(row.Start)}, after coveredUntil {Iso(coveredUntil)}.", nameof(rows));
                }

                list[i] = new ReferenceRate(row.Start, coveredUntil, row.Rate, row.Source, row.Verification);
            }
            else if (end > coveredUntil)
            {
                throw new ArgumentException($"rows of table '{id}': row {i} ends {Iso(end)}, after coveredUntil {Iso(coveredUntil)}.", nameof(rows));
            }

            if (i > 0 && list[i - 1].End!.Value >= row.Start)
            {
                throw new ArgumentException($"rows of table '{id}' must be sorted and must not overlap (row {i} starts {Iso(row.Start)}, row {i - 1} ends {Iso(list[i - 1].End!.Value)}).", nameof(rows));
            }
        }

        _rows = list.ToArray();
        _starts = Array.ConvertAll(_rows, r => r.Start);
        Rows = Array.AsReadOnly(_rows);
    }

    /// <summary>Stable identifier, e.g. <c>ECB-MRO</c>.</summary>
    public string Id { get; }

    /// <summary>Human-readable name.</summary>
    public string Name { get; }

    /// <summary>Publisher and legal basis of the series.</summary>
    public string Source { get; }

    /// <summary>The date up to which publications were checked when the table was compiled.</summary>
    public LocalDate LastUpdated { get; }

    /// <summary>The last date the table vouches for. A later date is an error unless a host provider covers it.</summary>
    public LocalDate CoveredUntil { get; }

    /// <summary>The first date the table covers.</summary>
    public LocalDate FirstCovered => _rows[0].Start;

    /// <summary>The rows, sorted, each with a closed <see cref="ReferenceRate.End"/>.</summary>
    public IReadOnlyList<ReferenceRate> Rows { get; }

    /// <summary>Looks up the value in force on <paramref name="date"/>.</summary>
    /// <param name="date">The date asked.</param>
    /// <param name="rate">The row covering the date, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a row covers <paramref name="date"/>.</returns>
    public bool TryGetRate(LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
    {
        int index = IndexOn(date);
        if (index >= 0 && date <= _rows[index].End!.Value)
        {
            rate = _rows[index];
            return true;
        }

        rate = null;
        return false;
    }

    /// <summary>The value in force on <paramref name="date"/>.</summary>
    /// <param name="date">The date asked.</param>
    /// <returns>The row covering the date.</returns>
    /// <exception cref="ReferenceRateUnavailableException">
    /// No row covers the date (before the first row, in a gap, or after <see cref="CoveredUntil"/>); the message
    /// names the last covered date.
    /// </exception>
    public ReferenceRate GetRate(LocalDate date)
        => TryGetRate(date, out ReferenceRate? rate) ? rate : throw Unavailable(date);

    /// <summary>The last date on or before <paramref name="date"/> that the table covers, or <see langword="null"/> when the date is before the table starts.</summary>
    /// <param name="date">The date asked.</param>
    /// <returns>The last covered date not after <paramref name="date"/>.</returns>
    public LocalDate? LastCoveredOnOrBefore(LocalDate date)
    {
        int index = IndexOn(date);
        if (index < 0)
        {
            return null;
        }

        LocalDate end = _rows[index].End!.Value;
        return end < date ? end : date;
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Id} ({Name}): {Iso(FirstCovered)} to {Iso(CoveredUntil)}, {_rows.Length} rows, last updated {Iso(LastUpdated)}";

    /// <summary>
    /// Where and when the official values appear, for the message of a missing rate; <see langword="null"/> for a
    /// host table that does not say.
    /// </summary>
    /// <value>Default <see langword="null"/>; set on every built-in table.</value>
    public ReferenceRatePublication? Publication { get; init; }

    /// <summary>
    /// Combines this table with the host's rows: on every day a host row covers, the host row wins; elsewhere this
    /// table's rows stay. The result reports each replaced run of days and each gap, with dates.
    /// </summary>
    /// <remarks>
    /// The combined table keeps <see cref="Id"/>, <see cref="Name"/> and <see cref="Publication"/>; its
    /// <see cref="CoveredUntil"/> is the later of this table's and the host rows' last day, and its
    /// <see cref="LastUpdated"/> the later of this table's and that day. A host row in force "until further notice"
    /// (open <see cref="ReferenceRate.End"/>, e.g. the last row of a change table) must be closed by
    /// <paramref name="coveredUntil"/>: the library never carries a value forward on its own.
    /// </remarks>
    /// <param name="hostRows">The host's rows, sorted by start, not overlapping each other; only the last may be open-ended.</param>
    /// <param name="coveredUntil">The last day the host vouches for, closing an open-ended last host row; optional otherwise.</param>
    /// <returns>The combined table and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hostRows"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A host row is null, out of order, overlaps another host row, is open-ended without <paramref name="coveredUntil"/>,
    /// or ends after <paramref name="coveredUntil"/>; the message names the row.
    /// </exception>
    public ReferenceRateCombination Combine(IEnumerable<ReferenceRate> hostRows, LocalDate? coveredUntil = null)
    {
        var host = new List<ReferenceRate>();
        foreach (ReferenceRate? row in Guard.NotNull(hostRows))
        {
            if (row is null)
            {
                throw new ArgumentException($"hostRows for table '{Id}' must not contain null (index {host.Count}).", nameof(hostRows));
            }

            host.Add(row);
        }

        for (int i = 0; i < host.Count; i++)
        {
            ReferenceRate row = host[i];
            if (row.End is not { } end)
            {
                if (i < host.Count - 1)
                {
                    throw new ArgumentException($"hostRows for table '{Id}': only the last row may be open-ended (row {i} starting {Iso(row.Start)} is).", nameof(hostRows));
                }

                if (coveredUntil is not { } until)
                {
                    throw new ArgumentException(
                        $"hostRows for table '{Id}': the last row ({Iso(row.Start)}, {ReferenceRateLookup.Percent(row.Rate)}) is in force until further notice; pass coveredUntil, the last day you vouch for it (the library never carries a rate forward on its own).",
                        nameof(hostRows));
                }

                if (until < row.Start)
                {
                    throw new ArgumentOutOfRangeException(nameof(coveredUntil), until, $"coveredUntil {Iso(until)} is before the start {Iso(row.Start)} of the last host row of table '{Id}'.");
                }

                host[i] = new ReferenceRate(row.Start, until, row.Rate, row.Source, row.Verification);
            }
            else if (coveredUntil is { } until && end > until)
            {
                throw new ArgumentOutOfRangeException(nameof(coveredUntil), until, $"coveredUntil {Iso(until)} is before the end {Iso(end)} of host row {i} of table '{Id}'.");
            }

            if (i > 0 && host[i - 1].End!.Value >= row.Start)
            {
                throw new ArgumentException(
                    $"hostRows for table '{Id}' must be sorted and must not overlap each other (row {i} starts {Iso(row.Start)}, row {i - 1} ends {Iso(host[i - 1].End!.Value)}).",
                    nameof(hostRows));
            }
        }

        // Each of this table's rows minus the days the host rows cover; both lists are sorted, so one forward walk.
        var merged = new List<ReferenceRate>(_rows.Length + host.Count);
        var overlaps = new List<ReferenceRateOverlap>();
        int h = 0;
        foreach (ReferenceRate row in _rows)
        {
            LocalDate rowEnd = row.End!.Value;
            while (h < host.Count && host[h].End!.Value < row.Start)
            {
                h++;
            }

            LocalDate from = row.Start;
            for (int k = h; k < host.Count && host[k].Start <= rowEnd; k++)
            {
                ReferenceRate hostRow = host[k];
                LocalDate overlapStart = hostRow.Start > row.Start ? hostRow.Start : row.Start;
                LocalDate overlapEnd = hostRow.End!.Value < rowEnd ? hostRow.End!.Value : rowEnd;
                overlaps.Add(new ReferenceRateOverlap(overlapStart, overlapEnd, row, hostRow));
                if (hostRow.Start > from)
                {
                    merged.Add(new ReferenceRate(from, hostRow.Start.PlusDays(-1), row.Rate, row.Source, row.Verification));
                }

                from = overlapEnd.PlusDays(1);
            }

            if (from <= rowEnd)
            {
                merged.Add(from == row.Start ? row : new ReferenceRate(from, rowEnd, row.Rate, row.Source, row.Verification));
            }
        }

        merged.AddRange(host);
        merged.Sort((a, b) => a.Start.CompareTo(b.Start));

        var gaps = new List<DateInterval>();
        for (int i = 1; i < merged.Count; i++)
        {
            LocalDate afterPrevious = merged[i - 1].End!.Value.PlusDays(1);
            if (merged[i].Start > afterPrevious)
            {
                gaps.Add(new DateInterval(afterPrevious, merged[i].Start.PlusDays(-1)));
            }
        }

        LocalDate hostLast = host.Count == 0 ? CoveredUntil : host[^1].End!.Value;
        LocalDate newCoveredUntil = hostLast > CoveredUntil ? hostLast : CoveredUntil;
        if (coveredUntil is { } given && given > newCoveredUntil)
        {
            newCoveredUntil = given;
        }

        LocalDate lastRowEnd = merged[^1].End!.Value;
        if (lastRowEnd < newCoveredUntil)
        {
            gaps.Add(new DateInterval(lastRowEnd.PlusDays(1), newCoveredUntil));
        }

        var table = new ReferenceRateTable(Id, Name, host.Count == 0 ? Source : Source + "; with host rows", LastUpdated > newCoveredUntil ? LastUpdated : newCoveredUntil, newCoveredUntil, merged)
        {
            Publication = Publication,
        };
        return new ReferenceRateCombination(table, overlaps.AsReadOnly(), gaps.AsReadOnly());
    }

    internal ReferenceRateUnavailableException Unavailable(LocalDate date)
    {
        int index = IndexOn(date);
        LocalDate? lastCovered = index < 0 ? null : _rows[index].End!.Value;
        LocalDate? nextCovered = index + 1 < _rows.Length ? _rows[index + 1].Start : null;

        // The run of days no row covers around the date: before the table, in a gap, or after the last row.
        LocalDate uncoveredFrom = lastCovered is { } last ? last.PlusDays(1) : date;
        LocalDate uncoveredTo = nextCovered is { } next ? next.PlusDays(-1) : date;

        // The missing period: the publication period holding the date, kept inside the uncovered run for a
        // change table (its value starts whenever the decision took effect).
        ReferenceRatePeriodicity? periodicity = Publication?.Periodicity;
        (LocalDate missingFrom, LocalDate missingTo) = periodicity switch
        {
            ReferenceRatePeriodicity.HalfYear => (new LocalDate(date.Year, date.Month <= 6 ? 1 : 7, 1), date.Month <= 6 ? new LocalDate(date.Year, 6, 30) : new LocalDate(date.Year, 12, 31)),
            ReferenceRatePeriodicity.Month => (new LocalDate(date.Year, date.Month, 1), new LocalDate(date.Year, date.Month, 1).PlusMonths(1).PlusDays(-1)),
            _ => (uncoveredFrom, uncoveredTo),
        };

        string where = index < 0
            ? $"the table starts on {Iso(FirstCovered)}"
            : date > CoveredUntil
                ? $"its last covered date is {Iso(lastCovered!.Value)} (last updated {Iso(LastUpdated)})"
                : nextCovered is { } n
                    ? $"the date falls in a gap of the table; the last covered date before it is {Iso(lastCovered!.Value)} and the next covered date is {Iso(n)}"
                    : $"its last row ends on {Iso(lastCovered!.Value)}";

        string sourceHint = Publication is { } publication
            ? $" Official source: {publication.OfficialSource}; new values appear {publication.WhenPublished}."
            : string.Empty;
        string rowToAdd = periodicity == ReferenceRatePeriodicity.ChangeDate || periodicity is null
            ? $"{Iso(missingFrom)},{(missingTo == date && date > CoveredUntil ? string.Empty : Iso(missingTo))},<rate_percent>,<official reference>,verified"
            : $"{Iso(missingFrom)},{Iso(missingTo)},<rate_percent>,<official reference>,verified";
        string changeNote = periodicity == ReferenceRatePeriodicity.ChangeDate || periodicity is null
            ? $" (one row per value in force in that period, each from the day it took effect; an open-ended last row needs coveredUntil {Iso(date)} or later)"
            : string.Empty;
        string message =
            $"Reference rate table '{Id}' ({Name}) has no rate for {Iso(date)}: {where}. Missing period: {Iso(missingFrom)} to {Iso(missingTo)}.{sourceHint} "
            + $"Add the row '{rowToAdd}' (columns {ReferenceRateFile.CsvHeader}){changeNote} to a rate file registered with AddCobranza(c => c.AddRateFile(\"{Id}\", path)), "
            + "or combine it with ReferenceRateTable.Combine and supply it through an IReferenceRateProvider.";
        return new ReferenceRateUnavailableException(Id, date, lastCovered, message)
        {
            MissingFrom = missingFrom,
            MissingTo = missingTo,
            OfficialSource = Publication?.OfficialSource,
            RowToAdd = rowToAdd,
        };
    }

    /// <summary>Index of the last row starting on or before <paramref name="date"/>, or -1.</summary>
    private int IndexOn(LocalDate date)
    {
        int index = Array.BinarySearch(_starts, date);
        return index >= 0 ? index : ~index - 1;
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
