using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using NodaTime;

namespace Cobranza.Testing.InMemory;

/// <summary>
/// A thread-safe in-memory <see cref="ICollectionJournal"/> (one lock makes every claim atomic). It passes
/// <c>CollectionJournalConformanceTests</c> (package Cobranza.Testing.Xunit) and lets tests inspect every key's state.
/// </summary>
/// <remarks>
/// Leases: created with an <see cref="IClock"/>, the journal measures every lease by that clock (the journal's own
/// clock, as a database server's); created without one, by the worker's readings (<see cref="ClaimRequest.ClaimedAt"/>,
/// <see cref="ClaimRenewal.Now"/>, the run's instant for <see cref="GetPendingAsync"/>) — enough for one process.
/// </remarks>
public sealed class InMemoryCollectionJournal : ICollectionJournal
{
    private static readonly ClaimResult FirstClaim = new(ClaimStatus.Claimed, 1, null);
    private readonly IClock? _clock;
    private readonly object _gate = new();
    private readonly Dictionary<string, Slot> _byKey = new(StringComparer.Ordinal);
    // Concurrent so that an account without history is answered without taking the lock (the common case of a run);
    // the lists themselves are only touched under _gate.
    private readonly ConcurrentDictionary<string, List<Slot>> _byAccount = new(StringComparer.Ordinal);

    /// <summary>Creates a journal without a clock of its own: leases are measured by the workers' readings of the current instant.</summary>
    public InMemoryCollectionJournal()
    {
    }

    /// <summary>Creates a journal whose leases are measured by <paramref name="clock"/> (the journal's own clock).</summary>
    /// <param name="clock">The journal's clock.</param>
    /// <exception cref="ArgumentNullException">clock is null.</exception>
    public InMemoryCollectionJournal(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>The number of keys in the journal.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>A snapshot of every key's state, ordered by account then first claim.</summary>
    /// <returns>The entries.</returns>
    public ImmutableArray<JournalEntry> Snapshot()
    {
        lock (_gate)
        {
            return _byAccount.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value).Select(s => s.ToEntry()).ToImmutableArray();
        }
    }

    /// <summary>The state of one key.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The entry, or <see langword="null"/> when the key was never claimed.</returns>
    public JournalEntry? Find(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        lock (_gate)
        {
            return _byKey.TryGetValue(idempotencyKey, out var slot) ? slot.ToEntry() : null;
        }
    }

    /// <inheritdoc/>
    public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_byAccount.TryGetValue(accountId, out var slots))
        {
            return new ValueTask<CollectionHistory>(CollectionHistory.Empty);
        }

        lock (_gate)
        {

            var builder = ImmutableArray.CreateBuilder<CollectionHistoryEntry>(slots.Count);
            foreach (var slot in slots)
            {
                var d = slot.Decision;
                var recordedAt = slot.RecordedAt < d.DecidedAt ? d.DecidedAt : slot.RecordedAt;
                builder.Add(new CollectionHistoryEntry(d.IdempotencyKey, d.StageId, d.Action, d.Channel, d.Occurrence, d.DecidedAt, slot.State, recordedAt, slot.Attempts, slot.Error));
            }

            return new ValueTask<CollectionHistory>(CollectionHistory.Of(builder.MoveToImmutable()));
        }
    }

    /// <inheritdoc/>
    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var decision = request.Decision;
        lock (_gate)
        {
            // The lease starts when the claim is granted, as the journal sees it (read under the lock: grants are ordered).
            var now = _clock?.GetCurrentInstant() ?? request.ClaimedAt;
            var leaseUntil = now + request.Lease;
            if (!_byKey.TryGetValue(decision.IdempotencyKey, out var slot))
            {
                slot = new Slot(decision) { State = DecisionOutcome.Claimed, Attempts = 1, Worker = request.WorkerId, LeaseUntil = leaseUntil, RecordedAt = request.At };
                _byKey.Add(decision.IdempotencyKey, slot);
                if (!_byAccount.TryGetValue(decision.AccountId, out var list))
                {
                    list = new List<Slot>(2);
                    _byAccount[decision.AccountId] = list;
                }

                list.Add(slot);
                return new ValueTask<ClaimResult>(FirstClaim); // immutable: one shared instance
            }

            var before = slot.State;
            switch (slot.State)
            {
                case DecisionOutcome.Dispatched or DecisionOutcome.Skipped or DecisionOutcome.Poisoned:
                    return new ValueTask<ClaimResult>(new ClaimResult(ClaimStatus.AlreadyCompleted, slot.Attempts, before));
                case DecisionOutcome.Claimed when slot.LeaseUntil > now:
                    return new ValueTask<ClaimResult>(new ClaimResult(ClaimStatus.InFlight, slot.Attempts, before));
                case DecisionOutcome.Failed when slot.RetryAt > request.At:
                    return new ValueTask<ClaimResult>(new ClaimResult(ClaimStatus.RetryNotDue, slot.Attempts, before));
            }

            slot.State = DecisionOutcome.Claimed;
            slot.Attempts++;
            slot.Worker = request.WorkerId;
            slot.LeaseUntil = leaseUntil;
            slot.RetryAt = null;
            slot.RecordedAt = request.At;
            return new ValueTask<ClaimResult>(new ClaimResult(ClaimStatus.Claimed, slot.Attempts, before));
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byKey.TryGetValue(record.IdempotencyKey, out var slot)
                || slot.State != DecisionOutcome.Claimed
                || slot.Attempts != record.Attempt
                || !string.Equals(slot.Worker, record.WorkerId, StringComparison.Ordinal))
            {
                return new ValueTask<bool>(false);
            }

            slot.State = record.Outcome;
            slot.RecordedAt = record.RecordedAt;
            slot.Error = record.Error;
            slot.Reference = record.Reference;
            slot.RetryAt = record.RetryAt;
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _clock?.GetCurrentInstant() ?? renewal.Now;
            if (!_byKey.TryGetValue(renewal.IdempotencyKey, out var slot)
                || slot.State != DecisionOutcome.Claimed
                || slot.Attempts != renewal.Attempt
                || !string.Equals(slot.Worker, renewal.WorkerId, StringComparison.Ordinal)
                || slot.LeaseUntil <= now)
            {
                return new ValueTask<bool>(false);
            }

            slot.LeaseUntil = now + renewal.Lease;
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, $"maxCount must be positive (was {maxCount}).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (partition.Count == 0)
        {
            partition = Partition.All;
        }

        lock (_gate)
        {
            var now = _clock?.GetCurrentInstant() ?? at;
            var due = new List<PendingDispatch>();
            foreach (var slot in _byKey.Values)
            {
                Instant? dueAt = slot.State switch
                {
                    DecisionOutcome.Failed when slot.RetryAt <= at => slot.RetryAt,
                    DecisionOutcome.Claimed when slot.LeaseUntil <= now => slot.LeaseUntil,
                    _ => null,
                };
                if (dueAt is { } d && partition.Contains(slot.Decision.AccountId))
                {
                    due.Add(new PendingDispatch(slot.Decision, slot.State, slot.Attempts, slot.Error, d));
                }
            }

            IReadOnlyList<PendingDispatch> result = due
                .OrderBy(p => p.DueAt)
                .ThenBy(p => p.Decision.IdempotencyKey, StringComparer.Ordinal)
                .Take(maxCount)
                .ToArray();
            return new ValueTask<IReadOnlyList<PendingDispatch>>(result);
        }
    }

    private sealed class Slot(EscalationDecision decision)
    {
        public EscalationDecision Decision { get; } = decision;

        public DecisionOutcome State { get; set; }

        public int Attempts { get; set; }

        public string? Worker { get; set; }

        public Instant LeaseUntil { get; set; }

        public Instant? RetryAt { get; set; }

        public string? Error { get; set; }

        public string? Reference { get; set; }

        public Instant RecordedAt { get; set; }

        public JournalEntry ToEntry() => new(Decision, State, Attempts, Worker, Error, Reference, RetryAt, RecordedAt);
    }
}

/// <summary>The state of one idempotency key in an <see cref="InMemoryCollectionJournal"/>.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="State">Its latest state.</param>
/// <param name="Attempts">Attempts (claims) so far.</param>
/// <param name="WorkerId">The worker of the latest claim.</param>
/// <param name="Error">The last error or skip reason.</param>
/// <param name="Reference">The delivery id or action reference.</param>
/// <param name="RetryAt">When a failed attempt may be retried.</param>
/// <param name="RecordedAt">When the state was last changed.</param>
public sealed record JournalEntry(EscalationDecision Decision, DecisionOutcome State, int Attempts, string? WorkerId, string? Error, string? Reference, Instant? RetryAt, Instant RecordedAt);
