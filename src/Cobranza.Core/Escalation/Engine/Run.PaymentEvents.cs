// Rule family: payment events (docs/escalation.md, "Payment events").
// Rules: payment in full reverses every StopWork/SuspendService/BlockOrders of the paid scope once (a suspension also
// gets a service-restored notice, owed until recorded) and sends one thank-you within WindowDays; a payment that
// leaves something overdue at its date unpaid is partial and gets one acknowledgement; with PartialPaymentResetsStage
// the latest payment of the scope becomes the stage anchor.
using System;
using System.Collections.Immutable;
using Cobranza.Core.Escalation.Templates;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private readonly LocalDate? LatestPaymentOn(string scope)
        {
            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn > Today)
                {
                    continue;
                }

                bool relevant = string.Equals(scope, _account.AccountId, StringComparison.Ordinal);
                if (!relevant)
                {
                    foreach (var a in p.Allocations)
                    {
                        relevant |= string.Equals(a.ItemId, scope, StringComparison.Ordinal);
                    }
                }

                if (relevant && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            return latest;
        }

        private void Reinstatements(bool fullyPaid)
        {
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
                if (!ScopePaid(scope, fullyPaid))
                {
                    continue;
                }

                // The reversal already recorded (a crash, or a failed notice, between the two decisions): the
                // service-restored notice is still owed until it is recorded too (replay stability; issue 14 §2 re-check).
                var reversal = ReversalEntry(e, reverse);
                bool restoredNoticeOwed = e.Action == EscalationActionKind.SuspendService && !RestoredNoticeSent(e)
                    && reversal?.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned);
                if (reversal is not null && !restoredNoticeOwed)
                {
                    continue;
                }

                string scopeText = scope.ToString();
                string explanation = ExplanationText.Reinstatement(Today, fullyPaid, scopeText, e, reverse);
                var items = string.Equals(scopeText, _account.AccountId, StringComparison.Ordinal) ? ImmutableArray<string>.Empty : ImmutableArray.Create(scopeText);
                var nothingAsked = AmountsOf(ImmutableArray<string>.Empty);
                if (reversal is null)
                {
                    Emit(Key(_policy.Id, e.StageId, reverse, null, scopeText, e.Occurrence), e.StageId, reverse, EscalationTone.Friendly, null, null, items,
                        nothingAsked, e.Occurrence, notice: false, dunning: false, explanation);
                }

                if (restoredNoticeOwed && ResolveChannel(_policy.PaymentEvents.Channel, out var channel))
                {
                    Emit(Key(_policy.Id, ServiceRestoredStageId, EscalationActionKind.SendNotice, channel, scopeText, e.Occurrence), ServiceRestoredStageId,
                        EscalationActionKind.SendNotice, EscalationTone.Friendly, channel, TemplateKeys.NoticeServiceRestored, items, nothingAsked, e.Occurrence,
                        notice: true, dunning: false, ExplanationText.ServiceRestored(explanation, channel));
                }
            }
        }

        private readonly bool ScopePaid(ReadOnlySpan<char> scope, bool fullyPaid)
        {
            if (scope.SequenceEqual(_account.AccountId.AsSpan()))
            {
                return fullyPaid;
            }

            foreach (var item in _account.Items)
            {
                if (scope.SequenceEqual(item.ItemId.AsSpan()))
                {
                    return item.IsSettled;
                }
            }

            return false;
        }

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

        private void ThankYou(LocalDate settledOn)
        {
            var settings = _policy.PaymentEvents;
            if (!settings.ThankYouOnFullPayment || settledOn > Today)
            {
                if (settledOn > Today)
                {
                    Consider(settledOn);
                }

                return;
            }

            LocalDate expires = settledOn.PlusDays(settings.WindowDays + 1);
            if (Today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(settledOn);
            if (Done(ThankYouStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(settledOn);

            string explanation = ExplanationText.ThankYou(Today, settledOn, paid, _account.Currency, channel, settings.WindowDays);
            Emit(Key(_policy.Id, ThankYouStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), ThankYouStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentThankYou, ImmutableArray<string>.Empty, AmountsOf(ImmutableArray<string>.Empty), occurrence, notice: true, dunning: false, explanation);
        }

        private void PartialAcknowledgement()
        {
            var settings = _policy.PaymentEvents;
            if (!settings.AcknowledgePartialPayments || _account.Payments.IsEmpty)
            {
                return;
            }

            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn <= Today && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            if (latest is not { } paidOn || !OverdueStillOwedAfter(paidOn))
            {
                return; // not partial: the payment left nothing that was overdue at its date unpaid
            }

            LocalDate expires = paidOn.PlusDays(settings.WindowDays + 1);
            if (Today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(paidOn);
            if (Done(PartialAckStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(paidOn);

            decimal remaining = _account.Outstanding.Amount;
            var open = OpenItemIds();
            string explanation = ExplanationText.PartialAcknowledgement(Today, paid, paidOn, remaining, _account.Currency, channel, settings.PartialPaymentResetsStage);
            Emit(Key(_policy.Id, PartialAckStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), PartialAckStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentPartialAck, open, AmountsOf(open), occurrence, notice: true, dunning: false, explanation);
        }

        /// <summary>
        /// Whether, after the payments of <paramref name="paidOn"/>, something that was overdue on that date is still
        /// owed: an item due before <paramref name="paidOn"/> that was not settled by the end of that day. Only then is
        /// the payment partial; a payment that leaves only items not yet due is not (docs/escalation.md, Payment events).
        /// </summary>
        private readonly bool OverdueStillOwedAfter(LocalDate paidOn)
        {
            foreach (var item in _account.Items)
            {
                if (item.DueDate < paidOn && (item.SettledOn is not { } settled || settled > paidOn))
                {
                    return true;
                }
            }

            return false;
        }

        private decimal PaidOn(LocalDate date)
        {
            decimal paid = 0m;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn == date)
                {
                    paid += p.Amount.Amount;
                }
            }

            return paid;
        }
    }
}
