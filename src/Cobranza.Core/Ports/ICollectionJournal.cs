using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using NodaTime;

namespace Cobranza.Core.Ports;

/// <summary>
/// The host's journal of decisions: the collection history of each account, an atomic claim of a decision's
/// idempotency key before it is dispatched, and the outcome of each attempt. Implementations must be safe for
/// concurrent use by several workers (threads, processes, machines): <see cref="ClaimAsync"/> is the only
/// synchronisation point of the collection run.
/// </summary>
/// <remarks>
/// <para>The journal stores the whole <see cref="EscalationDecision"/> with its key, because a failed or interrupted
/// dispatch is retried from the journal (the engine never produces a key again once it is in the history).</para>
/// <para><b>Leases are measured by the journal's clock.</b> A lease runs from the moment the journal grants the claim
/// (<see cref="ClaimAsync"/>) or renews it (<see cref="RenewAsync"/>), as the journal sees that moment, for
/// <see cref="ClaimRequest.Lease"/>. A journal with a clock of its own (a database server's <c>now()</c>; an injected
/// clock) reads it for every lease decision — granting, "still in flight", take-over, the expired claims of
/// <see cref="GetPendingAsync"/>, renewal — and never trusts a caller's instant for them, so workers whose clocks
/// disagree cannot take each other's claims early. A journal without a clock of its own (one process, one machine)
/// uses the caller's reading <see cref="ClaimRequest.ClaimedAt"/> (<see cref="ClaimRenewal.Now"/>, and the run's
/// instant in <see cref="GetPendingAsync"/>). Retries (<see cref="DispatchRecord.RetryAt"/>) are business instants of
/// the run and are compared with <see cref="ClaimRequest.At"/> and the <c>at</c> of <see cref="GetPendingAsync"/>.</para>
/// <para>A worker measures its own lease from just before it asks for the claim, with a monotonic stopwatch; when the
/// lease may have run out before its dispatch ends, it re-checks with <see cref="RenewAsync"/> and dispatches only if
/// the journal renews the claim. Together: a key is never dispatched by two workers at once unless one dispatch
/// outlives a whole lease (make the lease longer than any dispatch timeout).</para>
/// </remarks>
public interface ICollectionJournal
{
    /// <summary>The collection history of an account: one entry per idempotency key with its latest state, in the order the keys were first claimed.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history (empty when the account has none).</returns>
    ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically claims a decision's idempotency key for one dispatch attempt. Exactly one of several concurrent
    /// callers for the same key gets <see cref="ClaimStatus.Claimed"/>.
    /// </summary>
    /// <param name="request">The decision, the worker, the instant and the lease.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <remarks>
    /// The lease of a granted claim starts at the journal's clock at the moment of the grant (see the interface's
    /// remarks), not at the run's instant: a run that reaches a key late in a long cycle gets a full lease.
    /// </remarks>
    /// <returns>
    /// <see cref="ClaimStatus.Claimed"/> (with the attempt number) when the key is new, failed with its retry due at
    /// <see cref="ClaimRequest.At"/>, or claimed by a worker whose lease expired by the journal's clock; <see cref="ClaimStatus.AlreadyCompleted"/> when it was dispatched,
    /// skipped or poisoned; <see cref="ClaimStatus.InFlight"/> when another claim's lease is still running;
    /// <see cref="ClaimStatus.RetryNotDue"/> when it failed and its retry is later.
    /// </returns>
    ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a claimed attempt.</summary>
    /// <param name="record">The outcome.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// <see langword="true"/> when recorded; <see langword="false"/> when the claim was lost (the key is no longer
    /// claimed by this worker for this attempt — its lease expired and another worker reclaimed it, or it completed).
    /// </returns>
    ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Re-checks a claim before a dispatch that might outlive its lease: atomically, when the key is still claimed by
    /// <see cref="ClaimRenewal.WorkerId"/> for <see cref="ClaimRenewal.Attempt"/> and that lease has not expired by the
    /// journal's clock, starts a new lease of <see cref="ClaimRenewal.Lease"/> from the journal's now.
    /// </summary>
    /// <param name="renewal">The claim to renew.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// <see langword="true"/> when renewed (the caller may dispatch); <see langword="false"/> when the claim expired, was
    /// taken over or completed (the caller must not dispatch).
    /// </returns>
    ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken);

    /// <summary>
    /// The dispatches to resume: failed attempts whose retry is due at <paramref name="at"/>, and claims whose lease
    /// expired (a worker crashed or hung) — by the journal's clock, or at <paramref name="at"/> for a journal without
    /// one. Ordered by due instant then key.
    /// </summary>
    /// <param name="at">The instant of the run.</param>
    /// <param name="partition">The partition (by account id) to list.</param>
    /// <param name="maxCount">The maximum number of entries (positive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pending dispatches.</returns>
    ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken);
}

/// <summary>The result of <see cref="ICollectionJournal.ClaimAsync"/>.</summary>
public enum ClaimStatus
{
    /// <summary>The caller holds the key for one attempt and must dispatch, then record the outcome.</summary>
    Claimed = 0,

    /// <summary>The decision was dispatched, skipped or poisoned already: do nothing.</summary>
    AlreadyCompleted = 1,

    /// <summary>Another worker holds an unexpired claim: do nothing now (it is resumed from the journal if that worker dies).</summary>
    InFlight = 2,

    /// <summary>The decision failed and its retry is not due yet: do nothing now.</summary>
    RetryNotDue = 3,
}

/// <summary>A request to claim a decision's idempotency key.</summary>
public sealed record ClaimRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="decision">The decision to claim (stored with the claim).</param>
    /// <param name="workerId">Who claims (not empty; e.g. machine name + process id + partition).</param>
    /// <param name="at">The instant of the run (business time: retries are due by it; <see cref="ClaimedAt"/> defaults to it).</param>
    /// <param name="lease">How long the claim holds before another worker may take it over (positive).</param>
    /// <exception cref="ArgumentException">An argument is null, empty or out of range.</exception>
    public ClaimRequest(EscalationDecision decision, string workerId, Instant at, Duration lease)
    {
        Decision = Guard.NotNull(decision);
        WorkerId = Guard.NotNullOrWhiteSpace(workerId);
        At = at;
        ClaimedAt = at;
        Lease = lease > Duration.Zero ? lease : throw new ArgumentOutOfRangeException(nameof(lease), lease, $"lease must be positive (was {lease}).");
    }

    /// <summary>The decision to claim.</summary>
    public EscalationDecision Decision { get; }

    /// <summary>Who claims.</summary>
    public string WorkerId { get; }

    /// <summary>The instant of the run that claims (business time): a failed key's retry is due when its <see cref="DispatchRecord.RetryAt"/> is at or before it.</summary>
    public Instant At { get; }

    /// <summary>
    /// The worker's reading of the current instant when it asks for the claim: the run's instant plus the time the run
    /// has taken so far (default <see cref="At"/>). A journal without a clock of its own starts the lease here; a
    /// journal with one ignores it.
    /// </summary>
    public Instant ClaimedAt { get; init; }

    /// <summary>How long the claim holds, from the moment the journal grants it.</summary>
    public Duration Lease { get; }

    /// <summary>When the claim expires as the worker sees it (<see cref="ClaimedAt"/> + <see cref="Lease"/>); a journal without a clock of its own stores this.</summary>
    public Instant LeaseExpiresAt => ClaimedAt + Lease;
}

/// <summary>A request to renew a claim before a dispatch that might outlive its lease (see <see cref="ICollectionJournal.RenewAsync"/>).</summary>
public sealed record ClaimRenewal
{
    /// <summary>Creates a renewal.</summary>
    /// <param name="idempotencyKey">The claimed key (not empty).</param>
    /// <param name="workerId">The worker holding the claim (not empty).</param>
    /// <param name="attempt">The attempt number the claim was granted for (positive).</param>
    /// <param name="now">The worker's reading of the current instant (used only by a journal without a clock of its own).</param>
    /// <param name="lease">The new lease, from the journal's now (positive).</param>
    /// <exception cref="ArgumentException">An argument is null, empty or out of range.</exception>
    public ClaimRenewal(string idempotencyKey, string workerId, int attempt, Instant now, Duration lease)
    {
        IdempotencyKey = Guard.NotNullOrWhiteSpace(idempotencyKey);
        WorkerId = Guard.NotNullOrWhiteSpace(workerId);
        Attempt = Guard.Positive(attempt);
        Now = now;
        Lease = lease > Duration.Zero ? lease : throw new ArgumentOutOfRangeException(nameof(lease), lease, $"lease must be positive (was {lease}).");
    }

    /// <summary>The claimed key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The worker holding the claim.</summary>
    public string WorkerId { get; }

    /// <summary>The attempt number of the claim.</summary>
    public int Attempt { get; }

    /// <summary>The worker's reading of the current instant.</summary>
    public Instant Now { get; }

    /// <summary>The new lease.</summary>
    public Duration Lease { get; }
}

/// <summary>The answer to a claim.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Attempt">The attempt number the caller now holds (1 for the first) when claimed; otherwise the attempts made so far.</param>
/// <param name="Outcome">The stored state of the key before the claim, or <see langword="null"/> when the key was new.</param>
public sealed record ClaimResult(ClaimStatus Status, int Attempt, DecisionOutcome? Outcome)
{
    /// <summary>Whether the caller holds the claim.</summary>
    public bool IsClaimed => Status == ClaimStatus.Claimed;
}

/// <summary>The outcome of one claimed dispatch attempt, to be recorded in the journal.</summary>
public sealed record DispatchRecord
{
    private DispatchRecord(string idempotencyKey, string workerId, int attempt, DecisionOutcome outcome, Instant recordedAt, string? reference, string? error, Instant? retryAt)
    {
        IdempotencyKey = Guard.NotNullOrWhiteSpace(idempotencyKey);
        WorkerId = Guard.NotNullOrWhiteSpace(workerId);
        Attempt = Guard.Positive(attempt);
        Outcome = outcome;
        RecordedAt = recordedAt;
        Reference = reference;
        Error = error;
        RetryAt = retryAt;
    }

    /// <summary>The decision's idempotency key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The worker holding the claim.</summary>
    public string WorkerId { get; }

    /// <summary>The attempt number the claim was granted for.</summary>
    public int Attempt { get; }

    /// <summary><see cref="DecisionOutcome.Dispatched"/>, <see cref="DecisionOutcome.Failed"/>, <see cref="DecisionOutcome.Skipped"/> or <see cref="DecisionOutcome.Poisoned"/>.</summary>
    public DecisionOutcome Outcome { get; }

    /// <summary>When the outcome was recorded.</summary>
    public Instant RecordedAt { get; }

    /// <summary>The delivery id or action reference (dispatched), or <see langword="null"/>.</summary>
    public string? Reference { get; }

    /// <summary>The error (failed, poisoned) or the reason (skipped), or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>When a failed attempt may be retried, or <see langword="null"/>.</summary>
    public Instant? RetryAt { get; }

    /// <summary>The decision was carried out.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="workerId">The worker holding the claim.</param>
    /// <param name="attempt">The attempt number of the claim.</param>
    /// <param name="recordedAt">When.</param>
    /// <param name="reference">The delivery id or action reference, if any.</param>
    /// <returns>The record.</returns>
    public static DispatchRecord Dispatched(string idempotencyKey, string workerId, int attempt, Instant recordedAt, string? reference)
        => new(idempotencyKey, workerId, attempt, DecisionOutcome.Dispatched, recordedAt, reference, null, null);

    /// <summary>The attempt failed; retry at <paramref name="retryAt"/>.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="workerId">The worker holding the claim.</param>
    /// <param name="attempt">The attempt number of the claim.</param>
    /// <param name="recordedAt">When.</param>
    /// <param name="error">What went wrong (not empty).</param>
    /// <param name="retryAt">When a later run may retry (after <paramref name="recordedAt"/>).</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">error is empty or retryAt is not after recordedAt.</exception>
    public static DispatchRecord Failed(string idempotencyKey, string workerId, int attempt, Instant recordedAt, string error, Instant retryAt)
    {
        Guard.NotNullOrWhiteSpace(error);
        if (retryAt <= recordedAt)
        {
            throw new ArgumentException($"retryAt ({retryAt}) must be after recordedAt ({recordedAt}).", nameof(retryAt));
        }

        return new(idempotencyKey, workerId, attempt, DecisionOutcome.Failed, recordedAt, null, error, retryAt);
    }

    /// <summary>The decision was deliberately not carried out; it is never retried.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="workerId">The worker holding the claim.</param>
    /// <param name="attempt">The attempt number of the claim.</param>
    /// <param name="recordedAt">When.</param>
    /// <param name="reason">Why (not empty).</param>
    /// <returns>The record.</returns>
    public static DispatchRecord Skipped(string idempotencyKey, string workerId, int attempt, Instant recordedAt, string reason)
        => new(idempotencyKey, workerId, attempt, DecisionOutcome.Skipped, recordedAt, null, Guard.NotNullOrWhiteSpace(reason), null);

    /// <summary>The decision failed too often (or cannot ever succeed); it is given up and reported.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="workerId">The worker holding the claim.</param>
    /// <param name="attempt">The attempt number of the claim.</param>
    /// <param name="recordedAt">When.</param>
    /// <param name="reason">Why (not empty).</param>
    /// <returns>The record.</returns>
    public static DispatchRecord Poisoned(string idempotencyKey, string workerId, int attempt, Instant recordedAt, string reason)
        => new(idempotencyKey, workerId, attempt, DecisionOutcome.Poisoned, recordedAt, null, Guard.NotNullOrWhiteSpace(reason), null);
}

/// <summary>A dispatch to resume: a failed attempt whose retry is due, or a claim whose lease expired.</summary>
/// <param name="Decision">The stored decision.</param>
/// <param name="State"><see cref="DecisionOutcome.Failed"/> or <see cref="DecisionOutcome.Claimed"/> (stale claim).</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="LastError">The last error, or <see langword="null"/>.</param>
/// <param name="DueAt">When the retry became due (retry instant, or lease expiry).</param>
public sealed record PendingDispatch(EscalationDecision Decision, DecisionOutcome State, int Attempts, string? LastError, Instant DueAt);
