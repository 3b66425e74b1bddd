using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>
/// A receivable store that knows which accounts another account pays for (<see cref="CustomerProfile.PaidByAccountId"/>).
/// Implemented by the same object as <see cref="IReceivableStore"/>: the collection run then duns a paying account
/// with the items of the accounts it pays for (<see cref="AccountHierarchy.Consolidate"/>), and never a paid account on
/// its own. A store without it serves hosts without hierarchies: a paid account it returns as due fails (and stays due)
/// with a message naming this interface, rather than being dunned on its own or dropped. A decorator of the store
/// (retries, telemetry, fault injection) hides the interface unless it implements it too, forwarding the call.
/// </summary>
public interface IAccountHierarchyStore
{
    /// <summary>Loads the current snapshots of the accounts whose <see cref="CustomerProfile.PaidByAccountId"/> is <paramref name="payingAccountId"/>.</summary>
    /// <param name="payingAccountId">The paying account's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The paid accounts, ordered by account id (ordinal); empty when it pays for none.</returns>
    ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken);
}
