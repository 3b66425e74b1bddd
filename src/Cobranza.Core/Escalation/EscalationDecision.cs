using System;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>
/// One thing the escalation engine decided should happen for an account: which stage fired, what to do, for which
/// items and amounts, through which channel and template, when it may be carried out, a deterministic idempotency
/// key and an explanation in words. Immutable; equal when every field is equal.
/// </summary>
public sealed class EscalationDecision : IEquatable<EscalationDecision>
{
    private readonly DeferredExplanation? _deferred;
    private string? _explanation;

    /// <summary>Creates a decision.</summary>
    /// <param name="idempotencyKey">The deterministic key: the same decision always has the same key (not empty).</param>
    /// <param name="accountId">The account (not empty).</param>
    /// <param name="policyId">The policy that decided (not empty).</param>
    /// <param name="policyVersion">The version of the policy (positive).</param>
    /// <param name="stageId">The stage that fired (not empty).</param>
    /// <param name="action">What to do.</param>
    /// <param name="tone">How firm.</param>
    /// <param name="channel">The channel of a notice, or <see langword="null"/> for non-message actions.</param>
    /// <param name="templateKey">The template of a notice or task, or <see langword="null"/>.</param>
    /// <param name="language">The language to render in (see <see cref="Language"/>).</param>
    /// <param name="itemIds">The items concerned (empty for account-level decisions such as a thank-you).</param>
    /// <param name="principalAmount">
    /// The principal still owed on the items listed (<paramref name="itemIds"/>) on the decision's local date: the sum
    /// of the lines a notice lists (zero for decisions that ask for nothing, such as a thank-you).
    /// </param>
    /// <param name="interestAmount">Late interest owed on those items on that date: posted and unpaid, plus accrued and not yet posted when the engine knows the account's late-interest terms (zero when none).</param>
    /// <param name="feeAmount">Fees owed on those items on that date: posted and unpaid, plus the fee the decision's stage applies (zero when none).</param>
    /// <param name="openBalance">
    /// The account's total open balance on that date, labelled as such when shown: <see cref="AmountDue"/> plus
    /// everything still owed on the account's other open items (not negative).
    /// </param>
    /// <param name="occurrence">The occurrence of a repeating stage (1 for the first).</param>
    /// <param name="decidedAt">The instant of the evaluation that produced the decision.</param>
    /// <param name="notBefore">The earliest instant it may be carried out (after quiet rules); not before <paramref name="decidedAt"/>.</param>
    /// <param name="explanation">The facts and the rule that fired it, in words (not empty).</param>
    /// <exception cref="ArgumentException">A text is empty, amounts are in different currencies or negative, or an argument is out of range.</exception>
    public EscalationDecision(
        string idempotencyKey,
        string accountId,
        string policyId,
        int policyVersion,
        string stageId,
        EscalationActionKind action,
        EscalationTone tone,
        NotificationChannel? channel,
        string? templateKey,
        Language language,
        ImmutableArray<string> itemIds,
        Money principalAmount,
        Money interestAmount,
        Money feeAmount,
        Money openBalance,
        int occurrence,
        Instant decidedAt,
        Instant notBefore,
        string explanation)
        : this(idempotencyKey, accountId, policyId, policyVersion, stageId, action, tone, channel, templateKey, language, itemIds, principalAmount, interestAmount,
            feeAmount, openBalance, occurrence, decidedAt, notBefore, explanation, null)
    {
    }

    /// <summary>
    /// A decision whose explanation is written when it is first read (<see cref="Explanation"/>): the engine's, from the
    /// figures the rule saw; the text is the one the engine would have written at once (decision 0024).
    /// </summary>
    internal EscalationDecision(
        string idempotencyKey,
        string accountId,
        string policyId,
        int policyVersion,
        string stageId,
        EscalationActionKind action,
        EscalationTone tone,
        NotificationChannel? channel,
        string? templateKey,
        Language language,
        ImmutableArray<string> itemIds,
        Money principalAmount,
        Money interestAmount,
        Money feeAmount,
        Money openBalance,
        int occurrence,
        Instant decidedAt,
        Instant notBefore,
        DeferredExplanation explanation)
        : this(idempotencyKey, accountId, policyId, policyVersion, stageId, action, tone, channel, templateKey, language, itemIds, principalAmount, interestAmount,
            feeAmount, openBalance, occurrence, decidedAt, notBefore, null, Guard.NotNull(explanation))
    {
    }

    private EscalationDecision(
        string idempotencyKey,
        string accountId,
        string policyId,
        int policyVersion,
        string stageId,
        EscalationActionKind action,
        EscalationTone tone,
        NotificationChannel? channel,
        string? templateKey,
        Language language,
        ImmutableArray<string> itemIds,
        Money principalAmount,
        Money interestAmount,
        Money feeAmount,
        Money openBalance,
        int occurrence,
        Instant decidedAt,
        Instant notBefore,
        string? explanation,
        DeferredExplanation? deferred)
    {
        IdempotencyKey = Guard.NotNullOrWhiteSpace(idempotencyKey);
        AccountId = Guard.NotNullOrWhiteSpace(accountId);
        PolicyId = Guard.NotNullOrWhiteSpace(policyId);
        PolicyVersion = Guard.Positive(policyVersion);
        StageId = Guard.NotNullOrWhiteSpace(stageId);
        Action = Enum.IsDefined(action) ? action : throw new ArgumentOutOfRangeException(nameof(action), action, $"action is not a known action ({(int)action}).");
        Tone = Enum.IsDefined(tone) ? tone : throw new ArgumentOutOfRangeException(nameof(tone), tone, $"tone is not a known tone ({(int)tone}).");
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
        Language = Guard.NotNull(language);
        ItemIds = itemIds.IsDefault ? ImmutableArray<string>.Empty : itemIds;
        if (interestAmount.Currency != principalAmount.Currency || feeAmount.Currency != principalAmount.Currency || openBalance.Currency != principalAmount.Currency)
        {
            throw new ArgumentException(
                $"principalAmount ({principalAmount}), interestAmount ({interestAmount}), feeAmount ({feeAmount}) and openBalance ({openBalance}) must share one currency.",
                nameof(interestAmount));
        }

        PrincipalAmount = NotNegative(principalAmount, nameof(principalAmount));
        InterestAmount = NotNegative(interestAmount, nameof(interestAmount));
        FeeAmount = NotNegative(feeAmount, nameof(feeAmount));
        OpenBalance = NotNegative(openBalance, nameof(openBalance));
        Occurrence = Guard.Positive(occurrence);
        if (notBefore < decidedAt)
        {
            throw new ArgumentException($"notBefore ({notBefore}) must not be before decidedAt ({decidedAt}).", nameof(notBefore));
        }

        DecidedAt = decidedAt;
        NotBefore = notBefore;
        _explanation = deferred is null ? Guard.NotNullOrWhiteSpace(explanation) : null; // checked last, as always
        _deferred = deferred;
    }

    /// <summary>The deterministic idempotency key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The account.</summary>
    public string AccountId { get; }

    /// <summary>The policy that decided.</summary>
    public string PolicyId { get; }

    /// <summary>The version of the policy.</summary>
    public int PolicyVersion { get; }

    /// <summary>The stage that fired.</summary>
    public string StageId { get; }

    /// <summary>What to do.</summary>
    public EscalationActionKind Action { get; }

    /// <summary>How firm.</summary>
    public EscalationTone Tone { get; }

    /// <summary>The channel of a notice, or <see langword="null"/> for non-message actions.</summary>
    public NotificationChannel? Channel { get; }

    /// <summary>The template of a notice or task, or <see langword="null"/>.</summary>
    public string? TemplateKey { get; }

    /// <summary>
    /// The language to render in. The engine's decisions carry the language the notice is written in, resolved: the
    /// primary language of a customer whose language has library texts (<see cref="Core.Language.Spanish"/> for
    /// <c>es-CO</c>, <see cref="Core.Language.English"/> for <c>en-GB</c>), else the policy's
    /// <see cref="EscalationPolicy.FallbackLanguage"/>. Journals store its <see cref="Core.Language.Tag"/> (<c>es</c>).
    /// </summary>
    public Language Language { get; }

    /// <summary>The items concerned.</summary>
    public ImmutableArray<string> ItemIds { get; }

    /// <summary>
    /// The principal still owed on the items listed (<see cref="ItemIds"/>) on the decision's local date: for a
    /// pre-due reminder the items coming due, for a due-day reminder the items due that day, for a later stage the
    /// overdue items (docs/escalation.md, "What a decision's amounts mean").
    /// </summary>
    public Money PrincipalAmount { get; }

    /// <summary>
    /// Late interest owed on the listed items on the decision's local date: posted and unpaid, plus accrued and not yet
    /// posted when the engine knows the account's late-interest terms (<see cref="ILateChargeTermsProvider"/>).
    /// </summary>
    public Money InterestAmount { get; }

    /// <summary>Fees owed on the listed items on the decision's local date: posted and unpaid, plus the fee the stage applies.</summary>
    public Money FeeAmount { get; }

    /// <summary>What the decision asks the customer to pay now: <see cref="PrincipalAmount"/> + <see cref="InterestAmount"/> + <see cref="FeeAmount"/>.</summary>
    public Money AmountDue => PrincipalAmount + InterestAmount + FeeAmount;

    /// <summary>
    /// The account's total open balance on the decision's local date: <see cref="AmountDue"/> plus everything still owed
    /// on the account's other open items (a notice that shows it labels it as the account's balance, not as the amount asked).
    /// </summary>
    public Money OpenBalance { get; }

    /// <summary>
    /// For a charge action (<see cref="EscalationActionKind.ChargeLateInterest"/>, <see cref="EscalationActionKind.ApplyLateFee"/>):
    /// the postings it makes, computed once by the engine (the notice of the same stage states the same figures); a
    /// handler posts these and never recomputes. Empty for every other decision, and when nothing is left to post.
    /// </summary>
    public ImmutableArray<LateCharge> Charges
    {
        get => field.IsDefault ? ImmutableArray<LateCharge>.Empty : field;
        init => field = value;
    }

    /// <summary>
    /// When <see cref="InterestAmount"/> includes interest accrued with a provisional rate (the account's
    /// <see cref="Receivables.LateInterestTerms.MissingRates"/> is <see cref="Interest.MissingRatePolicy.CarryForwardProvisional"/>
    /// and the official value for some days is not loaded yet): those days, the rate applied and the published value
    /// carried forward, in order of first day. A notice states them (<c>{{interest.provisional}}</c>) and the figure is
    /// recalculated once the official value is loaded. Empty when every rate used is published.
    /// </summary>
    public ImmutableArray<Interest.ProvisionalInterestPeriod> ProvisionalInterest
    {
        get => field.IsDefault ? ImmutableArray<Interest.ProvisionalInterestPeriod>.Empty : field;
        init
        {
            foreach (var period in value.IsDefault ? ImmutableArray<Interest.ProvisionalInterestPeriod>.Empty : value)
            {
                Guard.NotNull(period, nameof(ProvisionalInterest));
            }

            field = value;
        }
    }

    /// <summary>Whether <see cref="InterestAmount"/> is provisional (<see cref="ProvisionalInterest"/> is not empty).</summary>
    public bool IsInterestProvisional => !ProvisionalInterest.IsEmpty;

    /// <summary>The occurrence of a repeating stage (1 for the first).</summary>
    public int Occurrence { get; }

    /// <summary>The instant of the evaluation that produced the decision.</summary>
    public Instant DecidedAt { get; }

    /// <summary>The earliest instant it may be carried out.</summary>
    public Instant NotBefore { get; }

    /// <summary>The facts and the rule that fired it, in words.</summary>
    /// <remarks>
    /// The engine writes a stage decision's text when it is first read (the same text every time; several threads
    /// reading at once may each write it): an evaluation whose decisions are dropped unread, e.g. those a journal already
    /// holds, does not pay for it.
    /// </remarks>
    public string Explanation => _explanation ?? Write();

    /// <summary>
    /// For a broken-promise notice (<see cref="Templates.TemplateKeys.PromiseBroken"/>): the date the customer had promised to pay
    /// by, as the engine judged the promise broken; <see langword="null"/> for every other decision. Renderers quote it
    /// (<c>{{promise.date}}</c>) rather than guess which promise the notice is about.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a date outside the ISO calendar.</exception>
    public LocalDate? PromisedDate
    {
        get;
        init => field = value is { } date && !ReferenceEquals(date.Calendar, CalendarSystem.Iso)
            ? throw new ArgumentException($"PromisedDate must be a date in the ISO calendar (was {date} in {date.Calendar.Id}).", nameof(PromisedDate))
            : value;
    }

    /// <summary>
    /// For a payment-event notice (<see cref="Templates.TemplateKeys.PaymentThankYou"/>,
    /// <see cref="Templates.TemplateKeys.PaymentPartialAck"/>, <see cref="Templates.TemplateKeys.NoticeServiceRestored"/>):
    /// what the notice acknowledges — the payments received and credits applied on the settlement date, what reduced the
    /// scope (<see cref="SettlementFigures.SettledBy"/>: a service may be restored after a credit note, not a payment) and
    /// what the account still owes — computed once when the decision is made; renderers state these figures
    /// (<c>{{amount.paid}}</c>, <c>{{amount.remaining}}</c>, <c>{{settlement.text}}</c>) and never recompute them.
    /// <see langword="null"/> for every other decision.
    /// </summary>
    /// <exception cref="ArgumentException">Set to figures in another currency than <see cref="PrincipalAmount"/>.</exception>
    public SettlementFigures? Settlement
    {
        get;
        init => field = value is not null && value.Paid.Currency != PrincipalAmount.Currency
            ? throw new ArgumentException($"Settlement must be in {PrincipalAmount.Currency} like the decision's amounts (was {value.Paid.Currency}).", nameof(Settlement))
            : value;
    }

    /// <inheritdoc/>
    public bool Equals(EscalationDecision? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!(IdempotencyKey == other.IdempotencyKey && AccountId == other.AccountId && PolicyId == other.PolicyId
            && PolicyVersion == other.PolicyVersion && StageId == other.StageId && Action == other.Action && Tone == other.Tone
            && Channel == other.Channel && TemplateKey == other.TemplateKey && Language == other.Language
            && PrincipalAmount == other.PrincipalAmount && InterestAmount == other.InterestAmount && FeeAmount == other.FeeAmount
            && OpenBalance == other.OpenBalance && ValueEquality.SequenceEqual(Charges, other.Charges)
            && ValueEquality.SequenceEqual(ProvisionalInterest, other.ProvisionalInterest)
            && Occurrence == other.Occurrence && DecidedAt == other.DecidedAt && NotBefore == other.NotBefore
            && Explanation == other.Explanation && PromisedDate == other.PromisedDate && Settlement == other.Settlement && ItemIds.Length == other.ItemIds.Length))
        {
            return false;
        }

        for (int i = 0; i < ItemIds.Length; i++)
        {
            if (!string.Equals(ItemIds[i], other.ItemIds[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the deferred explanation once and keeps it (a race writes the same text twice, either is kept).</summary>
    private string Write()
    {
        string text = Guard.NotNullOrWhiteSpace(_deferred!.Write(), nameof(Explanation));
        _explanation = text;
        return text;
    }

    private static Money NotNegative(Money amount, string name)
        => Cobranza.Core.Interest.ExactDecimal.Sign(amount.Amount) >= 0 // amount >= 0m read from the bits (a negative zero is not negative)
            ? amount
            : throw new ArgumentOutOfRangeException(name, amount, $"{name} must not be negative (was {amount}).");

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EscalationDecision);

    /// <summary>Value equality, as <see cref="Equals(EscalationDecision)"/>.</summary>
    /// <param name="left">The first decision.</param>
    /// <param name="right">The second decision.</param>
    /// <returns>True when both are null or equal.</returns>
    public static bool operator ==(EscalationDecision? left, EscalationDecision? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality, as the negation of <see cref="Equals(EscalationDecision)"/>.</summary>
    /// <param name="left">The first decision.</param>
    /// <param name="right">The second decision.</param>
    /// <returns>True when exactly one is null or they differ.</returns>
    public static bool operator !=(EscalationDecision? left, EscalationDecision? right) => !(left == right);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IdempotencyKey, DecidedAt, NotBefore);

    /// <inheritdoc/>
    public override string ToString() => $"{IdempotencyKey}: {Action} ({Tone}) at {NotBefore} — {Explanation}";
}
