using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Ports;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>What became of one decision in a run (the summary's outcome dimension).</summary>
public enum RunOutcome
{
    /// <summary>Carried out this run.</summary>
    Dispatched = 0,

    /// <summary>The attempt failed; retried on a later run.</summary>
    Failed = 1,

    /// <summary>Deliberately not carried out (handler skipped it, or it is no longer relevant).</summary>
    Skipped = 2,

    /// <summary>Given up after too many attempts (or impossible); reported with its reason.</summary>
    Poisoned = 3,

    /// <summary>Not yet allowed (its not-before instant is later); the account wakes up then.</summary>
    Deferred = 4,

    /// <summary>The journal says it was completed already (dispatched, skipped or poisoned).</summary>
    AlreadyCompleted = 5,

    /// <summary>Another worker holds it.</summary>
    InFlight = 6,

    /// <summary>It failed before and its retry is not due yet.</summary>
    RetryNotDue = 7,

    /// <summary>Dispatched, but the claim had expired and been taken over before the outcome was recorded.</summary>
    ClaimLost = 8,
}

/// <summary>How many decisions of one stage, action and channel had one outcome.</summary>
/// <param name="StageId">The stage.</param>
/// <param name="Action">The action.</param>
/// <param name="Channel">The channel, or <see langword="null"/>.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Count">How many.</param>
public sealed record DecisionCount(string StageId, EscalationActionKind Action, NotificationChannel? Channel, RunOutcome Outcome, int Count);

/// <summary>A decision given up, with its reason.</summary>
/// <param name="IdempotencyKey">The key.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Reason">Why it was given up.</param>
public sealed record PoisonedDecision(string IdempotencyKey, string AccountId, int Attempts, string Reason);

/// <summary>An account the run could not process (an adapter or the evaluator threw); it stays due and is retried next run.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Error">The error.</param>
public sealed record AccountFailure(string AccountId, string Error);

/// <summary>The result of one collection cycle. Immutable.</summary>
public sealed class RunSummary
{
    internal RunSummary(
        Instant at,
        Partition partition,
        TimeSpan elapsed,
        int accountsEvaluated,
        int accountsMissing,
        int pendingResumed,
        ImmutableArray<DecisionCount> counts,
        ImmutableArray<Money> overdue,
        ImmutableArray<Money> interestCharged,
        ImmutableArray<Money> feesCharged,
        ImmutableArray<Money> interestOnNotices,
        ImmutableArray<Money> feesOnNotices,
        ImmutableArray<PoisonedDecision> poisoned,
        ImmutableArray<AccountFailure> accountFailures)
    {
        At = at;
        Partition = partition;
        Elapsed = elapsed;
        AccountsEvaluated = accountsEvaluated;
        AccountsMissing = accountsMissing;
        PendingResumed = pendingResumed;
        Counts = counts;
        Overdue = overdue;
        InterestCharged = interestCharged;
        FeesCharged = feesCharged;
        InterestOnNotices = interestOnNotices;
        FeesOnNotices = feesOnNotices;
        Poisoned = poisoned;
        AccountFailures = accountFailures;
    }

    /// <summary>The instant of the run.</summary>
    public Instant At { get; }

    /// <summary>The partition that ran.</summary>
    public Partition Partition { get; }

    /// <summary>Wall-clock duration of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Accounts evaluated.</summary>
    public int AccountsEvaluated { get; }

    /// <summary>Accounts listed as due whose snapshot no longer exists (their wake-up is cleared).</summary>
    public int AccountsMissing { get; }

    /// <summary>Failed or stale dispatches taken from the journal.</summary>
    public int PendingResumed { get; }

    /// <summary>Decisions by stage, action, channel and outcome, sorted.</summary>
    public ImmutableArray<DecisionCount> Counts { get; }

    /// <summary>
    /// The overdue amounts (<see cref="Receivables.CustomerAccount.OverdueOn"/> on each customer's local date of the run)
    /// of the accounts evaluated in this run, each account once, one total per currency (zero totals omitted), sorted by
    /// currency code. Accounts touched only to resume a pending dispatch are not included.
    /// </summary>
    public ImmutableArray<Money> Overdue { get; }

    /// <summary>
    /// Interest posted: the sum of the interest <see cref="EscalationDecision.Charges"/> (what the handler posts) over the
    /// <see cref="EscalationActionKind.ChargeLateInterest"/> decisions whose outcome in this run is
    /// <see cref="RunOutcome.Dispatched"/> (handed to the action handler, which posts the charge), one total per currency,
    /// sorted by currency code (a currency appears when such a decision was dispatched in it, even with a zero amount). Interest merely stated on notices is in <see cref="InterestOnNotices"/>; a
    /// <see cref="RunOutcome.ClaimLost"/> dispatch is counted by the worker that took it over.
    /// </summary>
    public ImmutableArray<Money> InterestCharged { get; }

    /// <summary>
    /// Fees posted: the sum of the fee <see cref="EscalationDecision.Charges"/> (what the handler posts) over the
    /// <see cref="EscalationActionKind.ApplyLateFee"/> decisions with outcome <see cref="RunOutcome.Dispatched"/> in this
    /// run, one total per currency, sorted by currency code (same rules as <see cref="InterestCharged"/>).
    /// </summary>
    public ImmutableArray<Money> FeesCharged { get; }

    /// <summary>
    /// Interest reported on notices: the sum of <see cref="EscalationDecision.InterestAmount"/> over the
    /// <see cref="EscalationActionKind.SendNotice"/> and <see cref="EscalationActionKind.LegalNotice"/> decisions with
    /// outcome <see cref="RunOutcome.Dispatched"/> in this run, one total per currency (present, possibly zero, when a notice in it was dispatched), sorted by currency code. An amount
    /// told to the customer, not a charge: two notices stating the same interest count it twice.
    /// </summary>
    public ImmutableArray<Money> InterestOnNotices { get; }

    /// <summary>
    /// Fees reported on notices: the sum of <see cref="EscalationDecision.FeeAmount"/> over the dispatched notices, as
    /// <see cref="InterestOnNotices"/>.
    /// </summary>
    public ImmutableArray<Money> FeesOnNotices { get; }

    /// <summary>Decisions poisoned in this run, with their reasons.</summary>
    public ImmutableArray<PoisonedDecision> Poisoned { get; }

    /// <summary>Accounts the run could not process (first 1,000).</summary>
    public ImmutableArray<AccountFailure> AccountFailures { get; }

    /// <summary>The number of decisions with <paramref name="outcome"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public int CountOf(RunOutcome outcome) => Counts.Where(c => c.Outcome == outcome).Sum(c => c.Count);

    /// <summary>The number of decisions of <paramref name="stageId"/> with <paramref name="outcome"/>.</summary>
    /// <param name="stageId">The stage.</param>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public int CountOf(string stageId, RunOutcome outcome)
        => Counts.Where(c => c.Outcome == outcome && string.Equals(c.StageId, stageId, StringComparison.Ordinal)).Sum(c => c.Count);

    /// <inheritdoc/>
    public override string ToString()
        => $"Run at {At} ({Partition}): {AccountsEvaluated} accounts, {CountOf(RunOutcome.Dispatched)} dispatched, {CountOf(RunOutcome.Failed)} failed, {CountOf(RunOutcome.Poisoned)} poisoned, {AccountFailures.Length} account failures in {Elapsed.TotalMilliseconds:0} ms";
}

/// <summary>Thread-safe accumulator of a run's figures.</summary>
internal sealed class RunTally
{
    private const int MaxFailuresKept = 1000;
    private readonly object _gate = new();
    private readonly Dictionary<(string, EscalationActionKind, NotificationChannel?, RunOutcome), int> _counts = new();
    private readonly Dictionary<string, Money> _overdue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Money> _interest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Money> _fees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Money> _noticeInterest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Money> _noticeFees = new(StringComparer.Ordinal);
    private readonly List<PoisonedDecision> _poisoned = new();
    private readonly List<AccountFailure> _failures = new();
    private int _evaluated;
    private int _missing;
    private int _resumed;

    /// <summary>Adds a worker's figures (evaluated and missing accounts, overdue totals): the same sums, added per worker.</summary>
    public void Merge(WorkerTally worker)
    {
        System.Threading.Interlocked.Add(ref _evaluated, worker.Evaluated);
        System.Threading.Interlocked.Add(ref _missing, worker.Missing);
        if (!worker.HasOverdue)
        {
            return;
        }

        lock (_gate)
        {
            worker.AddOverdueTo(_overdue);
        }
    }

    public void Missing() => System.Threading.Interlocked.Increment(ref _missing);

    public void Resumed() => System.Threading.Interlocked.Increment(ref _resumed);

    public void Count(EscalationDecision decision, RunOutcome outcome)
    {
        lock (_gate)
        {
            var key = (decision.StageId, decision.Action, decision.Channel, outcome);
            _counts[key] = _counts.TryGetValue(key, out var n) ? n + 1 : 1;
            if (outcome == RunOutcome.Dispatched)
            {
                if (decision.Action == EscalationActionKind.ChargeLateInterest)
                {
                    Add(_interest, Posted(decision, ChargeKind.Interest));
                }
                else if (decision.Action == EscalationActionKind.ApplyLateFee)
                {
                    Add(_fees, Posted(decision, ChargeKind.Fee));
                }
                else if (decision.Action is EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice)
                {
                    Add(_noticeInterest, decision.InterestAmount);
                    Add(_noticeFees, decision.FeeAmount);
                }
            }
        }
    }

    /// <summary>What a charge decision posts: the sum of its <see cref="EscalationDecision.Charges"/> of one kind (the handler posts exactly these).</summary>
    private static Money Posted(EscalationDecision decision, ChargeKind kind)
    {
        var total = Money.Zero(decision.PrincipalAmount.Currency);
        foreach (var charge in decision.Charges)
        {
            if (charge.Kind == kind)
            {
                total += charge.Amount;
            }
        }

        return total;
    }

    public void Poison(PoisonedDecision poisoned)
    {
        lock (_gate)
        {
            _poisoned.Add(poisoned);
        }
    }

    public void Fail(AccountFailure failure)
    {
        lock (_gate)
        {
            if (_failures.Count < MaxFailuresKept)
            {
                _failures.Add(failure);
            }
        }
    }

    public RunSummary ToSummary(Instant at, Partition partition, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var counts = _counts
                .Select(kv => new DecisionCount(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value))
                .OrderBy(c => c.StageId, StringComparer.Ordinal).ThenBy(c => c.Action).ThenBy(c => c.Channel).ThenBy(c => c.Outcome)
                .ToImmutableArray();
            return new RunSummary(
                at,
                partition,
                elapsed,
                _evaluated,
                _missing,
                _resumed,
                counts,
                Sorted(_overdue),
                Sorted(_interest),
                Sorted(_fees),
                Sorted(_noticeInterest),
                Sorted(_noticeFees),
                _poisoned.OrderBy(p => p.IdempotencyKey, StringComparer.Ordinal).ToImmutableArray(),
                _failures.OrderBy(f => f.AccountId, StringComparer.Ordinal).ToImmutableArray());
        }
    }

    internal static void Add(Dictionary<string, Money> totals, Money amount)
    {
        totals[amount.Currency.Code] = totals.TryGetValue(amount.Currency.Code, out var sum) ? sum + amount : amount;
    }

    private static ImmutableArray<Money> Sorted(Dictionary<string, Money> totals)
        => totals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToImmutableArray();
}

/// <summary>
/// One worker's figures for one page, without locks: accounts evaluated and missing, and the overdue totals (the first
/// currency kept in a field, others in a dictionary). Decimal additions are exact, so the totals do not depend on how
/// accounts are split among workers.
/// </summary>
internal sealed class WorkerTally(Instant at)
{
    private readonly Instant _at = at;
    private NodaTime.DateTimeZone? _zone;
    private LocalDate _date;
    private Money _overdue;
    private bool _hasOverdue;
    private Dictionary<string, Money>? _otherOverdue;

    public int Evaluated { get; private set; }

    public int Missing { get; set; }

    public bool HasOverdue => _hasOverdue;

    /// <summary>Counts an evaluated account and adds its overdue amount on the customer's local date of the run.</summary>
    public void Evaluate(Receivables.CustomerAccount account)
    {
        Evaluated++;
        var zone = account.Customer.TimeZone;
        if (!ReferenceEquals(zone, _zone))
        {
            _date = _at.InZone(zone).Date;
            _zone = zone;
        }

        var overdue = account.OverdueOn(_date);
        if (overdue.Amount == 0m)
        {
            return;
        }

        if (!_hasOverdue)
        {
            _overdue = overdue;
            _hasOverdue = true;
        }
        else if (overdue.Currency == _overdue.Currency)
        {
            _overdue += overdue;
        }
        else
        {
            RunTally.Add(_otherOverdue ??= new Dictionary<string, Money>(StringComparer.Ordinal), overdue);
        }
    }

    public void AddOverdueTo(Dictionary<string, Money> totals)
    {
        if (_hasOverdue)
        {
            RunTally.Add(totals, _overdue);
        }

        if (_otherOverdue is not null)
        {
            foreach (var amount in _otherOverdue.Values)
            {
                RunTally.Add(totals, amount);
            }
        }
    }
}
