using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Testing.InMemory;

/// <summary>
/// A thread-safe in-memory <see cref="IReceivableStore"/>: account snapshots and their next-evaluation instants,
/// paged by (next evaluation, account id ordinal) with a keyset continuation token. For tests, simulations and
/// benchmarks; it passes <see cref="Conformance.ReceivableStoreConformanceTests"/>.
/// </summary>
public sealed class InMemoryReceivableStore : IReceivableStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<Key> _schedule = new(KeyComparer.Instance);

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
            if (_entries.TryGetValue(account.AccountId, out var entry))
            {
                entry.Account = account;
                Reschedule(entry, nextEvaluationAt);
            }
            else
            {
                entry = new Entry(account.AccountId, account);
                _entries.Add(account.AccountId, entry);
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
            if (!_entries.TryGetValue(account.AccountId, out var entry))
            {
                throw new ArgumentException($"account '{account.AccountId}' is not in the store.", nameof(account));
            }

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
        var builder = ImmutableArray.CreateBuilder<DueAccount>(Math.Min(query.PageSize, 1024));
        Key? last = null;
        bool more = false;
        lock (_gate)
        {
            if (_schedule.Count == 0)
            {
                return new ValueTask<DueAccountPage>(DueAccountPage.Empty);
            }

            var lower = from ?? _schedule.Min;
            var upper = new Key(query.DueAtOrBefore, null);
            if (KeyComparer.Instance.Compare(lower, upper) > 0)
            {
                return new ValueTask<DueAccountPage>(DueAccountPage.Empty);
            }

            foreach (var key in _schedule.GetViewBetween(lower, upper))
            {
                if (from is { } f && KeyComparer.Instance.Compare(key, f) <= 0)
                {
                    continue;
                }

                if (!query.Partition.Contains(key.Id!))
                {
                    continue;
                }

                if (builder.Count == query.PageSize)
                {
                    more = true;
                    break;
                }

                var entry = _entries[key.Id!];
                builder.Add(new DueAccount(key.Id!, key.At, entry.Account));
                last = key;
            }
        }

        var token = more && last is { } l ? FormatToken(l) : null;
        return new ValueTask<DueAccountPage>(new DueAccountPage(builder.ToImmutable(), token));
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

    private void Reschedule(Entry entry, Instant? next)
    {
        if (entry.Next == next && entry.Scheduled)
        {
            return;
        }

        if (entry.Scheduled)
        {
            _schedule.Remove(new Key(entry.Next!.Value, entry.Id));
            entry.Scheduled = false;
        }

        entry.Next = next;
        if (next is { } n && _entries.ContainsKey(entry.Id))
        {
            _schedule.Add(new Key(n, entry.Id));
            entry.Scheduled = true;
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

    private sealed class Entry(string id, CustomerAccount account)
    {
        public string Id { get; } = id;

        public CustomerAccount Account { get; set; } = account;

        public Instant? Next { get; set; }

        public bool Scheduled { get; set; }
    }

    // Id null sorts after every id of the same instant (an upper bound).
    private readonly record struct Key(Instant At, string? Id);

    private sealed class KeyComparer : IComparer<Key>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(Key x, Key y)
        {
            int c = x.At.CompareTo(y.At);
            if (c != 0)
            {
                return c;
            }

            if (x.Id is null)
            {
                return y.Id is null ? 0 : 1;
            }

            return y.Id is null ? -1 : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
