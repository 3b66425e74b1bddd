// Rule family: promises to pay (docs/escalation.md, "Suppressions").
// Rules: from MadeOn to PromisedDate + grace the promised items are paused; a promise is kept when the payments in that
// period reach its amount or its items are settled; otherwise it breaks the day after the grace: one promise-broken
// notice (within WindowDays), and the policy's BrokenPromiseStageId stage fires at once for the promised items.
using System.Runtime.InteropServices;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private readonly bool PausedByPromise(string itemId)
        {
            int grace = _policy.Suppressions.PromiseGraceDays;
            foreach (var promise in _account.Promises)
            {
                if (promise.MadeOn <= Today && Today <= promise.PromisedDate.PlusDays(grace)
                    && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, itemId)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The index of the stage a broken promise lifts escalation to (or -1), and the day it broke.</summary>
        private int BrokenPromise(out LocalDate brokenOn)
        {
            brokenOn = default;
            if (_account.Promises.IsEmpty)
            {
                return -1;
            }

            int grace = _policy.Suppressions.PromiseGraceDays;
            PaymentPromise? broken = null;
            foreach (var promise in _account.Promises)
            {
                if (promise.MadeOn > Today)
                {
                    continue;
                }

                LocalDate breaksOn = promise.PromisedDate.PlusDays(grace + 1);
                if (breaksOn > Today)
                {
                    Consider(breaksOn);
                    continue;
                }

                if (!Kept(promise, breaksOn) && (broken is null || breaksOn > brokenOn))
                {
                    broken = promise;
                    brokenOn = breaksOn;
                }
            }

            if (broken is null || !StillOwes(broken))
            {
                return -1;
            }

            int floor = _validated.BrokenPromiseFloor;
            LocalDate expires = brokenOn.PlusDays(_policy.PaymentEvents.WindowDays + 1);
            if (Today < expires && ResolveChannel(NotificationChannel.Email, out var channel)
                && !Done(PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, StartOfDay(brokenOn), 1, out int occurrence))
            {
                Consider(expires);
                decimal owed = 0m;
                int count = 0;
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsDisputed && !item.IsExcludedFromDunning && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, item.Id)))
                    {
                        owed += item.Outstanding.Amount;
                        count++;
                    }
                }

                var owedIds = new string[count];
                int at = 0;
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsDisputed && !item.IsExcludedFromDunning && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, item.Id)))
                    {
                        owedIds[at++] = item.Id;
                    }
                }

                var owedItems = ImmutableCollectionsMarshal.AsImmutableArray(owedIds);

                string explanation = ExplanationText.BrokenPromise(broken, grace, brokenOn, owed, _account.Currency, channel, floor >= 0 ? _policy.Stages[floor].Id : null);
                Emit(Key(_policy.Id, PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PromiseBrokenStageId, EscalationActionKind.SendNotice,
                    floor >= 0 ? _policy.Stages[floor].Tone : EscalationTone.Firm, channel, TemplateKeys.PromiseBroken, owedItems, AmountsOf(owedItems), occurrence, notice: true, dunning: true, explanation, broken.PromisedDate);
            }

            return floor;
        }

        private readonly bool Kept(PaymentPromise promise, LocalDate breaksOn)
        {
            decimal paid = 0m;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn >= promise.MadeOn && p.ReceivedOn < breaksOn)
                {
                    paid += p.Amount.Amount;
                }
            }

            return paid >= promise.Amount.Amount || !StillOwes(promise);
        }

        private readonly bool StillOwes(PaymentPromise promise)
        {
            foreach (var item in _account.Items)
            {
                if (!item.IsSettled && !item.IsDisputed && !item.IsExcludedFromDunning && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, item.Id)))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool PromiseCovers(LocalDate brokenOn, string itemId)
        {
            int grace = _policy.Suppressions.PromiseGraceDays;
            foreach (var promise in _account.Promises)
            {
                if (promise.PromisedDate.PlusDays(grace + 1) == brokenOn && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, itemId)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
