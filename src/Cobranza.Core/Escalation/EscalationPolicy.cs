using System;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>What one run of a stage is about: each receivable item on its own, or the whole customer account.</summary>
public enum EscalationScope
{
    /// <summary>
    /// One consolidated escalation per customer account: stage offsets count from the due date of the oldest open
    /// (overdue, or next due) item, and one message lists every overdue item.
    /// </summary>
    Account = 0,

    /// <summary>Each receivable item escalates on its own: stage offsets count from the item's due date.</summary>
    Item = 1,
}

/// <summary>How a stage offset is counted.</summary>
public enum OffsetDays
{
    /// <summary>Calendar days.</summary>
    Calendar = 0,

    /// <summary>Business days of the customer's calendar (weekends and holidays skipped).</summary>
    Business = 1,

    /// <summary>
    /// Calendar months (Kill Bill's <c>MONTHS</c>): the same day of the month, <c>offset</c> months later, clamped to the
    /// last day of a shorter month (NodaTime <see cref="LocalDate.PlusMonths"/>: 2026-01-31 + 1 month = 2026-02-28,
    /// + 2 months = 2026-03-31). At most ±<see cref="StageTrigger.MaxMonthsOffset"/>.
    /// </summary>
    CalendarMonths = 2,
}

/// <summary>What to do when evaluation did not run for a while and several stages became due at once.</summary>
public enum CatchUpMode
{
    /// <summary>
    /// Default: only the most advanced stage that is due sends its messages (notices, tasks); messages of the stages it
    /// superseded are dropped. Non-message actions of superseded stages (late fee, interest, suspension, hand-over)
    /// are still carried out once.
    /// </summary>
    LatestOnly = 0,

    /// <summary>Every stage that is due and not done yet fires, oldest first.</summary>
    All = 1,

    /// <summary>
    /// One stage per run (OCA account_credit_control): the stages due fire in order, never skipping one, but a stage
    /// fires only once the stage before it was decided on an earlier day; so after an outage the levels follow one a
    /// day. Messages of passed stages are not dropped (as under <see cref="All"/>).
    /// </summary>
    OneStagePerRun = 2,
}

/// <summary>
/// When a stage fires: an offset from an anchor date (by default the due date), in calendar days, business days or
/// calendar months.
/// </summary>
public sealed record StageTrigger
{
    /// <summary>The largest offset in days allowed either way (about ten years).</summary>
    public const int MaxOffset = 3_660;

    /// <summary>The largest offset in calendar months allowed either way (ten years).</summary>
    public const int MaxMonthsOffset = 120;

    /// <summary>Creates a trigger.</summary>
    /// <param name="offset">Days (or months) from the anchor; negative = before it, 0 = on it.</param>
    /// <param name="days">How the offset is counted.</param>
    /// <param name="anchor">The date the offset counts from (default the due date).</param>
    /// <exception cref="ArgumentOutOfRangeException">The offset is beyond ±<see cref="MaxOffset"/> days (±<see cref="MaxMonthsOffset"/> months), or <paramref name="days"/> or <paramref name="anchor"/> is unknown.</exception>
    public StageTrigger(int offset, OffsetDays days = OffsetDays.Calendar, OffsetAnchor anchor = OffsetAnchor.DueDate)
    {
        Days = Enum.IsDefined(days) ? days : throw new ArgumentOutOfRangeException(nameof(days), days, $"days is not a known kind of day ({(int)days}).");
        Offset = days == OffsetDays.CalendarMonths ? Guard.InRange(offset, -MaxMonthsOffset, MaxMonthsOffset) : Guard.InRange(offset, -MaxOffset, MaxOffset);
        Anchor = Enum.IsDefined(anchor) ? anchor : throw new ArgumentOutOfRangeException(nameof(anchor), anchor, $"anchor is not a known anchor ({(int)anchor}).");
    }

    /// <summary>Days (or months) from the anchor; negative = before it.</summary>
    public int Offset { get; }

    /// <summary>How the offset is counted.</summary>
    public OffsetDays Days { get; }

    /// <summary>The date the offset counts from.</summary>
    /// <value>Default <see cref="OffsetAnchor.DueDate"/>.</value>
    public OffsetAnchor Anchor { get; }

    /// <summary>A trigger <paramref name="offset"/> calendar days from the due date.</summary>
    /// <param name="offset">The offset.</param>
    /// <returns>The trigger.</returns>
    public static StageTrigger CalendarDays(int offset) => new(offset, OffsetDays.Calendar);

    /// <summary>A trigger <paramref name="offset"/> business days from the due date.</summary>
    /// <param name="offset">The offset.</param>
    /// <returns>The trigger.</returns>
    public static StageTrigger BusinessDays(int offset) => new(offset, OffsetDays.Business);

    /// <summary>A trigger <paramref name="offset"/> calendar months from the due date (end-of-month clamping: see <see cref="OffsetDays.CalendarMonths"/>).</summary>
    /// <param name="offset">The offset in months.</param>
    /// <returns>The trigger.</returns>
    public static StageTrigger CalendarMonths(int offset) => new(offset, OffsetDays.CalendarMonths);

    /// <summary>This trigger counted from <paramref name="anchor"/> instead.</summary>
    /// <param name="anchor">The date the offset counts from.</param>
    /// <returns>The trigger.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="anchor"/> is unknown.</exception>
    public StageTrigger From(OffsetAnchor anchor) => new(Offset, Days, anchor);

    /// <inheritdoc/>
    public override string ToString()
        => $"{(Offset >= 0 ? "+" : string.Empty)}{Offset} {Days switch { OffsetDays.Calendar => "calendar days", OffsetDays.Business => "business days", _ => "calendar months" }}"
            + (Anchor == OffsetAnchor.DueDate ? string.Empty : $" from {Anchor}");
}

/// <summary>One thing a stage does: the kind of action, and for messages the channel and template.</summary>
public sealed record EscalationAction
{
    /// <summary>Creates an action.</summary>
    /// <param name="kind">What to do.</param>
    /// <param name="channel">The channel of a notice or task (<see langword="null"/> for actions without a message).</param>
    /// <param name="templateKey">The template of a notice or task (<see langword="null"/> for actions without a message).</param>
    /// <exception cref="ArgumentException">The kind or channel is unknown, or the template key is blank.</exception>
    public EscalationAction(EscalationActionKind kind, NotificationChannel? channel = null, string? templateKey = null)
    {
        Kind = Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind is not a known action ({(int)kind}).");
        if (channel is { } c && !Enum.IsDefined(c))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel is not a known channel ({(int)c}).");
        }

        Channel = channel;
        if (templateKey is not null)
        {
            Guard.NotNullOrWhiteSpace(templateKey);
        }

        TemplateKey = templateKey;
    }

    /// <summary>What to do.</summary>
    public EscalationActionKind Kind { get; }

    /// <summary>The channel of a notice or task, or <see langword="null"/>.</summary>
    public NotificationChannel? Channel { get; }

    /// <summary>The template of a notice or task, or <see langword="null"/>.</summary>
    public string? TemplateKey { get; }

    /// <summary>A notice through <paramref name="channel"/> with <paramref name="templateKey"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="templateKey">The template.</param>
    /// <returns>The action.</returns>
    public static EscalationAction Notice(NotificationChannel channel, string templateKey) => new(EscalationActionKind.SendNotice, channel, templateKey);

    /// <summary>A manual task (e.g. a phone call) with <paramref name="templateKey"/>.</summary>
    /// <param name="channel">The channel the task uses (usually <see cref="NotificationChannel.PhoneCall"/>).</param>
    /// <param name="templateKey">The template the task is rendered with.</param>
    /// <returns>The action.</returns>
    public static EscalationAction Task(NotificationChannel channel, string templateKey) => new(EscalationActionKind.CreateTask, channel, templateKey);

    /// <summary>An action without a message (late fee, interest, suspension, hand-over, ...).</summary>
    /// <param name="kind">The action.</param>
    /// <returns>The action.</returns>
    public static EscalationAction Of(EscalationActionKind kind) => new(kind);

    /// <inheritdoc/>
    public override string ToString() => Channel is null ? Kind.ToString() : $"{Kind} ({Channel}, {TemplateKey})";
}

/// <summary>
/// Repetition of a stage while it is the current one: every <see cref="Every"/> days or calendar months from the stage's
/// trigger date, at most <see cref="MaxTimes"/> times in all, or until paid (<see cref="UntilPaid"/>).
/// </summary>
/// <remarks>
/// Run <c>k</c> (the first is 1) falls on the trigger date + (k − 1) × <see cref="Every"/> days, or
/// <see cref="LocalDate.PlusMonths"/> of (k − 1) × <see cref="Every"/> months from the trigger date (never month after
/// month, so a run on the 28th of February does not pull the later ones to the 28th: 31 Jan, 28 Feb, 31 Mar).
/// </remarks>
public sealed record StageRepetition
{
    /// <summary>Creates a repetition every <paramref name="everyDays"/> calendar days.</summary>
    /// <param name="everyDays">Calendar days between two runs (positive).</param>
    /// <param name="maxTimes">How many runs in all, the first included (at least 1), or <see langword="null"/> — which the validator refuses: a repeat needs a limit or <see cref="UntilPaid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not positive.</exception>
    public StageRepetition(int everyDays, int? maxTimes)
        : this(everyDays, RepeatPeriod.Days, maxTimes, untilPaid: false)
    {
    }

    /// <summary>Creates a repetition.</summary>
    /// <param name="every">Days or months between two runs (positive; months at most <see cref="StageTrigger.MaxMonthsOffset"/>).</param>
    /// <param name="period">Whether <paramref name="every"/> counts calendar days or calendar months.</param>
    /// <param name="maxTimes">How many runs in all, the first included (at least 1), or <see langword="null"/>.</param>
    /// <param name="untilPaid">Whether the stage repeats with no maximum count while it is current and the scope is unpaid (then <paramref name="maxTimes"/> must be <see langword="null"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range or <paramref name="period"/> is unknown.</exception>
    /// <exception cref="ArgumentException"><paramref name="untilPaid"/> is set together with <paramref name="maxTimes"/>.</exception>
    public StageRepetition(int every, RepeatPeriod period, int? maxTimes, bool untilPaid)
    {
        Period = Enum.IsDefined(period) ? period : throw new ArgumentOutOfRangeException(nameof(period), period, $"period is not a known repeat period ({(int)period}).");
        Every = period == RepeatPeriod.Months ? Guard.InRange(every, 1, StageTrigger.MaxMonthsOffset) : Guard.Positive(every);
        if (maxTimes is { } m)
        {
            Guard.Positive(m, nameof(maxTimes));
            if (untilPaid)
            {
                throw new ArgumentException($"untilPaid repeats with no maximum count; maxTimes must be null (was {m}).", nameof(maxTimes));
            }
        }

        MaxTimes = maxTimes;
        UntilPaid = untilPaid;
    }

    /// <summary>Days or months between two runs (see <see cref="Period"/>).</summary>
    public int Every { get; }

    /// <summary>Whether <see cref="Every"/> counts calendar days or calendar months.</summary>
    /// <value>Default <see cref="RepeatPeriod.Days"/>.</value>
    public RepeatPeriod Period { get; }

    /// <summary>Calendar days between two runs; 0 for a repetition in months.</summary>
    public int EveryDays => Period == RepeatPeriod.Days ? Every : 0;

    /// <summary>How many runs in all (the first included), or <see langword="null"/> when until paid, or missing (invalid).</summary>
    public int? MaxTimes { get; }

    /// <summary>Whether the stage repeats with no maximum count while it is the current one and the scope is unpaid ("endless" reminders).</summary>
    public bool UntilPaid { get; }

    /// <summary>A repetition every <paramref name="every"/> <paramref name="period"/> with no maximum count, while the scope is unpaid.</summary>
    /// <param name="every">Days or months between two runs.</param>
    /// <param name="period">Days or months.</param>
    /// <returns>The repetition.</returns>
    public static StageRepetition UntilPaidEvery(int every, RepeatPeriod period) => new(every, period, null, untilPaid: true);

    /// <summary>A repetition every <paramref name="everyMonths"/> calendar months, <paramref name="times"/> times in all.</summary>
    /// <param name="everyMonths">Months between two runs (1 monthly, 3 quarterly, 12 yearly).</param>
    /// <param name="times">Runs in all, the first included.</param>
    /// <returns>The repetition.</returns>
    public static StageRepetition Monthly(int everyMonths, int times) => new(everyMonths, RepeatPeriod.Months, times, untilPaid: false);
}

/// <summary>
/// Conditions of a stage. Every condition that is set must hold (AND); each of <see cref="AnyOf"/> is an OR group that
/// holds when at least one of its members holds. A stage whose conditions do not hold is skipped.
/// </summary>
public sealed record StageConditions
{
    /// <summary>No condition: always holds.</summary>
    public static StageConditions None { get; } = new();

    /// <summary>Creates conditions.</summary>
    /// <param name="minOverdueAmounts">The minimum overdue amount, one per currency (an account in a currency not listed is not limited).</param>
    /// <param name="minOverdueItems">The minimum number of overdue items, or <see langword="null"/>.</param>
    /// <param name="includedSegments">When not empty, the customer must have at least one of these segments.</param>
    /// <param name="excludedSegments">The customer must have none of these segments.</param>
    /// <param name="maxOnTimeShare">The customer's on-time share (0..1, from <see cref="Receivables.PaymentBehaviour"/>) must be at most this.</param>
    /// <param name="minAverageDaysLate">The customer's average days late must be at least this.</param>
    /// <param name="minMaxDaysLate">The customer's worst days late must be at least this.</param>
    /// <param name="anyOf">OR groups: each must have at least one member that holds.</param>
    /// <param name="lastPaymentFailed">The account's last payment attempt(s) must have failed this way (a reversed payment), or <see langword="null"/>.</param>
    public StageConditions(
        ImmutableArray<Money> minOverdueAmounts = default,
        int? minOverdueItems = null,
        ImmutableArray<string> includedSegments = default,
        ImmutableArray<string> excludedSegments = default,
        decimal? maxOnTimeShare = null,
        decimal? minAverageDaysLate = null,
        int? minMaxDaysLate = null,
        ImmutableArray<ConditionGroup> anyOf = default,
        FailedPaymentCondition? lastPaymentFailed = null)
    {
        LastPaymentFailed = lastPaymentFailed;
        MinOverdueAmounts = minOverdueAmounts.IsDefault ? ImmutableArray<Money>.Empty : minOverdueAmounts;
        MinOverdueItems = minOverdueItems;
        IncludedSegments = NoNulls(includedSegments, nameof(includedSegments));
        ExcludedSegments = NoNulls(excludedSegments, nameof(excludedSegments));
        MaxOnTimeShare = maxOnTimeShare;
        MinAverageDaysLate = minAverageDaysLate;
        MinMaxDaysLate = minMaxDaysLate;
        AnyOf = anyOf.IsDefault ? ImmutableArray<ConditionGroup>.Empty : anyOf;
        foreach (var g in AnyOf)
        {
            Guard.NotNull(g, nameof(anyOf));
        }
    }

    /// <summary>The minimum overdue amount, one per currency.</summary>
    public ImmutableArray<Money> MinOverdueAmounts { get; }

    /// <summary>The minimum number of overdue items, or <see langword="null"/>.</summary>
    public int? MinOverdueItems { get; }

    /// <summary>When not empty, the customer must have at least one of these segments (case-insensitive).</summary>
    public ImmutableArray<string> IncludedSegments { get; }

    /// <summary>The customer must have none of these segments (case-insensitive).</summary>
    public ImmutableArray<string> ExcludedSegments { get; }

    /// <summary>Maximum on-time share (0..1), or <see langword="null"/>.</summary>
    public decimal? MaxOnTimeShare { get; }

    /// <summary>Minimum average days late, or <see langword="null"/>.</summary>
    public decimal? MinAverageDaysLate { get; }

    /// <summary>Minimum worst days late, or <see langword="null"/>.</summary>
    public int? MinMaxDaysLate { get; }

    /// <summary>OR groups, each AND-ed with the rest.</summary>
    public ImmutableArray<ConditionGroup> AnyOf { get; }

    /// <summary>
    /// The account's last payment attempt(s) must have failed this way (Kill Bill's <c>responseForLastFailedPaymentIn</c>;
    /// see <see cref="FailedPaymentCondition"/>), or <see langword="null"/> for no such condition.
    /// </summary>
    public FailedPaymentCondition? LastPaymentFailed { get; }

    /// <summary>Whether nothing is set (the conditions always hold).</summary>
    public bool IsEmpty => MinOverdueAmounts.IsEmpty && MinOverdueItems is null && IncludedSegments.IsEmpty && ExcludedSegments.IsEmpty
        && MaxOnTimeShare is null && MinAverageDaysLate is null && MinMaxDaysLate is null && AnyOf.IsEmpty && LastPaymentFailed is null;

    /// <summary>Whether a behaviour threshold is set (here or in an OR group).</summary>
    public bool UsesBehaviour
    {
        get
        {
            if (MaxOnTimeShare is not null || MinAverageDaysLate is not null || MinMaxDaysLate is not null)
            {
                return true;
            }

            foreach (var g in AnyOf)
            {
                foreach (var c in g.Members)
                {
                    if (c.UsesBehaviour)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(StageConditions? other) => other is not null && (ReferenceEquals(this, other) || (
        Seq.Equal(MinOverdueAmounts, other.MinOverdueAmounts) && MinOverdueItems == other.MinOverdueItems
        && Seq.Equal(IncludedSegments, other.IncludedSegments) && Seq.Equal(ExcludedSegments, other.ExcludedSegments)
        && MaxOnTimeShare == other.MaxOnTimeShare && MinAverageDaysLate == other.MinAverageDaysLate
        && MinMaxDaysLate == other.MinMaxDaysLate && Seq.Equal(AnyOf, other.AnyOf) && Equals(LastPaymentFailed, other.LastPaymentFailed)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MinOverdueAmounts.Length, MinOverdueItems, IncludedSegments.Length, ExcludedSegments.Length, AnyOf.Length);

    private static ImmutableArray<string> NoNulls(ImmutableArray<string> values, string name)
    {
        if (values.IsDefault)
        {
            return ImmutableArray<string>.Empty;
        }

        foreach (var v in values)
        {
            if (string.IsNullOrWhiteSpace(v))
            {
                throw new ArgumentException($"{name} must not contain an empty segment (was '{v}').", name);
            }
        }

        return values;
    }
}

/// <summary>An OR group of conditions: holds when at least one member holds.</summary>
public sealed record ConditionGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="members">The alternatives (the validator requires at least one).</param>
    public ConditionGroup(ImmutableArray<StageConditions> members)
    {
        Members = members.IsDefault ? ImmutableArray<StageConditions>.Empty : members;
        foreach (var m in Members)
        {
            Guard.NotNull(m, nameof(members));
        }
    }

    /// <summary>The alternatives.</summary>
    public ImmutableArray<StageConditions> Members { get; }

    /// <inheritdoc/>
    public bool Equals(ConditionGroup? other) => other is not null && (ReferenceEquals(this, other) || Seq.Equal(Members, other.Members));

    /// <inheritdoc/>
    public override int GetHashCode() => Members.Length;
}

/// <summary>One stage of an escalation policy.</summary>
public sealed record EscalationStage
{
    /// <summary>Creates a stage.</summary>
    /// <param name="id">The stable id (part of idempotency keys; not empty, no '|').</param>
    /// <param name="name">A human name (not empty).</param>
    /// <param name="trigger">When it fires.</param>
    /// <param name="tone">How firm.</param>
    /// <param name="actions">What it does, in order.</param>
    /// <param name="conditions">Its conditions (<see langword="null"/> = none).</param>
    /// <param name="repeat">Its repetition while current (<see langword="null"/> = runs once).</param>
    /// <param name="fee">The dunning fee it charges, posted by its <see cref="EscalationActionKind.ApplyLateFee"/> action (<see langword="null"/> = none).</param>
    /// <exception cref="ArgumentException">A text is empty, the id contains '|', or an argument is unknown.</exception>
    public EscalationStage(
        string id,
        string name,
        StageTrigger trigger,
        EscalationTone tone,
        ImmutableArray<EscalationAction> actions,
        StageConditions? conditions = null,
        StageRepetition? repeat = null,
        StageFee? fee = null)
    {
        Id = KeyPart(id, nameof(id));
        Name = Guard.NotNullOrWhiteSpace(name);
        Trigger = Guard.NotNull(trigger);
        Tone = Enum.IsDefined(tone) ? tone : throw new ArgumentOutOfRangeException(nameof(tone), tone, $"tone is not a known tone ({(int)tone}).");
        Actions = actions.IsDefault ? ImmutableArray<EscalationAction>.Empty : actions;
        foreach (var a in Actions)
        {
            Guard.NotNull(a, nameof(actions));
        }

        Conditions = conditions ?? StageConditions.None;
        Repeat = repeat;
        Fee = fee;
    }

    /// <summary>The stable id.</summary>
    public string Id { get; }

    /// <summary>The human name.</summary>
    public string Name { get; }

    /// <summary>When it fires.</summary>
    public StageTrigger Trigger { get; }

    /// <summary>How firm.</summary>
    public EscalationTone Tone { get; }

    /// <summary>What it does, in order.</summary>
    public ImmutableArray<EscalationAction> Actions { get; }

    /// <summary>Its conditions (<see cref="StageConditions.None"/> when none).</summary>
    public StageConditions Conditions { get; }

    /// <summary>Its repetition, or <see langword="null"/>.</summary>
    public StageRepetition? Repeat { get; }

    /// <summary>The dunning fee it charges (posted by its <see cref="EscalationActionKind.ApplyLateFee"/> action), or <see langword="null"/>.</summary>
    public StageFee? Fee { get; }

    /// <inheritdoc/>
    public bool Equals(EscalationStage? other) => other is not null && (ReferenceEquals(this, other) || (
        Id == other.Id && Name == other.Name && Trigger == other.Trigger && Tone == other.Tone
        && Seq.Equal(Actions, other.Actions) && Conditions == other.Conditions && Repeat == other.Repeat && Fee == other.Fee));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Trigger, Tone, Actions.Length);

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Trigger}, {Tone})";

    internal static string KeyPart(string? value, string name)
    {
        var v = Guard.NotNullOrWhiteSpace(value, name);
        if (v.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} must not contain '|' (was '{v}').", name);
        }

        return v;
    }
}

/// <summary>
/// Quiet rules: when notices may be sent, in the customer's time zone and business calendar.
/// </summary>
public sealed record QuietRules
{
    /// <summary>The default rules: 09:00–18:00 local, business days only, 24 hours between two dunning notices, one per local day.</summary>
    public static QuietRules Default { get; } = new();

    /// <summary>Creates quiet rules.</summary>
    /// <param name="windowStart">Start of the send window, local time (default 09:00).</param>
    /// <param name="windowEnd">End of the send window, local time, excluded (default 18:00); after <paramref name="windowStart"/>.</param>
    /// <param name="businessDaysOnly">Send only on business days of the customer's calendar (default true).</param>
    /// <param name="minimumGapHours">Minimum hours between two dunning notices to the customer (default 24; 0 = none).</param>
    /// <param name="oneNoticePerDay">At most one dunning notice per account per local day (default true).</param>
    /// <exception cref="ArgumentException">The window is empty or the gap is negative or above a year.</exception>
    public QuietRules(LocalTime? windowStart = null, LocalTime? windowEnd = null, bool businessDaysOnly = true, int minimumGapHours = 24, bool oneNoticePerDay = true)
    {
        WindowStart = windowStart ?? new LocalTime(9, 0);
        WindowEnd = windowEnd ?? new LocalTime(18, 0);
        if (WindowEnd <= WindowStart)
        {
            throw new ArgumentException($"windowEnd ({WindowEnd:HH:mm}) must be after windowStart ({WindowStart:HH:mm}).", nameof(windowEnd));
        }

        BusinessDaysOnly = businessDaysOnly;
        MinimumGapHours = Guard.InRange(minimumGapHours, 0, 24 * 366);
        OneNoticePerDay = oneNoticePerDay;
    }

    /// <summary>Start of the send window, local time.</summary>
    public LocalTime WindowStart { get; }

    /// <summary>End of the send window, local time (excluded).</summary>
    public LocalTime WindowEnd { get; }

    /// <summary>Send only on business days of the customer's calendar.</summary>
    public bool BusinessDaysOnly { get; }

    /// <summary>Minimum hours between two dunning notices.</summary>
    public int MinimumGapHours { get; }

    /// <summary>At most one dunning notice per account per local day.</summary>
    public bool OneNoticePerDay { get; }
}

/// <summary>Payment events: thank-you on payment in full, acknowledgement of partial payments.</summary>
public sealed record PaymentEventSettings
{
    /// <summary>The defaults: thank-you and acknowledgement by e-mail within 7 days of the payment; partial payments do not reset the stage.</summary>
    public static PaymentEventSettings Default { get; } = new();

    /// <summary>Creates settings.</summary>
    /// <param name="thankYouOnFullPayment">Send one thank-you when the account is paid in full (default true).</param>
    /// <param name="acknowledgePartialPayments">Acknowledge a partial payment with the remaining balance (default true).</param>
    /// <param name="partialPaymentResetsStage">A partial payment restarts the stage offsets from the payment date (default false).</param>
    /// <param name="channel">The channel of payment notices (default e-mail; the opt-out fallback applies).</param>
    /// <param name="windowDays">A payment event older than this many days is not announced any more (default 7, 0..366).</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public PaymentEventSettings(bool thankYouOnFullPayment = true, bool acknowledgePartialPayments = true, bool partialPaymentResetsStage = false, NotificationChannel channel = NotificationChannel.Email, int windowDays = 7)
    {
        ThankYouOnFullPayment = thankYouOnFullPayment;
        AcknowledgePartialPayments = acknowledgePartialPayments;
        PartialPaymentResetsStage = partialPaymentResetsStage;
        Channel = Enum.IsDefined(channel) && channel != NotificationChannel.PhoneCall
            ? channel
            : throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel must be a notice channel, not a phone call or unknown ({channel}).");
        WindowDays = Guard.InRange(windowDays, 0, 366);
    }

    /// <summary>Send one thank-you when the account is paid in full.</summary>
    public bool ThankYouOnFullPayment { get; }

    /// <summary>Acknowledge a partial payment with the remaining balance.</summary>
    public bool AcknowledgePartialPayments { get; }

    /// <summary>A partial payment restarts the stage offsets from the payment date.</summary>
    public bool PartialPaymentResetsStage { get; }

    /// <summary>The channel of payment notices.</summary>
    public NotificationChannel Channel { get; }

    /// <summary>A payment event older than this many days is not announced any more.</summary>
    public int WindowDays { get; }
}

/// <summary>Suppressions: promises, plans, small balances.</summary>
public sealed record SuppressionSettings
{
    /// <summary>The defaults: 2 days of grace after a promised date, a broken promise escalates to <c>firm</c>, plan arrears notified the day after an installment falls due, no minimum balance.</summary>
    public static SuppressionSettings Default { get; } = new();

    /// <summary>Creates settings.</summary>
    /// <param name="promiseGraceDays">Calendar days of grace after a promised date before the promise counts as broken (0..90, default 2).</param>
    /// <param name="brokenPromiseStageId">The stage a broken promise escalates to at once (<see langword="null"/> = no jump, default <c>firm</c>).</param>
    /// <param name="minimumBalances">Below this open balance (one per currency) the account is not escalated.</param>
    /// <param name="planArrearsGraceDays">Calendar days after an installment's due date before plan arrears are notified (0..90, default 0: the next day).</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public SuppressionSettings(int promiseGraceDays = 2, string? brokenPromiseStageId = "firm", ImmutableArray<Money> minimumBalances = default, int planArrearsGraceDays = 0)
    {
        PromiseGraceDays = Guard.InRange(promiseGraceDays, 0, 90);
        BrokenPromiseStageId = brokenPromiseStageId is null ? null : EscalationStage.KeyPart(brokenPromiseStageId, nameof(brokenPromiseStageId));
        MinimumBalances = minimumBalances.IsDefault ? ImmutableArray<Money>.Empty : minimumBalances;
        PlanArrearsGraceDays = Guard.InRange(planArrearsGraceDays, 0, 90);
    }

    /// <summary>Calendar days of grace after a promised date.</summary>
    public int PromiseGraceDays { get; }

    /// <summary>The stage a broken promise escalates to at once, or <see langword="null"/>.</summary>
    public string? BrokenPromiseStageId { get; }

    /// <summary>Below this open balance (one per currency) the account is not escalated.</summary>
    public ImmutableArray<Money> MinimumBalances { get; }

    /// <summary>Calendar days after an installment's due date before plan arrears are notified.</summary>
    public int PlanArrearsGraceDays { get; }

    /// <inheritdoc/>
    public bool Equals(SuppressionSettings? other) => other is not null && (ReferenceEquals(this, other) || (
        PromiseGraceDays == other.PromiseGraceDays && BrokenPromiseStageId == other.BrokenPromiseStageId
        && Seq.Equal(MinimumBalances, other.MinimumBalances) && PlanArrearsGraceDays == other.PlanArrearsGraceDays));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PromiseGraceDays, BrokenPromiseStageId, MinimumBalances.Length, PlanArrearsGraceDays);
}

/// <summary>
/// An escalation (dunning) policy: ordered stages from friendly reminder to legal action, with quiet rules, catch-up,
/// payment events and suppressions. Plain immutable data; <see cref="EscalationPolicyValidator"/> checks it and the
/// engine refuses an invalid policy. Equal when every field is equal.
/// </summary>
public sealed record EscalationPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="id">The stable id (part of idempotency keys; not empty, no '|').</param>
    /// <param name="version">The version (positive; not part of idempotency keys).</param>
    /// <param name="scope">Per account (consolidated) or per item.</param>
    /// <param name="stages">The stages, in trigger order.</param>
    /// <param name="quietRules">Quiet rules (<see langword="null"/> = <see cref="QuietRules.Default"/>).</param>
    /// <param name="catchUp">Catch-up mode.</param>
    /// <param name="paymentEvents">Payment events (<see langword="null"/> = <see cref="PaymentEventSettings.Default"/>).</param>
    /// <param name="suppressions">Suppressions (<see langword="null"/> = <see cref="SuppressionSettings.Default"/>).</param>
    /// <param name="fallbackLanguage">
    /// The language of the notices when the customer's language has no library texts (neither Spanish nor English);
    /// left out (<see langword="null"/>), <see cref="Language.Spanish"/>: the documented default of a policy, which JSON
    /// policies without <c>fallbackLanguage</c> rely on (decision 0028). That it is one the templates exist in
    /// (<c>es</c> or <c>en</c>) is checked by <see cref="EscalationPolicyValidator"/>.
    /// </param>
    /// <exception cref="ArgumentException">A text is empty, the version is not positive or an enum value is unknown.</exception>
    public EscalationPolicy(
        string id,
        int version,
        EscalationScope scope,
        ImmutableArray<EscalationStage> stages,
        QuietRules? quietRules = null,
        CatchUpMode catchUp = CatchUpMode.LatestOnly,
        PaymentEventSettings? paymentEvents = null,
        SuppressionSettings? suppressions = null,
        Language? fallbackLanguage = null)
    {
        Id = EscalationStage.KeyPart(id, nameof(id));
        Version = Guard.Positive(version);
        Scope = Enum.IsDefined(scope) ? scope : throw new ArgumentOutOfRangeException(nameof(scope), scope, $"scope is not a known scope ({(int)scope}).");
        Stages = stages.IsDefault ? ImmutableArray<EscalationStage>.Empty : stages;
        foreach (var s in Stages)
        {
            Guard.NotNull(s, nameof(stages));
        }

        QuietRules = quietRules ?? QuietRules.Default;
        CatchUp = Enum.IsDefined(catchUp) ? catchUp : throw new ArgumentOutOfRangeException(nameof(catchUp), catchUp, $"catchUp is not a known mode ({(int)catchUp}).");
        PaymentEvents = paymentEvents ?? PaymentEventSettings.Default;
        Suppressions = suppressions ?? SuppressionSettings.Default;
        FallbackLanguage = fallbackLanguage ?? Language.Spanish;
    }

    /// <summary>The stable id.</summary>
    public string Id { get; }

    /// <summary>The version.</summary>
    public int Version { get; }

    /// <summary>Per account or per item.</summary>
    public EscalationScope Scope { get; }

    /// <summary>The stages, in trigger order.</summary>
    public ImmutableArray<EscalationStage> Stages { get; }

    /// <summary>Quiet rules.</summary>
    public QuietRules QuietRules { get; }

    /// <summary>Catch-up mode.</summary>
    public CatchUpMode CatchUp { get; }

    /// <summary>Payment events.</summary>
    public PaymentEventSettings PaymentEvents { get; }

    /// <summary>Suppressions.</summary>
    public SuppressionSettings Suppressions { get; }

    /// <summary>The language of the notices when the customer's language has no library texts (neither Spanish nor English); Spanish unless set.</summary>
    public Language FallbackLanguage { get; }

    /// <summary>
    /// When a block, suspension or stop-work is reversed: as soon as nothing in its scope is overdue, with the tolerance
    /// these settings name (default <see cref="ReinstatementSettings.Default"/>: none). Set with an initializer
    /// (<c>policy with { Reinstatement = ... }</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to <see langword="null"/>.</exception>
    public ReinstatementSettings Reinstatement
    {
        get => _reinstatement;
        init => _reinstatement = Guard.NotNull(value);
    }

    private readonly ReinstatementSettings _reinstatement = ReinstatementSettings.Default;

    /// <summary>
    /// Set once the engine has validated this instance: the stage data the engine precomputes from it (a cache, not part
    /// of equality; <see langword="null"/> until validated).
    /// </summary>
    internal ValidatedPolicy? Validated { get; set; }

    /// <summary>
    /// The copy a <c>with</c> expression starts from: every public property, but not <see cref="Validated"/>, so a
    /// copy is validated (and its stage data computed) for itself, whatever a later init-only property may change.
    /// </summary>
    /// <param name="original">The policy copied.</param>
    private EscalationPolicy(EscalationPolicy original)
    {
        Id = original.Id;
        Version = original.Version;
        Scope = original.Scope;
        Stages = original.Stages;
        QuietRules = original.QuietRules;
        CatchUp = original.CatchUp;
        PaymentEvents = original.PaymentEvents;
        Suppressions = original.Suppressions;
        FallbackLanguage = original.FallbackLanguage;
        _reinstatement = original._reinstatement;
    }

    /// <summary>The index of the stage with <paramref name="stageId"/>, or -1.</summary>
    /// <param name="stageId">The id.</param>
    /// <returns>The index or -1.</returns>
    public int IndexOfStage(string? stageId)
    {
        for (int i = 0; i < Stages.Length; i++)
        {
            if (string.Equals(Stages[i].Id, stageId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public bool Equals(EscalationPolicy? other) => other is not null && (ReferenceEquals(this, other) || (
        Id == other.Id && Version == other.Version && Scope == other.Scope && Seq.Equal(Stages, other.Stages)
        && QuietRules == other.QuietRules && CatchUp == other.CatchUp && PaymentEvents == other.PaymentEvents
        && Suppressions == other.Suppressions && FallbackLanguage == other.FallbackLanguage && Reinstatement == other.Reinstatement));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Version, Scope, Stages.Length);

    /// <inheritdoc/>
    public override string ToString() => $"{Id} v{Version} ({Scope}, {Stages.Length} stages)";
}

internal static class Seq
{
    internal static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var cmp = System.Collections.Generic.EqualityComparer<T>.Default;
        for (int i = 0; i < a.Length; i++)
        {
            if (!cmp.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>What the engine precomputes from a validated policy (immutable; cached on the policy instance).</summary>
internal sealed partial class ValidatedPolicy
{
    internal ValidatedPolicy(EscalationPolicy policy)
    {
        var stages = policy.Stages;
        ConditionsEmpty = new bool[stages.Length];
        Offsets = new int[stages.Length];
        BusinessDays = new bool[stages.Length];
        OnlyMessages = new bool[stages.Length];
        HasNotice = new bool[stages.Length];
        KeyPrefixes = new string[stages.Length][];
        for (int i = 0; i < stages.Length; i++)
        {
            var actions = stages[i].Actions;
            KeyPrefixes[i] = new string[actions.Length];
            for (int j = 0; j < actions.Length; j++)
            {
                // The idempotency key up to the scope, for the action's own channel (EscalationEngine.Key).
                KeyPrefixes[i][j] = string.Concat(policy.Id, "|", stages[i].Id, "|", EscalationEngine.Name(actions[j].Kind), "|",
                    actions[j].Channel is { } c ? EscalationEngine.Name(c) : "-", "|");
            }

            AnyBusinessDays |= stages[i].Trigger.Days == OffsetDays.Business;
            ConditionsEmpty[i] = stages[i].Conditions.IsEmpty;
            Offsets[i] = stages[i].Trigger.Offset;
            BusinessDays[i] = stages[i].Trigger.Days == OffsetDays.Business;
            OnlyMessages[i] = true;
            foreach (var action in stages[i].Actions)
            {
                OnlyMessages[i] &= EscalationEngine.IsMessage(action.Kind);
                HasNotice[i] |= EscalationEngine.IsNotice(action.Kind, action.Channel);
            }
        }

        BrokenPromiseFloor = policy.Suppressions.BrokenPromiseStageId is { } id ? policy.IndexOfStage(id) : -1;
        Anchors = AnchorsOf(stages, out bool plain, out bool daysFromDueDate);
        Plain = plain;
        DaysFromDueDate = daysFromDueDate;
        AnyStageFee = AnyFee(stages);
        HasBlock = BlocksOf(stages);
        IncreasingCalendarOffsets = !AnyBusinessDays && DaysFromDueDate;
        for (int i = 0; i < stages.Length; i++)
        {
            IncreasingCalendarOffsets &= i == 0 || Offsets[i] > Offsets[i - 1];
            MaxOffset = Math.Max(MaxOffset, Offsets[i]);
        }
    }

    /// <summary>Whether every stage counts calendar days and the offsets strictly increase (then trigger dates increase with the stage).</summary>
    internal bool IncreasingCalendarOffsets { get; }

    /// <summary>The largest stage offset (0 when none is positive).</summary>
    internal int MaxOffset { get; }

    /// <summary>Whether any stage counts its offset in business days (then the customer's calendar is needed).</summary>
    internal bool AnyBusinessDays { get; }

    /// <summary>Per stage: whether it has no condition at all.</summary>
    internal bool[] ConditionsEmpty { get; }

    /// <summary>Per stage: the trigger offset (<see cref="StageTrigger.Offset"/>).</summary>
    internal int[] Offsets { get; }

    /// <summary>Per stage and action: the idempotency key up to and including the '|' before the scope, for the action's own channel.</summary>
    internal string[][] KeyPrefixes { get; }

    /// <summary>Per stage: whether the offset counts business days.</summary>
    internal bool[] BusinessDays { get; }

    /// <summary>Per stage: whether every action is a message (then, under catch-up LatestOnly, a passed stage produces nothing).</summary>
    internal bool[] OnlyMessages { get; }

    /// <summary>Per stage: whether it has a notice (a message the quiet rules apply to).</summary>
    internal bool[] HasNotice { get; }

    /// <summary>The index of the stage a broken promise lifts escalation to, or -1.</summary>
    internal int BrokenPromiseFloor { get; }
}
