using System;
using System.Collections.Generic;
using System.Linq;
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
    internal static async ValueTask<ChargePosting> PostAsync(IAccountLedgerStore store, ActionRequest request, ChargeKind kind, CancellationToken cancellationToken, bool postProvisional = false)
    {
        Guard.NotNull(request);
        var decision = request.Decision;
        var account = await store.LoadAsync(decision.AccountId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"account '{decision.AccountId}' of decision '{decision.IdempotencyKey}' is not in the ledger store.");
        // Charges on the items of an account this one pays for (a consolidated evaluation, AccountHierarchy) are posted
        // to that account's own ledger, on its own item ids; the posting returned is the paying account's.
        var own = decision.Charges;
        SortedDictionary<string, List<LateCharge>>? paid = null;
        foreach (var charge in decision.Charges)
        {
            if (AccountHierarchy.TryResolve(account, charge.ItemId, out var paidAccountId, out var itemId))
            {
                paid ??= new SortedDictionary<string, List<LateCharge>>(StringComparer.Ordinal);
                if (!paid.TryGetValue(paidAccountId, out var list))
                {
                    paid.Add(paidAccountId, list = new List<LateCharge>());
                }

                list.Add(charge.On(itemId));
            }
        }

        if (paid is not null)
        {
            own = [.. decision.Charges.Where(c => !AccountHierarchy.TryResolve(account, c.ItemId, out _, out _))];
            foreach (var (paidAccountId, charges) in paid)
            {
                var child = await store.LoadAsync(paidAccountId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"account '{paidAccountId}' of decision '{decision.IdempotencyKey}' (an account that '{decision.AccountId}' pays for) is not in the ledger store.");
                if (!string.Equals(child.Customer.PaidByAccountId, decision.AccountId, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"decision '{decision.IdempotencyKey}' of account '{decision.AccountId}' charges items of account '{paidAccountId}', which is not paid by it (its payer is '{child.Customer.PaidByAccountId ?? "itself"}').");
                }

                var childPosting = Post(child, charges, kind, postProvisional);
                if (!childPosting.IsEmpty)
                {
                    await store.AppendAsync(paidAccountId, child.Version, childPosting.Posted, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var posting = Post(account, own, kind, postProvisional);
        if (!posting.IsEmpty)
        {
            await store.AppendAsync(decision.AccountId, account.Version, posting.Posted, cancellationToken).ConfigureAwait(false);
        }

        return posting;
    }

    /// <summary>
    /// What posting <paramref name="charges"/> of <paramref name="kind"/> to <paramref name="account"/> adds (empty when the
    /// ledger holds them all); a provisional interest charge throws unless <paramref name="postProvisional"/>.
    /// </summary>
    internal static ChargePosting Post(CustomerAccount account, System.Collections.Generic.IEnumerable<LateCharge> charges, ChargeKind kind, bool postProvisional = false)
        => kind == ChargeKind.Interest ? AccountInterest.Post(account, charges, postProvisional) : AccountFees.Post(account, charges);

    /// <summary>
    /// Why a decision's interest is not posted: it carries provisional charges (<see cref="LateCharge.Provisional"/>) and
    /// the host does not allow provisional postings; <see langword="null"/> when it may be posted.
    /// </summary>
    internal static string? ProvisionalRefusal(EscalationDecision decision, bool postProvisional)
    {
        if (postProvisional)
        {
            return null;
        }

        decimal total = 0m;
        int count = 0;
        foreach (var charge in decision.Charges)
        {
            if (charge.Provisional)
            {
                total += charge.Amount.Amount;
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        string what = string.Create(
            CultureInfo.InvariantCulture,
            $"provisional interest not posted: decision '{decision.IdempotencyKey}' carries {Money.Of(total, decision.PrincipalAmount.Currency)} in {count} posting{(count == 1 ? string.Empty : "s")} computed with a reference rate carried forward ({string.Join("; ", decision.ProvisionalInterest)}); ");
        return what + "the official rate is not loaded yet. Load it (interest then accrues at the official rate and a later charge posts it), "
            + "or allow provisional postings (ChargeLateInterestHandler.PostProvisionalInterest, UseLedgerHandlers(postProvisionalInterest: true)).";
    }

    /// <summary>
    /// The result of the action: what the decision posts (the same when handled again, after its postings are in the
    /// ledger), or skipped when the decision carries nothing to post.
    /// </summary>
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
