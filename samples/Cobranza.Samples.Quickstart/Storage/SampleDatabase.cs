using System;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// The sample's embedded SQLite database: schema creation and connections. Money is stored as invariant decimal
/// TEXT (never REAL), dates as ISO-8601 TEXT, instants as INTEGER ticks since the Unix epoch (sortable, exact).
/// The outbox is the folder of .eml files (one per idempotency key); the journal's reference column names each file.
/// </summary>
internal sealed class SampleDatabase
{
    internal const int SchemaVersion = 6;

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS accounts (
            account_id          TEXT PRIMARY KEY,
            display_name        TEXT NOT NULL,
            language            TEXT NOT NULL,
            time_zone           TEXT NOT NULL,
            calendar_id         TEXT NOT NULL,
            currency            TEXT NOT NULL,
            email               TEXT NOT NULL,
            behaviour           TEXT NOT NULL,
            partition_hash      INTEGER NOT NULL,
            next_evaluation_at  INTEGER NULL,
            unapplied_credit    TEXT NOT NULL DEFAULT '0',
            version             INTEGER NOT NULL DEFAULT 0,
            paid_by_account_id  TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_accounts_due ON accounts (next_evaluation_at, account_id)
            WHERE next_evaluation_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS items (
            item_id            TEXT PRIMARY KEY,
            account_id         TEXT NOT NULL REFERENCES accounts (account_id),
            invoice_id         TEXT NOT NULL,
            portion_index      INTEGER NOT NULL,
            issue_date         TEXT NOT NULL,
            due_date           TEXT NOT NULL,
            amount             TEXT NOT NULL,
            principal_paid     TEXT NOT NULL DEFAULT '0',
            interest_charged   TEXT NOT NULL DEFAULT '0',
            interest_paid      TEXT NOT NULL DEFAULT '0',
            fees_charged       TEXT NOT NULL DEFAULT '0',
            fees_paid          TEXT NOT NULL DEFAULT '0',
            credited           TEXT NOT NULL DEFAULT '0',
            discount_taken     TEXT NOT NULL DEFAULT '0',
            interest_posted_through TEXT NULL,
            settled_on         TEXT NULL,
            pay_on             TEXT NULL,
            pay_share          TEXT NULL,
            rest_on            TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_items_account ON items (account_id);
        CREATE TABLE IF NOT EXISTS payments (
            reference    TEXT PRIMARY KEY,
            account_id   TEXT NOT NULL REFERENCES accounts (account_id),
            received_on  TEXT NOT NULL,
            amount       TEXT NOT NULL,
            method       TEXT NULL);
        CREATE TABLE IF NOT EXISTS allocations (
            reference    TEXT NOT NULL REFERENCES payments (reference),
            item_id      TEXT NOT NULL REFERENCES items (item_id),
            fees         TEXT NOT NULL,
            interest     TEXT NOT NULL,
            principal    TEXT NOT NULL,
            discount     TEXT NOT NULL,
            PRIMARY KEY (reference, item_id));
        CREATE TABLE IF NOT EXISTS journal (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key   TEXT NOT NULL UNIQUE,
            account_id        TEXT NOT NULL,
            partition_hash    INTEGER NOT NULL,
            policy_id         TEXT NOT NULL,
            policy_version    INTEGER NOT NULL,
            stage_id          TEXT NOT NULL,
            action            INTEGER NOT NULL,
            tone              INTEGER NOT NULL,
            channel           INTEGER NULL,
            template_key      TEXT NULL,
            language          TEXT NOT NULL,
            item_ids          TEXT NOT NULL,
            currency          TEXT NOT NULL,
            principal_amount  TEXT NOT NULL,
            interest_amount   TEXT NOT NULL,
            fee_amount        TEXT NOT NULL,
            open_balance      TEXT NOT NULL,
            charges           TEXT NOT NULL DEFAULT '[]',
            provisional_interest TEXT NOT NULL DEFAULT '[]',
            settled_by        INTEGER NULL,
            paid_amount       TEXT NULL,
            credited_amount   TEXT NULL,
            remaining_amount  TEXT NULL,
            occurrence        INTEGER NOT NULL,
            decided_at        INTEGER NOT NULL,
            not_before        INTEGER NOT NULL,
            explanation       TEXT NOT NULL,
            promised_date     TEXT NULL,
            state             INTEGER NOT NULL,
            attempts          INTEGER NOT NULL,
            worker_id         TEXT NOT NULL,
            lease_expires_at  INTEGER NULL,
            retry_at          INTEGER NULL,
            last_error        TEXT NULL,
            reference         TEXT NULL,
            recorded_at       INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_journal_account ON journal (account_id, seq);
        CREATE TABLE IF NOT EXISTS charges (
            charge_key   TEXT NOT NULL,
            account_id   TEXT NOT NULL REFERENCES accounts (account_id),
            item_id      TEXT NOT NULL REFERENCES items (item_id),
            charged_on   TEXT NOT NULL,
            kind         INTEGER NOT NULL,
            amount       TEXT NOT NULL,
            description  TEXT NOT NULL,
            through      TEXT NULL,
            PRIMARY KEY (account_id, charge_key));
        """;

    private readonly string _connectionString;

    /// <summary>Opens (creating when missing) the database file at <paramref name="path"/>.</summary>
    public SampleDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        var stored = GetMeta(connection, "schema_version");
        if (stored is null)
        {
            SetMeta(connection, "schema_version", SchemaVersion.ToString(CultureInfo.InvariantCulture));
        }
        else if (stored is "2" or "3" or "4" or "5")
        {
            // Each step in its own transaction: a file interrupted between two is at the version of the last one done.
            int from = int.Parse(stored, CultureInfo.InvariantCulture);
            if (from <= 2)
            {
                MigrateFrom2(connection);
            }

            if (from <= 3)
            {
                MigrateFrom3(connection);
            }

            if (from <= 4)
            {
                MigrateFrom4(connection);
            }

            MigrateFrom5(connection);
        }
        else if (stored != SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"database '{Path}' has schema version {stored}, this sample expects {SchemaVersion}; run with --reset.");
        }

        // After the upgrades, when every file has the column.
        using var index = connection.CreateCommand();
        index.CommandText = PaidByIndex;
        index.ExecuteNonQuery();
    }

    /// <summary>The paid accounts of a payer (<see cref="SqliteReceivableStore.LoadPaidAccountsAsync"/>): an index over the few accounts that have one.</summary>
    private const string PaidByIndex = """
        CREATE INDEX IF NOT EXISTS ix_accounts_paid_by ON accounts (paid_by_account_id, account_id)
            WHERE paid_by_account_id IS NOT NULL;
        """;

    /// <summary>
    /// Version 2 → 3 (decision amounts by meaning, docs/CHANGELOG.md): the journal's <c>overdue_amount</c> becomes
    /// <c>principal_amount</c>, and <c>open_balance</c> and <c>charges</c> (the postings of a charge action, JSON) are added.
    /// A version-2 row's amount was the outstanding of the overdue items (principal with posted interest and fees): it
    /// is kept as the principal, its open balance is that plus the interest and fee stated, and it carries no postings.
    /// One transaction: the file is either version 2 or version 3.
    /// </summary>
    private static void MigrateFrom2(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            ALTER TABLE journal RENAME COLUMN overdue_amount TO principal_amount;
            ALTER TABLE journal ADD COLUMN open_balance TEXT NOT NULL DEFAULT '0';
            ALTER TABLE journal ADD COLUMN charges TEXT NOT NULL DEFAULT '[]';
            """;
        command.ExecuteNonQuery();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT seq, principal_amount, interest_amount, fee_amount FROM journal";
            var rows = new System.Collections.Generic.List<(long Seq, decimal Open)>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), Sql.Decimal(reader.GetString(1)) + Sql.Decimal(reader.GetString(2)) + Sql.Decimal(reader.GetString(3))));
                }
            }

            foreach (var (seq, open) in rows)
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE journal SET open_balance = $open WHERE seq = $seq";
                update.Parameters.AddWithValue("$open", Sql.Decimal(open));
                update.Parameters.AddWithValue("$seq", seq);
                update.ExecuteNonQuery();
            }
        }

        SetMeta(connection, "schema_version", "3", transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Version 3 → 4 (provisional interest, issue 16): the journal gains <c>provisional_interest</c> (JSON, the days a
    /// decision's interest used a carried-forward rate); rows written before used published rates only (<c>[]</c>).
    /// </summary>
    private static void MigrateFrom3(SqliteConnection connection)
        => AlterToVersion(connection, "ALTER TABLE journal ADD COLUMN provisional_interest TEXT NOT NULL DEFAULT '[]';", 4);

    /// <summary>
    /// Version 4 → 5 (settlement figures, issue 13): the journal gains <c>settled_by</c>, <c>paid_amount</c>,
    /// <c>credited_amount</c> and <c>remaining_amount</c> (<see cref="Cobranza.Core.Escalation.EscalationDecision.Settlement"/>
    /// of a payment-event notice). Rows written before carry none (NULL): a pending one is evaluated again before it is
    /// retried, which gives the figures; the renderer refuses a payment-event decision without them rather than guess.
    /// </summary>
    private static void MigrateFrom4(SqliteConnection connection)
        => AlterToVersion(connection, """
            ALTER TABLE journal ADD COLUMN settled_by INTEGER NULL;
            ALTER TABLE journal ADD COLUMN paid_amount TEXT NULL;
            ALTER TABLE journal ADD COLUMN credited_amount TEXT NULL;
            ALTER TABLE journal ADD COLUMN remaining_amount TEXT NULL;
            """, 5);

    /// <summary>
    /// Version 5 → 6 (account hierarchies, docs/decisions/0025): <c>accounts</c> gains <c>paid_by_account_id</c>
    /// (<see cref="Cobranza.Core.Receivables.CustomerProfile.PaidByAccountId"/>); accounts stored before pay their own
    /// invoices (NULL), as they did. The index on it is created after the upgrades.
    /// </summary>
    private static void MigrateFrom5(SqliteConnection connection)
        => AlterToVersion(connection, "ALTER TABLE accounts ADD COLUMN paid_by_account_id TEXT NULL;", 6);

    /// <summary>An upgrade step that only alters tables: the statements and the new version in one transaction.</summary>
    private static void AlterToVersion(SqliteConnection connection, string statements, int version)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statements;
        command.ExecuteNonQuery();
        SetMeta(connection, "schema_version", version.ToString(CultureInfo.InvariantCulture), transaction);
        transaction.Commit();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Deletes the database file and its WAL companions.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            var file = System.IO.Path.GetFullPath(path) + suffix;
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Opens a connection (pooled) with a busy timeout and foreign keys on.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public string? GetMeta(string key)
    {
        using var connection = Open();
        return GetMeta(connection, key);
    }

    public void SetMeta(string key, string value)
    {
        using var connection = Open();
        SetMeta(connection, key, value);
    }

    internal static string? GetMeta(SqliteConnection connection, string key, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    internal static void SetMeta(SqliteConnection connection, string key, string value, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}

/// <summary>Exact conversions between domain values and SQLite columns.</summary>
internal static class Sql
{
    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    public static long Ticks(Instant instant) => instant.ToUnixTimeTicks();

    public static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);

    public static object Nullable(object? value) => value ?? DBNull.Value;
}
