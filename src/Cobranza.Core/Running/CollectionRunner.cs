using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>
/// Runs collections: at an instant, resumes the failed and interrupted dispatches of the journal, then streams the
/// accounts due for evaluation page by page, evaluates each one, claims every decision's idempotency key, dispatches
/// it (a notice is rendered and sent; any other action goes to an <see cref="IActionHandler"/>), records the outcome
/// and stores the account's next wake-up. Thread-safe; one instance serves many runs.
/// </summary>
/// <remarks>
/// <para>Order per decision: claim → dispatch → record. A crash before the claim loses nothing (the account is still
/// due and the engine produces the same key again); a crash after the record repeats nothing (the key is completed).
/// A crash between the dispatch and the record leaves a claim whose lease expires; a later run takes it over and
/// dispatches again: that window — and only that window — is at-least-once. Senders close it by passing
/// <see cref="OutboundMessage.IdempotencyKey"/> to their provider.</para>
/// <para>An exception from an adapter or the evaluator affects one account only: it is logged, reported in
/// <see cref="RunSummary.AccountFailures"/> and the account stays due. A failed dispatch is recorded as failed and
/// retried from the journal with exponential back-off; after <see cref="RunOptions.MaxAttempts"/> it is poisoned
/// with its reason. Only a failure to read the page of due accounts (or cancellation) ends the run early.</para>
/// </remarks>
public sealed class CollectionRunner
{
    private const int RecordAttempts = 3;

    private readonly IReceivableStore _store;
    private readonly ICollectionJournal _journal;
    private readonly IAccountEvaluator _evaluator;
    private readonly INoticeRenderer _renderer;
    private readonly INotificationSender _sender;
    private readonly IActionHandler[] _handlers;
    private readonly IPaymentLinkProvider? _paymentLinks;
    private readonly CobranzaTelemetry? _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RunOptions _options = RunOptions.Default;

    /// <summary>Creates a runner over the host's adapters.</summary>
    /// <param name="store">The receivable store.</param>
    /// <param name="journal">The collection journal.</param>
    /// <param name="evaluator">The evaluator (policy resolution + escalation engine).</param>
    /// <param name="renderer">The template renderer.</param>
    /// <param name="sender">The notification sender.</param>
    /// <param name="actionHandlers">The handlers of non-message actions (may be empty: such decisions are then poisoned with a reason).</param>
    /// <param name="paymentLinks">The payment-link provider, or <see langword="null"/>.</param>
    /// <param name="telemetry">The meter and activity source, or <see langword="null"/> for none.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">
    /// The monotonic stopwatch that measures how long a run and a claim have lasted (the moment of each claim is the
    /// run's instant plus the time elapsed since the run started; a lease that may run out before a dispatch ends is
    /// re-checked), or <see langword="null"/> for <see cref="TimeProvider.System"/>. Only elapsed time is read from it.
    /// </param>
    /// <exception cref="ArgumentNullException">A required adapter is null, or a handler is null.</exception>
    public CollectionRunner(
        IReceivableStore store,
        ICollectionJournal journal,
        IAccountEvaluator evaluator,
        INoticeRenderer renderer,
        INotificationSender sender,
        IEnumerable<IActionHandler> actionHandlers,
        IPaymentLinkProvider? paymentLinks = null,
        CobranzaTelemetry? telemetry = null,
        ILogger<CollectionRunner>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _store = Guard.NotNull(store);
        _journal = Guard.NotNull(journal);
        _evaluator = Guard.NotNull(evaluator);
        _renderer = Guard.NotNull(renderer);
        _sender = Guard.NotNull(sender);
        _handlers = Guard.NotNull(actionHandlers).ToArray();
        if (Array.IndexOf(_handlers, null) >= 0)
        {
            throw new ArgumentNullException(nameof(actionHandlers), "actionHandlers contains a null handler.");
        }

        _paymentLinks = paymentLinks;
        _telemetry = telemetry;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Runs one collection cycle at <paramref name="at"/>.</summary>
    /// <param name="at">The instant of the run (from the host's clock; the run never reads a clock itself, except a stopwatch for its duration and dispatch timeouts).</param>
    /// <param name="options">Paging, parallelism, partition, leases and retries.</param>
    /// <param name="cancellationToken">Stops the run; claims in progress expire and are resumed by a later run.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException">options is null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The store returned the same continuation token twice.</exception>
#pragma warning disable RS0026 // overloads with optional parameters: each keeps the cancellation token last and optional, as the platform's async methods do
    public Task<RunSummary> RunCycleAsync(Instant at, RunOptions options, CancellationToken cancellationToken = default)
        => RunCycleAsync(at, options, null, cancellationToken);

    /// <summary>The options of <see cref="RunCycleAsync(Instant, CancellationToken)"/> (the dependency-injection registration sets the configured ones; <see cref="RunOptions.Default"/> otherwise).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public RunOptions Options { get => _options; init => _options = Guard.NotNull(value); }

    /// <summary>Runs one collection cycle at <paramref name="at"/> with <see cref="Options"/>.</summary>
    /// <param name="at">The instant of the run (from the host's clock).</param>
    /// <param name="cancellationToken">Stops the run; claims in progress expire and are resumed by a later run.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The store returned the same continuation token twice.</exception>
    public Task<RunSummary> RunCycleAsync(Instant at, CancellationToken cancellationToken = default)
        => RunCycleAsync(at, _options, null, cancellationToken);

    /// <summary>Runs one collection cycle at <paramref name="at"/>, reporting each page processed to <paramref name="progress"/>.</summary>
    /// <param name="at">The instant of the run (from the host's clock; the run never reads a clock itself, except a stopwatch for its duration and dispatch timeouts).</param>
    /// <param name="options">Paging, parallelism, partition, leases and retries.</param>
    /// <param name="progress">Receives a <see cref="RunProgress"/> after each page of due accounts (its wake-ups stored), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; claims in progress expire and are resumed by a later run.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException">options is null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The store returned the same continuation token twice.</exception>
    public async Task<RunSummary> RunCycleAsync(Instant at, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        Guard.NotNull(options);
        var stopwatch = Stopwatch.StartNew();
        using var activity = _telemetry?.ActivitySource.StartActivity("cobranza.run");
        activity?.SetTag("cobranza.at", at.ToString());
        activity?.SetTag("cobranza.partition", options.Partition.ToString());
        var run = new Run(at, options, new RunTally(), _time.GetTimestamp()) { Progress = progress };
        RunnerLog.RunStarted(_logger, at, options.Partition.ToString(), options.WorkerId);

        try
        {
            await ResumePendingAsync(run, cancellationToken).ConfigureAwait(false);

            var first = await ReadPageAsync(run, null, cancellationToken).ConfigureAwait(false);
            if (!first.Accounts.IsEmpty)
            {
                await ProcessPagesAsync(new PageWork(run, first, workers: Math.Min(options.MaxDegreeOfParallelism, options.PageSize)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // An adapter may answer a cancelled call with its own exception (a closed connection, a timeout): a
            // cancelled run reports the cancellation, with the adapter's exception inside.
            throw new OperationCanceledException($"The collection run at {at} was cancelled.", ex, cancellationToken);
        }

        stopwatch.Stop();
        _telemetry?.RunCompleted(stopwatch.Elapsed, options.Partition.ToString());
        var summary = run.Tally.ToSummary(at, options.Partition, stopwatch.Elapsed);
        RunnerLog.RunCompleted(_logger, at, summary.AccountsEvaluated, summary.CountOf(RunOutcome.Dispatched), summary.CountOf(RunOutcome.Failed), summary.CountOf(RunOutcome.Poisoned), summary.AccountFailures.Length, stopwatch.Elapsed.TotalMilliseconds);
        activity?.SetTag("cobranza.accounts", summary.AccountsEvaluated);
        return summary;
    }

    private async ValueTask ResumePendingAsync(Run run, CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingDispatch> pending;
        try
        {
            pending = await _journal.GetPendingAsync(run.At, run.Options.Partition, run.Options.MaxPendingPerRun, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RunnerLog.PendingUnavailable(_logger, ex);
            run.Tally.Fail(new AccountFailure("(journal)", $"listing pending dispatches failed: {Describe(ex)}"));
            return;
        }

        if (pending.Count == 0)
        {
            return;
        }

        // Decisions of one account stay in order; accounts run in parallel.
        var groups = pending.GroupBy(p => p.Decision.AccountId, StringComparer.Ordinal).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            try
            {
                var account = await _store.LoadAccountAsync(group.Key, ct).ConfigureAwait(false);
                foreach (var item in group)
                {
                    run.Tally.Resumed();
                    await ResumeAsync(run, item.Decision, account, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                RunnerLog.AccountFailed(_logger, group.Key, ex);
                run.Tally.Fail(new AccountFailure(group.Key, Describe(ex)));
            }
        }).ConfigureAwait(false);
    }

    // A pending decision is dispatched only if the engine still makes it now (issue 14 §2): the account is evaluated at
    // the run's instant with a history that leaves the decision out (as if it had never been tried). The same key →
    // the fresh decision is dispatched (amounts and content from the current snapshot), or deferred when its NotBefore
    // is later (quiet hours, send window: nothing is claimed; it stays pending). No such key → skipped with the reason.
    // The other decisions of this hypothetical evaluation (made without the pending decision in the history) are not
    // acted on: the account's own evaluation, with its whole history, decides those when the account is due.
    private async ValueTask ResumeAsync(Run run, EscalationDecision pending, CustomerAccount? account, CancellationToken cancellationToken)
    {
        if (account is null)
        {
            await ClaimAndDispatchAsync(run, pending, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (account.Customer.PaidByAccountId is { } payer)
        {
            await ClaimAndDispatchAsync(run, pending, account, cancellationToken, $"account '{account.Id}' is paid by account '{payer}', which is dunned for its items").ConfigureAwait(false);
            return;
        }

        account = await WithPaidAccountsAsync(account, cancellationToken).ConfigureAwait(false);
        if (PendingRecheck.AlreadyPosted(account, pending))
        {
            await ClaimAndDispatchAsync(run, pending, account, cancellationToken).ConfigureAwait(false);
            return;
        }

        var history = await _journal.GetHistoryAsync(account.Id, cancellationToken).ConfigureAwait(false);
        var result = _evaluator.Evaluate(account, PendingRecheck.Without(history, pending.IdempotencyKey), run.At);
        if (PendingRecheck.Find(result, pending.IdempotencyKey) is not { } current)
        {
            await ClaimAndDispatchAsync(run, pending, account, cancellationToken, PendingRecheck.SkipReason(account, pending, result, run.At)).ConfigureAwait(false);
            return;
        }

        if (current.NotBefore > run.At)
        {
            Count(run, current, RunOutcome.Deferred);
            return;
        }

        await ClaimAndDispatchAsync(run, current, account, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<DueAccountPage> ReadPageAsync(Run run, string? token, CancellationToken cancellationToken)
    {
        // An empty page that is not the last (a store may filter after paging) is skipped.
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await _store.GetDueAccountsAsync(new DueAccountsQuery(run.At, run.Options.PageSize, token, run.Options.Partition), cancellationToken).ConfigureAwait(false);
            if (page.ContinuationToken is not null && string.Equals(page.ContinuationToken, token, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The receivable store returned the continuation token '{token}' twice: its paging is broken (see the adapter conformance suite).");
            }

            if (!page.Accounts.IsEmpty || page.ContinuationToken is null)
            {
                return page;
            }

            token = page.ContinuationToken;
        }
    }

    // MaxDegreeOfParallelism workers go through the pages together, taking chunks of consecutive accounts from each
    // page's shared cursor: no task, closure or state machine per account (with in-memory adapters every await
    // completes synchronously; a worker only yields when an adapter really waits). There is no barrier between pages:
    // with several workers, the one that takes the middle chunk of a page reads the next page while the others go on
    // processing, and the last worker to leave a page stores the page's wake-ups in one batch while the others start
    // on the next page. With one worker the order is the plain one: process a page, save its wake-ups, read the next.
    private async ValueTask ProcessPagesAsync(PageWork first, CancellationToken cancellationToken)
    {
        int workers = first.Workers;
        if (workers == 1)
        {
            await WorkAsync(first, cancellationToken).ConfigureAwait(false);
            return;
        }

        var tasks = new Task[workers];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(() => WorkAsync(first, cancellationToken).AsTask(), CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async ValueTask WorkAsync(PageWork first, CancellationToken cancellationToken)
    {
        var tally = new WorkerTally(first.Run.At);
        int reported = 0;
        try
        {
            for (var work = first; work is not null;)
            {
                var accounts = work.Accounts;
                for (int start = work.TakeChunk(); start < accounts.Length; start = work.TakeChunk())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (work.IsReadAheadChunk(start))
                    {
                        _ = work.StartNextPage(this, cancellationToken); // observed by every worker when it leaves the page
                    }

                    int end = Math.Min(start + work.Chunk, accounts.Length);
                    for (int i = start; i < end; i++)
                    {
                        var pending = ProcessAccountAsync(work, i, tally, cancellationToken);
                        if (!pending.IsCompletedSuccessfully)
                        {
                            await pending.ConfigureAwait(false);
                        }
                    }
                }

                // Counters are reported per worker and page (same totals as per account).
                if (tally.Evaluated > reported)
                {
                    _telemetry?.AccountsEvaluated(tally.Evaluated - reported);
                    reported = tally.Evaluated;
                }

                if (work.Leave())
                {
                    await SaveWakeUpsAsync(work, cancellationToken).ConfigureAwait(false);
                    work.Run.ReturnWakeUps(work.WakeUps);
                    work.Run.PageCompleted(work.Accounts.Length);
                }

                work = await work.StartNextPage(this, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            first.Run.Tally.Merge(tally);
        }
    }

    private async ValueTask ProcessAccountAsync(PageWork work, int index, WorkerTally tally, CancellationToken cancellationToken)
    {
        var run = work.Run;
        var due = work.Accounts[index];
        try
        {
            var account = due.Snapshot ?? await _store.LoadAccountAsync(due.AccountId, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                tally.Missing++;
                work.WakeUps[index] = new NextEvaluation(due.AccountId, null);
                return;
            }

            if (account.Customer.PaidByAccountId is { } payer)
            {
                // Never dunned on its own (AccountHierarchy): its paying account is, with its items; that one is woken.
                await WakePayerAsync(run, account, payer, cancellationToken).ConfigureAwait(false);
                work.WakeUps[index] = new NextEvaluation(account.Id, null);
                return;
            }

            account = await WithPaidAccountsAsync(account, cancellationToken).ConfigureAwait(false);
            var history = await _journal.GetHistoryAsync(account.Id, cancellationToken).ConfigureAwait(false);
            var result = _evaluator.Evaluate(account, history, run.At);
            tally.Evaluate(account);

            Instant? next = result.NextEvaluationAt;
            var decisions = result.Decisions;
            for (int i = 0; i < decisions.Length; i++)
            {
                var decision = decisions[i];
                if (!string.Equals(decision.AccountId, account.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The evaluator returned decision '{decision.IdempotencyKey}' of account '{decision.AccountId}' for account '{account.Id}'.");
                }

                if (decision.NotBefore > run.At)
                {
                    Count(run, decision, RunOutcome.Deferred);
                    next = next is { } n && n <= decision.NotBefore ? n : decision.NotBefore;
                    continue;
                }

                await ClaimAndDispatchAsync(run, decision, account, cancellationToken).ConfigureAwait(false);
            }

            work.WakeUps[index] = new NextEvaluation(account.Id, next);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RunnerLog.AccountFailed(_logger, due.AccountId, ex);
            run.Tally.Fail(new AccountFailure(due.AccountId, Describe(ex)));
        }
    }

    // Account hierarchies (docs/decisions: account hierarchies; AccountHierarchy): a paying account is evaluated with the
    // items of the accounts it pays for; a paid account is never evaluated: when it is due (an event changed it), its
    // payer is made due at the run's instant instead (saved at once: a payer already evaluated in this run loaded the
    // paid account's current snapshot, so at worst it is evaluated again, which decides nothing new), and its own
    // wake-up is cleared.
    private async ValueTask<CustomerAccount> WithPaidAccountsAsync(CustomerAccount account, CancellationToken cancellationToken)
    {
        if (_store is not IAccountHierarchyStore hierarchy)
        {
            return account;
        }

        var paid = await hierarchy.LoadPaidAccountsAsync(account.Id, cancellationToken).ConfigureAwait(false);
        return paid.IsDefaultOrEmpty ? account : AccountHierarchy.Consolidate(account, paid);
    }

    private async ValueTask WakePayerAsync(Run run, CustomerAccount account, string payer, CancellationToken cancellationToken)
    {
        if (_store is not IAccountHierarchyStore hierarchy)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}', but the receivable store ({_store.GetType().Name}) does not implement IAccountHierarchyStore: it cannot be dunned with its payer, and is not dunned on its own.");
        }

        if (await _store.LoadAccountAsync(payer, cancellationToken).ConfigureAwait(false) is not { } paying)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}', which is not in the receivable store.");
        }

        if (paying.Customer.PaidByAccountId is { } grand)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}', which is itself paid by '{grand}': a hierarchy has one level.");
        }

        var ownPaid = await hierarchy.LoadPaidAccountsAsync(account.Id, cancellationToken).ConfigureAwait(false);
        if (!ownPaid.IsDefaultOrEmpty)
        {
            throw new InvalidOperationException($"account '{account.Id}' is paid by account '{payer}' and pays for '{ownPaid[0].Id}': a hierarchy has one level.");
        }

        await _store.SaveNextEvaluationAsync(payer, run.At, cancellationToken).ConfigureAwait(false);
    }

    // The wake-ups of a page are stored in one batch once every account of the page is processed. An account whose
    // processing failed has no entry and stays due. A crash before the batch loses nothing: the accounts stay due and
    // the journal answers the decisions already handled. If the batch fails, each wake-up is saved on its own so that
    // a failure affects (and is reported for) only the accounts whose save fails, as with one save per account.
    private async ValueTask SaveWakeUpsAsync(PageWork work, CancellationToken cancellationToken)
    {
        var batch = work.CompletedWakeUps();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _store.SaveNextEvaluationsAsync(batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RunnerLog.BatchSaveFailed(_logger, batch.Count, ex);
        }

        for (int i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            try
            {
                await _store.SaveNextEvaluationAsync(entry.AccountId, entry.NextEvaluationAt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RunnerLog.AccountFailed(_logger, entry.AccountId, ex);
                work.Run.Tally.Fail(new AccountFailure(entry.AccountId, Describe(ex)));
            }
        }
    }

    private async ValueTask ClaimAndDispatchAsync(Run run, EscalationDecision decision, CustomerAccount? account, CancellationToken cancellationToken, string? skipReason = null)
    {
        // The lease is measured from just before the claim is asked for (the journal starts it at the grant, later).
        long leaseStarted = _time.GetTimestamp();
        var request = new ClaimRequest(decision, run.Options.WorkerId, run.At, run.Options.Lease) { ClaimedAt = NowIn(run, leaseStarted) };
        var claim = await _journal.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
        switch (claim.Status)
        {
            case ClaimStatus.Claimed:
                break;
            case ClaimStatus.AlreadyCompleted:
                Count(run, decision, RunOutcome.AlreadyCompleted);
                return;
            case ClaimStatus.InFlight:
                Count(run, decision, RunOutcome.InFlight);
                return;
            default:
                Count(run, decision, RunOutcome.RetryNotDue);
                return;
        }

        var (record, outcome) = skipReason is null
            ? await DispatchClaimedAsync(run, decision, account, claim.Attempt, leaseStarted, cancellationToken).ConfigureAwait(false)
            : (DispatchRecord.Skipped(decision.IdempotencyKey, run.Options.WorkerId, claim.Attempt, run.At, skipReason), RunOutcome.Skipped);
        if (record is null)
        {
            // The lease ran out before the dispatch and the journal did not renew it: nothing was dispatched.
            RunnerLog.LeaseLost(_logger, decision.IdempotencyKey, claim.Attempt);
            Count(run, decision, RunOutcome.ClaimLost);
            return;
        }

        // The outcome of a dispatch that was carried out is recorded even when the run is being cancelled (another
        // worker may cancel while this one is between its send and its record): a stopped run must not leave a sent
        // message unrecorded, which a later run would send again.
        bool recorded = await RecordAsync(record, decision.AccountId, CancellationToken.None).ConfigureAwait(false);
        if (!recorded)
        {
            RunnerLog.ClaimLost(_logger, decision.IdempotencyKey, claim.Attempt);
            outcome = RunOutcome.ClaimLost;
        }
        else if (outcome == RunOutcome.Poisoned)
        {
            RunnerLog.Poisoned(_logger, decision.IdempotencyKey, claim.Attempt, record.Error!);
            run.Tally.Poison(new PoisonedDecision(decision.IdempotencyKey, decision.AccountId, claim.Attempt, record.Error!));
            _telemetry?.Poisoned(decision);
        }

        Count(run, decision, outcome);
    }

    private async ValueTask<(DispatchRecord? Record, RunOutcome Outcome)> DispatchClaimedAsync(Run run, EscalationDecision decision, CustomerAccount? account, int attempt, long leaseStarted, CancellationToken cancellationToken)
    {
        var options = run.Options;
        string key = decision.IdempotencyKey;
        if (attempt > options.MaxAttempts)
        {
            return (DispatchRecord.Poisoned(key, options.WorkerId, attempt, run.At, $"claimed {attempt - 1} times without an outcome being recorded (worker crashed or hung); given up after {options.MaxAttempts} attempts"), RunOutcome.Poisoned);
        }

        if (account is null)
        {
            return (DispatchRecord.Skipped(key, options.WorkerId, attempt, run.At, $"account '{decision.AccountId}' no longer exists"), RunOutcome.Skipped);
        }

        if (attempt > 1 && decision.AmountDue.Amount > 0m && !decision.ItemIds.IsEmpty && AllSettled(account, decision.ItemIds))
        {
            return (DispatchRecord.Skipped(key, options.WorkerId, attempt, run.At, "every item of the decision was settled before the retry"), RunOutcome.Skipped);
        }

        using var activity = _telemetry?.ActivitySource.StartActivity("cobranza.dispatch");
        activity?.SetTag("cobranza.key", key);
        CancellationTokenSource? timeout = null;
        try
        {
            var token = cancellationToken;
            if (options.DispatchTimeout is { } limit)
            {
                timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(limit.ToTimeSpan());
                token = timeout.Token;
            }

            if (IsMessage(decision))
            {
                var link = _paymentLinks is null ? null : await _paymentLinks.GetPaymentLinkAsync(account, decision, token).ConfigureAwait(false);
                var content = _renderer.Render(decision, account, link);
                if (!await LeaseHoldsAsync(run, key, attempt, leaseStarted, token).ConfigureAwait(false))
                {
                    return (null, RunOutcome.ClaimLost);
                }

                var deliveryId = await _sender.SendAsync(new OutboundMessage(decision, account.Customer, decision.Channel!.Value, content), token).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(deliveryId))
                {
                    throw new InvalidOperationException($"The notification sender returned an empty delivery id for '{key}'.");
                }

                return (DispatchRecord.Dispatched(key, options.WorkerId, attempt, run.At, deliveryId), RunOutcome.Dispatched);
            }

            var handler = Array.Find(_handlers, h => h.CanHandle(decision.Action));
            if (handler is null)
            {
                return (DispatchRecord.Poisoned(key, options.WorkerId, attempt, run.At, $"no IActionHandler handles {decision.Action} (register one with UseActionHandler<T>())"), RunOutcome.Poisoned);
            }

            var rendered = decision.TemplateKey is null ? null : _renderer.Render(decision, account, null);
            if (!await LeaseHoldsAsync(run, key, attempt, leaseStarted, token).ConfigureAwait(false))
            {
                return (null, RunOutcome.ClaimLost);
            }

            var result = await handler.HandleAsync(new ActionRequest(decision, account, rendered), token).ConfigureAwait(false);
            return result.IsDone
                ? (DispatchRecord.Dispatched(key, options.WorkerId, attempt, run.At, result.Reference), RunOutcome.Dispatched)
                : (DispatchRecord.Skipped(key, options.WorkerId, attempt, run.At, result.SkipReason!), RunOutcome.Skipped);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            string error = ex is OperationCanceledException && timeout is not null && timeout.IsCancellationRequested
                ? $"timed out after {options.DispatchTimeout!.Value.TotalSeconds:0.###} s"
                : Describe(ex);
            _telemetry?.DispatchFailed(decision);
            RunnerLog.DispatchFailed(_logger, key, attempt, error);
            activity?.SetStatus(ActivityStatusCode.Error, error);
            return attempt >= options.MaxAttempts
                ? (DispatchRecord.Poisoned(key, options.WorkerId, attempt, run.At, $"failed {attempt} times; last error: {error}"), RunOutcome.Poisoned)
                : (DispatchRecord.Failed(key, options.WorkerId, attempt, run.At, error, run.At + options.RetryDelayAfter(attempt)), RunOutcome.Failed);
        }
        finally
        {
            timeout?.Dispose();
        }
    }

    // A worker whose lease may run out before its dispatch ends (less than the dispatch timeout left, or half the
    // lease when there is no timeout) re-checks with the journal, which renews the claim only if this worker still
    // holds it unexpired by the journal's clock. The stopwatch started before the claim was asked for, so the worker's
    // view of its lease never outlasts the journal's.
    private async ValueTask<bool> LeaseHoldsAsync(Run run, string key, int attempt, long leaseStarted, CancellationToken cancellationToken)
    {
        var lease = run.Options.Lease.ToTimeSpan();
        var margin = run.Options.DispatchTimeout?.ToTimeSpan() ?? lease / 2;
        if (_time.GetElapsedTime(leaseStarted) + margin < lease)
        {
            return true;
        }

        long renewing = _time.GetTimestamp();
        return await _journal.RenewAsync(new ClaimRenewal(key, run.Options.WorkerId, attempt, NowIn(run, renewing), run.Options.Lease), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's instant plus the time elapsed from the run's start to <paramref name="timestamp"/>: the worker's reading of "now".</summary>
    private Instant NowIn(Run run, long timestamp) => run.At + Duration.FromTimeSpan(_time.GetElapsedTime(run.Started, timestamp));

    // The record closes the at-least-once window: retry it at once a few times before giving up on the account
    // (the claim then expires and a later run dispatches again).
    // A record whose answer was lost (it threw after the journal stored it) is refused when tried again, as a lost
    // claim is: after a failed try, a refusal is told apart by re-reading the key — the journal holds this very outcome
    // for this very attempt (a take-over would have moved the attempt on) — and counts as recorded.
    private async ValueTask<bool> RecordAsync(DispatchRecord record, string accountId, CancellationToken cancellationToken)
    {
        bool threw = false;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (await _journal.RecordAsync(record, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                return threw && await IsRecordedAsync(record, accountId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < RecordAttempts && !cancellationToken.IsCancellationRequested)
            {
                threw = true;
                RunnerLog.RecordRetried(_logger, record.IdempotencyKey, attempt, ex);
            }
        }
    }

    private async ValueTask<bool> IsRecordedAsync(DispatchRecord record, string accountId, CancellationToken cancellationToken)
    {
        var history = await _journal.GetHistoryAsync(accountId, cancellationToken).ConfigureAwait(false);
        foreach (var entry in history.Entries)
        {
            if (string.Equals(entry.IdempotencyKey, record.IdempotencyKey, StringComparison.Ordinal))
            {
                return entry.Outcome == record.Outcome && entry.Attempts == record.Attempt;
            }
        }

        return false;
    }

    /// <summary>Whether a decision is delivered through the <see cref="INotificationSender"/>: a notice or legal notice with a channel other than a phone call and a template.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns><see langword="true"/> for a message.</returns>
    public static bool IsMessage(EscalationDecision decision)
        => Guard.NotNull(decision).Action is EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice
            && decision.Channel is { } channel && channel != NotificationChannel.PhoneCall
            && decision.TemplateKey is not null;

    private static bool AllSettled(CustomerAccount account, ImmutableArray<string> itemIds)
    {
        foreach (var id in itemIds)
        {
            if (account.TryGetItem(id, out var item) && !item.IsSettled)
            {
                return false;
            }
        }

        return true;
    }

    private void Count(Run run, EscalationDecision decision, RunOutcome outcome)
    {
        run.Tally.Count(decision, outcome);
        _telemetry?.Decision(decision, outcome);
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    private sealed record Run(Instant At, RunOptions Options, RunTally Tally, long Started)
    {
        private int _pages;
        private int _accounts;

        public IProgress<RunProgress>? Progress { get; init; }

        /// <summary>Reports a page whose accounts are processed and wake-ups stored (called by the page's last worker).</summary>
        public void PageCompleted(int accounts)
        {
            int total = Interlocked.Add(ref _accounts, accounts);
            int pages = Interlocked.Increment(ref _pages);
            Progress?.Report(new RunProgress(At, Options.Partition, pages, total));
        }

        // At most two pages are between processing and their stored wake-ups (the one being saved and the one being
        // processed), so two spare buffers recycle the wake-up arrays of a run instead of allocating one per page.
        private NextEvaluation[]? _spare0;
        private NextEvaluation[]? _spare1;

        /// <summary>A cleared buffer of <paramref name="length"/> wake-ups.</summary>
        public NextEvaluation[] RentWakeUps(int length)
        {
            var buffer = Interlocked.Exchange(ref _spare0, null) ?? Interlocked.Exchange(ref _spare1, null);
            if (buffer is null || buffer.Length != length)
            {
                return new NextEvaluation[length];
            }

            Array.Clear(buffer);
            return buffer;
        }

        /// <summary>Gives a buffer back once the store is done with it (the batch call has completed).</summary>
        public void ReturnWakeUps(NextEvaluation[] buffer)
        {
            if (Interlocked.CompareExchange(ref _spare0, buffer, null) is not null)
            {
                Interlocked.CompareExchange(ref _spare1, buffer, null);
            }
        }
    }

    /// <summary>One page being processed: its accounts, the workers' shared cursor, the wake-ups by position, and the next page.</summary>
    private sealed class PageWork
    {
        private const int MaxChunk = 32;
        private readonly string? _nextToken;
        private int _cursor;
        private int _active;
        private Task<PageWork?>? _next;

        public PageWork(Run run, DueAccountPage page, int workers)
        {
            Run = run;
            Accounts = page.Accounts;
            _nextToken = page.ContinuationToken;
            Workers = workers;
            _active = workers;
            WakeUps = run.RentWakeUps(Accounts.Length);
            // Chunks small enough that every worker gets several per page (adapters that wait keep MaxDegreeOfParallelism
            // accounts in flight), large enough that taking one is rare.
            Chunk = Math.Clamp(Accounts.Length / (workers * 4), 1, MaxChunk);
        }

        public Run Run { get; }

        public ImmutableArray<DueAccount> Accounts { get; }

        public int Workers { get; }

        public int Chunk { get; }

        /// <summary>The wake-up of the account at each position; default where the account failed (it stays due).</summary>
        public NextEvaluation[] WakeUps { get; }

        /// <summary>The first position of the next chunk (at or past the end when the page is done).</summary>
        public int TakeChunk() => Interlocked.Add(ref _cursor, Chunk) - Chunk;

        /// <summary>Whether the chunk at <paramref name="start"/> is the one whose worker reads the next page ahead (the middle chunk, with several workers).</summary>
        public bool IsReadAheadChunk(int start) => Workers > 1 && _nextToken is not null && start <= Accounts.Length / 2 && Accounts.Length / 2 < start + Chunk;

        /// <summary>A worker is done with the page; <see langword="true"/> for the last one (it stores the wake-ups).</summary>
        public bool Leave() => Interlocked.Decrement(ref _active) == 0;

        /// <summary>The next page (null after the last one), read once by whichever worker asks first; a read failure ends every worker.</summary>
        public Task<PageWork?> StartNextPage(CollectionRunner runner, CancellationToken cancellationToken)
        {
            if (_next is { } started)
            {
                return started;
            }

            var mine = new TaskCompletionSource<PageWork?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var winner = Interlocked.CompareExchange(ref _next, mine.Task, null);
            if (winner is not null)
            {
                return winner;
            }

            _ = ReadNextAsync(runner, mine, cancellationToken);
            return mine.Task;
        }

        private async Task ReadNextAsync(CollectionRunner runner, TaskCompletionSource<PageWork?> next, CancellationToken cancellationToken)
        {
            if (_nextToken is null)
            {
                next.SetResult(null);
                return;
            }

            try
            {
                var page = await runner.ReadPageAsync(Run, _nextToken, cancellationToken).ConfigureAwait(false);
                next.SetResult(page.Accounts.IsEmpty ? null : new PageWork(Run, page, Workers));
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                next.SetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                next.SetException(ex);
            }
        }

        /// <summary>The wake-ups of the accounts processed, in page order.</summary>
        public IReadOnlyList<NextEvaluation> CompletedWakeUps()
        {
            int done = 0;
            foreach (var w in WakeUps)
            {
                if (w.AccountId is not null)
                {
                    done++;
                }
            }

            if (done == WakeUps.Length)
            {
                return WakeUps;
            }

            var completed = new NextEvaluation[done];
            int j = 0;
            foreach (var w in WakeUps)
            {
                if (w.AccountId is not null)
                {
                    completed[j++] = w;
                }
            }

            return completed;
        }
    }
}

/// <summary>High-performance log messages of the runner.</summary>
internal static partial class RunnerLog
{
    [LoggerMessage(1, LogLevel.Information, "Collection run at {At} started (partition {Partition}, worker {WorkerId})")]
    public static partial void RunStarted(ILogger logger, Instant at, string partition, string workerId);

    [LoggerMessage(2, LogLevel.Information, "Collection run at {At} completed: {Accounts} accounts, {Dispatched} dispatched, {Failed} failed, {Poisoned} poisoned, {AccountFailures} account failures in {ElapsedMs} ms")]
    public static partial void RunCompleted(ILogger logger, Instant at, int accounts, int dispatched, int failed, int poisoned, int accountFailures, double elapsedMs);

    [LoggerMessage(3, LogLevel.Error, "Account {AccountId} could not be processed; it stays due")]
    public static partial void AccountFailed(ILogger logger, string accountId, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Dispatch of {IdempotencyKey} failed (attempt {Attempt}): {Error}")]
    public static partial void DispatchFailed(ILogger logger, string idempotencyKey, int attempt, string error);

    [LoggerMessage(5, LogLevel.Error, "Decision {IdempotencyKey} poisoned after attempt {Attempt}: {Reason}")]
    public static partial void Poisoned(ILogger logger, string idempotencyKey, int attempt, string reason);

    [LoggerMessage(6, LogLevel.Warning, "The claim of {IdempotencyKey} (attempt {Attempt}) was taken over before its outcome was recorded")]
    public static partial void ClaimLost(ILogger logger, string idempotencyKey, int attempt);

    [LoggerMessage(10, LogLevel.Warning, "The lease of {IdempotencyKey} (attempt {Attempt}) ran out before its dispatch and was not renewed; nothing was dispatched")]
    public static partial void LeaseLost(ILogger logger, string idempotencyKey, int attempt);

    [LoggerMessage(8, LogLevel.Warning, "Recording the outcome of {IdempotencyKey} failed (try {Try}); retrying")]
    public static partial void RecordRetried(ILogger logger, string idempotencyKey, int @try, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Saving {Count} wake-ups in one batch failed; saving them one by one")]
    public static partial void BatchSaveFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "Pending dispatches could not be listed from the journal; they are resumed by a later run")]
    public static partial void PendingUnavailable(ILogger logger, Exception exception);
}
