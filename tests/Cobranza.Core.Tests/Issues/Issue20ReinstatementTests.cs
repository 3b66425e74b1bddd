using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Receivables;
using Cobranza.Core.Tests.Escalation;
using FluentValidation;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, "Wrong today": a suspension waited for invoices not yet due. A block, suspension or stop-work is now
/// reversed as soon as nothing in its scope is overdue (the policy may name a tolerance), with the service-restored
/// notice. Peer behaviour matched: Kill Bill's overdue engine recomputes the account's overdue state from its unpaid
/// invoices at each evaluation and returns to the clear state, lifting the blocking, as soon as the state's condition
/// stops holding (killbill/killbill, beatrix/src/test/java/org/killbill/billing/beatrix/integration/overdue/
/// TestOverdueIntegration.java, testOverdueStages1 "Test overdue stages and return to clear prior to CTD": OD3 with
/// entitlement disabled goes back to clear when the unpaid invoices are paid, before the next invoice is paid).
/// </summary>
public sealed class Issue20ReinstatementTests
{
    // The issue's scenario: A (1,000.00 EUR) due Saturday 2026-01-31; B (500.00 EUR) issued 2026-03-01, due 2026-03-31;
    // A paid in full on Thursday 2026-03-05. Default policy (suspend at +30 calendar days: 2026-03-02), Madrid, calendar ES.
    private static readonly LocalDate DueA = new(2026, 1, 31);
    private static readonly LocalDate IssuedB = new(2026, 3, 1);
    private static readonly LocalDate DueB = new(2026, 3, 31);
    private static readonly LocalDate PaidA = new(2026, 3, 5);

    private static AccountItem B() => new("B", "F-B", 0, IssuedB, DueB, Money.Of(500m, Currency.EUR));

    private static CustomerAccount IssueAccountOn(LocalDate day)
    {
        if (day < IssuedB)
        {
            return Account(items: new[] { Open("A", DueA, 1000m) });
        }

        return day < PaidA
            ? Account(items: new[] { Open("A", DueA, 1000m), B() })
            : Account(items: new[] { Settled("A", DueA, PaidA, 1000m), B() }, payments: new[] { Payment("P1", PaidA, 1000m, "A") });
    }

    [Fact]
    public void Evaluate_SuspendedThenOverduePaidWhileNextInvoiceNotYetDue_ServiceRestoredAtOnce()
    {
        var lines = DayByDay(IssueAccountOn, EscalationPolicies.Default, DueA.PlusDays(-5), DueB.PlusDays(1))
            .Where(l => string.CompareOrdinal(l, "2026-03-01") >= 0);

        // Before the fix: no RestoreService on 03-05 (B, not yet due, kept the suspension in force) and the pre-due
        // reminder of B went to a customer still suspended. Now: restored the day A is paid; B follows its own stages.
        Assert.Equal(
            new[]
            {
                "2026-03-02: suspend SuspendService - - -> 2026-03-02 10:00",
                "2026-03-02: suspend SendNotice Email notice-service-suspended -> 2026-03-02 10:00",
                "2026-03-05: suspend RestoreService - - -> 2026-03-05 10:00",
                "2026-03-05: service-restored SendNotice Email notice-service-restored -> 2026-03-05 10:00",
                "2026-03-28: pre-due SendNotice Email reminder-before-due -> 2026-03-30 09:00",
                "2026-03-31: due-today SendNotice Email reminder-due-today -> 2026-03-31 10:00",
                "2026-04-01: call CreateTask PhoneCall task-call-customer -> 2026-04-01 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_OverduePaidNextNotYetDue_ReversalExplainsNothingOverdueAndKeepsTheSuspensionsKey()
    {
        var history = History(EscalationPolicies.Default, PaidA.PlusDays(-1));
        var account = IssueAccountOn(PaidA);
        var result = Engine.Evaluate(account, history, EscalationPolicies.Default, At(account, PaidA));

        Assert.Equal(
            new[] { "cobranza-default|suspend|RestoreService|-|ACC-1|1", "cobranza-default|service-restored|SendNotice|Email|ACC-1|1" },
            result.Decisions.Select(d => d.IdempotencyKey));
        Assert.StartsWith(
            "On 2026-03-05 nothing of the account is overdue (items not yet due do not count); SuspendService of stage 'suspend' (decided ",
            result.Decisions[0].Explanation);
        Assert.EndsWith("is reversed by RestoreService (rule: nothing overdue reinstates).", result.Decisions[0].Explanation);
        Assert.All(result.Decisions, d => Assert.Equal(0m, d.AmountDue.Amount)); // a reversal asks for nothing
        Assert.Null(result.Decisions.FirstOrDefault(d => d.StageId == EscalationEngine.ThankYouStageId)); // B is still owed
    }

    [Fact]
    public void Evaluate_DisputedOverdueItemRemains_NoReversal()
    {
        // A dispute does not pay: the disputed overdue item is still owed, so the suspension stays (as before the fix).
        var history = History(EscalationPolicies.Default, PaidA.PlusDays(-1));
        var account = Account(items: new[] { Open("A", DueA, 1000m, dispute: new ItemDispute(PaidA, "goods returned")), B() });
        Assert.Empty(Engine.Evaluate(account, history, EscalationPolicies.Default, At(account, PaidA)).Decisions);
    }

    [Fact]
    public void Evaluate_OverdueBalanceBelowTolerance_ReversedWithTheToleranceInTheExplanation()
    {
        // 990.00 of A paid on 03-05 leaves 10.00 EUR overdue: below a tolerance of 25.00 EUR the suspension is lifted;
        // with no tolerance (the default) it stays.
        var tolerant = EscalationPolicies.Default with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(25m, Currency.EUR))) };
        var history = History(tolerant, PaidA.PlusDays(-1));
        var account = Account(items: new[] { Open("A", DueA, 1000m, paid: 990m), B() }, payments: new[] { Payment("P1", PaidA, 990m, "A") });
        var now = At(account, PaidA);

        var strict = Engine.Evaluate(account, history, EscalationPolicies.Default, now);
        Assert.DoesNotContain(strict.Decisions, d => d.Action == EscalationActionKind.RestoreService);

        var result = Engine.Evaluate(account, history, tolerant, now);
        var restore = Assert.Single(result.Decisions, d => d.Action == EscalationActionKind.RestoreService);
        Assert.StartsWith("On 2026-03-05 the overdue balance of the account, 10.00 EUR, is below the tolerance 25.00 EUR; SuspendService", restore.Explanation);
        Assert.EndsWith("(rule: nothing overdue reinstates, policy Reinstatement.OverdueTolerances).", restore.Explanation);
        Assert.Contains(result.Decisions, d => d.StageId == EscalationEngine.ServiceRestoredStageId);
        Assert.Contains(result.Decisions, d => d.StageId == EscalationEngine.PartialAckStageId); // the payment is still partial
    }

    [Fact]
    public void Evaluate_OverdueBalanceBelowTolerance_SuspensionNotTaken()
    {
        // The tolerance holds both ways: 10.00 EUR overdue at +30 days does not suspend (the next evaluation would
        // reverse it), but the stage's notice and the earlier stages' charges are still decided.
        var tolerant = EscalationPolicies.Default with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(25m, Currency.EUR))) };
        var account = Account(items: new[] { Open("A", DueA, 1000m, paid: 990m) }, payments: new[] { Payment("P1", DueA.PlusDays(-10), 990m, "A") });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, tolerant, At(account, DueA.PlusDays(30)));
        Assert.DoesNotContain(result.Decisions, d => d.Action == EscalationActionKind.SuspendService);
        Assert.Contains(result.Decisions, d => d.StageId == "suspend" && d.Action == EscalationActionKind.SendNotice);

        var strict = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, DueA.PlusDays(30)));
        Assert.Contains(strict.Decisions, d => d.Action == EscalationActionKind.SuspendService);
    }

    [Fact]
    public void Evaluate_ItemScopeSuspensionOtherItemStillOverdue_OnlyThePaidItemsBlockIsLifted()
    {
        // Item scope: each item's block is its own. A paid; C (due 2026-02-03) still overdue: A's stop-work is reversed, C's is not.
        var policy = EscalationPolicies.CreateDefault(scope: EscalationScope.Item);
        var dueC = DueA.PlusDays(3);
        var before = Account(items: new[] { Open("A", DueA, 1000m), Open("C", dueC, 300m) });
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(before, CollectionHistory.Empty, policy, At(before, dueC.PlusDays(30))));
        var after = Account(items: new[] { Settled("A", DueA, PaidA, 1000m), Open("C", dueC, 300m) }, payments: new[] { Payment("P1", PaidA, 1000m, "A") });
        var result = Engine.Evaluate(after, history, policy, At(after, PaidA));
        var restore = Assert.Single(result.Decisions, d => d.Action == EscalationActionKind.RestoreService);
        Assert.Equal("cobranza-default|suspend|RestoreService|-|A|1", restore.IdempotencyKey);
    }

    [Theory]
    [InlineData(DecisionOutcome.Claimed)]
    [InlineData(DecisionOutcome.Dispatched)]
    [InlineData(DecisionOutcome.Failed)]
    public void Evaluate_ReversalRecordedBeforeCrash_RestoredNoticeStillOwedSameKey(DecisionOutcome outcome)
    {
        // Decision 0015: killed after recording the reversal, the same evaluation gives the notice unchanged.
        var history = History(EscalationPolicies.Default, PaidA.PlusDays(-1));
        var account = IssueAccountOn(PaidA);
        var now = At(account, PaidA);
        var first = Engine.Evaluate(account, history, EscalationPolicies.Default, now);
        var partial = history.Add(CollectionHistoryEntry.For(first.Decisions[0], outcome, now.Plus(Duration.FromSeconds(1))));
        var replay = Engine.Evaluate(account, partial, EscalationPolicies.Default, now);
        Assert.Equal(first.Decisions[1], Assert.Single(replay.Decisions));

        var reference = new ReferenceEscalationEngine(BuiltInCalendarProvider.Instance);
        Assert.Equal(first.Decisions.ToArray(), reference.Evaluate(account, history, EscalationPolicies.Default, now).Decisions.ToArray());
        Assert.Equal(replay.Decisions.ToArray(), reference.Evaluate(account, partial, EscalationPolicies.Default, now).Decisions.ToArray());

        // Both recorded: nothing more, ever (same instant, and a week later).
        var full = partial.Add(CollectionHistoryEntry.For(first.Decisions[1], DecisionOutcome.Dispatched, now.Plus(Duration.FromSeconds(2))));
        Assert.Empty(Engine.Evaluate(account, full, EscalationPolicies.Default, now).Decisions);
        Assert.Empty(Engine.Evaluate(account, full, EscalationPolicies.Default, At(account, PaidA.PlusDays(7))).Decisions);
    }

    [Fact]
    public void Validate_BadTolerances_EveryErrorWithItsPath()
    {
        var policy = EscalationPolicies.Default with
        {
            Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(0m, Currency.EUR), Money.Of(5m, Currency.EUR))),
        };
        var errors = new EscalationPolicyValidator().Validate(policy).Errors;
        Assert.Equal(
            new[]
            {
                "Reinstatement.OverdueTolerances[0] must be positive (was 0.00 EUR).",
                "Reinstatement.OverdueTolerances[1] repeats the currency EUR of Reinstatement.OverdueTolerances[0]; give one amount per currency.",
            },
            errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void Json_Tolerance_RoundTripsAndIsReadFromItsProperty()
    {
        const string json = """
            {"id": "p", "stages": [{"id": "suspend", "name": "Suspend", "trigger": {"offset": 30}, "tone": "Final", "actions": [{"kind": "SuspendService"}]}],
             "suppressions": {"brokenPromiseStageId": null}, "reinstatement": {"overdueTolerances": [{"amount": 25.00, "currency": "EUR"}]}}
            """;
        var policy = EscalationPolicyJson.Deserialize(json);
        Assert.Equal(Money.Of(25.00m, Currency.EUR), policy.Reinstatement.ToleranceFor(Currency.EUR));
        Assert.Null(policy.Reinstatement.ToleranceFor(Currency.USD));
        Assert.Equal(policy, EscalationPolicyJson.Deserialize(EscalationPolicyJson.Serialize(policy)));

        var bad = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize(json.Replace("25.00", "-1", System.StringComparison.Ordinal)));
        Assert.Contains(bad.Errors, e => e.PropertyName.StartsWith("reinstatement.overdueTolerances[0]", System.StringComparison.Ordinal));
    }

    /// <summary>The history a day-by-day run of the issue's account leaves up to <paramref name="through"/>.</summary>
    private static CollectionHistory History(EscalationPolicy policy, LocalDate through)
    {
        var history = CollectionHistory.Empty;
        for (var day = DueA.PlusDays(-5); day <= through; day = day.PlusDays(1))
        {
            var account = IssueAccountOn(day);
            history = Record(history, Engine.Evaluate(account, history, policy, At(account, day)));
        }

        return history;
    }
}
