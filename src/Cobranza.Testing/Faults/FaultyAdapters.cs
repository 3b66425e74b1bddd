using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Testing.Faults;

/// <summary>An <see cref="INotificationSender"/> decorator injecting faults (a "deliver twice" sends the message twice).</summary>
/// <param name="inner">The decorated sender.</param>
/// <param name="faults">The fault injector.</param>
public sealed class FaultyNotificationSender(INotificationSender inner, FaultInjector faults) : INotificationSender
{
    private readonly INotificationSender _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly FaultInjector _faults = faults ?? throw new ArgumentNullException(nameof(faults));

    /// <inheritdoc/>
    public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        => _faults.RunAsync("SendAsync", () => _inner.SendAsync(message, cancellationToken), cancellationToken);
}

/// <summary>An <see cref="IActionHandler"/> decorator injecting faults.</summary>
/// <param name="inner">The decorated handler.</param>
/// <param name="faults">The fault injector.</param>
public sealed class FaultyActionHandler(IActionHandler inner, FaultInjector faults) : IActionHandler
{
    private readonly IActionHandler _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly FaultInjector _faults = faults ?? throw new ArgumentNullException(nameof(faults));

    /// <inheritdoc/>
    public bool CanHandle(EscalationActionKind action) => _inner.CanHandle(action);

    /// <inheritdoc/>
    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
        => _faults.RunAsync("HandleAsync", () => _inner.HandleAsync(request, cancellationToken), cancellationToken);
}

/// <summary>
/// An <see cref="IReceivableStore"/> decorator injecting faults into loads and saves (paging is left intact: a run
/// cannot go on without it). It forwards <see cref="IAccountHierarchyStore"/> to the decorated store, with faults like
/// the other loads.
/// </summary>
/// <remarks>
/// It implements <see cref="IAccountHierarchyStore"/> whatever it decorates, so over a store without hierarchies it
/// behaves as the run does with such a store: a paid account (<see cref="CustomerProfile.PaidByAccountId"/> set) is
/// refused when loaded (the run fails it, and it stays due) and a paying account pays for none.
/// </remarks>
/// <param name="inner">The decorated store.</param>
/// <param name="faults">The fault injector.</param>
public sealed class FaultyReceivableStore(IReceivableStore inner, FaultInjector faults) : IReceivableStore, IAccountHierarchyStore
{
    private readonly IReceivableStore _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly FaultInjector _faults = faults ?? throw new ArgumentNullException(nameof(faults));

    /// <inheritdoc/>
    public async ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
    {
        var page = await _inner.GetDueAccountsAsync(query, cancellationToken).ConfigureAwait(false);
        if (_inner is IAccountHierarchyStore || !page.Accounts.Any(a => a.Snapshot?.Customer.PaidByAccountId is not null))
        {
            return page;
        }

        // Without hierarchies, a paid account goes without its snapshot: the run loads it and LoadAccountAsync refuses it.
        return new DueAccountPage([.. page.Accounts.Select(a => a.Snapshot?.Customer.PaidByAccountId is null ? a : new DueAccount(a.AccountId, a.NextEvaluationAt))], page.ContinuationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The account is paid by another and the decorated store does not implement <see cref="IAccountHierarchyStore"/>.</exception>
    public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken)
        => _faults.RunAsync("LoadAccountAsync", () => _inner is IAccountHierarchyStore ? _inner.LoadAccountAsync(accountId, cancellationToken) : RefusePaidAsync(accountId, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
        => _inner is IAccountHierarchyStore hierarchy
            ? _faults.RunAsync("LoadPaidAccountsAsync", () => hierarchy.LoadPaidAccountsAsync(payingAccountId, cancellationToken), cancellationToken)
            : ValueTask.FromResult(ImmutableArray<CustomerAccount>.Empty);

    /// <inheritdoc/>
    public async ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
        => await _faults.RunAsync(
            "SaveNextEvaluationAsync",
            async () =>
            {
                await _inner.SaveNextEvaluationAsync(accountId, nextEvaluationAt, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>
    /// One fault for the whole batch, drawn like any other call: a throw before it stores none of the wake-ups, a
    /// throw after it stores them all, a double delivery writes the batch twice. When it throws, the runner falls back
    /// to one <see cref="SaveNextEvaluationAsync"/> per entry, each drawing its own fault.
    /// </remarks>
    public async ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
    {
        NextEvaluation.Validate(nextEvaluations);
        await _faults.RunAsync(
            "SaveNextEvaluationsAsync",
            async () =>
            {
                await _inner.SaveNextEvaluationsAsync(nextEvaluations, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CustomerAccount?> RefusePaidAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await _inner.LoadAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account?.Customer.PaidByAccountId is { } payer)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}', but the decorated receivable store ({_inner.GetType().Name}) does not implement IAccountHierarchyStore: it cannot be dunned with its payer, and is not dunned on its own.");
        }

        return account;
    }
}

/// <summary>The operations of a journal that a <see cref="FaultyCollectionJournal"/> injects faults into.</summary>
[Flags]
public enum JournalOperations
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><see cref="ICollectionJournal.GetHistoryAsync"/>.</summary>
    History = 1,

    /// <summary><see cref="ICollectionJournal.ClaimAsync"/>.</summary>
    Claim = 2,

    /// <summary><see cref="ICollectionJournal.RecordAsync"/>.</summary>
    Record = 4,

    /// <summary><see cref="ICollectionJournal.GetPendingAsync"/>.</summary>
    Pending = 8,

    /// <summary><see cref="ICollectionJournal.RenewAsync"/>.</summary>
    Renew = 16,

    /// <summary>Every operation.</summary>
    All = History | Claim | Record | Pending | Renew,
}

/// <summary>A <see cref="ICollectionJournal"/> decorator injecting faults into the calls of <see cref="FaultyOperations"/>.</summary>
/// <param name="inner">The decorated journal.</param>
/// <param name="faults">The fault injector.</param>
public sealed class FaultyCollectionJournal(ICollectionJournal inner, FaultInjector faults) : ICollectionJournal
{
    private readonly ICollectionJournal _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly FaultInjector _faults = faults ?? throw new ArgumentNullException(nameof(faults));

    /// <summary>The operations faults are injected into (default all).</summary>
    public JournalOperations FaultyOperations { get; init; } = JournalOperations.All;

    /// <inheritdoc/>
    public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken)
        => (FaultyOperations & JournalOperations.History) != 0
            ? _faults.RunAsync("GetHistoryAsync", () => _inner.GetHistoryAsync(accountId, cancellationToken), cancellationToken)
            : _inner.GetHistoryAsync(accountId, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
        => (FaultyOperations & JournalOperations.Claim) != 0
            ? _faults.RunAsync("ClaimAsync", () => _inner.ClaimAsync(request, cancellationToken), cancellationToken)
            : _inner.ClaimAsync(request, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
        => (FaultyOperations & JournalOperations.Record) != 0
            ? _faults.RunAsync("RecordAsync", () => _inner.RecordAsync(record, cancellationToken), cancellationToken)
            : _inner.RecordAsync(record, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken)
        => (FaultyOperations & JournalOperations.Renew) != 0
            ? _faults.RunAsync("RenewAsync", () => _inner.RenewAsync(renewal, cancellationToken), cancellationToken)
            : _inner.RenewAsync(renewal, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
        => (FaultyOperations & JournalOperations.Pending) != 0
            ? _faults.RunAsync("GetPendingAsync", () => _inner.GetPendingAsync(at, partition, maxCount, cancellationToken), cancellationToken)
            : _inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
}
