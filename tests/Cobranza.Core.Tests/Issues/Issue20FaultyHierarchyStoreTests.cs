using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 7: the fault-injecting store decorator forwards <see cref="IAccountHierarchyStore"/> (before, it hid
/// the port, so every paid account behind it failed and stayed due), injects faults into the hierarchy read like the
/// other loads, and over a store without hierarchies behaves as the run does with such a store.
/// </summary>
public sealed class Issue20FaultyHierarchyStoreTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    private static CustomerAccount Acc(string id, string customer, string? paidBy, params AccountItem[] items)
        => new(id, Currency.EUR, new CustomerProfile(customer, customer, Language.FromTag("es-ES"), Zone("Europe/Madrid"), "ES") { PaidByAccountId = paidBy }, ImmutableArray.Create(items));

    private static Instant Day(LocalDate date) => Zone("Europe/Madrid").AtStrictly(date.At(new LocalTime(10, 0))).ToInstant();

    private static (InMemoryNotificationSender Sender, CollectionRunner Runner) Host(IReceivableStore store)
    {
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store, new InMemoryCollectionJournal(),
            new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);
        return (sender, runner);
    }

    private static InMemoryReceivableStore Group()
    {
        var memory = new InMemoryReceivableStore();
        memory.Put(Acc("GRP", "C-GRP", null, Open("A", Due, 1000m)), Day(Due));
        memory.Put(Acc("N", "C-N", "GRP", Open("A", Due, 500m)), Day(Due));
        memory.Put(Acc("S", "C-S", "GRP", Open("B", Due, 250m)), Day(Due));
        return memory;
    }

    [Fact]
    public async Task RunCycle_FaultyStoreOverAStoreWithHierarchies_ChildrenDunnedWithTheParent()
    {
        var memory = Group();
        var faults = new FaultInjector(seed: 7, rate: 0.3);
        var (sender, runner) = Host(new FaultyReceivableStore(memory, faults));
        for (var day = Due; day <= Due.PlusDays(40); day = day.PlusDays(1))
        {
            await runner.RunCycleAsync(Day(day), RunOptions.Default);
        }

        faults.Paused = true; // settle: whatever a fault left due is done now
        await runner.RunCycleAsync(Day(Due.PlusDays(41)), RunOptions.Default);
        Assert.True(faults.Injected > 0);

        var sent = sender.Sent;
        Assert.NotEmpty(sent);
        Assert.All(sent, m => Assert.Equal(("GRP", "C-GRP"), (m.Decision.AccountId, m.Customer.Id)));
        Assert.All(sent.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));
        Assert.Contains(sent, m => m.Decision.ItemIds.SequenceEqual(new[] { "A", "N/A", "S/B" }));
        Assert.Null(memory.GetNextEvaluation("N"));
        Assert.Null(memory.GetNextEvaluation("S"));
    }

    [Fact]
    public async Task LoadPaidAccountsAsync_Forwarded_FaultsInjectedLikeTheOtherLoads()
    {
        var memory = Group();
        var clean = new FaultyReceivableStore(memory, new FaultInjector(seed: 1, rate: 0));
        Assert.Equal(new[] { "N", "S" }, (await clean.LoadPaidAccountsAsync("GRP", CancellationToken.None)).Select(a => a.Id));
        Assert.Empty(await clean.LoadPaidAccountsAsync("N", CancellationToken.None));

        var faults = new FaultInjector(seed: 1, rate: 1, FaultKinds.Throw);
        var failing = new FaultyReceivableStore(memory, faults);
        var e = await Assert.ThrowsAsync<InjectedFaultException>(async () => await failing.LoadPaidAccountsAsync("GRP", CancellationToken.None));
        Assert.Equal("Injected fault before LoadPaidAccountsAsync.", e.Message);
        Assert.Equal(1, faults.Injected);
    }

    [Fact]
    public async Task RunCycle_FaultyStoreOverAStoreWithoutHierarchies_PaidAccountFailsAndStaysDue()
    {
        var memory = Group();
        var (sender, runner) = Host(new FaultyReceivableStore(new PlainStore(memory), new FaultInjector(seed: 1, rate: 0)));
        var summary = await runner.RunCycleAsync(Day(Due.PlusDays(5)), RunOptions.Default);

        Assert.Equal(new[] { "N", "S" }, summary.AccountFailures.Select(f => f.AccountId).Order(StringComparer.Ordinal));
        Assert.All(summary.AccountFailures, f => Assert.Contains("does not implement IAccountHierarchyStore", f.Error, StringComparison.Ordinal));
        Assert.Equal(Day(Due), memory.GetNextEvaluation("N"));
        Assert.Equal(Day(Due), memory.GetNextEvaluation("S"));
        Assert.All(sender.Sent, m => Assert.Equal(new[] { "A" }, m.Decision.ItemIds.ToArray())); // the payer alone, its own item
    }

    /// <summary>A store that does not know hierarchies (no <see cref="IAccountHierarchyStore"/>).</summary>
    private sealed class PlainStore(InMemoryReceivableStore inner) : IReceivableStore
    {
        public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken) => inner.GetDueAccountsAsync(query, cancellationToken);

        public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken) => inner.LoadAccountAsync(accountId, cancellationToken);

        public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken) => inner.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken);
    }
}
