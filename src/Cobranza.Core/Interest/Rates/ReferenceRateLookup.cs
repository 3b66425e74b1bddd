using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>Looks a rate up in the host provider first, then in the built-in tables; never guesses.</summary>
internal static class ReferenceRateLookup
{
    internal static ReferenceRate Get(string tableId, LocalDate date, IReferenceRateProvider? host)
    {
        if (host is not null && host.TryGetRate(tableId, date, out ReferenceRate? hosted))
        {
            if (hosted is null || !hosted.Covers(date))
            {
                throw new InvalidOperationException(
                    $"The IReferenceRateProvider {host.GetType().Name} answered table '{tableId}' on {Iso(date)} with a rate that does not cover that date ({hosted?.ToString() ?? "null"}).");
            }

            return hosted;
        }

        // The built-in table answers what the host does not; when neither has the date, the host's own copy of the
        // table (if it holds one) names its own coverage in the message, else the built-in table does.
        IReferenceRateProvider? inner = host is ProvisionalRateProvider provisional ? provisional.Inner : host;
        ReferenceRateTable? hostTable = inner is TableReferenceRateProvider tables && tables.TryGetTable(tableId, out ReferenceRateTable? held) ? held : null;
        ReferenceRateTable? builtIn = ReferenceRateTables.TryGet(tableId, out ReferenceRateTable? shipped) ? shipped : null;
        if (builtIn is not null && builtIn.TryGetRate(date, out ReferenceRate? rate))
        {
            return rate;
        }

        if ((hostTable ?? builtIn) is { } known)
        {
            ReferenceRateUnavailableException missing = known.Unavailable(date);
            if (host is not ProvisionalRateProvider)
            {
                throw missing;
            }

            // Carry forward the latest value either table knows before the date.
            ReferenceRateTable source = hostTable is not null && builtIn is not null
                && (builtIn.LastCoveredOnOrBefore(date) ?? default) > (hostTable.LastCoveredOnOrBefore(date) ?? default)
                    ? builtIn
                    : known;
            return CarryForward(source, date, missing);
        }

        throw new ReferenceRateUnavailableException(
            tableId,
            date,
            null,
            host is null
                ? $"Reference rate table '{tableId}' is not built in and no IReferenceRateProvider was supplied, so there is no rate for {Iso(date)}."
                : $"Reference rate table '{tableId}' is not built in and the IReferenceRateProvider {host.GetType().Name} has no rate for {Iso(date)}.");
    }

    /// <summary>The last value of <paramref name="table"/> before <paramref name="date"/>, carried forward and marked provisional up to the next covered day (or open-ended).</summary>
    private static ReferenceRate CarryForward(ReferenceRateTable table, LocalDate date, ReferenceRateUnavailableException missing)
    {
        if (table.LastCoveredOnOrBefore(date) is not { } lastCovered)
        {
            throw missing; // nothing known before the date: nothing to carry forward
        }

        ReferenceRate last = table.GetRate(lastCovered);
        LocalDate? end = null;
        foreach (ReferenceRate row in table.Rows)
        {
            if (row.Start > date)
            {
                end = row.Start.PlusDays(-1);
                break;
            }
        }

        string source = $"PROVISIONAL: the last known value of {table.Id} (in force on {Iso(lastCovered)}: {last.Source}) carried forward from {Iso(date)}; "
            + $"the official value for {Iso(missing.MissingFrom ?? date)} to {Iso(missing.MissingTo ?? date)} is not loaded yet";
        return new ReferenceRate(date, end, last.Rate, source, RateVerification.Unverified)
        {
            Provisional = true,
            CarriedForward = new CarriedReferenceRate(table.Id, last.Rate, last.Start, last.End),
        };
    }

    internal static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    internal static string Percent(decimal fraction) => (fraction * 100m).ToString("0.######", CultureInfo.InvariantCulture) + " %";

    internal static string Verification(RateVerification verification) => verification switch
    {
        RateVerification.Verified => "verified",
        RateVerification.SingleSource => "single source, check the official publication",
        _ => "UNVERIFIED, check the official publication",
    };
}
