using System;
using System.Collections.Immutable;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>
/// Builds an <see cref="EscalationPolicy"/> fluently in C#:
/// <code>
/// var policy = EscalationPolicyBuilder.Create("acme", 1)
///     .Stage("due-today", "Reminder", StageTrigger.CalendarDays(0), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-due-today"))
///     .Stage("firm", "Firm reminder", StageTrigger.BusinessDays(5), EscalationTone.Firm, s => s
///         .Notice(NotificationChannel.Email, "reminder-firm")
///         .When(new StageConditions(minOverdueItems: 1))
///         .RepeatEvery(7, times: 3))
///     .SendWindow(new LocalTime(9, 0), new LocalTime(18, 0))
///     .Build();
/// </code>
/// <see cref="Build"/> validates and reports every error at once. A new builder has no broken-promise stage
/// (set one with <see cref="Suppressions"/>); the other settings start at their defaults.
/// </summary>
public sealed class EscalationPolicyBuilder
{
    private readonly string _id;
    private readonly int _version;
    private readonly ImmutableArray<EscalationStage>.Builder _stages = ImmutableArray.CreateBuilder<EscalationStage>();
    private EscalationScope _scope = EscalationScope.Account;
    private QuietRules _quiet = QuietRules.Default;
    private CatchUpMode _catchUp = CatchUpMode.LatestOnly;
    private PaymentEventSettings _payments = PaymentEventSettings.Default;
    private SuppressionSettings _suppressions = new(brokenPromiseStageId: null);
    private Language _fallbackLanguage = Language.Spanish;
    private ReinstatementSettings _reinstatement = ReinstatementSettings.Default;

    private EscalationPolicyBuilder(string id, int version)
    {
        _id = id;
        _version = version;
    }

    /// <summary>Starts a policy.</summary>
    /// <param name="id">The policy id.</param>
    /// <param name="version">The version (positive).</param>
    /// <returns>The builder.</returns>
    public static EscalationPolicyBuilder Create(string id, int version = 1) => new(Guard.NotNullOrWhiteSpace(id), Guard.Positive(version));

    /// <summary>Starts from an existing policy (e.g. <see cref="EscalationPolicies.Default"/>) to change some values.</summary>
    /// <param name="policy">The policy to copy.</param>
    /// <returns>The builder.</returns>
    public static EscalationPolicyBuilder From(EscalationPolicy policy)
    {
        Guard.NotNull(policy);
        var b = new EscalationPolicyBuilder(policy.Id, policy.Version)
        {
            _scope = policy.Scope,
            _quiet = policy.QuietRules,
            _catchUp = policy.CatchUp,
            _payments = policy.PaymentEvents,
            _suppressions = policy.Suppressions,
            _fallbackLanguage = policy.FallbackLanguage,
            _reinstatement = policy.Reinstatement,
        };
        b._stages.AddRange(policy.Stages);
        return b;
    }

    /// <summary>One consolidated escalation per account (the default).</summary>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder PerAccount()
    {
        _scope = EscalationScope.Account;
        return this;
    }

    /// <summary>Each item escalates on its own.</summary>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder PerItem()
    {
        _scope = EscalationScope.Item;
        return this;
    }

    /// <summary>Adds a stage (stages must be added in trigger order).</summary>
    /// <param name="id">The stage id.</param>
    /// <param name="name">The stage name.</param>
    /// <param name="trigger">When it fires.</param>
    /// <param name="tone">How firm.</param>
    /// <param name="configure">Adds its actions, conditions and repetition.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder Stage(string id, string name, StageTrigger trigger, EscalationTone tone, Action<StageBuilder> configure)
    {
        Guard.NotNull(configure);
        var stage = new StageBuilder();
        configure(stage);
        _stages.Add(new EscalationStage(id, name, trigger, tone, stage.Actions.ToImmutable(), stage.Conditions, stage.Repeat, stage.Fee));
        return this;
    }

    /// <summary>Adds a ready-made stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder Stage(EscalationStage stage)
    {
        _stages.Add(Guard.NotNull(stage));
        return this;
    }

    /// <summary>Removes every stage (to rebuild the list of a copied policy).</summary>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder ClearStages()
    {
        _stages.Clear();
        return this;
    }

    /// <summary>Sets the quiet rules.</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder Quiet(QuietRules rules)
    {
        _quiet = Guard.NotNull(rules);
        return this;
    }

    /// <summary>Sets the send window (local time of the customer), keeping the other quiet rules.</summary>
    /// <param name="start">Window start.</param>
    /// <param name="end">Window end (excluded).</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder SendWindow(LocalTime start, LocalTime end)
    {
        _quiet = new QuietRules(start, end, _quiet.BusinessDaysOnly, _quiet.MinimumGapHours, _quiet.OneNoticePerDay);
        return this;
    }

    /// <summary>Sets the catch-up mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder CatchUp(CatchUpMode mode)
    {
        _catchUp = mode;
        return this;
    }

    /// <summary>Sets the payment-event settings.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder PaymentEvents(PaymentEventSettings settings)
    {
        _payments = Guard.NotNull(settings);
        return this;
    }

    /// <summary>Sets the suppression settings.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder Suppressions(SuppressionSettings settings)
    {
        _suppressions = Guard.NotNull(settings);
        return this;
    }

    /// <summary>Sets when a block, suspension or stop-work is reversed (the overdue tolerance; docs/escalation.md, "Reinstatement").</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder Reinstatement(ReinstatementSettings settings)
    {
        _reinstatement = Guard.NotNull(settings);
        return this;
    }

    /// <summary>
    /// Levels that lift (Kill Bill's overdue states): a stage's block, suspension or stop-work is reversed as soon as the
    /// scope stops meeting the stage, and taken again when it meets it again (<see cref="ReinstatementSettings.LevelsLift"/>;
    /// the overdue tolerance set so far is kept; docs/escalation.md, "Levels that lift").
    /// </summary>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder LevelsLift()
    {
        _reinstatement = _reinstatement with { LevelsLift = true };
        return this;
    }

    /// <summary>Sets the fallback language (Spanish unless set): see <see cref="EscalationPolicy.FallbackLanguage"/>.</summary>
    /// <param name="language">The language (<see cref="Language.Spanish"/> or <see cref="Language.English"/> for a valid policy).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="language"/> is <see langword="null"/>.</exception>
    public EscalationPolicyBuilder FallbackLanguage(Language language)
    {
        _fallbackLanguage = Guard.NotNull(language);
        return this;
    }

    /// <summary>The policy as built, not validated.</summary>
    /// <returns>The policy.</returns>
    public EscalationPolicy BuildUnvalidated()
        => new(_id, _version, _scope, _stages.ToImmutable(), _quiet, _catchUp, _payments, _suppressions, _fallbackLanguage) { Reinstatement = _reinstatement };

    /// <summary>The policy, validated with <see cref="EscalationPolicyValidator"/>.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ValidationException">The policy is invalid; every error is listed with its path.</exception>
    public EscalationPolicy Build()
    {
        var policy = BuildUnvalidated();
        new EscalationPolicyValidator().ValidateAndThrow(policy);
        return policy;
    }
}

/// <summary>Builds the actions, conditions and repetition of one stage (see <see cref="EscalationPolicyBuilder"/>).</summary>
public sealed class StageBuilder
{
    internal StageBuilder()
    {
    }

    internal ImmutableArray<EscalationAction>.Builder Actions { get; } = ImmutableArray.CreateBuilder<EscalationAction>();

    internal StageConditions Conditions { get; private set; } = StageConditions.None;

    internal StageRepetition? Repeat { get; private set; }

    internal StageFee? Fee { get; private set; }

    /// <summary>Sends a notice.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="templateKey">The template.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Notice(NotificationChannel channel, string templateKey)
    {
        Actions.Add(EscalationAction.Notice(channel, templateKey));
        return this;
    }

    /// <summary>Creates a manual task.</summary>
    /// <param name="channel">The channel (usually a phone call).</param>
    /// <param name="templateKey">The template.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Task(NotificationChannel channel, string templateKey)
    {
        Actions.Add(EscalationAction.Task(channel, templateKey));
        return this;
    }

    /// <summary>Sends a legal notice.</summary>
    /// <param name="channel">The channel (usually a letter).</param>
    /// <param name="templateKey">The template.</param>
    /// <returns>This builder.</returns>
    public StageBuilder LegalNotice(NotificationChannel channel, string templateKey)
    {
        Actions.Add(new EscalationAction(EscalationActionKind.LegalNotice, channel, templateKey));
        return this;
    }

    /// <summary>Does an action without a message (late fee, interest, suspension, hand-over, write-off proposal, ...).</summary>
    /// <param name="kind">The action.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Do(EscalationActionKind kind)
    {
        Actions.Add(EscalationAction.Of(kind));
        return this;
    }

    /// <summary>Sets the conditions.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>This builder.</returns>
    public StageBuilder When(StageConditions conditions)
    {
        Conditions = Guard.NotNull(conditions);
        return this;
    }

    /// <summary>Repeats the stage every <paramref name="everyDays"/> days while it is current, <paramref name="times"/> times in all.</summary>
    /// <param name="everyDays">Days between runs.</param>
    /// <param name="times">Runs in all, the first included.</param>
    /// <returns>This builder.</returns>
    public StageBuilder RepeatEvery(int everyDays, int times)
    {
        Repeat = new StageRepetition(everyDays, times);
        return this;
    }

    /// <summary>Sets the stage's repetition (in days or calendar months, a number of times or until paid).</summary>
    /// <param name="repeat">The repetition, e.g. <see cref="StageRepetition.Monthly"/> or <see cref="StageRepetition.UntilPaidEvery"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="repeat"/> is null.</exception>
    public StageBuilder Repeating(StageRepetition repeat)
    {
        Repeat = Guard.NotNull(repeat);
        return this;
    }

    /// <summary>Charges <paramref name="fee"/> when the stage is reached, posted by an <see cref="EscalationActionKind.ApplyLateFee"/> action of the stage (added if missing).</summary>
    /// <param name="fee">The fee, e.g. <see cref="StageFee.Fixed"/> or <see cref="StageFee.Percentage"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fee"/> is null.</exception>
    public StageBuilder Charging(StageFee fee)
    {
        Fee = Guard.NotNull(fee);
        foreach (var a in Actions)
        {
            if (a.Kind == EscalationActionKind.ApplyLateFee)
            {
                return this;
            }
        }

        return Do(EscalationActionKind.ApplyLateFee);
    }
}
