using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Running;

/// <summary>
/// The ready handler of <see cref="EscalationActionKind.ChargeLateInterest"/>: posts the late interest the decision carries
/// (<see cref="EscalationDecision.Charges"/>, computed once by the engine and stated on the notice of the same stage)
/// to the account's ledger with <see cref="AccountInterest.Post(CustomerAccount, System.Collections.Generic.IEnumerable{LateCharge})"/>;
/// nothing is recomputed.
/// </summary>
/// <remarks>
/// Idempotent by key (<see cref="IActionHandler"/>): handled again, the postings are already in the ledger, nothing is
/// appended and the result is the original one (what the decision posts). A decision without charges is skipped. When
/// the account moved on between load and append, the store's exception fails the attempt and the run retries it.
/// Register with <c>builder.UseLedgerHandlers()</c> or <c>UseActionHandler(new ChargeLateInterestHandler(store))</c>.
/// </remarks>
public sealed class ChargeLateInterestHandler : IActionHandler
{
    private readonly IAccountLedgerStore _store;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">Where the account's ledger events are loaded and appended.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public ChargeLateInterestHandler(IAccountLedgerStore store) => _store = Guard.NotNull(store);

    /// <inheritdoc/>
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ChargeLateInterest;

    /// <inheritdoc/>
    public async ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        await PostAsync(request, cancellationToken).ConfigureAwait(false);
        return LedgerChargePoster.Result(request.Decision, "interest");
    }

    /// <summary>Posts the decision's charges and says what this call appended (nothing when they were already in the ledger).</summary>
    /// <param name="request">The action (its decision's <see cref="EscalationDecision.Charges"/> are all late interest).</param>
    /// <param name="cancellationToken">Cancels the load and the append.</param>
    /// <returns>The account after the postings, the events appended and their total.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A charge is of another kind or does not fit the account (the ledger's message).</exception>
    /// <exception cref="InvalidOperationException">The account is not in the store.</exception>
    public ValueTask<ChargePosting> PostAsync(ActionRequest request, CancellationToken cancellationToken)
        => LedgerChargePoster.PostAsync(_store, Guard.NotNull(request), ChargeKind.Interest, cancellationToken);
}
