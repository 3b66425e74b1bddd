using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>The allocation engine behind <see cref="AllocationStrategy"/> ("imputación de pagos").</summary>
internal sealed class Allocator
{
    private readonly CustomerAccount _account;
    private readonly LocalDate _date;
    private readonly decimal[] _fees;
    private readonly decimal[] _interest;
    private readonly decimal[] _principal;
    private readonly decimal[] _discount;
    private readonly List<int> _touched = new();
    private readonly bool[] _isTouched;

    private Allocator(CustomerAccount account, LocalDate date)
    {
        _account = account;
        _date = date;
        int n = account.Items.Length;
        _fees = new decimal[n];
        _interest = new decimal[n];
        _principal = new decimal[n];
        _discount = new decimal[n];
        _isTouched = new bool[n];
    }

    internal readonly record struct Result(ImmutableArray<AccountItem> Items, ImmutableArray<PaymentAllocation> Allocations, decimal Applied);

    /// <summary>Applies <paramref name="amount"/> with <paramref name="strategy"/>; returns the new items, the allocations and the amount applied (the rest is unapplied).</summary>
    /// <param name="account">The account.</param>
    /// <param name="amount">The money to apply (positive).</param>
    /// <param name="date">The value date (settlement date of items it settles; discount eligibility).</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="named">The payer's instructions for <see cref="AllocationStrategy.Explicit"/>.</param>
    /// <param name="restrictTo">When set (plan payments), only these items are eligible, plan or not.</param>
    /// <param name="owner">Names the payment in messages.</param>
    internal static Result Run(
        CustomerAccount account, decimal amount, LocalDate date, AllocationStrategy strategy, ImmutableArray<ExplicitAllocation> named,
        HashSet<string>? restrictTo, string owner)
    {
        var allocator = new Allocator(account, date);
        decimal budget = amount;
        switch (strategy)
        {
            case AllocationStrategy.OldestDueFirst:
                foreach (int i in allocator.Eligible(restrictTo))
                {
                    if (budget == 0m)
                    {
                        break;
                    }

                    allocator.Pay(i, ref budget, restrictTo is null, Part.All);
                }

                break;
            case AllocationStrategy.CostsAndInterestFirst:
                var order = allocator.Eligible(restrictTo);
                foreach (var part in (ReadOnlySpan<Part>)[Part.Fees, Part.Interest, Part.Principal])
                {
                    foreach (int i in order)
                    {
                        if (budget == 0m)
                        {
                            break;
                        }

                        allocator.Pay(i, ref budget, true, part);
                    }
                }

                break;
            case AllocationStrategy.Proportional:
                allocator.Proportional(ref budget, restrictTo);
                break;
            default:
                allocator.Explicit(ref budget, named, owner);
                break;
        }

        return allocator.Build(amount - budget);
    }

    private enum Part
    {
        All,
        Fees,
        Interest,
        Principal,
    }

    private List<int> Eligible(HashSet<string>? restrictTo)
    {
        var items = _account.Items;
        HashSet<string>? inPlans = null;
        if (restrictTo is null && !_account.Plans.IsEmpty)
        {
            inPlans = new HashSet<string>(StringComparer.Ordinal);
            foreach (var plan in _account.Plans)
            {
                inPlans.UnionWith(plan.ItemIds);
            }
        }

        var result = new List<int>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.IsSettled || item.Outstanding.Amount <= 0m)
            {
                continue;
            }

            bool eligible = restrictTo is not null
                ? restrictTo.Contains(item.Id)
                : !item.IsDisputed && (inPlans is null || !inPlans.Contains(item.Id));
            if (eligible)
            {
                result.Add(i);
            }
        }

        // Oldest due date first; ties keep the order the items were added (List.Sort is not stable, so compare indices).
        result.Sort((a, b) =>
        {
            int c = items[a].DueDate.CompareTo(items[b].DueDate);
            return c != 0 ? c : a.CompareTo(b);
        });
        return result;
    }

    private void Pay(int i, ref decimal budget, bool allowDiscount, Part part)
    {
        var item = _account.Items[i];
        decimal feesOut = item.FeesOutstanding.Amount - _fees[i];
        decimal interestOut = item.InterestOutstanding.Amount - _interest[i];
        decimal principalOut = item.PrincipalOutstanding.Amount - _principal[i] - _discount[i];
        if (allowDiscount && part is Part.All or Part.Principal && _discount[i] == 0m && item.OpenDiscountOn(_date) is { } tier)
        {
            decimal d = Math.Min(tier.Amount.Amount, principalOut);
            decimal before = part == Part.All ? feesOut + interestOut : 0m;
            bool costsPaid = part == Part.All || (feesOut == 0m && interestOut == 0m);
            if (d > 0m && costsPaid && budget >= before + principalOut - d)
            {
                _discount[i] = d;
                principalOut -= d;
                Touch(i);
            }
        }

        if (part is Part.All or Part.Fees)
        {
            Take(ref budget, feesOut, ref _fees[i], i);
        }

        if (part is Part.All or Part.Interest)
        {
            Take(ref budget, interestOut, ref _interest[i], i);
        }

        if (part is Part.All or Part.Principal)
        {
            Take(ref budget, principalOut, ref _principal[i], i);
        }
    }

    private void Take(ref decimal budget, decimal owed, ref decimal paid, int i)
    {
        decimal x = Math.Min(budget, owed);
        if (x > 0m)
        {
            paid += x;
            budget -= x;
            Touch(i);
        }
    }

    private void Touch(int i)
    {
        if (!_isTouched[i])
        {
            _isTouched[i] = true;
            _touched.Add(i);
        }
    }

    private void Proportional(ref decimal budget, HashSet<string>? restrictTo)
    {
        var order = Eligible(restrictTo);
        if (order.Count == 0)
        {
            return;
        }

        var ratios = new decimal[order.Count];
        decimal total = 0m;
        for (int k = 0; k < ratios.Length; k++)
        {
            ratios[k] = _account.Items[order[k]].Outstanding.Amount;
            total += ratios[k];
        }

        decimal payable = Math.Min(budget, total);
        var shares = Money.Of(payable, _account.Currency).Allocate(ratios);
        for (int k = 0; k < shares.Length; k++)
        {
            decimal share = shares[k].Amount;
            decimal before = share;
            Pay(order[k], ref share, false, Part.All);
            budget -= before - share;
        }
    }

    private void Explicit(ref decimal budget, ImmutableArray<ExplicitAllocation> named, string owner)
    {
        decimal total = 0m;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instruction in named)
        {
            Guard.NotNull(instruction, "Allocations");
            if (instruction.Amount.Currency != _account.Currency)
            {
                throw new ArgumentException($"{owner} names {instruction.Amount} for item '{instruction.ItemId}' but account '{_account.Id}' is in {_account.Currency.Code}.", "Allocations");
            }

            if (!seen.Add(instruction.ItemId))
            {
                throw new ArgumentException($"{owner} names item '{instruction.ItemId}' twice.", "Allocations");
            }

            total += instruction.Amount.Amount;
        }

        if (total > budget)
        {
            throw new ArgumentException(
                $"{owner} names {Money.Of(total, _account.Currency)} in Allocations but only {Money.Of(budget, _account.Currency)} is available.", "Allocations");
        }

        foreach (var instruction in named)
        {
            int i = _account.IndexOf(instruction.ItemId);
            if (i < 0)
            {
                throw new ArgumentException($"{owner} names unknown item '{instruction.ItemId}' of account '{_account.Id}'.", "Allocations");
            }

            var item = _account.Items[i];
            foreach (var plan in _account.Plans)
            {
                if (plan.ItemIds.Contains(item.Id))
                {
                    throw new ArgumentException($"{owner} names item '{item.Id}', which is in plan '{plan.PlanId}'; pay it with a PlanPaymentReceived.", "Allocations");
                }
            }

            if (instruction.Amount > item.Outstanding)
            {
                throw new ArgumentException(
                    $"{owner} names {instruction.Amount} for item '{item.Id}' but the item owes {item.Outstanding}.", "Allocations");
            }

            decimal share = instruction.Amount.Amount;
            decimal before = share;
            Pay(i, ref share, true, Part.All);
            budget -= before - share;
        }
    }

    private Result Build(decimal applied)
    {
        var items = _account.Items;
        var builder = items.ToBuilder();
        var allocations = ImmutableArray.CreateBuilder<PaymentAllocation>(_touched.Count);
        var currency = _account.Currency;
        foreach (int i in _touched)
        {
            var item = items[i];
            builder[i] = Ledger.Rebuild(item, principalPaid: _principal[i], discount: _discount[i], interestPaid: _interest[i], feesPaid: _fees[i], date: _date);
            allocations.Add(new PaymentAllocation(
                item.Id, Money.Of(_fees[i], currency), Money.Of(_interest[i], currency), Money.Of(_principal[i], currency), Money.Of(_discount[i], currency)));
        }

        return new Result(builder.ToImmutable(), allocations.MoveToImmutable(), applied);
    }
}
