using System;
using NodaTime;

namespace Cobranza.Core.Discounts;

/// <summary>Why a payment earned the discount it did.</summary>
public enum DiscountOutcome
{
    /// <summary>The portion offers no discount.</summary>
    NoDiscountOffered = 0,

    /// <summary>Paid after the last day of every tier.</summary>
    WindowClosed = 1,

    /// <summary>Paid in a window, but not the whole discounted amount, and the rule is <see cref="PartialPaymentRule.FullPaymentOnly"/>.</summary>
    NotPaidInFull = 2,

    /// <summary>Paid the whole discounted amount in a window: the tier's whole discount.</summary>
    FullDiscount = 3,

    /// <summary>Paid part of the discounted amount in a window: a proportional part of the discount.</summary>
    ProportionalDiscount = 4,
}

/// <summary>
/// The result of evaluating one payment against one scheduled portion: the discount taken, what remains due, any
/// excess, and why. An allocation-free value; <see cref="DiscountEvaluator.Describe(DiscountEvaluation, Language)"/> puts the reason in words.
/// </summary>
public readonly struct DiscountEvaluation : IEquatable<DiscountEvaluation>
{
    internal DiscountEvaluation(
        int portionIndex, LocalDate paymentDate, Money paid, Money discount, Money remainingDue, Money excess,
        DiscountOutcome outcome, ScheduledDiscount? tier, Money portionAmount)
    {
        PortionIndex = portionIndex;
        PaymentDate = paymentDate;
        Paid = paid;
        Discount = discount;
        RemainingDue = remainingDue;
        Excess = excess;
        Outcome = outcome;
        Tier = tier;
        PortionAmount = portionAmount;
    }

    /// <summary>The portion's index.</summary>
    public int PortionIndex { get; }

    /// <summary>The payment date.</summary>
    public LocalDate PaymentDate { get; }

    /// <summary>The amount paid.</summary>
    public Money Paid { get; }

    /// <summary>The discount taken: zero or more, never more than the tier's discount.</summary>
    public Money Discount { get; }

    /// <summary>What remains due on the portion: amount − paid − discount, never negative.</summary>
    public Money RemainingDue { get; }

    /// <summary>What the payment exceeds the (discounted) portion by; zero when it does not.</summary>
    public Money Excess { get; }

    /// <summary>Why.</summary>
    public DiscountOutcome Outcome { get; }

    /// <summary>
    /// The tier that applied: the best open tier for <see cref="DiscountOutcome.FullDiscount"/>,
    /// <see cref="DiscountOutcome.ProportionalDiscount"/> and <see cref="DiscountOutcome.NotPaidInFull"/>; the tier
    /// that closed last for <see cref="DiscountOutcome.WindowClosed"/>; null when no discount is offered.
    /// </summary>
    public ScheduledDiscount? Tier { get; }

    /// <summary>The portion's amount before the payment.</summary>
    public Money PortionAmount { get; }

    /// <summary>
    /// In an evaluation of a whole schedule (<see cref="DiscountEvaluator.Evaluate(Terms.PaymentSchedule, LocalDate, Money)"/>),
    /// the index of the portion that <see cref="Excess"/> went on to pay; null when the excess is what the payment
    /// exceeds the whole invoice by, when there is none, or for an evaluation of one portion. <see cref="DiscountEvaluator.Describe(DiscountEvaluation, Language)"/>
    /// calls the excess an excess only when this is null.
    /// </summary>
    public int? ExcessCarriedToPortion { get; private init; }

    internal DiscountEvaluation WithExcessCarriedTo(int portionIndex) => this with { ExcessCarriedToPortion = portionIndex };

    /// <inheritdoc/>
    public bool Equals(DiscountEvaluation other)
        => PortionIndex == other.PortionIndex && PaymentDate == other.PaymentDate && Paid == other.Paid
           && Discount == other.Discount && RemainingDue == other.RemainingDue && Excess == other.Excess
           && Outcome == other.Outcome && Equals(Tier, other.Tier) && PortionAmount == other.PortionAmount
           && ExcessCarriedToPortion == other.ExcessCarriedToPortion;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DiscountEvaluation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PortionIndex, PaymentDate, Paid, Discount, RemainingDue, Outcome);

    /// <summary>Equality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(DiscountEvaluation left, DiscountEvaluation right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(DiscountEvaluation left, DiscountEvaluation right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => DiscountEvaluator.Describe(this, Language.English);
}
