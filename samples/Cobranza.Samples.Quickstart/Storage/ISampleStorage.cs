using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Portfolio;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// Where a simulation keeps its state, held by one run at a time from <see cref="SampleStorage.OpenAsync"/> to
/// disposal: the library's ports (store and journal) and the sample's bookkeeping a real host keeps in its own ledger
/// (customers, invoices, payments, the simulation's progress). <see cref="SqliteSampleStorage"/> (the default) and
/// <see cref="PostgresSampleStorage"/> (<c>--postgres</c>) give the same notices for the same seed.
/// </summary>
internal interface ISampleStorage : IAsyncDisposable
{
    /// <summary>Where the state is, for the console (never a password).</summary>
    string Description { get; }

    /// <summary>The receivable store the runner pages and loads accounts from.</summary>
    IReceivableStore Store { get; }

    /// <summary>The collection journal.</summary>
    ICollectionJournal Journal { get; }

    /// <summary>A stored setting of the simulation (seed, customers, start date, last day simulated), or null.</summary>
    Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a setting of the simulation.</summary>
    Task SetMetaAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Adds customers (those already there are left alone) without a wake-up.</summary>
    Task AddCustomersAsync(IReadOnlyList<SampleCustomer> customers, CancellationToken cancellationToken);

    /// <summary>Adds invoice items with their planned payments (those already there are left alone) and wakes their accounts at <paramref name="wakeAt"/>.</summary>
    Task AddItemsAsync(IReadOnlyList<SampleItem> items, Instant wakeAt, CancellationToken cancellationToken);

    /// <summary>Books the <see cref="PlannedPayment"/>s of <paramref name="day"/> and wakes the accounts paid at <paramref name="wakeAt"/>.</summary>
    Task ApplyPlannedPaymentsAsync(LocalDate day, Instant wakeAt, CancellationToken cancellationToken);

    /// <summary>The e-mail address of an account's customer.</summary>
    /// <exception cref="ArgumentException">The account is not stored.</exception>
    string EmailOf(string accountId);

    /// <summary>Every account snapshot, in id order (for reports).</summary>
    Task<IReadOnlyList<CustomerAccount>> AllAccountsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends the leases of claims without an outcome: under the run's lock no other run is between a claim and its
    /// record, so such a claim was left by a run that was killed and is retried at once.
    /// </summary>
    /// <returns>How many claims were released.</returns>
    Task<int> ReleaseAbandonedClaimsAsync(CancellationToken cancellationToken);

    /// <summary>The ledger the charge handlers post to; a change wakes the account at <paramref name="wakeAt"/>.</summary>
    IAccountLedgerStore LedgerAt(Instant wakeAt);

    /// <summary>The summary of the simulated days from <paramref name="from"/> to <paramref name="through"/>, read back from storage.</summary>
    Task<SampleReport> ReportAsync(LocalDate from, LocalDate through, CancellationToken cancellationToken);
}
