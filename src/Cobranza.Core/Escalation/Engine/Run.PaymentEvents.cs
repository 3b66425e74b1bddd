// Rule family: payment events (docs/escalation.md, "Payment events").
// Rules: payment in full sends one thank-you within WindowDays (reversals of blocks and suspensions: Run.Reinstatements); a payment that
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

                bool relevant = string.Equals(scope, _account.Id, StringComparison.Ordinal);
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
            if (Done(ThankYouStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(settledOn);

            string explanation = ExplanationText.ThankYou(Today, settledOn, paid, _account.Currency, channel, settings.WindowDays);
            Emit(Key(_policy.Id, ThankYouStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), ThankYouStageId, EscalationActionKind.SendNotice,
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
            if (Done(PartialAckStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(paidOn);

            decimal remaining = _account.Outstanding.Amount;
            var open = OpenItemIds();
            string explanation = ExplanationText.PartialAcknowledgement(Today, paid, paidOn, remaining, _account.Currency, channel, settings.PartialPaymentResetsStage);
            Emit(Key(_policy.Id, PartialAckStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PartialAckStageId, EscalationActionKind.SendNotice,
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
