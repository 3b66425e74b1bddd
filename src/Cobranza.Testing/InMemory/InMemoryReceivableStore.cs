using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Testing.InMemory;

/// <summary>
/// A thread-safe in-memory <see cref="IReceivableStore"/>: account snapshots and their next-evaluation instants,
/// paged by (next evaluation, account id ordinal) with a keyset continuation token. For tests, simulations and
/// benchmarks; it passes <c>ReceivableStoreConformanceTests</c> (package Cobranza.Testing.Xunit).
/// </summary>
public sealed class InMemoryReceivableStore : IReceivableStore, IAccountLedgerStore, IAccountHierarchyStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Paying account id → the ids of the accounts it pays for (CustomerProfile.PaidByAccountId), kept with every snapshot stored.
    private readonly Dictionary<string, SortedSet<string>> _paidFor = new(StringComparer.Ordinal);
    // The schedule, bucketed by instant: the instants in order, and per instant the entries sorted by id. A save moves
    // an entry between buckets in O(log instants) without re-sorting anything: the old bucket keeps a tombstone (an
    // entry whose Next is no longer the bucket's instant), skipped when read and dropped when the bucket is compacted.
    private readonly SortedSet<Instant> _instants = new();
    private readonly Dictionary<Instant, Bucket> _buckets = new();
    private Bucket? _lastBucket;
    private int _scheduled;

    /// <summary>The number of accounts stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds or replaces an account snapshot and sets its next evaluation.</summary>
    /// <param name="account">The snapshot.</param>
    /// <param name="nextEvaluationAt">When it is next due, or <see langword="null"/> for never (until set).</param>
    /// <exception cref="ArgumentNullException">account is null.</exception>
    public void Put(CustomerAccount account, Instant? nextEvaluationAt)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_gate)
        {
            if (_entries.TryGetValue(account.Id, out var entry))
            {
                IndexPayer(account.Id, entry.Account, account);
                entry.Account = account;
                Reschedule(entry, nextEvaluationAt);
            }
            else
            {
                entry = new Entry(account.Id, account);
                _entries.Add(account.Id, entry);
                IndexPayer(account.Id, null, account);
                Reschedule(entry, nextEvaluationAt);
            }
        }
    }

    /// <summary>Replaces the snapshot of an existing account and makes it due at <paramref name="dueAt"/> (as a host does when an event changes the account).</summary>
    /// <param name="account">The new snapshot.</param>
    /// <param name="dueAt">When to evaluate it.</param>
    /// <exception cref="ArgumentException">The account is unknown.</exception>
    public void Update(CustomerAccount account, Instant dueAt)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_gate)
        {
            if (!_entries.TryGetValue(account.Id, out var entry))
            {
                throw new ArgumentException($"account '{account.Id}' is not in the store.", nameof(account));
            }

            IndexPayer(account.Id, entry.Account, account);
            entry.Account = account;
            Reschedule(entry, entry.Next is { } n && n < dueAt ? n : dueAt);
        }
    }

    /// <summary>The stored next evaluation of an account.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The instant, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="ArgumentException">The account is unknown.</exception>
    public Instant? GetNextEvaluation(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        lock (_gate)
        {
            return _entries.TryGetValue(accountId, out var entry)
                ? entry.Next
                : throw new ArgumentException($"account '{accountId}' is not in the store.", nameof(accountId));
        }
    }

    /// <summary>Removes an account (its id may still be listed by the journal).</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns><see langword="true"/> when it was present.</returns>
    public bool Remove(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        lock (_gate)
        {
            if (!_entries.Remove(accountId, out var entry))
            {
                return false;
            }

            IndexPayer(accountId, entry.Account, null);
            Reschedule(entry, null);
            return true;
        }
    }

    /// <inheritdoc/>
    public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var from = query.ContinuationToken is null ? (Key?)null : ParseToken(query.ContinuationToken);
        var partition = query.Partition;
        bool all = partition.IsAll;
        var dueAt = query.DueAtOrBefore;
        DueAccount[] page;
        int count = 0;
        Key? last = null;
        bool more = false;
        lock (_gate)
        {
            if (_instants.Count == 0 || (from is { } f0 && f0.At > dueAt))
            {
                return new ValueTask<DueAccountPage>(DueAccountPage.Empty);
            }

            var lowest = from?.At ?? _instants.Min;
            if (lowest > dueAt)
            {
                return new ValueTask<DueAccountPage>(DueAccountPage.Empty);
            }

            // The page array is sized once (never more than the accounts scheduled) and handed to the page without a copy.
            page = new DueAccount[Math.Min(query.PageSize, _scheduled)];
            foreach (var instant in _instants.GetViewBetween(lowest, dueAt))
            {
                var bucket = _buckets[instant];
                var ids = bucket.Sorted();
                int i = from is { } f && f.At == instant ? bucket.IndexAfter(f.Id!) : 0;
                for (; i < ids.Count; i++)
                {
                    var entry = ids[i];
                    if (!bucket.IsLive(entry) || (!all && !partition.Contains(entry.Id)))
                    {
                        continue;
                    }

                    if (count == page.Length)
                    {
                        more = true;
                        break;
                    }

                    page[count++] = new DueAccount(entry.Id, instant, entry.Account);
                    last = new Key(instant, entry.Id);
                }

                if (more)
                {
                    break;
                }
            }
        }

        if (count < page.Length)
        {
            Array.Resize(ref page, count);
        }

        var token = more && last is { } l ? FormatToken(l) : null;
        return new ValueTask<DueAccountPage>(new DueAccountPage(ImmutableCollectionsMarshal.AsImmutableArray(page), token));
    }

    /// <inheritdoc/>
    public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new ValueTask<CustomerAccount?>(_entries.TryGetValue(accountId, out var entry) ? entry.Account : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payingAccountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_paidFor.TryGetValue(payingAccountId, out var ids))
            {
                return new ValueTask<ImmutableArray<CustomerAccount>>(ImmutableArray<CustomerAccount>.Empty);
            }

            var paid = ImmutableArray.CreateBuilder<CustomerAccount>(ids.Count);
            foreach (var id in ids)
            {
                paid.Add(_entries[id].Account);
            }

            return new ValueTask<ImmutableArray<CustomerAccount>>(paid.MoveToImmutable());
        }
    }

    /// <inheritdoc/>
    ValueTask<CustomerAccount?> IAccountLedgerStore.LoadAsync(string accountId, CancellationToken cancellationToken)
        => LoadAccountAsync(accountId, cancellationToken);

    /// <summary>
    /// Applies <paramref name="events"/> to the stored snapshot if it is still at <paramref name="expectedVersion"/>
    /// and stores the result (the schedule is left alone); all or none.
    /// </summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="events">The events (not empty).</param>
    /// <param name="cancellationToken">Cancels before the write.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="ArgumentException">events is empty, or an event does not fit the account (the ledger's message).</exception>
    /// <exception cref="AccountVersionConflictException">The account is at another version, or is unknown.</exception>
    public ValueTask AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("events must not be empty.", nameof(events));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_entries.TryGetValue(accountId, out var entry))
            {
                throw new AccountVersionConflictException(accountId, expectedVersion, -1);
            }

            if (entry.Account.Version != expectedVersion)
            {
                throw new AccountVersionConflictException(accountId, expectedVersion, entry.Account.Version);
            }

            entry.Account = Ledger.Apply(entry.Account, events);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_entries.TryGetValue(accountId, out var entry))
            {
                Reschedule(entry, nextEvaluationAt);
            }
        }

        return default;
    }

    /// <inheritdoc/>
    /// <remarks>Applied atomically, under one lock, in order (a later entry for the same account wins); unknown accounts are ignored as by <see cref="SaveNextEvaluationAsync"/>.</remarks>
    public ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
    {
        NextEvaluation.Validate(nextEvaluations);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            for (int i = 0; i < nextEvaluations.Count; i++)
            {
                var item = nextEvaluations[i];
                if (_entries.TryGetValue(item.AccountId, out var entry))
                {
                    Reschedule(entry, item.NextEvaluationAt);
                }
            }
        }

        return default;
    }

    private void Reschedule(Entry entry, Instant? next)
    {
        if (entry.Next == next && entry.Bucket is not null)
        {
            return;
        }

        if (entry.Bucket is { } old)
        {
            _scheduled--;
            if (--old.Live == 0)
            {
                _buckets.Remove(old.At);
                _instants.Remove(old.At);
                if (ReferenceEquals(_lastBucket, old))
                {
                    _lastBucket = null;
                }
            }

            entry.Bucket = null;
        }

        entry.Next = next;
        // Only entries in _entries are rescheduled with a value (Remove reschedules to null after removing).
        if (next is { } n)
        {
            // Consecutive saves mostly go to the same instant (a page of accounts waking up at the same stage date).
            var bucket = _lastBucket;
            if (bucket is null || bucket.At != n)
            {
                if (!_buckets.TryGetValue(n, out bucket))
                {
                    bucket = new Bucket(n);
                    _buckets.Add(n, bucket);
                    _instants.Add(n);
                }

                _lastBucket = bucket;
            }

            bucket.Add(entry);
            entry.Bucket = bucket;
            _scheduled++;
        }
    }

    private static string FormatToken(Key key)
        => key.At.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture) + "|" + key.Id;

    private static Key ParseToken(string token)
    {
        int bar = token.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(token.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ticks))
        {
            throw new ArgumentException($"'{token}' is not a continuation token of this store.", nameof(token));
        }

        return new Key(Instant.FromUnixTimeTicks(ticks), token[(bar + 1)..]);
    }

    private void IndexPayer(string accountId, CustomerAccount? before, CustomerAccount? after)
    {
        var was = before?.Customer.PaidByAccountId;
        var now = after?.Customer.PaidByAccountId;
        if (string.Equals(was, now, StringComparison.Ordinal))
        {
            return;
        }

        if (was is not null && _paidFor.TryGetValue(was, out var old))
        {
            old.Remove(accountId);
            if (old.Count == 0)
            {
                _paidFor.Remove(was);
            }
        }

        if (now is not null)
        {
            if (!_paidFor.TryGetValue(now, out var set))
            {
                _paidFor.Add(now, set = new SortedSet<string>(StringComparer.Ordinal));
            }

            set.Add(accountId);
        }
    }

    private sealed class Entry(string id, CustomerAccount account)
    {
        public string Id { get; } = id;

        public CustomerAccount Account { get; set; } = account;

        public Instant? Next { get; set; }

        /// <summary>The bucket the entry is scheduled in, or <see langword="null"/> when it has no wake-up.</summary>
        public Bucket? Bucket { get; set; }
    }

    private readonly record struct Key(Instant At, string? Id);

    /// <summary>The entries due at one instant: a list sorted by id (with tombstones) and the additions not merged yet.</summary>
    private sealed class Bucket(Instant at)
    {
        private static readonly Comparison<Entry> ById = (x, y) => string.CompareOrdinal(x.Id, y.Id);
        private List<Entry> _sorted = new();
        private List<Entry>? _added;

        public Instant At { get; } = at;

        /// <summary>Entries whose Next is this instant.</summary>
        public int Live { get; set; }

        public bool IsLive(Entry entry) => ReferenceEquals(entry.Bucket, this);

        public void Add(Entry entry)
        {
            Live++;
            if (_added is null && (_sorted.Count == 0 || string.CompareOrdinal(_sorted[^1].Id, entry.Id) < 0))
            {
                _sorted.Add(entry); // ids put in order (the common bulk load) stay sorted without a sort
                return;
            }

            (_added ??= new List<Entry>()).Add(entry);
        }

        /// <summary>The entries sorted by id, merging the additions and dropping tombstones when needed.</summary>
        public List<Entry> Sorted()
        {
            if (_added is null && Live * 2 >= _sorted.Count)
            {
                return _sorted;
            }

            var merged = new List<Entry>(Live);
            foreach (var e in _sorted)
            {
                if (IsLive(e))
                {
                    merged.Add(e);
                }
            }

            if (_added is not null)
            {
                foreach (var e in _added)
                {
                    if (IsLive(e))
                    {
                        merged.Add(e);
                    }
                }

                merged.Sort(ById);
            }

            // An entry moved out and back in appears twice; duplicates are adjacent once sorted.
            int w = 0;
            for (int r = 0; r < merged.Count; r++)
            {
                if (w == 0 || !ReferenceEquals(merged[w - 1], merged[r]))
                {
                    merged[w++] = merged[r];
                }
            }

            merged.RemoveRange(w, merged.Count - w);
            _sorted = merged;
            _added = null;
            return _sorted;
        }

        /// <summary>The index of the first entry (of the current sorted list) whose id is after <paramref name="id"/>.</summary>
        public int IndexAfter(string id)
        {
            int lo = 0;
            int hi = _sorted.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (string.CompareOrdinal(_sorted[mid].Id, id) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
