using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// The account ledger: applies <see cref="AccountEvent"/>s to immutable <see cref="CustomerAccount"/> snapshots.
/// Every event returns a new snapshot with <c>Version + 1</c> (the old one is unchanged), except an idempotent
/// repeat (the same payment, fee, interest posting or credit note applied again), which returns the same snapshot.
/// </summary>
/// <remarks>
/// Invariants kept by every event (property-tested): no item receives more than it owes; for every payment
/// <c>applied + unapplied = amount</c>; the account's <c>Outstanding − UnappliedCredit</c> equals invoiced + charged −
/// received − credited − discounts; an item is settled only when principal, interest and fees are all paid (a later
/// charge reopens it).
/// </remarks>
public static class Ledger
{
    /// <summary>Applies one event.</summary>
    /// <param name="account">The snapshot.</param>
    /// <param name="accountEvent">The event.</param>
    /// <returns>The new snapshot, or <paramref name="account"/> itself for an idempotent repeat.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The event does not fit the account; the message names the value and why.</exception>
    public static CustomerAccount Apply(CustomerAccount account, AccountEvent accountEvent)
    {
        Guard.NotNull(account);
        Guard.NotNull(accountEvent);
        return accountEvent switch
        {
            ItemAdded e => AddItem(account, e),
            PaymentReceived e => ReceivePayment(account, e),
            PaymentReversed e => ReversePayment(account, e),
            CreditNoteIssued e => IssueCredit(account, e),
            FeeCharged e => ChargeFee(account, e),
            InterestPosted e => PostInterest(account, e),
            DisputeOpened e => OpenDispute(account, e),
            DisputeResolved e => ResolveDispute(account, e),
            ItemExcludedFromDunning e => ExcludeFromDunning(account, e),
            ItemReturnedToDunning e => ReturnToDunning(account, e),
            EnforcementTurnedOff e => account.With(enforcementOff: e.Off),
            EnforcementTurnedOn e => account.EnforcementOff is null
                ? throw new ArgumentException($"account '{account.Id}' has enforcement on already; it cannot be turned on on {Iso(e.TurnedOnOn)}.", nameof(accountEvent))
                : account.With(enforcementOn: true),
            PromiseRecorded e => RecordPromise(account, e),
            PlanStarted e => StartPlan(account, e),
            PlanPaymentReceived e => ReceivePlanPayment(account, e),
            UnappliedCreditApplied e => ApplyCredit(account, e),
            LegalHoldSet e => account.With(legalHold: e.Hold),
            LegalHoldReleased e => account.LegalHold is null
                ? throw new ArgumentException($"account '{account.Id}' has no legal hold to release on {Iso(e.ReleasedOn)}.", nameof(accountEvent))
                : account.With(releaseHold: true),
            _ => throw new ArgumentException($"accountEvent of type {accountEvent.GetType().Name} is not handled by the ledger.", nameof(accountEvent)),
        };
    }

    /// <summary>Applies events in order.</summary>
    /// <param name="account">The snapshot.</param>
    /// <param name="events">The events.</param>
    /// <returns>The snapshot after the last event.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Apply(CustomerAccount, AccountEvent)"/>.</exception>
    public static CustomerAccount Apply(CustomerAccount account, IEnumerable<AccountEvent> events)
    {
        Guard.NotNull(account);
        Guard.NotNull(events);
        foreach (var e in events)
        {
            account = Apply(account, e);
        }

        return account;
    }

    internal static Money Positive(Money value, string name)
    {
        if (value.Equals(default(Money)))
        {
            throw new ArgumentException($"{name} must have a currency (was default(Money)).", name);
        }

        if (!value.IsPositive)
        {
            throw new ArgumentOutOfRangeException(name, value.ToString(), $"{name} must be positive (was {value}).");
        }

        if (!value.IsRoundedToMinorUnit)
        {
            throw new ArgumentException($"{name} must be in whole minor units of {value.Currency.Code} (was {value}).", name);
        }

        return value;
    }

    internal static string InterestKey(string itemId, LocalDate through) => $"interest/{itemId}/{Iso(through)}";

    internal static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static CustomerAccount AddItem(CustomerAccount account, ItemAdded e)
    {
        var item = e.Item;
        if (item.Currency != account.Currency)
        {
            throw new ArgumentException($"item '{item.Id}' is in {item.Currency.Code} but account '{account.Id}' is in {account.Currency.Code}.", nameof(ItemAdded.Item));
        }

        if (account.IndexOf(item.Id) >= 0)
        {
            throw new ArgumentException($"account '{account.Id}' already has an item '{item.Id}'.", nameof(ItemAdded.Item));
        }

        return account.With(items: account.Items.Add(item));
    }

    private static CustomerAccount ReceivePayment(CustomerAccount account, PaymentReceived e)
    {
        if (IsRepeat(account, e.Reference, e.ReceivedOn, e.Amount, null))
        {
            return account;
        }

        var amount = e.Amount;
        Money? original = null;
        if (amount.Currency != account.Currency)
        {
            if (e.Conversion is null)
            {
                throw new ArgumentException(
                    $"payment '{e.Reference}' is {amount} but account '{account.Id}' is in {account.Currency.Code}; supply a Conversion (rate or converter) to apply it.",
                    nameof(PaymentReceived.Amount));
            }

            original = amount;
            amount = e.Conversion.Convert(amount, account.Currency);
        }
        else if (e.Conversion is not null)
        {
            throw new ArgumentException($"payment '{e.Reference}' is already in {account.Currency.Code}, the account's currency; remove the Conversion.", nameof(PaymentReceived.Conversion));
        }

        CheckInstructions(e.Strategy, e.Allocations, $"payment '{e.Reference}'");
        var result = Allocator.Run(account, amount.Amount, e.ReceivedOn, e.Strategy, e.Allocations, null, $"payment '{e.Reference}'");
        var payment = new AccountPayment(e.Reference, e.ReceivedOn, amount, e.Method, result.Allocations) { OriginalAmount = original };
        return account.With(
            items: result.Items,
            payments: account.Payments.Add(payment),
            unappliedCredit: account.UnappliedCredit + payment.Unapplied);
    }

    private static bool IsRepeat(CustomerAccount account, string reference, LocalDate date, Money amount, string? planId)
    {
        foreach (var p in account.Payments)
        {
            if (!string.Equals(p.Reference, reference, StringComparison.Ordinal))
            {
                continue;
            }

            var received = p.OriginalAmount ?? p.Amount;
            if (p.ReceivedOn == date && received == amount && string.Equals(p.PlanId, planId, StringComparison.Ordinal))
            {
                return true;
            }

            throw new ArgumentException(
                $"payment reference '{reference}' was already applied on {Iso(p.ReceivedOn)} for {received}{(p.PlanId is null ? string.Empty : $" to plan '{p.PlanId}'")}; this payment is dated {Iso(date)} for {amount}{(planId is null ? string.Empty : $" to plan '{planId}'")}. A reference identifies one payment: use another reference for another payment.",
                "Reference");
        }

        // A reversed payment keeps its reference: replaying the original import changes nothing (the reversal
        // stands); a new presentation of the same debt is a new payment with a new reference.
        foreach (var r in account.Reversals)
        {
            var p = r.Payment;
            if (!string.Equals(p.Reference, reference, StringComparison.Ordinal))
            {
                continue;
            }

            var received = p.OriginalAmount ?? p.Amount;
            if (p.ReceivedOn == date && received == amount && string.Equals(p.PlanId, planId, StringComparison.Ordinal))
            {
                return true;
            }

            throw new ArgumentException(
                $"payment reference '{reference}' was applied on {Iso(p.ReceivedOn)} for {received} and reversed on {Iso(r.ReversedOn)}; this payment is dated {Iso(date)} for {amount}. A reference identifies one payment: use another reference for another payment.",
                "Reference");
        }

        return false;
    }

    private static CustomerAccount ReversePayment(CustomerAccount account, PaymentReversed e)
    {
        foreach (var r in account.Reversals)
        {
            if (string.Equals(r.Reference, e.Reference, StringComparison.Ordinal))
            {
                if (r.ReversedOn == e.ReversedOn && string.Equals(r.Reason, e.Reason, StringComparison.Ordinal))
                {
                    return account;
                }

                throw new ArgumentException(
                    $"payment '{e.Reference}' was already reversed on {Iso(r.ReversedOn)} ('{r.Reason}'); this reversal is dated {Iso(e.ReversedOn)} ('{e.Reason}'). A payment is reversed once.",
                    nameof(PaymentReversed.Reference));
            }
        }

        int index = -1;
        for (int i = 0; i < account.Payments.Length; i++)
        {
            if (string.Equals(account.Payments[i].Reference, e.Reference, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException($"payment '{e.Reference}' cannot be reversed: account '{account.Id}' has no payment with that reference.", nameof(PaymentReversed.Reference));
        }

        var payment = account.Payments[index];
        if (payment.PlanId is { } planId)
        {
            throw new ArgumentException(
                $"payment '{e.Reference}' cannot be reversed: it was paid to plan '{planId}', and a tracked plan cannot un-apply a payment (nor the plan interest and fees it posted).",
                nameof(PaymentReversed.Reference));
        }

        if (e.ReversedOn < payment.ReceivedOn)
        {
            throw new ArgumentException(
                $"payment '{e.Reference}' cannot be reversed on {Iso(e.ReversedOn)}: that is before its value date {Iso(payment.ReceivedOn)}.",
                nameof(PaymentReversed.ReversedOn));
        }

        var unapplied = payment.Unapplied;
        if (unapplied.IsPositive)
        {
            foreach (var a in account.CreditApplications)
            {
                if (a.AppliedOn >= payment.ReceivedOn)
                {
                    throw new ArgumentException(
                        $"payment '{e.Reference}' cannot be reversed: it left {unapplied} of unapplied credit, and credit application '{a.Reference}' on {Iso(a.AppliedOn)} may have used it; the ledger cannot tell which items that credit paid.",
                        nameof(PaymentReversed.Reference));
                }
            }

            if (account.UnappliedCredit < unapplied)
            {
                throw new ArgumentException(
                    $"payment '{e.Reference}' cannot be reversed: it left {unapplied} of unapplied credit but account '{account.Id}' has only {account.UnappliedCredit} left; the ledger cannot tell which items that credit paid.",
                    nameof(PaymentReversed.Reference));
            }
        }

        var items = account.Items.ToBuilder();
        foreach (var a in payment.Allocations)
        {
            int i = ItemIndex(account, a.ItemId, $"payment '{e.Reference}'", nameof(PaymentReversed.Reference));
            var item = items[i];
            if ((a.Principal.IsPositive || a.Discount.IsPositive) && item.InterestPostedThrough is { } through && through >= payment.ReceivedOn)
            {
                throw new ArgumentException(
                    $"payment '{e.Reference}' cannot be reversed: it reduced the principal of item '{a.ItemId}' on {Iso(payment.ReceivedOn)}, and late interest on that item is already posted through {Iso(through)}, computed on the reduced balance. Reverse payments before posting interest past their date, or recompute that interest outside the ledger.",
                    nameof(PaymentReversed.Reference));
            }

            foreach (var plan in account.Plans)
            {
                if (plan.ItemIds.Contains(a.ItemId))
                {
                    throw new ArgumentException(
                        $"payment '{e.Reference}' cannot be reversed: it paid item '{a.ItemId}', which is now in plan '{plan.PlanId}' (started {Iso(plan.StartedOn)}); the plan's amount was set from what the item owed then.",
                        nameof(PaymentReversed.Reference));
                }
            }

            if (a.Principal > item.PrincipalPaid || a.Discount > item.DiscountTaken || a.Interest > item.InterestPaid || a.Fees > item.FeesPaid)
            {
                throw new ArgumentException(
                    $"payment '{e.Reference}' cannot be reversed: its allocation to item '{a.ItemId}' ({a.Fees} fees, {a.Interest} interest, {a.Principal} principal, {a.Discount} discount) exceeds what the item records as paid; the snapshot is inconsistent.",
                    nameof(PaymentReversed.Reference));
            }

            items[i] = Rebuild(item, principalPaid: -a.Principal.Amount, discount: -a.Discount.Amount, interestPaid: -a.Interest.Amount, feesPaid: -a.Fees.Amount);
        }

        return account.With(
            items: items.ToImmutable(),
            payments: account.Payments.RemoveAt(index),
            unappliedCredit: account.UnappliedCredit - unapplied,
            reversals: account.Reversals.Add(new PaymentReversal(payment, e.ReversedOn, e.Reason)));
    }

    private static void CheckInstructions(AllocationStrategy strategy, ImmutableArray<ExplicitAllocation> allocations, string owner)
    {
        if (strategy == AllocationStrategy.Explicit && allocations.IsEmpty)
        {
            throw new ArgumentException($"{owner} uses the Explicit strategy but names no items (Allocations is empty).", "Allocations");
        }

        if (strategy != AllocationStrategy.Explicit && !allocations.IsEmpty)
        {
            throw new ArgumentException($"{owner} names items in Allocations but its strategy is {strategy}; use AllocationStrategy.Explicit.", "Allocations");
        }
    }

    private static CustomerAccount IssueCredit(CustomerAccount account, CreditNoteIssued e)
    {
        CheckCurrency(account, e.Amount, $"credit note '{e.Reference}'", nameof(CreditNoteIssued.Amount));
        foreach (var c in account.Credits)
        {
            if (string.Equals(c.Reference, e.Reference, StringComparison.Ordinal))
            {
                if (c.IssuedOn == e.IssuedOn && c.ItemId == e.ItemId && c.Amount == e.Amount)
                {
                    return account;
                }

                throw new ArgumentException(
                    $"credit note '{e.Reference}' was already issued on {Iso(c.IssuedOn)} for {c.Amount} on item '{c.ItemId}'; this one is dated {Iso(e.IssuedOn)} for {e.Amount} on item '{e.ItemId}'.",
                    nameof(CreditNoteIssued.Reference));
            }
        }

        int index = ItemIndex(account, e.ItemId, $"credit note '{e.Reference}'", nameof(CreditNoteIssued.ItemId));
        var item = account.Items[index];
        if (e.Amount > item.PrincipalOutstanding)
        {
            throw new ArgumentException(
                $"credit note '{e.Reference}' of {e.Amount} exceeds the outstanding principal {item.PrincipalOutstanding} of item '{item.Id}'.",
                nameof(CreditNoteIssued.Amount));
        }

        var updated = Rebuild(item, credited: e.Amount.Amount, date: e.IssuedOn);
        return account.With(
            items: account.Items.SetItem(index, updated),
            credits: account.Credits.Add(new CreditNote(e.Reference, e.IssuedOn, e.ItemId, e.Amount, e.Description)));
    }

    private static CustomerAccount ChargeFee(CustomerAccount account, FeeCharged e)
    {
        CheckCurrency(account, e.Amount, $"fee '{e.ChargeKey}'", nameof(FeeCharged.Amount));
        if (FindCharge(account, e.ChargeKey) is { } existing)
        {
            if (existing.Kind == ChargeKind.Fee && existing.ItemId == e.ItemId && existing.ChargedOn == e.ChargedOn && existing.Amount == e.Amount)
            {
                return account;
            }

            throw new ArgumentException(
                $"charge key '{e.ChargeKey}' was already posted on {Iso(existing.ChargedOn)} for {existing.Amount} to item '{existing.ItemId}'; a charge key is posted once (this one: {Iso(e.ChargedOn)}, {e.Amount}, item '{e.ItemId}').",
                nameof(FeeCharged.ChargeKey));
        }

        int index = ItemIndex(account, e.ItemId, $"fee '{e.ChargeKey}'", nameof(FeeCharged.ItemId));
        var updated = Rebuild(account.Items[index], feesCharged: e.Amount.Amount, date: e.ChargedOn);
        return account.With(
            items: account.Items.SetItem(index, updated),
            charges: account.Charges.Add(new AccountCharge(e.ChargeKey, e.ItemId, e.ChargedOn, ChargeKind.Fee, e.Amount, e.Description, null)));
    }

    private static CustomerAccount PostInterest(CustomerAccount account, InterestPosted e)
    {
        CheckCurrency(account, e.Amount, $"interest on item '{e.ItemId}'", nameof(InterestPosted.Amount));
        string key = e.Key;
        if (FindCharge(account, key) is { } existing)
        {
            if (existing.Kind == ChargeKind.Interest && existing.ChargedOn == e.PostedOn && existing.Amount == e.Amount)
            {
                return account;
            }

            throw new ArgumentException(
                $"interest on item '{e.ItemId}' through {Iso(e.Through)} was already posted on {Iso(existing.ChargedOn)} for {existing.Amount} (this posting: {Iso(e.PostedOn)}, {e.Amount}).",
                nameof(InterestPosted.Through));
        }

        int index = ItemIndex(account, e.ItemId, "interest posting", nameof(InterestPosted.ItemId));
        var item = account.Items[index];
        if (e.Through <= item.DueDate)
        {
            throw new ArgumentException(
                $"interest on item '{e.ItemId}' must run through a day after its due date {Iso(item.DueDate)} (was {Iso(e.Through)}).",
                nameof(InterestPosted.Through));
        }

        if (item.InterestPostedThrough is { } postedThrough && e.Through <= postedThrough)
        {
            throw new ArgumentException(
                $"interest on item '{e.ItemId}' is already posted through {Iso(postedThrough)}; a new posting must run through a later day (was {Iso(e.Through)}).",
                nameof(InterestPosted.Through));
        }

        var updated = Rebuild(item, interestCharged: e.Amount.Amount, date: e.PostedOn, postedThrough: e.Through);
        return account.With(
            items: account.Items.SetItem(index, updated),
            charges: account.Charges.Add(new AccountCharge(key, e.ItemId, e.PostedOn, ChargeKind.Interest, e.Amount, e.Description, e.Through)));
    }

    private static CustomerAccount OpenDispute(CustomerAccount account, DisputeOpened e)
    {
        int index = ItemIndex(account, e.ItemId, "dispute", nameof(DisputeOpened.ItemId));
        var item = account.Items[index];
        if (item.Dispute is { } open)
        {
            throw new ArgumentException($"item '{e.ItemId}' is already disputed since {Iso(open.OpenedOn)} ('{open.Reason}').", nameof(DisputeOpened.ItemId));
        }

        if (item.IsSettled)
        {
            throw new ArgumentException($"item '{e.ItemId}' was settled on {Iso(item.SettledOn!.Value)}; a settled item cannot be disputed.", nameof(DisputeOpened.ItemId));
        }

        return account.With(items: account.Items.SetItem(index, Rebuild(item, dispute: e.Dispute, changeDispute: true)));
    }

    private static CustomerAccount ResolveDispute(CustomerAccount account, DisputeResolved e)
    {
        int index = ItemIndex(account, e.ItemId, "dispute resolution", nameof(DisputeResolved.ItemId));
        var item = account.Items[index];
        if (item.Dispute is null)
        {
            throw new ArgumentException($"item '{e.ItemId}' has no open dispute to resolve on {Iso(e.ResolvedOn)}.", nameof(DisputeResolved.ItemId));
        }

        return account.With(items: account.Items.SetItem(index, Rebuild(item, dispute: null, changeDispute: true)));
    }

    private static CustomerAccount ExcludeFromDunning(CustomerAccount account, ItemExcludedFromDunning e)
    {
        int index = ItemIndex(account, e.ItemId, "exclusion from dunning", nameof(ItemExcludedFromDunning.ItemId));
        var item = account.Items[index];
        if (item.DunningExclusion is { } excluded)
        {
            throw new ArgumentException($"item '{e.ItemId}' is already excluded from dunning since {Iso(excluded.Since)} ('{excluded.Reason}').", nameof(ItemExcludedFromDunning.ItemId));
        }

        if (item.IsSettled)
        {
            throw new ArgumentException($"item '{e.ItemId}' was settled on {Iso(item.SettledOn!.Value)}; a settled item cannot be excluded from dunning.", nameof(ItemExcludedFromDunning.ItemId));
        }

        return account.With(items: account.Items.SetItem(index, item.WithDunningExclusion(e.Exclusion)));
    }

    private static CustomerAccount ReturnToDunning(CustomerAccount account, ItemReturnedToDunning e)
    {
        int index = ItemIndex(account, e.ItemId, "return to dunning", nameof(ItemReturnedToDunning.ItemId));
        var item = account.Items[index];
        if (item.DunningExclusion is null)
        {
            throw new ArgumentException($"item '{e.ItemId}' is not excluded from dunning; it cannot be returned to it on {Iso(e.ReturnedOn)}.", nameof(ItemReturnedToDunning.ItemId));
        }

        return account.With(items: account.Items.SetItem(index, item.WithDunningExclusion(null)));
    }

    private static CustomerAccount RecordPromise(CustomerAccount account, PromiseRecorded e)
    {
        foreach (var p in account.Promises)
        {
            if (string.Equals(p.PromiseId, e.Promise.PromiseId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"account '{account.Id}' already has a promise '{p.PromiseId}'.", nameof(PromiseRecorded.Promise));
            }
        }

        return account.With(promises: account.Promises.Add(e.Promise));
    }

    private static CustomerAccount StartPlan(CustomerAccount account, PlanStarted e)
    {
        var enrollment = e.Enrollment;
        foreach (var plan in account.Plans)
        {
            if (string.Equals(plan.PlanId, enrollment.PlanId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"account '{account.Id}' already has a plan '{plan.PlanId}'.", nameof(PlanStarted.Enrollment));
            }

            foreach (var id in enrollment.ItemIds)
            {
                if (plan.ItemIds.Contains(id))
                {
                    throw new ArgumentException($"item '{id}' is already in plan '{plan.PlanId}'.", nameof(PlanStarted.Enrollment));
                }
            }
        }

        foreach (var id in enrollment.ItemIds)
        {
            int index = ItemIndex(account, id, $"plan '{enrollment.PlanId}'", nameof(PlanStarted.Enrollment));
            if (account.Items[index].IsSettled)
            {
                throw new ArgumentException($"item '{id}' of plan '{enrollment.PlanId}' is already settled.", nameof(PlanStarted.Enrollment));
            }
        }

        return account.With(plans: account.Plans.Add(enrollment));
    }

    private static CustomerAccount ReceivePlanPayment(CustomerAccount account, PlanPaymentReceived e)
    {
        if (IsRepeat(account, e.Reference, e.ReceivedOn, e.Amount, e.PlanId))
        {
            return account;
        }

        CheckCurrency(account, e.Amount, $"plan payment '{e.Reference}'", nameof(PlanPaymentReceived.Amount));
        int planIndex = -1;
        for (int i = 0; i < account.Plans.Length; i++)
        {
            if (string.Equals(account.Plans[i].PlanId, e.PlanId, StringComparison.Ordinal))
            {
                planIndex = i;
            }
        }

        if (planIndex < 0)
        {
            throw new ArgumentException($"account '{account.Id}' has no plan '{e.PlanId}'.", nameof(PlanPaymentReceived.PlanId));
        }

        var enrollment = account.Plans[planIndex];
        var before = enrollment.Plan;
        var after = before.Apply(new PlanPayment(e.ReceivedOn, e.Amount));
        var (interestBefore, feesBefore) = PlanCharges(before, e.ReceivedOn);
        var (interestAfter, feesAfter) = PlanCharges(after, e.ReceivedOn);

        // The plan's own interest and fees paid by this payment are posted to the oldest open item of the plan, so
        // the items owe what the plan collects and the money is applied, not left as credit.
        int target = -1;
        foreach (var id in enrollment.ItemIds)
        {
            int index = account.IndexOf(id);
            var candidate = account.Items[index];
            if (target < 0 || (!candidate.IsSettled && (account.Items[target].IsSettled || candidate.DueDate < account.Items[target].DueDate)))
            {
                target = index;
            }
        }

        var items = account.Items;
        var charges = account.Charges;
        decimal planInterest = interestAfter - interestBefore, planFees = feesAfter - feesBefore;
        if (planInterest > 0m || planFees > 0m)
        {
            var item = items[target];
            items = items.SetItem(target, Rebuild(item, interestCharged: planInterest, feesCharged: planFees, date: e.ReceivedOn));
            if (planInterest > 0m)
            {
                charges = charges.Add(new AccountCharge($"plan/{e.PlanId}/{e.Reference}/interest", item.Id, e.ReceivedOn, ChargeKind.Interest, Money.Of(planInterest, account.Currency), $"Plan {e.PlanId} interest", null));
            }

            if (planFees > 0m)
            {
                charges = charges.Add(new AccountCharge($"plan/{e.PlanId}/{e.Reference}/fee", item.Id, e.ReceivedOn, ChargeKind.Fee, Money.Of(planFees, account.Currency), $"Plan {e.PlanId} fee", null));
            }
        }

        var staged = account.With(items: items, charges: charges);
        var planItems = new HashSet<string>(enrollment.ItemIds, StringComparer.Ordinal);
        var result = Allocator.Run(staged, e.Amount.Amount, e.ReceivedOn, AllocationStrategy.OldestDueFirst, ImmutableArray<ExplicitAllocation>.Empty, planItems, $"plan payment '{e.Reference}'");
        var payment = new AccountPayment(e.Reference, e.ReceivedOn, e.Amount, e.Method, result.Allocations) { PlanId = e.PlanId };
        return account.With(
            items: result.Items,
            payments: account.Payments.Add(payment),
            unappliedCredit: account.UnappliedCredit + payment.Unapplied,
            plans: account.Plans.SetItem(planIndex, new PlanEnrollment(enrollment.PlanId, enrollment.StartedOn, enrollment.ItemIds, after, enrollment.FreezesLateInterest)),
            charges: charges);
    }

    private static (decimal Interest, decimal Fees) PlanCharges(TrackedPlan plan, LocalDate asOf)
    {
        decimal interest = 0m, fees = 0m;
        foreach (var state in plan.StatusAsOf(asOf).Installments)
        {
            interest += state.PaidInterest.Amount;
            fees += state.PaidFee.Amount;
        }

        return (interest, fees);
    }

    private static CustomerAccount ApplyCredit(CustomerAccount account, UnappliedCreditApplied e)
    {
        foreach (var a in account.CreditApplications)
        {
            if (string.Equals(a.Reference, e.Reference, StringComparison.Ordinal))
            {
                if (a.AppliedOn == e.AppliedOn)
                {
                    return account;
                }

                throw new ArgumentException(
                    $"credit application '{e.Reference}' was already made on {Iso(a.AppliedOn)}; this one is dated {Iso(e.AppliedOn)}.",
                    nameof(UnappliedCreditApplied.Reference));
            }
        }

        var credit = account.UnappliedCredit;
        var amount = credit;
        if (e.Amount is { } requested)
        {
            Positive(requested, nameof(UnappliedCreditApplied.Amount));
            CheckCurrency(account, requested, $"credit application '{e.Reference}'", nameof(UnappliedCreditApplied.Amount));
            if (requested > credit)
            {
                throw new ArgumentException(
                    $"credit application '{e.Reference}' asks for {requested} but account '{account.Id}' has {credit} of unapplied credit.",
                    nameof(UnappliedCreditApplied.Amount));
            }

            amount = requested;
        }

        if (!amount.IsPositive)
        {
            throw new ArgumentException($"account '{account.Id}' has no unapplied credit to apply (was {credit}).", nameof(UnappliedCreditApplied.Amount));
        }

        CheckInstructions(e.Strategy, e.Allocations, $"credit application '{e.Reference}'");
        var result = Allocator.Run(account, amount.Amount, e.AppliedOn, e.Strategy, e.Allocations, null, $"credit application '{e.Reference}'");
        var application = new CreditApplication(e.Reference, e.AppliedOn, result.Allocations);
        return account.With(
            items: result.Items,
            unappliedCredit: credit - Money.Of(result.Applied, account.Currency),
            creditApplications: account.CreditApplications.Add(application));
    }

    private static AccountCharge? FindCharge(CustomerAccount account, string key)
    {
        foreach (var c in account.Charges)
        {
            if (string.Equals(c.Key, key, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    private static int ItemIndex(CustomerAccount account, string itemId, string owner, string name)
    {
        int index = account.IndexOf(itemId);
        return index >= 0 ? index : throw new ArgumentException($"{owner} names unknown item '{itemId}' of account '{account.Id}'.", name);
    }

    private static void CheckCurrency(CustomerAccount account, Money amount, string owner, string name)
    {
        if (amount.Currency != account.Currency)
        {
            throw new ArgumentException($"{owner} is {amount} but account '{account.Id}' is in {account.Currency.Code}.", name);
        }
    }

    /// <summary>Adds to an item's figures and recomputes its settlement: settled on <paramref name="date"/> when nothing is owed, reopened otherwise.</summary>
    internal static AccountItem Rebuild(
        AccountItem item, decimal principalPaid = 0m, decimal credited = 0m, decimal discount = 0m, decimal interestCharged = 0m,
        decimal interestPaid = 0m, decimal feesCharged = 0m, decimal feesPaid = 0m, LocalDate? date = null, LocalDate? postedThrough = null,
        ItemDispute? dispute = null, bool changeDispute = false)
    {
        decimal pp = item.PrincipalPaid.Amount + principalPaid, cr = item.Credited.Amount + credited, dt = item.DiscountTaken.Amount + discount;
        decimal ic = item.InterestCharged.Amount + interestCharged, ip = item.InterestPaid.Amount + interestPaid;
        decimal fc = item.FeesCharged.Amount + feesCharged, fp = item.FeesPaid.Amount + feesPaid;
        bool settled = item.Amount.Amount - pp - cr - dt + ic - ip + fc - fp == 0m;
        LocalDate? settledOn = !settled ? null : item.SettledOn is { } already && interestCharged == 0m && feesCharged == 0m ? already : date ?? item.SettledOn;
        return item.With(pp, cr, dt, ic, ip, fc, fp, settledOn, changeDispute ? dispute : item.Dispute, postedThrough ?? item.InterestPostedThrough);
    }
}
