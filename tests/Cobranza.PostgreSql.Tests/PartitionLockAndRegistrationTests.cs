using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.PostgreSql.Tests;

public sealed class PartitionLockAndRegistrationTests : DatabaseTestBase
{
    [Fact]
    public async Task TryAcquire_HeldElsewhere_NullUntilReleased()
    {
        var database = await NewDatabaseAsync("lock");
        var other = new PostgreSqlDatabase(PostgresServer.ConnectionString, database.Options);
        await using var _ = other;
        var held = await PostgreSqlPartitionLock.TryAcquireAsync(database, new Partition(1, 4));
        Assert.NotNull(held);
        Assert.Null(await PostgreSqlPartitionLock.TryAcquireAsync(other, new Partition(1, 4)));
        await using (var neighbour = await PostgreSqlPartitionLock.TryAcquireAsync(other, new Partition(2, 4)))
        {
            Assert.NotNull(neighbour);
        }

        await held!.DisposeAsync();
        await using var again = await PostgreSqlPartitionLock.TryAcquireAsync(other, new Partition(1, 4));
        Assert.NotNull(again);
    }

    [Fact]
    public async Task UsePostgreSql_ConnectionString_RegistersMigratedAdapters()
    {
        var schema = PostgresServer.NewSchema("di");
        Schemas.Add(schema);
        var services = new ServiceCollection();
        services.AddCobranza(b => b.UsePostgreSql(PostgresServer.ConnectionString, new PostgreSqlOptions { Schema = schema }));
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgreSqlCollectionJournal>(provider.GetRequiredService<ICollectionJournal>());
        Assert.IsType<PostgreSqlReceivableStore>(provider.GetRequiredService<IReceivableStore>());
        Assert.NotNull(provider.GetRequiredService<PostgreSqlAccountStore>());
        // Every shipped migration, in order (0001 initial, 0002 decision amounts, 0003 provisional interest, 0004 settlement figures, 0005 paid-by index).
        Assert.Equal([1, 2, 3, 4, 5], await PostgreSqlMigrations.GetAppliedAsync(PostgresServer.DataSource, new PostgreSqlOptions { Schema = schema }));
        Assert.Equal(5, PostgreSqlMigrations.LatestVersion);
    }
}
