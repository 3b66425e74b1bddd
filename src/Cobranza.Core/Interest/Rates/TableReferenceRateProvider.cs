using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// An <see cref="IReferenceRateProvider"/> over tables the host has loaded (e.g. the official series it downloads
/// once a day), keyed by <see cref="ReferenceRateTable.Id"/> (case-insensitive). Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var official = new ReferenceRateTable("ECB-MRO", "ECB MRO (official feed)", "ECB SDW", today, today, rows);
/// var host = new TableReferenceRateProvider([official]);
/// RateSchedule schedule = StatutoryPresets.EuDirective().Resolve(firstLateDay, today, host);
/// </code>
/// </example>
public sealed class TableReferenceRateProvider : IReferenceRateProvider
{
    private readonly Dictionary<string, ReferenceRateTable> _tables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the provider.</summary>
    /// <param name="tables">The tables; ids must be unique (case-insensitive).</param>
    /// <exception cref="ArgumentException">A table is null or two tables share an id; the message names it.</exception>
    public TableReferenceRateProvider(IEnumerable<ReferenceRateTable> tables)
    {
        foreach (ReferenceRateTable? table in Guard.NotNull(tables))
        {
            if (table is null)
            {
                throw new ArgumentException("tables must not contain null.", nameof(tables));
            }

            if (!_tables.TryAdd(table.Id, table))
            {
                throw new ArgumentException($"tables must have unique ids (duplicate '{table.Id}').", nameof(tables));
            }
        }
    }

    /// <summary>Finds a table by id (ordinal, case-insensitive).</summary>
    /// <param name="tableId">The table id.</param>
    /// <param name="table">The table, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the provider holds a table with that id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tableId"/> is null.</exception>
    public bool TryGetTable(string tableId, [NotNullWhen(true)] out ReferenceRateTable? table)
        => _tables.TryGetValue(Guard.NotNull(tableId), out table);

    /// <inheritdoc/>
    public bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
    {
        Guard.NotNull(tableId);
        if (_tables.TryGetValue(tableId, out ReferenceRateTable? table))
        {
            return table.TryGetRate(date, out rate);
        }

        rate = null;
        return false;
    }
}
