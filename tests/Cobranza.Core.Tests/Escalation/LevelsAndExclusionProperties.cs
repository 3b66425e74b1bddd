using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Case = Cobranza.Core.Tests.Escalation.EscalationDifferentialProperties.Case;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// Properties of issue 20's shapes 1 and 5 (docs/escalation.md, "Levels that lift", "Write-off and enforcement off"). The
/// frozen reference engine (<see cref="ReferenceEscalationEngine"/>) knows neither, so the differential properties are
/// restricted to the cases where it must agree: an item excluded from dunning is treated as the reference treats a
/// disputed one, except for blocks (a disputed item keeps a block in force, an excluded one does not: those decisions
/// are left out of the comparison and blocks out of the history); a policy with levels that lift decides what the
/// reference decides for the one-shot policy as long as no block is in the history (nothing to lift or take again).
/// The rest is checked as invariants: no key twice, no flip-flop, nothing of dunning while enforcement is off.
/// </summary>
public sealed class LevelsAndExclusionProperties
{
    private static readonly ReferenceEscalationEngine Reference = new(BuiltInCalendarProvider.Instance);

    [Property(MaxTest = 300, Arbitrary = [typeof(EscalationDifferentialProperties.Arbitraries)])]
    public void Evaluate_ExcludedItems_SameAsTheReferenceWithThoseItemsDisputed_BlocksApart(Case c)
    {
        var disputed = c.Account();
        var excluded = disputed;
        foreach (var item in disputed.Items)
        {
            if (item.IsDisputed && !item.IsSettled)
            {
                excluded = excluded.Apply(new DisputeResolved(item.Id, c.Today))
                    .Apply(new ItemExcludedFromDunning(item.Id, new DunningExclusion(c.Today, "written off for collection")));
            }
        }

        var now = c.Now(disputed);
        var history = WithoutBlocks(PriorRuns(c, disputed, now));
        var expected = EscalationDifferentialProperties.Evaluate(Reference, disputed, history, c.Policy, now);
        var actual = EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, excluded, history, c.Policy, now);
        if (expected.Error is { } error)
        {
            Assert.Equal(error.Message, actual.Error?.Message);
            return;
        }

        Assert.Equal(expected.Result!.NextEvaluationAt, actual.Result!.NextEvaluationAt);
        Assert.Equal(NotBlocks(expected.Result), NotBlocks(actual.Result));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(EscalationDifferentialProperties.Arbitraries)])]
    public void Evaluate_LevelsLiftWithNoBlockInTheHistory_SameAsTheReferenceOneShot(Case c)
    {
        var account = c.Account();
        var now = c.Now(account);
        var history = WithoutBlocks(PriorRuns(c, account, now));
        var lifting = c.Policy with { Reinstatement = c.Policy.Reinstatement with { LevelsLift = true } };
        var expected = EscalationDifferentialProperties.Evaluate(Reference, account, history, c.Policy, now);
        var actual = EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, account, history, lifting, now);
        Assert.Equal(expected.Error?.Message, actual.Error?.Message);
        Assert.Equal(expected.Result?.NextEvaluationAt, actual.Result?.NextEvaluationAt);
        Assert.Equal(expected.Result?.Decisions.ToArray() ?? [], actual.Result?.Decisions.ToArray() ?? []);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(EscalationDifferentialProperties.Arbitraries)])]
    public void Evaluate_EnforcementOff_NothingOfDunningAndNoBlockLeftInForce(Case c)
    {
        var account = c.Account();
        var now = c.Now(account);
        var history = PriorRuns(c, account, now); // blocks included: each must be reversed
        var off = account.Apply(new EnforcementTurnedOff(new EnforcementOff(c.Today, "negotiating a settlement")));
        var (result, error) = EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, off, history, c.Policy, now);
        if (error is not null)
        {
            return; // the same refusal as without the pause (an unknown calendar, a date out of range): not this rule's
        }

        foreach (var d in result!.Decisions)
        {
            Assert.True(
                d.Action is EscalationActionKind.ResumeWork or EscalationActionKind.RestoreService or EscalationActionKind.UnblockOrders
                    || d.StageId is EscalationEngine.ServiceRestoredStageId or EscalationEngine.ThankYouStageId or EscalationEngine.PartialAckStageId,
                $"{c}: {d.IdempotencyKey} decided while enforcement is off");
        }

        if (account.LegalHold is { } hold && hold.Since <= c.Today)
        {
            return; // a legal hold stops the reversals too
        }

        var after = EscalationFixtures.Record(history, result);
        foreach (var block in after.Entries.Where(e => EscalationEngine.Reversal(e.Action) is not null && e.Outcome is not (DecisionOutcome.Skipped or DecisionOutcome.Poisoned)))
        {
            Assert.Contains(after.Entries, e => e.Action == EscalationEngine.Reversal(block.Action) && e.Occurrence == block.Occurrence && e.StageId == block.StageId
                && e.Scope.SequenceEqual(block.Scope));
        }

        Assert.Empty(EscalationFixtures.Engine.Evaluate(off, after, c.Policy, now).Decisions); // and nothing more at the same instant
    }

    public sealed record Timeline(decimal[] Amounts, int[] PaidAfterDays, int FeeDay, bool LevelsLift, int Hour);

    public static class Arbitraries
    {
        public static Arbitrary<Timeline> Timelines() =>
            (from count in Gen.Choose(2, 6)
             from amounts in Gen.ArrayOf(Gen.Choose(5_000, 70_000).Select(x => x / 100m), count)
             from paid in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 150)), (1, Gen.Constant(-1))), count)
             from fee in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(40, 200)))
             from lift in Gen.Elements(true, false)
             from hour in Gen.Choose(0, 23)
             select new Timeline(amounts, paid, fee, lift, hour)).ToArbitrary();
    }

    private static readonly LocalDate Start = new(2026, 1, 31);

    /// <summary>Monthly invoices (due the last day of each month), each paid some days after its due date or never; maybe a fee.</summary>
    private static CustomerAccount TimelineOn(Timeline t, LocalDate day)
    {
        var account = EscalationFixtures.Account(customer: EscalationFixtures.Customer("UTC", calendar: null, language: "en"));
        for (int n = 0; n < t.Amounts.Length; n++)
        {
            var due = Start.PlusMonths(n);
            if (due > day)
            {
                break;
            }

            account = account.Apply(new ItemAdded(new AccountItem($"I{n}", $"F-{n}", 0, due, due, Money.Of(t.Amounts[n], Currency.EUR))));
        }

        // Events in date order: payments of whole items and the fee.
        var events = new List<(LocalDate On, AccountEvent Event)>();
        for (int n = 0; n < account.Items.Length; n++)
        {
            if (t.PaidAfterDays[n] >= 0 && Start.PlusMonths(n).PlusDays(t.PaidAfterDays[n]) is var on && on <= day)
            {
                events.Add((on, new PaymentReceived($"P{n}", on, Money.Of(t.Amounts[n], Currency.EUR), AllocationStrategy.Explicit)
                {
                    Allocations = [new ExplicitAllocation($"I{n}", Money.Of(t.Amounts[n], Currency.EUR))],
                }));
            }
        }

        if (t.FeeDay >= 0 && Start.PlusDays(t.FeeDay) is var feeOn && feeOn <= day)
        {
            events.Add((feeOn, new FeeCharged("fee", feeOn, "I0", Money.Of(300m, Currency.EUR), "Collection costs")));
        }

        foreach (var (_, e) in events.OrderBy(x => x.On))
        {
            account = account.Apply(e);
        }

        return account;
    }

    private static EscalationPolicy Balances(bool lift)
    {
        var builder = EscalationPolicyBuilder.Create("balances", 1)
            .Stage("OD1", "Over 400", StageTrigger.CalendarDays(10), EscalationTone.Final, s => s
                .Do(EscalationActionKind.BlockOrders).Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm)
                .When(new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(400m, Currency.EUR)))))
            .Stage("OD2", "Over 900, two items", StageTrigger.CalendarDays(20), EscalationTone.Final, s => s
                .Do(EscalationActionKind.SuspendService).Notice(NotificationChannel.Email, TemplateKeys.NoticeServiceSuspended)
                .When(new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(900m, Currency.EUR)), minOverdueItems: 2)))
            .Stage("OD3", "Stop work after 50 days", StageTrigger.CalendarDays(50), EscalationTone.Final, s => s
                .Do(EscalationActionKind.StopWork).RepeatEvery(7, times: 3))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .Reinstatement(new ReinstatementSettings(ImmutableArray.Create(Money.Of(50m, Currency.EUR))));
        return (lift ? builder.LevelsLift() : builder).Build();
    }

    /// <summary>
    /// Regression (found by the property below, seed 5999245712261742540,16398458460389626893): OD3 repeats its stop-work
    /// (occurrences 1–4). Lifted on 2026-07-07 after a re-take as occurrence 5, the stage's own fourth run (occurrence 4)
    /// fired on 07-20; the re-take rule then took the highest occurrence (5, reversed) for the latest run and took the
    /// block again as 6 at the same instant, while occurrence 4 was in force. The latest run is the most recent decision.
    /// </summary>
    [Fact]
    public void Evaluate_RepeatingBlockRunAfterARetake_IsTheRunInForce()
        => Evaluate_DayByDay_NoKeyTwiceNoFlipFlopAndLevelsInForceHold(
            new Timeline([73m, 494.65m, 614.4m, 591.51m, 696.02m], [31, 100, 95, 68, -1], -1, LevelsLift: true, Hour: 23));

    [Property(MaxTest = 60, Arbitrary = [typeof(Arbitraries)])]
    public void Evaluate_DayByDay_NoKeyTwiceNoFlipFlopAndLevelsInForceHold(Timeline t)
    {
        var policy = Balances(t.LevelsLift);
        var history = CollectionHistory.Empty;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var end = Start.PlusMonths(t.Amounts.Length + 5);
        for (var day = Start; day <= end; day = day.PlusDays(1))
        {
            var account = TimelineOn(t, day);
            var now = EscalationFixtures.At(account, day, t.Hour);
            var result = EscalationFixtures.Engine.Evaluate(account, history, policy, now);
            foreach (var d in result.Decisions)
            {
                Assert.True(keys.Add(d.IdempotencyKey), $"{t} {day}: {d.IdempotencyKey} decided twice");
            }

            history = EscalationFixtures.Record(history, result);
            Assert.Empty(EscalationFixtures.Engine.Evaluate(account, history, policy, now).Decisions); // stable: nothing more at the same instant

            if (!t.LevelsLift)
            {
                continue;
            }

            // Levels that lift: a suspension (OD2) still in force means OD2 holds today: 900.00 EUR and two items overdue.
            var overdue = account.Items.Where(i => !i.IsSettled && i.DueDate < day).ToArray();
            bool suspended = history.Entries.Any(e => e.Action == EscalationActionKind.SuspendService
                && !history.Entries.Any(r => r.Action == EscalationActionKind.RestoreService && r.Occurrence == e.Occurrence));
            if (suspended)
            {
                Assert.True(overdue.Length >= 2 && overdue.Sum(i => i.Outstanding.Amount) >= 900m, $"{t} {day}: suspended with {overdue.Length} item(s) overdue for {overdue.Sum(i => i.Outstanding.Amount)}");
            }
        }
    }

    [Fact]
    public void Timelines_ReachLiftsAndBlocksTakenAgain()
    {
        // The day-by-day property is only as good as its timelines: over a fixed sample they lift levels (by the rule
        // of levels that lift) and take lifted blocks again. (One-shot blocks taken again within the tolerance are rare in
        // these timelines: Issue20LevelsThatLiftTests and Issue20WriteOffAndEnforcementOffTests state them.)
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Arbitraries.Timelines().Generator.Sample(40, new Rnd(2026UL, 1207UL), 80)) // a fixed seed: the same sample on every run
        {
            var policy = Balances(t.LevelsLift);
            var history = CollectionHistory.Empty;
            for (var day = Start; day <= Start.PlusMonths(t.Amounts.Length + 5); day = day.PlusDays(1))
            {
                var account = TimelineOn(t, day);
                var result = EscalationFixtures.Engine.Evaluate(account, history, policy, EscalationFixtures.At(account, day, t.Hour));
                foreach (var d in result.Decisions)
                {
                    if (d.Explanation.Contains("rule: levels that lift", StringComparison.Ordinal))
                    {
                        seen.Add("lifted");
                    }
                    else if (d.Explanation.Contains("taken again as occurrence", StringComparison.Ordinal))
                    {
                        seen.Add(t.LevelsLift ? "taken again (lift)" : "taken again (one-shot)");
                    }
                }

                history = EscalationFixtures.Record(history, result);
            }
        }

        Assert.Equal(new[] { "lifted", "taken again (lift)" }, seen.Where(x => x != "taken again (one-shot)").Order(StringComparer.Ordinal));
    }

    /// <summary>One or two earlier runs of the reference engine, recorded (as in EscalationDifferentialProperties).</summary>
    private static CollectionHistory PriorRuns(Case c, CustomerAccount account, Instant now)
    {
        var history = CollectionHistory.Empty;
        foreach (int days in c.PriorDays > 0 && c.SecondPriorDays > 0 ? new[] { c.PriorDays + c.SecondPriorDays, c.PriorDays } : c.PriorDays > 0 ? new[] { c.PriorDays } : [])
        {
            if (EscalationDifferentialProperties.Evaluate(Reference, account, history, c.Policy, now.Minus(Duration.FromDays(days))).Result is { } result)
            {
                history = EscalationFixtures.Record(history, result);
            }
        }

        return history;
    }

    private static CollectionHistory WithoutBlocks(CollectionHistory history)
    {
        var kept = CollectionHistory.Empty;
        foreach (var e in history.Entries)
        {
            if (EscalationEngine.Reversal(e.Action) is null)
            {
                kept = kept.Add(e);
            }
        }

        return kept;
    }

    private static EscalationDecision[] NotBlocks(EvaluationResult result)
        => [.. result.Decisions.Where(d => EscalationEngine.Reversal(d.Action) is null
            && d.Action is not (EscalationActionKind.ResumeWork or EscalationActionKind.RestoreService or EscalationActionKind.UnblockOrders)
            && d.StageId != EscalationEngine.ServiceRestoredStageId)];
}
