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
using Cobranza.Core.Running;
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

    /// <summary>The terms of the three countries (the simulation stops where the reference-rate tables they read end: <see cref="RateCoverage"/>).</summary>
    public static IReadOnlyList<LateChargeTerms> All { get; } = [Spain, Colombia, Mexico];

    public LateChargeTerms For(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Customer.CalendarId switch
        {
            "ES" => Spain,
            "CO" => Colombia,
            "MX" => Mexico,
            _ => throw new ArgumentException($"customer '{account.Customer.Id}' has calendar '{account.Customer.CalendarId}', which the sample has no late-interest preset for.", nameof(account)),
        };
    }
}

/// <summary>
/// The sample's SQLite ledger as the library's ready charge handlers need it (<see cref="IAccountLedgerStore"/>): the
/// events are applied in the store's write transaction if the account is still at the version the handler read, and
/// the account wakes at <paramref name="wakeAt"/> (the decision's instant) when they changed it.
/// </summary>
internal sealed class SqliteAccountLedger(SqliteReceivableStore store, Instant wakeAt) : IAccountLedgerStore
{
    public ValueTask<CustomerAccount?> LoadAsync(string accountId, CancellationToken cancellationToken) => store.LoadAccountAsync(accountId, cancellationToken);

    public ValueTask AppendAsync(string accountId, long expectedVersion, IReadOnlyList<AccountEvent> events, CancellationToken cancellationToken)
    {
        var stored = store.Update(accountId, wakeAt, account => account.Version == expectedVersion
            ? Ledger.Apply(account, events)
            : throw new AccountVersionConflictException(accountId, expectedVersion, account.Version));
        return stored is null
            ? throw new AccountVersionConflictException(accountId, expectedVersion, -1)
            : ValueTask.CompletedTask;
    }
}

/// <summary>
/// <c>ChargeLateInterest</c> and <c>ApplyLateFee</c>: the library's ready handlers
/// (<see cref="ChargeLateInterestHandler"/>, <see cref="ApplyLateFeeHandler"/>) post the decision's charges exactly,
/// idempotent by key, to the storage's ledger (the account wakes at the decision's instant when they changed it); the
/// sample adds what each call newly posted to its tally for the report.
/// </summary>
internal sealed class TalliedChargeHandler(Func<Instant, IAccountLedgerStore> ledgerAt, ActionTally tally, EscalationActionKind action) : IActionHandler
{
    public bool CanHandle(EscalationActionKind candidate) => candidate == action;

    public async ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ledger = ledgerAt(request.Decision.DecidedAt);
        IActionHandler handler;
        ChargePosting posting;
        if (action == EscalationActionKind.ChargeLateInterest)
        {
            var interest = new ChargeLateInterestHandler(ledger);
            posting = await interest.PostAsync(request, cancellationToken).ConfigureAwait(false);
            handler = interest;
        }
        else
        {
            var fee = new ApplyLateFeeHandler(ledger);
            posting = await fee.PostAsync(request, cancellationToken).ConfigureAwait(false);
            handler = fee;
        }

        if (posting.Amount.IsPositive)
        {
            tally.Add(action == EscalationActionKind.ChargeLateInterest ? "interest" : "fees", posting.Amount);
        }

        // Handled again (the postings are in the ledger now): nothing is posted and the result is the original one.
        return await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
    }
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
