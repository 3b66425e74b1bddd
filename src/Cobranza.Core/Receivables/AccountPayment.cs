using System;
using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>A payment received on an account and how it was applied ("imputación").</summary>
public sealed class AccountPayment
{
    /// <summary>Creates a recorded payment.</summary>
    /// <param name="reference">The payment reference, unique within the account (bank reference, receipt number).</param>
    /// <param name="receivedOn">The value date of the payment.</param>
    /// <param name="amount">The amount received (positive).</param>
    /// <param name="method">How it was paid ("transfer", "card", "cash"…), or <see langword="null"/>.</param>
    /// <param name="allocations">How the amount was applied to items.</param>
    /// <exception cref="ArgumentException">The amount is not positive, an allocation is in another currency, or the allocations exceed the amount.</exception>
    public AccountPayment(string reference, LocalDate receivedOn, Money amount, string? method, ImmutableArray<PaymentAllocation> allocations)
    {
        Reference = Guard.NotNullOrWhiteSpace(reference);
        if (amount.Amount <= 0m)
        {
            throw new ArgumentException($"amount of payment '{reference}' must be positive (was {amount}).", nameof(amount));
        }

        ReceivedOn = receivedOn;
        Amount = amount;
        Method = method;
        Allocations = allocations.IsDefault ? ImmutableArray<PaymentAllocation>.Empty : allocations;
        decimal applied = 0m;
        foreach (var allocation in Allocations)
        {
            Guard.NotNull(allocation);
            if (allocation.Total.Currency != amount.Currency)
            {
                throw new ArgumentException($"an allocation of payment '{reference}' is in {allocation.Total.Currency.Code} but the payment is in {amount.Currency.Code}.", nameof(allocations));
            }

            applied += allocation.Total.Amount;
        }

        if (applied > amount.Amount)
        {
            throw new ArgumentException($"allocations of payment '{reference}' ({Money.Of(applied, amount.Currency)}) exceed its amount ({amount}).", nameof(allocations));
        }

        Applied = Money.Of(applied, amount.Currency);
        IsIsoReceived = DayNumbers.IsIso(receivedOn);
        ReceivedDay = IsIsoReceived ? DayNumbers.Of(receivedOn) : 0;
        if (Allocations.Length == 1)
        {
            SoleItemId = Allocations[0].ItemId;
            SoleReduction = AccountInterest.Reduced(Allocations[0]);
        }
    }

    /// <summary>Whether <see cref="ReceivedOn"/> is an ISO date (then <see cref="ReceivedDay"/> is its day number).</summary>
    internal bool IsIsoReceived { get; }

    /// <summary>The day number of <see cref="ReceivedOn"/> (<see cref="DayNumbers"/>), when <see cref="IsIsoReceived"/>.</summary>
    internal int ReceivedDay { get; }

    /// <summary>The item of the payment's only allocation, or <see langword="null"/> when it has none or several (the usual payment pays one item).</summary>
    internal string? SoleItemId { get; }

    /// <summary>
    /// When <see cref="SoleItemId"/> is set, what its allocation takes off the item's principal, as late-interest accrual
    /// reads it (<see cref="AccountInterest"/>: principal + discount, the decimal operator's result). Derived once from the
    /// immutable allocation (decision 0003), so that accrual reads the payment alone, not its allocation objects.
    /// </summary>
    internal decimal SoleReduction { get; }

    /// <summary>The payment reference, unique within the account.</summary>
    public string Reference { get; }

    /// <summary>The value date of the payment.</summary>
    public LocalDate ReceivedOn { get; }

    /// <summary>The amount received.</summary>
    public Money Amount { get; }

    /// <summary>How it was paid, or <see langword="null"/>.</summary>
    public string? Method { get; }

    /// <summary>How the amount was applied to items.</summary>
    public ImmutableArray<PaymentAllocation> Allocations { get; }

    /// <summary>The part of the amount applied to items.</summary>
    public Money Applied { get; }

    /// <summary>The part left as unapplied credit: <see cref="Amount"/> − <see cref="Applied"/>.</summary>
    public Money Unapplied => Amount - Applied;

    /// <summary>
    /// The amount as received, when it was in another currency and converted into <see cref="Amount"/>
    /// (<see cref="CurrencyConversion"/>); <see langword="null"/> when received in the account's currency.
    /// </summary>
    public Money? OriginalAmount { get; init; }

    /// <summary>The id of the installment plan the payment was made to, or <see langword="null"/> for an account payment.</summary>
    public string? PlanId { get; init; }
}

/// <summary>The part of a payment applied to one item, split into fees, interest and principal.</summary>
/// <param name="ItemId">The item paid.</param>
/// <param name="Fees">Applied to the item's fees.</param>
/// <param name="Interest">Applied to the item's interest.</param>
/// <param name="Principal">Applied to the item's principal.</param>
/// <param name="Discount">Early-payment discount granted because this payment qualified (not paid money).</param>
public sealed record PaymentAllocation(string ItemId, Money Fees, Money Interest, Money Principal, Money Discount)
{
    /// <summary>The money applied: fees + interest + principal (the discount is not money received).</summary>
    public Money Total => Fees + Interest + Principal;
}

/// <summary>A customer's promise to pay ("promesa de pago"): escalation pauses until the promised date plus grace.</summary>
/// <param name="PromiseId">The id of the promise.</param>
/// <param name="MadeOn">The date the promise was made.</param>
/// <param name="PromisedDate">The date by which the customer promised to pay.</param>
/// <param name="Amount">The amount promised.</param>
/// <param name="ItemIds">The items the promise covers; empty = the whole overdue balance.</param>
public sealed record PaymentPromise(string PromiseId, LocalDate MadeOn, LocalDate PromisedDate, Money Amount, ImmutableArray<string> ItemIds)
{
    /// <summary>The id of the promise.</summary>
    public string PromiseId { get; } = Guard.NotNullOrWhiteSpace(PromiseId);

    /// <summary>The date by which the customer promised to pay (not before <see cref="MadeOn"/>).</summary>
    public LocalDate PromisedDate { get; } = PromisedDate >= MadeOn
        ? PromisedDate
        : throw new ArgumentException($"PromisedDate ({PromisedDate:uuuu-MM-dd}) must not be before MadeOn ({MadeOn:uuuu-MM-dd}).", nameof(PromisedDate));

    /// <summary>The amount promised (positive).</summary>
    public Money Amount { get; } = Amount.Amount > 0m
        ? Amount
        : throw new ArgumentException($"Amount of promise '{PromiseId}' must be positive (was {Amount}).", nameof(Amount));

    /// <summary>The items the promise covers; empty = the whole overdue balance.</summary>
    public ImmutableArray<string> ItemIds { get; } = ItemIds.IsDefault ? ImmutableArray<string>.Empty : ItemIds;

    /// <summary>Value equality: every member, the item ids compared element by element (in order, ordinal).</summary>
    /// <param name="other">The other promise.</param>
    /// <returns><see langword="true"/> when both promises carry the same values and the same item ids in the same order.</returns>
    public bool Equals(PaymentPromise? other)
        => other is not null && (ReferenceEquals(this, other) || (
            PromiseId == other.PromiseId && MadeOn == other.MadeOn && PromisedDate == other.PromisedDate && Amount == other.Amount
            && ValueEquality.SequenceEqual(ItemIds, other.ItemIds)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PromiseId);
        hash.Add(MadeOn);
        hash.Add(PromisedDate);
        hash.Add(Amount);
        ValueEquality.AddSequence(ref hash, ItemIds);
        return hash.ToHashCode();
    }
}

/// <summary>An installment plan agreed for some items of the account: plan arrears escalate instead of the items.</summary>
/// <param name="PlanId">The id of the plan.</param>
/// <param name="StartedOn">The date the plan was agreed.</param>
/// <param name="ItemIds">The items the plan replaces (not empty).</param>
/// <param name="Plan">The tracked plan (schedule and payments).</param>
/// <param name="FreezesLateInterest">Whether late interest on the items is frozen while the plan is honoured.</param>
/// <remarks>
/// Equality compares every member, the item ids element by element (in order). <see cref="Plan"/> is compared with
/// its own equality, which is by reference: a <see cref="TrackedPlan"/> is a class without value equality, so two
/// enrollments are equal only when they share the same tracked plan instance (as the snapshots of one account do).
/// </remarks>
public sealed record PlanEnrollment(string PlanId, LocalDate StartedOn, ImmutableArray<string> ItemIds, TrackedPlan Plan, bool FreezesLateInterest)
{
    /// <summary>The id of the plan.</summary>
    public string PlanId { get; } = Guard.NotNullOrWhiteSpace(PlanId);

    /// <summary>The items the plan replaces.</summary>
    public ImmutableArray<string> ItemIds { get; } = ItemIds.IsDefaultOrEmpty
        ? throw new ArgumentException($"ItemIds of plan '{PlanId}' must name at least one item.", nameof(ItemIds))
        : ItemIds;

    /// <summary>The tracked plan.</summary>
    public TrackedPlan Plan { get; } = Guard.NotNull(Plan);

    /// <summary>Value equality: every member, the item ids element by element (in order); the plan by reference.</summary>
    /// <param name="other">The other enrollment.</param>
    /// <returns><see langword="true"/> when both enrollments carry the same values, item ids and tracked plan.</returns>
    public bool Equals(PlanEnrollment? other)
        => other is not null && (ReferenceEquals(this, other) || (
            PlanId == other.PlanId && StartedOn == other.StartedOn && ValueEquality.SequenceEqual(ItemIds, other.ItemIds)
            && Equals(Plan, other.Plan) && FreezesLateInterest == other.FreezesLateInterest));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PlanId);
        hash.Add(StartedOn);
        ValueEquality.AddSequence(ref hash, ItemIds);
        hash.Add(Plan);
        hash.Add(FreezesLateInterest);
        return hash.ToHashCode();
    }
}

/// <summary>A legal hold: while present, escalation does nothing for the account.</summary>
/// <param name="Since">The date the hold started.</param>
/// <param name="Reason">Why (insolvency proceedings, litigation…), not empty.</param>
public sealed record LegalHold(LocalDate Since, string Reason)
{
    /// <summary>Why the account is on hold.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);
}
