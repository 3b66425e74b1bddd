// Rule family: stages (docs/escalation.md, "How a stage fires", "Catch-up", "Deferred notices").
// Rules: a stage triggers at anchor + offset (calendar or business days); the current stage is the last one reached
// whose conditions hold (a broken promise lifts it to the floor stage); its actions fire once per repetition; under
// LatestOnly the messages of superseded stages are dropped unless the quiet rules alone deferred them and no later
// notice is due; non-message actions of reached stages are still carried out once. Under OneStagePerRun a level
// waits until the previous one was decided on an earlier day (Run.OneStagePerRun). Each fired action becomes one
// decision with its explanation (ExplanationText.Stage), amounts (Run.Amounts) and late charges (Run.LateCharges).
using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        /// <summary>The trigger day of stage <paramref name="i"/> from <paramref name="anchorDay"/> (business days through the calendar).</summary>
        private readonly int TriggerDay(int anchorDay, int i, BusinessCalendar? calendar)
            => !_validated.Plain ? AnchoredTriggerDay(anchorDay, i, calendar) // other anchors, calendar months (Run.Anchors)
                : !_validated.BusinessDays[i]
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
            if (!_validated.Plain)
            {
                BeginAnchors(scope, ref facts, reset, reset ? anchor : Math.Min(anchor, broken));
            }

            // The current stage: the last one reached whose conditions hold (a broken promise lifts it to the floor).
            int current = -1;
            int currentStart = 0;
            int firstTrigger = anchor;
            bool levelsLift = _policy.Reinstatement.LevelsLift;
            ulong held = 0; // levels that lift (Run.Levels): bit i when stage i is reached and its conditions hold
            ulong reached = 0;
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
                    if (!_validated.Plain && !reset)
                    {
                        _episodeDay = Math.Min(firstTrigger, broken); // the episode as below: a previous notice counts from its start
                    }
                }

                if (i == floor && broken < t)
                {
                    t = broken;
                }

                if (t > _todayDay)
                {
                    if (t != Unreached)
                    {
                        Consider(t);
                    }

                    if (floor < 0 && _validated.IncreasingCalendarOffsets && anchor <= DayNumbers.Max - _validated.MaxOffset)
                    {
                        break; // later stages trigger later still (and their dates are in range): nothing more to consider
                    }

                    continue;
                }

                reached |= levelsLift ? 1UL << i : 0;
                if (conditionsEmpty[i] || HoldsConditions(stages[i].Conditions, ref facts))
                {
                    current = i;
                    currentStart = t;
                    held |= levelsLift ? 1UL << i : 0;
                }
            }

            if (levelsLift)
            {
                LiftLevels(scope, held, reached, ref facts); // levels that lift (Run.Levels)
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
            bool oneAtATime = _policy.CatchUp == CatchUpMode.OneStagePerRun; // Run.OneStagePerRun
            int level = -1;
            bool levelFiredNow = false;
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

                if (oneAtATime && LevelWaits(level, levelFiredNow, scope, episode))
                {
                    break; // the previous level was decided today: this one waits for the next day's run (never skips a level)
                }

                int firedBefore = FiredCount;

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
                if (!_validated.Plain && s.Repeat is { } any && (any.UntilPaid || any.Period == RepeatPeriod.Months))
                {
                    last = Repetitions(any, i, current, t, anchor, calendar); // months, until paid (Run.Repeats)
                }
                else if (s.Repeat is { MaxTimes: { } max } r)
                {
                    int until = _todayDay;
                    if (i != current)
                    {
                        int nextTrigger = TriggerDay(anchor, i + 1, calendar);
                        int nextStage = nextTrigger == Unreached ? Unreached : PlusDays(nextTrigger, -1);
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

                if (_validated.HasBlock[i] && !BlockFiredSince(firedBefore))
                {
                    // A block lifted earlier in this episode is taken again while its stage holds (Run.Levels).
                    Reapply(scope, s, i, episode, t, ref facts, anchorItem, withMessages: !(latestOnly && i != current), floor == i && broken == t);
                }

                level = i;
                levelFiredNow = FiredCount > firedBefore;
            }
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

        private void StageAction(string scope, EscalationStage stage, int stageIndex, EscalationAction action, int actionIndex, int k, Instant episode, int triggeredDay, ref Facts facts, string? anchorItem, bool byBrokenPromise)
        {
            NotificationChannel? channel = action.Channel;
            if (channel is { } requested && !ResolveChannel(requested, out channel))
            {
                return; // opted out of every notice channel: nothing can be sent
            }

            if (Done(stage.Id, action.Kind, channel, false, scope, episode, k, out int occurrence) || ReversibleHeldBack(action.Kind, scope))
            {
                return; // done, or a block with nothing overdue that the next evaluation would reverse (Run.Reinstatements)
            }

            Fire(scope, stage, stageIndex, action, actionIndex, channel, k, occurrence, triggeredDay, ref facts, anchorItem, byBrokenPromise);
        }

        /// <summary>Makes the decision of a fired stage action (explanation, items, key, amounts, late charges) and emits it (kept apart: the no-fire path never enters its large frame).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Fire(string scope, EscalationStage stage, int stageIndex, EscalationAction action, int actionIndex, NotificationChannel? channel, int k, int occurrence, int triggeredDay, ref Facts facts, string? anchorItem, bool byBrokenPromise, bool reapplied = false)
        {
            var policy = _policy;
            EnsureAmounts(ref facts);
            var currency = _account.Currency;

            var explanation = new StageExplanation( // written when first read (decision 0024)
                _todayDay, facts.OverdueCount, new AmountText(facts.OverdueSum, facts.Overdue, currency), new AmountText(facts.OpenSum, facts.Open, currency),
                stage, action, channel, k, triggeredDay, _validated.Plain ? facts.AnchorDay : ExplainedAnchorDay(facts.AnchorDay, stageIndex), anchorItem, byBrokenPromise)
            {
                ReappliedOccurrence = reapplied ? occurrence : 0, // a lifted block taken again (Run.Levels)
            };
            var items = ItemIds(scope, facts);
            string key = channel == action.Channel
                ? string.Concat(_validated.KeyPrefixes[stageIndex][actionIndex], scope, "|", occurrence.ToString(CultureInfo.InvariantCulture)) // the key's parts after the cached prefix
                : Key(policy.Id, stage.Id, action.Kind, channel, scope, occurrence);
            var amounts = ListedAmounts(scope, facts);
            ImmutableArray<LateCharge> charges = default;
            ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> provisional = default;
            if (_engine._lateCharges is not null || _validated.AnyStageFee)
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
    }
}
