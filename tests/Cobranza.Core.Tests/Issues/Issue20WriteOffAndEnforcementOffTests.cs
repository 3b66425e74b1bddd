using System;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 5 "Write-off and enforcement off": an item excluded from dunning with a reason (not a dispute), and
/// an account-level pause that is not a legal hold. Peer behaviour matched: Kill Bill's overdue engine leaves a
/// <c>WRITTEN_OFF</c> invoice out of the unpaid balance and refreshes when the tag is set or removed, and on an account
/// tagged <c>OVERDUE_ENFORCEMENT_OFF</c> clears the overdue state (lifting its blocking) and applies nothing until the
/// tag is removed, then recomputes it (killbill/killbill, beatrix/src/test/java/org/killbill/billing/beatrix/integration/
/// overdue/TestOverdueWithTags.java: testOverdueStateWith_WRITTEN_OFF, testNonOverdueAccountWith_OVERDUE_ENFORCEMENT_OFF,
/// testOverdueAccountWithOverdueEnforcementOffTag; overdue/src/main/java/org/killbill/billing/overdue/listener/
/// OverdueListener.java handleTagInsert / handleTagRemoval; overdue/wrapper/OverdueWrapper.java refreshWithLock).
/// </summary>
public sealed class Issue20WriteOffAndEnforcementOffTests
{
    // Kill Bill's TestOverdueWithTags: one invoice of 249.95 due 2012-05-31 (after the trial), OD1 (block changes) at
    // 5 days in its overdue.xml; stated here as a BlockOrders at +5 days, UTC.
    private static readonly LocalDate Due = new(2012, 5, 31);

    private static EscalationPolicy KillBillOd1() => EscalationPolicyBuilder.Create("killbill-tags", 1)
        .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(5), EscalationTone.Final, s => s.Do(EscalationActionKind.BlockOrders))
        .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
        .Build();

    private static CustomerAccount Invoice() => Account(customer: Customer("UTC", calendar: null), items: [Open("I1", Due, 249.95m)]);

    private static string[] Actions(Func<LocalDate, CustomerAccount> on, EscalationPolicy policy, LocalDate from, LocalDate to)
        => [.. DayByDay(on, policy, from, to).Select(l => l[..l.IndexOf(" -> ", StringComparison.Ordinal)])];

    [Fact]
    public void Evaluate_WrittenOffInvoice_StaysClearUntilReturnedToDunning()
    {
        // testOverdueStateWith_WRITTEN_OFF: tagged WRITTEN_OFF before OD1; six days later still clear; tag removed → OD1.
        var excludedOn = Due;
        var returnedOn = Due.PlusDays(6);
        CustomerAccount On(LocalDate day)
        {
            var account = Invoice().Apply(new ItemExcludedFromDunning("I1", new DunningExclusion(excludedOn, "written off for collection")));
            return day < returnedOn ? account : account.Apply(new ItemReturnedToDunning("I1", returnedOn));
        }

        Assert.Equal(new[] { "2012-06-06: OD1 BlockOrders - -" }, Actions(On, KillBillOd1(), Due, Due.PlusDays(10)));
    }

    [Fact]
    public void Evaluate_ExcludedItem_LeftOutOfStagesConditionsAndAmountsButStillInTheOpenBalance()
    {
        // Default policy, Madrid. A (1,000.00) due 2026-01-31 excluded ("goodwill"); C (300.00) due 2026-02-10. On
        // 2026-02-13 (C +3) the firm reminder is about C alone: A is not listed, not asked for and not counted by the
        // conditions; the account's open balance still includes it (it is owed: 1,300.00 EUR).
        var account = Account(items: [Open("A", new LocalDate(2026, 1, 31), 1000m), Open("C", new LocalDate(2026, 2, 10), 300m)])
            .Apply(new ItemExcludedFromDunning("A", new DunningExclusion(new LocalDate(2026, 2, 1), "goodwill")));
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 2, 13)));
        var firm = Assert.Single(result.Decisions);
        Assert.Equal("firm", firm.StageId);
        Assert.Equal(new[] { "C" }, firm.ItemIds);
        Assert.Equal(300m, firm.AmountDue.Amount);
        Assert.Equal(1300m, firm.OpenBalance.Amount);
        Assert.StartsWith("On 2026-02-13 1 item(s) are overdue for 300.00 EUR (open 300.00 EUR); stage 'firm'", firm.Explanation);
    }

    [Fact]
    public void Evaluate_SuspendedThenOnlyOverdueItemExcluded_ServiceRestored()
    {
        // Unlike a dispute (Issue20ReinstatementTests: a disputed overdue item keeps the suspension), an item excluded
        // from dunning keeps no block in force. Account scope: A suspended on 2026-03-02 and excluded on 03-04.
        var due = new LocalDate(2026, 1, 31);
        var excludedOn = new LocalDate(2026, 3, 4);
        CustomerAccount On(LocalDate day)
        {
            var account = Account(items: [Open("A", due, 1000m)]);
            return day < excludedOn ? account : account.Apply(new ItemExcludedFromDunning("A", new DunningExclusion(excludedOn, "handed to the lawyer outside the policy")));
        }

        var lines = DayByDay(On, EscalationPolicies.Default, due.PlusDays(-5), excludedOn.PlusDays(10)).Where(l => string.CompareOrdinal(l, "2026-03-02") >= 0);
        Assert.Equal(
            new[]
            {
                "2026-03-02: suspend SuspendService - - -> 2026-03-02 10:00",
                "2026-03-02: suspend SendNotice Email notice-service-suspended -> 2026-03-02 10:00",
                "2026-03-04: suspend RestoreService - - -> 2026-03-04 10:00",
                "2026-03-04: service-restored SendNotice Email notice-service-restored -> 2026-03-04 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_ItemScopeExcludedItem_ReversalSaysSo()
    {
        var policy = EscalationPolicies.CreateDefault(scope: EscalationScope.Item);
        var due = new LocalDate(2026, 1, 31);
        var before = Account(items: [Open("A", due, 1000m)]);
        var history = CollectionHistory.Empty;
        for (var day = due.PlusDays(-5); day <= due.PlusDays(31); day = day.PlusDays(1))
        {
            history = Record(history, Engine.Evaluate(before, history, policy, At(before, day)));
        }

        var after = before.Apply(new ItemExcludedFromDunning("A", new DunningExclusion(due.PlusDays(32), "written off")));
        var result = Engine.Evaluate(after, history, policy, At(after, due.PlusDays(32)));
        var restore = Assert.Single(result.Decisions, d => d.Action == EscalationActionKind.RestoreService);
        Assert.Equal("cobranza-default|suspend|RestoreService|-|A|1", restore.IdempotencyKey);
        Assert.StartsWith("On 2026-03-04 item A is excluded from dunning; SuspendService of stage 'suspend'", restore.Explanation);
        Assert.DoesNotContain(result.Decisions, d => d.StageId is "agency" or "legal");
    }

    [Fact]
    public void Evaluate_EnforcementOffOnAnOverdueAccount_ClearsThenTakesTheBlockAgainWhenTurnedOn()
    {
        // testOverdueAccountWithOverdueEnforcementOffTag: OD1 on day 36 (here +5: 2012-06-05); tag set → clear (the
        // blocking lifted); tag removed → OD1 again. The block is taken again as occurrence 2 (never the same key twice).
        var offOn = Due.PlusDays(8);
        var onAgain = Due.PlusDays(12);
        CustomerAccount On(LocalDate day)
        {
            var account = Invoice();
            if (day >= offOn)
            {
                account = account.Apply(new EnforcementTurnedOff(new EnforcementOff(offOn, "negotiating a settlement")));
            }

            return day >= onAgain ? account.Apply(new EnforcementTurnedOn(onAgain)) : account;
        }

        var history = CollectionHistory.Empty;
        var keys = new System.Collections.Generic.List<string>();
        for (var day = Due; day <= Due.PlusDays(20); day = day.PlusDays(1))
        {
            var account = On(day);
            var result = Engine.Evaluate(account, history, KillBillOd1(), At(account, day));
            keys.AddRange(result.Decisions.Select(d => $"{day:MM-dd} {d.IdempotencyKey}"));
            history = Record(history, result);
        }

        Assert.Equal(
            new[]
            {
                "06-05 killbill-tags|OD1|BlockOrders|-|ACC-1|1",
                "06-08 killbill-tags|OD1|UnblockOrders|-|ACC-1|1",
                "06-12 killbill-tags|OD1|BlockOrders|-|ACC-1|2",
            },
            keys);
    }

    [Theory]
    [InlineData(DecisionOutcome.Skipped, false)]
    [InlineData(DecisionOutcome.Poisoned, false)]
    [InlineData(DecisionOutcome.Failed, true)]
    [InlineData(DecisionOutcome.Dispatched, true)]
    public void Evaluate_EnforcementBackOn_BlockTakenAgainOnlyWhenItsReversalWasRecorded(DecisionOutcome reversalOutcome, bool takenAgain)
    {
        // A block and a suspension in one stage, both reversed while enforcement was off. A reversal the runner skipped
        // or poisoned did not happen: that block is still in force, so the stage is not taken again.
        var policy = EscalationPolicyBuilder.Create("two-blocks", 1)
            .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(5), EscalationTone.Final, s => s
                .Do(EscalationActionKind.BlockOrders).Do(EscalationActionKind.SuspendService))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .PaymentEvents(new PaymentEventSettings(channel: NotificationChannel.Letter))
            .Build();
        var account = Invoice();
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(5))));
        var off = account.Apply(new EnforcementTurnedOff(new EnforcementOff(Due.PlusDays(6), "settlement")));
        var reversals = Engine.Evaluate(off, history, policy, At(off, Due.PlusDays(6)));
        Assert.Equal(new[] { EscalationActionKind.UnblockOrders, EscalationActionKind.RestoreService, EscalationActionKind.SendNotice }, reversals.Decisions.Select(d => d.Action));
        foreach (var d in reversals.Decisions)
        {
            history = history.Add(CollectionHistoryEntry.For(d, d.Action == EscalationActionKind.UnblockOrders ? reversalOutcome : DecisionOutcome.Dispatched, d.NotBefore));
        }

        var on = off.Apply(new EnforcementTurnedOn(Due.PlusDays(7)));
        var again = Engine.Evaluate(on, history, policy, At(on, Due.PlusDays(7)));
        Assert.Equal(
            takenAgain ? new[] { "two-blocks|OD1|BlockOrders|-|ACC-1|2", "two-blocks|OD1|SuspendService|-|ACC-1|2" } : [],
            again.Decisions.Select(d => d.IdempotencyKey));
    }

    [Fact]
    public void Evaluate_EnforcementOffFromTheStart_NothingUntilTurnedOn()
    {
        // testNonOverdueAccountWith_OVERDUE_ENFORCEMENT_OFF: tagged before the invoice; right after OD1 still clear;
        // tag removed → OD1.
        var onAgain = Due.PlusDays(6);
        CustomerAccount On(LocalDate day)
        {
            var account = Invoice().Apply(new EnforcementTurnedOff(new EnforcementOff(Due.PlusDays(-30), "key account")));
            return day >= onAgain ? account.Apply(new EnforcementTurnedOn(onAgain)) : account;
        }

        Assert.Equal(new[] { "2012-06-06: OD1 BlockOrders - -" }, Actions(On, KillBillOd1(), Due.PlusDays(-5), Due.PlusDays(10)));
    }

    [Fact]
    public void Evaluate_EnforcementOff_NoStageNoBrokenPromiseButPaymentsStillThanked()
    {
        // Default policy: with enforcement off nothing of dunning is decided (no stage notice, task, charge or block), but
        // a payment in full is thanked — the pause is not a legal hold (a hold silences that too).
        var due = new LocalDate(2026, 1, 31);
        var off = new EnforcementOff(new LocalDate(2026, 1, 15), "negotiating a settlement");
        var account = Account(items: [Open("A", due, 1000m)]).Apply(new EnforcementTurnedOff(off));
        for (var day = due.PlusDays(-5); day <= due.PlusDays(100); day = day.PlusDays(1))
        {
            var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, day));
            Assert.Empty(result.Decisions);
        }

        var paidOn = new LocalDate(2026, 3, 10);
        var paid = account.Apply(new PaymentReceived("P1", paidOn, Money.Of(1000m, Currency.EUR), AllocationStrategy.OldestDueFirst));
        var thanked = Engine.Evaluate(paid, CollectionHistory.Empty, EscalationPolicies.Default, At(paid, paidOn));
        Assert.Equal(EscalationEngine.ThankYouStageId, Assert.Single(thanked.Decisions).StageId);

        var held = paid.Apply(new LegalHoldSet(new LegalHold(new LocalDate(2026, 3, 1), "insolvency proceedings")));
        Assert.Empty(Engine.Evaluate(held, CollectionHistory.Empty, EscalationPolicies.Default, At(held, paidOn)).Decisions);
    }

    [Fact]
    public void Evaluate_EnforcementOffWhileSuspended_RestoredWithTheExplanation()
    {
        var due = new LocalDate(2026, 1, 31);
        var before = Account(items: [Open("A", due, 1000m)]);
        var history = CollectionHistory.Empty;
        for (var day = due.PlusDays(-5); day <= due.PlusDays(31); day = day.PlusDays(1))
        {
            history = Record(history, Engine.Evaluate(before, history, EscalationPolicies.Default, At(before, day)));
        }

        var offOn = due.PlusDays(32);
        var after = before.Apply(new EnforcementTurnedOff(new EnforcementOff(offOn, "negotiating a settlement")));
        var result = Engine.Evaluate(after, history, EscalationPolicies.Default, At(after, offOn));
        Assert.Equal(
            new[] { "cobranza-default|suspend|RestoreService|-|ACC-1|1", "cobranza-default|service-restored|SendNotice|Email|ACC-1|1" },
            result.Decisions.Select(d => d.IdempotencyKey));
        Assert.StartsWith(
            "On 2026-03-04 dunning enforcement is off for the account (since 2026-03-04: negotiating a settlement); SuspendService of stage 'suspend' (decided ",
            result.Decisions[0].Explanation);
        Assert.EndsWith("(rule: enforcement off clears every block).", result.Decisions[0].Explanation);
    }

    [Fact]
    public void Ledger_ExclusionAndEnforcement_RefusesWhatDoesNotFitNamingTheValue()
    {
        var account = Account(items: [Open("A", Due, 100m), Settled("S", Due, Due, 50m)]);
        var exclusion = new DunningExclusion(Due, "written off");
        Assert.Equal("item 'S' was settled on 2012-05-31; a settled item cannot be excluded from dunning. (Parameter 'ItemId')",
            Assert.Throws<ArgumentException>(() => account.Apply(new ItemExcludedFromDunning("S", exclusion))).Message);
        Assert.Contains("names unknown item 'X'", Assert.Throws<ArgumentException>(() => account.Apply(new ItemExcludedFromDunning("X", exclusion))).Message, StringComparison.Ordinal);
        var excluded = account.Apply(new ItemExcludedFromDunning("A", exclusion));
        Assert.Equal("item 'A' is already excluded from dunning since 2012-05-31 ('written off'). (Parameter 'ItemId')",
            Assert.Throws<ArgumentException>(() => excluded.Apply(new ItemExcludedFromDunning("A", exclusion))).Message);
        Assert.Equal("item 'A' is not excluded from dunning; it cannot be returned to it on 2012-06-01. (Parameter 'ItemId')",
            Assert.Throws<ArgumentException>(() => account.Apply(new ItemReturnedToDunning("A", Due.PlusDays(1)))).Message);
        Assert.Equal("account 'ACC-1' has enforcement on already; it cannot be turned on on 2012-06-01. (Parameter 'accountEvent')",
            Assert.Throws<ArgumentException>(() => account.Apply(new EnforcementTurnedOn(Due.PlusDays(1)))).Message);
        Assert.Throws<ArgumentException>(() => new DunningExclusion(Due, " "));
        Assert.Throws<ArgumentException>(() => new EnforcementOff(Due, ""));

        // The exclusion is a fact of the item: it survives a partial payment and a charge, and is gone once returned.
        var paid = excluded.Apply(new PaymentReceived("P1", Due.PlusDays(2), Money.Of(40m, Currency.EUR), AllocationStrategy.OldestDueFirst))
            .Apply(new FeeCharged("fee", Due.PlusDays(3), "A", Money.Of(5m, Currency.EUR), "fee"));
        Assert.True(paid.TryGetItem("A", out var a) && a.DunningExclusion == exclusion && a.Outstanding.Amount == 65m);
        Assert.False(paid.Apply(new ItemReturnedToDunning("A", Due.PlusDays(4))).TryGetItem("A", out var back) && back.IsExcludedFromDunning);

        var off = account.Apply(new EnforcementTurnedOff(new EnforcementOff(Due, "settlement")));
        Assert.Equal("settlement", off.EnforcementOff!.Reason);
        Assert.Equal("settlement", off.Apply(new PaymentReceived("P2", Due.PlusDays(2), Money.Of(10m, Currency.EUR), AllocationStrategy.OldestDueFirst)).EnforcementOff!.Reason);
        Assert.Null(off.Apply(new EnforcementTurnedOn(Due.PlusDays(5))).EnforcementOff);
    }

    [Fact]
    public void Consolidate_PaidAccountsExcludedItemAndPayersPause_Kept()
    {
        // Account hierarchies (shape 7): a paid account's item excluded from dunning stays excluded under its payer, and
        // the payer's enforcement-off governs the consolidated escalation.
        var child = new CustomerAccount("CHILD", Currency.EUR, new CustomerProfile("C-2", "Filial S.L.", Language.FromTag("es-ES"), Zone("Europe/Madrid"), "ES") { PaidByAccountId = "ACC-1" }, [Open("A", Due, 100m)])
            .Apply(new ItemExcludedFromDunning("A", new DunningExclusion(Due, "goodwill")));
        var payer = Account(items: [Open("B", Due, 50m)]).Apply(new EnforcementTurnedOff(new EnforcementOff(Due, "settlement")));
        var consolidated = AccountHierarchy.Consolidate(payer, [child]);
        Assert.Equal("settlement", consolidated.EnforcementOff!.Reason);
        Assert.True(consolidated.TryGetItem(AccountHierarchy.Qualify("CHILD", "A"), out var a) && a.IsExcludedFromDunning);
    }

    [Fact]
    public void Statement_ExcludedItem_StillOpenAndMarked()
    {
        // The exclusion leaves the debt on the books: the statement lists the item as open, marked, in es and en.
        var account = Account(items: [Open("A", Due, 100m)]).Apply(new ItemExcludedFromDunning("A", new DunningExclusion(Due, "goodwill")));
        var statement = StatementOfAccount.Create(account, Due.PlusDays(-40), Due.PlusDays(10));
        var open = Assert.Single(statement.OpenItems);
        Assert.Equal(100m, open.Outstanding.Amount);
        Assert.Equal("goodwill", open.DunningExclusion!.Reason);
        Assert.Contains("| A (excluida de la reclamación) |", statement.Render(Language.Spanish), StringComparison.Ordinal);
        Assert.Contains("| A (excluded from dunning) |", statement.Render(Language.English), StringComparison.Ordinal);
    }
}
