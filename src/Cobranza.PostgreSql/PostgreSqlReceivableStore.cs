using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Cobranza.PostgreSql;

/// <summary>
/// <see cref="IReceivableStore"/> over PostgreSQL: the schedule of wake-ups (table <c>schedule</c>: the next evaluation
/// instant of each account and its partition hash) paged by the keyset (next evaluation, account id) with the
/// partition filter in SQL, wake-ups of a page saved in one statement, and snapshots from an
/// <see cref="IAccountSnapshotSource"/> (the event-sourced <see cref="PostgreSqlAccountStore"/> by default) loaded for
/// the whole page at once.
/// </summary>
/// <remarks>
/// Several processes may page the same partition (the journal's claims keep each dispatch single) or take partitions
/// exclusively with <see cref="PostgreSqlPartitionLock"/>. Account ids are ordered by their bytes (the columns are
/// <c>COLLATE "C"</c>), whatever the database's collation.
/// <para>
/// Account hierarchies (<see cref="IAccountHierarchyStore"/>): the store asks its snapshot source, which must implement
/// <see cref="IAccountHierarchyStore"/> too (<see cref="PostgreSqlAccountStore"/> does). A host's source that does not
/// knows no hierarchies: a paying account is evaluated with its own items only, and a paid account it returns
/// (<see cref="CustomerProfile.PaidByAccountId"/> set) is refused when loaded, with a message naming the source, so the
/// run fails it (it stays due) instead of dunning it on its own or dropping its items without a word.
/// </para>
/// </remarks>
public sealed class PostgreSqlReceivableStore : IReceivableStore, IAccountHierarchyStore
{
    private readonly PostgreSqlDatabase _database;
    private readonly IAccountSnapshotSource _snapshots;
    private readonly IAccountHierarchyStore? _hierarchy;
    private readonly string _firstPageSql;
    private readonly string _nextPageSql;
    private readonly string _saveSql;
    private readonly string _historiesSql;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database (migrated).</param>
    /// <param name="snapshots">Where snapshots come from (null: a <see cref="PostgreSqlAccountStore"/> over the same database).</param>
    /// <exception cref="ArgumentNullException">database is null.</exception>
    public PostgreSqlReceivableStore(PostgreSqlDatabase database, IAccountSnapshotSource? snapshots = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _snapshots = snapshots ?? new PostgreSqlAccountStore(database);
        _hierarchy = _snapshots as IAccountHierarchyStore;
        var schedule = database.Table("schedule");
        const string partition = "(@count <= 1 OR partition_hash % @count = @index)";
        _firstPageSql = $"""
            SELECT account_id, next_evaluation_at FROM {schedule}
            WHERE next_evaluation_at IS NOT NULL AND next_evaluation_at <= @due AND {partition}
            ORDER BY next_evaluation_at, account_id
            LIMIT @limit
            """;
        _nextPageSql = $"""
            SELECT account_id, next_evaluation_at FROM {schedule}
            WHERE next_evaluation_at IS NOT NULL AND next_evaluation_at <= @due AND {partition}
              AND (next_evaluation_at, account_id) > (@afterAt, @afterId)
            ORDER BY next_evaluation_at, account_id
            LIMIT @limit
            """;
        _saveSql = $"""
            INSERT INTO {schedule} AS s (account_id, partition_hash, next_evaluation_at)
            SELECT DISTINCT ON (t.id) t.id, t.hash, t.at
            FROM unnest(@ids, @hashes, @ats, @ordinals) AS t(id, hash, at, ordinal)
            ORDER BY t.id, t.ordinal DESC
            ON CONFLICT (account_id) DO UPDATE SET next_evaluation_at = excluded.next_evaluation_at
            """;
        _historiesSql = $"SELECT account_id, {PostgreSqlCollectionJournal.HistoryColumns} FROM {database.Table("journal")} WHERE account_id = ANY(@ids) ORDER BY account_id, seq";
    }

    /// <inheritdoc/>
    public async ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var after = query.ContinuationToken is null ? ((Instant, string)?)null : ParseToken(query.ContinuationToken);
        var rows = new List<(string Id, Instant At)>(Math.Min(query.PageSize, 4096));
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(after is null ? _firstPageSql : _nextPageSql, connection);
            command.Parameters.AddWithValue("due", PgValues.DueBound(query.DueAtOrBefore));
            command.Parameters.AddWithValue("count", (long)query.Partition.Count);
            command.Parameters.AddWithValue("index", (long)query.Partition.Index);
            command.Parameters.AddWithValue("limit", query.PageSize);
            if (after is { } a)
            {
                command.Parameters.AddWithValue("afterAt", PgValues.Timestamp(a.Item1));
                command.Parameters.AddWithValue("afterId", NpgsqlDbType.Text, a.Item2);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), PgValues.Instant(reader, 1)));
            }
        }

        if (rows.Count == 0)
        {
            return DueAccountPage.Empty;
        }

        var ids = new string[rows.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = rows[i].Id;
        }

        if (_database.Options.PrefetchHistories)
        {
            await PrefetchHistoriesAsync(ids, cancellationToken).ConfigureAwait(false);
        }

        var snapshots = await _snapshots.LoadManyAsync(ids, cancellationToken).ConfigureAwait(false);
        var accounts = ImmutableArray.CreateBuilder<DueAccount>(rows.Count);
        foreach (var (id, at) in rows)
        {
            // A paid account from a source without hierarchies goes without its snapshot: the run loads it through
            // LoadAccountAsync, which refuses it with the reason (that account fails, the page goes on).
            var usable = snapshots.TryGetValue(id, out var snapshot) && (_hierarchy is not null || snapshot.Customer.PaidByAccountId is null);
            accounts.Add(new DueAccount(id, at, usable ? snapshot : null));
        }

        var last = rows[^1];
        var token = rows.Count < query.PageSize ? null : FormatToken(last.At, last.Id);
        return new DueAccountPage(accounts.MoveToImmutable(), token);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The account is paid by another and the snapshot source does not implement <see cref="IAccountHierarchyStore"/>.</exception>
    public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        var loading = _snapshots.LoadAsync(accountId, cancellationToken);
        return _hierarchy is not null ? loading : RefusePaidAsync(loading);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Asks the snapshot source (<see cref="PostgreSqlAccountStore"/>: one indexed query). A source that does not
    /// implement <see cref="IAccountHierarchyStore"/> has no paid accounts this store would serve: none (see the class remarks).
    /// </remarks>
    /// <exception cref="ArgumentException">payingAccountId is null or empty.</exception>
    public ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payingAccountId);
        cancellationToken.ThrowIfCancellationRequested();
        return _hierarchy is not null ? _hierarchy.LoadPaidAccountsAsync(payingAccountId, cancellationToken) : ValueTask.FromResult(ImmutableArray<CustomerAccount>.Empty);
    }

    private async ValueTask<CustomerAccount?> RefusePaidAsync(ValueTask<CustomerAccount?> loading)
    {
        var account = await loading.ConfigureAwait(false);
        if (account?.Customer.PaidByAccountId is { } payer)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}', but the snapshot source ({_snapshots.GetType().Name}) does not implement IAccountHierarchyStore: {nameof(PostgreSqlReceivableStore)} cannot find the accounts a payer pays for, so this account is neither dunned with its payer nor on its own. Implement IAccountHierarchyStore on the source.");
        }

        return account;
    }

    /// <inheritdoc/>
    public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return SaveNextEvaluationsAsync([new NextEvaluation(accountId, nextEvaluationAt)], cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
    {
        NextEvaluation.Validate(nextEvaluations);
        cancellationToken.ThrowIfCancellationRequested();
        if (nextEvaluations.Count == 0)
        {
            return;
        }

        var ids = new string[nextEvaluations.Count];
        var hashes = new long[ids.Length];
        var ats = new DateTime?[ids.Length];
        var ordinals = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            var entry = nextEvaluations[i];
            ids[i] = entry.AccountId;
            hashes[i] = PgValues.Hash(entry.AccountId);
            ats[i] = entry.NextEvaluationAt is { } at ? PgValues.WakeUp(at) : null;
            ordinals[i] = i;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_saveSql, connection);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        command.Parameters.AddWithValue("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bigint, hashes);
        command.Parameters.AddWithValue("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, ats);
        command.Parameters.AddWithValue("ordinals", NpgsqlDbType.Array | NpgsqlDbType.Integer, ordinals);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PrefetchHistoriesAsync(string[] ids, CancellationToken cancellationToken)
    {
        var byAccount = new Dictionary<string, ImmutableArray<CollectionHistoryEntry>.Builder>(StringComparer.Ordinal);
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = new NpgsqlCommand(_historiesSql, connection))
        {
            command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                if (!byAccount.TryGetValue(id, out var builder))
                {
                    builder = ImmutableArray.CreateBuilder<CollectionHistoryEntry>();
                    byAccount.Add(id, builder);
                }

                builder.Add(PostgreSqlCollectionJournal.ReadHistoryEntry(reader, 1));
            }
        }

        foreach (var id in ids)
        {
            _database.Prefetch.Put(id, byAccount.TryGetValue(id, out var builder) ? CollectionHistory.Of(builder.ToImmutable()) : CollectionHistory.Empty);
        }
    }

    // The token is the keyset position: the last row's instant (Unix ticks) and account id.
    private static string FormatToken(Instant at, string accountId)
        => string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeTicks()}|{accountId}");

    private static (Instant, string) ParseToken(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(token.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks) || bar == token.Length - 1)
        {
            throw new ArgumentException($"continuation token '{token}' was not produced by {nameof(PostgreSqlReceivableStore)}.", "query");
        }

        return (Instant.FromUnixTimeTicks(ticks), token[(bar + 1)..]);
    }
}
