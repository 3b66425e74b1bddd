using System;
using System.Collections.Generic;
using Cobranza.Core.Discounts;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>One portion of an invoice made concrete: its dates, its amount and its discount windows.</summary>
public sealed class ScheduledPortion
{
    private readonly ScheduledDiscount[] _discounts;

    internal ScheduledPortion(
        int index, PaymentPortion portion, LocalDate baseDate, LocalDate ruleDate, LocalDate unadjustedDueDate, LocalDate dueDate,
        Money amount, Money discountBase, ScheduledDiscount[] discounts, PartialPaymentRule partialPayments)
    {
        Index = index;
        Portion = portion;
        BaseDate = baseDate;
        RuleDate = ruleDate;
        UnadjustedDueDate = unadjustedDueDate;
        DueDate = dueDate;
        Amount = amount;
        DiscountBase = discountBase;
        _discounts = discounts;
        PartialPayments = partialPayments;
        Units = MinorUnits.TryToUnits(amount.Amount, amount.Currency.MinorUnits, out long units) ? units : -1;
        foreach (var d in discounts)
        {
            if (d.Units < 0)
            {
                Units = -1;
            }
        }
    }

    /// <summary>The index of the portion in the terms (0-based).</summary>
    public int Index { get; }

    /// <summary>The portion of the terms this comes from.</summary>
    public PaymentPortion Portion { get; }

    /// <summary>The base date the rule counted from.</summary>
    public LocalDate BaseDate { get; }

    /// <summary>The date given by the seller's rule alone.</summary>
    public LocalDate RuleDate { get; }

    /// <summary>The date after the customer's payment days and excluded periods, before the business-day adjustment.</summary>
    public LocalDate UnadjustedDueDate { get; }

    /// <summary>The exact due date: <see cref="UnadjustedDueDate"/> after the business-day adjustment.</summary>
    public LocalDate DueDate { get; }

    /// <summary>The amount due.</summary>
    public Money Amount { get; }

    /// <summary>The amount percent discounts apply to (the portion's gross amount or its share of the net; see <see cref="Discounts.DiscountBase"/>).</summary>
    public Money DiscountBase { get; }

    /// <summary>The discount windows, in tier order; empty when the portion has no discount.</summary>
    public IReadOnlyList<ScheduledDiscount> Discounts => _discounts;

    /// <summary>What part payments earn.</summary>
    public PartialPaymentRule PartialPayments { get; }

    internal ReadOnlySpan<ScheduledDiscount> DiscountSpan => _discounts;

    /// <summary>The amount in minor units, or -1 when it (or a discount) does not fit the integer path.</summary>
    internal long Units { get; }

    /// <inheritdoc/>
    public override string ToString() => $"#{Index} {Amount} due {DueDate:uuuu-MM-dd}";
}
