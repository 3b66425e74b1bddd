using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>
/// The host's ledger storage as the ready charge handlers need it (<see cref="Running.ChargeLateInterestHandler"/>,
/// <see cref="Running.ApplyLateFeeHandler"/>): load an account (the fold of its events, with its
/// <see cref="CustomerAccount.Version"/>) and append events to it if it is still at the version read.
/// </summary>
/// <remarks>
/// Implemented by <c>Cobranza.Testing</c>'s <c>InMemoryReceivableStore</c> and <c>Cobranza.PostgreSql</c>'s
/// <c>PostgreSqlAccountStore</c>. Idempotency does not rest on the store: the ledger ignores an interest posting or a fee
/// key it already holds, so a handler appends only what the account does not hold yet.
/// </remarks>
public interface IAccountLedgerStore
{
    /// <summary>Loads an account.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the account is unknown.</returns>
    ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events to an account if its version is still <paramref name="expectedVersion"/> (optimistic
    /// concurrency); all or none are stored.
    /// </summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="expectedVersion">The <see cref="CustomerAccount.Version"/> of the snapshot the events were applied to.</param>
    /// <param name="events">The events, in order (not empty).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the events are stored.</returns>
    /// <exception cref="AccountVersionConflictException">
    /// The account moved on (another version) or is unknown: the action fails and the run hands it over again later,
    /// when the handler reloads the account. Every implementation throws this type on a conflict (the conformance suite
    /// <c>AccountLedgerStoreConformanceTests</c> of <c>Cobranza.Testing.Xunit</c> checks it).
    /// </exception>
    /// <exception cref="System.ArgumentException">An event does not fit the account (the ledger's message); nothing is stored.</exception>
    ValueTask AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken);
}
