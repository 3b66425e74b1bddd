using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Cobranza.PostgreSql;

/// <summary>
/// Versioned schema migrations: plain ordered SQL scripts embedded in this assembly (<c>Migrations/NNNN_name.sql</c>)
/// and a version table (<c>schema_migrations</c>) in the configured schema. <see cref="ApplyAsync"/> is idempotent and
/// safe when several processes start at once: it runs in one transaction under a transaction-level advisory lock
/// keyed by the schema name, so the second process waits, then finds every version applied.
/// </summary>
/// <remarks>
/// Versions are unique and ascending; a number may be missing (one reserved by a change developed in parallel). Every
/// known version the database has not applied is applied, in ascending order, even one below the highest applied (a
/// database migrated before the missing script arrived gets it on the next start): each script only adds, and never
/// depends on a script numbered after it.
/// </remarks>
public static class PostgreSqlMigrations
{
    private static readonly Lazy<ImmutableArray<Migration>> Scripts = new(LoadScripts);

    /// <summary>The latest schema version this assembly knows.</summary>
    public static int LatestVersion => Scripts.Value[^1].Version;

    /// <summary>Every schema version this assembly knows, ascending (a number may be missing: see the remarks of <see cref="PostgreSqlMigrations"/>).</summary>
    internal static ImmutableArray<int> KnownVersions => [.. Scripts.Value.Select(m => m.Version)];

    /// <summary>Applies the migrations the database has not applied yet, in version order.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <param name="cancellationToken">Cancels the work (the transaction is rolled back).</param>
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    /// <exception cref="ArgumentNullException">dataSource is null.</exception>
    /// <exception cref="InvalidOperationException">The database has a version this assembly does not know (a newer package migrated it).</exception>
    public static async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, PostgreSqlOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= PostgreSqlOptions.Default;
        var schema = options.QuotedSchema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey(options.Schema));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version     integer     PRIMARY KEY,
                name        text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT clock_timestamp());
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var unknown = applied.Where(v => v > LatestVersion).OrderBy(v => v).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"schema '{options.Schema}' has migration version {unknown[^1]}, newer than this Cobranza.PostgreSql knows ({LatestVersion}); upgrade the package in every process.");
        }

        var done = new List<int>();
        foreach (var migration in Scripts.Value.Where(m => !applied.Contains(m.Version)))
        {
            await using (var apply = new NpgsqlCommand(migration.Sql.Replace("{schema}", schema, StringComparison.Ordinal), connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version, name) VALUES (@version, @name)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    /// <summary>The versions applied to the database, in order (empty when the schema was never migrated).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The applied versions.</returns>
    /// <exception cref="ArgumentNullException">dataSource is null.</exception>
    public static async Task<IReadOnlyList<int>> GetAppliedAsync(NpgsqlDataSource dataSource, PostgreSqlOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= PostgreSqlOptions.Default;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", options.QuotedSchema + ".schema_migrations");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return [];
        }

        await using var read = new NpgsqlCommand($"SELECT version FROM {options.QuotedSchema}.schema_migrations ORDER BY version", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    /// <summary>The advisory lock key of a schema's migrations: FNV-1a-64 of "cobranza.migrations:" + schema.</summary>
    internal static long LockKey(string schema)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("cobranza.migrations:" + schema))
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return unchecked((long)hash);
    }

    private static ImmutableArray<Migration> LoadScripts()
    {
        var assembly = typeof(PostgreSqlMigrations).Assembly;
        const string prefix = "Cobranza.PostgreSql.Migrations.";
        var scripts = new List<Migration>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = name[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version < 1 || (i > 0 && scripts[i].Version == scripts[i - 1].Version))
            {
                throw new InvalidOperationException(scripts[i].Version < 1
                    ? $"migration script '{scripts[i].Name}' has version {scripts[i].Version}; versions start at 1."
                    : $"migration scripts '{scripts[i - 1].Name}' and '{scripts[i].Name}' have the same version {scripts[i].Version}.");
            }
        }

        return [.. scripts];
    }

    private sealed record Migration(int Version, string Name, string Sql);
}
