using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// The PostgreSQL server of the <c>--postgres</c> tests: the connection string in COBRANZA_POSTGRES, as for the
/// Cobranza.PostgreSql tests. Without it these tests fail with the way to start one (never skipped: in CI a missing
/// server is a failure). Each test runs the sample in a schema of its own and drops it.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "COBRANZA_POSTGRES";

    private static int _counter;

    public static string ConnectionString
        => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No PostgreSQL server for the quickstart's --postgres tests: set {Variable} to an Npgsql connection string " +
                "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=cobranza), or start a throwaway cluster with " +
                "`source .ci/postgres.sh && cobranza_postgres_start` (it exports the variable), then `cobranza_postgres_stop` when done.");

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchema(string prefix)
        => string.Create(CultureInfo.InvariantCulture, $"q_{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");

    public static async Task DropAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
