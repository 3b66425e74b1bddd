using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace Cobranza.PostgreSql.Tests;

/// <summary>Drops the schemas a test created.</summary>
public abstract class DatabaseTestBase : IAsyncLifetime
{
    protected ConcurrentBag<string> Schemas { get; } = [];

    protected Task<PostgreSqlDatabase> NewDatabaseAsync(string prefix, LeaseClock clock = LeaseClock.Database)
        => PostgresServer.NewDatabaseAsync(prefix, clock, Schemas);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in Schemas)
        {
            await PostgresServer.DropAsync(schema);
        }
    }
}
