using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.InMemory;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 7: account hierarchies. Peer behaviour matched: Kill Bill's child accounts with
/// <c>isPaymentDelegatedToParent</c> (killbill/killbill, beatrix/src/test/java/org/killbill/billing/beatrix/integration/
/// overdue/TestOverdueChildParentRelationship.java, <c>testOverdueStagesParentMultiChildAccounts</c>: the children whose
/// payment is delegated follow the parent's overdue state — OD1 at day 10, OD2 at 18, OD3 at 26 — the child that pays
/// for itself stays CLEAR; the billing state is the parent's, overdue/…/wrapper/OverdueWrapper.java <c>billingState</c>).
/// Here the paid accounts' items are dunned with the payer's, under its policy, and notices go to the payer only.
/// </summary>
public sealed class Issue20AccountHierarchyTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    private static CustomerProfile Profile(string id, string name, string? paidBy = null)
        => new CustomerProfile(id, name, Language.FromTag("es-ES"), Zone("Europe/Madrid"), "ES") { PaidByAccountId = paidBy };

    private static CustomerAccount Acc(string id, CustomerProfile profile, params AccountItem[] items)
        => new(id, Currency.EUR, profile, ImmutableArray.Create(items));

    private static (InMemoryReceivableStore Store, InMemoryNotificationSender Sender, CollectionRunner Runner) Host(IReceivableStore? store = null)
    {
        var memory = new InMemoryReceivableStore();
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store ?? memory, new InMemoryCollectionJournal(),
            new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);
        return (memory, sender, runner);
    }

    private static Instant Day(LocalDate date) => Zone("Europe/Madrid").AtStrictly(date.At(new LocalTime(10, 0))).ToInstant();

    [Fact]
    public async Task RunCycle_ChildrenPaidByTheParent_DunnedOnceWithTheParentAndNoticesOnlyToTheParent()
    {
        var (store, sender, runner) = Host();
        var parent = Profile("C-GRP", "Grupo Ruiz S.A.");
        var north = Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP");
        var south = Profile("C-S", "Ruiz Sur S.L.", paidBy: "GRP");
        var own = Profile("C-IND", "Talleres Independientes S.L.");
        var start = Day(Due.PlusDays(-5));
        store.Put(Acc("GRP", parent, Open("A", Due, 1000m)), start);
        store.Put(Acc("N", north, Open("A", Due, 500m)), start); // the same item id as the parent's: qualified, no clash
        store.Put(Acc("S", south), start);
        store.Put(Acc("IND", own, Open("X", Due, 300m)), start);

        var failures = new List<string>();
        for (var day = Due.PlusDays(-5); day <= Due.PlusDays(40); day = day.PlusDays(1))
        {
            if (day == Due.PlusDays(2))
            {
                // The southern subsidiary is invoiced: the host stores the new snapshot and makes it due, as for any event.
                store.Update(Acc("S", south, Open("B", Due.PlusDays(2), 250m)), Day(day));
            }

            var summary = await runner.RunCycleAsync(Day(day), RunOptions.Default);
            failures.AddRange(summary.AccountFailures.Select(f => f.ToString()));
            Assert.DoesNotContain(summary.Counts, c => c.Outcome == RunOutcome.Poisoned);
        }

        Assert.Empty(failures);
        var sent = sender.Sent;
        Assert.NotEmpty(sent);

        // No notice to a subsidiary, none of a subsidiary's account; each key once.
        Assert.All(sent, m => Assert.Contains(m.Customer.Id, new[] { "C-GRP", "C-IND" }));
        Assert.All(sent, m => Assert.Contains(m.Decision.AccountId, new[] { "GRP", "IND" }));
        Assert.All(sent.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));

        // The group's notices list its own item and the subsidiaries', the later invoice of the south once it is due.
        var group = sent.Where(m => m.Decision.AccountId == "GRP").ToArray();
        Assert.Contains(group, m => m.Decision.ItemIds.SequenceEqual(new[] { "A", "N/A" }));
        Assert.Contains(group, m => m.Decision.ItemIds.Contains("S/B"));
        Assert.Equal(1750m, group.Max(m => m.Decision.AmountDue.Amount)); // 1000 + 500 + 250, every item overdue

        // The independent account is dunned on its own, with the same stages (Kill Bill: the non-delegated child stays CLEAR of the parent's state).
        Assert.Equal(
            sent.Where(m => m.Decision.AccountId == "IND").Select(m => m.Decision.StageId).Distinct(),
            group.Select(m => m.Decision.StageId).Distinct().Where(s => sent.Any(m => m.Decision.AccountId == "IND" && m.Decision.StageId == s)));
        Assert.All(sent.Where(m => m.Decision.AccountId == "IND"), m => Assert.Equal(new[] { "X" }, m.Decision.ItemIds.ToArray()));

        // The subsidiaries are never due on their own: their wake-ups are cleared; the group's covers their items.
        Assert.Null(store.GetNextEvaluation("N"));
        Assert.Null(store.GetNextEvaluation("S"));
    }

    [Fact]
    public async Task RunCycle_ChildPaidOnItsLedger_ParentsEscalationEndsWhenEverythingIsPaid()
    {
        var (store, sender, runner) = Host();
        store.Put(Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A.")), Day(Due));
        store.Put(Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Open("A", Due, 500m)), Day(Due));
        for (var day = Due; day <= Due.PlusDays(9); day = day.PlusDays(1))
        {
            await runner.RunCycleAsync(Day(day), RunOptions.Default);
        }

        int before = sender.Sent.Length;
        Assert.True(before > 0);
        Assert.All(sender.Sent, m => Assert.Equal("C-GRP", m.Customer.Id));

        // The parent pays the subsidiary's invoice; it is recorded on the subsidiary's ledger, which becomes due.
        store.Update(Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Settled("A", Due, Due.PlusDays(10), 500m)), Day(Due.PlusDays(10)));
        for (var day = Due.PlusDays(10); day <= Due.PlusDays(40); day = day.PlusDays(1))
        {
            await runner.RunCycleAsync(Day(day), RunOptions.Default);
        }

        // Nothing more is sent but the default policy's thank-you, to the parent.
        var after = sender.Sent.Skip(before).ToArray();
        Assert.All(after, m => Assert.Equal("C-GRP", m.Customer.Id));
        Assert.All(after, m => Assert.Equal(EscalationActionKind.SendNotice, m.Decision.Action));
        Assert.True(after.Length <= 1, string.Join(", ", after.Select(m => m.IdempotencyKey)));
    }

    [Fact]
    public async Task RunCycle_StoreWithoutHierarchies_PaidAccountFailsAndStaysDueNeverDunnedAlone()
    {
        var memory = new InMemoryReceivableStore();
        var (_, sender, plainRunner) = Host(new PlainStore(memory));
        memory.Put(Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A.")), Day(Due));
        memory.Put(Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Open("A", Due, 500m)), Day(Due));
        var summary = await plainRunner.RunCycleAsync(Day(Due.PlusDays(5)), RunOptions.Default);
        var failure = Assert.Single(summary.AccountFailures);
        Assert.Equal("N", failure.AccountId);
        Assert.Contains("does not implement IAccountHierarchyStore", failure.Error, StringComparison.Ordinal);
        Assert.Empty(sender.Sent);
        Assert.Equal(Day(Due), memory.GetNextEvaluation("N"));
    }

    [Fact]
    public void Consolidate_InconsistentHierarchy_ThrowsNamingTheAccounts()
    {
        var parent = Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A."), Open("A", Due));
        var other = Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "OTHER"), Open("A", Due));
        var ex = Assert.Throws<ArgumentException>(() => AccountHierarchy.Consolidate(parent, [other]));
        Assert.Equal("account 'N' is paid by 'OTHER', not by 'GRP'. (Parameter 'paidAccounts')", ex.Message);

        var usd = new CustomerAccount("U", Currency.USD, Profile("C-U", "Ruiz USA", paidBy: "GRP"), ImmutableArray.Create(Open("A", Due, currency: Currency.USD)));
        Assert.Contains("is in USD but its paying account 'GRP' is in EUR", Assert.Throws<ArgumentException>(() => AccountHierarchy.Consolidate(parent, [usd])).Message, StringComparison.Ordinal);

        var paidParent = Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A.", paidBy: "HOLDING"));
        var child = Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Open("A", Due));
        Assert.Contains("a hierarchy has one level", Assert.Throws<ArgumentException>(() => AccountHierarchy.Consolidate(paidParent, [child])).Message, StringComparison.Ordinal);
        Assert.Equal("PaidByAccountId", Assert.Throws<ArgumentException>(() => Profile("C", "X", paidBy: " ")).ParamName);
    }

    [Fact]
    public void Consolidate_HeldOrPlannedItemsOfAChild_LeftOut_OwnItemsResolveToTheParent()
    {
        var parent = Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A."), Open("A", Due));
        var held = new CustomerAccount("H", Currency.EUR, Profile("C-H", "Ruiz Retenida", paidBy: "GRP"), ImmutableArray.Create(Open("A", Due)), legalHold: new LegalHold(Due, "concurso"));
        var child = Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Open("A", Due), Open("B", Due.PlusDays(3)));
        var all = AccountHierarchy.Consolidate(parent, [child, held]);
        Assert.Equal(new[] { "A", "N/A", "N/B" }, all.Items.Select(i => i.Id));
        Assert.Equal("GRP", all.Id);
        Assert.Equal("C-GRP", all.Customer.Id);
        Assert.False(AccountHierarchy.TryResolve(parent, "A", out _, out _));
        Assert.True(AccountHierarchy.TryResolve(parent, "N/B", out var account, out var item));
        Assert.Equal(("N", "B"), (account, item));
        Assert.Same(parent, AccountHierarchy.Consolidate(parent, []));
    }

    [Fact]
    public async Task ApplyLateFee_ChargesOnAPaidAccountsItem_PostedToItsOwnLedgerOnce()
    {
        var store = new InMemoryReceivableStore();
        var parent = Acc("GRP", Profile("C-GRP", "Grupo Ruiz S.A."), Open("A", Due, 1000m));
        var child = Acc("N", Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), Open("A", Due, 500m));
        store.Put(parent, null);
        store.Put(child, null);
        var day = Due.PlusDays(30);
        var eur40 = Money.Of(40m, Currency.EUR); // Ley 3/2004 art. 8: EUR 40 recovery compensation per invoice
        var decision = Cobranza.Testing.TestData.Decision("GRP", "final", EscalationActionKind.ApplyLateFee, decidedAt: Day(day), fees: Money.Of(80m, Currency.EUR),
            charges: [LateCharge.Fee("F-A/EU-RECOVERY-40", "A", day, eur40, "Indemnización"), LateCharge.Fee("N/F-A/EU-RECOVERY-40", "N/A", day, eur40, "Indemnización")]);
        var handler = new ApplyLateFeeHandler(store);
        var request = new ActionRequest(decision, AccountHierarchy.Consolidate(parent, [child]), null);

        var result = await handler.HandleAsync(request, CancellationToken.None);
        Assert.True(result.IsDone);
        var onParent = Assert.Single((await store.LoadAccountAsync("GRP", CancellationToken.None))!.Charges);
        var onChild = Assert.Single((await store.LoadAccountAsync("N", CancellationToken.None))!.Charges);
        Assert.Equal(("A", eur40), (onParent.ItemId, onParent.Amount));
        Assert.Equal(("A", "N/F-A/EU-RECOVERY-40", eur40), (onChild.ItemId, onChild.Key, onChild.Amount));

        // Handled again (a retry after a lost record): nothing is posted twice, on either ledger.
        await handler.HandleAsync(request, CancellationToken.None);
        Assert.Single((await store.LoadAccountAsync("GRP", CancellationToken.None))!.Charges);
        Assert.Single((await store.LoadAccountAsync("N", CancellationToken.None))!.Charges);
    }

    /// <summary>A store that does not know hierarchies (no <see cref="IAccountHierarchyStore"/>).</summary>
    private sealed class PlainStore(InMemoryReceivableStore inner) : IReceivableStore
    {
        public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken) => inner.GetDueAccountsAsync(query, cancellationToken);

        public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken) => inner.LoadAccountAsync(accountId, cancellationToken);

        public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken) => inner.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken);
    }
}
