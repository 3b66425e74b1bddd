using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

/// <summary>Ready-made escalation policies.</summary>
public static class EscalationPolicies
{
    /// <summary>The id of the default policy.</summary>
    public const string DefaultId = "cobranza-default";

    /// <summary>
    /// The default policy (<c>cobranza-default</c>, version 1, per account): a friendly reminder 3 days before the due
    /// date, a reminder on it, a call task 1 day after, a firm reminder 3 days after, a final notice with late interest
    /// and the recovery fee 15 days after, service suspension 30 days after, hand-over to an agency 60 days after and a
    /// legal notice 90 days after (calendar days from the due date of the oldest overdue item).
    /// </summary>
    public static EscalationPolicy Default { get; } = CreateDefault();

    /// <summary>The id of <see cref="NoDunning"/>.</summary>
    public const string NoDunningId = "cobranza-no-dunning";

    /// <summary>
    /// "No dunning", for customers exempt from collection (<c>cobranza-no-dunning</c>, version 1): no stage, so no reminder,
    /// task, charge, block, broken-promise or plan-arrears notice. Payments are still thanked and acknowledged
    /// (<see cref="PaymentEventSettings.Default"/>), and a block or suspension recorded under this policy id would still be
    /// reversed. To stop everything, a <see cref="Receivables.LegalHold"/> is the tool.
    /// </summary>
    public static EscalationPolicy NoDunning { get; } = new(NoDunningId, 1, EscalationScope.Account, ImmutableArray<EscalationStage>.Empty,
        suppressions: new SuppressionSettings(brokenPromiseStageId: null));

    /// <summary>
    /// The default policy with overridable values. Every offset is in calendar days from the due date.
    /// </summary>
    /// <param name="id">The policy id.</param>
    /// <param name="version">The version.</param>
    /// <param name="preDue">Offset of <c>pre-due</c>.</param>
    /// <param name="dueToday">Offset of <c>due-today</c>.</param>
    /// <param name="call">Offset of <c>call</c>.</param>
    /// <param name="firm">Offset of <c>firm</c>.</param>
    /// <param name="final">Offset of <c>final</c>.</param>
    /// <param name="suspend">Offset of <c>suspend</c>.</param>
    /// <param name="agency">Offset of <c>agency</c>.</param>
    /// <param name="legal">Offset of <c>legal</c>.</param>
    /// <param name="scope">The scope (default per account).</param>
    /// <param name="quietRules">Quiet rules (default <see cref="QuietRules.Default"/>).</param>
    /// <param name="catchUp">Catch-up mode (default latest only).</param>
    /// <param name="paymentEvents">Payment events (default <see cref="PaymentEventSettings.Default"/>).</param>
    /// <param name="suppressions">Suppressions (default <see cref="SuppressionSettings.Default"/>).</param>
    /// <param name="fallbackLanguage">Fallback language (<see langword="null"/>: <see cref="Language.Spanish"/>, the policy's default).</param>
    /// <returns>The policy (validate it when you changed offsets).</returns>
    public static EscalationPolicy CreateDefault(
        string id = DefaultId,
        int version = 1,
        int preDue = -3,
        int dueToday = 0,
        int call = 1,
        int firm = 3,
        int final = 15,
        int suspend = 30,
        int agency = 60,
        int legal = 90,
        EscalationScope scope = EscalationScope.Account,
        QuietRules? quietRules = null,
        CatchUpMode catchUp = CatchUpMode.LatestOnly,
        PaymentEventSettings? paymentEvents = null,
        SuppressionSettings? suppressions = null,
        Language? fallbackLanguage = null)
    {
        static EscalationStage Stage(string id, string name, int offset, EscalationTone tone, params EscalationAction[] actions)
            => new(id, name, StageTrigger.CalendarDays(offset), tone, ImmutableArray.Create(actions));

        var stages = ImmutableArray.Create(
            Stage("pre-due", "Friendly reminder before the due date", preDue, EscalationTone.Friendly,
                EscalationAction.Notice(NotificationChannel.Email, "reminder-before-due")),
            Stage("due-today", "Reminder on the due date", dueToday, EscalationTone.Friendly,
                EscalationAction.Notice(NotificationChannel.Email, "reminder-due-today")),
            Stage("call", "Call the customer and agree a date", call, EscalationTone.Friendly,
                EscalationAction.Task(NotificationChannel.PhoneCall, "task-call-customer")),
            Stage("firm", "Firm reminder mentioning late interest", firm, EscalationTone.Firm,
                EscalationAction.Notice(NotificationChannel.Email, "reminder-firm")),
            Stage("final", "Final notice with late interest and the recovery fee", final, EscalationTone.Final,
                EscalationAction.Notice(NotificationChannel.Email, "notice-final"),
                EscalationAction.Of(EscalationActionKind.ChargeLateInterest),
                EscalationAction.Of(EscalationActionKind.ApplyLateFee)),
            Stage("suspend", "Suspend the service", suspend, EscalationTone.Final,
                EscalationAction.Of(EscalationActionKind.SuspendService),
                EscalationAction.Notice(NotificationChannel.Email, "notice-service-suspended")),
            Stage("agency", "Hand over to a collection agency", agency, EscalationTone.Legal,
                EscalationAction.Of(EscalationActionKind.HandOverToAgency),
                EscalationAction.Notice(NotificationChannel.Letter, "notice-agency-handover")),
            Stage("legal", "Legal notice", legal, EscalationTone.Legal,
                new EscalationAction(EscalationActionKind.LegalNotice, NotificationChannel.Letter, "notice-legal")));

        return new EscalationPolicy(id, version, scope, stages, quietRules, catchUp, paymentEvents, suppressions, fallbackLanguage);
    }
}
