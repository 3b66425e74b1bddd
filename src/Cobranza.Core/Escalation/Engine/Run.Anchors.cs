// Rule family: anchors and calendar-month offsets (docs/escalation.md, "Anchors", "Calendar months and repeats until
// paid"). Only a policy that is not plain (ValidatedPolicy.Plain) comes here; a plain one keeps the original rule in
// Run.Stages (offset in calendar or business days from the due date).
// Rules: a stage's offset counts from its anchor — the due date of the scope's anchor item, its invoice date, the last
// day of the due date's month, or the local day on which the previous stage's notice was last actually sent to the scope
// in this episode (history entry Dispatched, dated by RecordedAt in the customer's zone; until then the stage is not
// reached: Unreached). Under a partial-payment reset every anchor but the previous notice is the payment date.
// An offset in calendar months is LocalDate.PlusMonths from the anchor (the day of the month clamped to a shorter month:
// 2026-01-31 + 1 month = 2026-02-28).
using System;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        /// <summary>The trigger day of a stage whose anchor has not come yet (a previous notice not sent): never reached, never a wake-up.</summary>
        private const int Unreached = int.MaxValue;

        /// <summary>Remembers the scope whose stages are walked, for the anchors that need more than its due date.</summary>
        private void BeginAnchors(string scope, ref Facts facts, bool reset, int episodeDay)
        {
            _anchorEntry = facts.AnchorEntry;
            _anchorScope = scope;
            _anchorReset = reset;
            _episodeDay = episodeDay;
        }

        /// <summary>The trigger day of stage <paramref name="i"/> of a policy that is not plain, or <see cref="Unreached"/>.</summary>
        private readonly int AnchoredTriggerDay(int baseDay, int i, BusinessCalendar? calendar)
        {
            int anchor = StageAnchorDay(baseDay, i);
            if (anchor == Unreached)
            {
                return Unreached;
            }

            int offset = _validated.Offsets[i];
            return _policy.Stages[i].Trigger.Days switch
            {
                OffsetDays.Business => DayNumbers.Of(calendar!.AddBusinessDays(DayNumbers.ToDate(anchor), offset)),
                OffsetDays.CalendarMonths => DayNumbers.Of(DayNumbers.ToDate(anchor).PlusMonths(offset)),
                _ => PlusDays(anchor, offset),
            };
        }

        /// <summary>
        /// The anchor day an explanation names for stage <paramref name="i"/>: the date anchor of the scope's due date (under a
        /// reset too, as a plain policy names the due date), or the day the previous notice was sent.
        /// </summary>
        private readonly int ExplainedAnchorDay(int dueDay, int i)
            => _validated.Anchors[i] == OffsetAnchor.PreviousNotice ? StageAnchorDay(_walkAnchor, i) : DateAnchorDay(dueDay, _validated.Anchors[i]);

        /// <summary>The day stage <paramref name="i"/>'s offset counts from (<paramref name="baseDay"/>: the scope's due date, or the payment date under a reset), or <see cref="Unreached"/>.</summary>
        private readonly int StageAnchorDay(int baseDay, int i)
        {
            var anchor = _validated.Anchors[i];
            if (anchor == OffsetAnchor.PreviousNotice)
            {
                return PreviousNoticeDay(i);
            }

            return _anchorReset ? baseDay : DateAnchorDay(baseDay, anchor);
        }

        /// <summary>The day a date anchor names for a scope whose due date is <paramref name="dueDay"/>: the due date, the anchor item's invoice date, or the last day of the due date's month.</summary>
        private readonly int DateAnchorDay(int dueDay, OffsetAnchor anchor)
        {
            if (anchor == OffsetAnchor.DueDate)
            {
                return dueDay;
            }

            if (anchor == OffsetAnchor.InvoiceDate)
            {
                return DayNumbers.Of(_anchorEntry!.IssueDate);
            }

            DayNumbers.ToCivil(dueDay, out int year, out int month, out _); // EndOfDueMonth
            return DayNumbers.Of(new LocalDate(year, month, CalendarSystem.Iso.GetDaysInMonth(year, month)));
        }

        /// <summary>
        /// The local day on which the latest notice of the stage before <paramref name="i"/> was actually sent to the scope in
        /// this episode, or <see cref="Unreached"/>.
        /// </summary>
        private readonly int PreviousNoticeDay(int i)
        {
            string previous = _policy.Stages[i - 1].Id;
            var since = StartOfDay(_episodeDay);
            bool found = false;
            Instant latest = default;
            foreach (var e in _history.Entries)
            {
                if (e.Outcome != DecisionOutcome.Dispatched || (e.Action != EscalationActionKind.SendNotice && e.Action != EscalationActionKind.LegalNotice)
                    || e.DecidedAt < since || !string.Equals(e.StageId, previous, StringComparison.Ordinal)
                    || !HasPolicy(e.IdempotencyKey, _policy.Id) || !e.Scope.SequenceEqual(_anchorScope.AsSpan()))
                {
                    continue;
                }

                if (!found || e.RecordedAt > latest)
                {
                    latest = e.RecordedAt;
                    found = true;
                }
            }

            return found ? FloorDay(latest.ToUnixTimeTicks() + (_zone.GetUtcOffset(latest).Seconds * NodaConstants.TicksPerSecond)) : Unreached;
        }
    }
}
