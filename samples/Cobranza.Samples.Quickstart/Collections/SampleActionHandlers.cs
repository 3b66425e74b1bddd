using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Storage;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Collections;

/// <summary>Totals of what the handlers charged and did in this process (thread-safe).</summary>
internal sealed class ActionTally
{
    private readonly ConcurrentDictionary<(string Kind, string Currency), decimal> _amounts = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string kind, Money amount) => _amounts.AddOrUpdate((kind, amount.Currency.Code), amount.Amount, (_, total) => total + amount.Amount);

    public void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public IReadOnlyList<(string Kind, string Currency, decimal Amount)> Amounts
        => _amounts.OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Currency, StringComparer.Ordinal).Select(p => (p.Key.Kind, p.Key.Currency, p.Value)).ToList();

    public IReadOnlyList<(string Kind, int Count)> Counts
        => _counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
}

/// <summary>
/// The late-charge terms the engine states and posts (docs/escalation.md, "Late charges"): each country's statutory preset, with
/// its fee (Spain: the EUR 40 recovery compensation of Ley 3/2004 art. 8; Colombia and Mexico: none).
/// </summary>
internal sealed class CountryLateCharges : ILateChargeTermsProvider
{
    private static readonly LateChargeTerms Spain = LateChargeTerms.FromPreset(StatutoryPresets.Spain());
    private static readonly LateChargeTerms Colombia = LateChargeTerms.FromPreset(StatutoryPresets.Colombia());
    private static readonly LateChargeTerms Mexico = LateChargeTerms.FromPreset(StatutoryPresets.Mexico());

    public LateChargeTerms For(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Customer.CalendarId switch
        {
            "ES" => Spain,
            "CO" => Colombia,
            "MX" => Mexico,
            _ => throw new ArgumentException($"customer '{account.Customer.CustomerId}' has calendar '{account.Customer.CalendarId}', which the sample has no late-interest preset for.", nameof(account)),
        };
    }
}

/// <summary>
/// Posts a charge decision's <see cref="EscalationDecision.Charges"/> (the interest or fee the engine computed once
/// and the notice of the same stage states) with <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>: nothing is
/// recomputed here. A posting already in the ledger (a re-run) changes nothing.
/// </summary>
internal static class DecisionCharges
{
    public static ValueTask<ActionResult> PostAsync(SqliteReceivableStore store, ActionTally tally, ActionRequest request, string kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = request.Decision;
        if (decision.Charges.IsEmpty)
        {
            return ValueTask.FromResult(ActionResult.Skipped($"nothing to post: the decision carries no {kind}"));
        }

        Money posted = Money.Zero(request.Account.Currency);
        store.Update(decision.AccountId, decision.DecidedAt, account =>
        {
            foreach (var charge in decision.Charges)
            {
                var after = Ledger.Apply(account, charge.ToLedgerEvent());
                if (!ReferenceEquals(after, account))
                {
                    posted += charge.Amount;
                }

                account = after;
            }

            return account;
        });
        // Idempotent by decision (issue 14 §4): handled again, the postings are already in the ledger and nothing is
        // posted twice; the result is the original one (what the decision posts), never "nothing to post".
        if (posted.IsPositive)
        {
            tally.Add(kind, posted);
        }

        var total = decision.Charges.Aggregate(Money.Zero(request.Account.Currency), (sum, c) => sum + c.Amount);
        return ValueTask.FromResult(ActionResult.Done($"{kind} {total}"));
    }
}

/// <summary><c>ChargeLateInterest</c>: posts the interest the decision carries (accrued through the decision's local date, under the country's preset).</summary>
internal sealed class ChargeLateInterestHandler(SqliteReceivableStore store, ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ChargeLateInterest;

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
        => DecisionCharges.PostAsync(store, tally, request, "interest");
}

/// <summary><c>ApplyLateFee</c>: posts the fee the decision carries (the country's statutory fee, once per invoice).</summary>
internal sealed class ApplyLateFeeHandler(SqliteReceivableStore store, ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ApplyLateFee;

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
        => DecisionCharges.PostAsync(store, tally, request, "fees");
}

/// <summary>
/// The actions a real host hands to people or other systems (call tasks, service suspension, agency hand-over):
/// the sample only counts them; the reference names what a host would have done.
/// </summary>
internal sealed class RecordingActionHandler(ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action)
        => action is not (EscalationActionKind.ChargeLateInterest or EscalationActionKind.ApplyLateFee or EscalationActionKind.SendNotice);

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        tally.Count(request.Decision.Action.ToString());
        return ValueTask.FromResult(ActionResult.Done($"{request.Decision.Action}:{request.Decision.AccountId}"));
    }
}
