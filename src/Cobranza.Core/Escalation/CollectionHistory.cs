using System;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>What became of a decision that was handed to the host.</summary>
public enum DecisionOutcome
{
    /// <summary>A worker claimed the idempotency key and is dispatching it.</summary>
    Claimed = 0,

    /// <summary>Carried out (notice sent, action done).</summary>
    Dispatched = 1,

    /// <summary>The attempt failed; a later run retries it.</summary>
    Failed = 2,

    /// <summary>Deliberately not carried out (e.g. no longer relevant when dispatched); never retried.</summary>
    Skipped = 3,

    /// <summary>Failed too many times; given up with a reason and reported.</summary>
    Poisoned = 4,
}

/// <summary>
/// One record of the collection history: a decision (by its idempotency key and its facts) and what became of it.
/// </summary>
public sealed record CollectionHistoryEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="idempotencyKey">The decision's idempotency key (not empty).</param>
    /// <param name="stageId">The stage of the decision (not empty).</param>
    /// <param name="action">The action of the decision.</param>
    /// <param name="channel">The channel of a notice, or <see langword="null"/>.</param>
    /// <param name="occurrence">The occurrence of the decision (positive).</param>
    /// <param name="decidedAt">When the decision was made.</param>
    /// <param name="outcome">What became of it.</param>
    /// <param name="recordedAt">When the outcome was recorded (not before <paramref name="decidedAt"/>).</param>
    /// <param name="attempts">How many dispatch attempts were made (not negative).</param>
    /// <param name="error">The last error, for <see cref="DecisionOutcome.Failed"/> and <see cref="DecisionOutcome.Poisoned"/>.</param>
    /// <exception cref="ArgumentException">A text is empty or an argument is out of range.</exception>
    public CollectionHistoryEntry(
        string idempotencyKey,
        string stageId,
        EscalationActionKind action,
        NotificationChannel? channel,
        int occurrence,
        Instant decidedAt,
        DecisionOutcome outcome,
        Instant recordedAt,
        int attempts = 1,
        string? error = null)
    {
        IdempotencyKey = Guard.NotNullOrWhiteSpace(idempotencyKey);
        StageId = Guard.NotNullOrWhiteSpace(stageId);
        Action = Enum.IsDefined(action) ? action : throw new ArgumentOutOfRangeException(nameof(action), action, $"action is not a known action ({(int)action}).");
        Channel = channel;
        Occurrence = Guard.Positive(occurrence);
        DecidedAt = decidedAt;
        Outcome = Enum.IsDefined(outcome) ? outcome : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"outcome is not a known outcome ({(int)outcome}).");
        RecordedAt = recordedAt >= decidedAt
            ? recordedAt
            : throw new ArgumentException($"recordedAt ({recordedAt}) must not be before decidedAt ({decidedAt}).", nameof(recordedAt));
        Attempts = Guard.NotNegative(attempts);
        Error = error;

        // Where the scope sits in the key ({policy}|{stage}|{action}|{channel}|{scope}|{occurrence}), found once (the
        // entry is immutable) so that the engine compares scopes without searching the key on every evaluation.
        // Derived from the key alone, so record equality and hashing mean what they meant before.
        int last = IdempotencyKey.LastIndexOf('|');
        int before = last <= 0 ? -1 : IdempotencyKey.LastIndexOf('|', last - 1);
        _scopeStart = before < 0 ? 0 : before + 1;
        _scopeLength = before < 0 ? 0 : last - before - 1;
    }

    private readonly int _scopeStart;
    private readonly int _scopeLength;

    /// <summary>The scope part of <see cref="IdempotencyKey"/> (as <see cref="EscalationEngine.ScopeOf"/> finds it).</summary>
    internal ReadOnlySpan<char> Scope => IdempotencyKey.AsSpan(_scopeStart, _scopeLength);

    /// <summary>The decision's idempotency key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The stage of the decision.</summary>
    public string StageId { get; }

    /// <summary>The action of the decision.</summary>
    public EscalationActionKind Action { get; }

    /// <summary>The channel of a notice, or <see langword="null"/>.</summary>
    public NotificationChannel? Channel { get; }

    /// <summary>The occurrence of the decision.</summary>
    public int Occurrence { get; }

    /// <summary>When the decision was made.</summary>
    public Instant DecidedAt { get; }

    /// <summary>What became of it.</summary>
    public DecisionOutcome Outcome { get; }

    /// <summary>When the outcome was recorded.</summary>
    public Instant RecordedAt { get; }

    /// <summary>How many dispatch attempts were made.</summary>
    public int Attempts { get; }

    /// <summary>The last error, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>The entry recording <paramref name="outcome"/> for <paramref name="decision"/>.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="outcome">What became of it.</param>
    /// <param name="recordedAt">When.</param>
    /// <param name="attempts">Dispatch attempts so far.</param>
    /// <param name="error">The last error, if any.</param>
    /// <returns>The entry.</returns>
    public static CollectionHistoryEntry For(EscalationDecision decision, DecisionOutcome outcome, Instant recordedAt, int attempts = 1, string? error = null)
    {
        Guard.NotNull(decision);
        return new CollectionHistoryEntry(decision.IdempotencyKey, decision.StageId, decision.Action, decision.Channel, decision.Occurrence, decision.DecidedAt, outcome, recordedAt, attempts, error);
    }
}

/// <summary>
/// The collection history of one account: every decision already handed to the host and its latest outcome. The
/// engine never repeats a decision whose key is in the history, whatever its outcome (retries of failed
/// dispatches are the runner's job, from its journal).
/// </summary>
public sealed class CollectionHistory
{
    private CollectionHistory(ImmutableArray<CollectionHistoryEntry> entries) => Entries = entries;

    /// <summary>An empty history.</summary>
    public static CollectionHistory Empty { get; } = new(ImmutableArray<CollectionHistoryEntry>.Empty);

    /// <summary>The entries, in the order they were recorded.</summary>
    public ImmutableArray<CollectionHistoryEntry> Entries { get; }

    /// <summary>A history of <paramref name="entries"/> (in the order they were recorded).</summary>
    /// <param name="entries">The entries; null entries are refused.</param>
    /// <returns>The history.</returns>
    public static CollectionHistory Of(ImmutableArray<CollectionHistoryEntry> entries)
    {
        if (entries.IsDefaultOrEmpty)
        {
            return Empty;
        }

        foreach (var entry in entries)
        {
            Guard.NotNull(entry);
        }

        return new CollectionHistory(entries);
    }

    /// <summary>Whether a decision with <paramref name="idempotencyKey"/> is in the history (ordinal comparison).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string idempotencyKey)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.IdempotencyKey, idempotencyKey, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A new history with <paramref name="entry"/> appended.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The new history.</returns>
    public CollectionHistory Add(CollectionHistoryEntry entry) => new(Entries.Add(Guard.NotNull(entry)));
}

/// <summary>The result of one evaluation: the decisions, and when to evaluate again.</summary>
/// <param name="Decisions">The decisions, ordered by <see cref="EscalationDecision.NotBefore"/> then stage order.</param>
/// <param name="NextEvaluationAt">
/// The earliest instant at which any decision could change if the inputs stay as they are, or
/// <see langword="null"/> when nothing will ever fire again without a new event (e.g. the account is settled and thanked).
/// </param>
public sealed record EvaluationResult(ImmutableArray<EscalationDecision> Decisions, Instant? NextEvaluationAt)
{
    /// <summary>The decisions.</summary>
    public ImmutableArray<EscalationDecision> Decisions { get; } = Decisions.IsDefault ? ImmutableArray<EscalationDecision>.Empty : Decisions;

    /// <summary>Value equality: the decisions compared element by element (in order), and the next evaluation instant.</summary>
    /// <param name="other">The other result.</param>
    /// <returns><see langword="true"/> when both results carry equal decisions in the same order and the same instant.</returns>
    public bool Equals(EvaluationResult? other)
        => other is not null && (ReferenceEquals(this, other) || (
            ValueEquality.SequenceEqual(Decisions, other.Decisions) && NextEvaluationAt == other.NextEvaluationAt));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        ValueEquality.AddSequence(ref hash, Decisions);
        hash.Add(NextEvaluationAt);
        return hash.ToHashCode();
    }
}
