namespace Cobranza.Core.Terms;

/// <summary>The date a portion's due date (and its "within N days" discount windows) is counted from.</summary>
public enum BaseDateKind
{
    /// <summary>The invoice's issue date ("fecha de factura"). The usual base (SAP baseline date "document date", ERPNext and Odoo default).</summary>
    InvoiceDate = 0,

    /// <summary>
    /// The delivery date of the goods or services ("fecha de entrega"). Spain's Ley 3/2004 art. 4.1 counts the legal
    /// maximum from this date. An invoice without a delivery date cannot be scheduled with this base: the schedule
    /// throws rather than guess.
    /// </summary>
    DeliveryDate = 1,

    /// <summary>The order date, for deposits and advances ("anticipo"). An invoice without an order date cannot be scheduled with this base.</summary>
    OrderDate = 2,
}
