using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Cobranza.PostgreSql;

/// <summary>
/// An event-sourced account store for hosts without their own receivable tables: each account is a stream of ledger
/// events (<see cref="AccountEvent"/>, stored as JSONB, append-only) with a version per account (the number of events)
/// for optimistic concurrency; a snapshot is rebuilt by applying the events in order with <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>.
/// Appending events also moves the account's wake-up in the schedule to the given instant (never later), so the next
/// collection run evaluates it.
/// </summary>
/// <remarks>
/// It also knows which accounts another pays for (<see cref="IAccountHierarchyStore"/>): the profile, stored when the
/// account is opened, names its payer (<see cref="CustomerProfile.PaidByAccountId"/>), found through the index
/// <c>account_streams_paid_by</c> (migration 5).
/// </remarks>
public sealed class PostgreSqlAccountStore : IAccountSnapshotSource, IAccountLedgerStore, IAccountHierarchyStore
{
    private readonly PostgreSqlDatabase _database;
    private readonly string _loadSql;
    private readonly string _loadPaidSql;
    private readonly string _streams;
    private readonly string _events;
    private readonly string _schedule;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database (migrated).</param>
    /// <exception cref="ArgumentNullException">database is null.</exception>
    public PostgreSqlAccountStore(PostgreSqlDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _streams = database.Table("account_streams");
        _events = database.Table("account_events");
        _schedule = database.Table("schedule");
        _loadSql = $"""
            SELECT s.account_id, s.currency, s.profile::text, s.version, e.event_type, e.payload::text
            FROM {_streams} s LEFT JOIN {_events} e ON e.account_id = s.account_id
            WHERE s.account_id = ANY(@ids)
            ORDER BY s.account_id, e.version
            """;
        // The same rows for the accounts a payer pays for: the partial index account_streams_paid_by finds their ids
        // (the equality implies the index's "IS NOT NULL"), the events come by the primary key.
        _loadPaidSql = $"""
            SELECT s.account_id, s.currency, s.profile::text, s.version, e.event_type, e.payload::text
            FROM {_streams} s LEFT JOIN {_events} e ON e.account_id = s.account_id
            WHERE (s.profile->>'paidByAccountId') = @payer
            ORDER BY s.account_id, e.version
            """;
    }

    /// <summary>Opens a new account (version 0, no events) and, when <paramref name="wakeAt"/> is given, schedules it.</summary>
    /// <param name="accountId">The account id (not empty).</param>
    /// <param name="currency">The account's currency.</param>
    /// <param name="customer">The customer profile.</param>
    /// <param name="wakeAt">The first wake-up, or <see langword="null"/> for none yet.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The empty snapshot.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    /// <exception cref="AccountVersionConflictException">The account exists already.</exception>
    public async Task<CustomerAccount> OpenAsync(string accountId, Currency currency, CustomerProfile customer, Instant? wakeAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentNullException.ThrowIfNull(currency);
        ArgumentNullException.ThrowIfNull(customer);
        var account = CustomerAccount.Open(accountId, currency, customer);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand($"INSERT INTO {_streams} (account_id, currency, profile, version) VALUES (@id, @currency, @profile, 0) ON CONFLICT (account_id) DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue("id", accountId);
            insert.Parameters.AddWithValue("currency", currency.Code);
            insert.Parameters.AddWithValue("profile", NpgsqlDbType.Jsonb, AccountEventJson.WriteProfile(customer));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new AccountVersionConflictException(accountId, -1, await VersionAsync(connection, transaction, accountId, cancellationToken).ConfigureAwait(false));
            }
        }

        await ScheduleAsync(connection, transaction, accountId, wakeAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return account;
    }

    /// <summary>
    /// Appends events to an account if it is still at <paramref name="expectedVersion"/> (optimistic concurrency). The
    /// events are applied to the stored snapshot first: one that does not fit the account throws and nothing is stored.
    /// </summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="expectedVersion">The version the caller read (the number of events stored).</param>
    /// <param name="events">The events, in order (not empty).</param>
    /// <param name="wakeAt">Move the account's wake-up to this instant unless it is due earlier (usually "now"); null leaves the schedule alone.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new snapshot and the new version (unchanged when every event was an idempotent repeat, which is not stored).</returns>
    /// <exception cref="ArgumentException">An argument is null or empty, or an event does not fit the account (the ledger's message).</exception>
    /// <exception cref="AccountVersionConflictException">The account is at another version, or does not exist.</exception>
    public async Task<(CustomerAccount Account, long Version)> AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, Instant? wakeAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("events must not be empty.", nameof(events));
        }

        for (int i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                throw new ArgumentException($"events[{i}] is null.", nameof(events));
            }
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var loaded = await LoadManyAsync(connection, transaction, [accountId], cancellationToken).ConfigureAwait(false);
        if (!loaded.TryGetValue(accountId, out var current))
        {
            throw new AccountVersionConflictException(accountId, expectedVersion, -1);
        }

        if (current.Version != expectedVersion)
        {
            throw new AccountVersionConflictException(accountId, expectedVersion, current.Version);
        }

        // Apply first: an event that does not fit throws before anything is written. An idempotent repeat (the
        // ledger returns the same snapshot: the same payment, fee, interest posting or credit note again) is not stored.
        var account = current.Account;
        var payloads = new List<string>(events.Count);
        var types = new List<string>(events.Count);
        foreach (var e in events)
        {
            var next = account.Apply(e);
            if (ReferenceEquals(next, account))
            {
                continue;
            }

            payloads.Add(AccountEventJson.Write(e, account));
            types.Add(AccountEventJson.TypeOf(e));
            account = next;
        }

        if (payloads.Count == 0)
        {
            return (account, expectedVersion);
        }

        long newVersion = expectedVersion + payloads.Count;
        await using (var bump = new NpgsqlCommand($"UPDATE {_streams} SET version = @new WHERE account_id = @id AND version = @expected", connection, transaction))
        {
            bump.Parameters.AddWithValue("new", newVersion);
            bump.Parameters.AddWithValue("id", accountId);
            bump.Parameters.AddWithValue("expected", expectedVersion);
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new AccountVersionConflictException(accountId, expectedVersion, await VersionAsync(connection, transaction, accountId, cancellationToken).ConfigureAwait(false));
            }
        }

        var versions = new long[payloads.Count];
        for (int i = 0; i < versions.Length; i++)
        {
            versions[i] = expectedVersion + i + 1;
        }

        await using (var insert = new NpgsqlCommand($"INSERT INTO {_events} (account_id, version, event_type, payload) SELECT @id, v, t, p::jsonb FROM unnest(@versions, @types, @payloads) AS u(v, t, p)", connection, transaction))
        {
            insert.Parameters.AddWithValue("id", accountId);
            insert.Parameters.AddWithValue("versions", versions);
            insert.Parameters.AddWithValue("types", types.ToArray());
            insert.Parameters.AddWithValue("payloads", payloads.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ScheduleAsync(connection, transaction, accountId, wakeAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (account, newVersion);
    }

    /// <inheritdoc cref="IAccountLedgerStore.AppendAsync"/>
    /// <remarks>
    /// <see cref="AppendAsync(string, long, IReadOnlyList{AccountEvent}, Instant?, CancellationToken)"/> without moving the
    /// wake-up: the stream version is the snapshot's <see cref="CustomerAccount.Version"/> (idempotent repeats are not
    /// stored), so a conflict throws <see cref="AccountVersionConflictException"/>.
    /// </remarks>
    async ValueTask IAccountLedgerStore.AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken)
        => await AppendAsync(accountId, expectedVersion, events, wakeAt: null, cancellationToken).ConfigureAwait(false);

    /// <summary>Loads an account's snapshot and its stream version.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot and version, or <see langword="null"/> when the account does not exist.</returns>
    public async Task<(CustomerAccount Account, long Version)?> LoadWithVersionAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var loaded = await LoadManyAsync(connection, null, [accountId], cancellationToken).ConfigureAwait(false);
        return loaded.TryGetValue(accountId, out var found) ? found : null;
    }

    /// <summary>The stored events of an account, in order (empty when it has none or does not exist).</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events with their versions.</returns>
    public async Task<IReadOnlyList<(long Version, AccountEvent Event)>> ReadEventsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT version, event_type, payload::text FROM {_events} WHERE account_id = @id ORDER BY version", connection);
        command.Parameters.AddWithValue("id", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<(long, AccountEvent)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add((reader.GetInt64(0), AccountEventJson.Read(reader.GetString(1), reader.GetString(2))));
        }

        return events;
    }

    /// <inheritdoc/>
    public async ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken)
        => (await LoadWithVersionAsync(accountId, cancellationToken).ConfigureAwait(false))?.Account;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyDictionary<string, CustomerAccount>> LoadManyAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var loaded = await LoadManyAsync(connection, null, accountIds, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, CustomerAccount>(loaded.Count, StringComparer.Ordinal);
        foreach (var (id, found) in loaded)
        {
            result.Add(id, found.Account);
        }

        return result;
    }

    /// <inheritdoc/>
    /// <remarks>One query (the accounts' streams and events, as <see cref="LoadManyAsync(IReadOnlyList{string}, CancellationToken)"/>), served by the index <c>account_streams_paid_by</c>.</remarks>
    /// <exception cref="ArgumentException">payingAccountId is null or empty.</exception>
    public async ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payingAccountId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_loadPaidSql, connection);
        command.Parameters.AddWithValue("payer", NpgsqlDbType.Text, payingAccountId);
        var loaded = await ReadAccountsAsync(command, 4, cancellationToken).ConfigureAwait(false);
        if (loaded.Count == 0)
        {
            return [];
        }

        var paid = ImmutableArray.CreateBuilder<CustomerAccount>(loaded.Count);
        foreach (var (_, found) in loaded)
        {
            paid.Add(found.Account);
        }

        // Ordinal order, as the port says ("C" collation orders bytes: it differs from ordinal UTF-16 order above U+E000).
        paid.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return paid.MoveToImmutable();
    }

    private async Task<Dictionary<string, (CustomerAccount Account, long Version)>> LoadManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> accountIds, CancellationToken cancellationToken)
    {
        var ids = new string[accountIds.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = accountIds[i] ?? throw new ArgumentException($"accountIds[{i}] is null.", nameof(accountIds));
        }

        await using var command = new NpgsqlCommand(_loadSql, connection, transaction);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        return await ReadAccountsAsync(command, ids.Length, cancellationToken).ConfigureAwait(false);
    }

    // Rebuilds the snapshots from rows (account id, currency, profile, version, event type, payload) ordered by account
    // and event version.
    private static async Task<Dictionary<string, (CustomerAccount Account, long Version)>> ReadAccountsAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (CustomerAccount, long)>(capacity, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? currentId = null;
        CustomerAccount? account = null;
        long version = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!string.Equals(id, currentId, StringComparison.Ordinal))
            {
                if (currentId is not null)
                {
                    result.Add(currentId, (account!, version));
                }

                currentId = id;
                account = CustomerAccount.Open(id, Currency.FromCode(reader.GetString(1).Trim()), AccountEventJson.ReadProfile(reader.GetString(2)));
                version = reader.GetInt64(3);
            }

            if (!reader.IsDBNull(4))
            {
                account = account!.Apply(AccountEventJson.Read(reader.GetString(4), reader.GetString(5)));
            }
        }

        if (currentId is not null)
        {
            result.Add(currentId, (account!, version));
        }

        return result;
    }

    private async Task ScheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, Instant? wakeAt, CancellationToken cancellationToken)
    {
        if (wakeAt is not { } at)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {_schedule} AS s (account_id, partition_hash, next_evaluation_at) VALUES (@id, @hash, @at)
            ON CONFLICT (account_id) DO UPDATE
            SET next_evaluation_at = CASE WHEN s.next_evaluation_at IS NULL OR s.next_evaluation_at > excluded.next_evaluation_at
                                          THEN excluded.next_evaluation_at ELSE s.next_evaluation_at END
            """, connection, transaction);
        command.Parameters.AddWithValue("id", accountId);
        command.Parameters.AddWithValue("hash", PgValues.Hash(accountId));
        command.Parameters.AddWithValue("at", PgValues.WakeUp(at));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> VersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version FROM {_streams} WHERE account_id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", accountId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : -1;
    }
}
