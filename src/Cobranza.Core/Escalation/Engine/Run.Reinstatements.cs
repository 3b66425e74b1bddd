// Rule family: reinstatement (docs/escalation.md, "Reinstatement").
// Rules: every StopWork/SuspendService/BlockOrders of the policy in the history (not skipped or poisoned) is reversed
// once (ResumeWork/RestoreService/UnblockOrders, same stage id, scope and occurrence) as soon as nothing in its scope is
// overdue on the local date: no open item of the scope is due before today, or the overdue balance (everything still
// owed on those items, disputed, promised and planned ones included: they are owed) is below the policy's tolerance for
// the account's currency (Reinstatement.OverdueTolerances). Items not yet due, and items excluded from dunning, never
// keep it in force; enforcement off reverses every block (Run.Levels). A suspension also
// gets a service-restored notice, owed until recorded. The same test holds the other way: a stage does not block,
// suspend or stop work while nothing in its scope counts as overdue (else the next evaluation would reverse it).
using System;
using System.Collections.Immutable;
using Cobranza.Core.Escalation.Templates;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    /// <summary>Why a scope has nothing overdue (<see cref="Run"/>.Overdue).</summary>
    private enum OverdueState
    {
        /// <summary>Something is overdue at or above the tolerance: a block stays in force.</summary>
        Overdue = 0,

        /// <summary>The scope is paid in full (the account: every item settled; an item: settled).</summary>
        Paid = 1,

        /// <summary>Open items remain, none due before today.</summary>
        NothingOverdue = 2,

        /// <summary>Overdue items remain, for less than the tolerance.</summary>
        BelowTolerance = 3,

        /// <summary>Dunning enforcement is off for the account (Run.Levels): every block is reversed.</summary>
        EnforcementOff = 4,

        /// <summary>The item is excluded from dunning (Run.Levels): it never keeps a block in force.</summary>
        Excluded = 5,
    }

    private partial struct Run
    {
        private void Reinstatements(bool fullyPaid)
        {
            bool enforcementOff = _account.EnforcementOff is not null;
            foreach (var e in _history.Entries)
            {
                if (e.Action is not (EscalationActionKind.StopWork or EscalationActionKind.SuspendService or EscalationActionKind.BlockOrders))
                {
                    continue; // only these have a reversal (Reversal)
                }

                if (Reversal(e.Action) is not { } reverse || e.Outcome is DecisionOutcome.Skipped or DecisionOutcome.Poisoned
                    || !HasPolicy(e.IdempotencyKey, _policy.Id))
                {
                    continue;
                }

                var scope = e.Scope;
                var state = Overdue(scope, fullyPaid, out decimal overdue);
                if (state == OverdueState.Overdue && enforcementOff)
                {
                    state = OverdueState.EnforcementOff; // Run.Levels: enforcement off reverses every block in force
                }

                if (state == OverdueState.Overdue || !ReversalOwed(e, reverse, out var reversal, out bool restoredNoticeOwed))
                {
                    continue;
                }

                string scopeText = scope.ToString();
                bool account = string.Equals(scopeText, _account.Id, StringComparison.Ordinal);
                string explanation = state switch
                {
                    OverdueState.Paid => ExplanationText.Reinstatement(Today, fullyPaid, scopeText, e, reverse),
                    OverdueState.EnforcementOff => ExplanationText.ReinstatementEnforcementOff(Today, _account.EnforcementOff!, e, reverse),
                    OverdueState.Excluded => ExplanationText.ReinstatementExcluded(Today, scopeText, e, reverse),
                    _ => ExplanationText.ReinstatementNothingOverdue(Today, account, scopeText, e, reverse, state == OverdueState.BelowTolerance ? overdue : null,
                        _policy.Reinstatement.ToleranceFor(_account.Currency), _account.Currency),
                };
                EmitReversal(e, reverse, scopeText, account, reversal, restoredNoticeOwed, explanation);
            }
        }

        /// <summary>
        /// Whether the reversal of <paramref name="e"/> is still owed: not recorded yet, or recorded (not skipped or
        /// poisoned) without the service-restored notice a suspension's reversal owes (a crash, or a failed notice,
        /// between the two decisions: the notice is owed until it is recorded too; replay stability, issue 14 §2 re-check).
        /// </summary>
        private readonly bool ReversalOwed(CollectionHistoryEntry e, EscalationActionKind reverse, out CollectionHistoryEntry? reversal, out bool restoredNoticeOwed)
        {
            reversal = ReversalEntry(e, reverse);
            restoredNoticeOwed = e.Action == EscalationActionKind.SuspendService && !RestoredNoticeSent(e)
                && reversal?.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned);
            return reversal is null || restoredNoticeOwed;
        }

        /// <summary>Emits the reversal of <paramref name="e"/> (unless recorded) and the service-restored notice it owes.</summary>
        private void EmitReversal(CollectionHistoryEntry e, EscalationActionKind reverse, string scopeText, bool account, CollectionHistoryEntry? reversal, bool restoredNoticeOwed, string explanation)
        {
            var items = account ? ImmutableArray<string>.Empty : ImmutableArray.Create(scopeText);
            var nothingAsked = AmountsOf(ImmutableArray<string>.Empty);
            if (reversal is null)
            {
                Emit(Key(_policy.Id, e.StageId, reverse, null, scopeText, e.Occurrence), e.StageId, reverse, EscalationTone.Friendly, null, null, items,
                    nothingAsked, e.Occurrence, notice: false, dunning: false, explanation);
            }

            if (restoredNoticeOwed && ResolveChannel(_policy.PaymentEvents.Channel, out var channel))
            {
                // What the notice acknowledges: what reduced the scope on the latest date anything did (a payment, a
                // credit note, applied credit — or nothing, within the tolerance alone, a lifted level or enforcement off).
                string? itemScope = account ? null : scopeText;
                var settledOn = LatestReductionOn(itemScope);
                var settlement = Settlement(settledOn, itemScope, nothingAsked);
                Emit(Key(_policy.Id, ServiceRestoredStageId, EscalationActionKind.SendNotice, channel, scopeText, e.Occurrence), ServiceRestoredStageId,
                    EscalationActionKind.SendNotice, EscalationTone.Friendly, channel, TemplateKeys.NoticeServiceRestored, items, nothingAsked, e.Occurrence,
                    notice: true, dunning: false, ExplanationText.ServiceRestored(explanation, channel, settledOn, settlement), settlement: settlement);
            }
        }

        /// <summary>
        /// Whether something in <paramref name="scope"/> (the account, or one item) is overdue on the local date at or
        /// above the policy's tolerance; <paramref name="overdue"/> is the overdue balance (principal, interest and fees
        /// still owed on the items due before today). A scope whose item is not in the snapshot counts as overdue (nothing
        /// is known about it).
        /// </summary>
        private readonly OverdueState Overdue(ReadOnlySpan<char> scope, bool fullyPaid, out decimal overdue)
        {
            overdue = 0m;
            int count = 0;
            if (scope.SequenceEqual(_account.Id.AsSpan()))
            {
                if (fullyPaid)
                {
                    return OverdueState.Paid;
                }

                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsExcludedFromDunning && DueBeforeToday(item))
                    {
                        overdue += item.Outstanding.Amount;
                        count++;
                    }
                }
            }
            else
            {
                bool found = false;
                foreach (var item in _account.Items)
                {
                    if (scope.SequenceEqual(item.Id.AsSpan()))
                    {
                        if (item.IsSettled)
                        {
                            return OverdueState.Paid;
                        }

                        if (item.IsExcludedFromDunning)
                        {
                            return OverdueState.Excluded;
                        }

                        found = true;
                        if (DueBeforeToday(item))
                        {
                            overdue = item.Outstanding.Amount;
                            count = 1;
                        }

                        break;
                    }
                }

                if (!found)
                {
                    return OverdueState.Overdue;
                }
            }

            if (count == 0)
            {
                return OverdueState.NothingOverdue;
            }

            return _policy.Reinstatement.ToleranceFor(_account.Currency) is { } tolerance && overdue < tolerance.Amount
                ? OverdueState.BelowTolerance
                : OverdueState.Overdue;
        }

        /// <summary>Whether the item fell due before the local date (compared as dates when its due date is not ISO: NodaTime refuses, as elsewhere).</summary>
        private readonly bool DueBeforeToday(Receivables.AccountItem item) => item.IsIsoDue ? item.DueDay < _todayDay : item.DueDate < Today;

        /// <summary>
        /// Whether a stage action that a reinstatement would reverse (StopWork, SuspendService, BlockOrders) is held
        /// back: nothing in its scope counts as overdue, so the next evaluation would reverse it at once.
        /// </summary>
        private readonly bool ReversibleHeldBack(EscalationActionKind kind, string scope)
            => Reversal(kind) is not null && Overdue(scope.AsSpan(), fullyPaid: false, out _) != OverdueState.Overdue;

        private readonly CollectionHistoryEntry? ReversalEntry(CollectionHistoryEntry original, EscalationActionKind reverse)
        {
            var scope = original.Scope;
            foreach (var e in _history.Entries)
            {
                if (e.Action == reverse && e.Occurrence == original.Occurrence && string.Equals(e.StageId, original.StageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope))
                {
                    return e;
                }
            }

            return null;
        }

        private readonly bool RestoredNoticeSent(CollectionHistoryEntry original)
        {
            var scope = original.Scope;
            foreach (var e in _history.Entries)
            {
                if (e.Occurrence == original.Occurrence && string.Equals(e.StageId, ServiceRestoredStageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
