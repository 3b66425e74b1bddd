using System;

namespace Cobranza.Core.Escalation;

/// <summary>
/// The figures a payment-event notice states (<see cref="EscalationDecision.Settlement"/>: thank-you, partial-payment
/// acknowledgement, service restored), computed once by the engine when the decision is made, for one <em>settlement
/// date</em>: the date of the event the notice acknowledges (docs/escalation.md, "What a decision's amounts mean").
/// </summary>
/// <remarks>
/// The settlement date is, for a thank-you, the date the account's last item was settled; for a partial-payment
/// acknowledgement, the latest payment date on or before the notice's local date; for a service-restored notice, the
/// latest date on or before the notice's local date on which a payment, credit note or applied credit reduced an item
/// of the suspended scope (none: <see cref="SettlementMeans.None"/>, nothing paid or credited).
/// </remarks>
public sealed record SettlementFigures
{
    /// <summary>Creates the figures.</summary>
    /// <param name="settledBy">What reduced the scope on the settlement date; must agree with the amounts.</param>
    /// <param name="paid">The payments received on the settlement date (their whole amounts; not negative).</param>
    /// <param name="credited">Credit notes issued and unapplied credit applied on the settlement date (not negative, same currency).</param>
    /// <param name="remaining">What the account still owes on its open items on the notice's local date (not negative, same currency).</param>
    /// <exception cref="ArgumentException">The amounts are in different currencies, one is negative, or <paramref name="settledBy"/> disagrees with them (<see cref="SettlementMeans.Payment"/> set exactly when <paramref name="paid"/> is positive; a credit flag set exactly when <paramref name="credited"/> is positive).</exception>
    public SettlementFigures(SettlementMeans settledBy, Money paid, Money credited, Money remaining)
    {
        if (((int)settledBy & ~7) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settledBy), settledBy, $"settledBy is not a combination of SettlementMeans ({(int)settledBy}).");
        }

        if (credited.Currency != paid.Currency || remaining.Currency != paid.Currency)
        {
            throw new ArgumentException($"paid ({paid}), credited ({credited}) and remaining ({remaining}) must share one currency.", nameof(credited));
        }

        Paid = NotNegative(paid, nameof(paid));
        Credited = NotNegative(credited, nameof(credited));
        Remaining = NotNegative(remaining, nameof(remaining));
        if (settledBy.HasFlag(SettlementMeans.Payment) != paid.IsPositive)
        {
            throw new ArgumentException($"settledBy ({settledBy}) must include Payment exactly when paid is positive (was {paid}).", nameof(settledBy));
        }

        if (((settledBy & (SettlementMeans.CreditNote | SettlementMeans.AppliedCredit)) != 0) != credited.IsPositive)
        {
            throw new ArgumentException($"settledBy ({settledBy}) must include CreditNote or AppliedCredit exactly when credited is positive (was {credited}).", nameof(settledBy));
        }

        SettledBy = settledBy;
    }

    /// <summary>What reduced the scope on the settlement date (<see cref="SettlementMeans.None"/>: nothing; a notice then states no payment).</summary>
    public SettlementMeans SettledBy { get; }

    /// <summary>
    /// The payments received on the settlement date, whole amounts as received (<c>{{amount.paid}}</c>): for the account
    /// scope every payment of that date, for an item scope those allocated in part to the item. Zero when none.
    /// </summary>
    public Money Paid { get; }

    /// <summary>Credit notes issued on the settlement date and unapplied credit applied that date, to the scope's items (zero when none).</summary>
    public Money Credited { get; }

    /// <summary>
    /// What the account still owes on its open items on the notice's local date, after the event acknowledged
    /// (<c>{{amount.remaining}}</c>): principal, posted interest and posted fees, before unapplied credit; zero after a
    /// thank-you. Equals the decision's <see cref="EscalationDecision.OpenBalance"/>.
    /// </summary>
    public Money Remaining { get; }

    private static Money NotNegative(Money amount, string name)
        => amount.Amount >= 0m ? amount : throw new ArgumentOutOfRangeException(name, amount, $"{name} must not be negative (was {amount}).");
}
