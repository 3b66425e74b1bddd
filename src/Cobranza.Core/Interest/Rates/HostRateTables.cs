using System;
using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>Rows a host registered for one table (<c>AddRateRows</c>, <c>AddRateFile</c>, <c>AddRateStream</c>).</summary>
/// <param name="TableId">The table id.</param>
/// <param name="Rows">The rows.</param>
/// <param name="CoveredUntil">The last day the host vouches for, if given.</param>
internal sealed record HostRateRows(string TableId, IReadOnlyList<ReferenceRate> Rows, LocalDate? CoveredUntil);

/// <summary>Builds the DI reference-rate provider: host tables, built-in tables, and host rows combined into them.</summary>
internal static class HostRateTables
{
    internal static TableReferenceRateProvider Build(IReadOnlyList<ReferenceRateTable> hostTables, IReadOnlyList<HostRateRows> hostRows)
    {
        var tables = new Dictionary<string, ReferenceRateTable>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (ReferenceRateTable table in hostTables)
        {
            if (tables.TryAdd(table.Id, table))
            {
                order.Add(table.Id);
            }
        }

        foreach (ReferenceRateTable table in ReferenceRateTables.All)
        {
            if (tables.TryAdd(table.Id, table))
            {
                order.Add(table.Id);
            }
        }

        foreach (HostRateRows rows in hostRows)
        {
            if (tables.TryGetValue(rows.TableId, out ReferenceRateTable? existing))
            {
                tables[rows.TableId] = existing.Combine(rows.Rows, rows.CoveredUntil).Table;
            }
            else
            {
                tables[rows.TableId] = FromRows(rows);
                order.Add(rows.TableId);
            }
        }

        var list = new List<ReferenceRateTable>(order.Count);
        foreach (string id in order)
        {
            list.Add(tables[id]);
        }

        return new TableReferenceRateProvider(list);
    }

    private static ReferenceRateTable FromRows(HostRateRows rows)
    {
        if (rows.Rows.Count == 0)
        {
            throw new ArgumentException($"The rows registered for table '{rows.TableId}' are empty, and no built-in table has that id.", "rows");
        }

        ReferenceRate last = rows.Rows[^1];
        LocalDate coveredUntil = rows.CoveredUntil ?? last.End
            ?? throw new ArgumentException(
                $"The last row registered for table '{rows.TableId}' ({last.Start:uuuu-MM-dd}) is in force until further notice; pass coveredUntil, the last day you vouch for it.",
                "coveredUntil");
        return new ReferenceRateTable(rows.TableId, rows.TableId, "Host rows", coveredUntil, coveredUntil, rows.Rows);
    }
}
