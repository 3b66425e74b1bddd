using System.Collections.Generic;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Samples.Quickstart.Storage;
using Cobranza.Testing.Conformance;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>The library's adapter conformance suite, run against the sample's SQLite store (a temp file database per test).</summary>
public sealed class SqliteReceivableStoreConformanceTests : ReceivableStoreConformanceTests, System.IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _databases;

    protected override Task<IReceivableStore> CreateStoreAsync(IReadOnlyList<StoreSeed> accounts)
    {
        var store = new SqliteReceivableStore(new SampleDatabase(_temp.File($"store-{++_databases}.db")));
        foreach (var seed in accounts)
        {
            store.Import(seed.Account, seed.NextEvaluationAt);
        }

        return Task.FromResult<IReceivableStore>(store);
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The library's journal conformance suite (claim atomicity under concurrency included) against the SQLite journal.</summary>
public sealed class SqliteCollectionJournalConformanceTests : CollectionJournalConformanceTests, System.IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _databases;

    protected override Task<ICollectionJournal> CreateJournalAsync(NodaTime.IClock clock)
        => Task.FromResult<ICollectionJournal>(new SqliteCollectionJournal(new SampleDatabase(_temp.File($"journal-{++_databases}.db")), clock));

    public void Dispose() => _temp.Dispose();
}

/// <summary>The library's ledger conformance suite against the SQLite ledger the sample's charge handlers post to.</summary>
public sealed class SqliteAccountLedgerConformanceTests : AccountLedgerStoreConformanceTests, System.IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _databases;

    protected override Task<IAccountLedgerStore> CreateLedgerStoreAsync(IReadOnlyList<Cobranza.Core.Receivables.CustomerAccount> accounts)
    {
        var store = new SqliteReceivableStore(new SampleDatabase(_temp.File($"ledger-{++_databases}.db")));
        foreach (var account in accounts)
        {
            store.Import(account, null);
        }

        return Task.FromResult<IAccountLedgerStore>(new Collections.SqliteAccountLedger(store, NodaTime.Instant.FromUtc(2026, 3, 2, 15, 0)));
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The library's hierarchy conformance suite against the SQLite store (its <see cref="IAccountHierarchyStore"/> side, docs/decisions/0025).</summary>
public sealed class SqliteAccountHierarchyStoreConformanceTests : AccountHierarchyStoreConformanceTests, System.IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _databases;

    protected override Task<IAccountHierarchyStore> CreateStoreAsync(IReadOnlyList<Cobranza.Core.Receivables.CustomerAccount> accounts)
    {
        var store = new SqliteReceivableStore(new SampleDatabase(_temp.File($"hierarchy-{++_databases}.db")));
        foreach (var account in accounts)
        {
            store.Import(account, null);
        }

        return Task.FromResult<IAccountHierarchyStore>(store);
    }

    public void Dispose() => _temp.Dispose();
}
