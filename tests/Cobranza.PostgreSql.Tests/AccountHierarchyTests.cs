using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.Conformance;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

/// <summary>The hierarchy conformance suite against the real server: the receivable store over the event store.</summary>
public sealed class PostgreSqlAccountHierarchyConformance : AccountHierarchyStoreConformanceTests, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<IAccountHierarchyStore> CreateStoreAsync(IReadOnlyList<CustomerAccount> accounts)
    {
        var database = await PostgresServer.NewDatabaseAsync("hier", created: _schemas);
        var events = new PostgreSqlAccountStore(database);
        foreach (var account in accounts)
        {
            await Seeding.AddAsync(events, account);
        }

        return new PostgreSqlReceivableStore(database, events);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await PostgresServer.DropAsync(schema);
        }
    }
}

/// <summary>
/// Issue 20, shape 7 on PostgreSQL: a payer and the accounts it pays for stored in the event store are dunned together
/// (before, <see cref="PostgreSqlReceivableStore"/> did not implement <see cref="IAccountHierarchyStore"/> and every paid
/// account failed and stayed due); a host's snapshot source without hierarchies refuses a paid account instead of
/// finding no paid accounts without a word.
/// </summary>
public sealed class AccountHierarchyTests : DatabaseTestBase
{
    private static readonly LocalDate Due = new(2026, 4, 15);
    private static readonly DateTimeZone Madrid = DateTimeZoneProviders.Tzdb["Europe/Madrid"];

    private static Instant Day(LocalDate date) => Madrid.AtStrictly(date.At(new LocalTime(10, 0))).ToInstant();

    private static CustomerProfile Profile(string id, string name, string? paidBy = null)
        => new CustomerProfile(id, name, Language.FromTag("es-ES"), Madrid, "ES") { PaidByAccountId = paidBy };

    private static AccountItem Item(string id, decimal amount) => new(id, "F-" + id, 0, Due.PlusDays(-30), Due, Money.Of(amount, Currency.EUR));

    private static (InMemoryNotificationSender Sender, CollectionRunner Runner) Host(PostgreSqlDatabase database, IReceivableStore store)
    {
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store, new PostgreSqlCollectionJournal(database),
            new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);
        return (sender, runner);
    }

    private static async Task SeedGroupAsync(PostgreSqlAccountStore events)
    {
        var at = Day(Due.PlusDays(-5));
        await events.OpenAsync("GRP", Currency.EUR, Profile("C-GRP", "Grupo Ruiz S.A."), at);
        await events.AppendAsync("GRP", 0, [new ItemAdded(Item("A", 1000m))], at);
        await events.OpenAsync("N", Currency.EUR, Profile("C-N", "Ruiz Norte S.L.", paidBy: "GRP"), at);
        await events.AppendAsync("N", 0, [new ItemAdded(Item("A", 500m))], at); // the payer's item id again: qualified as N/A
        await events.OpenAsync("S", Currency.EUR, Profile("C-S", "Ruiz Sur S.L.", paidBy: "GRP"), at);
        await events.AppendAsync("S", 0, [new ItemAdded(Item("B", 250m))], at);
    }

    private static async Task<Instant?> WakeUpAsync(PostgreSqlDatabase database, string accountId)
    {
        await using var command = PostgresServer.DataSource.CreateCommand($"SELECT next_evaluation_at FROM {database.Options.QuotedSchema}.schedule WHERE account_id = @id");
        command.Parameters.AddWithValue("id", accountId);
        var value = await command.ExecuteScalarAsync();
        return value is DateTime at ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    [Fact]
    public async Task RunCycle_PayerAndTwoPaidAccountsInPostgreSql_NoticesOnlyToThePayerEachKeyOnce()
    {
        var database = await NewDatabaseAsync("hierrun");
        var events = new PostgreSqlAccountStore(database);
        await SeedGroupAsync(events);
        var (sender, runner) = Host(database, new PostgreSqlReceivableStore(database, events));

        var failures = new List<string>();
        for (var day = Due.PlusDays(-5); day <= Due.PlusDays(40); day = day.PlusDays(1))
        {
            var summary = await runner.RunCycleAsync(Day(day), RunOptions.Default);
            failures.AddRange(summary.AccountFailures.Select(f => f.ToString()));
        }

        Assert.Empty(failures);
        var sent = sender.Sent;
        Assert.NotEmpty(sent);
        Assert.All(sent, m => Assert.Equal(("GRP", "C-GRP"), (m.Decision.AccountId, m.Customer.Id)));
        Assert.All(sent.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));
        Assert.Contains(sent, m => m.Decision.ItemIds.SequenceEqual(new[] { "A", "N/A", "S/B" }));
        Assert.Equal(1750m, sent.Max(m => m.Decision.AmountDue.Amount)); // 1000 + 500 + 250, every item overdue
        Assert.Null(await WakeUpAsync(database, "N"));
        Assert.Null(await WakeUpAsync(database, "S"));

        // An event on a paid account (an invoice to the south) makes it due; the run wakes the payer, whose next notice
        // lists the new invoice; a second process on the same day sends nothing again.
        var day41 = Day(Due.PlusDays(41));
        var (_, version) = (await events.LoadWithVersionAsync("S"))!.Value;
        await events.AppendAsync("S", version, [new ItemAdded(new AccountItem("C", "F-C", 0, Due, Due.PlusDays(10), Money.Of(99.99m, Currency.EUR)))], day41);
        Assert.Equal(day41, await WakeUpAsync(database, "S"));
        Assert.Empty((await runner.RunCycleAsync(day41, RunOptions.Default)).AccountFailures);
        Assert.Null(await WakeUpAsync(database, "S"));
        Assert.Equal(day41, await WakeUpAsync(database, "GRP"));
        var (again, restarted) = Host(database, new PostgreSqlReceivableStore(database, events));
        for (var day = Due.PlusDays(41); day <= Due.PlusDays(60); day = day.PlusDays(1))
        {
            Assert.Empty((await runner.RunCycleAsync(Day(day), RunOptions.Default)).AccountFailures);
            Assert.Empty((await restarted.RunCycleAsync(Day(day), RunOptions.Default)).AccountFailures);
        }

        var all = sender.Sent.Concat(again.Sent).ToArray();
        Assert.All(all, m => Assert.Equal("C-GRP", m.Customer.Id));
        Assert.All(all.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));
        Assert.NotEqual(day41, await WakeUpAsync(database, "GRP")); // evaluated since it was woken
        var store = new PostgreSqlReceivableStore(database, events);
        var consolidated = AccountHierarchy.Consolidate((await store.LoadAccountAsync("GRP", CancellationToken.None))!, await store.LoadPaidAccountsAsync("GRP", CancellationToken.None));
        Assert.Equal(new[] { "A", "N/A", "S/B", "S/C" }, consolidated.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task LoadPaidAccounts_ServedByThePartialIndex()
    {
        var database = await NewDatabaseAsync("hieridx");
        await SeedGroupAsync(new PostgreSqlAccountStore(database));
        await using var connection = await PostgresServer.DataSource.OpenConnectionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new Npgsql.NpgsqlCommand($"EXPLAIN SELECT account_id FROM {database.Options.QuotedSchema}.account_streams s WHERE (s.profile->>'paidByAccountId') = 'GRP' ORDER BY account_id", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("account_streams_paid_by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunCycle_HostSourceWithoutHierarchies_PaidAccountsFailAndStayDue_PayerDunnedForItsOwnItems()
    {
        var database = await NewDatabaseAsync("hierhost");
        var events = new PostgreSqlAccountStore(database);
        await SeedGroupAsync(events);
        var store = new PostgreSqlReceivableStore(database, new HostSource(events));
        var (sender, runner) = Host(database, store);

        var summary = await runner.RunCycleAsync(Day(Due.PlusDays(5)), RunOptions.Default);
        Assert.Equal(new[] { "N", "S" }, summary.AccountFailures.Select(f => f.AccountId).Order(StringComparer.Ordinal));
        Assert.All(summary.AccountFailures, f => Assert.Contains("snapshot source (HostSource) does not implement IAccountHierarchyStore", f.Error, StringComparison.Ordinal));
        Assert.Equal(Day(Due.PlusDays(-5)), await WakeUpAsync(database, "N"));
        Assert.Equal(Day(Due.PlusDays(-5)), await WakeUpAsync(database, "S"));
        Assert.NotEmpty(sender.Sent);
        Assert.All(sender.Sent, m => Assert.Equal(new[] { "A" }, m.Decision.ItemIds.ToArray()));
        Assert.Empty(await store.LoadPaidAccountsAsync("GRP", CancellationToken.None));
        Assert.NotNull(await store.LoadAccountAsync("GRP", CancellationToken.None));
    }

    /// <summary>A host's own source: the same snapshots, without <see cref="IAccountHierarchyStore"/>.</summary>
    private sealed class HostSource(PostgreSqlAccountStore inner) : IAccountSnapshotSource
    {
        public ValueTask<IReadOnlyDictionary<string, CustomerAccount>> LoadManyAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken) => inner.LoadManyAsync(accountIds, cancellationToken);

        public ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken) => inner.LoadAsync(accountId, cancellationToken);
    }
}
