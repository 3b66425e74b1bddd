// Rule family: send times and quiet rules (docs/escalation.md, "Quiet rules", "Deferred notices", "Replay after a crash").
// Rules: a notice's NotBefore is the first instant at or after now inside the send window, on a business day when the
// rules ask for it; dunning notices also keep MinimumGapHours after the previous notice and at most one per local day;
// the evaluation's own recorded notices count as they did when decided (replay). A stage notice whose trigger day and
// every day since were not business days was deferred, not missed.
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
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
    }
}
