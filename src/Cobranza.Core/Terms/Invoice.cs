using System;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// An invoice as the payment terms see it: who owes, the dates the terms count from, the amounts and the terms.
/// The gross amount is always <see cref="Net"/> + <see cref="Tax"/>.
/// </summary>
public sealed record Invoice
{
    /// <summary>Creates an invoice.</summary>
    /// <param name="id">The invoice id (number), not blank.</param>
    /// <param name="customerId">The customer id, not blank.</param>
    /// <param name="issueDate">The issue date (ISO calendar).</param>
    /// <param name="net">The net (tax-exclusive) amount: non-negative, whole minor units.</param>
    /// <param name="tax">The tax amount: non-negative, whole minor units, same currency.</param>
    /// <param name="terms">The payment terms.</param>
    /// <param name="deliveryDate">The delivery date, if known.</param>
    /// <param name="orderDate">The order date, if known (base for deposits); not after the issue date.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException">An id is blank, the currencies differ, or the gross amount is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An amount is negative or not in whole minor units, a date is not ISO, or the order date is after the issue date.</exception>
    public Invoice(string id, string customerId, LocalDate issueDate, Money net, Money tax, PaymentTerms terms, LocalDate? deliveryDate = null, LocalDate? orderDate = null)
    {
        Id = Guard.NotNullOrWhiteSpace(id);
        CustomerId = Guard.NotNullOrWhiteSpace(customerId);
        Terms = Guard.NotNull(terms);
        IssueDate = CheckIso(issueDate, nameof(issueDate));
        DeliveryDate = deliveryDate is { } d ? CheckIso(d, nameof(deliveryDate)) : null;
        if (orderDate is { } o)
        {
            CheckIso(o, nameof(orderDate));
            if (o > issueDate)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(orderDate), o, $"orderDate must not be after the issue date {issueDate:uuuu-MM-dd} (was {o:uuuu-MM-dd}).");
            }
        }

        OrderDate = orderDate;
        Net = CheckAmount(net, nameof(net));
        Tax = CheckAmount(tax, nameof(tax));
        if (net.Currency != tax.Currency)
        {
            throw new ArgumentException($"net and tax must share one currency (were {net.Currency.Code} and {tax.Currency.Code}).", nameof(tax));
        }

        Gross = net + tax;
        if (!Gross.IsPositive)
        {
            throw new ArgumentException($"The gross amount (net + tax) must be positive (was {Gross.ToString()}).", nameof(net));
        }
    }

    /// <summary>The invoice id.</summary>
    public string Id { get; }

    /// <summary>The customer id.</summary>
    public string CustomerId { get; }

    /// <summary>The issue date.</summary>
    public LocalDate IssueDate { get; }

    /// <summary>The delivery date, or null.</summary>
    public LocalDate? DeliveryDate { get; }

    /// <summary>The order date, or null.</summary>
    public LocalDate? OrderDate { get; }

    /// <summary>The net (tax-exclusive) amount.</summary>
    public Money Net { get; }

    /// <summary>The tax amount.</summary>
    public Money Tax { get; }

    /// <summary>The gross amount, <see cref="Net"/> + <see cref="Tax"/>: what the portions share.</summary>
    public Money Gross { get; }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Gross.Currency;

    /// <summary>The payment terms.</summary>
    public PaymentTerms Terms { get; }

    /// <summary>The date a portion with the given base counts from.</summary>
    /// <param name="kind">The base date kind.</param>
    /// <returns>The date.</returns>
    /// <exception cref="InvalidOperationException">The invoice has no delivery (or order) date.</exception>
    public LocalDate BaseDateFor(BaseDateKind kind) => kind switch
    {
        BaseDateKind.InvoiceDate => IssueDate,
        BaseDateKind.DeliveryDate => DeliveryDate ?? throw new InvalidOperationException(
            $"Invoice '{Id}' has no delivery date, but its terms count a portion from the delivery date."),
        BaseDateKind.OrderDate => OrderDate ?? throw new InvalidOperationException(
            $"Invoice '{Id}' has no order date, but its terms count a portion from the order date."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind is not a BaseDateKind (was {kind})."),
    };

    private static LocalDate CheckIso(LocalDate date, string name)
        => date.Calendar == CalendarSystem.Iso
            ? date
            : throw new ArgumentOutOfRangeException(name, date, $"{name} must be in the ISO calendar (was {date.Calendar.Id}).");

    private static Money CheckAmount(Money amount, string name)
        => !amount.IsNegative && amount.IsRoundedToMinorUnit
            ? amount
            : throw new ArgumentOutOfRangeException(name, amount, $"{name} must be non-negative and in whole minor units (was {amount.ToString()}).");
}
