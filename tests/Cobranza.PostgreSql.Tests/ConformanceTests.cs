using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Testing.Conformance;

namespace Cobranza.PostgreSql.Tests;

/// <summary>The Cobranza.Testing store suite against the real server: schedule + event-sourced snapshots.</summary>
public sealed class PostgreSqlStoreConformance : ReceivableStoreConformanceTests, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<IReceivableStore> CreateStoreAsync(IReadOnlyList<StoreSeed> accounts)
    {
        var database = await PostgresServer.NewDatabaseAsync("store", created: _schemas);
        var events = new PostgreSqlAccountStore(database);
        var store = new PostgreSqlReceivableStore(database, events);
        foreach (var seed in accounts)
        {
            await Seeding.AddAsync(events, seed.Account);
        }

        await store.SaveNextEvaluationsAsync(accounts.Select(s => new NextEvaluation(s.Account.Id, s.NextEvaluationAt)).ToList(), default);
        return store;
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

/// <summary>The Cobranza.Testing journal suite against the real server, the journal's clock being the suite's manual clock.</summary>
public sealed class PostgreSqlJournalConformance : CollectionJournalConformanceTests, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<ICollectionJournal> CreateJournalAsync(NodaTime.IClock clock)
        => new PostgreSqlCollectionJournal(await PostgresServer.NewDatabaseAsync("journal", LeaseClock.Database, _schemas, clock));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await PostgresServer.DropAsync(schema);
        }
    }
}

/// <summary>The Cobranza.Testing ledger suite against the event store (what the ready charge handlers post to).</summary>
public sealed class PostgreSqlAccountLedgerConformance : AccountLedgerStoreConformanceTests, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<IAccountLedgerStore> CreateLedgerStoreAsync(IReadOnlyList<CustomerAccount> accounts)
    {
        var store = new PostgreSqlAccountStore(await PostgresServer.NewDatabaseAsync("ledger", created: _schemas));
        foreach (var account in accounts)
        {
            await Seeding.AddAsync(store, account);
        }

        return store;
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

/// <summary>Puts a fresh-item snapshot into the event store as ItemAdded events.</summary>
internal static class Seeding
{
    public static async Task AddAsync(PostgreSqlAccountStore store, CustomerAccount account)
    {
        await store.OpenAsync(account.Id, account.Currency, account.Customer, wakeAt: null);
        if (account.Items.Length > 0)
        {
            await store.AppendAsync(account.Id, 0, account.Items.Select(i => (AccountEvent)new ItemAdded(i)).ToList(), wakeAt: null);
        }
    }
}
