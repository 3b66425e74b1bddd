using System;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// One receivable item of a customer account (one portion of one invoice, or a debit note) with everything
/// charged to it and paid on it. Immutable: the ledger returns a new item when something happens to it.
/// </summary>
/// <remarks>
/// Outstanding principal = <see cref="Amount"/> − <see cref="Credited"/> − <see cref="DiscountTaken"/> −
/// <see cref="PrincipalPaid"/>. The item is settled only when principal, interest and fees charged to it are all
/// paid (<see cref="Outstanding"/> is zero) — paying the principal alone does not settle it.
/// </remarks>
public sealed class AccountItem
{
    /// <summary>Creates an item, validating that the figures are consistent.</summary>
    /// <param name="itemId">The id of the item, unique within the account (not empty).</param>
    /// <param name="invoiceId">The invoice the item belongs to (not empty).</param>
    /// <param name="portionIndex">The index of the portion in the invoice's terms (0-based, not negative).</param>
    /// <param name="issueDate">The invoice (issue) date.</param>
    /// <param name="dueDate">The exact due date (on or after <paramref name="issueDate"/>).</param>
    /// <param name="amount">The original amount due (positive).</param>
    /// <param name="principalPaid">Principal paid so far (not negative).</param>
    /// <param name="credited">Credit notes applied to the item (not negative).</param>
    /// <param name="discountTaken">Early-payment discount granted (not negative).</param>
    /// <param name="interestCharged">Late interest posted to the item (not negative).</param>
    /// <param name="interestPaid">Late interest paid (not negative, at most <paramref name="interestCharged"/>).</param>
    /// <param name="feesCharged">Fees (late fee, recovery compensation) posted to the item (not negative).</param>
    /// <param name="feesPaid">Fees paid (not negative, at most <paramref name="feesCharged"/>).</param>
    /// <param name="settledOn">The date the item became fully paid, when <see cref="Outstanding"/> is zero.</param>
    /// <param name="dispute">The open dispute on the item, if any.</param>
    /// <exception cref="ArgumentException">An amount is negative, in another currency, or the figures do not add up.</exception>
    public AccountItem(
        string itemId,
        string invoiceId,
        int portionIndex,
        LocalDate issueDate,
        LocalDate dueDate,
        Money amount,
        Money? principalPaid = null,
        Money? credited = null,
        Money? discountTaken = null,
        Money? interestCharged = null,
        Money? interestPaid = null,
        Money? feesCharged = null,
        Money? feesPaid = null,
        LocalDate? settledOn = null,
        ItemDispute? dispute = null)
    {
        ItemId = Guard.NotNullOrWhiteSpace(itemId);
        InvoiceId = Guard.NotNullOrWhiteSpace(invoiceId);
        PortionIndex = Guard.NotNegative(portionIndex);
        if (dueDate < issueDate)
        {
            throw new ArgumentException($"dueDate ({dueDate:uuuu-MM-dd}) must not be before issueDate ({issueDate:uuuu-MM-dd}) of item '{itemId}'.", nameof(dueDate));
        }

        if (amount.Amount <= 0m)
        {
            throw new ArgumentException($"amount must be positive (was {amount}) for item '{itemId}'.", nameof(amount));
        }

        IssueDate = issueDate;
        DueDate = dueDate;
        Amount = amount;
        var currency = amount.Currency;
        PrincipalPaid = NonNegative(principalPaid, currency, nameof(principalPaid));
        Credited = NonNegative(credited, currency, nameof(credited));
        DiscountTaken = NonNegative(discountTaken, currency, nameof(discountTaken));
        InterestCharged = NonNegative(interestCharged, currency, nameof(interestCharged));
        InterestPaid = NonNegative(interestPaid, currency, nameof(interestPaid));
        FeesCharged = NonNegative(feesCharged, currency, nameof(feesCharged));
        FeesPaid = NonNegative(feesPaid, currency, nameof(feesPaid));
        if (PrincipalPaid.Amount + Credited.Amount + DiscountTaken.Amount > amount.Amount)
        {
            throw new ArgumentException(
                $"principal paid ({PrincipalPaid}) + credited ({Credited}) + discount ({DiscountTaken}) exceed the amount ({amount}) of item '{itemId}'.",
                nameof(principalPaid));
        }

        if (InterestPaid.Amount > InterestCharged.Amount)
        {
            throw new ArgumentException($"interestPaid ({InterestPaid}) exceeds interestCharged ({InterestCharged}) of item '{itemId}'.", nameof(interestPaid));
        }

        if (FeesPaid.Amount > FeesCharged.Amount)
        {
            throw new ArgumentException($"feesPaid ({FeesPaid}) exceeds feesCharged ({FeesCharged}) of item '{itemId}'.", nameof(feesPaid));
        }

        bool settled = Outstanding.Amount == 0m;
        if (settled && settledOn is null)
        {
            throw new ArgumentException($"item '{itemId}' is fully paid, so settledOn is required.", nameof(settledOn));
        }

        if (!settled && settledOn is not null)
        {
            throw new ArgumentException($"item '{itemId}' still owes {Outstanding}, so settledOn must be null (was {settledOn:uuuu-MM-dd}).", nameof(settledOn));
        }

        SettledOn = settledOn;
        Dispute = dispute;
    }

    /// <summary>The id of the item, unique within the account.</summary>
    public string ItemId { get; }

    /// <summary>The invoice the item belongs to.</summary>
    public string InvoiceId { get; }

    /// <summary>The index of the portion in the invoice's terms (0-based).</summary>
    public int PortionIndex { get; }

    /// <summary>The invoice (issue) date.</summary>
    public LocalDate IssueDate { get; }

    /// <summary>The exact due date.</summary>
    public LocalDate DueDate { get; }

    /// <summary>The original amount due.</summary>
    public Money Amount { get; }

    /// <summary>The currency of the item.</summary>
    public Currency Currency => Amount.Currency;

    /// <summary>Principal paid so far.</summary>
    public Money PrincipalPaid { get; }

    /// <summary>Credit notes applied to the item.</summary>
    public Money Credited { get; }

    /// <summary>Early-payment discount granted on the item.</summary>
    public Money DiscountTaken { get; }

    /// <summary>Late interest posted to the item.</summary>
    public Money InterestCharged { get; }

    /// <summary>Late interest paid.</summary>
    public Money InterestPaid { get; }

    /// <summary>Fees posted to the item (late fee, recovery compensation).</summary>
    public Money FeesCharged { get; }

    /// <summary>Fees paid.</summary>
    public Money FeesPaid { get; }

    /// <summary>Principal still owed.</summary>
    public Money PrincipalOutstanding => Money.Of(Amount.Amount - PrincipalPaid.Amount - Credited.Amount - DiscountTaken.Amount, Currency);

    /// <summary>Posted interest still owed.</summary>
    public Money InterestOutstanding => Money.Of(InterestCharged.Amount - InterestPaid.Amount, Currency);

    /// <summary>Posted fees still owed.</summary>
    public Money FeesOutstanding => Money.Of(FeesCharged.Amount - FeesPaid.Amount, Currency);

    /// <summary>Everything still owed on the item: principal + interest + fees.</summary>
    public Money Outstanding => Money.Of(
        Amount.Amount - PrincipalPaid.Amount - Credited.Amount - DiscountTaken.Amount
        + InterestCharged.Amount - InterestPaid.Amount + FeesCharged.Amount - FeesPaid.Amount,
        Currency);

    /// <summary>Whether principal, interest and fees are all paid.</summary>
    public bool IsSettled => SettledOn is not null;

    /// <summary>The date the item became fully paid, or <see langword="null"/> while something is owed.</summary>
    public LocalDate? SettledOn { get; }

    /// <summary>The open dispute on the item, or <see langword="null"/>.</summary>
    public ItemDispute? Dispute { get; }

    /// <summary>Whether the item is in dispute.</summary>
    public bool IsDisputed => Dispute is not null;

    /// <summary>Whether the item is unsettled and its due date is before <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The date of the question.</param>
    /// <returns><see langword="true"/> when the item is overdue on <paramref name="asOf"/>.</returns>
    public bool IsOverdueOn(LocalDate asOf) => !IsSettled && DueDate < asOf;

    /// <summary>Days past the due date on <paramref name="asOf"/> (0 when not yet due or settled).</summary>
    /// <param name="asOf">The date of the question.</param>
    /// <returns>The number of calendar days overdue.</returns>
    public int DaysOverdueOn(LocalDate asOf) => IsOverdueOn(asOf) ? Period.DaysBetween(DueDate, asOf) : 0;

    /// <inheritdoc/>
    public override string ToString() => $"{ItemId} due {DueDate:uuuu-MM-dd} owes {Outstanding}";

    private static Money NonNegative(Money? value, Currency currency, string name)
    {
        if (value is not { } money)
        {
            return Money.Zero(currency);
        }

        if (money.Currency != currency)
        {
            throw new ArgumentException($"{name} is in {money.Currency.Code} but the item is in {currency.Code}.", name);
        }

        if (money.Amount < 0m)
        {
            throw new ArgumentException($"{name} must not be negative (was {money}).", name);
        }

        return money;
    }
}

/// <summary>An open dispute on an item: the item is left out of escalation until it is resolved.</summary>
/// <param name="OpenedOn">The date the customer disputed the item.</param>
/// <param name="Reason">The reason given (free text, not empty).</param>
public sealed record ItemDispute(LocalDate OpenedOn, string Reason)
{
    /// <summary>The reason given.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);
}
