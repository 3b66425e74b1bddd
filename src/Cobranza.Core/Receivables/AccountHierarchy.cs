using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Cobranza.Core.Receivables;

/// <summary>
/// Accounts whose invoices another account pays (<see cref="CustomerProfile.PaidByAccountId"/>; Kill Bill's child
/// accounts with <c>isPaymentDelegatedToParent</c>): the paying account is dunned for them, as one account. Pure: the
/// collection run loads the accounts and calls <see cref="Consolidate"/> before it evaluates the paying account.
/// </summary>
/// <remarks>
/// <para>The consolidated snapshot is the paying account's (its id, customer, payments, promises, plans, hold, history
/// and policy), with the open and settled items of each paid account added under a qualified id
/// <c>{paid account id}/{item id}</c> (<see cref="Qualify"/>, <see cref="TryResolve"/>), so that decisions, idempotency
/// keys and notices name them without clashing with the paying account's own items; a notice lists their invoice
/// numbers. Left out: the items of a paid account under a legal hold (the hold stops its dunning), and items in one of
/// its installment plans (the plan is followed on that account's ledger, not dunned as plain items).</para>
/// <para>Kill Bill computes a child's overdue state from its parent's billing state (overdue/…/wrapper/OverdueWrapper.java,
/// <c>billingState</c>) and refreshes parent and children together (listener/OverdueListener.java); here the paid account
/// has no state of its own to mirror: it simply is never dunned separately.</para>
/// </remarks>
public static class AccountHierarchy
{
    /// <summary>The separator between the paid account id and its item id in a qualified item id.</summary>
    public const char Separator = '/';

    /// <summary>The qualified id of item <paramref name="itemId"/> of paid account <paramref name="accountId"/>.</summary>
    /// <param name="accountId">The paid account's id.</param>
    /// <param name="itemId">The item id in that account.</param>
    /// <returns><c>{accountId}/{itemId}</c>.</returns>
    public static string Qualify(string accountId, string itemId)
        => string.Concat(Guard.NotNullOrWhiteSpace(accountId), Separator.ToString(), Guard.NotNullOrWhiteSpace(itemId));

    /// <summary>
    /// Splits an item id of a consolidated snapshot into the paid account and its own item id, when
    /// <paramref name="itemId"/> is not an item of <paramref name="payer"/> itself and names an account before a '/'.
    /// </summary>
    /// <param name="payer">The paying account's snapshot (its own items are never split).</param>
    /// <param name="itemId">The item id of a decision.</param>
    /// <param name="accountId">The paid account, when resolved.</param>
    /// <param name="ownItemId">The item id in that account, when resolved.</param>
    /// <returns><see langword="true"/> when the item belongs to a paid account.</returns>
    public static bool TryResolve(CustomerAccount payer, string itemId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? accountId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? ownItemId)
    {
        Guard.NotNull(payer);
        Guard.NotNull(itemId);
        int at = itemId.IndexOf(Separator, StringComparison.Ordinal);
        if (at > 0 && at < itemId.Length - 1 && payer.IndexOf(itemId) < 0)
        {
            accountId = itemId[..at];
            ownItemId = itemId[(at + 1)..];
            return true;
        }

        accountId = null;
        ownItemId = null;
        return false;
    }

    /// <summary>The snapshot to evaluate for <paramref name="payer"/>: its own, with the items of the accounts it pays for added (see the remarks).</summary>
    /// <param name="payer">The paying account.</param>
    /// <param name="paidAccounts">The accounts it pays for (each names <paramref name="payer"/> in <see cref="CustomerProfile.PaidByAccountId"/>).</param>
    /// <returns><paramref name="payer"/> itself when there are none; otherwise the consolidated snapshot.</returns>
    /// <exception cref="ArgumentException">
    /// A paid account does not name <paramref name="payer"/> as its payer, is in another currency, repeats, or
    /// <paramref name="payer"/> is itself paid by another account (one level only).
    /// </exception>
    public static CustomerAccount Consolidate(CustomerAccount payer, IReadOnlyList<CustomerAccount> paidAccounts)
    {
        Guard.NotNull(payer);
        Guard.NotNull(paidAccounts);
        if (paidAccounts.Count == 0)
        {
            return payer;
        }

        if (payer.Customer.PaidByAccountId is { } grand)
        {
            throw new ArgumentException($"account '{payer.Id}' pays for other accounts but is itself paid by '{grand}': a hierarchy has one level (the paying account must pay its own invoices).", nameof(payer));
        }

        var items = ImmutableArray.CreateBuilder<AccountItem>(payer.Items.Length);
        items.AddRange(payer.Items);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in paidAccounts)
        {
            Guard.NotNull(child, nameof(paidAccounts));
            if (!string.Equals(child.Customer.PaidByAccountId, payer.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"account '{child.Id}' is paid by '{child.Customer.PaidByAccountId ?? "(itself)"}', not by '{payer.Id}'.", nameof(paidAccounts));
            }

            if (child.Currency != payer.Currency)
            {
                throw new ArgumentException($"account '{child.Id}' is in {child.Currency.Code} but its paying account '{payer.Id}' is in {payer.Currency.Code}: an account pays for accounts in its own currency.", nameof(paidAccounts));
            }

            if (!seen.Add(child.Id))
            {
                throw new ArgumentException($"paidAccounts contains account '{child.Id}' twice.", nameof(paidAccounts));
            }

            if (child.LegalHold is not null)
            {
                continue; // the hold stops the dunning of that account's items
            }

            foreach (var item in child.Items)
            {
                if (!InPlan(child, item.Id))
                {
                    items.Add(Requalified(item, Qualify(child.Id, item.Id)));
                }
            }
        }

        return new CustomerAccount(payer.Id, payer.Currency, payer.Customer, items.ToImmutable(), payer.Payments, payer.UnappliedCredit,
            payer.Promises, payer.Plans, payer.LegalHold, payer.Version)
        {
            Credits = payer.Credits,
            Charges = payer.Charges,
            CreditApplications = payer.CreditApplications,
            Reversals = payer.Reversals,
            EnforcementOff = payer.EnforcementOff, // the payer's pause governs the consolidated escalation (issue 20 shape 5)
        };
    }

    private static bool InPlan(CustomerAccount account, string itemId)
    {
        foreach (var plan in account.Plans)
        {
            if (plan.ItemIds.Contains(itemId))
            {
                return true;
            }
        }

        return false;
    }

    private static AccountItem Requalified(AccountItem i, string id)
        => new(id, i.InvoiceId, i.PortionIndex, i.IssueDate, i.DueDate, i.Amount, i.PrincipalPaid, i.Credited, i.DiscountTaken,
            i.InterestCharged, i.InterestPaid, i.FeesCharged, i.FeesPaid, i.SettledOn, i.Dispute)
        {
            DiscountTerms = i.DiscountTerms,
            InterestPostedThrough = i.InterestPostedThrough,
            DunningExclusion = i.DunningExclusion, // an item excluded from dunning stays excluded under its payer
        };
}
