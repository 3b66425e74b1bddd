// Rule family: the policy's fees per stage (docs/escalation.md, "Fees per stage"; StageFee).
// Rules: in the walk that fired, every stage with a fee that is reached (the current stage, or an earlier one whose day
// has come and whose conditions hold; under a reset, stages with offset ≤ 0 are not) charges its fee once per scope and
// episode: charge key dunning/{policy}/{stage}/{scope}/{trigger date}; a key the ledger already holds is not charged
// again. The fee is StageFee.For on the overdue principal of the listed items, posted to the oldest listed overdue item;
// nothing is charged while no listed item is overdue. The figure joins the scope's late figures (LateFigures): the notice
// states it and the stage's ApplyLateFee action posts it — one computation.
using System;
using System.Globalization;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private readonly void StageFees(ref Facts facts, LateFigures late, bool es)
        {
            var stages = _policy.Stages;
            var today = Today;
            var currency = _account.Currency;
            decimal principal = 0m;
            AccountItem? first = null;
            foreach (var item in _account.Items)
            {
                if (!item.IsSettled && item.DueDate < today && IsListed(item, facts))
                {
                    principal += item.PrincipalOutstanding.Amount;
                    if (first is null || item.DueDate < first.DueDate || (item.DueDate == first.DueDate && item.PortionIndex < first.PortionIndex))
                    {
                        first = item;
                    }
                }
            }

            if (first is null)
            {
                return; // nothing overdue is listed: no fee
            }

            string scope = facts.Item?.Id ?? _account.Id;
            BusinessCalendar? calendar = _validated.AnyBusinessDays ? _engine.CalendarOf(_account.Customer) : null;
            var fees = late.Fees.ToBuilder();
            for (int i = 0; i <= _walkCurrent; i++)
            {
                if (stages[i].Fee is not { } fee || (_walkReset && _validated.Offsets[i] <= 0))
                {
                    continue;
                }

                int t = TriggerDay(_walkAnchor, i, calendar);
                if (i != _walkCurrent && (t > _todayDay || !(_validated.ConditionsEmpty[i] || HoldsConditionsReadOnly(stages[i].Conditions, ref facts))))
                {
                    continue;
                }

                string key = string.Create(CultureInfo.InvariantCulture, $"dunning/{_policy.Id}/{stages[i].Id}/{scope}/{new IsoDate(t)}");
                if (Charged(key) || fee.For(Money.Of(principal, currency)) is not { } amount)
                {
                    continue;
                }

                late.NewFees += amount.Amount;
                fees.Add(LateCharge.Fee(key, first.Id, today, amount, string.Concat(es ? "Gastos de reclamación (" : "Dunning fee (", stages[i].Name, ")")));
            }

            late.Fees = fees.ToImmutable();
        }

        private readonly bool Charged(string key)
        {
            foreach (var charge in _account.Charges)
            {
                if (charge.Kind == ChargeKind.Fee && string.Equals(charge.Key, key, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
