using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Escalation;

namespace Cobranza.Core.Receivables;

/// <summary>
/// What a posting of late charges did: the account after it, the ledger events it added and their total. Events the
/// ledger already held (an idempotent repeat: the same interest posting or fee key again) are not in
/// <see cref="Posted"/> and not in <see cref="Amount"/>.
/// </summary>
/// <remarks>
/// Equality: <see cref="Account"/> by reference (a <see cref="CustomerAccount"/> is a snapshot class without value
/// equality), <see cref="Posted"/> element by element, <see cref="Amount"/> by value.
/// </remarks>
public sealed record ChargePosting
{
    /// <summary>Creates the outcome.</summary>
    /// <param name="account">The account after the postings (the same snapshot when nothing was posted).</param>
    /// <param name="posted">The events added, in order (empty when nothing was posted).</param>
    /// <param name="amount">Their total, in the account's currency (zero when nothing was posted).</param>
    /// <exception cref="ArgumentNullException">account is null.</exception>
    /// <exception cref="ArgumentException">amount is not in the account's currency.</exception>
    public ChargePosting(CustomerAccount account, ImmutableArray<AccountEvent> posted, Money amount)
    {
        Account = Guard.NotNull(account);
        if (amount.Currency != account.Currency)
        {
            throw new ArgumentException($"amount was {amount}, not in the account's currency {account.Currency.Code}.", nameof(amount));
        }

        Posted = posted.IsDefault ? ImmutableArray<AccountEvent>.Empty : posted;
        Amount = amount;
    }

    /// <summary>The account after the postings.</summary>
    public CustomerAccount Account { get; }

    /// <summary>The ledger events added (<see cref="InterestPosted"/> or <see cref="FeeCharged"/>), in order.</summary>
    public ImmutableArray<AccountEvent> Posted { get; }

    /// <summary>The total posted, in the account's currency.</summary>
    public Money Amount { get; }

    /// <summary>Whether anything was posted.</summary>
    public bool IsEmpty => Posted.IsEmpty;

    /// <summary>Value equality (see the type's remarks).</summary>
    /// <param name="other">The other outcome.</param>
    /// <returns><see langword="true"/> when both are equal.</returns>
    public bool Equals(ChargePosting? other)
        => other is not null && (ReferenceEquals(this, other) || (
            ReferenceEquals(Account, other.Account) && Amount == other.Amount && ValueEquality.SequenceEqual(Posted, other.Posted)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Account);
        ValueEquality.AddSequence(ref hash, Posted);
        hash.Add(Amount);
        return hash.ToHashCode();
    }

    /// <summary>Applies events to an account and keeps those that changed it.</summary>
    internal static ChargePosting Apply(CustomerAccount account, IEnumerable<AccountEvent> events)
    {
        var posted = ImmutableArray.CreateBuilder<AccountEvent>();
        decimal total = 0m;
        foreach (var e in events)
        {
            var after = Ledger.Apply(account, e);
            if (!ReferenceEquals(after, account))
            {
                posted.Add(e);
                total += e switch
                {
                    InterestPosted i => i.Amount.Amount,
                    FeeCharged f => f.Amount.Amount,
                    _ => throw new ArgumentException($"event of type {e.GetType().Name} is not a charge.", nameof(events)),
                };
            }

            account = after;
        }

        return new ChargePosting(account, posted.ToImmutable(), Money.Of(total, account.Currency));
    }

    /// <summary>Applies the ledger events of charges of one kind (another kind throws, naming it).</summary>
    internal static ChargePosting Apply(CustomerAccount account, IEnumerable<LateCharge> charges, ChargeKind kind, string parameterName, bool postProvisional = false)
    {
        Guard.NotNull(account);
        if (charges is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        var events = new List<AccountEvent>();
        int index = 0;
        foreach (var charge in charges)
        {
            if (charge is null)
            {
                throw new ArgumentException($"{parameterName}[{index}] is null.", parameterName);
            }

            if (charge.Kind != kind)
            {
                throw new ArgumentException($"{parameterName}[{index}] is a {charge.Kind} charge ('{charge.Key}'), not {kind}.", parameterName);
            }

            if (charge.Provisional && !postProvisional)
            {
                throw new ArgumentException(
                    $"{parameterName}[{index}] ('{charge.Key}', {charge.Amount}) is provisional: computed with a reference rate carried forward because the official one is not loaded yet; "
                    + "it is not posted unless the host allows provisional postings (postProvisional: true; ChargeLateInterestHandler.PostProvisionalInterest).",
                    parameterName);
            }

            events.Add(charge.ToLedgerEvent());
            index++;
        }

        return Apply(account, events);
    }
}
