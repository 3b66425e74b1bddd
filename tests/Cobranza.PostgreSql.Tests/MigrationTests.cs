using System;
using System.Linq;
using System.Threading.Tasks;

namespace Cobranza.PostgreSql.Tests;

public sealed class MigrationTests : DatabaseTestBase
{
    [Fact]
    public async Task Apply_Twice_SecondAppliesNothing()
    {
        var schema = PostgresServer.NewSchema("mig");
        Schemas.Add(schema);
        var options = new PostgreSqlOptions { Schema = schema };
        Assert.Empty(await PostgreSqlMigrations.GetAppliedAsync(PostgresServer.DataSource, options));
        var first = await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, options);
        var second = await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, options);
        Assert.Equal(Enumerable.Range(1, PostgreSqlMigrations.LatestVersion), first);
        Assert.Empty(second);
        Assert.Equal(first, await PostgreSqlMigrations.GetAppliedAsync(PostgresServer.DataSource, options));
    }

    [Fact]
    public async Task Apply_EightProcessesAtOnce_EachVersionAppliedExactlyOnce()
    {
        // Eight independent data sources stand for eight processes starting together: without the advisory lock,
        // CREATE TABLE would race (duplicate key in pg_type / "relation already exists").
        var schema = PostgresServer.NewSchema("migrace");
        Schemas.Add(schema);
        var options = new PostgreSqlOptions { Schema = schema };
        var sources = Enumerable.Range(0, 8).Select(_ => Npgsql.NpgsqlDataSource.Create(PostgresServer.ConnectionString)).ToArray();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => Task.Run(() => PostgreSqlMigrations.ApplyAsync(s, options))));
            Assert.Equal(Enumerable.Range(1, PostgreSqlMigrations.LatestVersion), results.SelectMany(r => r).OrderBy(v => v));
            Assert.Single(results, r => r.Count > 0);
        }
        finally
        {
            foreach (var s in sources)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Apply_DatabaseMigratedByNewerPackage_RefusedWithVersions()
    {
        var database = await NewDatabaseAsync("mignew");
        await using (var command = PostgresServer.DataSource.CreateCommand($"INSERT INTO \"{database.Options.Schema}\".schema_migrations (version, name) VALUES (999, 'future')"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cobranza")]
    [InlineData("a-b")]
    [InlineData("x; DROP TABLE y")]
    [InlineData("")]
    public void Options_SchemaNotPlainIdentifier_Rejected(string schema)
    {
        var e = Assert.Throws<ArgumentException>(() => new PostgreSqlOptions { Schema = schema });
        Assert.Equal("Schema", e.ParamName);
    }
}
