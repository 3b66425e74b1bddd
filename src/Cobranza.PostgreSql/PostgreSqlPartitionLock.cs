using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Npgsql;

namespace Cobranza.PostgreSql;

/// <summary>
/// Exclusive ownership of one partition across processes and machines: a session-level PostgreSQL advisory lock on
/// its own connection, keyed by schema, partition index and count. Hold it for the duration of a cycle
/// (<c>await using var held = await PostgreSqlPartitionLock.TryAcquireAsync(db, partition)</c>; run when it is not
/// null). The lock is released by <see cref="DisposeAsync"/> or, if the process dies, when the server notices the
/// closed connection — no lease to expire, no stale owner.
/// </summary>
public sealed class PostgreSqlPartitionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private PostgreSqlPartitionLock(NpgsqlConnection connection, long key, Partition partition)
    {
        _connection = connection;
        _key = key;
        Partition = partition;
    }

    /// <summary>The partition held.</summary>
    public Partition Partition { get; }

    /// <summary>Takes the partition's lock if nobody holds it.</summary>
    /// <param name="database">The database.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The held lock, or <see langword="null"/> when another session holds it.</returns>
    /// <exception cref="ArgumentNullException">database is null.</exception>
    public static async Task<PostgreSqlPartitionLock?> TryAcquireAsync(PostgreSqlDatabase database, Partition partition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        partition = partition.Count == 0 ? Partition.All : partition;
        var key = KeyOf(database.Options.Schema, partition);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new PostgreSqlPartitionLock(connection, key, partition);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Releases the lock and returns the connection to the pool.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync().ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>FNV-1a-64 of "cobranza.partition:{schema}:{index}/{count}".</summary>
    internal static long KeyOf(string schema, Partition partition)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"cobranza.partition:{schema}:{partition.Index}/{partition.Count}"))
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return unchecked((long)hash);
    }
}
