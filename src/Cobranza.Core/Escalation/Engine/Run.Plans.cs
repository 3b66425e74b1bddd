// Rule family: payment plans (docs/escalation.md, "Suppressions").
// Rules: the items of a started plan that is not completed are out of item escalation; only plan arrears escalate: one
// plan-arrears notice for the latest installment unpaid PlanArrearsGraceDays after its due date.
using System;
using System.Collections.Immutable;
using Cobranza.Core.Escalation.Templates;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private readonly bool InActivePlan(string itemId)
        {
            foreach (var plan in _account.Plans)
            {
                if (!Contains(plan.ItemIds, itemId))
                {
                    continue;
                }

                // A completed plan no longer covers its items (they are settled anyway).
                if (plan.StartedOn <= Today && plan.Plan.StatusAsOf(Today).Status != Installments.PlanStatus.Completed)
                {
                    return true;
                }
            }

            return false;
        }

        private void PlanArrears()
        {
            int grace = _policy.Suppressions.PlanArrearsGraceDays;
            LocalDate latest = default;
            bool any = false;
            decimal overdue = 0m;
            int count = 0;
            string? planIds = null;
            foreach (var plan in _account.Plans)
            {
                if (plan.StartedOn > Today)
                {
                    Consider(plan.StartedOn);
                    continue;
                }

                var report = plan.Plan.StatusAsOf(Today);
                if (report.Status == Installments.PlanStatus.Completed)
                {
                    continue;
                }

                foreach (var s in report.Installments)
                {
                    LocalDate notifyOn = s.Installment.DueDate.PlusDays(grace + 1);
                    if (s.Status == Installments.InstallmentStatus.Paid)
                    {
                        continue;
                    }

                    if (notifyOn > Today)
                    {
                        Consider(notifyOn);
                        continue;
                    }

                    count++;
                    overdue += s.Outstanding.Amount;
                    planIds = planIds is null ? plan.PlanId : planIds.Contains(plan.PlanId, StringComparison.Ordinal) ? planIds : planIds + ", " + plan.PlanId;
                    if (!any || s.Installment.DueDate > latest)
                    {
                        latest = s.Installment.DueDate;
                        any = true;
                    }
                }
            }

            if (!any || !ResolveChannel(NotificationChannel.Email, out var channel))
            {
                return;
            }

            var since = StartOfDay(latest.PlusDays(grace + 1));
            if (Done(PlanArrearsStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            string explanation = ExplanationText.PlanArrears(Today, planIds, count, overdue, _account.Currency, latest, channel);
            Emit(Key(_policy.Id, PlanArrearsStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PlanArrearsStageId, EscalationActionKind.SendNotice,
                EscalationTone.Firm, channel, TemplateKeys.PlanInstallmentOverdue, ImmutableArray<string>.Empty,
                AmountsOf(ImmutableArray<string>.Empty) with { Principal = overdue }, occurrence, notice: true, dunning: true, explanation);
        }
    }
}
