using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// Replay stability (the sample's kill -9 crash test, ES-00160): an evaluation at instant t whose first decisions were
/// recorded before a crash, evaluated again at t, gives the remaining decisions unchanged (same keys, same NotBefore).
/// </summary>
public sealed class ReplayStabilityTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    [Theory]
    [InlineData(DecisionOutcome.Claimed)]
    [InlineData(DecisionOutcome.Dispatched)]
    [InlineData(DecisionOutcome.Failed)]
    public void Evaluate_AcknowledgementRecordedBeforeCrash_FirmNoticeKeepsItsDate(DecisionOutcome outcome)
    {
        // ES-00160's shape (EscalationEngineTests.Evaluate_PaymentSettlesSomeOverdueItemsOthersRemainOverdue_AcknowledgedAsPartial):
        // A paid on Monday 2026-04-20, B (500.00, due 2026-04-16) still overdue → [payment-partial-ack, firm], both 10:00.
        var paidOn = Due.PlusDays(5);
        var account = Account(
            items: new[] { Settled("A", Due, paidOn), Open("B", Due.PlusDays(1), 500m) },
            payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var now = At(account, paidOn);
        var first = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now);
        Assert.Equal(
            new[] { "cobranza-default|payment-partial-ack|SendNotice|Email|ACC-1|1 2026-04-20 10:00", "cobranza-default|firm|SendNotice|Email|ACC-1|1 2026-04-20 10:00" },
            first.Decisions.Select(d => $"{d.IdempotencyKey} {Local(account, d.NotBefore)}"));

        // Killed after the acknowledgement's claim (or its dispatch, or its failed attempt): only it is in the history.
        var ack = first.Decisions[0];
        var history = CollectionHistory.Empty.Add(CollectionHistoryEntry.For(ack, outcome, now.Plus(Duration.FromSeconds(2))));
        var replay = Engine.Evaluate(account, history, EscalationPolicies.Default, now);

        // Before the fix OneNoticePerDay moved the firm notice to 2026-04-21 (same key, another date and body).
        var firm = Assert.Single(replay.Decisions);
        Assert.Equal(first.Decisions[1], firm);
        Assert.Equal(firm, Assert.Single(new ReferenceEscalationEngine(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance)
            .Evaluate(account, history, EscalationPolicies.Default, now).Decisions));
    }

    [Fact]
    public void Evaluate_AcknowledgementOfAnEarlierEvaluation_StillKeepsOneNoticePerDay()
    {
        // Only the same evaluation's own notices are exempt: an acknowledgement sent at 09:00 the same day by an
        // earlier run still pushes a dunning notice decided at 10:00 to the next day (OneNoticePerDay, QuietRules.Default).
        var paidOn = Due.PlusDays(5);
        var account = Account(
            items: new[] { Settled("A", Due, paidOn), Open("B", Due.PlusDays(1), 500m) },
            payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var now = At(account, paidOn);
        var ack = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now).Decisions[0];
        var nine = At(account, paidOn, 9);
        var history = CollectionHistory.Empty.Add(new CollectionHistoryEntry(ack.IdempotencyKey, ack.StageId, ack.Action, ack.Channel, ack.Occurrence, nine, DecisionOutcome.Dispatched, nine, 1, null));
        var firm = Assert.Single(Engine.Evaluate(account, history, EscalationPolicies.Default, now).Decisions);
        Assert.Equal("firm", firm.StageId);
        Assert.Equal("2026-04-21 09:00", Local(account, firm.NotBefore));
    }

    /// <summary>
    /// Any prefix (in the result's order) of an evaluation's decisions recorded as claimed, dispatched or failed, then
    /// the same evaluation again: the remaining decisions are exactly the original remaining ones.
    /// </summary>
    [Property(MaxTest = 300, Arbitrary = [typeof(EscalationDifferentialProperties.Arbitraries)])]
    public void Evaluate_AgainAfterRecordingAnyPrefix_SameRemainingDecisions(EscalationDifferentialProperties.Case c)
    {
        var account = c.Account();
        var now = c.Now(account);
        var policy = c.Policy;
        var history = CollectionHistory.Empty;
        if (c.PriorDays > 0)
        {
            var earlier = now.Minus(Duration.FromDays(c.PriorDays));
            if (TryEvaluate(account, history, policy, earlier) is { } prior)
            {
                history = Record(history, prior);
            }
        }

        if (TryEvaluate(account, history, policy, now) is not { } original || original.Decisions.Length < 2)
        {
            return;
        }

        var decisions = original.Decisions;
        for (int k = 1; k < decisions.Length; k++)
        {
            var partial = history;
            for (int i = 0; i < k; i++)
            {
                var outcome = (DecisionOutcome)((c.Minute + i) % 3); // Claimed, Dispatched, Failed
                partial = partial.Add(CollectionHistoryEntry.For(decisions[i], outcome, decisions[i].NotBefore.Plus(Duration.FromSeconds(i + 1))));
            }

            var replay = Engine.Evaluate(account, partial, policy, now);
            Assert.True(
                Lines(account, decisions.Skip(k)).SequenceEqual(Lines(account, replay.Decisions)),
                $"{c}: after recording {k} of [{string.Join(", ", Lines(account, decisions))}] the replay gives [{string.Join(", ", Lines(account, replay.Decisions))}]");
        }
    }

    private static IEnumerable<string> Lines(CustomerAccount account, IEnumerable<EscalationDecision> decisions)
        => decisions.Select(d => $"{d.IdempotencyKey} {Local(account, d.NotBefore)}");

    private static EvaluationResult? TryEvaluate(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant at)
    {
        try
        {
            return Engine.Evaluate(account, history, policy, at);
        }
        catch (System.Exception e) when (e is System.ArgumentException or System.InvalidOperationException)
        {
            return null;
        }
    }
}
