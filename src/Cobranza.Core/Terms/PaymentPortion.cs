using System;
using Cobranza.Core.Discounts;

namespace Cobranza.Core.Terms;

/// <summary>
/// One part of the payment terms: how much (<see cref="Share"/>), counted from which date (<see cref="BaseDate"/>),
/// due when (<see cref="Rule"/>), and with which early-payment discount (<see cref="Discount"/>, optional).
/// </summary>
public sealed record PaymentPortion
{
    /// <summary>Creates a portion.</summary>
    /// <param name="share">The share of the gross amount.</param>
    /// <param name="rule">The due-date rule.</param>
    /// <param name="baseDate">The date counted from; default the invoice date.</param>
    /// <param name="discount">The early-payment discount, or null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> or <paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseDate"/> is not defined.</exception>
    public PaymentPortion(PortionShare share, DueDateRule rule, BaseDateKind baseDate = BaseDateKind.InvoiceDate, EarlyPaymentDiscount? discount = null)
    {
        Share = Guard.NotNull(share);
        Rule = Guard.NotNull(rule);
        if (!Enum.IsDefined(baseDate))
        {
            throw new ArgumentOutOfRangeException(nameof(baseDate), baseDate, $"baseDate is not a BaseDateKind (was {baseDate}).");
        }

        BaseDate = baseDate;
        Discount = discount;
    }

    /// <summary>The share of the invoice's gross amount.</summary>
    public PortionShare Share { get; }

    /// <summary>The due-date rule.</summary>
    public DueDateRule Rule { get; }

    /// <summary>The date the rule (and "within N days" discounts) count from.</summary>
    public BaseDateKind BaseDate { get; }

    /// <summary>The early-payment discount, or null.</summary>
    public EarlyPaymentDiscount? Discount { get; }
}
