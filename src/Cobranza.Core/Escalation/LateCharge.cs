using System;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>
/// One posting a charge decision makes (<see cref="EscalationDecision.Charges"/>): late interest accrued on an item
/// through a date, or a fee on an item under a charge key. The engine computes it once, from the account's
/// late-interest terms and fee rule (<see cref="LateChargeTerms"/>); the notice of the same stage states the same
/// figures; a handler posts it with <see cref="ToLedgerEvent"/> and never recomputes it.
/// </summary>
public sealed record LateCharge
{
    private LateCharge(ChargeKind kind, string itemId, LocalDate postedOn, LocalDate? through, string key, Money amount, string description)
    {
        Kind = kind;
        ItemId = itemId;
        PostedOn = postedOn;
        Through = through;
        Key = key;
        Amount = amount;
        Description = description;
    }

    /// <summary>This charge on item <paramref name="itemId"/> (the item's own id in a paid account; see <see cref="Receivables.AccountHierarchy"/>).</summary>
    internal LateCharge On(string itemId) => new(Kind, itemId, PostedOn, Through, Key, Amount, Description) { Provisional = Provisional };

    /// <summary>Interest or fee.</summary>
    public ChargeKind Kind { get; }

    /// <summary>The item charged.</summary>
    public string ItemId { get; }

    /// <summary>The posting date: the decision's local date.</summary>
    public LocalDate PostedOn { get; }

    /// <summary>For interest, the last day it covers; <see langword="null"/> for a fee.</summary>
    public LocalDate? Through { get; }

    /// <summary>The charge key the ledger records it under (interest: <c>interest/{item}/{through}</c>; a fee: <c>{invoice}/{code}</c>).</summary>
    public string Key { get; }

    /// <summary>The amount (positive, whole minor units).</summary>
    public Money Amount { get; }

    /// <summary>The text shown on statements.</summary>
    public string Description { get; }

    /// <summary>
    /// Whether the amount is provisional: late interest computed with a rate carried forward because the official one was
    /// not loaded yet (<see cref="Interest.MissingRatePolicy.CarryForwardProvisional"/>; the decision's
    /// <see cref="EscalationDecision.ProvisionalInterest"/> says which days and rates). The ready handlers refuse to post
    /// it unless the host allows it (<see cref="Running.ChargeLateInterestHandler.PostProvisionalInterest"/>).
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Provisional { get; init; }

    /// <summary>Late interest accrued on an item and not yet posted.</summary>
    /// <param name="itemId">The item (not empty).</param>
    /// <param name="postedOn">The posting date.</param>
    /// <param name="through">The last day the interest covers (not after <paramref name="postedOn"/>).</param>
    /// <param name="amount">The interest (positive).</param>
    /// <param name="description">The statement text (not empty).</param>
    /// <returns>The charge.</returns>
    /// <exception cref="ArgumentException">An argument is empty or out of range.</exception>
    public static LateCharge Interest(string itemId, LocalDate postedOn, LocalDate through, Money amount, string description)
    {
        var posted = new InterestPosted(Guard.NotNullOrWhiteSpace(itemId), postedOn, through, amount) { Description = Guard.NotNullOrWhiteSpace(description) };
        return new LateCharge(ChargeKind.Interest, itemId, postedOn, through, posted.Key, posted.Amount, description);
    }

    /// <summary>A fee on an item.</summary>
    /// <param name="chargeKey">The charge key (not empty; for a <see cref="Interest.LateFee"/>, <see cref="Interest.FeeDecision.IdempotencyKey"/>).</param>
    /// <param name="itemId">The item (not empty).</param>
    /// <param name="postedOn">The posting date.</param>
    /// <param name="amount">The fee (positive).</param>
    /// <param name="description">The statement text (not empty).</param>
    /// <returns>The charge.</returns>
    /// <exception cref="ArgumentException">An argument is empty or out of range.</exception>
    public static LateCharge Fee(string chargeKey, string itemId, LocalDate postedOn, Money amount, string description)
    {
        var charged = new FeeCharged(chargeKey, postedOn, itemId, amount, description);
        return new LateCharge(ChargeKind.Fee, charged.ItemId, postedOn, null, charged.ChargeKey, charged.Amount, charged.Description);
    }

    /// <summary>The ledger event that posts this charge (<see cref="InterestPosted"/> or <see cref="FeeCharged"/>); posting it twice changes nothing.</summary>
    /// <returns>The event.</returns>
    public AccountEvent ToLedgerEvent() => Kind == ChargeKind.Interest
        ? new InterestPosted(ItemId, PostedOn, Through!.Value, Amount) { Description = Description }
        : new FeeCharged(Key, PostedOn, ItemId, Amount, Description);
}
