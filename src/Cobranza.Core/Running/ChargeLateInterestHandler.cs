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
/// to the account's ledger with <see cref="AccountInterest.Post(CustomerAccount, System.Collections.Generic.IEnumerable{LateCharge}, bool)"/>;
/// nothing is recomputed.
/// </summary>
/// <remarks>
/// Idempotent by key (<see cref="IActionHandler"/>): handled again, the postings are already in the ledger, nothing is
/// appended and the result is the original one (what the decision posts). A decision without charges is skipped. When
/// the account moved on between load and append, the store's exception fails the attempt and the run retries it.
/// <para><b>Provisional interest.</b> A decision whose charges are provisional (<see cref="LateCharge.Provisional"/>:
/// computed with a reference rate carried forward under <see cref="Interest.MissingRatePolicy.CarryForwardProvisional"/>)
/// is not posted unless <see cref="PostProvisionalInterest"/> is set: the handler returns
/// <see cref="ActionResult.Skipped"/> with the reason (the amount, the provisional days and what to do), the run records
/// the decision Skipped and its summary counts no interest posted for it. The notice of the same stage still goes out,
/// marked provisional (docs/decisions/0017-provisional-interest-not-posted-by-default.md).</para>
/// Register with <c>builder.UseLedgerHandlers()</c> or <c>UseActionHandler(new ChargeLateInterestHandler(store))</c>.
/// </remarks>
public sealed class ChargeLateInterestHandler : IActionHandler
{
    private readonly IAccountLedgerStore _store;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">Where the account's ledger events are loaded and appended.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public ChargeLateInterestHandler(IAccountLedgerStore store) => _store = Guard.NotNull(store);

    /// <summary>
    /// Whether to post interest that is provisional (<see cref="LateCharge.Provisional"/>). A posted estimate is final in
    /// the ledger: later postings accrue from the day after it, so the difference to the official rate is not corrected.
    /// </summary>
    /// <value>Default <see langword="false"/>: a provisional decision is skipped with its reason.</value>
    public bool PostProvisionalInterest { get; init; }

    /// <inheritdoc/>
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ChargeLateInterest;

    /// <inheritdoc/>
    public async ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        Guard.NotNull(request);
        if (LedgerChargePoster.ProvisionalRefusal(request.Decision, PostProvisionalInterest) is { } refusal)
        {
            return ActionResult.Skipped(refusal);
        }

        await PostAsync(request, cancellationToken).ConfigureAwait(false);
        return LedgerChargePoster.Result(request.Decision, "interest");
    }

    /// <summary>Posts the decision's charges and says what this call appended (nothing when they were already in the ledger).</summary>
    /// <param name="request">The action (its decision's <see cref="EscalationDecision.Charges"/> are all late interest).</param>
    /// <param name="cancellationToken">Cancels the load and the append.</param>
    /// <returns>The account after the postings, the events appended and their total.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A charge is of another kind, does not fit the account (the ledger's message), or is provisional and <see cref="PostProvisionalInterest"/> is not set.</exception>
    /// <exception cref="InvalidOperationException">The account is not in the store.</exception>
    public ValueTask<ChargePosting> PostAsync(ActionRequest request, CancellationToken cancellationToken)
        => LedgerChargePoster.PostAsync(_store, Guard.NotNull(request), ChargeKind.Interest, cancellationToken, PostProvisionalInterest);
}
