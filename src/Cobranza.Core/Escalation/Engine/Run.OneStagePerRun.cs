// Rule family: one stage per run (docs/escalation.md, "Catch-up", CatchUpMode.OneStagePerRun; OCA account_credit_control).
// Rules: the levels reached (trigger day passed, conditions holding) fire in order, every message and repetition of
// each, as under CatchUpMode.All — but a level fires only when the level before it was not decided today: neither in
// this evaluation nor by a decision of this episode recorded with today's local date. So a run decides at most one
// new level per scope, the next one waits for the next day's run, and no level is ever skipped (a level with nothing
// left to decide, done earlier or impossible, e.g. every channel opted out, does not hold the next one back).
using System;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        /// <summary>
        /// Whether the level after <paramref name="level"/> must wait: <paramref name="level"/> (an index, -1 for none)
        /// fired in this evaluation or has a decision of this episode decided today. Wakes the account the next day.
        /// </summary>
        private bool LevelWaits(int level, bool levelFiredNow, string scope, Instant episode)
        {
            if (level < 0)
            {
                return false;
            }

            bool waits = levelFiredNow || DecidedToday(_policy.Stages[level].Id, scope, episode);
            if (waits)
            {
                Consider(PlusDays(_todayDay, 1));
            }

            return waits;
        }

        /// <summary>Whether the history holds a decision of stage <paramref name="stageId"/> for <paramref name="scope"/>, of the episode begun at <paramref name="episode"/>, decided on today's local date.</summary>
        private readonly bool DecidedToday(string stageId, string scope, Instant episode)
        {
            var today = StartOfDay(_todayDay);
            foreach (var e in _history.Entries)
            {
                if (e.DecidedAt >= today && e.DecidedAt >= episode && string.Equals(e.StageId, stageId, StringComparison.Ordinal)
                    && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope.AsSpan()))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
