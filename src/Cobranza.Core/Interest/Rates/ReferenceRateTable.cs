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

    internal ReferenceRateUnavailableException Unavailable(LocalDate date)
    {
        const string hint = "Supply the rate through an IReferenceRateProvider (the host's official series).";
        int index = IndexOn(date);
        if (index < 0)
        {
            return new ReferenceRateUnavailableException(Id, date, null,
                $"Reference rate table '{Id}' ({Name}) has no rate for {Iso(date)}: the table starts on {Iso(FirstCovered)}. {hint}");
        }

        LocalDate lastCovered = _rows[index].End!.Value;
        if (date > CoveredUntil)
        {
            return new ReferenceRateUnavailableException(Id, date, lastCovered,
                $"Reference rate table '{Id}' ({Name}) has no rate for {Iso(date)}: its last covered date is {Iso(lastCovered)} (last updated {Iso(LastUpdated)}). {hint}");
        }

        LocalDate nextCovered = _rows[index + 1].Start;
        return new ReferenceRateUnavailableException(Id, date, lastCovered,
            $"Reference rate table '{Id}' ({Name}) has no rate for {Iso(date)}: the date falls in a gap of the table; the last covered date before it is {Iso(lastCovered)} and the next covered date is {Iso(nextCovered)}. {hint}");
    }

    /// <summary>Index of the last row starting on or before <paramref name="date"/>, or -1.</summary>
    private int IndexOn(LocalDate date)
    {
        int index = Array.BinarySearch(_starts, date);
        return index >= 0 ? index : ~index - 1;
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
