// REFERENCE ORACLE — a frozen copy of EscalationEngine as it was before the performance work of issue 6
// (commit 3f75100), kept only to check that the optimised engine gives IDENTICAL results (decisions, idempotency keys,
// explanations, amounts with their scale, NextEvaluationAt). Do not optimise or "fix" this copy: if the two disagree,
// the production engine is wrong (or the behaviour change is deliberate and this file is updated in the same commit).
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using FluentValidation;
using NodaTime;
using NodaTime.TimeZones;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// The escalation engine (see <see cref="IEscalationEngine"/> and docs/escalation.md). Pure: the result depends only on
/// the arguments. Thread-safe. When nothing fires, evaluation allocates nothing (results without decisions are
/// shared instances from a small per-engine cache of immutable values).
/// </summary>
internal sealed class ReferenceEscalationEngine : IEscalationEngine
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

    private readonly IBusinessCalendarProvider _calendars;
    private readonly EvaluationResult?[] _emptyResults = new EvaluationResult?[CacheSlots];

    /// <summary>Creates the engine.</summary>
    /// <param name="calendars">Resolves the customer's business calendar (<see cref="CustomerProfile.CalendarId"/>; weekends only when none).</param>
    public ReferenceEscalationEngine(IBusinessCalendarProvider calendars) => _calendars = Guard.NotNull(calendars);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The policy is invalid (every error listed), or the customer's calendar is unknown.</exception>
    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant now)
    {
        Guard.NotNull(account);
        Guard.NotNull(history);
        Guard.NotNull(policy);
        var validated = EnsureValid(policy);

        var run = new Run(this, account, history, policy, validated, now);
        run.Execute();
        if (run.Fired is null)
        {
            return Empty(run.NextEvaluation());
        }

        return new EvaluationResult(run.SortedDecisions(), run.NextEvaluation());
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
        => string.Create(CultureInfo.InvariantCulture, $"{policyId}|{stageId}|{action}|{(channel is { } c ? c.ToString() : "-")}|{scope}|{occurrence}");

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
        var result = Validator.Validate(policy);
        if (!result.IsValid)
        {
            throw new ArgumentException(
                $"policy '{policy.Id}' v{policy.Version} is invalid: {string.Join(" ", result.Errors.Select(e => e.ErrorMessage))}",
                nameof(policy));
        }

        return new ValidatedPolicy(policy);
    }

    /// <summary>The pre-computed stage data of the engine at the time of the copy (recomputed on every call here).</summary>
    private sealed class ValidatedPolicy
    {
        public ValidatedPolicy(EscalationPolicy policy)
        {
            var stages = policy.Stages;
            ConditionsEmpty = new bool[stages.Length];
            for (int i = 0; i < stages.Length; i++)
            {
                AnyBusinessDays |= stages[i].Trigger.Days == OffsetDays.Business;
                ConditionsEmpty[i] = stages[i].Conditions.IsEmpty;
            }

            BrokenPromiseFloor = policy.Suppressions.BrokenPromiseStageId is { } id ? policy.IndexOfStage(id) : -1;
        }

        public bool AnyBusinessDays { get; }

        public bool[] ConditionsEmpty { get; }

        public int BrokenPromiseFloor { get; }
    }

    private EvaluationResult Empty(Instant? next)
    {
        if (next is not { } n)
        {
            return NothingEver;
        }

        int slot = (int)((ulong)n.ToUnixTimeTicks() % CacheSlots);
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

    /// <summary>A date as ISO <c>uuuu-MM-dd</c>, formatted in place (no string) for years 0–9999; NodaTime's pattern otherwise.</summary>
    private readonly struct IsoDate : ISpanFormattable
    {
        private readonly LocalDate _date;

        public IsoDate(LocalDate date) => _date = date;

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            int year = _date.Year;
            if (year is < 0 or > 9999)
            {
                string text = ToString(null, provider);
                if (!text.AsSpan().TryCopyTo(destination))
                {
                    charsWritten = 0;
                    return false;
                }

                charsWritten = text.Length;
                return true;
            }

            if (destination.Length < 10)
            {
                charsWritten = 0;
                return false;
            }

            Digits(destination, 0, year, 4);
            destination[4] = '-';
            Digits(destination, 5, _date.Month, 2);
            destination[7] = '-';
            Digits(destination, 8, _date.Day, 2);
            charsWritten = 10;
            return true;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => _date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

        public override string ToString() => ToString(null, null);

        private static void Digits(Span<char> destination, int at, int value, int width)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                destination[at + i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    /// <summary>Facts about one scope (the account or one item) on the evaluation date.</summary>
    private struct Facts
    {
        public int OverdueCount;
        public decimal Overdue;
        public decimal Open;
        public decimal Interest;
        public decimal Fees;
        public LocalDate Anchor;
        public bool HasOpen;
        public bool AmountsKnown;
        public string? AnchorItem;
        public AccountItem? Item;
    }

    private struct Pending
    {
        public EscalationDecision Decision;
        public int Sequence;
    }

    /// <summary>One evaluation. A struct, so the no-fire path allocates nothing.</summary>
    private struct Run
    {
        private readonly ReferenceEscalationEngine _engine;
        private readonly CustomerAccount _account;
        private readonly CollectionHistory _history;
        private readonly EscalationPolicy _policy;
        private readonly ValidatedPolicy _validated;
        private readonly Instant _now;
        private readonly DateTimeZone _zone;
        private readonly ZoneInterval _interval;
        private readonly LocalDate _today;
        private BusinessCalendar? _calendar;
        private PaymentBehaviour? _behaviour;
        private LocalDate _next;
        private bool _hasNext;
        private Instant? _lastNotice;
        private bool _lastNoticeKnown;
        private int _sequence;

        public Run(ReferenceEscalationEngine engine, CustomerAccount account, CollectionHistory history, EscalationPolicy policy, ValidatedPolicy validated, Instant now)
        {
            _engine = engine;
            _account = account;
            _history = history;
            _policy = policy;
            _validated = validated;
            _now = now;
            _zone = account.Customer.TimeZone;
            _interval = _zone.GetZoneInterval(now); // the one time-zone look-up of the evaluation date
            _today = now.WithOffset(_interval.WallOffset).Date;
            _calendar = null;
            _behaviour = null;
            _next = default;
            _hasNext = false;
            _lastNotice = null;
            _lastNoticeKnown = false;
            _sequence = 0;
            Fired = null;
        }

        public List<Pending>? Fired { get; private set; }

        private BusinessCalendar Calendar => _calendar ??= _engine.CalendarOf(_account.Customer);

        public readonly Instant? NextEvaluation() => _hasNext ? StartOfDay(_next) : null;

        public ImmutableArray<EscalationDecision> SortedDecisions()
        {
            var list = Fired!;
            // Insertion sort by (NotBefore, generation order): few decisions, stable, no delegate.
            for (int i = 1; i < list.Count; i++)
            {
                var x = list[i];
                int j = i - 1;
                while (j >= 0 && (list[j].Decision.NotBefore > x.Decision.NotBefore
                    || (list[j].Decision.NotBefore == x.Decision.NotBefore && list[j].Sequence > x.Sequence)))
                {
                    list[j + 1] = list[j];
                    j--;
                }

                list[j + 1] = x;
            }

            var builder = ImmutableArray.CreateBuilder<EscalationDecision>(list.Count);
            foreach (var p in list)
            {
                builder.Add(p.Decision);
            }

            return builder.MoveToImmutable();
        }

        public void Execute()
        {
            if (_account.LegalHold is { } hold)
            {
                if (hold.Since <= _today)
                {
                    return; // A legal hold stops everything; only a new snapshot can change that.
                }

                Consider(hold.Since);
            }

            bool fullyPaid = !_account.Items.IsEmpty;
            LocalDate lastSettled = default;
            foreach (var item in _account.Items)
            {
                if (item.SettledOn is { } s)
                {
                    if (s > lastSettled || lastSettled == default)
                    {
                        lastSettled = s > lastSettled ? s : lastSettled;
                    }
                }
                else
                {
                    fullyPaid = false;
                }
            }

            Reinstatements(fullyPaid);
            if (fullyPaid)
            {
                ThankYou(lastSettled);
                return;
            }

            PartialAcknowledgement();

            // Behaviour changed intentionally (helper "dunning-a", issue 20): a policy without stages ("no dunning")
            // decides no stage, broken-promise or plan-arrears notice.
            if (_policy.Stages.IsEmpty)
            {
                return;
            }

            int floor = BrokenPromise(out LocalDate brokenOn);
            if (!_account.Plans.IsEmpty)
            {
                PlanArrears();
            }

            if (_policy.Scope == EscalationScope.Account)
            {
                var facts = AccountFacts();
                if (facts.HasOpen)
                {
                    Stages(_account.Id, facts, floor, brokenOn, facts.AnchorItem);
                }
            }
            else
            {
                foreach (var item in _account.Items)
                {
                    if (!Eligible(item))
                    {
                        continue;
                    }

                    var facts = ItemFacts(item);
                    int itemFloor = floor >= 0 && PromiseCovers(brokenOn, item.Id) ? floor : -1;
                    Stages(item.Id, facts, itemFloor, brokenOn, item.Id);
                }
            }
        }

        // ---------------------------------------------------------------- eligibility and facts

        private readonly bool Eligible(AccountItem item)
        {
            if (item.IsSettled || item.IsDisputed)
            {
                return false;
            }

            if (InActivePlan(item.Id))
            {
                return false;
            }

            return !PausedByPromise(item.Id);
        }

        private readonly bool InActivePlan(string itemId)
        {
            foreach (var plan in _account.Plans)
            {
                if (!Contains(plan.ItemIds, itemId))
                {
                    continue;
                }

                // A completed plan no longer covers its items (they are settled anyway).
                if (plan.StartedOn <= _today && plan.Plan.StatusAsOf(_today).Status != Cobranza.Core.Installments.PlanStatus.Completed)
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool PausedByPromise(string itemId)
        {
            int grace = _policy.Suppressions.PromiseGraceDays;
            foreach (var promise in _account.Promises)
            {
                if (promise.MadeOn <= _today && _today <= promise.PromisedDate.PlusDays(grace)
                    && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, itemId)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Contains(ImmutableArray<string> ids, string id)
        {
            foreach (var x in ids)
            {
                if (string.Equals(x, id, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(ref Facts f, AccountItem item)
        {
            if (!f.HasOpen || item.DueDate < f.Anchor)
            {
                f.Anchor = item.DueDate;
                f.AnchorItem = item.Id;
            }

            f.HasOpen = true;
            if (item.DueDate < _today)
            {
                f.OverdueCount++;
            }
            else
            {
                Consider(item.DueDate.PlusDays(1)); // it becomes overdue: amounts and conditions change
            }
        }

        /// <summary>Sums the amounts of the scope, once, only when a rule or a decision needs them.</summary>
        private readonly void EnsureAmounts(ref Facts f)
        {
            if (f.AmountsKnown)
            {
                return;
            }

            f.AmountsKnown = true;
            foreach (var item in _account.Items)
            {
                if (f.Item is not null ? !ReferenceEquals(item, f.Item) : !Eligible(item))
                {
                    continue;
                }

                decimal outstanding = item.Outstanding.Amount;
                f.Open += outstanding;
                if (item.DueDate < _today)
                {
                    f.Overdue += outstanding;
                    f.Interest += item.InterestOutstanding.Amount;
                    f.Fees += item.FeesOutstanding.Amount;
                }
            }
        }

        private Facts AccountFacts()
        {
            var f = default(Facts);
            foreach (var item in _account.Items)
            {
                if (Eligible(item))
                {
                    Add(ref f, item);
                }
            }

            return f;
        }

        private Facts ItemFacts(AccountItem item)
        {
            var f = default(Facts);
            f.Item = item;
            Add(ref f, item);
            return f;
        }

        private readonly bool BelowMinimumBalance(ref Facts f)
        {
            if (_policy.Suppressions.MinimumBalances.IsEmpty)
            {
                return false;
            }

            EnsureAmounts(ref f);
            foreach (var min in _policy.Suppressions.MinimumBalances)
            {
                if (min.Currency == _account.Currency && f.Open < min.Amount)
                {
                    return true;
                }
            }

            return false;
        }

        // ---------------------------------------------------------------- stages

        private readonly LocalDate TriggerDate(LocalDate anchor, StageTrigger trigger, BusinessCalendar? calendar)
            => trigger.Days == OffsetDays.Calendar ? anchor.PlusDays(trigger.Offset) : calendar!.AddBusinessDays(anchor, trigger.Offset);

        private void Stages(string scope, Facts facts, int floor, LocalDate brokenOn, string? anchorItem)
        {
            if (BelowMinimumBalance(ref facts))
            {
                return;
            }

            var stages = _policy.Stages;
            LocalDate anchor = facts.Anchor;
            bool reset = false;
            if (_policy.PaymentEvents.PartialPaymentResetsStage && LatestPaymentOn(scope) is { } paidOn && paidOn > anchor)
            {
                anchor = paidOn;
                reset = true;
            }

            BusinessCalendar? calendar = _validated.AnyBusinessDays ? Calendar : null;
            var conditionsEmpty = _validated.ConditionsEmpty;

            // The current stage: the last one reached whose conditions hold (a broken promise lifts it to the floor).
            int current = -1;
            LocalDate currentStart = default;
            LocalDate firstTrigger = anchor;
            for (int i = 0; i < stages.Length; i++)
            {
                var s = stages[i];
                if (reset && s.Trigger.Offset <= 0)
                {
                    continue;
                }

                LocalDate t = TriggerDate(anchor, s.Trigger, calendar);
                if (i == 0 && t < firstTrigger)
                {
                    firstTrigger = t;
                }

                if (i == floor && brokenOn < t && brokenOn <= _today)
                {
                    t = brokenOn;
                }

                if (t > _today)
                {
                    Consider(t);
                    continue;
                }

                if (conditionsEmpty[i] || HoldsConditions(s.Conditions, ref facts))
                {
                    current = i;
                    currentStart = t;
                }
            }

            if (current < 0)
            {
                return;
            }

            // Behaviour changed intentionally (helper "replay"): the episode begins no later than the day a broken promise
            // lifted it, so decisions made now are not counted as an earlier episode's on replay.
            var episode = StartOfDay(reset ? anchor : (floor >= 0 && brokenOn <= _today && brokenOn < firstTrigger ? brokenOn : firstTrigger));
            bool latestOnly = _policy.CatchUp == CatchUpMode.LatestOnly;

            // Behaviour added intentionally (helper "dunning-a", issue 20): CatchUpMode.OneStagePerRun — a level fires only
            // when the level before it was not decided today (in this evaluation, or recorded with today's local date).
            bool oneAtATime = _policy.CatchUp == CatchUpMode.OneStagePerRun;
            int level = -1;
            bool levelFiredNow = false;
            for (int i = 0; i <= current; i++)
            {
                var s = stages[i];
                if (reset && s.Trigger.Offset <= 0)
                {
                    continue;
                }

                LocalDate t = i == current ? currentStart : TriggerDate(anchor, s.Trigger, calendar);
                if (t > _today || (i != current && !conditionsEmpty[i] && !HoldsConditions(s.Conditions, ref facts)))
                {
                    continue;
                }

                if (oneAtATime && level >= 0)
                {
                    var startOfToday = StartOfDay(_today);
                    var levelId = stages[level].Id;
                    bool decidedToday = false;
                    foreach (var e in _history.Entries)
                    {
                        decidedToday |= e.DecidedAt >= startOfToday && e.DecidedAt >= episode && e.StageId == levelId
                            && HasPolicy(e.IdempotencyKey, _policy.Id) && ScopeOf(e.IdempotencyKey).SequenceEqual(scope.AsSpan());
                    }

                    if (levelFiredNow || decidedToday)
                    {
                        Consider(_today.PlusDays(1));
                        break;
                    }
                }

                int firedBefore = Fired?.Count ?? 0;

                // Behaviour added in session 5 (issue 13, deferred notices): under LatestOnly, the notice of a passed stage
                // is still sent when the quiet rules allow business days only and no day from its trigger day up to
                // (not including) today was a business day, unless a later stage with a notice is reached.
                bool deferred = false;
                if (latestOnly && i != current && t < _today && _policy.QuietRules.BusinessDaysOnly && s.Actions.Any(a => IsNotice(a.Kind, a.Channel)))
                {
                    deferred = true;
                    for (var day = t; day < _today; day = day.PlusDays(1))
                    {
                        deferred &= !Calendar.IsBusinessDay(day);
                    }

                    for (int j = i + 1; deferred && j <= current; j++)
                    {
                        var later = stages[j];
                        if (!later.Actions.Any(a => IsNotice(a.Kind, a.Channel)) || (reset && later.Trigger.Offset <= 0))
                        {
                            continue;
                        }

                        if (j == current || (TriggerDate(anchor, later.Trigger, calendar) <= _today && (conditionsEmpty[j] || HoldsConditions(later.Conditions, ref facts))))
                        {
                            deferred = false;
                        }
                    }
                }

                // Repetitions: the latest due one (or all of them in catch-up mode All), not past the next reached stage.
                int last = 1;
                if (s.Repeat is { MaxTimes: { } max } r)
                {
                    LocalDate until = _today;
                    if (i != current)
                    {
                        LocalDate nextStage = TriggerDate(anchor, stages[i + 1].Trigger, calendar).PlusDays(-1);
                        until = nextStage < until ? nextStage : until;
                    }

                    int due = until < t ? 1 : 1 + (Period.DaysBetween(t, until) / r.EveryDays);
                    last = due < max ? due : max;
                    if (i == current && last < max)
                    {
                        Consider(t.PlusDays(last * r.EveryDays));
                    }
                }

                int first = latestOnly ? last : 1;
                foreach (var action in s.Actions)
                {
                    bool message = IsMessage(action.Kind);
                    if (latestOnly && message && i != current && !(deferred && IsNotice(action.Kind, action.Channel)))
                    {
                        continue; // superseded by a more advanced stage
                    }

                    int from = message || i == current ? first : 1;
                    int to = message || i == current ? last : 1;
                    for (int k = from; k <= to; k++)
                    {
                        StageAction(scope, s, i, action, k, episode, t, ref facts, anchorItem, floor == i && brokenOn <= _today && brokenOn == t);
                    }
                }

                level = i;
                levelFiredNow = (Fired?.Count ?? 0) > firedBefore;
            }
        }

        private readonly LocalDate? LatestPaymentOn(string scope)
        {
            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn > _today)
                {
                    continue;
                }

                bool relevant = string.Equals(scope, _account.Id, StringComparison.Ordinal);
                if (!relevant)
                {
                    foreach (var a in p.Allocations)
                    {
                        relevant |= string.Equals(a.ItemId, scope, StringComparison.Ordinal);
                    }
                }

                if (relevant && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            return latest;
        }

        private bool HoldsConditions(StageConditions c, ref Facts f)
        {
            if (c.IsEmpty)
            {
                return true;
            }

            if (!c.MinOverdueAmounts.IsEmpty)
            {
                EnsureAmounts(ref f);
            }

            foreach (var min in c.MinOverdueAmounts)
            {
                if (min.Currency == _account.Currency && f.Overdue < min.Amount)
                {
                    return false;
                }
            }

            if (c.MinOverdueItems is { } n && f.OverdueCount < n)
            {
                return false;
            }

            var customer = _account.Customer;
            if (!c.IncludedSegments.IsEmpty)
            {
                bool any = false;
                foreach (var seg in c.IncludedSegments)
                {
                    any |= customer.HasSegment(seg);
                }

                if (!any)
                {
                    return false;
                }
            }

            foreach (var seg in c.ExcludedSegments)
            {
                if (customer.HasSegment(seg))
                {
                    return false;
                }
            }

            if (c.MaxOnTimeShare is not null || c.MinAverageDaysLate is not null || c.MinMaxDaysLate is not null)
            {
                var b = _behaviour ??= PaymentBehaviour.Of(_account, _today);
                if ((c.MaxOnTimeShare is { } share && b.OnTimeShare > share)
                    || (c.MinAverageDaysLate is { } avg && b.AverageDaysLate < avg)
                    || (c.MinMaxDaysLate is { } worst && b.MaxDaysLate < worst))
                {
                    return false;
                }
            }

            foreach (var group in c.AnyOf)
            {
                bool any = false;
                foreach (var member in group.Members)
                {
                    if (HoldsConditions(member, ref f))
                    {
                        any = true;
                        break;
                    }
                }

                if (!any)
                {
                    return false;
                }
            }

            return true;
        }

        private void StageAction(string scope, EscalationStage stage, int index, EscalationAction action, int k, Instant episode, LocalDate triggeredOn, ref Facts facts, string? anchorItem, bool byBrokenPromise)
        {
            NotificationChannel? channel = action.Channel;
            if (channel is { } requested && !ResolveChannel(requested, out channel))
            {
                return; // opted out of every notice channel: nothing can be sent
            }

            if (Done(stage.Id, action.Kind, channel, false, scope, episode, k, out int occurrence))
            {
                return;
            }

            // Behaviour changed intentionally (helper "dunning-a", issue 20): a block, suspension or stop-work is not
            // taken while nothing in its scope counts as overdue (the next evaluation would reverse it).
            if (Reversal(action.Kind) is not null && OverdueStateOf(scope.AsSpan(), false, out _) != 0)
            {
                return;
            }

            var policy = _policy;
            EnsureAmounts(ref facts);

            // One explanation, written straight into a stack buffer (no intermediate strings):
            // "On {today} {n} item(s) are overdue for {overdue} (open {open}); {reason}{repeat}. Tone {tone}. Action: {what}."
            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[512]);
            text.AppendLiteral("On ");
            text.AppendFormatted(new IsoDate(_today));
            text.AppendLiteral(" ");
            text.AppendFormatted(facts.OverdueCount);
            text.AppendLiteral(" item(s) are overdue for ");
            text.AppendFormatted(Amount(facts.Overdue));
            text.AppendLiteral(" (open ");
            text.AppendFormatted(Amount(facts.Open));
            text.AppendLiteral("); ");
            if (byBrokenPromise)
            {
                text.AppendLiteral("a promise to pay was broken on ");
                text.AppendFormatted(new IsoDate(triggeredOn));
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
                text.AppendLiteral(trigger.Days == OffsetDays.Calendar ? " calendar days" : " business days");
                text.AppendLiteral(" from the due date ");
                text.AppendFormatted(new IsoDate(facts.Anchor));
                if (anchorItem is not null)
                {
                    text.AppendLiteral(" of item ");
                    text.AppendFormatted(anchorItem);
                }

                text.AppendLiteral(", i.e. on ");
                text.AppendFormatted(new IsoDate(triggeredOn));
            }

            if (k > 1)
            {
                text.AppendLiteral(", repetition ");
                text.AppendFormatted(k);
                text.AppendLiteral(" of ");
                text.AppendFormatted(stage.Repeat!.MaxTimes);
                text.AppendLiteral(" (every ");
                text.AppendFormatted(stage.Repeat.EveryDays);
                text.AppendLiteral(" days)");
            }

            text.AppendLiteral(". Tone ");
            text.AppendFormatted(stage.Tone);
            text.AppendLiteral(". Action: ");
            text.AppendFormatted(action.Kind);
            if (action.Channel is { } asked)
            {
                text.AppendLiteral(" by ");
                text.AppendFormatted(channel);
                text.AppendLiteral(" with template '");
                text.AppendFormatted(action.TemplateKey);
                text.AppendLiteral("'");
                if (channel != asked)
                {
                    text.AppendLiteral(" (");
                    text.AppendFormatted(asked);
                    text.AppendLiteral(" opted out; fallback ");
                    text.AppendFormatted(channel);
                    text.AppendLiteral(")");
                }
            }

            text.AppendLiteral(".");
            string explanation = text.ToStringAndClear();
            var items = ItemIds(scope, facts);
            Emit(Key(policy.Id, stage.Id, action.Kind, channel, scope, occurrence), stage.Id, action.Kind, stage.Tone, channel, action.TemplateKey, items,
                null, occurrence, IsNotice(action.Kind, channel), dunning: true, explanation);
        }

        private readonly ImmutableArray<string> ItemIds(string scope, in Facts facts)
        {
            if (!string.Equals(scope, _account.Id, StringComparison.Ordinal))
            {
                return ImmutableArray.Create(scope);
            }

            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var item in _account.Items)
            {
                if (Eligible(item) && (item.DueDate < _today || (facts.OverdueCount == 0 && item.DueDate == facts.Anchor)))
                {
                    builder.Add(item.Id);
                }
            }

            return builder.ToImmutable();
        }

        // ---------------------------------------------------------------- events

        private void Reinstatements(bool fullyPaid)
        {
            foreach (var e in _history.Entries)
            {
                if (Reversal(e.Action) is not { } reverse || e.Outcome is DecisionOutcome.Skipped or DecisionOutcome.Poisoned
                    || !HasPolicy(e.IdempotencyKey, _policy.Id))
                {
                    continue;
                }

                // Behaviour changed intentionally (helper "dunning-a", issue 20): reversed as soon as nothing in the scope
                // is overdue (items not yet due do not count; an overdue balance below the policy's tolerance does not
                // either), no longer only on payment in full.
                var scope = ScopeOf(e.IdempotencyKey);
                int state = OverdueStateOf(scope, fullyPaid, out decimal overdue);
                if (state == 0)
                {
                    continue;
                }

                // The reversal already recorded (a crash, or a failed notice, between the two decisions): the
                // service-restored notice is still owed until it is recorded too (replay stability; issue 14 §2 re-check).
                // Behaviour changed intentionally (helper "replay"): a recorded reversal no longer hides a
                // service-restored notice that is not recorded yet (crash between the two; the runner's re-check).
                var reversal = ReversalEntry(e, reverse);
                bool restoredNoticeOwed = e.Action == EscalationActionKind.SuspendService && !RestoredNoticeSent(e)
                    && reversal?.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned);
                if (reversal is not null && !restoredNoticeOwed)
                {
                    continue;
                }

                string scopeText = scope.ToString();
                bool accountScope = string.Equals(scopeText, _account.Id, StringComparison.Ordinal);
                string what = accountScope ? "the account" : $"item {scopeText}";
                string explanation = state == 1
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"On {Iso(_today)} {(fullyPaid ? "the account is paid in full" : $"item {scopeText} is paid in full")}; {e.Action} of stage '{e.StageId}' (decided {e.DecidedAt}) is reversed by {reverse} (rule: payment in full reinstates).")
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"On {Iso(_today)} {(state == 3 ? $"the overdue balance of {what}, {Money.Of(overdue, _account.Currency)}, is below the tolerance {_policy.Reinstatement.ToleranceFor(_account.Currency)}" : $"nothing of {what} is overdue (items not yet due do not count)")}; {e.Action} of stage '{e.StageId}' (decided {e.DecidedAt}) is reversed by {reverse} (rule: nothing overdue reinstates{(state == 3 ? ", policy Reinstatement.OverdueTolerances" : string.Empty)}).");
                var items = string.Equals(scopeText, _account.Id, StringComparison.Ordinal) ? ImmutableArray<string>.Empty : ImmutableArray.Create(scopeText);
                if (reversal is null)
                {
                    Emit(Key(_policy.Id, e.StageId, reverse, null, scopeText, e.Occurrence), e.StageId, reverse, EscalationTone.Friendly, null, null, items,
                        null, e.Occurrence, notice: false, dunning: false, explanation);
                }

                if (restoredNoticeOwed && ResolveChannel(_policy.PaymentEvents.Channel, out var channel))
                {
                    Emit(Key(_policy.Id, ServiceRestoredStageId, EscalationActionKind.SendNotice, channel, scopeText, e.Occurrence), ServiceRestoredStageId,
                        EscalationActionKind.SendNotice, EscalationTone.Friendly, channel, TemplateKeys.NoticeServiceRestored, items, null, e.Occurrence,
                        notice: true, dunning: false, RestoredExplanation(explanation, channel, LatestReduction(accountScope ? null : scopeText), SettlementOn(LatestReduction(accountScope ? null : scopeText), accountScope ? null : scopeText)),
                        settlement: SettlementOn(LatestReduction(accountScope ? null : scopeText), accountScope ? null : scopeText));
                }
            }
        }

        /// <summary>0 overdue, 1 paid, 2 nothing overdue, 3 overdue below the tolerance (helper "dunning-a", issue 20).</summary>
        private readonly int OverdueStateOf(ReadOnlySpan<char> scope, bool fullyPaid, out decimal overdue)
        {
            overdue = 0m;
            int count = 0;
            bool accountScope = scope.SequenceEqual(_account.Id.AsSpan());
            if (accountScope && fullyPaid)
            {
                return 1;
            }

            bool found = accountScope;
            foreach (var item in _account.Items)
            {
                if (!accountScope && !scope.SequenceEqual(item.Id.AsSpan()))
                {
                    continue;
                }

                if (!accountScope && item.IsSettled)
                {
                    return 1;
                }

                found = true;
                if (!item.IsSettled && item.DueDate < _today)
                {
                    overdue += item.Outstanding.Amount;
                    count++;
                }
            }

            if (!found)
            {
                return 0;
            }

            if (count == 0)
            {
                return 2;
            }

            return _policy.Reinstatement.ToleranceFor(_account.Currency) is { } t && overdue < t.Amount ? 3 : 0;
        }

        private readonly CollectionHistoryEntry? ReversalEntry(CollectionHistoryEntry original, EscalationActionKind reverse)
        {
            var scope = ScopeOf(original.IdempotencyKey);
            foreach (var e in _history.Entries)
            {
                if (e.Action == reverse && e.Occurrence == original.Occurrence && string.Equals(e.StageId, original.StageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && ScopeOf(e.IdempotencyKey).SequenceEqual(scope))
                {
                    return e;
                }
            }

            return null;
        }

        private readonly bool RestoredNoticeSent(CollectionHistoryEntry original)
        {
            var scope = ScopeOf(original.IdempotencyKey);
            foreach (var e in _history.Entries)
            {
                if (e.Occurrence == original.Occurrence && string.Equals(e.StageId, ServiceRestoredStageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && ScopeOf(e.IdempotencyKey).SequenceEqual(scope))
                {
                    return true;
                }
            }

            return false;
        }

        private void ThankYou(LocalDate settledOn)
        {
            var settings = _policy.PaymentEvents;
            if (!settings.ThankYouOnFullPayment || settledOn > _today)
            {
                if (settledOn > _today)
                {
                    Consider(settledOn);
                }

                return;
            }

            LocalDate expires = settledOn.PlusDays(settings.WindowDays + 1);
            if (_today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(settledOn);
            if (Done(ThankYouStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(settledOn);

            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(_today)} the account is paid in full (last item settled on {Iso(settledOn)}, {Amount(paid)} received that day); one thank-you by {channel} with template '{TemplateKeys.PaymentThankYou}' ends the escalation (policy rule PaymentEvents.ThankYouOnFullPayment, within {settings.WindowDays} days).");
            Emit(Key(_policy.Id, ThankYouStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), ThankYouStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentThankYou, ImmutableArray<string>.Empty, null, occurrence, notice: true, dunning: false, explanation,
                settlement: SettlementOn(settledOn, null));
        }

        // Behaviour added intentionally (helper "paid13", issue 13): the figures a payment-event notice states.
        private readonly SettlementFigures SettlementOn(LocalDate? on, string? itemId)
        {
            var cur = _account.Currency;
            decimal remaining = _account.Items.Where(i => !i.IsSettled).Sum(i => i.Outstanding.Amount);
            var payments = _account.Payments.Where(p => p.ReceivedOn == on && (itemId is null || p.Allocations.Any(a => a.ItemId == itemId && a.Total.IsPositive))).ToList();
            var notes = _account.Credits.Where(c => c.IssuedOn == on && (itemId is null || c.ItemId == itemId)).ToList();
            var applied = _account.CreditApplications.Where(c => c.AppliedOn == on).SelectMany(c => c.Allocations)
                .Where(a => (itemId is null || a.ItemId == itemId) && a.Total.IsPositive).ToList();
            var means = (payments.Count > 0 ? SettlementMeans.Payment : SettlementMeans.None)
                | (notes.Count > 0 ? SettlementMeans.CreditNote : SettlementMeans.None)
                | (applied.Count > 0 ? SettlementMeans.AppliedCredit : SettlementMeans.None);
            return new SettlementFigures(means, Money.Of(payments.Sum(p => p.Amount.Amount), cur),
                Money.Of(notes.Sum(c => c.Amount.Amount) + applied.Sum(a => a.Total.Amount), cur), Money.Of(remaining, cur));
        }

        // Behaviour changed intentionally (helper "paid13", issue 13): the restored notice's explanation says what it acknowledges.
        private static string RestoredExplanation(string explanation, NotificationChannel? channel, LocalDate? on, SettlementFigures s)
            => s.SettledBy == SettlementMeans.None || on is null
                ? explanation + $" Notice by {channel} with template '{TemplateKeys.NoticeServiceRestored}'; nothing paid or credited to acknowledge."
                : explanation + string.Create(CultureInfo.InvariantCulture, $" Notice by {channel} with template '{TemplateKeys.NoticeServiceRestored}', acknowledging {s.Paid} paid and {s.Credited} credited on {Iso(on.Value)} ({s.SettledBy}).");

        private readonly LocalDate? LatestReduction(string? itemId)
        {
            var today = _today;
            var dates = _account.Payments.Where(p => itemId is null || p.Allocations.Any(a => a.ItemId == itemId && a.Total.IsPositive)).Select(p => p.ReceivedOn)
                .Concat(_account.Credits.Where(c => itemId is null || c.ItemId == itemId).Select(c => c.IssuedOn))
                .Concat(_account.CreditApplications.Where(c => itemId is null || c.Allocations.Any(a => a.ItemId == itemId && a.Total.IsPositive)).Select(c => c.AppliedOn))
                .Where(d => d <= today).ToList();
            return dates.Count == 0 ? null : dates.Max();
        }

        private decimal PaidOn(LocalDate date)
        {
            decimal paid = 0m;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn == date)
                {
                    paid += p.Amount.Amount;
                }
            }

            return paid;
        }

        private void PartialAcknowledgement()
        {
            var settings = _policy.PaymentEvents;
            if (!settings.AcknowledgePartialPayments || _account.Payments.IsEmpty)
            {
                return;
            }

            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn <= _today && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            if (latest is not { } paidOn || !OverdueStillOwedAfter(paidOn))
            {
                return; // not partial: the payment left nothing that was overdue at its date unpaid
            }

            LocalDate expires = paidOn.PlusDays(settings.WindowDays + 1);
            if (_today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(paidOn);
            if (Done(PartialAckStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(paidOn);

            decimal remaining = _account.Outstanding.Amount;
            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(_today)}: {Amount(paid)} received on {Iso(paidOn)} leaves {Amount(remaining)} to pay; acknowledged by {channel} with template '{TemplateKeys.PaymentPartialAck}' (policy rule PaymentEvents.AcknowledgePartialPayments; the stage {(settings.PartialPaymentResetsStage ? "restarts from the payment date" : "is not reset")}).");
            Emit(Key(_policy.Id, PartialAckStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PartialAckStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentPartialAck, _account.Items.Where(i => !i.IsSettled).Select(i => i.Id).ToImmutableArray(), null, occurrence, notice: true, dunning: false, explanation,
                settlement: SettlementOn(paidOn, null));
        }

        /// <summary>
        /// Whether, after the payments of <paramref name="paidOn"/>, something that was overdue on that date is still
        /// owed: an item due before <paramref name="paidOn"/> that was not settled by the end of that day. Only then is
        /// the payment partial; a payment that leaves only items not yet due is not (docs/escalation.md, Payment events).
        /// </summary>
        private readonly bool OverdueStillOwedAfter(LocalDate paidOn)
        {
            foreach (var item in _account.Items)
            {
                if (item.DueDate < paidOn && (item.SettledOn is not { } settled || settled > paidOn))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The index of the stage a broken promise lifts escalation to (or -1), and the day it broke.</summary>
        private int BrokenPromise(out LocalDate brokenOn)
        {
            brokenOn = default;
            if (_account.Promises.IsEmpty)
            {
                return -1;
            }

            int grace = _policy.Suppressions.PromiseGraceDays;
            PaymentPromise? broken = null;
            foreach (var promise in _account.Promises)
            {
                if (promise.MadeOn > _today)
                {
                    continue;
                }

                LocalDate breaksOn = promise.PromisedDate.PlusDays(grace + 1);
                if (breaksOn > _today)
                {
                    Consider(breaksOn);
                    continue;
                }

                if (!Kept(promise, breaksOn) && (broken is null || breaksOn > brokenOn))
                {
                    broken = promise;
                    brokenOn = breaksOn;
                }
            }

            if (broken is null || !StillOwes(broken))
            {
                return -1;
            }

            int floor = _validated.BrokenPromiseFloor;
            LocalDate expires = brokenOn.PlusDays(_policy.PaymentEvents.WindowDays + 1);
            if (_today < expires && ResolveChannel(NotificationChannel.Email, out var channel)
                && !Done(PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, StartOfDay(brokenOn), 1, out int occurrence))
            {
                Consider(expires);
                decimal owed = 0m;
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsDisputed && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, item.Id)))
                    {
                        owed += item.Outstanding.Amount;
                    }
                }

                string explanation = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Promise '{broken.PromiseId}' made on {Iso(broken.MadeOn)} to pay {broken.Amount} by {Iso(broken.PromisedDate)} was not kept within {grace} day(s) of grace; it counts as broken on {Iso(brokenOn)} and {Amount(owed)} is still owed. Notice by {channel} with template '{TemplateKeys.PromiseBroken}'{(floor >= 0 ? $"; escalation moves at once to stage '{_policy.Stages[floor].Id}'" : string.Empty)} (policy rule Suppressions).");
                Emit(Key(_policy.Id, PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PromiseBrokenStageId, EscalationActionKind.SendNotice,
                    floor >= 0 ? _policy.Stages[floor].Tone : EscalationTone.Firm, channel, TemplateKeys.PromiseBroken, _account.Items.Where(i => !i.IsSettled && !i.IsDisputed && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, i.Id))).Select(i => i.Id).ToImmutableArray(), null, occurrence, notice: true, dunning: true, explanation, broken.PromisedDate);
            }

            return floor;
        }

        private readonly bool Kept(PaymentPromise promise, LocalDate breaksOn)
        {
            decimal paid = 0m;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn >= promise.MadeOn && p.ReceivedOn < breaksOn)
                {
                    paid += p.Amount.Amount;
                }
            }

            return paid >= promise.Amount.Amount || !StillOwes(promise);
        }

        private readonly bool StillOwes(PaymentPromise promise)
        {
            foreach (var item in _account.Items)
            {
                if (!item.IsSettled && !item.IsDisputed && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, item.Id)))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool PromiseCovers(LocalDate brokenOn, string itemId)
        {
            int grace = _policy.Suppressions.PromiseGraceDays;
            foreach (var promise in _account.Promises)
            {
                if (promise.PromisedDate.PlusDays(grace + 1) == brokenOn && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, itemId)))
                {
                    return true;
                }
            }

            return false;
        }

        private void PlanArrears()
        {
            int grace = _policy.Suppressions.PlanArrearsGraceDays;
            LocalDate latest = default;
            bool any = false;
            decimal overdue = 0m;
            int count = 0;
            string? planIds = null;
            foreach (var plan in _account.Plans)
            {
                if (plan.StartedOn > _today)
                {
                    Consider(plan.StartedOn);
                    continue;
                }

                var report = plan.Plan.StatusAsOf(_today);
                if (report.Status == Cobranza.Core.Installments.PlanStatus.Completed)
                {
                    continue;
                }

                foreach (var s in report.Installments)
                {
                    LocalDate notifyOn = s.Installment.DueDate.PlusDays(grace + 1);
                    if (s.Status == Cobranza.Core.Installments.InstallmentStatus.Paid)
                    {
                        continue;
                    }

                    if (notifyOn > _today)
                    {
                        Consider(notifyOn);
                        continue;
                    }

                    count++;
                    overdue += s.Outstanding.Amount;
                    planIds = planIds is null ? plan.PlanId : planIds.Contains(plan.PlanId, StringComparison.Ordinal) ? planIds : planIds + ", " + plan.PlanId;
                    if (!any || s.Installment.DueDate > latest)
                    {
                        latest = s.Installment.DueDate;
                        any = true;
                    }
                }
            }

            if (!any || !ResolveChannel(NotificationChannel.Email, out var channel))
            {
                return;
            }

            var since = StartOfDay(latest.PlusDays(grace + 1));
            if (Done(PlanArrearsStageId, EscalationActionKind.SendNotice, channel, true, _account.Id, since, 1, out int occurrence))
            {
                return;
            }

            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(_today)} payment plan {planIds} has {count} overdue installment(s) for {Amount(overdue)} (the latest due on {Iso(latest)}); an active plan replaces item escalation, so only plan arrears escalate: notice by {channel} with template '{TemplateKeys.PlanInstallmentOverdue}'.");
            Emit(Key(_policy.Id, PlanArrearsStageId, EscalationActionKind.SendNotice, channel, _account.Id, occurrence), PlanArrearsStageId, EscalationActionKind.SendNotice,
                EscalationTone.Firm, channel, TemplateKeys.PlanInstallmentOverdue, ImmutableArray<string>.Empty, overdue, occurrence, notice: true, dunning: true, explanation);
        }

        // ---------------------------------------------------------------- history

        /// <summary>
        /// Whether the decision (stage, action, channel, scope) with the <paramref name="k"/>-th occurrence of the episode
        /// that began at <paramref name="since"/> is in the history. Occurrences continue the numbering of earlier
        /// episodes: <paramref name="occurrence"/> = the highest occurrence recorded before <paramref name="since"/> + k.
        /// Compares components; builds no string.
        /// </summary>
        private readonly bool Done(string stageId, EscalationActionKind kind, NotificationChannel? channel, bool anyChannel, string scope, Instant since, int k, out int occurrence)
        {
            int baseOccurrence = 0;
            var entries = _history.Entries;
            foreach (var e in entries)
            {
                if (e.DecidedAt < since && e.Occurrence > baseOccurrence && Same(e, stageId, kind, channel, anyChannel, scope))
                {
                    baseOccurrence = e.Occurrence;
                }
            }

            occurrence = baseOccurrence + k;
            foreach (var e in entries)
            {
                if (e.Occurrence == occurrence && Same(e, stageId, kind, channel, anyChannel, scope))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool Same(CollectionHistoryEntry e, string stageId, EscalationActionKind kind, NotificationChannel? channel, bool anyChannel, string scope)
            => e.Action == kind && (anyChannel || e.Channel == channel) && string.Equals(e.StageId, stageId, StringComparison.Ordinal)
                && HasPolicy(e.IdempotencyKey, _policy.Id) && ScopeOf(e.IdempotencyKey).SequenceEqual(scope.AsSpan());

        // ---------------------------------------------------------------- channels, quiet rules, emitting

        private readonly bool ResolveChannel(NotificationChannel requested, out NotificationChannel? channel)
        {
            var customer = _account.Customer;
            if (requested == NotificationChannel.PhoneCall || !customer.HasOptedOutOf(requested))
            {
                channel = requested;
                return true;
            }

            foreach (var c in FallbackOrder)
            {
                if (c != requested && !customer.HasOptedOutOf(c))
                {
                    channel = c;
                    return true;
                }
            }

            channel = null;
            return false;
        }

        private void Consider(LocalDate date)
        {
            if (date > _today && (!_hasNext || date < _next))
            {
                _next = date;
                _hasNext = true;
            }
        }

        // Behaviour changed intentionally (helper "replay", replay stability, ES-00160 crash test): notices decided at
        // the evaluation instant are this evaluation's own output recorded before a crash; they count as they did when
        // first decided (non-dunning ones push nothing; each dunning one advances the send slot once), so evaluating
        // again at the same instant gives the same remaining decisions.
        private Instant? LastNotice()
        {
            if (_lastNoticeKnown)
            {
                return _lastNotice;
            }

            // A notice decided at this very instant was decided by this same evaluation (recorded before a crash, then
            // the evaluation replayed): it counts exactly as it did when first decided, so the replay gives the same
            // decisions (issue: replay stability, ES-00160). A non-dunning notice (acknowledgement, thank-you, service
            // restored) never pushed the evaluation's other notices; each dunning notice pushed the next by one send
            // slot (SendTime), replayed below in order. Notices of earlier evaluations count at their send time.
            Instant? last = null;
            int ownDunning = 0;
            foreach (var e in _history.Entries)
            {
                if (!IsNotice(e.Action, e.Channel) || e.Outcome is DecisionOutcome.Skipped or DecisionOutcome.Poisoned)
                {
                    continue;
                }

                if (e.DecidedAt == _now)
                {
                    if (IsDunningStage(e.StageId))
                    {
                        ownDunning++;
                    }

                    continue;
                }

                var at = e.Outcome == DecisionOutcome.Dispatched ? e.RecordedAt : e.DecidedAt;
                if (last is null || at > last.Value)
                {
                    last = at;
                }
            }

            _lastNotice = last;
            _lastNoticeKnown = true;
            for (int i = 0; i < ownDunning; i++)
            {
                SendTime(dunning: true);
            }

            return _lastNotice;
        }

        private Instant SendTime(bool dunning)
        {
            var rules = _policy.QuietRules;
            Instant earliest = _now;
            if (dunning && LastNotice() is { } last)
            {
                var gap = last.Plus(Duration.FromHours(rules.MinimumGapHours));
                if (gap > earliest)
                {
                    earliest = gap;
                }

                if (rules.OneNoticePerDay)
                {
                    var nextDay = StartOfDay(last.InZone(_zone).Date.PlusDays(1));
                    if (nextDay > earliest)
                    {
                        earliest = nextDay;
                    }
                }
            }

            var at = QuietWindow.NextAllowed(earliest, _zone, rules, rules.BusinessDaysOnly ? Calendar : null);
            if (dunning)
            {
                _lastNotice = at;
                _lastNoticeKnown = true;
            }

            return at;
        }

        // Behaviour changed in session 5 (issue 13, amounts by meaning): a decision states the principal, posted interest
        // and posted fees owed on the items it lists, and the account's open balance (those plus every other open item's
        // outstanding); the only exception is plan arrears, whose principal is the overdue installments. Written here
        // directly from the listed ids, independently of the engine's Listed/ListedAmounts.
        private void Emit(string key, string stageId, EscalationActionKind kind, EscalationTone tone, NotificationChannel? channel, string? template, ImmutableArray<string> items,
            decimal? planArrears, int occurrence, bool notice, bool dunning, string explanation, LocalDate? promisedDate = null, SettlementFigures? settlement = null)
        {
            var notBefore = notice ? SendTime(dunning) : _now;
            var currency = _account.Currency;
            decimal principal = 0m, interest = 0m, fees = 0m, others = 0m;
            foreach (var item in _account.Items.Where(i => !i.IsSettled))
            {
                if (items.Contains(item.Id, StringComparer.Ordinal))
                {
                    principal += item.PrincipalOutstanding.Amount;
                    interest += item.InterestOutstanding.Amount;
                    fees += item.FeesOutstanding.Amount;
                }
                else
                {
                    others += item.Outstanding.Amount;
                }
            }

            principal = planArrears ?? principal;
            var decision = new EscalationDecision(key, _account.Id, _policy.Id, _policy.Version, stageId, kind, tone, channel, template, Language(),
                items, Money.Of(principal, currency), Money.Of(interest, currency), Money.Of(fees, currency), Money.Of(principal + interest + fees + others, currency), occurrence, _now, notBefore,
                notBefore > _now ? explanation + string.Create(CultureInfo.InvariantCulture, $" Deferred by the quiet rules to {notBefore.InZone(_zone).LocalDateTime:uuuu-MM-dd HH:mm} local time ({_zone.Id}).") : explanation)
            {
                PromisedDate = promisedDate, // behaviour added in session 4: the broken-promise notice carries the promised date
                Settlement = settlement, // behaviour added intentionally (helper "paid13", issue 13): payment-event notices carry their figures
            };
            (Fired ??= new List<Pending>(4)).Add(new Pending { Decision = decision, Sequence = _sequence++ });
        }

        private readonly Language Language()
        {
            var tag = _account.Customer.Language.Tag.AsSpan();
            int dash = tag.IndexOfAny('-', '_');
            var primary = dash < 0 ? tag : tag[..dash];
            if (primary.Equals("es", StringComparison.OrdinalIgnoreCase))
            {
                return Cobranza.Core.Language.Spanish;
            }

            if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
            {
                return Cobranza.Core.Language.English;
            }

            return _policy.FallbackLanguage;
        }

        /// <summary>
        /// The first instant of <paramref name="date"/> in the customer's zone, as <see cref="DateTimeZone.AtStartOfDay"/>
        /// gives it, without allocating in the common case (no transition near midnight).
        /// </summary>
        private readonly Instant StartOfDay(LocalDate date)
        {
            var asUtc = date.AtMidnight().InUtc().ToInstant();
            var known = asUtc.Minus(Duration.FromSeconds(_interval.WallOffset.Seconds));
            if ((!_interval.HasStart || known - _interval.Start >= Duration.FromDays(1)) && (!_interval.HasEnd || _interval.End - known >= Duration.FromDays(1)))
            {
                return known; // midnight lies well inside the offset interval of the evaluation instant: no look-up
            }

            var offset = _zone.GetUtcOffset(asUtc);
            var candidate = asUtc.Minus(Duration.FromSeconds(offset.Seconds));
            var interval = _zone.GetZoneInterval(candidate);
            if (interval.WallOffset == offset && (!interval.HasStart || candidate - interval.Start >= Duration.FromDays(1))
                && (!interval.HasEnd || interval.End - candidate >= Duration.FromDays(1)))
            {
                return candidate;
            }

            return _zone.AtStartOfDay(date).ToInstant(); // a transition within a day of midnight: let NodaTime resolve it
        }

        private readonly string Amount(decimal amount) => Money.Of(amount, _account.Currency).ToString();

        private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
    }
}
