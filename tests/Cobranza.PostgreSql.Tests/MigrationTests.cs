using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Testing;
using NodaTime;

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
        Assert.Equal(PostgreSqlMigrations.KnownVersions, first);
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
            Assert.Equal(PostgreSqlMigrations.KnownVersions, results.SelectMany(r => r).OrderBy(v => v));
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

    [Fact]
    public async Task Apply_SchemaWithoutVersion5_AddsThePaidByIndex_AndAVersionBelowTheHighestAppliedIsAppliedToo()
    {
        // A schema migrated before migration 5, then one where a lower version is missing (a script numbered by a
        // change developed in parallel, merged after 5 was applied): each missing version is applied, once.
        var database = await NewDatabaseAsync("migv5");
        var schema = database.Options.QuotedSchema;
        await using (var undo = PostgresServer.DataSource.CreateCommand($"DROP INDEX {schema}.account_streams_paid_by; DELETE FROM {schema}.schema_migrations WHERE version = 5"))
        {
            await undo.ExecuteNonQueryAsync();
        }

        Assert.Equal([5], await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, database.Options));
        await using (var index = PostgresServer.DataSource.CreateCommand($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{database.Options.Schema}' AND indexname = 'account_streams_paid_by'"))
        {
            Assert.Contains("WHERE ((profile ->> 'paidByAccountId'::text) IS NOT NULL)", (string)(await index.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        await using (var undo = PostgresServer.DataSource.CreateCommand($"ALTER TABLE {schema}.journal DROP COLUMN provisional_interest; DELETE FROM {schema}.schema_migrations WHERE version = 3"))
        {
            await undo.ExecuteNonQueryAsync();
        }

        Assert.Equal([3], await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, database.Options));
        Assert.Empty(await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, database.Options));
        Assert.Equal(PostgreSqlMigrations.KnownVersions, await PostgreSqlMigrations.GetAppliedAsync(PostgresServer.DataSource, database.Options));
    }

    [Fact]
    public async Task Apply_Version3Schema_AddsSettlementFigures_OldRowsCarryNone()
    {
        // A version-3 schema with a journal row written then: today's schema with migration 4 undone.
        var database = await NewDatabaseAsync("migv3");
        var schema = database.Options.QuotedSchema;
        var at = Instant.FromUtc(2026, 3, 5, 9, 0);
        var lease = Duration.FromMinutes(5);
        var old = TestData.Decision("OLD", decidedAt: at);
        await new PostgreSqlCollectionJournal(database).ClaimAsync(new ClaimRequest(old, "w1", at, lease), CancellationToken.None);
        await using (var undo = PostgresServer.DataSource.CreateCommand(
            $"ALTER TABLE {schema}.journal DROP CONSTRAINT journal_settlement_whole, DROP COLUMN settled_by, DROP COLUMN paid_amount, DROP COLUMN credited_amount, DROP COLUMN remaining_amount; DELETE FROM {schema}.schema_migrations WHERE version = 4"))
        {
            await undo.ExecuteNonQueryAsync();
        }

        Assert.Equal([4], await PostgreSqlMigrations.ApplyAsync(PostgresServer.DataSource, database.Options));
        var journal = new PostgreSqlCollectionJournal(database);
        // A service-restored notice after a payment and a credit note the same day (issue 13): exact scales kept.
        var restored = TestData.Decision("NEW", stageId: "service-restored", decidedAt: at,
            settlement: new SettlementFigures(SettlementMeans.Payment | SettlementMeans.CreditNote, Money.Of(300.10m, Currency.EUR), Money.Of(500m, Currency.EUR), Money.Of(0.00m, Currency.EUR)));
        await journal.ClaimAsync(new ClaimRequest(restored, "w1", at, lease), CancellationToken.None);
        foreach (var key in new[] { old.IdempotencyKey, restored.IdempotencyKey })
        {
            await journal.RecordAsync(DispatchRecord.Failed(key, "w1", 1, at, "smtp down", at + Duration.FromMinutes(1)), CancellationToken.None); // due for retry: pending
        }

        var pending = await journal.GetPendingAsync(at + Duration.FromHours(1), Partition.All, 10, CancellationToken.None);
        var oldRead = pending.Single(p => p.Decision.AccountId == "OLD").Decision;
        Assert.Equal(old, oldRead);
        Assert.Null(oldRead.Settlement);
        var read = pending.Single(p => p.Decision.AccountId == "NEW").Decision;
        Assert.Equal(restored, read);
        Assert.Equal("300.10 0.00", FormattableString.Invariant($"{read.Settlement!.Paid.Amount} {read.Settlement.Remaining.Amount}")); // numeric keeps the scale

        // The columns come and go together: half a settlement is refused by the database.
        await using var half = PostgresServer.DataSource.CreateCommand($"UPDATE {schema}.journal SET paid_amount = NULL WHERE account_id = 'NEW'");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => half.ExecuteNonQueryAsync());
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
