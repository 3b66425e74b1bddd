using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Running;

/// <summary>The shared work of the ready charge handlers: post a decision's charges of one kind through an <see cref="IAccountLedgerStore"/>.</summary>
internal static class LedgerChargePoster
{
    internal static async ValueTask<ChargePosting> PostAsync(IAccountLedgerStore store, ActionRequest request, ChargeKind kind, CancellationToken cancellationToken)
    {
        Guard.NotNull(request);
        var decision = request.Decision;
        var account = await store.LoadAsync(decision.AccountId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"account '{decision.AccountId}' of decision '{decision.IdempotencyKey}' is not in the ledger store.");
        var posting = Post(account, decision.Charges, kind);
        if (!posting.IsEmpty)
        {
            await store.AppendAsync(decision.AccountId, account.Version, posting.Posted, cancellationToken).ConfigureAwait(false);
        }

        return posting;
    }

    /// <summary>
    /// The result of the action: what the decision posts (the same when handled again, after its postings are in the
    /// ledger), or skipped when the decision carries nothing to post.
    /// </summary>
    /// <summary>What posting <paramref name="charges"/> of <paramref name="kind"/> to <paramref name="account"/> adds (empty when the ledger holds them all).</summary>
    internal static ChargePosting Post(CustomerAccount account, System.Collections.Generic.IEnumerable<LateCharge> charges, ChargeKind kind)
        => kind == ChargeKind.Interest ? AccountInterest.Post(account, charges) : AccountFees.Post(account, charges);

    internal static ActionResult Result(EscalationDecision decision, string what)
    {
        if (decision.Charges.IsEmpty)
        {
            return ActionResult.Skipped($"nothing to post: decision '{decision.IdempotencyKey}' carries no {what}");
        }

        decimal total = 0m;
        foreach (var charge in decision.Charges)
        {
            total += charge.Amount.Amount;
        }

        var currency = decision.Charges[0].Amount.Currency;
        return ActionResult.Done(string.Create(CultureInfo.InvariantCulture, $"{what} {Money.Of(total, currency)} ({decision.Charges.Length} posting{(decision.Charges.Length == 1 ? string.Empty : "s")})"));
    }
}
