using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// An immutable snapshot of one customer account in one currency: its items (open and settled), the payments
/// received and how they were applied, unapplied credit, promises to pay, installment plans and a legal hold.
/// The escalation engine reads it; the ledger returns a new snapshot for every event applied.
/// </summary>
public sealed class CustomerAccount
{
    private readonly Dictionary<string, int>? _itemIndex;

    // Set by the ledger's private constructor: the snapshot was derived from a validated one by an event the ledger
    // checked, so the whole-account validation (quadratic over a long history) is skipped.
    private readonly bool _trusted;

    /// <summary>Creates a snapshot, validating its consistency (one currency, unique ids).</summary>
    /// <param name="id">The account id (not empty).</param>
    /// <param name="currency">The currency of the account: every amount in it uses it.</param>
    /// <param name="customer">The customer profile.</param>
    /// <param name="items">The items, open and settled (unique ids).</param>
    /// <param name="payments">The payments received (unique references).</param>
    /// <param name="unappliedCredit">Money received and not applied to any item (not negative).</param>
    /// <param name="promises">Promises to pay.</param>
    /// <param name="plans">Installment plans.</param>
    /// <param name="legalHold">The legal hold, if any.</param>
    /// <param name="version">How many events produced this snapshot (for optimistic concurrency in stores; not negative).</param>
    /// <exception cref="ArgumentException">An amount is in another currency, an id repeats, or a reference is unknown.</exception>
    public CustomerAccount(
        string id,
        Currency currency,
        CustomerProfile customer,
        ImmutableArray<AccountItem> items = default,
        ImmutableArray<AccountPayment> payments = default,
        Money? unappliedCredit = null,
        ImmutableArray<PaymentPromise> promises = default,
        ImmutableArray<PlanEnrollment> plans = default,
        LegalHold? legalHold = null,
        long version = 0)
    {
        Id = Guard.NotNullOrWhiteSpace(id);
        Currency = Guard.NotNull(currency);
        Customer = Guard.NotNull(customer);
        Items = items.IsDefault ? ImmutableArray<AccountItem>.Empty : items;
        Payments = payments.IsDefault ? ImmutableArray<AccountPayment>.Empty : payments;
        Promises = promises.IsDefault ? ImmutableArray<PaymentPromise>.Empty : promises;
        Plans = plans.IsDefault ? ImmutableArray<PlanEnrollment>.Empty : plans;
        LegalHold = legalHold;
        Version = version >= 0 ? version : throw new ArgumentOutOfRangeException(nameof(version), version, $"version must not be negative (was {version}).");
        var credit = unappliedCredit ?? Money.Zero(currency);
        CheckCurrency(credit, nameof(unappliedCredit));
        if (credit.Amount < 0m)
        {
            throw new ArgumentException($"unappliedCredit must not be negative (was {credit}).", nameof(unappliedCredit));
        }

        UnappliedCredit = credit;

        if (Items.Length > 8)
        {
            _itemIndex = new Dictionary<string, int>(Items.Length, StringComparer.Ordinal);
        }

        var seen = _itemIndex ?? new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Items.Length; i++)
        {
            var item = Guard.NotNull(Items[i]);
            CheckCurrency(item.Amount, nameof(items));
            if (!seen.TryAdd(item.Id, i))
            {
                throw new ArgumentException($"items contains the id '{item.Id}' twice.", nameof(items));
            }
        }

        var references = new HashSet<string>(StringComparer.Ordinal);
        foreach (var payment in Payments)
        {
            Guard.NotNull(payment);
            CheckCurrency(payment.Amount, nameof(payments));
            if (!references.Add(payment.Reference))
            {
                throw new ArgumentException($"payments contains the reference '{payment.Reference}' twice.", nameof(payments));
            }

            foreach (var allocation in payment.Allocations)
            {
                if (!seen.ContainsKey(allocation.ItemId))
                {
                    throw new ArgumentException($"payment '{payment.Reference}' is applied to unknown item '{allocation.ItemId}'.", nameof(payments));
                }
            }
        }

        foreach (var promise in Promises)
        {
            Guard.NotNull(promise);
            CheckCurrency(promise.Amount, nameof(promises));
            foreach (var itemId in promise.ItemIds)
            {
                if (!seen.ContainsKey(itemId))
                {
                    throw new ArgumentException($"promise '{promise.PromiseId}' names unknown item '{itemId}'.", nameof(promises));
                }
            }
        }

        foreach (var plan in Plans)
        {
            Guard.NotNull(plan);
            if (plan.Plan.Schedule.Currency != currency)
            {
                throw new ArgumentException($"plan '{plan.PlanId}' is in {plan.Plan.Schedule.Currency.Code} but the account is in {currency.Code}.", nameof(plans));
            }

            foreach (var itemId in plan.ItemIds)
            {
                if (!seen.ContainsKey(itemId))
                {
                    throw new ArgumentException($"plan '{plan.PlanId}' names unknown item '{itemId}'.", nameof(plans));
                }
            }
        }
    }

    private CustomerAccount(
        CustomerAccount prior, ImmutableArray<AccountItem> items, ImmutableArray<AccountPayment> payments, Money unappliedCredit,
        ImmutableArray<PaymentPromise> promises, ImmutableArray<PlanEnrollment> plans, LegalHold? legalHold)
    {
        _trusted = true;
        Id = prior.Id;
        Currency = prior.Currency;
        Customer = prior.Customer;
        Items = items;
        Payments = payments;
        UnappliedCredit = unappliedCredit;
        Promises = promises;
        Plans = plans;
        LegalHold = legalHold;
        Version = prior.Version + 1;

        // The ledger only replaces items in place or appends one, so the id → index map is shared when the count is unchanged.
        if (items.Length == prior.Items.Length)
        {
            _itemIndex = prior._itemIndex;
        }
        else if (items.Length > 8)
        {
            _itemIndex = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
            for (int i = 0; i < items.Length; i++)
            {
                _itemIndex.Add(items[i].Id, i);
            }
        }
    }

    /// <summary>The account id.</summary>
    public string Id { get; }

    /// <summary>The currency of the account.</summary>
    public Currency Currency { get; }

    /// <summary>The customer profile.</summary>
    public CustomerProfile Customer { get; }

    /// <summary>The items, open and settled, in the order they were added.</summary>
    public ImmutableArray<AccountItem> Items { get; }

    /// <summary>The payments received, in the order they were applied.</summary>
    public ImmutableArray<AccountPayment> Payments { get; }

    /// <summary>Money received and not applied to any item.</summary>
    public Money UnappliedCredit { get; }

    /// <summary>Promises to pay.</summary>
    public ImmutableArray<PaymentPromise> Promises { get; }

    /// <summary>Installment plans.</summary>
    public ImmutableArray<PlanEnrollment> Plans { get; }

    /// <summary>The legal hold, or <see langword="null"/>.</summary>
    public LegalHold? LegalHold { get; }

    /// <summary>How many events produced this snapshot.</summary>
    public long Version { get; }

    /// <summary>
    /// Dunning enforcement turned off for the account (<see cref="Receivables.EnforcementOff"/>), or
    /// <see langword="null"/>: a pause that is not a legal hold. Set by <see cref="EnforcementTurnedOff"/>, removed by
    /// <see cref="EnforcementTurnedOn"/>.
    /// </summary>
    public EnforcementOff? EnforcementOff { get; init; }

    /// <summary>Credit notes applied to items, in the order they were issued (never default; unique references).</summary>
    /// <exception cref="ArgumentException">A reference repeats, an amount is in another currency, or an item is unknown.</exception>
    public ImmutableArray<CreditNote> Credits
    {
        get => field.IsDefault ? ImmutableArray<CreditNote>.Empty : field;
        init
        {
            var credits = value.IsDefault ? ImmutableArray<CreditNote>.Empty : value;
            if (_trusted)
            {
                field = credits;
                return;
            }

            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var credit in credits)
            {
                Guard.NotNull(credit, nameof(Credits));
                CheckCurrency(credit.Amount, nameof(Credits));
                CheckItem(credit.ItemId, $"credit note '{credit.Reference}'", nameof(Credits));
                if (!references.Add(credit.Reference))
                {
                    throw new ArgumentException($"Credits contains the reference '{credit.Reference}' twice.", nameof(Credits));
                }
            }

            field = credits;
        }
    }

    /// <summary>Fees and interest posted to items, in posting order (never default; unique keys).</summary>
    /// <exception cref="ArgumentException">A key repeats, an amount is in another currency, or an item is unknown.</exception>
    public ImmutableArray<AccountCharge> Charges
    {
        get => field.IsDefault ? ImmutableArray<AccountCharge>.Empty : field;
        init
        {
            var charges = value.IsDefault ? ImmutableArray<AccountCharge>.Empty : value;
            if (_trusted)
            {
                field = charges;
                return;
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var charge in charges)
            {
                Guard.NotNull(charge, nameof(Charges));
                CheckCurrency(charge.Amount, nameof(Charges));
                CheckItem(charge.ItemId, $"charge '{charge.Key}'", nameof(Charges));
                if (!keys.Add(charge.Key))
                {
                    throw new ArgumentException($"Charges contains the key '{charge.Key}' twice.", nameof(Charges));
                }
            }

            field = charges;
        }
    }

    /// <summary>Applications of unapplied credit to items (never default; unique references).</summary>
    /// <exception cref="ArgumentException">A reference repeats, an allocation is in another currency, or an item is unknown.</exception>
    public ImmutableArray<CreditApplication> CreditApplications
    {
        get => field.IsDefault ? ImmutableArray<CreditApplication>.Empty : field;
        init
        {
            var applications = value.IsDefault ? ImmutableArray<CreditApplication>.Empty : value;
            if (_trusted)
            {
                field = applications;
                return;
            }

            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var application in applications)
            {
                Guard.NotNull(application, nameof(CreditApplications));
                if (!references.Add(application.Reference))
                {
                    throw new ArgumentException($"CreditApplications contains the reference '{application.Reference}' twice.", nameof(CreditApplications));
                }

                foreach (var allocation in application.Allocations)
                {
                    CheckCurrency(allocation.Total, nameof(CreditApplications));
                    CheckItem(allocation.ItemId, $"credit application '{application.Reference}'", nameof(CreditApplications));
                }
            }

            field = applications;
        }
    }

    /// <summary>
    /// Payments that were reversed (<see cref="PaymentReversed"/>), in the order they were reversed (never default;
    /// unique references, none of them also in <see cref="Payments"/>). A reversed payment is no longer in
    /// <see cref="Payments"/>: what it had applied was undone, so reports, interest and escalation see it as never received.
    /// </summary>
    /// <exception cref="ArgumentException">A reference repeats or is also a payment's, an amount is in another currency, or an item is unknown.</exception>
    public ImmutableArray<PaymentReversal> Reversals
    {
        get => field.IsDefault ? ImmutableArray<PaymentReversal>.Empty : field;
        init
        {
            var reversals = value.IsDefault ? ImmutableArray<PaymentReversal>.Empty : value;
            if (_trusted)
            {
                field = reversals;
                return;
            }

            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var payment in Payments)
            {
                references.Add(payment.Reference);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reversal in reversals)
            {
                Guard.NotNull(reversal, nameof(Reversals));
                CheckCurrency(reversal.Payment.Amount, nameof(Reversals));
                if (references.Contains(reversal.Reference))
                {
                    throw new ArgumentException($"Reversals contains the reference '{reversal.Reference}', which is also in payments.", nameof(Reversals));
                }

                if (!seen.Add(reversal.Reference))
                {
                    throw new ArgumentException($"Reversals contains the reference '{reversal.Reference}' twice.", nameof(Reversals));
                }

                foreach (var allocation in reversal.Payment.Allocations)
                {
                    CheckItem(allocation.ItemId, $"reversed payment '{reversal.Reference}'", nameof(Reversals));
                }
            }

            field = reversals;
        }
    }

    /// <summary>Opens an empty account (version 0).</summary>
    /// <param name="id">The account id.</param>
    /// <param name="currency">The account currency.</param>
    /// <param name="customer">The customer profile.</param>
    /// <returns>The account with no items.</returns>
    public static CustomerAccount Open(string id, Currency currency, CustomerProfile customer) => new(id, currency, customer);

    /// <summary>Applies an event; see <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>.</summary>
    /// <param name="accountEvent">The event.</param>
    /// <returns>The new snapshot (<see cref="Version"/> + 1), or this one when the event is an idempotent repeat.</returns>
    public CustomerAccount Apply(AccountEvent accountEvent) => Ledger.Apply(this, accountEvent);

    /// <summary>Everything still owed on the account's items (principal + interest + fees), before unapplied credit.</summary>
    public Money Outstanding
    {
        get
        {
            decimal total = 0m;
            foreach (var item in Items)
            {
                total += item.Outstanding.Amount;
            }

            return Money.Of(total, Currency);
        }
    }

    /// <summary>Finds an item by id.</summary>
    /// <param name="itemId">The item id.</param>
    /// <param name="item">The item, when found.</param>
    /// <returns><see langword="true"/> when the account has the item.</returns>
    public bool TryGetItem(string itemId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AccountItem? item)
    {
        if (_itemIndex is not null)
        {
            if (_itemIndex.TryGetValue(itemId, out int index))
            {
                item = Items[index];
                return true;
            }
        }
        else
        {
            foreach (var candidate in Items)
            {
                if (string.Equals(candidate.Id, itemId, StringComparison.Ordinal))
                {
                    item = candidate;
                    return true;
                }
            }
        }

        item = null;
        return false;
    }

    /// <summary>The sum of what is owed on items overdue on <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The date of the question.</param>
    /// <returns>The overdue balance.</returns>
    public Money OverdueOn(LocalDate asOf)
    {
        decimal total = 0m;
        foreach (var item in Items)
        {
            if (item.IsOverdueOn(asOf))
            {
                total += item.Outstanding.Amount;
            }
        }

        return Money.Of(total, Currency);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Customer.DisplayName}) owes {Outstanding}";

    /// <summary>A copy with some parts replaced and <see cref="Version"/> + 1.</summary>
    internal CustomerAccount With(
        ImmutableArray<AccountItem>? items = null,
        ImmutableArray<AccountPayment>? payments = null,
        Money? unappliedCredit = null,
        ImmutableArray<PaymentPromise>? promises = null,
        ImmutableArray<PlanEnrollment>? plans = null,
        LegalHold? legalHold = null,
        bool releaseHold = false,
        ImmutableArray<CreditNote>? credits = null,
        ImmutableArray<AccountCharge>? charges = null,
        ImmutableArray<CreditApplication>? creditApplications = null,
        ImmutableArray<PaymentReversal>? reversals = null,
        EnforcementOff? enforcementOff = null,
        bool enforcementOn = false)
        => new(this, items ?? Items, payments ?? Payments, unappliedCredit ?? UnappliedCredit, promises ?? Promises, plans ?? Plans, releaseHold ? null : legalHold ?? LegalHold)
        {
            EnforcementOff = enforcementOn ? null : enforcementOff ?? EnforcementOff,
            Credits = credits ?? Credits,
            Charges = charges ?? Charges,
            CreditApplications = creditApplications ?? CreditApplications,
            Reversals = reversals ?? Reversals,
        };

    /// <summary>The index of an item in <see cref="Items"/>, or -1.</summary>
    internal int IndexOf(string itemId)
    {
        if (_itemIndex is not null)
        {
            return _itemIndex.TryGetValue(itemId, out int index) ? index : -1;
        }

        for (int i = 0; i < Items.Length; i++)
        {
            if (string.Equals(Items[i].Id, itemId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void CheckItem(string itemId, string owner, string name)
    {
        if (IndexOf(itemId) < 0)
        {
            throw new ArgumentException($"{owner} names unknown item '{itemId}'.", name);
        }
    }

    private void CheckCurrency(Money money, string name)
    {
        if (money.Currency != Currency)
        {
            throw new ArgumentException($"{name}: {money} is in {money.Currency.Code} but account '{Id}' is in {Currency.Code}.", name);
        }
    }
}
