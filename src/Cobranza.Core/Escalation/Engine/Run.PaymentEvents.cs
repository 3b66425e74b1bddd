// Rule family: payment events (docs/escalation.md, "Payment events").
// Figures (Settlement): what the notice acknowledges on its settlement date, computed only when it fires.
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
            var amounts = AmountsOf(ImmutableArray<string>.Empty);
            var settlement = Settlement(settledOn, null, amounts);

            string explanation = ExplanationText.ThankYou(Today, settledOn, settlement.Paid.Amount, _account.Currency, channel, settings.WindowDays);
            Emit(Key(_policy.Id, ThankYouStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), ThankYouStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentThankYou, ImmutableArray<string>.Empty, amounts, occurrence, notice: true, dunning: false, explanation,
                settlement: settlement);
        }

        private void PartialAcknowledgement()
        {
            var settings = _policy.PaymentEvents;
            if (!settings.AcknowledgePartialPayments || _account.Payments.IsEmpty)
            {
                return;
            }

            if (LatestPaymentDate() is not { } paidOn || !OverdueStillOwedAfter(paidOn))
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
            var open = OpenItemIds();
            var amounts = AmountsOf(open);
            var settlement = Settlement(paidOn, null, amounts);
            string explanation = ExplanationText.PartialAcknowledgement(Today, settlement.Paid.Amount, paidOn, settlement.Remaining.Amount, _account.Currency, channel, settings.PartialPaymentResetsStage);
            Emit(Key(_policy.Id, PartialAckStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PartialAckStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentPartialAck, open, amounts, occurrence, notice: true, dunning: false, explanation, settlement: settlement);
        }

        /// <summary>
        /// The latest date on or before the local date on which a payment was received; <see langword="null"/> when none
        /// was. Compares the day numbers the payments derive at construction; a payment dated in another calendar sends
        /// the whole walk to the dates, whose comparison says what is wrong (as it did).
        /// </summary>
        private readonly LocalDate? LatestPaymentDate()
        {
            Receivables.AccountPayment? latest = null;
            int today = _todayDay;
            foreach (var p in _account.Payments)
            {
                if (!p.IsIsoReceived)
                {
                    return LatestPaymentDateByDates();
                }

                if (p.ReceivedDay <= today && (latest is null || p.ReceivedDay > latest.ReceivedDay))
                {
                    latest = p;
                }
            }

            return latest?.ReceivedOn;
        }

        /// <summary><see cref="LatestPaymentDate"/> by comparing the dates (the walk before the day numbers, kept for dates in other calendars).</summary>
        private readonly LocalDate? LatestPaymentDateByDates()
        {
            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn <= Today && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            return latest;
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

        /// <summary>
        /// The figures a payment-event notice states (<see cref="SettlementFigures"/>), computed only when the notice fires:
        /// on <paramref name="on"/> (the settlement date; <see langword="null"/>: none, nothing paid or credited), the
        /// payments received (whole amounts) and the credit notes and applied credit, for the account
        /// (<paramref name="itemId"/> <see langword="null"/>) or the one item (payments allocated in part to it, credits to
        /// it); what remains is the decision's open balance (<paramref name="amounts"/>).
        /// </summary>
        private readonly SettlementFigures Settlement(LocalDate? on, string? itemId, in DecisionAmounts amounts)
        {
            decimal paid = 0m, credited = 0m;
            var means = SettlementMeans.None;
            if (on is { } date)
            {
                foreach (var p in _account.Payments)
                {
                    if (p.ReceivedOn == date && (itemId is null || Allocates(p.Allocations, itemId)))
                    {
                        paid += p.Amount.Amount;
                        means |= SettlementMeans.Payment;
                    }
                }

                foreach (var c in _account.Credits)
                {
                    if (c.IssuedOn == date && (itemId is null || string.Equals(c.ItemId, itemId, StringComparison.Ordinal)))
                    {
                        credited += c.Amount.Amount;
                        means |= SettlementMeans.CreditNote;
                    }
                }

                foreach (var application in _account.CreditApplications)
                {
                    if (application.AppliedOn != date)
                    {
                        continue;
                    }

                    foreach (var a in application.Allocations)
                    {
                        if ((itemId is null || string.Equals(a.ItemId, itemId, StringComparison.Ordinal)) && a.Total.IsPositive)
                        {
                            credited += a.Total.Amount;
                            means |= SettlementMeans.AppliedCredit;
                        }
                    }
                }
            }

            var currency = _account.Currency;
            return new SettlementFigures(means, Money.Of(paid, currency), Money.Of(credited, currency),
                Money.Of(OpenBalanceOf(amounts), currency)); // the decision's OpenBalance
        }

        /// <summary>
        /// The latest date on or before the local date on which a payment, a credit note or applied credit reduced the
        /// account (<paramref name="itemId"/> <see langword="null"/>) or the one item; <see langword="null"/> when none did.
        /// </summary>
        private readonly LocalDate? LatestReductionOn(string? itemId)
        {
            LocalDate? latest = null;
            static void Later(LocalDate date, ref LocalDate? latest, LocalDate today)
            {
                if (date <= today && (latest is null || date > latest.Value))
                {
                    latest = date;
                }
            }

            var today = Today;
            foreach (var p in _account.Payments)
            {
                if (itemId is null || Allocates(p.Allocations, itemId))
                {
                    Later(p.ReceivedOn, ref latest, today);
                }
            }

            foreach (var c in _account.Credits)
            {
                if (itemId is null || string.Equals(c.ItemId, itemId, StringComparison.Ordinal))
                {
                    Later(c.IssuedOn, ref latest, today);
                }
            }

            foreach (var application in _account.CreditApplications)
            {
                if (itemId is null || Allocates(application.Allocations, itemId))
                {
                    Later(application.AppliedOn, ref latest, today);
                }
            }

            return latest;
        }

        private static bool Allocates(ImmutableArray<Receivables.PaymentAllocation> allocations, string itemId)
        {
            foreach (var a in allocations)
            {
                if (string.Equals(a.ItemId, itemId, StringComparison.Ordinal) && a.Total.IsPositive)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
