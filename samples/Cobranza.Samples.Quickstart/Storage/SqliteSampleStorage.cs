using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Collections;
using Cobranza.Samples.Quickstart.Portfolio;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// The default storage: one SQLite file (<see cref="SampleDatabase"/>) with the sample's own tables for the accounts,
/// held by one run at a time with <see cref="SampleLock"/> (a lock file beside the database and one in the outbox).
/// </summary>
internal sealed class SqliteSampleStorage : ISampleStorage
{
    private readonly SampleLock _gate;
    private readonly SampleDatabase _database;
    private readonly SqliteReceivableStore _store;
    private readonly SqliteCollectionJournal _journal;

    private SqliteSampleStorage(SampleLock gate, SampleDatabase database)
    {
        _gate = gate;
        _database = database;
        _store = new SqliteReceivableStore(database);
        _journal = new SqliteCollectionJournal(database);
    }

    /// <summary>Takes the locks, resets when asked, and opens (creating when missing) the database.</summary>
    /// <exception cref="SampleBusyException">Another run holds the database or the outbox.</exception>
    public static SqliteSampleStorage Open(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gate = SampleLock.Acquire(options.DatabasePath, options.OutboxPath);
        try
        {
            if (options.Reset)
            {
                SampleDatabase.Delete(options.DatabasePath);
                SampleStorage.ClearOutbox(options.OutboxPath);
            }

            return new SqliteSampleStorage(gate, new SampleDatabase(options.DatabasePath));
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    public string Description => _database.Path;

    public IReceivableStore Store => _store;

    public ICollectionJournal Journal => _journal;

    public Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_database.GetMeta(key));

    public Task SetMetaAsync(string key, string value, CancellationToken cancellationToken)
    {
        _database.SetMeta(key, value);
        return Task.CompletedTask;
    }

    public Task AddCustomersAsync(IReadOnlyList<SampleCustomer> customers, CancellationToken cancellationToken)
    {
        _store.AddCustomers(customers);
        return Task.CompletedTask;
    }

    public Task AddItemsAsync(IReadOnlyList<SampleItem> items, Instant wakeAt, CancellationToken cancellationToken)
    {
        _store.AddItems(items, wakeAt);
        return Task.CompletedTask;
    }

    public Task ApplyPlannedPaymentsAsync(LocalDate day, Instant wakeAt, CancellationToken cancellationToken)
    {
        _store.ApplyPlannedPayments(day, wakeAt);
        return Task.CompletedTask;
    }

    public string EmailOf(string accountId) => _store.EmailOf(accountId);

    public Task<IReadOnlyList<CustomerAccount>> AllAccountsAsync(CancellationToken cancellationToken) => Task.FromResult(_store.AllAccounts());

    public Task<int> ReleaseAbandonedClaimsAsync(CancellationToken cancellationToken) => Task.FromResult(_journal.ReleaseAbandonedClaims());

    public IAccountLedgerStore LedgerAt(Instant wakeAt) => new SqliteAccountLedger(_store, wakeAt);

    public Task<SampleReport> ReportAsync(LocalDate from, LocalDate through, CancellationToken cancellationToken)
        => Task.FromResult(SampleReport.Read(_database, from, through));

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Opens the storage the options name.</summary>
internal static class SampleStorage
{
    /// <summary>SQLite (<c>--db</c>, the default) or PostgreSQL (<c>--postgres</c>), held by this run until disposed.</summary>
    /// <exception cref="SampleBusyException">Another run holds the database or the outbox.</exception>
    public static async Task<ISampleStorage> OpenAsync(SampleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Postgres is null
            ? SqliteSampleStorage.Open(options)
            : await PostgresSampleStorage.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the outbox's .eml files (<c>--reset</c>).</summary>
    public static void ClearOutbox(string outboxPath)
    {
        if (Directory.Exists(outboxPath))
        {
            foreach (var file in Directory.EnumerateFiles(outboxPath, "*.eml"))
            {
                File.Delete(file);
            }
        }
    }
}
