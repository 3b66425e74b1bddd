using System.Collections.Generic;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Testing.Conformance;
using Cobranza.Testing.InMemory;

namespace Cobranza.Core.Tests.Running;

/// <summary>The adapter conformance suite run against the in-memory store.</summary>
public sealed class InMemoryReceivableStoreConformanceTests : ReceivableStoreConformanceTests
{
    protected override Task<IReceivableStore> CreateStoreAsync(IReadOnlyList<StoreSeed> accounts)
    {
        var store = new InMemoryReceivableStore();
        foreach (var seed in accounts)
        {
            store.Put(seed.Account, seed.NextEvaluationAt);
        }

        return Task.FromResult<IReceivableStore>(store);
    }
}

/// <summary>The adapter conformance suite run against the in-memory journal.</summary>
public sealed class InMemoryCollectionJournalConformanceTests : CollectionJournalConformanceTests
{
    protected override Task<ICollectionJournal> CreateJournalAsync(NodaTime.IClock clock) => Task.FromResult<ICollectionJournal>(new InMemoryCollectionJournal(clock));
}

/// <summary>The ledger conformance suite run against the in-memory store (its <see cref="IAccountLedgerStore"/> side).</summary>
public sealed class InMemoryAccountLedgerStoreConformanceTests : AccountLedgerStoreConformanceTests
{
    protected override Task<IAccountLedgerStore> CreateLedgerStoreAsync(IReadOnlyList<Cobranza.Core.Receivables.CustomerAccount> accounts)
    {
        var store = new InMemoryReceivableStore();
        foreach (var account in accounts)
        {
            store.Put(account, null);
        }

        return Task.FromResult<IAccountLedgerStore>(store);
    }
}

/// <summary>The hierarchy conformance suite run against the in-memory store (its <see cref="IAccountHierarchyStore"/> side).</summary>
public sealed class InMemoryAccountHierarchyStoreConformanceTests : AccountHierarchyStoreConformanceTests
{
    protected override Task<IAccountHierarchyStore> CreateStoreAsync(IReadOnlyList<Cobranza.Core.Receivables.CustomerAccount> accounts)
    {
        var store = new InMemoryReceivableStore();
        foreach (var account in accounts)
        {
            store.Put(account, null);
        }

        return Task.FromResult<IAccountHierarchyStore>(store);
    }
}
