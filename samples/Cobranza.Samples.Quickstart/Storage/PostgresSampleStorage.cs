using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.PostgreSql;
using Cobranza.Samples.Quickstart.Collections;
using Cobranza.Samples.Quickstart.Portfolio;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// <c>--postgres</c>: the library's PostgreSQL package keeps the journal (<see cref="PostgreSqlCollectionJournal"/>),
/// the schedule of wake-ups and the accounts (the event-sourced <see cref="PostgreSqlAccountStore"/>: invoices,
/// payments and charges are ledger events) in one schema; the sample adds three small tables of its own there
/// (<c>quickstart_meta</c>, <c>quickstart_customers</c> with the e-mail addresses, <c>quickstart_plans</c> with each
/// item's planned payment). One run at a time per schema: a session-level advisory lock held on its own connection for
/// the whole run (the server releases it when the connection closes, however the process ends), and the outbox's lock file.
/// </summary>
internal sealed class PostgresSampleStorage : ISampleStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _lock;
    private readonly SampleLock _outboxLock;
    private readonly PostgreSqlDatabase _database;
    private readonly PostgreSqlAccountStore _accounts;
    private readonly string _schema;
    private readonly ConcurrentDictionary<string, string> _emails = new(StringComparer.Ordinal);

    private PostgresSampleStorage(NpgsqlDataSource dataSource, NpgsqlConnection held, SampleLock outboxLock, PostgreSqlDatabase database, string description)
    {
        _dataSource = dataSource;
        _lock = held;
        _outboxLock = outboxLock;
        _database = database;
        _schema = "\"" + database.Options.Schema + "\"";
        _accounts = new PostgreSqlAccountStore(database);
        Store = new PostgreSqlReceivableStore(database, _accounts);
        Journal = new PostgreSqlCollectionJournal(database);
        Description = description;
    }

    /// <summary>The advisory lock key of a schema's quickstart: FNV-1a-64 of <c>cobranza.quickstart:{schema}</c>.</summary>
    public static long LockKeyOf(string schema)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("cobranza.quickstart:" + schema))
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return unchecked((long)hash);
    }

    /// <summary>Connects, takes the locks, resets when asked, migrates the schema and creates the sample's tables.</summary>
    /// <exception cref="SampleUsageException">The connection string is not valid.</exception>
    /// <exception cref="SampleBusyException">Another run holds the schema or the outbox.</exception>
    public static async Task<PostgresSampleStorage> OpenAsync(SampleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlDataSource dataSource;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.Postgres);
            dataSource = NpgsqlDataSource.Create(builder);
        }
        catch (ArgumentException ex)
        {
            throw new SampleUsageException($"option --postgres must be an Npgsql connection string such as 'Host=localhost;Username=postgres;Database=cobranza': {ex.Message}");
        }

        var description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}, schema {options.Schema}";
        NpgsqlConnection? held = null;
        SampleLock? outboxLock = null;
        try
        {
            held = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", held))
            {
                take.Parameters.AddWithValue("key", LockKeyOf(options.Schema));
                if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    throw new SampleBusyException(
                        $"another quickstart run is using the {description} (its advisory lock is held). Two runs on one database would race for the same decisions and payments: wait for the other run to finish, or stop it, and run again.",
                        null);
                }
            }

            outboxLock = SampleLock.AcquireOutbox(options.OutboxPath);
            if (options.Reset)
            {
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{options.Schema}\" CASCADE", held);
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                SampleStorage.ClearOutbox(options.OutboxPath);
            }

            var database = new PostgreSqlDatabase(dataSource, new PostgreSqlOptions { Schema = options.Schema });
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand(
                $"""
                CREATE TABLE IF NOT EXISTS "{options.Schema}".quickstart_meta (
                    key    text PRIMARY KEY,
                    value  text NOT NULL);
                CREATE TABLE IF NOT EXISTS "{options.Schema}".quickstart_customers (
                    account_id  text COLLATE "C" PRIMARY KEY,
                    email       text NOT NULL);
                CREATE TABLE IF NOT EXISTS "{options.Schema}".quickstart_plans (
                    item_id     text COLLATE "C" PRIMARY KEY,
                    account_id  text COLLATE "C" NOT NULL,
                    pay_on      date NULL,
                    pay_share   numeric NOT NULL,
                    rest_on     date NULL);
                CREATE INDEX IF NOT EXISTS quickstart_plans_pay_on ON "{options.Schema}".quickstart_plans (pay_on);
                CREATE INDEX IF NOT EXISTS quickstart_plans_rest_on ON "{options.Schema}".quickstart_plans (rest_on);
                """, held))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new PostgresSampleStorage(dataSource, held, outboxLock, database, description);
        }
        catch
        {
            outboxLock?.Dispose();
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }

            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether the options' schema holds the sample's tables (read without creating anything).</summary>
    /// <exception cref="SampleUsageException">The connection string is not valid.</exception>
    public static async Task<bool> HoldsASampleAsync(SampleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(options.Postgres!);
        }
        catch (ArgumentException ex)
        {
            throw new SampleUsageException($"option --postgres must be an Npgsql connection string such as 'Host=localhost;Username=postgres;Database=cobranza': {ex.Message}");
        }

        await using (dataSource.ConfigureAwait(false))
        {
            await using var command = dataSource.CreateCommand("SELECT to_regclass(@table) IS NOT NULL");
            command.Parameters.AddWithValue("table", $"\"{options.Schema}\".quickstart_meta");
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }

    public string Description { get; }

    public IReceivableStore Store { get; }

    public ICollectionJournal Journal { get; }

    public async Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT value FROM {_schema}.quickstart_meta WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetMetaAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"INSERT INTO {_schema}.quickstart_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddCustomersAsync(IReadOnlyList<SampleCustomer> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customers);
        await using (var insert = _dataSource.CreateCommand($"INSERT INTO {_schema}.quickstart_customers (account_id, email) SELECT * FROM unnest(@ids, @emails) ON CONFLICT (account_id) DO NOTHING"))
        {
            insert.Parameters.AddWithValue("ids", customers.Select(c => c.AccountId).ToArray());
            insert.Parameters.AddWithValue("emails", customers.Select(c => c.Email).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Idempotent: an account opened by an interrupted initialisation is left as it is.
        var existing = await _accounts.LoadManyAsync([.. customers.Select(c => c.AccountId)], cancellationToken).ConfigureAwait(false);
        foreach (var customer in customers.Where(c => !existing.ContainsKey(c.AccountId)))
        {
            var profile = new CustomerProfile(customer.AccountId, customer.DisplayName, customer.Language, DateTimeZoneProviders.Tzdb[customer.TimeZoneId], customer.CalendarId);
            await _accounts.OpenAsync(customer.AccountId, customer.Currency, profile, wakeAt: null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddItemsAsync(IReadOnlyList<SampleItem> items, Instant wakeAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        await using (var plans = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.quickstart_plans (item_id, account_id, pay_on, pay_share, rest_on)
            SELECT * FROM unnest(@items, @accounts, @payOn, @shares, @restOn)
            ON CONFLICT (item_id) DO NOTHING
            """))
        {
            plans.Parameters.AddWithValue("items", items.Select(i => i.ItemId).ToArray());
            plans.Parameters.AddWithValue("accounts", items.Select(i => i.AccountId).ToArray());
            plans.Parameters.AddWithValue("payOn", NpgsqlDbType.Array | NpgsqlDbType.Date, items.Select(i => i.PayOn is { } d ? (object)new DateOnly(d.Year, d.Month, d.Day) : DBNull.Value).ToArray());
            plans.Parameters.AddWithValue("shares", items.Select(i => i.PayShare).ToArray());
            plans.Parameters.AddWithValue("restOn", NpgsqlDbType.Array | NpgsqlDbType.Date, items.Select(i => i.RestOn is { } d ? (object)new DateOnly(d.Year, d.Month, d.Day) : DBNull.Value).ToArray());
            await plans.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in items.GroupBy(i => i.AccountId, StringComparer.Ordinal))
        {
            var (account, version) = await _accounts.LoadWithVersionAsync(group.Key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"account '{group.Key}' is not in the store; the sample adds customers before their items.");
            var added = group
                .Where(i => !account.TryGetItem(i.ItemId, out _))
                .Select(i => (AccountEvent)new ItemAdded(new AccountItem(i.ItemId, i.InvoiceId, i.PortionIndex, i.IssueDate, i.DueDate, i.Amount)))
                .ToList();
            if (added.Count > 0)
            {
                await _accounts.AppendAsync(group.Key, version, added, wakeAt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task ApplyPlannedPaymentsAsync(LocalDate day, Instant wakeAt, CancellationToken cancellationToken)
    {
        var due = new List<(string ItemId, string AccountId, decimal Share, bool IsRest)>();
        await using (var select = _dataSource.CreateCommand($"""
            SELECT item_id, account_id, pay_share, rest_on IS NOT DISTINCT FROM @day
            FROM {_schema}.quickstart_plans
            WHERE pay_on = @day OR rest_on = @day
            ORDER BY account_id, item_id
            """))
        {
            select.Parameters.AddWithValue("day", new DateOnly(day.Year, day.Month, day.Day));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetBoolean(3)));
            }
        }

        foreach (var (itemId, accountId, share, isRest) in due)
        {
            var (account, version) = await _accounts.LoadWithVersionAsync(accountId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"account '{accountId}' of item '{itemId}' is not in the store.");
            if (PlannedPayment.Of(account, itemId, day, share, isRest) is { } payment)
            {
                await _accounts.AppendAsync(accountId, version, [payment], wakeAt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public string EmailOf(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        if (_emails.TryGetValue(accountId, out var cached))
        {
            return cached;
        }

        using var command = _dataSource.CreateCommand($"SELECT email FROM {_schema}.quickstart_customers WHERE account_id = @id");
        command.Parameters.AddWithValue("id", accountId);
        var email = command.ExecuteScalar() as string ?? throw new ArgumentException($"account '{accountId}' is not in the store.", nameof(accountId));
        return _emails.GetOrAdd(accountId, email);
    }

    public async Task<IReadOnlyList<CustomerAccount>> AllAccountsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var command = _dataSource.CreateCommand($"SELECT account_id FROM {_schema}.quickstart_customers ORDER BY account_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var accounts = new List<CustomerAccount>(ids.Count);
        foreach (var chunk in ids.Chunk(1000))
        {
            var loaded = await _accounts.LoadManyAsync(chunk, cancellationToken).ConfigureAwait(false);
            accounts.AddRange(chunk.Where(loaded.ContainsKey).Select(id => loaded[id]));
        }

        return accounts;
    }

    public async Task<int> ReleaseAbandonedClaimsAsync(CancellationToken cancellationToken)
    {
        // The journal's leases run on the database server's clock: ending one at its claim time makes it expired now.
        await using var command = _dataSource.CreateCommand($"UPDATE {_schema}.journal SET lease_expires_at = claimed_at WHERE state = 'Claimed' AND lease_expires_at > claimed_at");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every journal entry: key, action, outcome and reference (for <c>--audit</c>).</summary>
    public async Task<IReadOnlyList<(string Key, EscalationActionKind Action, DecisionOutcome State, string Reference)>> JournalEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<(string, EscalationActionKind, DecisionOutcome, string)>();
        await using var command = _dataSource.CreateCommand($"SELECT idempotency_key, action, state, COALESCE(reference, '') FROM {_schema}.journal");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add((reader.GetString(0), Enum.Parse<EscalationActionKind>(reader.GetString(1)), Enum.Parse<DecisionOutcome>(reader.GetString(2)), reader.GetString(3)));
        }

        return entries;
    }

    public IAccountLedgerStore LedgerAt(Instant wakeAt) => new PostgresAccountLedger(_accounts, wakeAt);

    public async Task<SampleReport> ReportAsync(LocalDate from, LocalDate through, CancellationToken cancellationToken)
    {
        var decisions = new List<(string, EscalationActionKind, NotificationChannel?, DecisionOutcome, int)>();
        await using (var command = _dataSource.CreateCommand($"""
            SELECT stage_id, action, channel, state, COUNT(*)::int FROM {_schema}.journal
            WHERE decided_at >= @from AND decided_at < @to
            GROUP BY stage_id, action, channel, state
            ORDER BY MIN(seq)
            """))
        {
            // Decisions made during the period (each simulated day runs at 15:00 UTC, so the day's window is [day, day+1)).
            command.Parameters.AddWithValue("from", from.AtStartOfDayInZone(DateTimeZone.Utc).ToDateTimeUtc());
            command.Parameters.AddWithValue("to", through.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToDateTimeUtc());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                decisions.Add((
                    reader.GetString(0),
                    Enum.Parse<EscalationActionKind>(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : Enum.Parse<NotificationChannel>(reader.GetString(2)),
                    Enum.Parse<DecisionOutcome>(reader.GetString(3)),
                    reader.GetInt32(4)));
            }
        }

        return SampleReport.FromAccounts(decisions, await AllAccountsAsync(cancellationToken).ConfigureAwait(false), from, through);
    }

    public async ValueTask DisposeAsync()
    {
        _outboxLock.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false); // closing the session releases the advisory lock
        await _database.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// The event store as the library's ready charge handlers need it (<see cref="IAccountLedgerStore"/>): the events are
/// appended if the account is still at the version the handler read, and the account wakes at <paramref name="wakeAt"/>
/// (the decision's instant) when they changed it.
/// </summary>
internal sealed class PostgresAccountLedger(PostgreSqlAccountStore accounts, Instant wakeAt) : IAccountLedgerStore
{
    public ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken) => accounts.LoadAsync(accountId, cancellationToken);

    public async ValueTask AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken)
        => await accounts.AppendAsync(accountId, expectedVersion, events, wakeAt, cancellationToken).ConfigureAwait(false);
}
