using System;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// A customer's planned payment of one item on one day, as both storages book it: a <see cref="PaymentReceived"/> naming
/// that item (<see cref="AllocationStrategy.Explicit"/>: fees, then interest, then principal). The reference is derived
/// from the item and the day. A day replayed after a crash reproduces the stored state: a payment whose reference is
/// already booked is left as it was (never recomputed from the balance it has itself reduced), and a first payment's
/// amount comes from the plan (its share of the item's amount, drawn from the seed), not from the balance of the moment.
/// </summary>
internal static class PlannedPayment
{
    /// <summary>The payment reference of an item's planned payment on a day.</summary>
    public static string ReferenceOf(string itemId, LocalDate day) => $"PAY-{itemId}-{day:yyyyMMdd}";

    /// <summary>
    /// The payment to book, or null when nothing is owed on the item or the payment is booked already (a replay).
    /// </summary>
    /// <param name="account">The account as stored.</param>
    /// <param name="itemId">The item.</param>
    /// <param name="day">The day of the payment.</param>
    /// <param name="share">The planned share of the item's amount for a first payment (1: all of it).</param>
    /// <param name="isRest">Whether this is the payment of the rest (all that is left).</param>
    public static PaymentReceived? Of(CustomerAccount account, string itemId, LocalDate day, decimal share, bool isRest)
    {
        ArgumentNullException.ThrowIfNull(account);
        var reference = ReferenceOf(itemId, day);
        if (!account.TryGetItem(itemId, out var item) || !item.Outstanding.IsPositive || account.Payments.Any(p => p.Reference == reference))
        {
            return null; // nothing owed, or booked by an earlier attempt at this day (a replay after a crash)
        }

        // The first of two payments pays the planned share of the item's amount (capped at what is owed); the
        // last pays all that is left.
        var outstanding = item.Outstanding;
        var amount = isRest || share >= 1m ? outstanding : Money.Min(outstanding, (item.Amount * share).Round(MidpointRounding.ToEven));
        if (!amount.IsPositive)
        {
            return null;
        }

        return new PaymentReceived(reference, day, amount, AllocationStrategy.Explicit)
        {
            Allocations = [new ExplicitAllocation(itemId, amount)],
            Method = "transfer",
        };
    }
}
