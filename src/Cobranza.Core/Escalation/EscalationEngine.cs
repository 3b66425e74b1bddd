using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>
/// The escalation engine (see <see cref="IEscalationEngine"/> and docs/escalation.md). Pure: the result depends only on
/// the arguments. Thread-safe. When nothing fires, evaluation allocates nothing (results without decisions are
/// shared instances from a small per-engine cache of immutable values).
/// </summary>
/// <remarks>
/// This file is the public entry. One evaluation is a <c>Run</c> (Engine/Run.cs), whose rule families are partial
/// files in Engine/ (stages, conditions, amounts, late charges, payment events, promises, plans, history, send times);
/// explanations are written by <c>ExplanationText</c> (docs/decisions/0016-engine-split-by-rule-family.md).
/// </remarks>
public sealed partial class EscalationEngine : IEscalationEngine
{
    /// <summary>Stage id of the thank-you on payment in full.</summary>
    public const string ThankYouStageId = "payment-thank-you";

    /// <summary>Stage id of a partial-payment acknowledgement.</summary>
    public const string PartialAckStageId = "payment-partial-ack";

    /// <summary>Stage id of a broken-promise notice.</summary>
    public const string PromiseBrokenStageId = "promise-broken";

    /// <summary>Stage id of plan-arrears notices.</summary>
    public const string PlanArrearsStageId = "plan-arrears";

    /// <summary>Stage id of the service-restored notice.</summary>
    public const string ServiceRestoredStageId = "service-restored";

    private const int CacheSlots = 32;

    private static readonly EvaluationResult NothingEver = new(ImmutableArray<EscalationDecision>.Empty, null);

    private static readonly EscalationPolicyValidator Validator = new();

    private static readonly NotificationChannel[] FallbackOrder = { NotificationChannel.Email, NotificationChannel.Sms, NotificationChannel.WhatsApp, NotificationChannel.Letter };

    private static readonly string[] ActionNames = Names<EscalationActionKind>();

    private static readonly string[] ChannelNames = Names<NotificationChannel>();

    private static readonly string[] ToneNames = Names<EscalationTone>();

    private readonly IBusinessCalendarProvider _calendars;
    private readonly ILateChargeTermsProvider? _lateCharges;
    private readonly EvaluationResult?[] _emptyResults = new EvaluationResult?[CacheSlots];

    /// <summary>
    /// Creates the engine without the accounts' late-charge terms: a decision states only the interest and fees already
    /// posted, and charge actions carry no postings (use the other constructor to state and post exact figures).
    /// </summary>
    /// <param name="calendars">Resolves the customer's business calendar (<see cref="CustomerProfile.CalendarId"/>; weekends only when none).</param>
    public EscalationEngine(IBusinessCalendarProvider calendars) => _calendars = Guard.NotNull(calendars);

    /// <summary>
    /// Creates the engine with the accounts' late-charge terms: every decision states the late interest owed on its
    /// items on its local date (posted or accrued) and the fees owed (posted, plus the fee the fee rule applies once the
    /// stage that applies it is reached), and charge actions carry exactly those postings (<see cref="EscalationDecision.Charges"/>;
    /// docs/escalation.md, "Late charges").
    /// </summary>
    /// <param name="calendars">Resolves the customer's business calendar (<see cref="CustomerProfile.CalendarId"/>; weekends only when none).</param>
    /// <param name="lateCharges">Resolves each account's late-interest terms and fee rule.</param>
    public EscalationEngine(IBusinessCalendarProvider calendars, ILateChargeTermsProvider lateCharges)
        : this(calendars) => _lateCharges = Guard.NotNull(lateCharges);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The policy is invalid (every error listed), or the customer's calendar is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A date the evaluation needs (a due date plus a stage offset, a send time, a wake-up) falls outside the dates
    /// NodaTime represents (years −9998 to 9999), or an amount outside <see cref="decimal"/>; the inner exception is
    /// the overflow.
    /// </exception>
    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant now)
    {
        Guard.NotNull(account);
        Guard.NotNull(history);
        Guard.NotNull(policy);
        var validated = EnsureValid(policy);

        try
        {
            var run = new Run(this, account, history, policy, validated, now);
            run.Execute();
            if (run.FiredCount == 0)
            {
                return Empty(run.NextEvaluation());
            }

            return new EvaluationResult(run.SortedDecisions(), run.NextEvaluation());
        }
        catch (OverflowException e)
        {
            // Issue 14: NodaTime reports date arithmetic past its range as an overflow; a public API throws only its
            // documented exceptions, so the caller gets the account and instant in words.
            throw new ArgumentOutOfRangeException(
                $"Account '{account.Customer.Id}' evaluated at {now}: a date or amount of the evaluation falls outside the supported range (years -9998 to 9999; decimal). {e.Message}",
                e);
        }
    }

    internal static bool IsMessage(EscalationActionKind kind)
        => kind is EscalationActionKind.SendNotice or EscalationActionKind.CreateTask or EscalationActionKind.LegalNotice;

    /// <summary>Whether a notice of stage <paramref name="stageId"/> is a dunning notice (not an acknowledgement, thank-you or service-restored notice).</summary>
    internal static bool IsDunningStage(string stageId)
        => !string.Equals(stageId, PartialAckStageId, StringComparison.Ordinal) && !string.Equals(stageId, ThankYouStageId, StringComparison.Ordinal)
            && !string.Equals(stageId, ServiceRestoredStageId, StringComparison.Ordinal);

    internal static bool IsNotice(EscalationActionKind kind, NotificationChannel? channel)
        => kind is EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice && channel is { } c && c != NotificationChannel.PhoneCall;

    internal static EscalationActionKind? Reversal(EscalationActionKind kind) => kind switch
    {
        EscalationActionKind.StopWork => EscalationActionKind.ResumeWork,
        EscalationActionKind.SuspendService => EscalationActionKind.RestoreService,
        EscalationActionKind.BlockOrders => EscalationActionKind.UnblockOrders,
        _ => null,
    };

    /// <summary>Builds an idempotency key: <c>{policyId}|{stageId}|{action}|{channel or -}|{scope}|{occurrence}</c>.</summary>
    internal static string Key(string policyId, string stageId, EscalationActionKind action, NotificationChannel? channel, string scope, int occurrence)
    {
        // Written into a stack buffer (the handler rents from the array pool only for a key longer than 128 characters).
        var key = new DefaultInterpolatedStringHandler(5, 6, CultureInfo.InvariantCulture, stackalloc char[128]);
        key.AppendFormatted(policyId);
        key.AppendLiteral("|");
        key.AppendFormatted(stageId);
        key.AppendLiteral("|");
        key.AppendFormatted(Name(action));
        key.AppendLiteral("|");
        key.AppendFormatted(channel is { } c ? Name(c) : "-");
        key.AppendLiteral("|");
        key.AppendFormatted(scope);
        key.AppendLiteral("|");
        key.AppendFormatted(occurrence);
        return key.ToStringAndClear();
    }

    /// <summary>The name of an action kind, as <see cref="Enum.ToString()"/> gives it (cached: enum formatting is slow).</summary>
    internal static string Name(EscalationActionKind kind) => unchecked((uint)kind) < (uint)ActionNames.Length ? ActionNames[(int)kind] : kind.ToString();

    /// <summary>The name of a channel, as <see cref="Enum.ToString()"/> gives it.</summary>
    internal static string Name(NotificationChannel channel) => unchecked((uint)channel) < (uint)ChannelNames.Length ? ChannelNames[(int)channel] : channel.ToString();

    /// <summary>The name of a tone, as <see cref="Enum.ToString()"/> gives it.</summary>
    internal static string Name(EscalationTone tone) => unchecked((uint)tone) < (uint)ToneNames.Length ? ToneNames[(int)tone] : tone.ToString();

    /// <summary>Enum names indexed by value, for enums numbered 0, 1, 2… (checked; any gap leaves the array shorter).</summary>
    private static string[] Names<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new List<string>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (Convert.ToInt32(values[i], CultureInfo.InvariantCulture) != i)
            {
                break;
            }

            names.Add(values[i].ToString());
        }

        return names.ToArray();
    }

    internal static ReadOnlySpan<char> ScopeOf(string key)
    {
        int last = key.LastIndexOf('|');
        if (last <= 0)
        {
            return ReadOnlySpan<char>.Empty;
        }

        int before = key.LastIndexOf('|', last - 1);
        return before < 0 ? ReadOnlySpan<char>.Empty : key.AsSpan(before + 1, last - before - 1);
    }

    internal static bool HasPolicy(string key, string policyId)
        => key.Length > policyId.Length && key[policyId.Length] == '|' && key.AsSpan().StartsWith(policyId.AsSpan(), StringComparison.Ordinal);

    private static ValidatedPolicy EnsureValid(EscalationPolicy policy)
    {
        if (policy.Validated is { } cached)
        {
            return cached;
        }

        var result = Validator.Validate(policy);
        if (!result.IsValid)
        {
            throw new ArgumentException(
                $"policy '{policy.Id}' v{policy.Version} is invalid: {string.Join(" ", result.Errors.Select(e => e.ErrorMessage))}",
                nameof(policy));
        }

        var validated = new ValidatedPolicy(policy);
        policy.Validated = validated;
        return validated;
    }

    private EvaluationResult Empty(Instant? next)
    {
        if (next is not { } n)
        {
            return NothingEver;
        }

        int slot = (int)(unchecked((ulong)n.ToUnixTimeTicks()) % CacheSlots); // unchecked: instants before 1970 have negative ticks
        var cached = _emptyResults[slot];
        if (cached is not null && cached.NextEvaluationAt == n)
        {
            return cached;
        }

        var created = new EvaluationResult(ImmutableArray<EscalationDecision>.Empty, n);
        _emptyResults[slot] = created;
        return created;
    }

    private BusinessCalendar CalendarOf(CustomerProfile customer)
    {
        if (customer.CalendarId is not { } id)
        {
            return BusinessCalendar.WeekendsOnly;
        }

        if (_calendars.TryGet(id, out var calendar))
        {
            return calendar;
        }

        throw new ArgumentException($"account: customer '{customer.Id}' names calendar '{id}', which the calendar provider does not know.", "account");
    }
}
