using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;

namespace Cobranza.PostgreSql;

/// <summary>
/// Where <see cref="PostgreSqlReceivableStore"/> takes account snapshots from: the event-sourced
/// <see cref="PostgreSqlAccountStore"/>, or a host's own ERP tables (implement this interface over them and keep the
/// schedule of wake-ups in the Cobranza schema).
/// </summary>
public interface IAccountSnapshotSource
{
    /// <summary>Loads the snapshots of several accounts (one round trip where possible).</summary>
    /// <param name="accountIds">The account ids (no duplicates).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot of each account that exists, by account id (an account that no longer exists is absent).</returns>
    ValueTask<IReadOnlyDictionary<string, CustomerAccount>> LoadManyAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken);

    /// <summary>Loads the snapshot of one account.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the account does not exist.</returns>
    ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken);
}
