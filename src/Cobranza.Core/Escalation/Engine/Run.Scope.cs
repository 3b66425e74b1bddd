// Rule family: the scope of escalation and its facts (docs/escalation.md, "How a stage fires", "Suppressions").
// Rules: an item takes part when it is open, undisputed, not in an active payment plan and not paused by a promise;
// the anchor is the earliest due date of the scope's eligible items; an item not yet due wakes the account the day
// it becomes overdue. Amounts of the scope are summed later, on demand (Run.Amounts).
using System;
using System.Collections.Immutable;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    /// <summary>Facts about one scope (the account or one item) on the evaluation date.</summary>
    private struct Facts
    {
        public int OverdueCount;
        public decimal Overdue;
        public decimal Open;
        public decimal Interest;
        public decimal Fees;
        public LocalDate Anchor;
        public int AnchorDay;
        public bool HasOpen;
        public bool AmountsKnown;

        // The same sums as mantissa and scale (exact; Ok false when a figure does not fit, then only the decimals are used).
        public ScaledSum OverdueSum;
        public ScaledSum OpenSum;
        public string? AnchorItem;
        public AccountItem? AnchorEntry;
        public AccountItem? Item;

        /// <summary>The interest accrued and fees applied today on the listed items (computed once, on the first decision).</summary>
        public LateFigures? Late;
    }

    private partial struct Run
    {
        private readonly bool Eligible(AccountItem item)
        {
            if (item.IsSettled || item.IsDisputed || item.IsExcludedFromDunning) // excluded from dunning: as a dispute here (Run.Levels)
            {
                return false;
            }

            if (_account.Plans.IsEmpty && _account.Promises.IsEmpty)
            {
                return true;
            }

            if (InActivePlan(item.Id))
            {
                return false;
            }

            return !PausedByPromise(item.Id);
        }

        private static bool Contains(ImmutableArray<string> ids, string id)
        {
            foreach (var x in ids)
            {
                if (string.Equals(x, id, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(ref Facts f, AccountItem item)
        {
            if (!item.IsIsoDue)
            {
                _ = item.DueDate < Today; // NodaTime refuses to compare dates of different calendars (as it always did here)
            }

            int due = item.DueDay;
            if (!f.HasOpen || due < f.AnchorDay)
            {
                f.Anchor = item.DueDate;
                f.AnchorDay = due;
                f.AnchorItem = item.Id;
                f.AnchorEntry = item;
            }

            f.HasOpen = true;
            if (due < _todayDay)
            {
                f.OverdueCount++;
            }
            else
            {
                Consider(PlusDays(due, 1)); // it becomes overdue: amounts and conditions change
            }
        }

        private Facts AccountFacts()
        {
            var f = default(Facts);
            foreach (var item in _account.Items)
            {
                if (Eligible(item))
                {
                    Add(ref f, item);
                }
            }

            return f;
        }

        private Facts ItemFacts(AccountItem item)
        {
            var f = default(Facts);
            f.Item = item;
            Add(ref f, item);
            return f;
        }
    }
}
