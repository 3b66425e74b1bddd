using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Receivables.Reference;

/// <summary>
/// Test oracle (decision 0003): <see cref="AccountInterest.For"/> as it stood before its fast path (issue 13,
/// Figures), with the provisional periods of issue 16 §1: the item's reductions gathered in a list, turned into
/// <see cref="BalanceChange"/>s of a <see cref="LateInterestRequest"/>, accrued by
/// <see cref="LateInterestCalculator.CalculateTotals"/> (itself compared with the frozen reference calculator by
/// <c>LateInterestReferenceProperties</c>). Frozen: change it only with a deliberate change of behaviour.
/// </summary>
internal static class ReferenceAccountInterest
{
    public static ItemAccrual For(CustomerAccount account, string itemId, LocalDate asOf, LateInterestTerms terms)
    {
        int index = account.IndexOf(itemId);
        if (index < 0)
        {
            throw new ArgumentException($"account '{account.Id}' has no item '{itemId}'.", nameof(itemId));
        }

        return Accrue(account, account.Items[index], asOf, terms);
    }

    private static ItemAccrual Accrue(CustomerAccount account, AccountItem item, LocalDate asOf, LateInterestTerms terms)
    {
        var end = asOf;
        bool frozen = false;
        foreach (var plan in account.Plans)
        {
            if (plan.FreezesLateInterest && plan.ItemIds.Contains(item.Id) && plan.StartedOn < end
                && plan.Plan.StatusAsOf(asOf).Status != PlanStatus.Broken)
            {
                end = plan.StartedOn;
                frozen = true;
            }
        }

        var zero = Money.Zero(item.Currency);
        if (end <= item.DueDate || (item.InterestPostedThrough is { } posted && posted >= end))
        {
            return new ItemAccrual(item.Id, asOf, zero, end, frozen);
        }

        decimal total = Interest(account, item, end, terms, out var provisional);
        decimal already = item.InterestPostedThrough is { } through ? Interest(account, item, through, terms, out _) : 0m;
        if (!provisional.IsEmpty && item.InterestPostedThrough is { } postedThrough)
        {
            var unposted = ImmutableArray.CreateBuilder<ProvisionalInterestPeriod>();
            foreach (var p in provisional)
            {
                if (p.To > postedThrough)
                {
                    unposted.Add(p.From > postedThrough ? p : new ProvisionalInterestPeriod(postedThrough.PlusDays(1), p.To, p.AnnualRate, p.Carried));
                }
            }

            provisional = unposted.ToImmutable();
        }

        return new ItemAccrual(item.Id, asOf, Money.Of(Math.Max(0m, total - already), item.Currency), end, frozen) { ProvisionalPeriods = provisional };
    }

    private static decimal Interest(CustomerAccount account, AccountItem item, LocalDate until, LateInterestTerms terms, out ImmutableArray<ProvisionalInterestPeriod> provisional)
    {
        provisional = ImmutableArray<ProvisionalInterestPeriod>.Empty;
        if (until <= item.DueDate)
        {
            return 0m;
        }

        var reductions = new List<(LocalDate Date, decimal Amount, string What)>();
        foreach (var payment in account.Payments)
        {
            foreach (var a in payment.Allocations)
            {
                if (a.ItemId == item.Id && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((payment.ReceivedOn, a.Principal.Amount + a.Discount.Amount, payment.Reference));
                }
            }
        }

        foreach (var application in account.CreditApplications)
        {
            foreach (var a in application.Allocations)
            {
                if (a.ItemId == item.Id && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((application.AppliedOn, a.Principal.Amount + a.Discount.Amount, application.Reference));
                }
            }
        }

        foreach (var credit in account.Credits)
        {
            if (credit.ItemId == item.Id)
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
        var schedule = terms.Rate.Resolve(first, until, terms.Host, terms.MissingRates);
        var request = new LateInterestRequest(item.DueDate, until, Money.Of(opening, item.Currency), schedule)
        {
            BalanceChanges = changes,
            Conventions = terms.Conventions,
        };
        var totals = LateInterestCalculator.CalculateTotals(request);
        if (totals.IsProvisional && totals.FirstAccruingDay is { } firstDay && totals.LastAccruingDay is { } lastDay)
        {
            provisional = ProvisionalInterestPeriod.Within(schedule, firstDay, lastDay);
        }

        return totals.Interest.Amount;
    }
}
