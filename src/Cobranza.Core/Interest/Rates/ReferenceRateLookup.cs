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

        if (ReferenceRateTables.TryGet(tableId, out ReferenceRateTable? table))
        {
            return table.TryGetRate(date, out ReferenceRate? rate) ? rate : throw table.Unavailable(date);
        }

        throw new ReferenceRateUnavailableException(
            tableId,
            date,
            null,
            host is null
                ? $"Reference rate table '{tableId}' is not built in and no IReferenceRateProvider was supplied, so there is no rate for {Iso(date)}."
                : $"Reference rate table '{tableId}' is not built in and the IReferenceRateProvider {host.GetType().Name} has no rate for {Iso(date)}.");
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
