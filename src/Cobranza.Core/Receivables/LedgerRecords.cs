using System;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// How a payment is applied to the account's items ("imputación de pagos"). Whatever the strategy, no item ever
/// receives more than it owes, and money beyond what is applied becomes unapplied credit
/// (<c>applied + unapplied = paid</c>). Automatic strategies skip disputed items and items enrolled in an
/// installment plan; see docs/payments-and-plans.md.
/// </summary>
public enum AllocationStrategy
{
    /// <summary>
    /// Oldest due date first (ties in the order the items were added); each item is paid in full — fees, then
    /// interest, then principal (Código Civil art. 1173) — before the next one receives anything.
    /// </summary>
    OldestDueFirst = 0,

    /// <summary>
    /// Costs and interest before principal across the account (Código Civil art. 1173: "no podrá estimarse hecho el
    /// pago por cuenta del capital mientras no estén cubiertos los intereses"): first the fees of every item, then
    /// the interest of every item, then principal, each pass oldest due date first.
    /// </summary>
    CostsAndInterestFirst = 1,

    /// <summary>
    /// Pro rata over the items' outstanding amounts (Código Civil art. 1174: debts of equal nature are paid pro rata),
    /// split with <see cref="Money.Allocate(ReadOnlySpan{decimal})"/> so the shares add up to the cent; within an
    /// item fees, then interest, then principal. Early-payment discounts are not granted by this strategy.
    /// </summary>
    Proportional = 2,

    /// <summary>
    /// The payer names the items and the amount for each (Código Civil art. 1172: the debtor may declare which debt
    /// the payment is for). Within an item fees, then interest, then principal (art. 1173). Naming more than an item
    /// owes is an error; the part of the payment not named becomes unapplied credit. Disputed items may be named.
    /// </summary>
    Explicit = 3,
}

/// <summary>What a posted charge is.</summary>
public enum ChargeKind
{
    /// <summary>A fee (late fee, recovery compensation, plan installment fee).</summary>
    Fee = 0,

    /// <summary>Late interest (or the interest of an installment plan) posted to an item.</summary>
    Interest = 1,
}

/// <summary>The payer's instruction for one item under <see cref="AllocationStrategy.Explicit"/>.</summary>
/// <param name="ItemId">The item to pay.</param>
/// <param name="Amount">The amount for it (positive, whole minor units, at most what the item owes).</param>
public sealed record ExplicitAllocation(string ItemId, Money Amount)
{
    /// <summary>The item to pay.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The amount for the item (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));
}

/// <summary>A credit note ("nota de crédito / factura rectificativa") that reduced an item's principal.</summary>
/// <param name="Reference">The credit note's reference (unique within the account).</param>
/// <param name="IssuedOn">Its date.</param>
/// <param name="ItemId">The item it reduced.</param>
/// <param name="Amount">The amount credited (positive).</param>
/// <param name="Description">Free text, or <see langword="null"/>.</param>
public sealed record CreditNote(string Reference, LocalDate IssuedOn, string ItemId, Money Amount, string? Description)
{
    /// <summary>The credit note's reference.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>The item it reduced.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>The amount credited (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));
}

/// <summary>A fee or interest posted to an item, dated, under a key that is never posted twice.</summary>
/// <param name="Key">The charge key: unique within the account (e.g. <c>EU-RECOVERY-40/F-1</c>, <c>interest/F-1/0/2026-03-31</c>).</param>
/// <param name="ItemId">The item charged.</param>
/// <param name="ChargedOn">The posting date.</param>
/// <param name="Kind">Fee or interest.</param>
/// <param name="Amount">The amount charged (positive).</param>
/// <param name="Description">What it is (shown on statements).</param>
/// <param name="Through">For interest: the last day it covers; <see langword="null"/> for fees.</param>
public sealed record AccountCharge(string Key, string ItemId, LocalDate ChargedOn, ChargeKind Kind, Money Amount, string Description, LocalDate? Through)
{
    /// <summary>The charge key, unique within the account.</summary>
    public string Key { get; } = Guard.NotNullOrWhiteSpace(Key);

    /// <summary>The item charged.</summary>
    public string ItemId { get; } = Guard.NotNullOrWhiteSpace(ItemId);

    /// <summary>Fee or interest.</summary>
    public ChargeKind Kind { get; } = Enum.IsDefined(Kind) ? Kind : throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"Kind is not a ChargeKind (was {(int)Kind}).");

    /// <summary>The amount charged (positive).</summary>
    public Money Amount { get; } = Ledger.Positive(Amount, nameof(Amount));

    /// <summary>What it is.</summary>
    public string Description { get; } = Guard.NotNullOrWhiteSpace(Description);
}

/// <summary>Unapplied credit of the account applied to items (an explicit event; no money is received).</summary>
/// <param name="Reference">The reference of the application (unique among credit applications).</param>
/// <param name="AppliedOn">Its date (an item it settles is settled on this date).</param>
/// <param name="Allocations">How the credit was applied.</param>
public sealed record CreditApplication(string Reference, LocalDate AppliedOn, ImmutableArray<PaymentAllocation> Allocations)
{
    /// <summary>The reference of the application.</summary>
    public string Reference { get; } = Guard.NotNullOrWhiteSpace(Reference);

    /// <summary>How the credit was applied (never default).</summary>
    public ImmutableArray<PaymentAllocation> Allocations { get; } = Allocations.IsDefault ? ImmutableArray<PaymentAllocation>.Empty : Allocations;

    /// <summary>Value equality: every member, the allocations compared element by element (in order).</summary>
    /// <param name="other">The other application.</param>
    /// <returns><see langword="true"/> when both applications carry the same reference, date and allocations.</returns>
    public bool Equals(CreditApplication? other)
        => other is not null && (ReferenceEquals(this, other) || (
            Reference == other.Reference && AppliedOn == other.AppliedOn && ValueEquality.SequenceEqual(Allocations, other.Allocations)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Reference);
        hash.Add(AppliedOn);
        ValueEquality.AddSequence(ref hash, Allocations);
        return hash.ToHashCode();
    }
}

/// <summary>
/// How a payment received in another currency is converted into the account's currency: an explicit rate or the
/// host's converter, always rounded to the account currency's minor unit with an explicit midpoint rule.
/// </summary>
public sealed class CurrencyConversion
{
    private readonly decimal _rate;
    private readonly Func<Money, Currency, decimal>? _converter;

    private CurrencyConversion(decimal rate, Func<Money, Currency, decimal>? converter, MidpointRounding rounding, string description)
    {
        _rate = rate;
        _converter = converter;
        Rounding = Enum.IsDefined(rounding) ? rounding : throw new ArgumentOutOfRangeException(nameof(rounding), rounding, $"rounding is not a MidpointRounding (was {(int)rounding}).");
        Description = description;
    }

    /// <summary>The midpoint rule of the rounding to the account currency's minor unit.</summary>
    public MidpointRounding Rounding { get; }

    /// <summary>A short description ("rate 1.0850", "host converter").</summary>
    public string Description { get; }

    /// <summary>Converts at a fixed rate: account amount = payment amount × <paramref name="accountUnitsPerPaymentUnit"/>.</summary>
    /// <param name="accountUnitsPerPaymentUnit">Units of the account currency per unit of the payment currency (positive).</param>
    /// <param name="rounding">Midpoint rule of the rounding to the minor unit.</param>
    /// <returns>The conversion.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive.</exception>
    public static CurrencyConversion AtRate(decimal accountUnitsPerPaymentUnit, MidpointRounding rounding = MidpointRounding.AwayFromZero)
        => accountUnitsPerPaymentUnit > 0m
            ? new CurrencyConversion(accountUnitsPerPaymentUnit, null, rounding, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rate {accountUnitsPerPaymentUnit}"))
            : throw new ArgumentOutOfRangeException(nameof(accountUnitsPerPaymentUnit), accountUnitsPerPaymentUnit, $"accountUnitsPerPaymentUnit must be positive (was {accountUnitsPerPaymentUnit}).");

    /// <summary>Converts with the host's converter (e.g. the bank's rate of the value date); the result is then rounded.</summary>
    /// <param name="converter">Returns the amount in the target currency, unrounded.</param>
    /// <param name="rounding">Midpoint rule of the rounding to the minor unit.</param>
    /// <returns>The conversion.</returns>
    public static CurrencyConversion Using(Func<Money, Currency, decimal> converter, MidpointRounding rounding = MidpointRounding.AwayFromZero)
        => new(0m, Guard.NotNull(converter), rounding, "host converter");

    /// <summary>Converts <paramref name="amount"/> into <paramref name="target"/>, rounded to its minor unit.</summary>
    /// <param name="amount">The amount received.</param>
    /// <param name="target">The account currency.</param>
    /// <returns>The converted amount.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The converted amount is not positive.</exception>
    public Money Convert(Money amount, Currency target)
    {
        Guard.NotNull(target);
        decimal raw = _converter is null ? amount.Amount * _rate : _converter(amount, target);
        var converted = Money.Of(raw, target).Round(Rounding);
        return converted.IsPositive
            ? converted
            : throw new ArgumentOutOfRangeException(nameof(amount), amount.ToString(), $"{amount} converts to {converted} with {Description}; a payment must be positive.");
    }
}

/// <summary>A payment that was reversed (<see cref="PaymentReversed"/>): the payment as it had been applied, and the reversal.</summary>
/// <param name="Payment">The payment as it was recorded before the reversal (its allocations are what the reversal undid).</param>
/// <param name="ReversedOn">The date of the reversal (not before the payment's value date).</param>
/// <param name="Reason">Why it was reversed.</param>
/// <remarks>Equality compares every member; <see cref="Payment"/> is compared by reference (an <see cref="AccountPayment"/> is a class without value equality).</remarks>
public sealed record PaymentReversal(AccountPayment Payment, LocalDate ReversedOn, string Reason)
{
    /// <summary>The payment as it was recorded before the reversal.</summary>
    public AccountPayment Payment { get; } = Guard.NotNull(Payment);

    /// <summary>The date of the reversal (not before the payment's value date).</summary>
    public LocalDate ReversedOn { get; } = ReversedOn >= Payment.ReceivedOn
        ? ReversedOn
        : throw new ArgumentException($"ReversedOn ({ReversedOn:uuuu-MM-dd}) must not be before the value date of payment '{Payment.Reference}' ({Payment.ReceivedOn:uuuu-MM-dd}).", nameof(ReversedOn));

    /// <summary>Why it was reversed.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);

    /// <summary>The reference of the payment reversed.</summary>
    public string Reference => Payment.Reference;
}
