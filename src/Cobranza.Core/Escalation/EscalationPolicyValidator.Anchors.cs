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

        if (s.Fee is { } fee)
        {
            CheckFee(s, fee, $"{path}.Fee", fail);
        }

        if (s.Repeat is { UntilPaid: true, Period: RepeatPeriod.Days } r && (long)r.Every * 24 < p.QuietRules.MinimumGapHours)
        {
            fail($"{path}.Repeat.Every", $"{path}.Repeat.Every of {r.Every} days repeating until paid is shorter than QuietRules.MinimumGapHours ({p.QuietRules.MinimumGapHours} h): an endless repeat is bounded by the minimum gap.");
        }
    }

    private static void CheckFee(EscalationStage s, StageFee fee, string path, Action<string, string> fail)
    {
        bool posts = false;
        foreach (var a in s.Actions)
        {
            posts |= a.Kind == EscalationActionKind.ApplyLateFee;
        }

        if (!posts)
        {
            fail(path, $"{path} is posted by the stage's ApplyLateFee action, which stage '{s.Id}' does not have.");
        }

        if (fee.FixedAmounts.IsEmpty && fee.Percent is null)
        {
            fail(path, $"{path} needs a fixed amount or a percentage (has neither).");
        }

        OnePerCurrency(fee.FixedAmounts, $"{path}.FixedAmounts", fail);
        OnePerCurrency(fee.Minimums, $"{path}.Minimums", fail);
        OnePerCurrency(fee.Maximums, $"{path}.Maximums", fail);
        for (int i = 0; i < fee.Maximums.Length; i++)
        {
            foreach (var min in fee.Minimums)
            {
                if (min.Currency == fee.Maximums[i].Currency && min.Amount > fee.Maximums[i].Amount)
                {
                    fail($"{path}.Maximums[{i}]", $"{path}.Maximums[{i}] ({fee.Maximums[i]}) must not be below the minimum of its currency ({min}).");
                }
            }
        }
    }

    private static void OnePerCurrency(System.Collections.Immutable.ImmutableArray<Money> amounts, string path, Action<string, string> fail)
    {
        for (int i = 1; i < amounts.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (amounts[i].Currency == amounts[j].Currency)
                {
                    fail($"{path}[{i}]", $"{path}[{i}] repeats the currency {amounts[i].Currency.Code} of {path}[{j}]; one amount per currency.");
                    break;
                }
            }
        }
    }
}
