using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Simulation;

/// <summary>
/// Simulates a process crash at a seeded point of a run: when armed, the n-th adapter call cancels the run's token and
/// throws, so nothing after it happens (as if the process died there). Claims taken before stay in flight.
/// </summary>
internal sealed class CrashSwitch
{
    private int _remaining;
    private CancellationTokenSource? _cts;

    public bool Fired { get; private set; }

    public string? Where { get; private set; }

    public void Arm(int afterCalls, CancellationTokenSource cts)
    {
        _remaining = afterCalls;
        _cts = cts;
        Fired = false;
        Where = null;
    }

    public void Disarm()
    {
        _remaining = 0;
        _cts = null;
    }

    public void Tick(string operation)
    {
        if (_cts is null || _remaining <= 0)
        {
            return;
        }

        if (--_remaining == 0)
        {
            Fired = true;
            Where = operation;
            var cts = _cts;
            _cts = null;
            cts.Cancel();
            throw new OperationCanceledException($"simulated crash before {operation}", cts.Token);
        }
    }
}

/// <summary>
/// The delivery ledger of the simulation: what the providers (innermost sender and action handler) actually did,
/// and the dispatch-level bookkeeping that tells a duplicate the runner caused from one it may legitimately cause.
/// </summary>
/// <remarks>
/// Deliveries are counted at the provider (the innermost adapter, under the fault-injecting decorator). One call of
/// the runner into the decorated adapter that reaches the provider at least once is one <em>dispatch</em>; when the
/// decorator's "deliver twice" fault makes it reach the provider twice, the second delivery is the adapter's own
/// duplication (counted in <see cref="AdapterDuplicates"/>, not charged to the runner). A key dispatched again is a
/// violation when its earlier dispatch was recorded as dispatched in the journal; it is the documented at-least-once
/// window (counted in <see cref="UnrecordedRedispatches"/>) when the earlier dispatch's outcome never reached the
/// journal (a crash or a journal failure between dispatch and record).
/// </remarks>
internal sealed class DeliveryLedger(InMemoryCollectionJournal truth, Func<string> context)
{
    private readonly Dictionary<string, int> _providerDeliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dispatches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaitingRecord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recordedDispatched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answerLost = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = new();

    public int AdapterDuplicates { get; private set; }

    public int UnrecordedRedispatches { get; private set; }

    /// <summary>Dispatches again of a key whose provider accepted the previous dispatch but whose answer was lost (the "answer lost" fault): the at-least-once window at the provider, closed there by the idempotency key.</summary>
    public int ResentAfterLostAnswer { get; private set; }

    public int TotalDispatches { get; private set; }

    public int ProviderDeliveries(string key) => _providerDeliveries.TryGetValue(key, out int n) ? n : 0;

    public int DispatchesOf(string key) => _dispatches.TryGetValue(key, out int n) ? n : 0;

    public void Delivered(string key) => _providerDeliveries[key] = ProviderDeliveries(key) + 1;

    public void BeforeDispatch(string key, string workerId)
    {
        var entry = truth.Find(key);
        if (entry is null || entry.State != DecisionOutcome.Claimed || !string.Equals(entry.WorkerId, workerId, StringComparison.Ordinal))
        {
            Violations.Add($"{context()}: key '{key}' dispatched by worker '{workerId}' without holding its claim (journal: {(entry is null ? "absent" : $"{entry.State} by {entry.WorkerId}, attempt {entry.Attempts}")})");
        }

        if (_recordedDispatched.Contains(key))
        {
            Violations.Add($"{context()}: key '{key}' dispatched twice: it was dispatched and recorded as Dispatched before, and the runner dispatched it again");
        }
    }

    public void AfterDispatch(string key, int deliveriesBefore, bool answered)
    {
        int delta = ProviderDeliveries(key) - deliveriesBefore;
        if (delta <= 0)
        {
            return;
        }

        TotalDispatches++;
        AdapterDuplicates += delta - 1;
        _dispatches[key] = DispatchesOf(key) + 1;
        if (!_awaitingRecord.Add(key))
        {
            if (_answerLost.Remove(key))
            {
                ResentAfterLostAnswer++;
            }
            else
            {
                UnrecordedRedispatches++;
            }
        }

        if (!answered)
        {
            _answerLost.Add(key); // delivered, but the runner saw a failure: it will retry
        }
    }

    public void AfterRecord(string key)
    {
        var entry = truth.Find(key);
        if (entry is { State: DecisionOutcome.Dispatched })
        {
            _awaitingRecord.Remove(key);
            _recordedDispatched.Add(key);
        }
    }
}

/// <summary>The provider behind the notification sender: counts deliveries per key.</summary>
internal sealed class ProviderSender(DeliveryLedger ledger) : INotificationSender
{
    private long _next;

    public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ledger.Delivered(message.Decision.IdempotencyKey);
        return new ValueTask<string>("msg-" + (++_next).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The provider behind the action handlers: counts deliveries per key and, as a host would, turns
/// <see cref="EscalationActionKind.ChargeLateInterest"/> and <see cref="EscalationActionKind.ApplyLateFee"/> into ledger
/// charges, computed once per decision key (a repeat yields the same charge, which the ledger treats as a repeat).
/// </summary>
internal sealed class ProviderActionHandler(DeliveryLedger ledger, Func<CustomerAccount, EscalationDecision, IReadOnlyList<AccountEvent>> charges) : IActionHandler
{
    private readonly Dictionary<string, IReadOnlyList<AccountEvent>> _memo = new(StringComparer.Ordinal);
    private long _next;

    public List<(string AccountId, AccountEvent Event)> Queued { get; } = new();

    public bool CanHandle(EscalationActionKind action) => true;

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var decision = request.Decision;
        ledger.Delivered(decision.IdempotencyKey);
        if (decision.Action is EscalationActionKind.ChargeLateInterest or EscalationActionKind.ApplyLateFee)
        {
            if (!_memo.TryGetValue(decision.IdempotencyKey, out var events))
            {
                events = charges(request.Account, decision);
                _memo.Add(decision.IdempotencyKey, events);
            }

            foreach (var e in events)
            {
                Queued.Add((decision.AccountId, e));
            }
        }

        return new ValueTask<ActionResult>(ActionResult.Done("act-" + (++_next).ToString(CultureInfo.InvariantCulture)));
    }
}

/// <summary>The runner-facing sender: crash point and dispatch bookkeeping around the fault-injecting decorator.</summary>
internal sealed class ProbeSender(INotificationSender inner, DeliveryLedger ledger, CrashSwitch crash, Func<string> worker) : INotificationSender
{
    public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        crash.Tick("SendAsync");
        string key = message.Decision.IdempotencyKey;
        ledger.BeforeDispatch(key, worker());
        int before = ledger.ProviderDeliveries(key);
        bool answered = false;
        try
        {
            var answer = await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
            answered = true;
            return answer;
        }
        finally
        {
            ledger.AfterDispatch(key, before, answered);
        }
    }
}

/// <summary>The runner-facing action handler: crash point and dispatch bookkeeping around the fault-injecting decorator.</summary>
internal sealed class ProbeActionHandler(IActionHandler inner, DeliveryLedger ledger, CrashSwitch crash, Func<string> worker) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action) => inner.CanHandle(action);

    public async ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        crash.Tick("HandleAsync");
        string key = request.Decision.IdempotencyKey;
        ledger.BeforeDispatch(key, worker());
        int before = ledger.ProviderDeliveries(key);
        bool answered = false;
        try
        {
            var answer = await inner.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            answered = true;
            return answer;
        }
        finally
        {
            ledger.AfterDispatch(key, before, answered);
        }
    }
}

/// <summary>The runner-facing journal: crash points, and the record bookkeeping of <see cref="DeliveryLedger"/>.</summary>
internal sealed class ProbeJournal(ICollectionJournal inner, DeliveryLedger ledger, CrashSwitch crash) : ICollectionJournal
{
    public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken)
    {
        crash.Tick("GetHistoryAsync");
        return inner.GetHistoryAsync(accountId, cancellationToken);
    }

    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        crash.Tick("ClaimAsync");
        return inner.ClaimAsync(request, cancellationToken);
    }

    public async ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
    {
        crash.Tick("RecordAsync");
        try
        {
            return await inner.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ledger.AfterRecord(record.IdempotencyKey);
        }
    }

    public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken)
    {
        crash.Tick("RenewAsync");
        return inner.RenewAsync(renewal, cancellationToken);
    }

    public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
    {
        crash.Tick("GetPendingAsync");
        return inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
    }
}

/// <summary>
/// The runner-facing store: crash points around the fault-injecting decorator. It forwards the decorator's hierarchy
/// port (<see cref="IAccountHierarchyStore"/>, as <see cref="FaultyReceivableStore"/> forwards its store's): a decorator
/// that did not would hide it, and the run would refuse every paid account instead of dunning it with its payer.
/// </summary>
internal sealed class ProbeStore(FaultyReceivableStore inner, CrashSwitch crash) : IReceivableStore, IAccountHierarchyStore
{
    public ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
    {
        crash.Tick("LoadPaidAccountsAsync");
        return inner.LoadPaidAccountsAsync(payingAccountId, cancellationToken);
    }

    public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
    {
        crash.Tick("GetDueAccountsAsync");
        return inner.GetDueAccountsAsync(query, cancellationToken);
    }

    public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        crash.Tick("LoadAccountAsync");
        return inner.LoadAccountAsync(accountId, cancellationToken);
    }

    public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
    {
        crash.Tick("SaveNextEvaluationAsync");
        return inner.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken);
    }
}

/// <summary>
/// The evaluator: the real escalation engine with the default policy, recording every due decision the runner must act
/// on. A re-check of a pending decision (issue 14 §2) is evaluated with a history that leaves that decision out: of
/// such an evaluation only the pending decision (a key the journal holds but the history given lacks) is recorded —
/// the rest is hypothetical, and the account's own evaluation decides it.
/// </summary>
internal sealed class ProbeEvaluator(EscalationEngine engine, EscalationPolicy policy, InMemoryCollectionJournal truth) : IAccountEvaluator
{
    public List<(string AccountId, Instant At, EscalationDecision[] Due)> Evaluations { get; } = new();

    public long Ticks { get; private set; }

    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, Instant at)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = engine.Evaluate(account, history, policy, at);
        Ticks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
        if (!result.Decisions.IsEmpty)
        {
            bool recheck = false;
            foreach (var d in result.Decisions)
            {
                recheck |= !history.Contains(d.IdempotencyKey) && truth.Find(d.IdempotencyKey) is not null;
            }

            var due = new List<EscalationDecision>(result.Decisions.Length);
            foreach (var d in result.Decisions)
            {
                if (d.NotBefore <= at && (!recheck || (!history.Contains(d.IdempotencyKey) && truth.Find(d.IdempotencyKey) is not null)))
                {
                    due.Add(d);
                }
            }

            if (due.Count > 0)
            {
                Evaluations.Add((account.Id, at, due.ToArray()));
            }
        }

        return result;
    }
}
