// Rule family: levels that lift, blocks taken again, enforcement off and items excluded from dunning (docs/escalation.md,
// "Levels that lift", "Write-off and enforcement off").
// Rules:
// * Levels that lift (Reinstatement.LevelsLift; Kill Bill's overdue states): a block, suspension or stop-work of stage S is
//   reversed, with the notices of any reversal, as soon as S no longer holds for its scope in the walk of the scope's
//   stages — S is not reached from the scope's current anchor, or its conditions fail (the overdue balance or count fell
//   below its threshold, an excluded segment was set). The walk is the one that fires stages (Run.Stages), so a block is
//   never lifted by the rule that would fire it again. A scope whose stages are not walked (nothing in it takes part:
//   every item paused by a dispute, promise or plan; below the minimum balance) keeps only the nothing-overdue rule.
// * Blocks taken again (every policy): a block whose latest run in the episode was reversed is taken again, with the next
//   occurrence, when its stage holds again and the scope is overdue at or above the tolerance; the stage's messages go
//   with it under the same occurrence (unless a later stage supersedes them under LatestOnly). A key in the history, or
//   made earlier in this evaluation, is never made again.
// * Enforcement off (CustomerAccount.EnforcementOff; Kill Bill's OVERDUE_ENFORCEMENT_OFF): no stage, broken-promise or
//   plan-arrears decision; every block in force is reversed (Run.Reinstatements); payments are still acknowledged and thanked.
// * Items excluded from dunning (AccountItem.DunningExclusion): out of stages, conditions, amounts and item lists like a
//   disputed item (Run.Scope), and never keep a block in force (Run.Reinstatements).
using System;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        /// <summary>Whether enforcement is off for the account: reversals and payment notices only, no stage.</summary>
        private readonly bool EnforcementOff => _account.EnforcementOff is not null;

        /// <summary>
        /// Levels that lift: reverses every block of the policy on <paramref name="scope"/> whose stage is not in
        /// <paramref name="held"/> (reached and its conditions holding in today's walk; bit i for stage i), unless the
        /// nothing-overdue rule already reversed it (Run.Reinstatements).
        /// </summary>
        private void LiftLevels(string scope, ulong held, ulong reached, ref Facts facts)
        {
            foreach (var e in _history.Entries)
            {
                if (Reversal(e.Action) is not { } reverse || e.Outcome is DecisionOutcome.Skipped or DecisionOutcome.Poisoned
                    || !HasPolicy(e.IdempotencyKey, _policy.Id) || !e.Scope.SequenceEqual(scope.AsSpan()))
                {
                    continue;
                }

                int i = _policy.IndexOfStage(e.StageId);
                if (i < 0 || (held & (1UL << i)) != 0)
                {
                    continue; // the stage holds (or the policy no longer has it: only the nothing-overdue rule applies)
                }

                if (Overdue(scope.AsSpan(), fullyPaid: false, out _) != OverdueState.Overdue || !ReversalOwed(e, reverse, out var reversal, out bool noticeOwed))
                {
                    continue; // reversed by the nothing-overdue rule, or already
                }

                EnsureAmounts(ref facts);
                bool account = string.Equals(scope, _account.Id, StringComparison.Ordinal);
                string explanation = ExplanationText.LevelLifted(Today, account, scope, e, reverse, _policy.Stages[i], (reached & (1UL << i)) != 0,
                    facts.OverdueCount, facts.Overdue, _account.Currency);
                EmitReversal(e, reverse, scope, account, reversal, noticeOwed, explanation);
            }
        }

        /// <summary>
        /// Takes a lifted block of stage <paramref name="i"/> again: when every block of the stage's latest run in this
        /// episode on <paramref name="scope"/> was reversed, the stage's blocks fire again with the next occurrence (and
        /// its messages with them when <paramref name="withMessages"/>). Called for a stage that holds today.
        /// </summary>
        private void Reapply(string scope, EscalationStage s, int i, Instant episode, int triggeredDay, ref Facts facts, string? anchorItem, bool withMessages, bool byBrokenPromise)
        {
            // One pass: the latest run of the stage's blocks in this episode by decision time (which kinds it holds), the
            // highest occurrence used (a repeating stage's own runs and earlier re-takes share the numbering), and which runs
            // of each block kind have a recorded reversal (a bit set per kind for runs below 64; beyond, ReversalEntry looks).
            int latest = 0;
            int highest = 0;
            Instant latestAt = Instant.MinValue;
            int kindsAtLatest = 0;
            ulong resumed = 0, restored = 0, unblocked = 0;
            foreach (var e in _history.Entries)
            {
                if (!string.Equals(e.StageId, s.Id, StringComparison.Ordinal))
                {
                    continue;
                }

                var kind = e.Action;
                bool block = kind is EscalationActionKind.StopWork or EscalationActionKind.SuspendService or EscalationActionKind.BlockOrders;
                bool reversal = kind is EscalationActionKind.ResumeWork or EscalationActionKind.RestoreService or EscalationActionKind.UnblockOrders;
                if ((!block && !reversal) || !HasPolicy(e.IdempotencyKey, _policy.Id) || !e.Scope.SequenceEqual(scope.AsSpan()))
                {
                    continue;
                }

                int o = e.Occurrence;
                if (block)
                {
                    if (e.DecidedAt >= episode)
                    {
                        highest = Math.Max(highest, o);
                        if (e.DecidedAt > latestAt || (e.DecidedAt == latestAt && o >= latest))
                        {
                            kindsAtLatest = e.DecidedAt > latestAt || o > latest ? 0 : kindsAtLatest;
                            latest = o;
                            latestAt = e.DecidedAt;
                            kindsAtLatest |= 1 << (int)kind;
                        }
                    }
                }
                else if (o < 64 && e.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned))
                {
                    ulong bit = 1UL << o;
                    _ = kind switch
                    {
                        EscalationActionKind.ResumeWork => resumed |= bit,
                        EscalationActionKind.RestoreService => restored |= bit,
                        _ => unblocked |= bit,
                    };
                }
            }

            if (latest == 0 || highest == int.MaxValue)
            {
                return; // no block in this episode yet (the stage's own run makes it), or no occurrence left
            }

            // Every block of that run reversed (recorded, and not skipped or poisoned): the block is not in force.
            if (latest < 64)
            {
                ulong bit = 1UL << latest;
                if (((kindsAtLatest & (1 << (int)EscalationActionKind.StopWork)) != 0 && (resumed & bit) == 0)
                    || ((kindsAtLatest & (1 << (int)EscalationActionKind.SuspendService)) != 0 && (restored & bit) == 0)
                    || ((kindsAtLatest & (1 << (int)EscalationActionKind.BlockOrders)) != 0 && (unblocked & bit) == 0))
                {
                    return; // still in force
                }
            }
            else
            {
                foreach (var e in _history.Entries)
                {
                    if (e.Occurrence == latest && Reversal(e.Action) is { } reverse && e.DecidedAt >= episode && string.Equals(e.StageId, s.Id, StringComparison.Ordinal)
                        && HasPolicy(e.IdempotencyKey, _policy.Id) && e.Scope.SequenceEqual(scope.AsSpan())
                        && ReversalEntry(e, reverse)?.Outcome is null or DecisionOutcome.Skipped or DecisionOutcome.Poisoned)
                    {
                        return; // still in force
                    }
                }
            }

            int occurrence = highest + 1; // never an occurrence already used: the re-take is a run of its own
            var actions = s.Actions;
            bool taken = false;
            for (int j = 0; j < actions.Length; j++)
            {
                var action = actions[j];
                if (Reversal(action.Kind) is null || Made(s.Id, action.Kind, null, scope, occurrence) || ReversibleHeldBack(action.Kind, scope))
                {
                    continue;
                }

                Fire(scope, s, i, action, j, null, 1, occurrence, triggeredDay, ref facts, anchorItem, byBrokenPromise, reapplied: true);
                taken = true;
            }

            if (!taken || !withMessages)
            {
                return;
            }

            for (int j = 0; j < actions.Length; j++)
            {
                var action = actions[j];
                if (!IsMessage(action.Kind))
                {
                    continue;
                }

                NotificationChannel? channel = action.Channel;
                if ((channel is { } requested && !ResolveChannel(requested, out channel)) || Made(s.Id, action.Kind, channel, scope, occurrence))
                {
                    continue;
                }

                Fire(scope, s, i, action, j, channel, 1, occurrence, triggeredDay, ref facts, anchorItem, byBrokenPromise, reapplied: true);
            }
        }

        /// <summary>Whether a block, suspension or stop-work was decided in this evaluation since the <paramref name="since"/>-th decision.</summary>
        private readonly bool BlockFiredSince(int since)
        {
            for (int n = since; n < FiredCount; n++)
            {
                if (Reversal((n == 0 ? _first : _more![n - 1]).Decision.Action) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the decision (stage, action, channel, scope, occurrence) is in the history or was made earlier in this evaluation.</summary>
        private readonly bool Made(string stageId, EscalationActionKind kind, NotificationChannel? channel, string scope, int occurrence)
        {
            foreach (var e in _history.Entries)
            {
                if (e.Occurrence == occurrence && Same(e, stageId, kind, channel, false, scope))
                {
                    return true;
                }
            }

            string key = Key(_policy.Id, stageId, kind, channel, scope, occurrence);
            if (FiredCount > 0 && string.Equals(_first.Decision.IdempotencyKey, key, StringComparison.Ordinal))
            {
                return true;
            }

            if (_more is not null)
            {
                foreach (var p in _more)
                {
                    if (string.Equals(p.Decision.IdempotencyKey, key, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
