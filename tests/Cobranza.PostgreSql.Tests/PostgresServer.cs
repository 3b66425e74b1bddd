using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Cobranza.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the connection string in COBRANZA_POSTGRES. Without it every test
/// fails with the way to start one (never skipped: in CI a missing server is a failure). Each test gets its own schema.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "COBRANZA_POSTGRES";

    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => NpgsqlDataSource.Create(ConnectionString));
    private static int _counter;

    public static string ConnectionString
        => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No PostgreSQL server for the Cobranza.PostgreSql tests: set {Variable} to an Npgsql connection string " +
                "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=cobranza), or start a throwaway cluster with " +
                "`source .ci/postgres.sh && cobranza_postgres_start` (installs the Debian postgresql package if missing and exports it), " +
                "then `cobranza_postgres_stop` when done. .ci/run does this before `dotnet test`.");

    public static NpgsqlDataSource DataSource => Shared.Value;

    /// <summary>A schema name no other test uses (dropped by <see cref="DropAsync"/>).</summary>
    public static string NewSchema(string prefix)
        => string.Create(CultureInfo.InvariantCulture, $"t_{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");

    /// <summary>A migrated database in a fresh schema.</summary>
    public static async Task<PostgreSqlDatabase> NewDatabaseAsync(string prefix, LeaseClock clock = LeaseClock.Database, ConcurrentBag<string>? created = null, NodaTime.IClock? journalClock = null)
    {
        var schema = NewSchema(prefix);
        created?.Add(schema);
        var database = new PostgreSqlDatabase(DataSource, new PostgreSqlOptions { Schema = schema, LeaseClock = clock, Clock = journalClock });
        await database.MigrateAsync();
        return database;
    }

    public static async Task DropAsync(string schema)
    {
        await using var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
