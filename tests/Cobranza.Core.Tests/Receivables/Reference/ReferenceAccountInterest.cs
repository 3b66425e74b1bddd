using System;
using System.Collections.Generic;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Tests.Interest.Reference;
using NodaTime;

namespace Cobranza.Core.Tests.Receivables.Reference;

/// <summary>
/// Test oracle (decision 0003): <see cref="AccountInterest.For"/> as it stood before its fast path (issue 13,
/// Figures): the item's reductions gathered in a list, turned into <see cref="BalanceChange"/>s of a
/// <see cref="LateInterestRequest"/>, accrued by the frozen <see cref="ReferenceLateInterestCalculator"/> (the
/// production code called <c>LateInterestCalculator.CalculateTotals</c>, which equals the reference's totals:
/// <c>LateInterestReferenceProperties</c>). Frozen: change it only with a deliberate change of behaviour.
/// </summary>
internal static class ReferenceAccountInterest
{
    public static ItemAccrual For(CustomerAccount account, string itemId, LocalDate asOf, LateInterestTerms terms)
    {
        int index = account.IndexOf(itemId);
        if (index < 0)
        {
            throw new ArgumentException($"account '{account.AccountId}' has no item '{itemId}'.", nameof(itemId));
        }

        return Accrue(account, account.Items[index], asOf, terms);
    }

    private static ItemAccrual Accrue(CustomerAccount account, AccountItem item, LocalDate asOf, LateInterestTerms terms)
    {
        var end = asOf;
        bool frozen = false;
        foreach (var plan in account.Plans)
        {
            if (plan.FreezesLateInterest && plan.ItemIds.Contains(item.ItemId) && plan.StartedOn < end
                && plan.Plan.StatusAsOf(asOf).Status != PlanStatus.Broken)
            {
                end = plan.StartedOn;
                frozen = true;
            }
        }

        var zero = Money.Zero(item.Currency);
        if (end <= item.DueDate || (item.InterestPostedThrough is { } posted && posted >= end))
        {
            return new ItemAccrual(item.ItemId, asOf, zero, end, frozen);
        }

        decimal total = Interest(account, item, end, terms);
        decimal already = item.InterestPostedThrough is { } through ? Interest(account, item, through, terms) : 0m;
        return new ItemAccrual(item.ItemId, asOf, Money.Of(Math.Max(0m, total - already), item.Currency), end, frozen);
    }

    private static decimal Interest(CustomerAccount account, AccountItem item, LocalDate until, LateInterestTerms terms)
    {
        if (until <= item.DueDate)
        {
            return 0m;
        }

        var reductions = new List<(LocalDate Date, decimal Amount, string What)>();
        foreach (var payment in account.Payments)
        {
            foreach (var a in payment.Allocations)
            {
                if (a.ItemId == item.ItemId && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((payment.ReceivedOn, a.Principal.Amount + a.Discount.Amount, payment.Reference));
                }
            }
        }

        foreach (var application in account.CreditApplications)
        {
            foreach (var a in application.Allocations)
            {
                if (a.ItemId == item.ItemId && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((application.AppliedOn, a.Principal.Amount + a.Discount.Amount, application.Reference));
                }
            }
        }

        foreach (var credit in account.Credits)
        {
            if (credit.ItemId == item.ItemId)
            {
                reductions.Add((credit.IssuedOn, credit.Amount.Amount, credit.Reference));
            }
        }

        decimal opening = item.Amount.Amount;
        var changes = new List<BalanceChange>();
        foreach (var (date, amount, what) in reductions)
        {
            if (date <= item.DueDate)
            {
                opening -= amount;
            }
            else
            {
                changes.Add(new BalanceChange(date, Money.Of(-amount, item.Currency), what));
            }
        }

        var first = terms.Conventions.Start == AccrualStart.DueDate ? item.DueDate : item.DueDate.PlusDays(1);
        var request = new LateInterestRequest(item.DueDate, until, Money.Of(opening, item.Currency), terms.Rate.Resolve(first, until, terms.Host))
        {
            BalanceChanges = changes,
            Conventions = terms.Conventions,
        };
        return ReferenceLateInterestCalculator.Calculate(request).Totals.Interest.Amount;
    }
}
