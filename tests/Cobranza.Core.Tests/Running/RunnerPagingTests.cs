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
using Cobranza.Testing;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Running;

/// <summary>How the runner pages, splits pages among workers and stores wake-ups in batches.</summary>
public sealed class RunnerPagingTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 10, 0);

    /// <summary>A store decorator counting calls, without a batch of its own (the interface's default loops the single save); optionally failing the single save of one account, or returning empty pages between the real ones.</summary>
    private sealed class CountingStore(InMemoryReceivableStore inner, string? failingAccount = null, bool emptyPagesBetween = false) : IReceivableStore
    {
        private int _pages;
        private int _singles;

        public int Pages => _pages;

        public int Singles => _singles;

        public async ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _pages);
            if (emptyPagesBetween && n % 2 == 0 && query.ContinuationToken is not null)
            {
                // An empty page that is not the last: the same position again, under a fresh token.
                return new DueAccountPage(ImmutableArray<DueAccount>.Empty, query.ContinuationToken + "#");
            }

            var token = query.ContinuationToken?.TrimEnd('#');
            return await inner.GetDueAccountsAsync(new DueAccountsQuery(query.DueAtOrBefore, query.PageSize, token, query.Partition), cancellationToken);
        }

        public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken) => inner.LoadAccountAsync(accountId, cancellationToken);

        public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _singles);
            if (string.Equals(accountId, failingAccount, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"cannot save {accountId}");
            }

            return inner.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken);
        }
    }

    /// <summary>A <see cref="CountingStore"/> with a native batch (the in-memory store's), counted, optionally always failing.</summary>
    private sealed class BatchingStore(CountingStore counting, InMemoryReceivableStore inner, bool batchFails = false) : IReceivableStore
    {
        private int _batches;

        public int Batches => _batches;

        public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken) => counting.GetDueAccountsAsync(query, cancellationToken);

        public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken) => counting.LoadAccountAsync(accountId, cancellationToken);

        public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken) => counting.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken);

        public ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _batches);
            return batchFails ? throw new TimeoutException("batch timed out") : inner.SaveNextEvaluationsAsync(nextEvaluations, cancellationToken);
        }
    }

    private static InMemoryReceivableStore Portfolio(int accounts)
    {
        // 1 in 10 accounts due 2026-03-05 (the default policy's "pre-due" stage at −3 days fires on 2026-03-02), 1 in
        // 10 overdue since 2026-02-10, the rest due 2026-06-30 (nothing fires); as in RunnerWithEngineTests and the benchmark.
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < accounts; i++)
        {
            var due = (i % 10) switch { 0 => new LocalDate(2026, 3, 5), 5 => new LocalDate(2026, 2, 10), _ => new LocalDate(2026, 6, 30) };
            store.Put(TestData.Account($"ACC-{i:D4}", due, Money.Of(100m + i, Currency.EUR)), T0 - Duration.FromMinutes(i % 7));
        }

        return store;
    }

    private static CollectionRunner Runner(IReceivableStore store, InMemoryCollectionJournal journal, InMemoryNotificationSender sender)
        => new(store, journal, new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);

    [Theory]
    [InlineData(2, 7)]
    [InlineData(3, 10)]
    [InlineData(4, 64)]
    [InlineData(8, 1)]
    public async Task RunCycle_SeveralWorkers_SameOutcomeAsOneWorker(int workers, int pageSize)
    {
        // Differential: the pipelined, chunked run with several workers against the plain sequential one.
        var sequential = (Store: Portfolio(230), Journal: new InMemoryCollectionJournal(), Sender: new InMemoryNotificationSender());
        var parallel = (Store: Portfolio(230), Journal: new InMemoryCollectionJournal(), Sender: new InMemoryNotificationSender());
        var one = await Runner(sequential.Store, sequential.Journal, sequential.Sender).RunCycleAsync(T0, RunOptions.Default with { MaxDegreeOfParallelism = 1, PageSize = pageSize });
        var many = await Runner(parallel.Store, parallel.Journal, parallel.Sender).RunCycleAsync(T0, RunOptions.Default with { MaxDegreeOfParallelism = workers, PageSize = pageSize });

        Assert.Equal(230, one.AccountsEvaluated);
        Assert.Equal(one.AccountsEvaluated, many.AccountsEvaluated);
        Assert.Equal(one.Counts.ToArray(), many.Counts.ToArray());
        Assert.NotEmpty(one.Overdue);
        Assert.Equal(one.Overdue.ToArray(), many.Overdue.ToArray());
        Assert.True(one.CountOf("pre-due", RunOutcome.Dispatched) == 23, "23 accounts are due 2026-03-05");
        Assert.Equal(sequential.Sender.Sent.Length, parallel.Sender.Sent.Length);
        Assert.Equal(
            sequential.Sender.Sent.Select(m => m.IdempotencyKey + "|" + m.Content.Body).Order(StringComparer.Ordinal),
            parallel.Sender.Sent.Select(m => m.IdempotencyKey + "|" + m.Content.Body).Order(StringComparer.Ordinal));
        for (int i = 0; i < 230; i++)
        {
            string id = $"ACC-{i:D4}";
            Assert.Equal(sequential.Store.GetNextEvaluation(id), parallel.Store.GetNextEvaluation(id));
            Assert.True(parallel.Store.GetNextEvaluation(id) > T0, $"{id} is still due");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunCycle_StoreWithBatch_OneBatchPerPageNoSingleSaves(int workers)
    {
        var inner = Portfolio(95);
        var counting = new CountingStore(inner);
        var store = new BatchingStore(counting, inner);
        await Runner(store, new InMemoryCollectionJournal(), new InMemoryNotificationSender()).RunCycleAsync(T0, RunOptions.Default with { MaxDegreeOfParallelism = workers, PageSize = 10 });
        Assert.Equal(10, store.Batches); // 95 accounts in pages of 10
        Assert.Equal(0, counting.Singles);
        Assert.Equal(10, counting.Pages);
    }

    [Fact]
    public async Task RunCycle_StoreWithoutNativeBatch_DefaultSavesEachWakeUp()
    {
        var inner = Portfolio(25);
        var store = new CountingStore(inner);
        var summary = await Runner(store, new InMemoryCollectionJournal(), new InMemoryNotificationSender()).RunCycleAsync(T0, RunOptions.Default with { PageSize = 10 });
        Assert.Equal(25, summary.AccountsEvaluated);
        Assert.Equal(25, store.Singles);
        Assert.All(Enumerable.Range(0, 25), i => Assert.True(inner.GetNextEvaluation($"ACC-{i:D4}") > T0));
    }

    [Fact]
    public async Task RunCycle_BatchFailsAndOneSaveFails_OnlyThatAccountReportedAndStaysDue()
    {
        var inner = Portfolio(12);
        var counting = new CountingStore(inner, failingAccount: "ACC-0004");
        var store = new BatchingStore(counting, inner, batchFails: true);
        var summary = await Runner(store, new InMemoryCollectionJournal(), new InMemoryNotificationSender()).RunCycleAsync(T0, RunOptions.Default with { PageSize = 5 });

        Assert.Equal(12, summary.AccountsEvaluated);
        var failure = Assert.Single(summary.AccountFailures);
        Assert.Equal("ACC-0004", failure.AccountId);
        Assert.Equal("InvalidOperationException: cannot save ACC-0004", failure.Error);
        Assert.True(inner.GetNextEvaluation("ACC-0004") <= T0);
        Assert.All(Enumerable.Range(0, 12).Where(i => i != 4), i => Assert.True(inner.GetNextEvaluation($"ACC-{i:D4}") > T0));
        Assert.Equal(3, store.Batches);
        Assert.Equal(12, counting.Singles);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RunCycle_EmptyPageBeforeTheLast_SkippedAndEveryAccountProcessed(int workers)
    {
        var store = new CountingStore(Portfolio(40), emptyPagesBetween: true);
        var summary = await Runner(store, new InMemoryCollectionJournal(), new InMemoryNotificationSender()).RunCycleAsync(T0, RunOptions.Default with { MaxDegreeOfParallelism = workers, PageSize = 6 });
        Assert.Equal(40, summary.AccountsEvaluated);
        Assert.Equal(4, summary.CountOf("pre-due", RunOutcome.Dispatched));
    }

    [Fact]
    public void NextEvaluation_EmptyAccountId_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => new NextEvaluation(" ", T0));
        Assert.Equal("accountId", ex.ParamName);
        Assert.Contains("(was ' ')", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new NextEvaluation(null!, T0));
    }

    [Fact]
    public void PlainTextNoticeRenderer_Render_ExactBody()
    {
        var account = TestData.Account("ACC-1");
        var decision = TestData.Decision("ACC-1", decidedAt: T0);
        var renderer = new PlainTextNoticeRenderer();
        var withLink = renderer.Render(decision, account, new Uri("https://pay.example.com/ACC-1"));
        var withoutLink = renderer.Render(decision, account, null);
        // The layout of PlainTextNoticeRenderer: customer, "template: amount", the link when given, the explanation.
        string customer = account.Customer.DisplayName;
        string amount = decision.AmountDue.ToString();
        Assert.Equal($"{customer}\nreminder-firm: {amount}\nhttps://pay.example.com/ACC-1\nStage firm fired for account ACC-1.", withLink.Body);
        Assert.Equal($"{customer}\nreminder-firm: {amount}\nStage firm fired for account ACC-1.", withoutLink.Body);
        Assert.Equal("reminder-firm", withLink.Subject);
        Assert.Equal("text/plain", withLink.MediaType);
    }

    [Theory]
    [InlineData(FaultKinds.Throw, false)]
    [InlineData(FaultKinds.ThrowAfter, true)]
    public async Task FaultyStore_Batch_OneFaultForTheWholeBatch(FaultKinds kind, bool stored)
    {
        // Throw before: none of the batch is stored; throw after: all of it is, and the caller still sees a failure.
        var inner = Portfolio(3);
        var faulty = new FaultyReceivableStore(inner, new FaultInjector(seed: 7, rate: 1.0, kind));
        var later = T0 + Duration.FromDays(1);
        NextEvaluation[] batch = [new("ACC-0000", later), new("ACC-0001", later), new("ACC-0002", null)];
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await faulty.SaveNextEvaluationsAsync(batch, CancellationToken.None));
        Assert.Equal(stored ? later : T0, inner.GetNextEvaluation("ACC-0000"));
        Assert.Equal(stored ? later : T0 - Duration.FromMinutes(1), inner.GetNextEvaluation("ACC-0001"));
        Assert.Equal(stored ? null : T0 - Duration.FromMinutes(2), inner.GetNextEvaluation("ACC-0002"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await faulty.SaveNextEvaluationsAsync([default], CancellationToken.None));
    }
}
