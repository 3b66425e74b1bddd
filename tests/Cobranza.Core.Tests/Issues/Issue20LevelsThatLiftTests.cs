using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 1 "Levels that lift", and the limit left by part A (a lifted block was not taken again in the same
/// episode). Peer behaviour matched: Kill Bill recomputes the overdue state at each evaluation as the most severe state
/// whose condition holds and applies that state's blocking, so an account whose unpaid balance falls below a state's
/// threshold goes back to the lower state, its blocking lifted, before it is paid in full (killbill/killbill,
/// beatrix/src/test/java/org/killbill/billing/beatrix/integration/overdue/TestOverdueIntegration.java,
/// testOverdueStateWithTotalUnpaidInvoiceBalanceCondition, with overdueWithTotalUnpaidInvoiceBalanceCondition.xml:
/// OD1 at 260.0, OD2 at 600.0, OD3 at 1200.0 of unpaid balance; monthly invoices of 249.95; paid from the most recent).
/// </summary>
public sealed class Issue20LevelsThatLiftTests
{
    private static readonly LocalDate FirstDue = new(2012, 5, 31);

    /// <summary>overdueWithTotalUnpaidInvoiceBalanceCondition.xml as a Cobranza policy (offsets only order the states: the balance decides).</summary>
    private static EscalationPolicy KillBillBalanceStates(bool levelsLift)
    {
        var builder = EscalationPolicyBuilder.Create("killbill-balance", 1)
            .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(1), EscalationTone.Final, s => s
                .Do(EscalationActionKind.BlockOrders)
                .When(new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(260.0m, Currency.USD)))))
            .Stage("OD2", "Reached OD2", StageTrigger.CalendarDays(2), EscalationTone.Final, s => s
                .Do(EscalationActionKind.BlockOrders)
                .When(new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(600.0m, Currency.USD)))))
            .Stage("OD3", "Reached OD3", StageTrigger.CalendarDays(3), EscalationTone.Final, s => s
                .Do(EscalationActionKind.SuspendService)
                .Notice(NotificationChannel.Email, TemplateKeys.NoticeServiceSuspended)
                .When(new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(1200.0m, Currency.USD)))))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .PaymentEvents(new PaymentEventSettings(acknowledgePartialPayments: false));
        return (levelsLift ? builder.LevelsLift() : builder).Build();
    }

    // Five monthly invoices of 249.95 USD (Kill Bill invoices on the due date: issued = due), the last due 2012-09-30;
    // paid from the most recent, one a day from Friday 2012-10-05 (I5) to Tuesday 2012-10-09 (I1).
    private static CustomerAccount KillBillAccountOn(LocalDate day)
    {
        var items = new System.Collections.Generic.List<AccountItem>();
        var payments = new System.Collections.Generic.List<AccountPayment>();
        for (int n = 0; n < 5; n++)
        {
            var due = FirstDue.PlusMonths(n);
            if (due > day)
            {
                break;
            }

            var paidOn = new LocalDate(2012, 10, 9).PlusDays(-n);
            var id = $"I{n + 1}";
            if (paidOn <= day)
            {
                items.Add(new AccountItem(id, "F-" + id, 0, due, due, Money.Of(249.95m, Currency.USD), principalPaid: Money.Of(249.95m, Currency.USD), settledOn: paidOn));
                payments.Add(Payment("P" + id, paidOn, 249.95m, id, Currency.USD));
            }
            else
            {
                items.Add(new AccountItem(id, "F-" + id, 0, due, due, Money.Of(249.95m, Currency.USD)));
            }
        }

        return Account(customer: Customer("UTC", calendar: null, language: "en"), items: [.. items], payments: [.. payments], currency: Currency.USD);
    }

    private static string[] Run(EscalationPolicy policy)
        => [.. DayByDay(KillBillAccountOn, policy, FirstDue, new LocalDate(2012, 10, 12)).Select(l => l[..l.IndexOf(" -> ", System.StringComparison.Ordinal)])];

    [Fact]
    public void Evaluate_KillBillTotalUnpaidBalanceStates_EachLevelLiftsWhenTheBalanceFallsBelowIt()
    {
        Assert.Empty(new EscalationPolicyValidator(TemplateCatalog.Default.Keys).Validate(KillBillBalanceStates(true)).Errors);

        // Kill Bill (the test's checkODState after each step): 499.90 → OD1, 749.85 → OD2, 999.80 still OD2, 1249.75 → OD3;
        // paying from the most recent: 999.80 → OD2 (OD3's blocking lifted), 749.85 → OD2, 499.90 → OD1, 249.95 → clear.
        Assert.Equal(
            new[]
            {
                "2012-07-01: OD1 BlockOrders - -",                 // 499.90 overdue
                "2012-08-01: OD2 BlockOrders - -",                 // 749.85
                "2012-10-01: OD3 SuspendService - -",              // 1249.75
                "2012-10-01: OD3 SendNotice Email notice-service-suspended",
                "2012-10-05: OD3 RestoreService - -",              // I5 paid: 999.80 < 1200.00
                "2012-10-05: service-restored SendNotice Email notice-service-restored",
                "2012-10-07: OD2 UnblockOrders - -",               // I3 paid: 499.90 < 600.00
                "2012-10-08: OD1 UnblockOrders - -",               // I2 paid: 249.95 < 260.00, I1 still overdue
                "2012-10-09: payment-thank-you SendNotice Email payment-thank-you",
            },
            Run(KillBillBalanceStates(levelsLift: true)));
    }

    [Fact]
    public void Evaluate_SamePolicyOneShot_BlocksStayUntilNothingIsOverdue()
    {
        // The default (one-shot): the same account keeps every block until the last overdue item is paid on 10-09.
        Assert.Equal(
            new[]
            {
                "2012-07-01: OD1 BlockOrders - -",
                "2012-08-01: OD2 BlockOrders - -",
                "2012-10-01: OD3 SuspendService - -",
                "2012-10-01: OD3 SendNotice Email notice-service-suspended",
                "2012-10-09: OD1 UnblockOrders - -",
                "2012-10-09: OD2 UnblockOrders - -",
                "2012-10-09: OD3 RestoreService - -",
                "2012-10-09: service-restored SendNotice Email notice-service-restored",
                "2012-10-09: payment-thank-you SendNotice Email payment-thank-you",
            },
            Run(KillBillBalanceStates(levelsLift: false)));
    }

    [Fact]
    public void Evaluate_LevelLifted_ExplanationNamesTheStageAndTheFigures()
    {
        var policy = KillBillBalanceStates(levelsLift: true);
        var history = CollectionHistory.Empty;
        for (var day = FirstDue; day < new LocalDate(2012, 10, 5); day = day.PlusDays(1))
        {
            var before = KillBillAccountOn(day);
            history = Record(history, Engine.Evaluate(before, history, policy, At(before, day)));
        }

        var account = KillBillAccountOn(new LocalDate(2012, 10, 5));
        var result = Engine.Evaluate(account, history, policy, At(account, new LocalDate(2012, 10, 5)));
        var restore = Assert.Single(result.Decisions, d => d.Action == EscalationActionKind.RestoreService);
        Assert.Equal("killbill-balance|OD3|RestoreService|-|ACC-1|1", restore.IdempotencyKey); // the suspension's key but for the action
        Assert.StartsWith(
            "On 2012-10-05 the account no longer meets stage 'OD3' (Reached OD3): its conditions do not hold (4 item(s) overdue for 999.80 USD); SuspendService of stage 'OD3' (decided ",
            restore.Explanation);
        Assert.EndsWith("is reversed by RestoreService (rule: levels that lift, policy Reinstatement.LevelsLift).", restore.Explanation);
        Assert.Equal(0m, restore.AmountDue.Amount);
    }

    [Fact]
    public void Evaluate_ExcludedSegmentSet_LevelLifts()
    {
        // Kill Bill's controlTagExclusion: a state does not hold for an account with the tag. Here: OD1 excludes the
        // segment "vip"; the customer becomes vip on 2012-07-10 and the block is lifted that day, though 499.90 is overdue.
        var policy = EscalationPolicyBuilder.Create("killbill-tag", 1)
            .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(30), EscalationTone.Final, s => s
                .Do(EscalationActionKind.BlockOrders)
                .When(new StageConditions(excludedSegments: ImmutableArray.Create("vip"))))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .LevelsLift()
            .Build();
        var vipFrom = new LocalDate(2012, 7, 10);
        CustomerAccount On(LocalDate day) => Account(
            customer: Customer("UTC", calendar: null, segments: day >= vipFrom ? ["vip"] : null),
            items: [Open("I1", FirstDue, 249.95m)]);
        Assert.Equal(
            new[] { "2012-06-30: OD1 BlockOrders - -", "2012-07-10: OD1 UnblockOrders - -" },
            DayByDay(On, policy, FirstDue, new LocalDate(2012, 7, 20)).Select(l => l[..l.IndexOf(" -> ", System.StringComparison.Ordinal)]));
    }

    [Fact]
    public void Evaluate_BalanceGrowsBackAboveTheThreshold_BlockTakenAgainWithTheNextOccurrenceOnce()
    {
        // OD3 lifted on 10-05 (999.80 overdue); a 250.00 USD fee posted on I1 on 10-06 brings it to 1249.80 ≥ 1200.00:
        // the suspension and its notice are taken again as occurrence 2, once; never the keys of occurrence 1 again.
        var policy = KillBillBalanceStates(levelsLift: true);
        var feeOn = new LocalDate(2012, 10, 6);
        CustomerAccount On(LocalDate day)
        {
            var account = KillBillAccountOn(day < new LocalDate(2012, 10, 5) ? day : new LocalDate(2012, 10, 5));
            return day < feeOn ? account : account.Apply(new FeeCharged("fee-1", feeOn, "I1", Money.Of(250.00m, Currency.USD), "Collection costs"));
        }

        var history = CollectionHistory.Empty;
        var keys = new System.Collections.Generic.List<string>();
        for (var day = FirstDue; day <= new LocalDate(2012, 10, 20); day = day.PlusDays(1))
        {
            var account = On(day);
            var result = Engine.Evaluate(account, history, policy, At(account, day));
            keys.AddRange(result.Decisions.Select(d => $"{day:MM-dd} {d.IdempotencyKey}"));
            history = Record(history, result);
        }

        Assert.Equal(
            new[]
            {
                "07-01 killbill-balance|OD1|BlockOrders|-|ACC-1|1",
                "08-01 killbill-balance|OD2|BlockOrders|-|ACC-1|1",
                "10-01 killbill-balance|OD3|SuspendService|-|ACC-1|1",
                "10-01 killbill-balance|OD3|SendNotice|Email|ACC-1|1",
                "10-05 killbill-balance|OD3|RestoreService|-|ACC-1|1",
                "10-05 killbill-balance|service-restored|SendNotice|Email|ACC-1|1",
                "10-06 killbill-balance|OD3|SuspendService|-|ACC-1|2",
                "10-06 killbill-balance|OD3|SendNotice|Email|ACC-1|2",
            },
            keys);
    }

    [Fact]
    public void Evaluate_OneShotWithinTolerance_BlockTakenAgainWhenTheOverdueBalanceGrowsBack()
    {
        // Part A's limit, fixed (default policy, one-shot, tolerance 25.00 EUR; Madrid): A (1,000.00 EUR) due Saturday
        // 2026-01-31 is suspended on Monday 03-02; 990.00 paid on 03-05 leaves 10.00 EUR: restored that day. A 40.00 EUR
        // recovery fee (Ley 3/2004 art. 8) posted on A on Tuesday 03-10 brings the overdue balance to 50.00 EUR ≥ 25.00:
        // suspended again that day, with its notice, as occurrence 2 — before this change nothing was taken again.
        var policy = EscalationPolicies.Default with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(25m, Currency.EUR))) };
        var due = new LocalDate(2026, 1, 31);
        var paidOn = new LocalDate(2026, 3, 5);
        var feeOn = new LocalDate(2026, 3, 10);
        CustomerAccount On(LocalDate day)
        {
            var account = Account(items: [Open("A", due, 1000m)]);
            if (day >= paidOn)
            {
                account = account.Apply(new PaymentReceived("P1", paidOn, Money.Of(990m, Currency.EUR), AllocationStrategy.OldestDueFirst));
            }

            return day >= feeOn ? account.Apply(new FeeCharged("ley-3-2004-art-8", feeOn, "A", Money.Of(40m, Currency.EUR), "Compensación por costes de cobro")) : account;
        }

        var lines = DayByDay(On, policy, new LocalDate(2026, 1, 20), new LocalDate(2026, 3, 20))
            .Where(l => string.CompareOrdinal(l, "2026-03-02") >= 0 && !l.Contains("payment-partial-ack", System.StringComparison.Ordinal));
        Assert.Equal(
            new[]
            {
                "2026-03-02: suspend SuspendService - - -> 2026-03-02 10:00",
                "2026-03-02: suspend SendNotice Email notice-service-suspended -> 2026-03-02 10:00",
                "2026-03-05: suspend RestoreService - - -> 2026-03-05 10:00",
                "2026-03-05: service-restored SendNotice Email notice-service-restored -> 2026-03-05 10:00",
                "2026-03-10: suspend SuspendService - - -> 2026-03-10 10:00",
                "2026-03-10: suspend SendNotice Email notice-service-suspended -> 2026-03-10 10:00",
            },
            lines);

        var history = CollectionHistory.Empty;
        for (var day = new LocalDate(2026, 1, 20); day < feeOn; day = day.PlusDays(1))
        {
            var before = On(day);
            history = Record(history, Engine.Evaluate(before, history, policy, At(before, day)));
        }

        var again = Engine.Evaluate(On(feeOn), history, policy, At(On(feeOn), feeOn));
        var suspend = Assert.Single(again.Decisions, d => d.Action == EscalationActionKind.SuspendService);
        Assert.Equal("cobranza-default|suspend|SuspendService|-|ACC-1|2", suspend.IdempotencyKey);
        Assert.EndsWith("The stage's block was lifted earlier in this episode and the stage holds again: taken again as occurrence 2.", suspend.Explanation);
    }

    [Fact]
    public void Json_LevelsLift_WrittenOnlyWhenOnAndRoundTrips()
    {
        var policy = KillBillBalanceStates(levelsLift: true);
        string json = EscalationPolicyJson.Serialize(policy);
        Assert.Contains("\"levelsLift\": true", json, System.StringComparison.Ordinal);
        Assert.Equal(policy, EscalationPolicyJson.Deserialize(json));
        Assert.True(EscalationPolicyJson.Deserialize(json).Reinstatement.LevelsLift);
        Assert.DoesNotContain("levelsLift", EscalationPolicyJson.Serialize(KillBillBalanceStates(levelsLift: false)), System.StringComparison.Ordinal);
        Assert.NotEqual(policy, KillBillBalanceStates(levelsLift: false)); // part of the policy's value
    }
}
