// Rule family: what a decision lists and the amounts it states (docs/escalation.md, "What a decision's amounts mean").
// Rules: account scope lists the overdue items, or when none is overdue those due on the anchor date; item scope lists
// the item. Principal, interest and fees are those still owed on the listed items; Others is everything owed on the
// account's other open items (AmountDue + Others = OpenBalance). The scope's overdue and open sums are computed in
// exact mantissa/scale when they fit, in decimal otherwise (decision 0003).
using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    /// <summary>
    /// The amounts of one decision: principal, interest and fees owed on the items it lists (what it asks for), and
    /// what the account owes on its other open items (the rest of the open balance).
    /// </summary>
    private record struct DecisionAmounts
    {
        public decimal Principal;
        public decimal Interest;
        public decimal Fees;
        public decimal Others;

        /// <summary>Adds what is still owed on an open item: to the listed amounts when it is listed, else to <see cref="Others"/>.</summary>
        public void Add(AccountItem item, bool listed)
        {
            if (listed)
            {
                Principal += item.PrincipalOutstanding.Amount;
                Interest += item.InterestOutstanding.Amount;
                Fees += item.FeesOutstanding.Amount;
            }
            else
            {
                Others += item.Outstanding.Amount;
            }
        }
    }

    private partial struct Run
    {
        /// <summary>Sums the amounts of the scope, once, only when a rule or a decision needs them.</summary>
        private readonly void EnsureAmounts(ref Facts f)
        {
            if (f.AmountsKnown)
            {
                return;
            }

            f.AmountsKnown = true;

            // From the figures each item computed once at construction (mantissa and scale): no decimal arithmetic.
            var interest = default(ScaledSum);
            var fees = default(ScaledSum);
            foreach (var item in _account.Items)
            {
                if (f.Item is not null ? !ReferenceEquals(item, f.Item) : !Eligible(item))
                {
                    continue;
                }

                f.OpenSum.Add(item.OutstandingScaled);
                if (item.DueDay < _todayDay)
                {
                    f.OverdueSum.Add(item.OutstandingScaled);
                    interest.Add(item.InterestOutstandingScaled);
                    fees.Add(item.FeesOutstandingScaled);
                }
            }

            if (f.OpenSum.Ok && f.OverdueSum.Ok && interest.Ok && fees.Ok)
            {
                f.Open = f.OpenSum.ToDecimal();
                f.Overdue = f.OverdueSum.ToDecimal();
                f.Interest = interest.ToDecimal();
                f.Fees = fees.ToDecimal();
                return;
            }

            f.OpenSum.Fail(); // a figure did not fit: the decimals are added as before
            f.OverdueSum.Fail();
            foreach (var item in _account.Items)
            {
                if (f.Item is not null ? !ReferenceEquals(item, f.Item) : !Eligible(item))
                {
                    continue;
                }

                decimal outstanding = item.Outstanding.Amount;
                f.Open += outstanding;
                if (item.DueDate < Today)
                {
                    f.Overdue += outstanding;
                    f.Interest += item.InterestOutstanding.Amount;
                    f.Fees += item.FeesOutstanding.Amount;
                }
            }
        }

        private readonly bool IsListed(AccountItem item, in Facts facts)
            => facts.Item is not null ? ReferenceEquals(item, facts.Item) : Listed(item, facts);

        private readonly bool Listed(AccountItem item, in Facts facts)
        {
            if (!Eligible(item))
            {
                return false;
            }

            return item.IsIsoDue
                ? item.DueDay < _todayDay || (facts.OverdueCount == 0 && item.DueDay == facts.AnchorDay)
                : item.DueDate < Today || (facts.OverdueCount == 0 && item.DueDate == facts.Anchor);
        }

        private readonly ImmutableArray<string> ItemIds(string scope, in Facts facts)
        {
            if (!string.Equals(scope, _account.Id, StringComparison.Ordinal))
            {
                return ImmutableArray.Create(scope);
            }

            // Two passes (count, then fill) so that the result is the only allocation.
            int count = 0;
            foreach (var item in _account.Items)
            {
                if (Listed(item, facts))
                {
                    count++;
                }
            }

            if (count == 0)
            {
                return ImmutableArray<string>.Empty;
            }

            var ids = new string[count];
            int at = 0;
            foreach (var item in _account.Items)
            {
                if (Listed(item, facts))
                {
                    ids[at++] = item.Id;
                }
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(ids);
        }

        /// <summary>
        /// The amounts of a stage decision: principal, posted interest and posted fees still owed on the items the
        /// decision lists (<see cref="Listed"/>; the item itself in item scope), and the account's open balance (those
        /// plus everything owed on its other open items). Summed in item order.
        /// </summary>
        private readonly DecisionAmounts ListedAmounts(string scope, in Facts facts)
        {
            // From the figures each item computed once at construction (mantissa and scale): no decimal arithmetic.
            var principal = default(ScaledSum);
            var interest = default(ScaledSum);
            var fees = default(ScaledSum);
            var others = default(ScaledSum);
            foreach (var item in _account.Items)
            {
                if (item.IsSettled)
                {
                    continue;
                }

                if (IsListed(item, facts))
                {
                    principal.Add(item.PrincipalOutstandingScaled);
                    interest.Add(item.InterestOutstandingScaled);
                    fees.Add(item.FeesOutstandingScaled);
                }
                else
                {
                    others.Add(item.OutstandingScaled);
                }
            }

            if (principal.Ok && interest.Ok && fees.Ok && others.Ok)
            {
                return new DecisionAmounts { Principal = principal.ToDecimal(), Interest = interest.ToDecimal(), Fees = fees.ToDecimal(), Others = others.ToDecimal() };
            }

            // A figure did not fit (negative, or beyond 63 bits): the decimals are added as before.
            var a = default(DecisionAmounts);
            foreach (var item in _account.Items)
            {
                if (item.IsSettled)
                {
                    continue;
                }

                a.Add(item, IsListed(item, facts));
            }

            return a;
        }

        /// <summary>The amounts of the open items listed in <paramref name="ids"/> (<see cref="DecisionAmounts"/>), the others as <see cref="DecisionAmounts.Others"/>.</summary>
        private readonly DecisionAmounts AmountsOf(ImmutableArray<string> ids)
        {
            var a = default(DecisionAmounts);
            foreach (var item in _account.Items)
            {
                if (item.IsSettled)
                {
                    continue;
                }

                a.Add(item, Contains(ids, item.Id));
            }

            return a;
        }

        /// <summary>The ids of the account's open (unsettled) items, in item order.</summary>
        private readonly ImmutableArray<string> OpenItemIds()
        {
            var ids = ImmutableArray.CreateBuilder<string>();
            foreach (var item in _account.Items)
            {
                if (!item.IsSettled)
                {
                    ids.Add(item.Id);
                }
            }

            return ids.ToImmutable();
        }
    }
}
