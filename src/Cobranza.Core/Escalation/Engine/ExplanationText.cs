// Formatting: the explanation of every decision the engine makes, in English with ISO dates and amounts as
// Money.ToString() writes them (the journal's and the log's language; notices are rendered from templates elsewhere).
// The rule families decide and pass values; this type only writes them. Each sentence names the rule that fired,
// the dates that made it fire and the figures it saw (docs/escalation.md, "Explanations").
using System.Globalization;
using System.Runtime.CompilerServices;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>The explanations of the engine's decisions (<see cref="EscalationDecision.Explanation"/>).</summary>
internal static class ExplanationText
{
    /// <summary>
    /// The explanation of a stage decision: "On {today} {n} item(s) are overdue for {overdue} (open {open}); {reason}{repeat}.
    /// Tone {tone}. Action: {what}." The reason is the stage's trigger from the anchor due date, or the broken promise
    /// that lifted escalation to the stage on <paramref name="triggeredDay"/>.
    /// </summary>
    /// <param name="today">The evaluation date (day number).</param>
    /// <param name="overdueCount">How many of the scope's items are overdue.</param>
    /// <param name="overdue">The scope's overdue amount.</param>
    /// <param name="open">The scope's open amount.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="action">The action, as the policy asks for it.</param>
    /// <param name="channel">The channel the action uses (a fallback when the customer opted out of the one asked for).</param>
    /// <param name="k">The repetition (1 for the first).</param>
    /// <param name="triggeredDay">The day the stage triggered (day number).</param>
    /// <param name="anchorDay">The date the stage counts from (day number): the due date, or the stage's anchor (<see cref="StageTrigger.Anchor"/>).</param>
    /// <param name="anchorItem">The item of that due date, or <see langword="null"/>.</param>
    /// <param name="byBrokenPromise">Whether a broken promise lifted escalation to the stage.</param>
    public static string Stage(int today, int overdueCount, AmountText overdue, AmountText open, EscalationStage stage, EscalationAction action, NotificationChannel? channel,
        int k, int triggeredDay, int anchorDay, string? anchorItem, bool byBrokenPromise)
    {
        // One explanation, written straight into a stack buffer (no intermediate strings):
        // "On {today} {n} item(s) are overdue for {overdue} (open {open}); {reason}{repeat}. Tone {tone}. Action: {what}."
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[384]);
        text.AppendLiteral("On ");
        text.AppendFormatted(new IsoDate(today));
        text.AppendLiteral(" ");
        text.AppendFormatted(overdueCount);
        text.AppendLiteral(" item(s) are overdue for ");
        text.AppendFormatted(overdue);
        text.AppendLiteral(" (open ");
        text.AppendFormatted(open);
        text.AppendLiteral("); ");
        if (byBrokenPromise)
        {
            text.AppendLiteral("a promise to pay was broken on ");
            text.AppendFormatted(new IsoDate(triggeredDay));
            text.AppendLiteral(", which escalates at once to stage '");
            text.AppendFormatted(stage.Id);
            text.AppendLiteral("' (policy rule Suppressions.BrokenPromiseStageId)");
        }
        else
        {
            var trigger = stage.Trigger;
            text.AppendLiteral("stage '");
            text.AppendFormatted(stage.Id);
            text.AppendLiteral("' (");
            text.AppendFormatted(stage.Name);
            text.AppendLiteral(") triggers ");
            if (trigger.Offset >= 0)
            {
                text.AppendLiteral("+");
            }

            text.AppendFormatted(trigger.Offset);
            text.AppendLiteral(trigger.Days switch { OffsetDays.Calendar => " calendar days", OffsetDays.Business => " business days", _ => " calendar months" });
            text.AppendLiteral(trigger.Anchor switch
            {
                OffsetAnchor.DueDate => " from the due date ",
                OffsetAnchor.InvoiceDate => " from the invoice date ",
                OffsetAnchor.EndOfDueMonth => " from the end of the due date's month ",
                _ => " from the previous stage's notice sent on ",
            });
            text.AppendFormatted(new IsoDate(anchorDay));
            if (anchorItem is not null && trigger.Anchor != OffsetAnchor.PreviousNotice)
            {
                text.AppendLiteral(" of item ");
                text.AppendFormatted(anchorItem);
            }

            text.AppendLiteral(", i.e. on ");
            text.AppendFormatted(new IsoDate(triggeredDay));
        }

        if (k > 1)
        {
            var repeat = stage.Repeat!;
            text.AppendLiteral(", repetition ");
            text.AppendFormatted(k);
            if (!repeat.UntilPaid)
            {
                text.AppendLiteral(" of ");
                text.AppendFormatted(repeat.MaxTimes);
            }

            text.AppendLiteral(" (every ");
            text.AppendFormatted(repeat.Every);
            text.AppendLiteral(repeat.Period == RepeatPeriod.Days ? " days" : " months");
            text.AppendLiteral(repeat.UntilPaid ? ", until paid)" : ")");
        }

        text.AppendLiteral(". Tone ");
        text.AppendFormatted(EscalationEngine.Name(stage.Tone));
        text.AppendLiteral(". Action: ");
        text.AppendFormatted(EscalationEngine.Name(action.Kind));
        if (action.Channel is { } asked)
        {
            text.AppendLiteral(" by ");
            text.AppendFormatted(EscalationEngine.Name(channel!.Value));
            text.AppendLiteral(" with template '");
            text.AppendFormatted(action.TemplateKey);
            text.AppendLiteral("'");
            if (channel != asked)
            {
                text.AppendLiteral(" (");
                text.AppendFormatted(EscalationEngine.Name(asked));
                text.AppendLiteral(" opted out; fallback ");
                text.AppendFormatted(EscalationEngine.Name(channel.Value));
                text.AppendLiteral(")");
            }
        }

        text.AppendLiteral(".");
        return text.ToStringAndClear();
    }

    /// <summary>The explanation of the reversal of <paramref name="entry"/>'s action (stop work, suspension, order block) once its scope is paid in full.</summary>
    public static string Reinstatement(LocalDate today, bool fullyPaid, string scopeText, CollectionHistoryEntry entry, EscalationActionKind reverse)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} {(fullyPaid ? "the account is paid in full" : $"item {scopeText} is paid in full")}; {entry.Action} of stage '{entry.StageId}' (decided {entry.DecidedAt}) is reversed by {reverse} (rule: payment in full reinstates).");

    /// <summary>
    /// The explanation of a reversal because nothing in the scope is overdue any more (open items not yet due remain), or
    /// the overdue balance <paramref name="overdue"/> is below <paramref name="tolerance"/>.
    /// </summary>
    public static string ReinstatementNothingOverdue(LocalDate today, bool account, string scopeText, CollectionHistoryEntry entry, EscalationActionKind reverse, decimal? overdue, Money? tolerance, Currency currency)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} {(overdue is { } o ? $"the overdue balance of {(account ? "the account" : $"item {scopeText}")}, {Amount(o, currency)}, is below the tolerance {tolerance}" : $"nothing of {(account ? "the account" : $"item {scopeText}")} is overdue (items not yet due do not count)")}; {entry.Action} of stage '{entry.StageId}' (decided {entry.DecidedAt}) is reversed by {reverse} (rule: nothing overdue reinstates{(overdue is null ? string.Empty : ", policy Reinstatement.OverdueTolerances")}).");

    /// <summary>The explanation of a reversal because dunning enforcement is off for the account (Run.Levels).</summary>
    public static string ReinstatementEnforcementOff(LocalDate today, EnforcementOff off, CollectionHistoryEntry entry, EscalationActionKind reverse)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} dunning enforcement is off for the account (since {Iso(off.Since)}: {off.Reason}); {entry.Action} of stage '{entry.StageId}' (decided {entry.DecidedAt}) is reversed by {reverse} (rule: enforcement off clears every block).");

    /// <summary>The explanation of a reversal because the item is excluded from dunning (Run.Levels).</summary>
    public static string ReinstatementExcluded(LocalDate today, string itemId, CollectionHistoryEntry entry, EscalationActionKind reverse)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} item {itemId} is excluded from dunning; {entry.Action} of stage '{entry.StageId}' (decided {entry.DecidedAt}) is reversed by {reverse} (rule: an item excluded from dunning keeps no block in force).");

    /// <summary>
    /// The explanation of a reversal under levels that lift: the stage of <paramref name="entry"/> no longer holds for the
    /// scope (not reached from the current anchor, or its conditions fail with the overdue figures given).
    /// </summary>
    public static string LevelLifted(LocalDate today, bool account, string scopeText, CollectionHistoryEntry entry, EscalationActionKind reverse, EscalationStage stage, bool reached,
        int overdueCount, decimal overdue, Currency currency)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} {(account ? "the account" : $"item {scopeText}")} no longer meets stage '{stage.Id}' ({stage.Name}): {(reached ? $"its conditions do not hold ({overdueCount} item(s) overdue for {Amount(overdue, currency)})" : "the stage is not reached from the current anchor")}; {entry.Action} of stage '{entry.StageId}' (decided {entry.DecidedAt}) is reversed by {reverse} (rule: levels that lift, policy Reinstatement.LevelsLift).");

    /// <summary><paramref name="explanation"/> of a stage decision, for a block lifted earlier in the episode and taken again as run <paramref name="occurrence"/> (Run.Levels).</summary>
    public static string Reapplied(string explanation, int occurrence)
        => explanation + string.Create(CultureInfo.InvariantCulture, $" The stage's block was lifted earlier in this episode and the stage holds again: taken again as occurrence {occurrence}.");

    /// <summary>
    /// The explanation of the service-restored notice that follows a reinstatement (<paramref name="explanation"/>), with
    /// what it acknowledges: the payments and credits of <paramref name="on"/>, or nothing.
    /// </summary>
    public static string ServiceRestored(string explanation, NotificationChannel? channel, LocalDate? on, SettlementFigures settlement)
        => on is { } date && settlement.SettledBy != SettlementMeans.None
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{explanation} Notice by {channel} with template '{TemplateKeys.NoticeServiceRestored}', acknowledging {settlement.Paid} paid and {settlement.Credited} credited on {Iso(date)} ({settlement.SettledBy}).")
            : explanation + $" Notice by {channel} with template '{TemplateKeys.NoticeServiceRestored}'; nothing paid or credited to acknowledge.";

    /// <summary>The explanation of the thank-you on payment in full.</summary>
    public static string ThankYou(LocalDate today, LocalDate settledOn, decimal paid, Currency currency, NotificationChannel? channel, int windowDays)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} the account is paid in full (last item settled on {Iso(settledOn)}, {Amount(paid, currency)} received that day); one thank-you by {channel} with template '{TemplateKeys.PaymentThankYou}' ends the escalation (policy rule PaymentEvents.ThankYouOnFullPayment, within {windowDays} days).");

    /// <summary>The explanation of a partial-payment acknowledgement.</summary>
    public static string PartialAcknowledgement(LocalDate today, decimal paid, LocalDate paidOn, decimal remaining, Currency currency, NotificationChannel? channel, bool resetsStage)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)}: {Amount(paid, currency)} received on {Iso(paidOn)} leaves {Amount(remaining, currency)} to pay; acknowledged by {channel} with template '{TemplateKeys.PaymentPartialAck}' (policy rule PaymentEvents.AcknowledgePartialPayments; the stage {(resetsStage ? "restarts from the payment date" : "is not reset")}).");

    /// <summary>The explanation of a broken-promise notice; <paramref name="floorStageId"/> is the stage escalation moves to, if any.</summary>
    public static string BrokenPromise(PaymentPromise broken, int grace, LocalDate brokenOn, decimal owed, Currency currency, NotificationChannel? channel, string? floorStageId)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"Promise '{broken.PromiseId}' made on {Iso(broken.MadeOn)} to pay {broken.Amount} by {Iso(broken.PromisedDate)} was not kept within {grace} day(s) of grace; it counts as broken on {Iso(brokenOn)} and {Amount(owed, currency)} is still owed. Notice by {channel} with template '{TemplateKeys.PromiseBroken}'{(floorStageId is not null ? $"; escalation moves at once to stage '{floorStageId}'" : string.Empty)} (policy rule Suppressions).");

    /// <summary>The explanation of a plan-arrears notice.</summary>
    public static string PlanArrears(LocalDate today, string? planIds, int count, decimal overdue, Currency currency, LocalDate latest, NotificationChannel? channel)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"On {Iso(today)} payment plan {planIds} has {count} overdue installment(s) for {Amount(overdue, currency)} (the latest due on {Iso(latest)}); an active plan replaces item escalation, so only plan arrears escalate: notice by {channel} with template '{TemplateKeys.PlanInstallmentOverdue}'.");

    /// <summary><paramref name="explanation"/> with the local send time a notice was deferred to by the quiet rules.</summary>
    public static string Deferred(string explanation, Instant notBefore, DateTimeZone zone)
        => explanation + string.Create(CultureInfo.InvariantCulture, $" Deferred by the quiet rules to {notBefore.InZone(zone).LocalDateTime:uuuu-MM-dd HH:mm} local time ({zone.Id}).");

    private static string Amount(decimal amount, Currency currency) => Money.Of(amount, currency).ToString();

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
