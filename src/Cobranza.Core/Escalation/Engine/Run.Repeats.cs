// Rule family: repetitions in calendar months and repetitions until paid (docs/escalation.md, "Calendar months and
// repeats until paid"). A repetition of days with a maximum count keeps its original rule in Run.Stages.
// Rules: run k (the first is 1) of a stage falls on its trigger date + (k − 1) × Every days, or LocalDate.PlusMonths of
// (k − 1) × Every months from the trigger date (never month after month: 31 Jan, 28 Feb, 31 Mar, 30 Apr); the latest run
// due — on or before today, and before the next stage's trigger when a later stage is current — is the one that fires
// (all of them under catch-up All); a run beyond MaxTimes never fires; a stage repeating until paid keeps waking the
// account for its next run while it is current. The quiet rules still apply to every run (minimum gap, one a day).
using Cobranza.Core.Calendars;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        /// <summary>The last run of stage <paramref name="i"/> (triggered on <paramref name="t"/>) that is due, and the wake-up for its next run.</summary>
        private int Repetitions(StageRepetition r, int i, int current, int t, int anchor, BusinessCalendar? calendar)
        {
            int until = _todayDay;
            if (i != current)
            {
                int nextTrigger = TriggerDay(anchor, i + 1, calendar);
                if (nextTrigger != Unreached)
                {
                    int nextStage = PlusDays(nextTrigger, -1);
                    until = nextStage < until ? nextStage : until;
                }
            }

            int due = until < t ? 1 : RepeatRuns.RunsThrough(r, t, until);
            int last = r.MaxTimes is { } max && due > max ? max : due;
            if (i == current && (r.UntilPaid || last < r.MaxTimes))
            {
                Consider(RepeatRuns.RunDay(r, t, last + 1));
            }

            return last;
        }
    }
}
