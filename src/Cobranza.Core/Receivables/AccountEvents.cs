using System;
using System.Collections.Immutable;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// Something that happens to a customer account. <see cref="CustomerAccount.Apply(AccountEvent)"/> (or
/// <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>) returns a new snapshot with <c>Version + 1</c>, or the
/// same snapshot when the event was already applied (an idempotent repeat).
/// </summary>
public abstract record AccountEvent
{
    private protected AccountEvent()
    {
    }
}

/// <summary>A receivable item is added (an invoice portion, a debit note). The item must be new: nothing paid, credited or charged.</summary>
/// <remarks>Equality is the synthesized record equality: <see cref="Item"/> is compared by reference (an <see cref="AccountItem"/> is a class without value equality).</remarks>
public sealed record ItemAdded : AccountEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="item">The new item (in whole minor units, with nothing paid, credited or charged on it).</param>
    /// <exception cref="ArgumentException">The item carries payments, credits, charges or a settlement.</exception>
    public ItemAdded(AccountItem item)
    {
        Item = Guard.NotNull(item);
        if (item.Outstanding != item.Amount || item.DiscountTaken.IsPositive || item.InterestCharged.IsPositive || item.FeesCharged.IsPositive || item.InterestPostedThrough is not null)
        {
            throw new ArgumentException($"item '{item.Id}' must be new (nothing paid, credited, discounted or charged) when added; post those with their own events.", nameof(item));
        }

        if (!item.Amount.IsRoundedToMinorUnit)
        {
            throw new ArgumentException($"amount of item '{item.Id}' must be in whole minor units of {item.Currency.Code} (was {item.Amount}).", nameof(item));
        }
    }

    /// <summary>The new item.</summary>
    public AccountItem Item { get; }

    /// <summary>An item from the terms issue's <see cref="ReceivableItem"/>; its id is <c>{InvoiceId}/{PortionIndex}</c>.</summary>
    /// <param name="item">The receivable item.</param>
    /// <param name="issueDate">The invoice date.</param>
    /// <param name="discountTerms">The portion's discount tiers (<see cref="ScheduledPortion.Discounts"/>), if any.</param>
    /// <returns>The event.</returns>
    public static ItemAdded From(ReceivableItem item, LocalDate issueDate, ImmutableArray<ScheduledDiscount> discountTerms = default)
    {
        Guard.NotNull(item);
        return new ItemAdded(new AccountItem(ItemIdOf(item.InvoiceId, item.PortionIndex), item.InvoiceId, item.PortionIndex, issueDate, item.DueDate, item.Amount)
        {
            DiscountTerms = discountTerms,
        });
    }

    /// <summary>One event per portion of an invoice's schedule, carrying each portion's discount tiers.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>The events, in portion order.</returns>
    public static ImmutableArray<ItemAdded> From(PaymentSchedule schedule)
    {
        Guard.NotNull(schedule);
        var receivables = schedule.ToReceivableItems();
        var builder = ImmutableArray.CreateBuilder<ItemAdded>(receivables.Length);
        for (int i = 0; i < receivables.Length; i++)
        {
            builder.Add(From(receivables[i], schedule.Invoice.IssueDate, [.. schedule.Portions[i].Discounts]));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>The item id the ledger gives a portion: <c>{invoiceId}/{portionIndex}</c>.</summary>
    /// <param name="invoiceId">The invoice id.</param>
    /// <param name="portionIndex">The portion index.</param>
    /// <returns>The item id.</returns>
    public static string ItemIdOf(string invoiceId, int portionIndex)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{invoiceId}/{portionIndex}");
}

/// <summary>
/// A payment is received and applied with a strategy. Applying the same payment again (same reference, date and
/// amount) changes nothing; the same reference with another date or amount is an error.
/// </summary>
/// <param name="Reference">The payment reference, unique within the account.</param>
/// <param name="ReceivedOn">The value date.</param>
/// <param name="Amount">The amount received (positive, whole minor units); in another currency only with <see cref="Conversion"/>.</param>
/// <param name="Strategy">How to apply it.</param>
public sealed record PaymentReceived(string Reference, LocalDate ReceivedOn, Money Amount, AllocationStrategy Strategy) : AccountEvent
{
    /// <summary>The payment reference.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>The amount received (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));

    /// <summary>How to apply it.</summary>
    public AllocationStrategy Strategy { get; } = Enum.IsDefined(Strategy) ? Strategy : throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, $"Strategy is not an AllocationStrategy (was {(int)Strategy}).");

    /// <summary>How it was paid ("transfer", "card"…), or <see langword="null"/>.</summary>
    public string? Method { get; init; }

    /// <summary>The payer's instructions for <see cref="AllocationStrategy.Explicit"/> (required then, refused otherwise).</summary>
    public ImmutableArray<ExplicitAllocation> Allocations
    {
        get => field.IsDefault ? ImmutableArray<ExplicitAllocation>.Empty : field;
        init => field = value;
    }

    /// <summary>The conversion when the payment is in another currency than the account; <see langword="null"/> otherwise.</summary>
    public CurrencyConversion? Conversion { get; init; }

    /// <summary>
    /// Value equality: every member, the allocations compared element by element (in order). <see cref="Conversion"/>
    /// is compared with its own equality, which is by reference (<see cref="CurrencyConversion"/> is a class that may
    /// hold the host's converter).
    /// </summary>
    /// <param name="other">The other event.</param>
    /// <returns><see langword="true"/> when both events carry the same values, allocations and conversion.</returns>
    public bool Equals(PaymentReceived? other)
        => other is not null && (ReferenceEquals(this, other) || (
            base.Equals(other) && Reference == other.Reference && ReceivedOn == other.ReceivedOn && Amount == other.Amount
            && Strategy == other.Strategy && Method == other.Method && ValueEquality.SequenceEqual(Allocations, other.Allocations)
            && Equals(Conversion, other.Conversion)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Reference);
        hash.Add(ReceivedOn);
        hash.Add(Amount);
        hash.Add(Strategy);
        hash.Add(Method);
        ValueEquality.AddSequence(ref hash, Allocations);
        hash.Add(Conversion);
        return hash.ToHashCode();
    }
}

/// <summary>
/// A payment is reversed ("recibo devuelto", a returned cheque, a chargeback): exactly what that
/// <see cref="PaymentReceived"/> did is undone. Every allocation of the payment (fees, interest, principal and any
/// early-payment discount it earned) is removed, so those items owe again what the payment had settled; the unapplied
/// credit it left is removed; the payment leaves <see cref="CustomerAccount.Payments"/> and is kept, with the
/// reversal, in <see cref="CustomerAccount.Reversals"/>. Other payments' allocations are not redone. Applying the same
/// reversal again (same reference, date and reason) changes nothing; another date or reason is an error.
/// </summary>
/// <remarks>
/// Refused (<see cref="ArgumentException"/> naming the reference and why) when the ledger cannot undo it exactly: an
/// unknown reference; a plan payment (<see cref="PlanPaymentReceived"/>), or a payment on an item since put in a plan;
/// a reversal dated before the payment; unapplied
/// credit the payment left that a later <see cref="UnappliedCreditApplied"/> may have used; late interest already
/// posted (<see cref="InterestPosted"/>) through a day on or after the payment on an item whose principal the payment
/// reduced (that interest was computed on the reduced balance: reverse before posting, or recompute).
/// </remarks>
/// <param name="Reference">The reference of the payment reversed.</param>
/// <param name="ReversedOn">The date of the reversal (the bank's return date); not before the payment's value date.</param>
/// <param name="Reason">Why ("Devolución: cuenta sin fondos", "cheque devuelto", "chargeback"…); shown on statements.</param>
public sealed record PaymentReversed(string Reference, LocalDate ReversedOn, string Reason) : AccountEvent
{
    /// <summary>The reference of the payment reversed.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>Why the payment is reversed.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);
}

/// <summary>A credit note reduces an item's principal (never below zero).</summary>
/// <param name="Reference">The credit note's reference (unique within the account).</param>
/// <param name="IssuedOn">Its date.</param>
/// <param name="ItemId">The item it reduces.</param>
/// <param name="Amount">The amount (positive, at most the item's outstanding principal).</param>
/// <param name="Description">Free text, or <see langword="null"/>.</param>
public sealed record CreditNoteIssued(string Reference, LocalDate IssuedOn, string ItemId, Money Amount, string? Description = null) : AccountEvent
{
    /// <summary>The credit note's reference.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>The item it reduces.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The amount (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));
}

/// <summary>
/// A fee is charged to an item under a charge key that is never posted twice (e.g. <c>EU-RECOVERY-40/F-1</c>: the
/// recovery compensation once per invoice, Directive 2011/7/EU art. 6). The same key again with the same item, date
/// and amount changes nothing; with other values it is an error.
/// </summary>
/// <param name="ChargeKey">The charge key.</param>
/// <param name="ChargedOn">The posting date.</param>
/// <param name="ItemId">The item charged (a charge reopens a settled item).</param>
/// <param name="Amount">The fee (positive, whole minor units).</param>
/// <param name="Description">What it is (shown on statements).</param>
public sealed record FeeCharged(string ChargeKey, LocalDate ChargedOn, string ItemId, Money Amount, string Description) : AccountEvent
{
    /// <summary>The charge key.</summary>
    public string ChargeKey { get; } = Guard.NotNullOrWhiteSpace(ChargeKey);

    /// <summary>The item charged.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The fee (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));

    /// <summary>What it is.</summary>
    public string Description { get; } = Guard.NotNullOrWhiteSpace(Description);
}

/// <summary>
/// Accrued late interest is posted to an item through a date. Interest already posted is never posted again: the
/// through date must be after the item's <see cref="AccountItem.InterestPostedThrough"/> (repeating the last posting
/// identically changes nothing). The charge key is <c>interest/{ItemId}/{Through:yyyy-MM-dd}</c>.
/// </summary>
/// <param name="ItemId">The item.</param>
/// <param name="PostedOn">The posting date (on or after <paramref name="Through"/>).</param>
/// <param name="Through">The last day the interest covers.</param>
/// <param name="Amount">The interest (positive, whole minor units).</param>
public sealed record InterestPosted(string ItemId, LocalDate PostedOn, LocalDate Through, Money Amount) : AccountEvent
{
    /// <summary>The item.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The last day the interest covers (not after <see cref="PostedOn"/>).</summary>
    public LocalDate Through { get; } = Through <= PostedOn
        ? Through
        : throw new ArgumentOutOfRangeException(nameof(Through), Through, $"Through ({Through:uuuu-MM-dd}) must not be after PostedOn ({PostedOn:uuuu-MM-dd}).");

    /// <summary>The interest (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));

    /// <summary>The text shown on statements.</summary>
    public string Description { get; init; } = "Late interest";

    /// <summary>The charge key this posting is recorded under.</summary>
    public string Key => Ledger.InterestKey(ItemId, Through);
}

/// <summary>The customer disputes an item: automatic strategies and escalation leave it alone until it is resolved.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Dispute">The dispute.</param>
public sealed record DisputeOpened(string ItemId, ItemDispute Dispute) : AccountEvent
{
    /// <summary>The item.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The dispute.</summary>
    public ItemDispute Dispute { get; } = Guard.NotNull(Dispute);
}

/// <summary>The dispute on an item is resolved (settle any agreed reduction with a <see cref="CreditNoteIssued"/>).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ResolvedOn">The date.</param>
public sealed record DisputeResolved(string ItemId, LocalDate ResolvedOn) : AccountEvent
{
    /// <summary>The item.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);
}

/// <summary>
/// An item is excluded from dunning without a dispute (<see cref="Receivables.DunningExclusion"/>): still owed, left out
/// of escalation. The item must be open and not already excluded.
/// </summary>
/// <param name="ItemId">The item.</param>
/// <param name="Exclusion">The exclusion, with its reason.</param>
public sealed record ItemExcludedFromDunning(string ItemId, DunningExclusion Exclusion) : AccountEvent
{
    /// <summary>The item.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The exclusion.</summary>
    public DunningExclusion Exclusion { get; } = Guard.NotNull(Exclusion);
}

/// <summary>An item excluded from dunning is returned to it (its stages follow its due date again).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ReturnedOn">The date.</param>
public sealed record ItemReturnedToDunning(string ItemId, LocalDate ReturnedOn) : AccountEvent
{
    /// <summary>The item.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);
}

/// <summary>Dunning enforcement is turned off for the account (<see cref="Receivables.EnforcementOff"/>; replacing any previous one).</summary>
/// <param name="Off">The pause, with its reason.</param>
public sealed record EnforcementTurnedOff(EnforcementOff Off) : AccountEvent
{
    /// <summary>The pause.</summary>
    public EnforcementOff Off { get; } = Guard.NotNull(Off);
}

/// <summary>Dunning enforcement is turned back on for the account.</summary>
/// <param name="TurnedOnOn">The date.</param>
public sealed record EnforcementTurnedOn(LocalDate TurnedOnOn) : AccountEvent;

/// <summary>A promise to pay is recorded (promise ids are unique).</summary>
/// <param name="Promise">The promise.</param>
public sealed record PromiseRecorded(PaymentPromise Promise) : AccountEvent
{
    /// <summary>The promise.</summary>
    public PaymentPromise Promise { get; } = Guard.NotNull(Promise);
}

/// <summary>An installment plan starts for some items (see <see cref="Restructuring"/> to build one from the account).</summary>
/// <param name="Enrollment">The enrollment: its items must exist and not be in another plan.</param>
public sealed record PlanStarted(PlanEnrollment Enrollment) : AccountEvent
{
    /// <summary>The enrollment.</summary>
    public PlanEnrollment Enrollment { get; } = Guard.NotNull(Enrollment);
}

/// <summary>
/// A payment towards an installment plan: applied to the tracked plan and to the plan's items (oldest due first,
/// fees, interest, principal); the plan's own interest and fees paid by it are first posted to the oldest open item.
/// Duplicate references behave as for <see cref="PaymentReceived"/>.
/// </summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Reference">The payment reference (unique among the account's payments).</param>
/// <param name="ReceivedOn">The value date (not before the plan's last payment).</param>
/// <param name="Amount">The amount (positive, whole minor units, in the account's currency).</param>
public sealed record PlanPaymentReceived(string PlanId, string Reference, LocalDate ReceivedOn, Money Amount) : AccountEvent
{
    /// <summary>The plan.</summary>
    public string PlanId { get; } = Guard.NotNullOrWhiteSpace(PlanId);

    /// <summary>The payment reference.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>The amount (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));

    /// <summary>How it was paid, or <see langword="null"/>.</summary>
    public string? Method { get; init; }
}

/// <summary>Unapplied credit of the account is applied to items (no money is received).</summary>
/// <param name="Reference">The reference of the application (unique among credit applications).</param>
/// <param name="AppliedOn">The date.</param>
/// <param name="Strategy">How to apply it.</param>
public sealed record UnappliedCreditApplied(string Reference, LocalDate AppliedOn, AllocationStrategy Strategy) : AccountEvent
{
    /// <summary>The reference of the application.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>How to apply it.</summary>
    public AllocationStrategy Strategy { get; } = Enum.IsDefined(Strategy) ? Strategy : throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, $"Strategy is not an AllocationStrategy (was {(int)Strategy}).");

    /// <summary>The most to apply; <see langword="null"/> = all the unapplied credit.</summary>
    public Money? Amount { get; init; }

    /// <summary>The instructions for <see cref="AllocationStrategy.Explicit"/>.</summary>
    public ImmutableArray<ExplicitAllocation> Allocations
    {
        get => field.IsDefault ? ImmutableArray<ExplicitAllocation>.Empty : field;
        init => field = value;
    }

    /// <summary>Value equality: every member, the allocations compared element by element (in order).</summary>
    /// <param name="other">The other event.</param>
    /// <returns><see langword="true"/> when both events carry the same values and allocations.</returns>
    public bool Equals(UnappliedCreditApplied? other)
        => other is not null && (ReferenceEquals(this, other) || (
            base.Equals(other) && Reference == other.Reference && AppliedOn == other.AppliedOn && Strategy == other.Strategy
            && Amount == other.Amount && ValueEquality.SequenceEqual(Allocations, other.Allocations)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Reference);
        hash.Add(AppliedOn);
        hash.Add(Strategy);
        hash.Add(Amount);
        ValueEquality.AddSequence(ref hash, Allocations);
        return hash.ToHashCode();
    }
}

/// <summary>A legal hold is set (replacing any previous one).</summary>
/// <param name="Hold">The hold.</param>
public sealed record LegalHoldSet(LegalHold Hold) : AccountEvent
{
    /// <summary>The hold.</summary>
    public LegalHold Hold { get; } = Guard.NotNull(Hold);
}

/// <summary>The legal hold is released.</summary>
/// <param name="ReleasedOn">The date.</param>
public sealed record LegalHoldReleased(LocalDate ReleasedOn) : AccountEvent;
