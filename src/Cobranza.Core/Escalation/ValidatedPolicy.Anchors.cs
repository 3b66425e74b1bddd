// What the engine precomputes about anchors, calendar months and repetitions (docs/escalation.md, "Anchors",
// "Calendar months and repeats until paid"): a policy whose stages all count days from the due date and repeat a
// bounded number of days is "plain" and takes the engine's original path unchanged.
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

internal sealed partial class ValidatedPolicy
{
    /// <summary>Per stage: the date its offset counts from.</summary>
    internal OffsetAnchor[] Anchors { get; }

    /// <summary>
    /// Whether every stage counts calendar or business days from the due date and every repetition counts days with a
    /// maximum count (the engine's original rules; then no anchor, month or until-paid rule is consulted).
    /// </summary>
    internal bool Plain { get; }

    /// <summary>Whether any stage charges a dunning fee of its own (<see cref="EscalationStage.Fee"/>): then decisions compute late figures even without an <see cref="ILateChargeTermsProvider"/>.</summary>
    internal bool AnyStageFee { get; }

    private static bool AnyFee(ImmutableArray<EscalationStage> stages)
    {
        foreach (var s in stages)
        {
            if (s.Fee is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every stage counts days (not months) from the due date: then trigger dates follow the offsets' order.</summary>
    internal bool DaysFromDueDate { get; }

    private static OffsetAnchor[] AnchorsOf(ImmutableArray<EscalationStage> stages, out bool plain, out bool daysFromDueDate)
    {
        var anchors = new OffsetAnchor[stages.Length];
        plain = true;
        daysFromDueDate = true;
        for (int i = 0; i < stages.Length; i++)
        {
            var trigger = stages[i].Trigger;
            anchors[i] = trigger.Anchor;
            daysFromDueDate &= trigger.Anchor == OffsetAnchor.DueDate && trigger.Days != OffsetDays.CalendarMonths;
            plain &= trigger.Anchor == OffsetAnchor.DueDate && trigger.Days != OffsetDays.CalendarMonths
                && (stages[i].Repeat is not { } r || (r.Period == RepeatPeriod.Days && !r.UntilPaid));
        }

        return anchors;
    }
}
