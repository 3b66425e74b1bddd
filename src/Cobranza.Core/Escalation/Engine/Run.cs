// One evaluation of one account (EscalationEngine.Evaluate): the state every rule family shares, and the order in
// which the families run. A struct, so the no-fire path allocates nothing; every field is declared here (the fields of
// a partial struct stay in one file so that their layout is defined). The families are partial files of this struct,
// each read top to bottom: Run.Scope (which items take part), Run.Stages, Run.Anchors, Run.Repeats, Run.Conditions, Run.Amounts,
// Run.LateCharges, Run.StageFees, Run.PaymentEvents, Run.Reinstatements, Run.Promises, Run.Plans, Run.History, Run.SendTimes, Run.Days,
// Run.Decisions;
// explanations are written by ExplanationText.
// Order (Execute; docs/escalation.md): a legal hold stops everything → blocks with nothing overdue are reversed →
// payment in full thanks and ends escalation → a partial payment is acknowledged → (a policy without stages stops here) → a broken promise lifts escalation to its floor stage → plan arrears
// → the stages of the account, or of each eligible item.
using System.Collections.Generic;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;
using NodaTime;
using NodaTime.TimeZones;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    /// <summary>One evaluation. A struct, so the no-fire path allocates nothing.</summary>
    private partial struct Run
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

        // The scope whose stages are being walked, for anchors other than the due date (Run.Anchors): its anchor item,
        // its scope key and the first day of its episode.
        private AccountItem? _anchorEntry;
        private string? _anchorScope;
        private int _episodeDay;
        private bool _anchorReset;

        // The failed payment attempts in a row and the last of them (Run.FailedPayments), found once per evaluation.
        private PaymentReversal? _lastFailure;
        private int _failedInARow;
        private bool _failuresKnown;

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
            _anchorEntry = null;
            _anchorScope = null;
            _episodeDay = 0;
            _anchorReset = false;
            _lastFailure = null;
            _failedInARow = 0;
            _failuresKnown = false;
            FiredCount = 0;
        }

        /// <summary>How many decisions fired (the first is kept in a field, the others in a list: one decision allocates no list).</summary>
        public int FiredCount { get; private set; }

        private BusinessCalendar Calendar => _calendar ??= _engine.CalendarOf(_account.Customer);

        /// <summary>The evaluation date in the customer's zone.</summary>
        private readonly LocalDate Today => _todayKnown ? _todayDate : DayNumbers.ToDate(_todayDay);

        public readonly Instant? NextEvaluation() => _hasNext ? StartOfDay(_next) : null;

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
            if (_policy.Stages.IsEmpty || EnforcementOff)
            {
                return; // "no dunning" or enforcement off (issue 20, Run.Levels): no stage, broken-promise or plan-arrears notice; reversals and payment notices above still apply
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
                    Stages(_account.Id, ref facts, floor, brokenOn, facts.AnchorItem);
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
                    Stages(item.Id, ref facts, itemFloor, brokenOn, item.Id);
                }
            }
        }
    }
}
