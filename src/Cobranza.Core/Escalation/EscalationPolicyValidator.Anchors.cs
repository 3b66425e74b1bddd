using System;

namespace Cobranza.Core.Escalation;

// The rules of anchors, calendar months and repeats until paid (docs/escalation.md, "Anchors", "Calendar months and
// repeats until paid").
public sealed partial class EscalationPolicyValidator
{
    /// <summary>
    /// Whether the offsets of two consecutive triggers are comparable (strictly increasing is required then): both count
    /// from the same anchor other than the previous notice, both in days (calendar or business) or both in months.
    /// </summary>
    private static bool ComparableOffsets(StageTrigger previous, StageTrigger trigger)
        => previous.Anchor == trigger.Anchor && trigger.Anchor != OffsetAnchor.PreviousNotice
            && (previous.Days == OffsetDays.CalendarMonths) == (trigger.Days == OffsetDays.CalendarMonths);

    private static void CheckAnchorsAndRepeats(EscalationPolicy p, int i, string path, Action<string, string> fail)
    {
        var s = p.Stages[i];
        if (s.Trigger.Anchor == OffsetAnchor.PreviousNotice)
        {
            if (i == 0)
            {
                fail($"{path}.Trigger.Anchor", $"{path}.Trigger.Anchor PreviousNotice needs a stage before it with a notice (was the first stage).");
            }
            else
            {
                var prev = p.Stages[i - 1];
                bool notice = false;
                foreach (var a in prev.Actions)
                {
                    notice |= a.Kind is EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice;
                }

                if (!notice)
                {
                    fail($"{path}.Trigger.Anchor", $"{path}.Trigger.Anchor PreviousNotice counts from the notice of the stage before it, '{prev.Id}', which sends none.");
                }

                if (prev.Repeat is { UntilPaid: true })
                {
                    fail($"{path}.Trigger.Anchor", $"{path}.Trigger.Anchor PreviousNotice would never be reached: the stage before it, '{prev.Id}', repeats until paid.");
                }
            }

            if (s.Trigger.Offset < 1)
            {
                fail($"{path}.Trigger.Offset", $"{path}.Trigger.Offset must be at least 1 after the previous notice (was {s.Trigger.Offset}).");
            }
        }

        if (s.Repeat is { UntilPaid: true, Period: RepeatPeriod.Days } r && (long)r.Every * 24 < p.QuietRules.MinimumGapHours)
        {
            fail($"{path}.Repeat.Every", $"{path}.Repeat.Every of {r.Every} days repeating until paid is shorter than QuietRules.MinimumGapHours ({p.QuietRules.MinimumGapHours} h): an endless repeat is bounded by the minimum gap.");
        }
    }
}
