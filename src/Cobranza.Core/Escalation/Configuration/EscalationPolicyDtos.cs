using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Serialization;

namespace Cobranza.Core.Escalation.Configuration;

/// <summary>
/// An escalation policy as configured (JSON, an ERP screen): a plain, unvalidated shape. A property left out takes
/// the model's default; check it with <see cref="EscalationPolicyJson.Validate"/> (every error at once, with JSON
/// paths) and turn it into an <see cref="EscalationPolicy"/> with <see cref="EscalationPolicyJson.ToModel(EscalationPolicyDto)"/>.
/// </summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare policies, compare the validated <see cref="EscalationPolicy"/> values, which have value equality.
/// </remarks>
public sealed record EscalationPolicyDto
{
    /// <summary>An optional JSON Schema reference for editors; ignored.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>The policy id.</summary>
    public string? Id { get; set; }

    /// <summary>The version (positive).</summary>
    public int Version { get; set; } = 1;

    /// <summary>Per account or per item (default <see cref="EscalationScope.Account"/>).</summary>
    public EscalationScope Scope { get; set; } = EscalationScope.Account;

    /// <summary>The fallback language (default <c>es</c>).</summary>
    public string? FallbackLanguage { get; set; } = "es";

    /// <summary>The catch-up mode (default <see cref="CatchUpMode.LatestOnly"/>).</summary>
    public CatchUpMode CatchUp { get; set; } = CatchUpMode.LatestOnly;

    /// <summary>Quiet rules; left out = <see cref="QuietRules.Default"/>.</summary>
    public QuietRulesDto? QuietRules { get; set; }

    /// <summary>Payment events; left out = <see cref="PaymentEventSettings.Default"/>.</summary>
    public PaymentEventsDto? PaymentEvents { get; set; }

    /// <summary>Suppressions; left out = <see cref="SuppressionSettings.Default"/>.</summary>
    public SuppressionsDto? Suppressions { get; set; }

    /// <summary>When a block, suspension or stop-work is reversed; left out = <see cref="ReinstatementSettings.Default"/> (no tolerance).</summary>
    public ReinstatementDto? Reinstatement { get; set; }

    /// <summary>The stages, in trigger order.</summary>
    public IReadOnlyList<StageDto?>? Stages { get; set; }
}

/// <summary>A stage (see <see cref="EscalationStage"/>).</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare stages, compare the validated <see cref="EscalationStage"/> values, which have value equality.
/// </remarks>
public sealed record StageDto
{
    /// <summary>The stable id.</summary>
    public string? Id { get; set; }

    /// <summary>The human name.</summary>
    public string? Name { get; set; }

    /// <summary>When it fires.</summary>
    public TriggerDto? Trigger { get; set; }

    /// <summary>How firm.</summary>
    [JsonRequired]
    public EscalationTone Tone { get; set; }

    /// <summary>What it does, in order.</summary>
    public IReadOnlyList<ActionDto?>? Actions { get; set; }

    /// <summary>Its conditions, or null for none.</summary>
    public ConditionsDto? Conditions { get; set; }

    /// <summary>Its repetition, or null.</summary>
    public RepeatDto? Repeat { get; set; }

    /// <summary>Its dunning fee, or null.</summary>
    public FeeDto? Fee { get; set; }
}

/// <summary>A stage's dunning fee (see <see cref="StageFee"/>).</summary>
/// <remarks>Equality is the synthesized record equality (lists by reference), as for <see cref="ConditionsDto"/>.</remarks>
public sealed record FeeDto
{
    /// <summary>The fixed fee per currency, or null.</summary>
    public IReadOnlyList<MoneyDto?>? FixedAmounts { get; set; }

    /// <summary>The percentage of the overdue principal (5 = 5 %), or null.</summary>
    public decimal? Percent { get; set; }

    /// <summary>The least fee per currency, or null.</summary>
    public IReadOnlyList<MoneyDto?>? Minimums { get; set; }

    /// <summary>The largest fee per currency, or null.</summary>
    public IReadOnlyList<MoneyDto?>? Maximums { get; set; }

    /// <summary>How the percentage is rounded to the currency's minor units (default AwayFromZero).</summary>
    public MidpointRounding Rounding { get; set; } = MidpointRounding.AwayFromZero;
}

/// <summary>A trigger (see <see cref="StageTrigger"/>).</summary>
public sealed record TriggerDto
{
    /// <summary>Days from the due date (negative = before).</summary>
    [JsonRequired]
    public int Offset { get; set; }

    /// <summary>Calendar days, business days or calendar months (default calendar days).</summary>
    public OffsetDays Days { get; set; } = OffsetDays.Calendar;

    /// <summary>The date the offset counts from; left out (null) for the due date.</summary>
    public OffsetAnchor? Anchor { get; set; }
}

/// <summary>An action (see <see cref="EscalationAction"/>); <c>kind</c> is a fixed name, never a type.</summary>
public sealed record ActionDto
{
    /// <summary>What to do.</summary>
    [JsonRequired]
    public EscalationActionKind Kind { get; set; }

    /// <summary>The channel of a notice or task, or null.</summary>
    public NotificationChannel? Channel { get; set; }

    /// <summary>The template of a notice or task, or null.</summary>
    public string? TemplateKey { get; set; }
}

/// <summary>A repetition (see <see cref="StageRepetition"/>).</summary>
public sealed record RepeatDto
{
    /// <summary>Calendar days between two runs (exactly one of this and <see cref="EveryMonths"/>).</summary>
    public int? EveryDays { get; set; }

    /// <summary>Calendar months between two runs (exactly one of this and <see cref="EveryDays"/>).</summary>
    public int? EveryMonths { get; set; }

    /// <summary>How many runs in all (required by the validator unless <see cref="UntilPaid"/>).</summary>
    public int? MaxTimes { get; set; }

    /// <summary>Whether the stage repeats with no maximum count until paid; left out (null) when false.</summary>
    public bool? UntilPaid { get; set; }
}

/// <summary>Conditions (see <see cref="StageConditions"/>).</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare conditions, compare the validated <see cref="StageConditions"/> values, which have value equality.
/// </remarks>
public sealed record ConditionsDto
{
    /// <summary>Minimum overdue amount, one per currency.</summary>
    public IReadOnlyList<MoneyDto?>? MinOverdueAmounts { get; set; }

    /// <summary>Minimum number of overdue items.</summary>
    public int? MinOverdueItems { get; set; }

    /// <summary>Segments of which the customer must have one.</summary>
    public IReadOnlyList<string?>? IncludedSegments { get; set; }

    /// <summary>Segments the customer must not have.</summary>
    public IReadOnlyList<string?>? ExcludedSegments { get; set; }

    /// <summary>Maximum on-time share (0..1).</summary>
    public decimal? MaxOnTimeShare { get; set; }

    /// <summary>Minimum average days late.</summary>
    public decimal? MinAverageDaysLate { get; set; }

    /// <summary>Minimum worst days late.</summary>
    public int? MinMaxDaysLate { get; set; }

    /// <summary>OR groups.</summary>
    public IReadOnlyList<ConditionGroupDto?>? AnyOf { get; set; }

    /// <summary>The last payment attempt(s) failed (see <see cref="FailedPaymentCondition"/>).</summary>
    public FailedPaymentDto? LastPaymentFailed { get; set; }
}

/// <summary>A condition on the last failed payment attempts (see <see cref="FailedPaymentCondition"/>).</summary>
/// <remarks>Equality is the synthesized record equality (lists by reference), as for <see cref="ConditionGroupDto"/>.</remarks>
public sealed record FailedPaymentDto
{
    /// <summary>Reasons or reason codes that match; left out or empty for any.</summary>
    public IReadOnlyList<string?>? Reasons { get; set; }

    /// <summary>Payment methods that match; left out or empty for any.</summary>
    public IReadOnlyList<string?>? Methods { get; set; }

    /// <summary>How many attempts in a row must have failed (default 1).</summary>
    public int? MinAttempts { get; set; }
}

/// <summary>An OR group (see <see cref="ConditionGroup"/>).</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare groups, compare the validated <see cref="ConditionGroup"/> values, which have value equality.
/// </remarks>
public sealed record ConditionGroupDto
{
    /// <summary>The alternatives.</summary>
    public IReadOnlyList<ConditionsDto?>? Members { get; set; }
}

/// <summary>Quiet rules (see <see cref="Escalation.QuietRules"/>); a property left out takes its default.</summary>
public sealed record QuietRulesDto
{
    /// <summary>Start of the send window, <c>"HH:mm"</c> (default 09:00).</summary>
    public string? WindowStart { get; set; } = "09:00";

    /// <summary>End of the send window, <c>"HH:mm"</c>, excluded (default 18:00).</summary>
    public string? WindowEnd { get; set; } = "18:00";

    /// <summary>Send on business days only (default true).</summary>
    public bool BusinessDaysOnly { get; set; } = true;

    /// <summary>Minimum hours between two notices (default 24).</summary>
    public int MinimumGapHours { get; set; } = 24;

    /// <summary>At most one notice per day (default true).</summary>
    public bool OneNoticePerDay { get; set; } = true;
}

/// <summary>Payment events (see <see cref="PaymentEventSettings"/>); a property left out takes its default.</summary>
public sealed record PaymentEventsDto
{
    /// <summary>Thank-you on payment in full (default true).</summary>
    public bool ThankYouOnFullPayment { get; set; } = true;

    /// <summary>Acknowledge partial payments (default true).</summary>
    public bool AcknowledgePartialPayments { get; set; } = true;

    /// <summary>A partial payment restarts the stage offsets (default false).</summary>
    public bool PartialPaymentResetsStage { get; set; }

    /// <summary>The channel (default e-mail).</summary>
    public NotificationChannel Channel { get; set; } = NotificationChannel.Email;

    /// <summary>Days after which a payment is not announced any more (default 7).</summary>
    public int WindowDays { get; set; } = 7;
}

/// <summary>Suppressions (see <see cref="SuppressionSettings"/>); a property left out takes its default.</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare suppressions, compare the validated <see cref="SuppressionSettings"/> values, which have value equality.
/// </remarks>
public sealed record SuppressionsDto
{
    /// <summary>Days of grace after a promised date (default 2).</summary>
    public int PromiseGraceDays { get; set; } = 2;

    /// <summary>The stage a broken promise jumps to (default <c>firm</c>; an explicit <c>null</c> = no jump).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? BrokenPromiseStageId { get; set; } = "firm";

    /// <summary>Minimum open balances, one per currency.</summary>
    public IReadOnlyList<MoneyDto?>? MinimumBalances { get; set; }

    /// <summary>Days after an installment's due date before plan arrears are notified (default 0).</summary>
    public int PlanArrearsGraceDays { get; set; }
}

/// <summary>When a block, suspension or stop-work is reversed (see <see cref="ReinstatementSettings"/>); a property left out takes its default.</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference (see <see cref="SuppressionsDto"/>).
/// To compare, compare the validated <see cref="ReinstatementSettings"/> values.
/// </remarks>
public sealed record ReinstatementDto
{
    /// <summary>Per currency, the overdue balance below which nothing counts as overdue (left out: none).</summary>
    public IReadOnlyList<MoneyDto?>? OverdueTolerances { get; set; }

    /// <summary>Levels that lift (<see cref="ReinstatementSettings.LevelsLift"/>; left out: <see langword="false"/>, one-shot stages). Written only when <see langword="true"/>.</summary>
    public bool? LevelsLift { get; set; }
}

/// <summary>A template catalog as configured.</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare catalogs, compare their templates (<see cref="MessageTemplate"/> has value equality).
/// </remarks>
public sealed record TemplateCatalogDto
{
    /// <summary>An optional JSON Schema reference for editors; ignored.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>The templates.</summary>
    public IReadOnlyList<MessageTemplateDto?>? Templates { get; set; }
}

/// <summary>A template (see <see cref="MessageTemplate"/>).</summary>
public sealed record MessageTemplateDto
{
    /// <summary>The key.</summary>
    public string? Key { get; set; }

    /// <summary>The channel.</summary>
    [JsonRequired]
    public NotificationChannel Channel { get; set; }

    /// <summary>The language (<c>es</c>, <c>en</c>, <c>es-CO</c>, ...).</summary>
    public string? Language { get; set; }

    /// <summary>The subject (e-mail and letter only).</summary>
    public string? Subject { get; set; }

    /// <summary>The body.</summary>
    public string? Body { get; set; }

    /// <summary>The body format; left out = HTML for e-mail, text otherwise.</summary>
    public TemplateBodyFormat? BodyFormat { get; set; }
}
