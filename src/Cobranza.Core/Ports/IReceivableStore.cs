using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Ports;

/// <summary>
/// The host's store of receivables, as the collection run sees it: which accounts are due for evaluation, the
/// snapshot of an account, and when to look at an account again. Implementations must be safe for concurrent use.
/// </summary>
/// <remarks>
/// An account is due when its stored next-evaluation instant is at or before the query's instant; an account
/// whose next evaluation is <see langword="null"/> is never due (the host sets it to "now" when an event — an
/// invoice, a payment, a promise — changes the account). Pages are ordered by next evaluation, ties broken by a
/// stable store-defined order (the account id, ordinal, is a good choice), and the continuation token is a keyset
/// position (the last pair returned), never an offset: saving a later wake-up for an account already returned
/// must not shift a page — no gaps, no repeats.
/// </remarks>
public interface IReceivableStore
{
    /// <summary>Reads one page of the accounts due for evaluation.</summary>
    /// <param name="query">The instant, the page size, the continuation token and the partition.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page; its <see cref="DueAccountPage.ContinuationToken"/> is <see langword="null"/> after the last page.</returns>
    ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken);

    /// <summary>Loads the current snapshot of an account.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the account no longer exists.</returns>
    ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Stores when the account must be evaluated next.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="nextEvaluationAt">The next wake-up, or <see langword="null"/> for "only after a new event".</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the wake-up is stored.</returns>
    ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the next wake-ups of several accounts (the runner calls it once per page): the same effect as calling
    /// <see cref="SaveNextEvaluationAsync"/> for each entry in order (a later entry for the same account wins).
    /// </summary>
    /// <remarks>
    /// The default implementation does exactly that, one call per entry, so existing adapters keep working. Override
    /// it to write the batch in one round trip or one transaction. Each entry is idempotent: when the call throws, any
    /// subset may have been applied, and the runner falls back to one <see cref="SaveNextEvaluationAsync"/> per entry
    /// so that a failure is reported for (and affects) only the accounts whose save fails. The list is only valid during
    /// the call (the runner reuses its buffer for a later page): read it, do not keep it.
    /// </remarks>
    /// <param name="nextEvaluations">The wake-ups (not null; no default entries).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every wake-up is stored.</returns>
    /// <exception cref="ArgumentNullException">nextEvaluations is null.</exception>
    /// <exception cref="ArgumentException">An entry is <see langword="default"/> (it has no account id).</exception>
    ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
        => NextEvaluation.SaveEachAsync(this, nextEvaluations, cancellationToken);
}

/// <summary>The next wake-up of one account, for <see cref="IReceivableStore.SaveNextEvaluationsAsync"/>.</summary>
public readonly record struct NextEvaluation
{
    /// <summary>Creates an entry.</summary>
    /// <param name="accountId">The account id (not empty).</param>
    /// <param name="nextEvaluationAt">The next wake-up, or <see langword="null"/> for "only after a new event".</param>
    /// <exception cref="ArgumentException">accountId is null, empty or white space.</exception>
    public NextEvaluation(string accountId, Instant? nextEvaluationAt)
    {
        AccountId = Guard.NotNullOrWhiteSpace(accountId);
        NextEvaluationAt = nextEvaluationAt;
    }

    /// <summary>The account id (null only in a <see langword="default"/> value, which the store rejects).</summary>
    public string AccountId { get; }

    /// <summary>The next wake-up, or <see langword="null"/> for "only after a new event".</summary>
    public Instant? NextEvaluationAt { get; }

    /// <summary>Checks a batch: not null and no <see langword="default"/> entry (for adapters implementing <see cref="IReceivableStore.SaveNextEvaluationsAsync"/>).</summary>
    /// <param name="nextEvaluations">The batch.</param>
    /// <exception cref="ArgumentNullException">nextEvaluations is null.</exception>
    /// <exception cref="ArgumentException">An entry is <see langword="default"/>; the message names its index.</exception>
    public static void Validate(IReadOnlyList<NextEvaluation> nextEvaluations)
    {
        ArgumentNullException.ThrowIfNull(nextEvaluations);
        for (int i = 0; i < nextEvaluations.Count; i++)
        {
            if (nextEvaluations[i].AccountId is null)
            {
                throw new ArgumentException($"nextEvaluations[{i}] is a default NextEvaluation without an account id.", nameof(nextEvaluations));
            }
        }
    }

    internal static async ValueTask SaveEachAsync(IReceivableStore store, IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
    {
        Validate(nextEvaluations);
        for (int i = 0; i < nextEvaluations.Count; i++)
        {
            var entry = nextEvaluations[i];
            await store.SaveNextEvaluationAsync(entry.AccountId, entry.NextEvaluationAt, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A request for one page of accounts due for evaluation.</summary>
public sealed record DueAccountsQuery
{
    /// <summary>Creates a query.</summary>
    /// <param name="dueAtOrBefore">Accounts whose next evaluation is at or before this instant are due.</param>
    /// <param name="pageSize">The maximum number of accounts in the page (1 to 100,000).</param>
    /// <param name="continuationToken">The token of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="partition">The partition to read (default: the whole portfolio).</param>
    /// <exception cref="ArgumentOutOfRangeException">pageSize is out of range.</exception>
    public DueAccountsQuery(Instant dueAtOrBefore, int pageSize, string? continuationToken = null, Partition partition = default)
    {
        DueAtOrBefore = dueAtOrBefore;
        PageSize = Guard.InRange(pageSize, 1, 100_000);
        ContinuationToken = continuationToken;
        Partition = partition.Count == 0 ? Partition.All : partition;
    }

    /// <summary>Accounts whose next evaluation is at or before this instant are due.</summary>
    public Instant DueAtOrBefore { get; }

    /// <summary>The maximum number of accounts in the page.</summary>
    public int PageSize { get; }

    /// <summary>The token of the previous page, or <see langword="null"/> for the first page.</summary>
    public string? ContinuationToken { get; }

    /// <summary>The partition to read.</summary>
    public Partition Partition { get; }
}

/// <summary>An account due for evaluation.</summary>
/// <remarks>
/// Equality is the synthesized one: <see cref="Snapshot"/> is compared with its own equality, which is by reference
/// (a <see cref="CustomerAccount"/> is a snapshot class without value equality).
/// </remarks>
public sealed record DueAccount
{
    /// <summary>Creates an entry.</summary>
    /// <param name="accountId">The account id (not empty).</param>
    /// <param name="nextEvaluationAt">Its stored next-evaluation instant.</param>
    /// <param name="snapshot">
    /// The account snapshot when the store reads it with the page (saves a round trip), or <see langword="null"/>
    /// to let the runner call <see cref="IReceivableStore.LoadAccountAsync"/>.
    /// </param>
    /// <exception cref="ArgumentException">accountId is empty, or the snapshot is of another account.</exception>
    public DueAccount(string accountId, Instant nextEvaluationAt, CustomerAccount? snapshot = null)
    {
        AccountId = Guard.NotNullOrWhiteSpace(accountId);
        if (snapshot is not null && !string.Equals(snapshot.Id, accountId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"snapshot is of account '{snapshot.Id}', not '{accountId}'.", nameof(snapshot));
        }

        NextEvaluationAt = nextEvaluationAt;
        Snapshot = snapshot;
    }

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary>Its stored next-evaluation instant.</summary>
    public Instant NextEvaluationAt { get; }

    /// <summary>The snapshot read with the page, or <see langword="null"/>.</summary>
    public CustomerAccount? Snapshot { get; }
}

/// <summary>One page of accounts due for evaluation.</summary>
/// <param name="Accounts">The accounts, ordered by next evaluation, then by the store's stable tie-break.</param>
/// <param name="ContinuationToken">The token for the next page, or <see langword="null"/> after the last page.</param>
public sealed record DueAccountPage(ImmutableArray<DueAccount> Accounts, string? ContinuationToken)
{
    /// <summary>The accounts (never default).</summary>
    public ImmutableArray<DueAccount> Accounts { get; } = Accounts.IsDefault ? ImmutableArray<DueAccount>.Empty : Accounts;

    /// <summary>An empty last page.</summary>
    public static DueAccountPage Empty { get; } = new(ImmutableArray<DueAccount>.Empty, null);

    /// <summary>
    /// Value equality: the accounts compared element by element (in order, with <see cref="DueAccount"/>'s equality,
    /// which compares snapshots by reference), and the continuation token (ordinal).
    /// </summary>
    /// <param name="other">The other page.</param>
    /// <returns><see langword="true"/> when both pages carry equal accounts in the same order and the same token.</returns>
    public bool Equals(DueAccountPage? other)
        => other is not null && (ReferenceEquals(this, other) || (
            ValueEquality.SequenceEqual(Accounts, other.Accounts) && ContinuationToken == other.ContinuationToken));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        ValueEquality.AddSequence(ref hash, Accounts);
        hash.Add(ContinuationToken);
        return hash.ToHashCode();
    }
}
