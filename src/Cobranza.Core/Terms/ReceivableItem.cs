using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// One open item of the receivables ledger: one portion of one invoice, due on one date. Produced by
/// <see cref="PaymentSchedule.ToReceivableItems"/>.
/// </summary>
/// <param name="InvoiceId">The invoice id.</param>
/// <param name="PortionIndex">The index of the portion in the invoice's terms (0-based).</param>
/// <param name="CustomerId">The customer id.</param>
/// <param name="DueDate">The exact (adjusted) due date.</param>
/// <param name="Amount">The amount due.</param>
public sealed record ReceivableItem(string InvoiceId, int PortionIndex, string CustomerId, LocalDate DueDate, Money Amount)
{
    /// <summary>The currency of <see cref="Amount"/>.</summary>
    public Currency Currency => Amount.Currency;
}
