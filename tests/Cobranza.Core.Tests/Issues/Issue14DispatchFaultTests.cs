using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 14 §4: a provider that accepted but whose answer was lost; a record that was stored but whose answer was lost
/// (counted <c>ClaimLost</c>); a cancelled run throwing the adapter's exception instead of <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class Issue14DispatchFaultTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 10, 0);

    private static EvaluationResult OneNotice(CustomerAccount account, CollectionHistory history, Instant at)
    {
        var decision = TestData.Decision(account.Id, decidedAt: at);
        return new EvaluationResult(history.Contains(decision.IdempotencyKey) ? ImmutableArray<EscalationDecision>.Empty : [decision], null);
    }

    private static CollectionRunner Runner(IReceivableStore store, ICollectionJournal journal, INotificationSender sender)
        => new(store, journal, new DelegateAccountEvaluator(OneNotice), new PlainTextNoticeRenderer(), sender, []);

    private static InMemoryReceivableStore Store(int accounts)
    {
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < accounts; i++)
        {
            store.Put(TestData.Account($"ACC-{i}"), T0);
        }

        return store;
    }

    [Fact]
    public async Task FaultInjector_AnswerLost_AdapterCalledThenTimeout()
    {
        var faults = new FaultInjector(seed: 1, rate: 1.0, FaultKinds.AnswerLost);
        int calls = 0;
        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await faults.RunAsync("SendAsync", () => new ValueTask<int>(++calls), CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Contains("accepted but its answer was lost", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCycle_ProviderAcceptedAnswerLost_RetriedWithTheSameIdempotencyKey()
    {
        // Where at-least-once begins: the provider took the message, the runner saw a timeout, recorded a failure and
        // retries — with the same OutboundMessage.IdempotencyKey, which a provider that deduplicates honours.
        var provider = new InMemoryNotificationSender();
        var faults = new FaultInjector(seed: 1, rate: 1.0, FaultKinds.AnswerLost);
        var journal = new InMemoryCollectionJournal();
        var runner = Runner(Store(1), journal, new FaultyNotificationSender(provider, faults));

        var first = await runner.RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(1, first.CountOf(RunOutcome.Failed));
        Assert.Single(provider.Sent);
        Assert.Contains("TimeoutException", journal.Snapshot().Single().Error, StringComparison.Ordinal);

        faults.Paused = true;
        await runner.RunCycleAsync(T0 + Duration.FromMinutes(15), RunOptions.Default);
        Assert.Equal(2, provider.Sent.Length);
        Assert.Equal(provider.Sent[0].IdempotencyKey, provider.Sent[1].IdempotencyKey);
        Assert.Equal(DecisionOutcome.Dispatched, journal.Snapshot().Single().State);
    }

    [Fact]
    public async Task RunCycle_RecordStoredButAnswerLost_CountedDispatchedNotClaimLost()
    {
        var inner = new InMemoryCollectionJournal();
        var journal = new FirstRecordAnswerLostJournal(inner);
        var provider = new InMemoryNotificationSender();
        var summary = await Runner(Store(3), journal, provider).RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(3, summary.CountOf(RunOutcome.Dispatched));
        Assert.Equal(0, summary.CountOf(RunOutcome.ClaimLost));
        Assert.Empty(summary.AccountFailures);
        Assert.All(inner.Snapshot(), e => Assert.Equal(DecisionOutcome.Dispatched, e.State));
    }

    [Fact]
    public async Task RunCycle_RecordRefusedAfterTakeOver_StillClaimLost()
    {
        // The re-read tells the two apart: a record refused because another worker took the claim over stays ClaimLost.
        var inner = new InMemoryCollectionJournal();
        var journal = new FirstRecordAnswerLostJournal(inner) { TakeOverBeforeRetry = true };
        var summary = await Runner(Store(1), journal, new InMemoryNotificationSender()).RunCycleAsync(T0, RunOptions.Default);
        Assert.Equal(1, summary.CountOf(RunOutcome.ClaimLost));
        Assert.Equal(0, summary.CountOf(RunOutcome.Dispatched));
    }

    [Fact]
    public async Task RunCycle_CancelledWhileAdapterThrowsItsOwnException_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var runner = Runner(Store(5), new InMemoryCollectionJournal(), new CancellingSender(cts));
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunCycleAsync(T0, RunOptions.Default with { MaxDegreeOfParallelism = 1 }, cts.Token));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    /// <summary>A journal whose first RecordAsync per key is stored and then throws (the answer is lost on the way back).</summary>
    private sealed class FirstRecordAnswerLostJournal(InMemoryCollectionJournal inner) : ICollectionJournal
    {
        private readonly HashSet<string> _lost = new(StringComparer.Ordinal);

        public bool TakeOverBeforeRetry { get; init; }

        public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken) => inner.GetHistoryAsync(accountId, cancellationToken);

        public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken) => inner.ClaimAsync(request, cancellationToken);

        public async ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
        {
            if (_lost.Add(record.IdempotencyKey))
            {
                if (TakeOverBeforeRetry)
                {
                    // Another worker takes the claim over (its lease is made to look expired) before this record arrives.
                    var decision = inner.Find(record.IdempotencyKey)!.Decision;
                    var later = record.RecordedAt + Duration.FromHours(1);
                    var taken = await inner.ClaimAsync(new ClaimRequest(decision, "other", later, Duration.FromMinutes(10)), cancellationToken);
                    Assert.True(taken.IsClaimed);
                    throw new TimeoutException("journal did not answer");
                }

                Assert.True(await inner.RecordAsync(record, cancellationToken));
                throw new TimeoutException("journal stored the record, its answer was lost");
            }

            return await inner.RecordAsync(record, cancellationToken);
        }

        public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken) => inner.RenewAsync(renewal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
            => inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
    }

    /// <summary>A sender whose third send cancels the run and answers with its own exception, as a client whose connection the cancellation closed.</summary>
    private sealed class CancellingSender(CancellationTokenSource cts) : INotificationSender
    {
        private int _sends;

        public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            if (++_sends == 3)
            {
                cts.Cancel();
                throw new InvalidOperationException("The connection was closed.");
            }

            return new ValueTask<string>("msg-" + _sends.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
