// Rule family: late charges stated and posted by a decision (docs/escalation.md, "Late charges"; decision 0006).
// Rules: with an ILateChargeTermsProvider, for each listed overdue item the interest accrued through today and not yet
// posted (AccountInterest.For); once a stage that applies the fee is reached, the fee the rule applies to each listed
// invoice (LateFee.Decide), posted to its oldest listed item. Computed once per scope; every decision of the scope
// states it and the charge actions carry its postings.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    /// <summary>
    /// What the account's late-charge terms add to a scope's decisions on the evaluation date: interest accrued on the
    /// listed items and not yet posted, the fees the fee rule applies now, and the postings of both. One computation,
    /// shared by the notice and the charge actions of the scope.
    /// </summary>
    private sealed class LateFigures
    {
        public decimal Accrued;
        public decimal NewFees;
        public ImmutableArray<LateCharge> Interest = ImmutableArray<LateCharge>.Empty;
        public ImmutableArray<LateCharge> Fees = ImmutableArray<LateCharge>.Empty;
        public ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> Provisional = ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod>.Empty; // the days the accrued interest used a carried-forward rate
    }

    private partial struct Run
    {
        /// <summary>
        /// The late figures of the scope on the evaluation date (docs/escalation.md, "Late charges"): for each listed overdue item, the
        /// interest accrued under the account's terms and not yet posted (<see cref="AccountInterest.For"/>, through
        /// today); once a stage that applies the fee is reached, the fee the rule applies to each listed invoice now
        /// (<see cref="Interest.LateFee.Decide(string, Money, IEnumerable{string}, Core.Language)"/> on the overdue principal
        /// of its listed items, with the fee codes the ledger already holds for it), posted to its oldest listed item.
        /// </summary>
        /// <exception cref="Interest.ReferenceRateUnavailableException">A reference rate the interest needs is not published: no figure is guessed.</exception>
        private readonly LateFigures LateFiguresOf(ref Facts facts)
        {
            var terms = _engine._lateCharges?.For(_account) ?? LateChargeTerms.None; // none: only the policy's stage fees (Run.StageFees)
            var late = new LateFigures();
            var today = Today;
            var currency = _account.Currency;
            bool es = Language() == Cobranza.Core.Language.Spanish;
            if (terms.Interest is { } interestTerms)
            {
                var lines = ImmutableArray.CreateBuilder<LateCharge>();
                List<Cobranza.Core.Interest.ProvisionalInterestPeriod>? provisional = null;
                var schedules = default(ResolvedSchedules); // items due the same day resolve their rates once
                foreach (var item in _account.Items)
                {
                    if (item.IsSettled || item.DueDate >= today || !IsListed(item, facts))
                    {
                        continue;
                    }

                    var accrual = AccountInterest.ForItem(_account, item, today, interestTerms, ref schedules);
                    if (accrual.IsProvisional)
                    {
                        Cobranza.Core.Interest.ProvisionalInterestPeriod.Merge(provisional ??= [], accrual.ProvisionalPeriods);
                    }

                    if (accrual.Accrued.IsPositive)
                    {
                        late.Accrued += accrual.Accrued.Amount;
                        lines.Add(LateCharge.Interest(item.Id, today, accrual.AccruedThrough, accrual.Accrued, es ? "Intereses de demora" : "Late interest") with { Provisional = accrual.IsProvisional });
                    }
                }

                late.Interest = lines.ToImmutable();
                late.Provisional = provisional is null ? [] : [.. provisional];
            }

            if (terms.Fee is { } fee && FeeStageReached(ref facts))
            {
                var lines = ImmutableArray.CreateBuilder<LateCharge>();
                var invoices = new List<string>();
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && item.DueDate < today && IsListed(item, facts) && !invoices.Contains(item.InvoiceId))
                    {
                        invoices.Add(item.InvoiceId);
                    }
                }

                foreach (string invoice in invoices)
                {
                    decimal principal = 0m;
                    AccountItem? first = null;
                    foreach (var item in _account.Items)
                    {
                        if (!item.IsSettled && item.DueDate < today && IsListed(item, facts) && string.Equals(item.InvoiceId, invoice, StringComparison.Ordinal))
                        {
                            principal += item.PrincipalOutstanding.Amount;
                            if (first is null || item.DueDate < first.DueDate || (item.DueDate == first.DueDate && item.PortionIndex < first.PortionIndex))
                            {
                                first = item;
                            }
                        }
                    }

                    string prefix = invoice + "/";
                    var applied = new List<string>();
                    foreach (var charge in _account.Charges)
                    {
                        if (charge.Kind == ChargeKind.Fee && charge.Key.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            applied.Add(charge.Key[prefix.Length..]);
                        }
                    }

                    var result = fee.Decide(invoice, Money.Of(principal, currency), applied, es ? Cobranza.Core.Language.Spanish : Cobranza.Core.Language.English);
                    if (result.Line is { } line)
                    {
                        late.NewFees += line.Amount.Amount;
                        lines.Add(LateCharge.Fee(result.IdempotencyKey, first!.Id, today, line.Amount, line.Description));
                    }
                }

                late.Fees = lines.ToImmutable();
            }

            if (_validated.AnyStageFee)
            {
                StageFees(ref facts, late, es);
            }

            return late;
        }

        /// <summary>Whether a stage that applies the late fee has been reached in the walk that fired (the current stage, or an earlier one whose day has come and whose conditions hold).</summary>
        private readonly bool FeeStageReached(ref Facts facts)
        {
            var stages = _policy.Stages;
            BusinessCalendar? calendar = _validated.AnyBusinessDays ? _engine.CalendarOf(_account.Customer) : null;
            for (int i = 0; i <= _walkCurrent; i++)
            {
                bool applies = false;
                foreach (var a in stages[i].Actions)
                {
                    applies |= a.Kind == EscalationActionKind.ApplyLateFee;
                }

                if (!applies || (_walkReset && _validated.Offsets[i] <= 0))
                {
                    continue;
                }

                if (i == _walkCurrent)
                {
                    return true;
                }

                if (TriggerDay(_walkAnchor, i, calendar) <= _todayDay && (_validated.ConditionsEmpty[i] || HoldsConditionsReadOnly(stages[i].Conditions, ref facts)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
