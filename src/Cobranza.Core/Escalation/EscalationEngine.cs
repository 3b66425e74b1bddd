using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using FluentValidation;
using NodaTime;
using NodaTime.TimeZones;

namespace Cobranza.Core.Escalation;

/// <summary>
/// The escalation engine (see <see cref="IEscalationEngine"/> and docs/escalation.md). Pure: the result depends only on
/// the arguments. Thread-safe. When nothing fires, evaluation allocates nothing (results without decisions are
/// shared instances from a small per-engine cache of immutable values).
/// </summary>
public sealed class EscalationEngine : IEscalationEngine
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
                $"Account '{account.Customer.CustomerId}' evaluated at {now}: a date or amount of the evaluation falls outside the supported range (years -9998 to 9999; decimal). {e.Message}",
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

        throw new ArgumentException($"account: customer '{customer.CustomerId}' names calendar '{id}', which the calendar provider does not know.", "account");
    }

    /// <summary>A date as ISO <c>uuuu-MM-dd</c>, formatted in place (no string) for years 0–9999; NodaTime's pattern otherwise.</summary>
    private readonly struct IsoDate : ISpanFormattable
    {
        private readonly int _year;
        private readonly int _month;
        private readonly int _day;

        public IsoDate(LocalDate date)
        {
            _year = date.Year;
            _month = date.Month;
            _day = date.Day;
        }

        /// <summary>The date of a day number (<see cref="DayNumbers"/>) of a date the engine read, without building a <see cref="LocalDate"/>.</summary>
        public IsoDate(int dayNumber) => DayNumbers.ToCivil(dayNumber, out _year, out _month, out _day);

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            int year = _year;
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
            Digits(destination, 5, _month, 2);
            destination[7] = '-';
            Digits(destination, 8, _day, 2);
            charsWritten = 10;
            return true;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => new LocalDate(_year, _month, _day).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

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
        public int AnchorDay;
        public bool HasOpen;
        public bool AmountsKnown;

        // The same sums as mantissa and scale (exact; Ok false when a figure does not fit, then only the decimals are used).
        public ScaledSum OverdueSum;
        public ScaledSum OpenSum;
        public string? AnchorItem;
        public AccountItem? Item;

        /// <summary>The interest accrued and fees applied today on the listed items (computed once, on the first decision).</summary>
        public LateFigures? Late;
    }

    /// <summary>
    /// What the account's late-charge terms add to a scope's decisions on the evaluation date: interest accrued on the
    /// listed items and not yet posted, the fees the fee rule applies now, and the postings of both. One computation,
    /// shared by the notice and the charge actions of the scope.
    /// </summary>
    private sealed class LateFigures
    {
        public decimal Accrued;
        public decimal NewFees;
        public ImmutableArray<LateCharge> Interest = ImmutableArray<LateCharge>.Empty;
        public ImmutableArray<LateCharge> Fees = ImmutableArray<LateCharge>.Empty;
        public ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> Provisional = ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod>.Empty; // the days the accrued interest used a carried-forward rate
    }

    /// <summary>
    /// The amounts of one decision: principal, interest and fees owed on the items it lists (what it asks for), and
    /// what the account owes on its other open items (the rest of the open balance).
    /// </summary>
    private record struct DecisionAmounts
    {
        public decimal Principal;
        public decimal Interest;
        public decimal Fees;
        public decimal Others;
    }

    private struct Pending
    {
        public EscalationDecision Decision;
        public int Sequence;
    }

    /// <summary>
    /// An amount as <see cref="Money.ToString()"/> writes it (<c>1234.50 EUR</c>), formatted in place from an exact
    /// mantissa and scale; from the decimal through <see cref="Money.ToString()"/> when the sum did not fit.
    /// </summary>
    private readonly struct AmountText : ISpanFormattable
    {
        private readonly ScaledSum _sum;
        private readonly decimal _amount;
        private readonly Currency _currency;

        public AmountText(ScaledSum sum, decimal amount, Currency currency)
        {
            _sum = sum;
            _amount = amount;
            _currency = currency;
        }

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            charsWritten = 0;
            if (!_sum.Ok)
            {
                string text = ToString();
                if (!text.AsSpan().TryCopyTo(destination))
                {
                    return false;
                }

                charsWritten = text.Length;
                return true;
            }

            // Money's invariant form: the scale without trailing zeros but at least the minor units ("F" format, no
            // grouping, '.' separator), a space and the ISO code. The sum is never negative (outstanding amounts).
            ulong mantissa = (ulong)_sum.Mantissa;
            int scale = _sum.Scale;
            int minor = _currency.MinorUnits;
            while (scale > minor && mantissa % 10 == 0)
            {
                mantissa /= 10;
                scale--;
            }

            int decimals = scale > minor ? scale : minor;
            Span<char> digits = stackalloc char[20];
            int n = 0;
            do
            {
                digits[n++] = (char)('0' + (int)(mantissa % 10));
                mantissa /= 10;
            }
            while (mantissa != 0);

            // digits holds the mantissa reversed; scale of them are the fraction.
            int integerDigits = n > scale ? n - scale : 1;
            string code = _currency.Code;
            int length = integerDigits + (decimals > 0 ? 1 + decimals : 0) + 1 + code.Length;
            if (destination.Length < length)
            {
                return false;
            }

            int at = 0;
            for (int i = integerDigits - 1; i >= 0; i--)
            {
                int index = i + scale;
                destination[at++] = index < n ? digits[index] : '0';
            }

            if (decimals > 0)
            {
                destination[at++] = '.';
                for (int i = scale - 1; i >= 0; i--)
                {
                    destination[at++] = i < n ? digits[i] : '0';
                }

                for (int i = scale; i < decimals; i++)
                {
                    destination[at++] = '0';
                }
            }

            destination[at++] = ' ';
            code.AsSpan().CopyTo(destination[at..]);
            charsWritten = at + code.Length;
            return true;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        public override string ToString() => Money.Of(_amount, _currency).ToString();
    }

    /// <summary>One evaluation. A struct, so the no-fire path allocates nothing.</summary>
    private struct Run
    {
        private readonly EscalationEngine _engine;
        private readonly CustomerAccount _account;
        private readonly CollectionHistory _history;
        private readonly EscalationPolicy _policy;
        private readonly ValidatedPolicy _validated;
        private readonly Instant _now;
        private readonly DateTimeZone _zone;
        private readonly ZoneInterval _interval;
        private readonly LocalDate _todayDate;
        private readonly bool _todayKnown;
        private readonly int _todayDay;
        private readonly long _offsetTicks;
        private readonly long _safeMidnightFrom;
        private readonly long _safeMidnightTo;
        private BusinessCalendar? _calendar;
        private PaymentBehaviour? _behaviour;
        private int _next;
        private bool _hasNext;
        private Pending _first;
        private List<Pending>? _more;
        private Instant? _lastNotice;
        private bool _lastNoticeKnown;
        private int _sequence;

        // The stage walk of the scope being fired (see FeeStageReached).
        private int _walkAnchor;
        private int _walkCurrent;
        private bool _walkReset;

        public Run(EscalationEngine engine, CustomerAccount account, CollectionHistory history, EscalationPolicy policy, ValidatedPolicy validated, Instant now)
        {
            _engine = engine;
            _account = account;
            _history = history;
            _policy = policy;
            _validated = validated;
            _now = now;
            _zone = account.Customer.TimeZone;
            _interval = _zone.GetZoneInterval(now); // the one time-zone look-up of the evaluation date
            // Local date and the offset interval in ticks, once: later dates and day starts are integer arithmetic.
            _offsetTicks = _interval.WallOffset.Seconds * NodaConstants.TicksPerSecond;
            _todayDay = FloorDay(now.ToUnixTimeTicks() + _offsetTicks);
            // The LocalDate of today is built up front only when events (payments, promises, plans, a hold) will compare
            // with it many times; otherwise on demand (an account with open items alone needs it only to explain a decision).
            _todayKnown = !account.Payments.IsEmpty || !account.Promises.IsEmpty || !account.Plans.IsEmpty || account.LegalHold is not null;
            _todayDate = _todayKnown ? DayNumbers.ToDate(_todayDay) : default;

            // A local midnight at least a day inside the interval needs no look-up (see StartOfDay(LocalDate)).
            _safeMidnightFrom = _interval.HasStart ? CeilingTicks(_interval.Start) + NodaConstants.TicksPerDay : long.MinValue;
            _safeMidnightTo = _interval.HasEnd ? _interval.End.ToUnixTimeTicks() - NodaConstants.TicksPerDay : long.MaxValue;
            _calendar = null;
            _behaviour = null;
            _next = 0;
            _hasNext = false;
            _first = default;
            _more = null;
            _lastNotice = null;
            _lastNoticeKnown = false;
            _sequence = 0;
            _walkAnchor = 0;
            _walkCurrent = -1;
            _walkReset = false;
            FiredCount = 0;
        }

        /// <summary>How many decisions fired (the first is kept in a field, the others in a list: one decision allocates no list).</summary>
        public int FiredCount { get; private set; }

        private BusinessCalendar Calendar => _calendar ??= _engine.CalendarOf(_account.Customer);

        /// <summary>The evaluation date in the customer's zone.</summary>
        private readonly LocalDate Today => _todayKnown ? _todayDate : DayNumbers.ToDate(_todayDay);

        public readonly Instant? NextEvaluation() => _hasNext ? StartOfDay(_next) : null;

        public readonly ImmutableArray<EscalationDecision> SortedDecisions()
        {
            if (_more is null)
            {
                return ImmutableArray.Create(_first.Decision);
            }

            var list = _more;
            list.Insert(0, _first);
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
                if (hold.Since <= Today)
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
                    Stages(_account.AccountId, ref facts, floor, brokenOn, facts.AnchorItem);
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
                    int itemFloor = floor >= 0 && PromiseCovers(brokenOn, item.ItemId) ? floor : -1;
                    Stages(item.ItemId, ref facts, itemFloor, brokenOn, item.ItemId);
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

            if (_account.Plans.IsEmpty && _account.Promises.IsEmpty)
            {
                return true;
            }

            if (InActivePlan(item.ItemId))
            {
                return false;
            }

            return !PausedByPromise(item.ItemId);
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
                if (plan.StartedOn <= Today && plan.Plan.StatusAsOf(Today).Status != Installments.PlanStatus.Completed)
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
                if (promise.MadeOn <= Today && Today <= promise.PromisedDate.PlusDays(grace)
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
            if (!item.IsIsoDue)
            {
                _ = item.DueDate < Today; // NodaTime refuses to compare dates of different calendars (as it always did here)
            }

            int due = item.DueDay;
            if (!f.HasOpen || due < f.AnchorDay)
            {
                f.Anchor = item.DueDate;
                f.AnchorDay = due;
                f.AnchorItem = item.ItemId;
            }

            f.HasOpen = true;
            if (due < _todayDay)
            {
                f.OverdueCount++;
            }
            else
            {
                Consider(PlusDays(due, 1)); // it becomes overdue: amounts and conditions change
            }
        }

        /// <summary><paramref name="day"/> + <paramref name="days"/>; out of NodaTime's range, the same exception as <see cref="LocalDate.PlusDays"/>.</summary>
        private static int PlusDays(int day, int days)
        {
            long result = (long)day + days;
            return result >= DayNumbers.Min && result <= DayNumbers.Max ? (int)result : DayNumbers.Of(DayNumbers.ToDate(day).PlusDays(days));
        }

        /// <summary>Sums the amounts of the scope, once, only when a rule or a decision needs them.</summary>
        private readonly void EnsureAmounts(ref Facts f)
        {
            if (f.AmountsKnown)
            {
                return;
            }

            f.AmountsKnown = true;

            // From the figures each item computed once at construction (mantissa and scale): no decimal arithmetic.
            var interest = default(ScaledSum);
            var fees = default(ScaledSum);
            foreach (var item in _account.Items)
            {
                if (f.Item is not null ? !ReferenceEquals(item, f.Item) : !Eligible(item))
                {
                    continue;
                }

                f.OpenSum.Add(item.OutstandingScaled);
                if (item.DueDay < _todayDay)
                {
                    f.OverdueSum.Add(item.OutstandingScaled);
                    interest.Add(item.InterestOutstandingScaled);
                    fees.Add(item.FeesOutstandingScaled);
                }
            }

            if (f.OpenSum.Ok && f.OverdueSum.Ok && interest.Ok && fees.Ok)
            {
                f.Open = f.OpenSum.ToDecimal();
                f.Overdue = f.OverdueSum.ToDecimal();
                f.Interest = interest.ToDecimal();
                f.Fees = fees.ToDecimal();
                return;
            }

            f.OpenSum.Fail(); // a figure did not fit: the decimals are added as before
            f.OverdueSum.Fail();
            foreach (var item in _account.Items)
            {
                if (f.Item is not null ? !ReferenceEquals(item, f.Item) : !Eligible(item))
                {
                    continue;
                }

                decimal outstanding = item.Outstanding.Amount;
                f.Open += outstanding;
                if (item.DueDate < Today)
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

        /// <summary>The trigger day of stage <paramref name="i"/> from <paramref name="anchorDay"/> (business days through the calendar).</summary>
        private readonly int TriggerDay(int anchorDay, int i, BusinessCalendar? calendar)
            => !_validated.BusinessDays[i]
                ? PlusDays(anchorDay, _validated.Offsets[i])
                : DayNumbers.Of(calendar!.AddBusinessDays(DayNumbers.ToDate(anchorDay), _validated.Offsets[i]));

        private void Stages(string scope, ref Facts facts, int floor, LocalDate brokenOn, string? anchorItem)
        {
            if (BelowMinimumBalance(ref facts))
            {
                return;
            }

            var stages = _policy.Stages;
            var offsets = _validated.Offsets;
            int anchor = facts.AnchorDay;
            bool reset = false;
            if (_policy.PaymentEvents.PartialPaymentResetsStage && LatestPaymentOn(scope) is { } paidOn && paidOn > facts.Anchor)
            {
                anchor = DayNumbers.Of(paidOn);
                reset = true;
            }

            // A broken promise (floor >= 0) counts only once it broke: brokenOn <= today (ISO: compared with today before).
            int broken = floor >= 0 && brokenOn <= Today ? DayNumbers.Of(brokenOn) : int.MaxValue;
            BusinessCalendar? calendar = _validated.AnyBusinessDays ? Calendar : null;
            var conditionsEmpty = _validated.ConditionsEmpty;

            // The current stage: the last one reached whose conditions hold (a broken promise lifts it to the floor).
            int current = -1;
            int currentStart = 0;
            int firstTrigger = anchor;
            for (int i = 0; i < stages.Length; i++)
            {
                if (reset && offsets[i] <= 0)
                {
                    continue;
                }

                int t = TriggerDay(anchor, i, calendar);
                if (i == 0 && t < firstTrigger)
                {
                    firstTrigger = t;
                }

                if (i == floor && broken < t)
                {
                    t = broken;
                }

                if (t > _todayDay)
                {
                    Consider(t);
                    if (floor < 0 && _validated.IncreasingCalendarOffsets && anchor <= DayNumbers.Max - _validated.MaxOffset)
                    {
                        break; // later stages trigger later still (and their dates are in range): nothing more to consider
                    }

                    continue;
                }

                if (conditionsEmpty[i] || HoldsConditions(stages[i].Conditions, ref facts))
                {
                    current = i;
                    currentStart = t;
                }
            }

            if (current < 0)
            {
                return;
            }

            _walkAnchor = anchor;
            _walkCurrent = current;
            _walkReset = reset;
            // The episode begins no later than the day a broken promise lifted it (else decisions made now, before the
            // stages' own trigger days, would count as an earlier episode and be made again on replay: ReplayStabilityTests).
            var episode = StartOfDay(reset ? anchor : Math.Min(firstTrigger, broken));
            bool latestOnly = _policy.CatchUp == CatchUpMode.LatestOnly;
            for (int i = 0; i <= current; i++)
            {
                var s = stages[i];
                if (reset && offsets[i] <= 0)
                {
                    continue;
                }

                // Under LatestOnly, an earlier stage with only messages produces nothing (superseded) — unless its notice
                // was deferred by the quiet rules alone (DeferredNotice): skip its work.
                int t = i == current ? currentStart : TriggerDay(anchor, i, calendar);
                bool deferred = latestOnly && i != current && _validated.HasNotice[i] && t <= _todayDay && DeferredNotice(t);
                if (latestOnly && i != current && _validated.OnlyMessages[i] && !deferred)
                {
                    continue;
                }

                if (t > _todayDay || (i != current && !conditionsEmpty[i] && !HoldsConditions(s.Conditions, ref facts)))
                {
                    continue;
                }

                if (deferred && LaterNoticeReached(i, current, anchor, reset, calendar, ref facts))
                {
                    deferred = false; // a more advanced notice is due now: it supersedes this one (as on catch-up)
                    if (_validated.OnlyMessages[i])
                    {
                        continue;
                    }
                }

                // Repetitions: the latest due one (or all of them in catch-up mode All), not past the next reached stage.
                int last = 1;
                if (s.Repeat is { MaxTimes: { } max } r)
                {
                    int until = _todayDay;
                    if (i != current)
                    {
                        int nextStage = PlusDays(TriggerDay(anchor, i + 1, calendar), -1);
                        until = nextStage < until ? nextStage : until;
                    }

                    int due = until < t ? 1 : 1 + ((until - t) / r.EveryDays);
                    last = due < max ? due : max;
                    if (i == current && last < max)
                    {
                        Consider(PlusDays(t, last * r.EveryDays));
                    }
                }

                int first = latestOnly ? last : 1;
                var actions = s.Actions;
                for (int j = 0; j < actions.Length; j++)
                {
                    var action = actions[j];
                    bool message = IsMessage(action.Kind);
                    if (latestOnly && message && i != current && !(deferred && IsNotice(action.Kind, action.Channel)))
                    {
                        continue; // superseded by a more advanced stage
                    }

                    int from = message || i == current ? first : 1;
                    int to = message || i == current ? last : 1;
                    for (int k = from; k <= to; k++)
                    {
                        StageAction(scope, s, i, action, j, k, episode, t, ref facts, anchorItem, floor == i && broken == t);
                    }
                }
            }
        }

        /// <summary>
        /// Whether the notice of a stage that triggered on <paramref name="triggerDay"/> is still waiting for its first
        /// allowed send day: the quiet rules allow business days only and no day from the trigger day up to (not
        /// including) today is a business day of the customer's calendar. Such a notice was deferred, not missed: every
        /// allowed day has a send window, so a run that wakes at NextEvaluationAt and at each deferred NotBefore could
        /// not have sent it (docs/escalation.md, "Deferred notices"). A missed day with an allowed window is a missed
        /// run: catch-up applies.
        /// </summary>
        private bool DeferredNotice(int triggerDay)
        {
            if (!_policy.QuietRules.BusinessDaysOnly || triggerDay >= _todayDay)
            {
                return false;
            }

            var calendar = Calendar;
            for (int day = triggerDay; day < _todayDay; day++)
            {
                if (calendar.IsBusinessDay(DayNumbers.ToDate(day)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether a stage after <paramref name="i"/> (up to the current one) with a notice is reached: its notice is due now and supersedes stage <paramref name="i"/>'s.</summary>
        private bool LaterNoticeReached(int i, int current, int anchor, bool reset, BusinessCalendar? calendar, ref Facts facts)
        {
            for (int j = i + 1; j <= current; j++)
            {
                if (!_validated.HasNotice[j] || (reset && _validated.Offsets[j] <= 0))
                {
                    continue;
                }

                if (j == current)
                {
                    return true;
                }

                if (TriggerDay(anchor, j, calendar) <= _todayDay && (_validated.ConditionsEmpty[j] || HoldsConditions(_policy.Stages[j].Conditions, ref facts)))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly LocalDate? LatestPaymentOn(string scope)
        {
            LocalDate? latest = null;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn > Today)
                {
                    continue;
                }

                bool relevant = string.Equals(scope, _account.AccountId, StringComparison.Ordinal);
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
                var b = _behaviour ??= PaymentBehaviour.Of(_account, Today);
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

        private void StageAction(string scope, EscalationStage stage, int stageIndex, EscalationAction action, int actionIndex, int k, Instant episode, int triggeredDay, ref Facts facts, string? anchorItem, bool byBrokenPromise)
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

            Fire(scope, stage, stageIndex, action, actionIndex, channel, k, occurrence, triggeredDay, ref facts, anchorItem, byBrokenPromise);
        }

        /// <summary>Writes the explanation of a stage decision and emits it (kept apart: the no-fire path never enters its large frame).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Fire(string scope, EscalationStage stage, int stageIndex, EscalationAction action, int actionIndex, NotificationChannel? channel, int k, int occurrence, int triggeredDay, ref Facts facts, string? anchorItem, bool byBrokenPromise)
        {
            var policy = _policy;
            EnsureAmounts(ref facts);
            var currency = _account.Currency;

            // One explanation, written straight into a stack buffer (no intermediate strings):
            // "On {today} {n} item(s) are overdue for {overdue} (open {open}); {reason}{repeat}. Tone {tone}. Action: {what}."
            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[384]);
            text.AppendLiteral("On ");
            text.AppendFormatted(new IsoDate(_todayDay));
            text.AppendLiteral(" ");
            text.AppendFormatted(facts.OverdueCount);
            text.AppendLiteral(" item(s) are overdue for ");
            text.AppendFormatted(new AmountText(facts.OverdueSum, facts.Overdue, currency));
            text.AppendLiteral(" (open ");
            text.AppendFormatted(new AmountText(facts.OpenSum, facts.Open, currency));
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
                text.AppendLiteral(trigger.Days == OffsetDays.Calendar ? " calendar days" : " business days");
                text.AppendLiteral(" from the due date ");
                text.AppendFormatted(new IsoDate(facts.AnchorDay));
                if (anchorItem is not null)
                {
                    text.AppendLiteral(" of item ");
                    text.AppendFormatted(anchorItem);
                }

                text.AppendLiteral(", i.e. on ");
                text.AppendFormatted(new IsoDate(triggeredDay));
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
            text.AppendFormatted(Name(stage.Tone));
            text.AppendLiteral(". Action: ");
            text.AppendFormatted(Name(action.Kind));
            if (action.Channel is { } asked)
            {
                text.AppendLiteral(" by ");
                text.AppendFormatted(Name(channel!.Value));
                text.AppendLiteral(" with template '");
                text.AppendFormatted(action.TemplateKey);
                text.AppendLiteral("'");
                if (channel != asked)
                {
                    text.AppendLiteral(" (");
                    text.AppendFormatted(Name(asked));
                    text.AppendLiteral(" opted out; fallback ");
                    text.AppendFormatted(Name(channel.Value));
                    text.AppendLiteral(")");
                }
            }

            text.AppendLiteral(".");
            string explanation = text.ToStringAndClear();
            var items = ItemIds(scope, facts);
            string key = channel == action.Channel
                ? string.Concat(_validated.KeyPrefixes[stageIndex][actionIndex], scope, "|", occurrence.ToString(CultureInfo.InvariantCulture)) // the key's parts after the cached prefix
                : Key(policy.Id, stage.Id, action.Kind, channel, scope, occurrence);
            var amounts = ListedAmounts(scope, facts);
            ImmutableArray<LateCharge> charges = default;
            ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> provisional = default;
            if (_engine._lateCharges is not null)
            {
                var late = facts.Late ??= LateFiguresOf(ref facts);
                amounts.Interest += late.Accrued;
                provisional = late.Provisional;
                amounts.Fees += late.NewFees;
                charges = action.Kind switch
                {
                    EscalationActionKind.ChargeLateInterest => late.Interest,
                    EscalationActionKind.ApplyLateFee => late.Fees,
                    _ => default,
                };
            }

            Emit(key, stage.Id, action.Kind, stage.Tone, channel, action.TemplateKey, items, amounts, occurrence, IsNotice(action.Kind, channel), dunning: true, explanation, charges: charges, provisional: provisional);
        }

        /// <summary>
        /// The late figures of the scope on the evaluation date (docs/escalation.md, "Late charges"): for each listed overdue item, the
        /// interest accrued under the account's terms and not yet posted (<see cref="AccountInterest.For"/>, through
        /// today); once a stage that applies the fee is reached, the fee the rule applies to each listed invoice now
        /// (<see cref="Interest.LateFee.Decide(string, Money, IEnumerable{string}, string)"/> on the overdue principal
        /// of its listed items, with the fee codes the ledger already holds for it), posted to its oldest listed item.
        /// </summary>
        /// <exception cref="Interest.ReferenceRateUnavailableException">A reference rate the interest needs is not published: no figure is guessed.</exception>
        private readonly LateFigures LateFiguresOf(ref Facts facts)
        {
            var terms = _engine._lateCharges!.For(_account) ?? LateChargeTerms.None;
            var late = new LateFigures();
            var today = Today;
            var currency = _account.Currency;
            bool es = Language() == "es";
            if (terms.Interest is { } interestTerms)
            {
                var lines = ImmutableArray.CreateBuilder<LateCharge>();
                List<Cobranza.Core.Interest.ProvisionalInterestPeriod>? provisional = null;
                foreach (var item in _account.Items)
                {
                    if (item.IsSettled || item.DueDate >= today || !IsListed(item, facts))
                    {
                        continue;
                    }

                    var accrual = AccountInterest.For(_account, item.ItemId, today, interestTerms);
                    if (accrual.IsProvisional)
                    {
                        Cobranza.Core.Interest.ProvisionalInterestPeriod.Merge(provisional ??= [], accrual.ProvisionalPeriods);
                    }

                    if (accrual.Accrued.IsPositive)
                    {
                        late.Accrued += accrual.Accrued.Amount;
                        lines.Add(LateCharge.Interest(item.ItemId, today, accrual.AccruedThrough, accrual.Accrued, es ? "Intereses de demora" : "Late interest") with { Provisional = accrual.IsProvisional });
                    }
                }

                late.Interest = lines.ToImmutable();
                late.Provisional = provisional is null ? [] : [.. provisional];
            }

            if (terms.Fee is { } fee && FeeStageReached(ref facts))
            {
                var lines = ImmutableArray.CreateBuilder<LateCharge>();
                var invoices = new List<string>();
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && item.DueDate < today && IsListed(item, facts) && !invoices.Contains(item.InvoiceId))
                    {
                        invoices.Add(item.InvoiceId);
                    }
                }

                foreach (string invoice in invoices)
                {
                    decimal principal = 0m;
                    AccountItem? first = null;
                    foreach (var item in _account.Items)
                    {
                        if (!item.IsSettled && item.DueDate < today && IsListed(item, facts) && string.Equals(item.InvoiceId, invoice, StringComparison.Ordinal))
                        {
                            principal += item.PrincipalOutstanding.Amount;
                            if (first is null || item.DueDate < first.DueDate || (item.DueDate == first.DueDate && item.PortionIndex < first.PortionIndex))
                            {
                                first = item;
                            }
                        }
                    }

                    string prefix = invoice + "/";
                    var applied = new List<string>();
                    foreach (var charge in _account.Charges)
                    {
                        if (charge.Kind == ChargeKind.Fee && charge.Key.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            applied.Add(charge.Key[prefix.Length..]);
                        }
                    }

                    var result = fee.Decide(invoice, Money.Of(principal, currency), applied, es ? "es" : "en");
                    if (result.Line is { } line)
                    {
                        late.NewFees += line.Amount.Amount;
                        lines.Add(LateCharge.Fee(result.IdempotencyKey, first!.ItemId, today, line.Amount, line.Description));
                    }
                }

                late.Fees = lines.ToImmutable();
            }

            return late;
        }

        /// <summary>Whether a stage that applies the late fee has been reached in the walk that fired (the current stage, or an earlier one whose day has come and whose conditions hold).</summary>
        private readonly bool FeeStageReached(ref Facts facts)
        {
            var stages = _policy.Stages;
            BusinessCalendar? calendar = _validated.AnyBusinessDays ? _engine.CalendarOf(_account.Customer) : null;
            for (int i = 0; i <= _walkCurrent; i++)
            {
                bool applies = false;
                foreach (var a in stages[i].Actions)
                {
                    applies |= a.Kind == EscalationActionKind.ApplyLateFee;
                }

                if (!applies || (_walkReset && _validated.Offsets[i] <= 0))
                {
                    continue;
                }

                if (i == _walkCurrent)
                {
                    return true;
                }

                if (TriggerDay(_walkAnchor, i, calendar) <= _todayDay && (_validated.ConditionsEmpty[i] || HoldsConditionsReadOnly(stages[i].Conditions, ref facts)))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool HoldsConditionsReadOnly(StageConditions conditions, ref Facts facts)
        {
            var copy = this; // HoldsConditions caches the payment behaviour on the run; a copy keeps this method readonly
            return copy.HoldsConditions(conditions, ref facts);
        }

        private readonly bool IsListed(AccountItem item, in Facts facts)
            => facts.Item is not null ? ReferenceEquals(item, facts.Item) : Listed(item, facts);

        /// <summary>
        /// The amounts of a stage decision: principal, posted interest and posted fees still owed on the items the
        /// decision lists (<see cref="Listed"/>; the item itself in item scope), and the account's open balance (those
        /// plus everything owed on its other open items). Summed in item order.
        /// </summary>
        private readonly DecisionAmounts ListedAmounts(string scope, in Facts facts)
        {
            var a = default(DecisionAmounts);
            foreach (var item in _account.Items)
            {
                if (item.IsSettled)
                {
                    continue;
                }

                bool listed = facts.Item is not null ? ReferenceEquals(item, facts.Item) : Listed(item, facts);
                if (listed)
                {
                    a.Principal += item.PrincipalOutstanding.Amount;
                    a.Interest += item.InterestOutstanding.Amount;
                    a.Fees += item.FeesOutstanding.Amount;
                }
                else
                {
                    a.Others += item.Outstanding.Amount;
                }
            }

            return a;
        }

        /// <summary>The amounts of the open items listed in <paramref name="ids"/> (<see cref="DecisionAmounts"/>), the others as <see cref="DecisionAmounts.Others"/>.</summary>
        private readonly DecisionAmounts AmountsOf(ImmutableArray<string> ids)
        {
            var a = default(DecisionAmounts);
            foreach (var item in _account.Items)
            {
                if (item.IsSettled)
                {
                    continue;
                }

                if (Contains(ids, item.ItemId))
                {
                    a.Principal += item.PrincipalOutstanding.Amount;
                    a.Interest += item.InterestOutstanding.Amount;
                    a.Fees += item.FeesOutstanding.Amount;
                }
                else
                {
                    a.Others += item.Outstanding.Amount;
                }
            }

            return a;
        }

        private readonly ImmutableArray<string> ItemIds(string scope, in Facts facts)
        {
            if (!string.Equals(scope, _account.AccountId, StringComparison.Ordinal))
            {
                return ImmutableArray.Create(scope);
            }

            // Two passes (count, then fill) so that the result is the only allocation.
            int count = 0;
            foreach (var item in _account.Items)
            {
                if (Listed(item, facts))
                {
                    count++;
                }
            }

            if (count == 0)
            {
                return ImmutableArray<string>.Empty;
            }

            var ids = new string[count];
            int at = 0;
            foreach (var item in _account.Items)
            {
                if (Listed(item, facts))
                {
                    ids[at++] = item.ItemId;
                }
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(ids);
        }

        private readonly bool Listed(AccountItem item, in Facts facts)
        {
            if (!Eligible(item))
            {
                return false;
            }

            return item.IsIsoDue
                ? item.DueDay < _todayDay || (facts.OverdueCount == 0 && item.DueDay == facts.AnchorDay)
                : item.DueDate < Today || (facts.OverdueCount == 0 && item.DueDate == facts.Anchor);
        }

        // ---------------------------------------------------------------- events

        private void Reinstatements(bool fullyPaid)
        {
            foreach (var e in _history.Entries)
            {
                if (e.Action is not (EscalationActionKind.StopWork or EscalationActionKind.SuspendService or EscalationActionKind.BlockOrders))
                {
                    continue; // only these have a reversal (Reversal)
                }

                if (Reversal(e.Action) is not { } reverse || e.Outcome is DecisionOutcome.Skipped or DecisionOutcome.Poisoned
                    || !HasPolicy(e.IdempotencyKey, _policy.Id))
                {
                    continue;
                }

                var scope = e.Scope;
                if (!ScopePaid(scope, fullyPaid))
                {
                    continue;
                }

                // The reversal already recorded (a crash, or a failed notice, between the two decisions): the
                // service-restored notice is still owed until it is recorded too (replay stability; issue 14 §2 re-check).
                var reversal = ReversalEntry(e, reverse);
                bool restoredNoticeOwed = e.Action == EscalationActionKind.SuspendService && !RestoredNoticeSent(e)
                    && reversal?.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned);
                if (reversal is not null && !restoredNoticeOwed)
                {
                    continue;
                }

                string scopeText = scope.ToString();
                string explanation = string.Create(
                    CultureInfo.InvariantCulture,
                    $"On {Iso(Today)} {(fullyPaid ? "the account is paid in full" : $"item {scopeText} is paid in full")}; {e.Action} of stage '{e.StageId}' (decided {e.DecidedAt}) is reversed by {reverse} (rule: payment in full reinstates).");
                var items = string.Equals(scopeText, _account.AccountId, StringComparison.Ordinal) ? ImmutableArray<string>.Empty : ImmutableArray.Create(scopeText);
                var nothingAsked = AmountsOf(ImmutableArray<string>.Empty);
                if (reversal is null)
                {
                    Emit(Key(_policy.Id, e.StageId, reverse, null, scopeText, e.Occurrence), e.StageId, reverse, EscalationTone.Friendly, null, null, items,
                        nothingAsked, e.Occurrence, notice: false, dunning: false, explanation);
                }

                if (restoredNoticeOwed && ResolveChannel(_policy.PaymentEvents.Channel, out var channel))
                {
                    Emit(Key(_policy.Id, ServiceRestoredStageId, EscalationActionKind.SendNotice, channel, scopeText, e.Occurrence), ServiceRestoredStageId,
                        EscalationActionKind.SendNotice, EscalationTone.Friendly, channel, TemplateKeys.NoticeServiceRestored, items, nothingAsked, e.Occurrence,
                        notice: true, dunning: false, explanation + $" Notice by {channel} with template '{TemplateKeys.NoticeServiceRestored}'.");
                }
            }
        }

        /// <summary>The ids of the account's open (unsettled) items, in item order.</summary>
        private readonly ImmutableArray<string> OpenItemIds()
        {
            var ids = ImmutableArray.CreateBuilder<string>();
            foreach (var item in _account.Items)
            {
                if (!item.IsSettled)
                {
                    ids.Add(item.ItemId);
                }
            }

            return ids.ToImmutable();
        }

        private readonly bool ScopePaid(ReadOnlySpan<char> scope, bool fullyPaid)
        {
            if (scope.SequenceEqual(_account.AccountId.AsSpan()))
            {
                return fullyPaid;
            }

            foreach (var item in _account.Items)
            {
                if (scope.SequenceEqual(item.ItemId.AsSpan()))
                {
                    return item.IsSettled;
                }
            }

            return false;
        }

        private readonly CollectionHistoryEntry? ReversalEntry(CollectionHistoryEntry original, EscalationActionKind reverse)
        {
            var scope = original.Scope;
            foreach (var e in _history.Entries)
            {
                if (e.Action == reverse && e.Occurrence == original.Occurrence && string.Equals(e.StageId, original.StageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope))
                {
                    return e;
                }
            }

            return null;
        }

        private readonly bool RestoredNoticeSent(CollectionHistoryEntry original)
        {
            var scope = original.Scope;
            foreach (var e in _history.Entries)
            {
                if (e.Occurrence == original.Occurrence && string.Equals(e.StageId, ServiceRestoredStageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope))
                {
                    return true;
                }
            }

            return false;
        }

        private void ThankYou(LocalDate settledOn)
        {
            var settings = _policy.PaymentEvents;
            if (!settings.ThankYouOnFullPayment || settledOn > Today)
            {
                if (settledOn > Today)
                {
                    Consider(settledOn);
                }

                return;
            }

            LocalDate expires = settledOn.PlusDays(settings.WindowDays + 1);
            if (Today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(settledOn);
            if (Done(ThankYouStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(settledOn);

            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(Today)} the account is paid in full (last item settled on {Iso(settledOn)}, {Amount(paid)} received that day); one thank-you by {channel} with template '{TemplateKeys.PaymentThankYou}' ends the escalation (policy rule PaymentEvents.ThankYouOnFullPayment, within {settings.WindowDays} days).");
            Emit(Key(_policy.Id, ThankYouStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), ThankYouStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentThankYou, ImmutableArray<string>.Empty, AmountsOf(ImmutableArray<string>.Empty), occurrence, notice: true, dunning: false, explanation);
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
                if (p.ReceivedOn <= Today && (latest is null || p.ReceivedOn > latest.Value))
                {
                    latest = p.ReceivedOn;
                }
            }

            if (latest is not { } paidOn || !OverdueStillOwedAfter(paidOn))
            {
                return; // not partial: the payment left nothing that was overdue at its date unpaid
            }

            LocalDate expires = paidOn.PlusDays(settings.WindowDays + 1);
            if (Today >= expires || !ResolveChannel(settings.Channel, out var channel))
            {
                return;
            }

            var since = StartOfDay(paidOn);
            if (Done(PartialAckStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, since, 1, out int occurrence))
            {
                return;
            }

            Consider(expires);
            decimal paid = PaidOn(paidOn);

            decimal remaining = _account.Outstanding.Amount;
            var open = OpenItemIds();
            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(Today)}: {Amount(paid)} received on {Iso(paidOn)} leaves {Amount(remaining)} to pay; acknowledged by {channel} with template '{TemplateKeys.PaymentPartialAck}' (policy rule PaymentEvents.AcknowledgePartialPayments; the stage {(settings.PartialPaymentResetsStage ? "restarts from the payment date" : "is not reset")}).");
            Emit(Key(_policy.Id, PartialAckStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), PartialAckStageId, EscalationActionKind.SendNotice,
                EscalationTone.Friendly, channel, TemplateKeys.PaymentPartialAck, open, AmountsOf(open), occurrence, notice: true, dunning: false, explanation);
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
                if (promise.MadeOn > Today)
                {
                    continue;
                }

                LocalDate breaksOn = promise.PromisedDate.PlusDays(grace + 1);
                if (breaksOn > Today)
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
            if (Today < expires && ResolveChannel(NotificationChannel.Email, out var channel)
                && !Done(PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, StartOfDay(brokenOn), 1, out int occurrence))
            {
                Consider(expires);
                decimal owed = 0m;
                int count = 0;
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsDisputed && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, item.ItemId)))
                    {
                        owed += item.Outstanding.Amount;
                        count++;
                    }
                }

                var owedIds = new string[count];
                int at = 0;
                foreach (var item in _account.Items)
                {
                    if (!item.IsSettled && !item.IsDisputed && (broken.ItemIds.IsEmpty || Contains(broken.ItemIds, item.ItemId)))
                    {
                        owedIds[at++] = item.ItemId;
                    }
                }

                var owedItems = ImmutableCollectionsMarshal.AsImmutableArray(owedIds);

                string explanation = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Promise '{broken.PromiseId}' made on {Iso(broken.MadeOn)} to pay {broken.Amount} by {Iso(broken.PromisedDate)} was not kept within {grace} day(s) of grace; it counts as broken on {Iso(brokenOn)} and {Amount(owed)} is still owed. Notice by {channel} with template '{TemplateKeys.PromiseBroken}'{(floor >= 0 ? $"; escalation moves at once to stage '{_policy.Stages[floor].Id}'" : string.Empty)} (policy rule Suppressions).");
                Emit(Key(_policy.Id, PromiseBrokenStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), PromiseBrokenStageId, EscalationActionKind.SendNotice,
                    floor >= 0 ? _policy.Stages[floor].Tone : EscalationTone.Firm, channel, TemplateKeys.PromiseBroken, owedItems, AmountsOf(owedItems), occurrence, notice: true, dunning: true, explanation, broken.PromisedDate);
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
                if (!item.IsSettled && !item.IsDisputed && (promise.ItemIds.IsEmpty || Contains(promise.ItemIds, item.ItemId)))
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
                if (plan.StartedOn > Today)
                {
                    Consider(plan.StartedOn);
                    continue;
                }

                var report = plan.Plan.StatusAsOf(Today);
                if (report.Status == Installments.PlanStatus.Completed)
                {
                    continue;
                }

                foreach (var s in report.Installments)
                {
                    LocalDate notifyOn = s.Installment.DueDate.PlusDays(grace + 1);
                    if (s.Status == Installments.InstallmentStatus.Paid)
                    {
                        continue;
                    }

                    if (notifyOn > Today)
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
            if (Done(PlanArrearsStageId, EscalationActionKind.SendNotice, channel, true, _account.AccountId, since, 1, out int occurrence))
            {
                return;
            }

            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"On {Iso(Today)} payment plan {planIds} has {count} overdue installment(s) for {Amount(overdue)} (the latest due on {Iso(latest)}); an active plan replaces item escalation, so only plan arrears escalate: notice by {channel} with template '{TemplateKeys.PlanInstallmentOverdue}'.");
            Emit(Key(_policy.Id, PlanArrearsStageId, EscalationActionKind.SendNotice, channel, _account.AccountId, occurrence), PlanArrearsStageId, EscalationActionKind.SendNotice,
                EscalationTone.Firm, channel, TemplateKeys.PlanInstallmentOverdue, ImmutableArray<string>.Empty,
                AmountsOf(ImmutableArray<string>.Empty) with { Principal = overdue }, occurrence, notice: true, dunning: true, explanation);
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
            // One pass: the highest earlier occurrence, and which occurrences of the decision are recorded (a bit set for
            // occurrences below 64; a second scan only when the wanted occurrence is higher).
            int baseOccurrence = 0;
            ulong recorded = 0;
            var entries = _history.Entries;
            foreach (var e in entries)
            {
                if (!Same(e, stageId, kind, channel, anyChannel, scope))
                {
                    continue;
                }

                int o = e.Occurrence;
                if (e.DecidedAt < since && o > baseOccurrence)
                {
                    baseOccurrence = o;
                }

                if (o < 64)
                {
                    recorded |= 1UL << o;
                }
            }

            occurrence = baseOccurrence + k;
            if (occurrence < 64)
            {
                return (recorded & (1UL << occurrence)) != 0;
            }

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
                && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope.AsSpan());

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
            if (date > Today)
            {
                Consider(DayNumbers.Of(date));
            }
        }

        private void Consider(int day)
        {
            if (day > _todayDay && (!_hasNext || day < _next))
            {
                _next = day;
                _hasNext = true;
            }
        }

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
                    var nextDay = InInterval(last)
                        ? StartOfDay(PlusDays(FloorDay(last.ToUnixTimeTicks() + _offsetTicks), 1)) // its local day, by the interval's offset
                        : StartOfDay(last.InZone(_zone).Date.PlusDays(1));
                    if (nextDay > earliest)
                    {
                        earliest = nextDay;
                    }
                }
            }

            var calendar = rules.BusinessDaysOnly ? Calendar : null;
            var at = InsideWindow(earliest, rules, calendar) ? earliest : QuietWindow.NextAllowed(earliest, _zone, rules, calendar);
            if (dunning)
            {
                _lastNotice = at;
                _lastNoticeKnown = true;
            }

            return at;
        }

        /// <summary>Whether <paramref name="instant"/> lies in the zone interval of the evaluation instant (same UTC offset).</summary>
        private readonly bool InInterval(Instant instant)
            => (!_interval.HasStart || instant >= _interval.Start) && (!_interval.HasEnd || instant < _interval.End);

        /// <summary>
        /// The first step of <see cref="QuietWindow.NextAllowed"/> without a time-zone look-up: whether
        /// <paramref name="at"/> itself is allowed (inside the window, on a business day when a calendar is given).
        /// When it is not, the caller asks <see cref="QuietWindow.NextAllowed"/>, which gives the same answer for an
        /// allowed instant.
        /// </summary>
        private readonly bool InsideWindow(Instant at, QuietRules rules, BusinessCalendar? calendar)
        {
            if (!InInterval(at))
            {
                return false;
            }

            long start = rules.WindowStart.NanosecondOfDay;
            long end = rules.WindowEnd.NanosecondOfDay;
            if (start % NodaConstants.NanosecondsPerTick == 0 && end % NodaConstants.NanosecondsPerTick == 0)
            {
                // Window limits in whole ticks: comparing the local time rounded down to a tick gives the same answers.
                long local = at.ToUnixTimeTicks() + _offsetTicks;
                int day = FloorDay(local);
                long tickOfDay = local - (day * NodaConstants.TicksPerDay);
                if (tickOfDay < start / NodaConstants.NanosecondsPerTick || tickOfDay >= end / NodaConstants.NanosecondsPerTick)
                {
                    return false;
                }

                return calendar is null || calendar.IsBusinessDay(DayNumbers.ToDate(day));
            }

            var offsetLocal = at.WithOffset(_interval.WallOffset); // what at.InZone(zone) gives inside this interval
            var time = offsetLocal.TimeOfDay;
            if (time < rules.WindowStart || time >= rules.WindowEnd)
            {
                return false;
            }

            return calendar is null || calendar.IsBusinessDay(offsetLocal.Date);
        }

        private void Emit(string key, string stageId, EscalationActionKind kind, EscalationTone tone, NotificationChannel? channel, string? template, ImmutableArray<string> items,
            in DecisionAmounts amounts, int occurrence, bool notice, bool dunning, string explanation, LocalDate? promisedDate = null, ImmutableArray<LateCharge> charges = default,
            ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> provisional = default)
        {
            var notBefore = notice ? SendTime(dunning) : _now;
            var currency = _account.Currency;
            var decision = new EscalationDecision(key, _account.AccountId, _policy.Id, _policy.Version, stageId, kind, tone, channel, template, Language(),
                items, Money.Of(amounts.Principal, currency), Money.Of(amounts.Interest, currency), Money.Of(amounts.Fees, currency),
                Money.Of(amounts.Principal + amounts.Interest + amounts.Fees + amounts.Others, currency), occurrence, _now, notBefore,
                notBefore > _now ? explanation + string.Create(CultureInfo.InvariantCulture, $" Deferred by the quiet rules to {notBefore.InZone(_zone).LocalDateTime:uuuu-MM-dd HH:mm} local time ({_zone.Id}).") : explanation)
            {
                PromisedDate = promisedDate,
                Charges = charges,
                ProvisionalInterest = provisional,
            };
            var pending = new Pending { Decision = decision, Sequence = _sequence++ };
            if (FiredCount++ == 0)
            {
                _first = pending;
            }
            else
            {
                (_more ??= new List<Pending>(4)).Add(pending);
            }
        }

        private readonly string Language()
        {
            var tag = _account.Customer.Language.AsSpan();
            int dash = tag.IndexOfAny('-', '_');
            var primary = dash < 0 ? tag : tag[..dash];
            if (primary.Equals("es", StringComparison.OrdinalIgnoreCase))
            {
                return "es";
            }

            if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
            {
                return "en";
            }

            return _policy.FallbackLanguage;
        }

        /// <summary>The first instant of the day with number <paramref name="day"/> (<see cref="StartOfDay(LocalDate)"/>, no date arithmetic in the common case).</summary>
        private readonly Instant StartOfDay(int day)
        {
            long known = (day * NodaConstants.TicksPerDay) - _offsetTicks;
            if (known >= _safeMidnightFrom && known <= _safeMidnightTo)
            {
                return Instant.FromUnixTimeTicks(known); // midnight lies well inside the offset interval of the evaluation instant: no look-up
            }

            return StartOfDay(DayNumbers.ToDate(day));
        }

        private static int FloorDay(long ticks)
        {
            long day = ticks / NodaConstants.TicksPerDay;
            return (int)(ticks % NodaConstants.TicksPerDay < 0 ? day - 1 : day);
        }

        /// <summary>The instant in ticks, rounded up (interval starts are whole seconds in practice; exact anyway).</summary>
        private static long CeilingTicks(Instant instant)
        {
            long ticks = instant.ToUnixTimeTicks(); // rounded down
            return Instant.FromUnixTimeTicks(ticks) == instant ? ticks : ticks + 1;
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

/// <summary>The quiet-rule window arithmetic, exposed for tests and hosts.</summary>
public static class QuietWindow
{
    private static readonly ZoneLocalMappingResolver Resolver = Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnForwardShifted);

    /// <summary>
    /// The first instant at or after <paramref name="earliest"/> that is inside the send window of
    /// <paramref name="rules"/> in <paramref name="zone"/>, on a business day of <paramref name="calendar"/> (any day when
    /// it is <see langword="null"/>). A window start that falls in a DST gap moves forward by the gap; one in an
    /// overlap takes the earlier instant.
    /// </summary>
    /// <param name="earliest">The earliest instant.</param>
    /// <param name="zone">The customer's time zone.</param>
    /// <param name="rules">The quiet rules.</param>
    /// <param name="calendar">The customer's calendar, or <see langword="null"/> to allow every day.</param>
    /// <returns>The instant.</returns>
    /// <exception cref="InvalidOperationException">No allowed day within 400 days (a calendar without business days).</exception>
    public static Instant NextAllowed(Instant earliest, DateTimeZone zone, QuietRules rules, BusinessCalendar? calendar)
    {
        Guard.NotNull(zone);
        Guard.NotNull(rules);
        var at = earliest;
        for (int guard = 0; guard < 400; guard++)
        {
            var local = at.InZone(zone).LocalDateTime;
            var date = local.Date;
            if (calendar is not null && !calendar.IsBusinessDay(date))
            {
                at = At(zone, date.PlusDays(1), rules.WindowStart);
                continue;
            }

            var time = local.TimeOfDay;
            if (time < rules.WindowStart)
            {
                var start = At(zone, date, rules.WindowStart);
                if (start <= at)
                {
                    return at;
                }

                at = start;
                continue;
            }

            if (time >= rules.WindowEnd)
            {
                at = At(zone, date.PlusDays(1), rules.WindowStart);
                continue;
            }

            return at;
        }

        throw new InvalidOperationException($"No allowed send instant within 400 days after {earliest} in {zone.Id} (calendar '{calendar?.Id}').");
    }

    private static Instant At(DateTimeZone zone, LocalDate date, LocalTime time) => zone.ResolveLocal(date + time, Resolver).ToInstant();
}
