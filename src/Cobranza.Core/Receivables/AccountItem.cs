using System;
using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
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
    /// <param name="id">The id of the item, unique within the account (not empty).</param>
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
        string id,
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
        Id = Guard.NotNullOrWhiteSpace(id);
        InvoiceId = Guard.NotNullOrWhiteSpace(invoiceId);
        PortionIndex = Guard.NotNegative(portionIndex);
        if (dueDate < issueDate)
        {
            throw new ArgumentException($"dueDate ({dueDate:uuuu-MM-dd}) must not be before issueDate ({issueDate:uuuu-MM-dd}) of item '{id}'.", nameof(dueDate));
        }

        if (amount.Amount <= 0m)
        {
            throw new ArgumentException($"amount must be positive (was {amount}) for item '{id}'.", nameof(amount));
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
                $"principal paid ({PrincipalPaid}) + credited ({Credited}) + discount ({DiscountTaken}) exceed the amount ({amount}) of item '{id}'.",
                nameof(principalPaid));
        }

        if (InterestPaid.Amount > InterestCharged.Amount)
        {
            throw new ArgumentException($"interestPaid ({InterestPaid}) exceeds interestCharged ({InterestCharged}) of item '{id}'.", nameof(interestPaid));
        }

        if (FeesPaid.Amount > FeesCharged.Amount)
        {
            throw new ArgumentException($"feesPaid ({FeesPaid}) exceeds feesCharged ({FeesCharged}) of item '{id}'.", nameof(feesPaid));
        }

        bool settled = Outstanding.Amount == 0m;
        if (settled && settledOn is null)
        {
            throw new ArgumentException($"item '{id}' is fully paid, so settledOn is required.", nameof(settledOn));
        }

        if (!settled && settledOn is not null)
        {
            throw new ArgumentException($"item '{id}' still owes {Outstanding}, so settledOn must be null (was {settledOn:uuuu-MM-dd}).", nameof(settledOn));
        }

        SettledOn = settledOn;
        Dispute = dispute;

        // Derived figures of the immutable item, computed once here so that the escalation engine does no decimal or
        // calendar arithmetic per evaluation (docs/escalation.md, Performance). Same expressions as the properties.
        IsIsoDue = DayNumbers.IsIso(dueDate);
        DueDay = IsIsoDue ? DayNumbers.Of(dueDate) : 0;
        OutstandingScaled = new ScaledAmount(Outstanding.Amount);
        PrincipalOutstandingScaled = new ScaledAmount(PrincipalOutstanding.Amount);
        InterestOutstandingScaled = new ScaledAmount(InterestOutstanding.Amount);
        FeesOutstandingScaled = new ScaledAmount(FeesOutstanding.Amount);
    }

    /// <summary>The id of the item, unique within the account.</summary>
    public string Id { get; }

    /// <summary>Whether <see cref="DueDate"/> is an ISO date (then <see cref="DueDay"/> is its day number).</summary>
    internal bool IsIsoDue { get; }

    /// <summary>The day number of <see cref="DueDate"/> (<see cref="DayNumbers"/>), when <see cref="IsIsoDue"/>.</summary>
    internal int DueDay { get; }

    /// <summary><see cref="Outstanding"/> as mantissa and scale (computed once; the item is immutable).</summary>
    internal ScaledAmount OutstandingScaled { get; }

    /// <summary><see cref="PrincipalOutstanding"/> as mantissa and scale.</summary>
    internal ScaledAmount PrincipalOutstandingScaled { get; }

    /// <summary><see cref="InterestOutstanding"/> as mantissa and scale.</summary>
    internal ScaledAmount InterestOutstandingScaled { get; }

    /// <summary><see cref="FeesOutstanding"/> as mantissa and scale.</summary>
    internal ScaledAmount FeesOutstandingScaled { get; }

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

    /// <summary>
    /// The exclusion from dunning on the item, or <see langword="null"/> (<see cref="Receivables.DunningExclusion"/>):
    /// still owed, but left out of escalation. Set by <see cref="ItemExcludedFromDunning"/>, removed by
    /// <see cref="ItemReturnedToDunning"/>.
    /// </summary>
    public DunningExclusion? DunningExclusion { get; init; }

    /// <summary>Whether the item is excluded from dunning (<see cref="DunningExclusion"/>).</summary>
    public bool IsExcludedFromDunning => DunningExclusion is not null;

    /// <summary>Whether the item is unsettled and its due date is before <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The date of the question.</param>
    /// <returns><see langword="true"/> when the item is overdue on <paramref name="asOf"/>.</returns>
    public bool IsOverdueOn(LocalDate asOf) => !IsSettled && DueDate < asOf;

    /// <summary>Days past the due date on <paramref name="asOf"/> (0 when not yet due or settled).</summary>
    /// <param name="asOf">The date of the question.</param>
    /// <returns>The number of calendar days overdue.</returns>
    public int DaysOverdueOn(LocalDate asOf) => IsOverdueOn(asOf) ? Period.DaysBetween(DueDate, asOf) : 0;

    /// <summary>
    /// The early-payment discount tiers the item carries (each with its last date and amount, as
    /// <see cref="Terms.PaymentSchedule"/> computes them); empty when the item offers no discount. A payment dated on
    /// or before a tier's last date that covers the discounted balance settles the item with the discount (the
    /// largest open tier); see docs/payments-and-plans.md.
    /// </summary>
    /// <exception cref="ArgumentException">A tier is null, in another currency, or not less than <see cref="Amount"/>.</exception>
    public ImmutableArray<ScheduledDiscount> DiscountTerms
    {
        get => field.IsDefault ? ImmutableArray<ScheduledDiscount>.Empty : field;
        init
        {
            var tiers = value.IsDefault ? ImmutableArray<ScheduledDiscount>.Empty : value;
            for (int i = 0; i < tiers.Length; i++)
            {
                var tier = tiers[i] ?? throw new ArgumentException($"DiscountTerms[{i}] of item '{Id}' must not be null.", nameof(DiscountTerms));
                if (tier.Amount.Currency != Currency)
                {
                    throw new ArgumentException($"DiscountTerms[{i}] of item '{Id}' is in {tier.Amount.Currency.Code} but the item is in {Currency.Code}.", nameof(DiscountTerms));
                }

                if (!tier.Amount.IsPositive || tier.Amount >= Amount)
                {
                    throw new ArgumentException($"DiscountTerms[{i}] of item '{Id}' must be positive and less than the amount {Amount} (was {tier.Amount}).", nameof(DiscountTerms));
                }
            }

            field = tiers;
        }
    }

    /// <summary>
    /// The last day late interest has been posted for (<see cref="InterestPosted"/>), or <see langword="null"/> when
    /// none has been: interest through this day is in <see cref="InterestCharged"/> and is never posted again.
    /// </summary>
    public LocalDate? InterestPostedThrough { get; init; }

    /// <summary>The discount tier a payment on <paramref name="paymentDate"/> could take (the largest one still open), or <see langword="null"/>.</summary>
    /// <param name="paymentDate">The value date of the payment.</param>
    /// <returns>The tier, or <see langword="null"/> when no tier is open or a discount was already taken.</returns>
    public ScheduledDiscount? OpenDiscountOn(LocalDate paymentDate)
    {
        if (DiscountTaken.IsPositive || IsSettled)
        {
            return null;
        }

        ScheduledDiscount? best = null;
        foreach (var tier in DiscountTerms)
        {
            if (tier.LastDate >= paymentDate && (best is null || tier.Amount > best.Amount))
            {
                best = tier;
            }
        }

        return best;
    }

    /// <summary>A copy with new figures and settlement date; ids, dates, amount, discount terms and posting date kept unless given.</summary>
    internal AccountItem With(
        decimal principalPaid, decimal credited, decimal discountTaken, decimal interestCharged, decimal interestPaid,
        decimal feesCharged, decimal feesPaid, LocalDate? settledOn, ItemDispute? dispute, LocalDate? interestPostedThrough)
    {
        var c = Currency;
        return new AccountItem(
            Id, InvoiceId, PortionIndex, IssueDate, DueDate, Amount,
            Money.Of(principalPaid, c), Money.Of(credited, c), Money.Of(discountTaken, c), Money.Of(interestCharged, c),
            Money.Of(interestPaid, c), Money.Of(feesCharged, c), Money.Of(feesPaid, c), settledOn, dispute)
        {
            DiscountTerms = DiscountTerms,
            InterestPostedThrough = interestPostedThrough,
            DunningExclusion = DunningExclusion,
        };
    }

    /// <summary>A copy with <see cref="DunningExclusion"/> replaced (everything else kept).</summary>
    internal AccountItem WithDunningExclusion(DunningExclusion? exclusion)
        => new(Id, InvoiceId, PortionIndex, IssueDate, DueDate, Amount, PrincipalPaid, Credited, DiscountTaken, InterestCharged, InterestPaid, FeesCharged, FeesPaid, SettledOn, Dispute)
        {
            DiscountTerms = DiscountTerms,
            InterestPostedThrough = InterestPostedThrough,
            DunningExclusion = exclusion,
        };

    /// <inheritdoc/>
    public override string ToString() => $"{Id} due {DueDate:uuuu-MM-dd} owes {Outstanding}";

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
