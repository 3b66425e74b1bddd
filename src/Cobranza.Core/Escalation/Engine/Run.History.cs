// Rule family: what was already done (docs/escalation.md, "Idempotency keys").
// Rules: a decision whose (stage, action, channel, scope, occurrence) is in the history is never made again, whatever its
// outcome; occurrences continue the numbering of earlier episodes (the highest occurrence recorded before the
// episode's start + the repetition). Compares components; builds no string.
using System;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
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
    }
}
