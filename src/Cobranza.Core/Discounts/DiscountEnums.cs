namespace Cobranza.Core.Discounts;

/// <summary>The amount a percent discount is computed on.</summary>
/// <remarks>
/// <para><b>Tax treatment.</b> The library computes the discount amount only; it never recomputes tax. With
/// <see cref="Gross"/> (the usual "2/10 net 30" reading, and SAP's default cash-discount base) the percent applies to
/// the portion's amount including tax. With <see cref="Net"/> the percent applies to the portion's share of the
/// invoice's net (tax-exclusive) amount: the invoice net is split over the portions in proportion to their gross
/// amounts with <see cref="Money.Allocate(System.ReadOnlySpan{decimal})"/>, so the net shares add up to the invoice
/// net to the cent. In Spain a prompt-payment discount granted after the invoice reduces the VAT base (Ley 37/1992
/// del IVA, art. 78.Tres.2 and art. 80.Uno.2) and the seller issues a corrective invoice for the tax; that tax
/// adjustment is the caller's.</para>
/// </remarks>
public enum DiscountBase
{
    /// <summary>The portion's amount including tax.</summary>
    Gross = 0,

    /// <summary>The portion's share of the invoice's net (tax-exclusive) amount.</summary>
    Net = 1,
}

/// <summary>What a payment of less than the whole (discounted) portion earns.</summary>
public enum PartialPaymentRule
{
    /// <summary>
    /// A part payment in the window earns the same fraction of the discount as the fraction of the discounted amount
    /// it pays: paying half of (amount − discount) earns half the discount, truncated to the minor unit so that
    /// several part payments never earn more than the whole discount.
    /// </summary>
    Proportional = 0,

    /// <summary>The discount is granted only when the payment settles the whole discounted portion in the window.</summary>
    FullPaymentOnly = 1,
}

/// <summary>How a discount tier's last day is set.</summary>
public enum DiscountDeadlineKind
{
    /// <summary>Within N calendar days of the portion's base date: the last day is base date + N ("2/10": 10 days).</summary>
    DaysAfterBaseDate = 0,

    /// <summary>On or before an exact date.</summary>
    ExactDate = 1,

    /// <summary>Prepayment: strictly before the invoice's issue date (last day: the day before).</summary>
    BeforeIssueDate = 2,

    /// <summary>Prepayment: strictly before the delivery date (last day: the day before). Needs an invoice with a delivery date.</summary>
    BeforeDeliveryDate = 3,

    /// <summary>
    /// Within N calendar days after the end of the base date's month: the last day is the month's last day + N
    /// ("1/10 EOM": 1 % if paid by the 10th of the next month). The US "EOM dating" reading; see <c>docs/payment-terms.md</c>.
    /// </summary>
    DaysAfterEndOfBaseMonth = 4,

    /// <summary>
    /// Until the last day of the month N months after the base date's month (N = 0: the end of the base month; N = 1:
    /// the end of the next month). ERPNext's "Month(s) after the end of the invoice month"
    /// (<c>get_last_day(add_months(date, discount_validity))</c> in <c>erpnext/controllers/accounts_controller.py</c>).
    /// </summary>
    MonthsAfterEndOfBaseMonth = 5,
}

/// <summary>Whether a discount tier is a percent or a fixed amount.</summary>
public enum DiscountValueKind
{
    /// <summary>A percent of the discount base.</summary>
    Percent = 0,

    /// <summary>A fixed amount.</summary>
    FixedAmount = 1,
}
