using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Installments;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.Faults;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Simulation;

/// <summary>What a simulation found: the violations (empty when every invariant held) and its statistics.</summary>
public sealed record SimulationResult(SimulationSettings Settings, IReadOnlyList<string> Violations, IReadOnlyDictionary<string, long> Stats, TimeSpan Elapsed)
{
    /// <summary>Wall time per phase (not part of the deterministic outcome).</summary>
    public string Phases { get; init; } = string.Empty;

    /// <summary>A report for the test output.</summary>
    public string Describe()
        => $"{Settings}\nelapsed {Elapsed.TotalSeconds:0.0} s ({Phases})\n"
            + string.Join("\n", Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"  {s.Key} = {s.Value.ToString(CultureInfo.InvariantCulture)}"))
            + (Violations.Count == 0 ? "\nno violation" : $"\n{Violations.Count} violation(s):\n" + string.Join("\n", Violations.Take(50)));
}

/// <summary>
/// A deterministic simulation of a portfolio collected every day by <see cref="CollectionRunner"/> over the in-memory
/// adapters of Cobranza.Testing, with seeded adapter faults and crash-restarts of the runner. See docs/simulation.md.
/// </summary>
public sealed class PortfolioSimulation
{
    private static readonly LocalDate Start = new(2026, 1, 1);

    // The cycle runs every day at 15:30 UTC: 16:30/17:30 in Madrid, 10:30 in Bogotá, 09:30 in Mexico City — inside the
    // default send window (09:00–18:00 local) of every customer, so notices are deferred only by weekends and holidays.
    private static readonly LocalTime CycleTime = new(15, 30);

    private static readonly (string Country, string Zone, Currency Currency, decimal Scale, decimal Fee)[] Countries =
    {
        // Fees: a fixed recovery fee per currency (simulation values; Spain's 40 EUR is Ley 3/2004 art. 8.1).
        ("ES", "Europe/Madrid", Currency.EUR, 1m, 40m),
        ("CO", "America/Bogota", Currency.COP, 1000m, 150000m),
        ("MX", "America/Mexico_City", Currency.MXN, 10m, 400m),
    };

    private static readonly int[] NetDays = { 0, 15, 30, 30, 45, 60, 90 };

    private readonly SimulationSettings _settings;
    private readonly Random _rng;
    private readonly EscalationPolicy _policy = EscalationPolicies.Default;
    private readonly Dictionary<string, int> _stageIndex;
    private readonly InMemoryReceivableStore _store = new();
    private readonly Dictionary<string, CustomerProfile> _profiles = new(StringComparer.Ordinal);
    private readonly InMemoryCollectionJournal _journal = new();
    private readonly Model[] _models;
    private readonly Dictionary<string, Model> _byId = new(StringComparer.Ordinal);
    private readonly SortedDictionary<LocalDate, List<Planned>> _agenda = new();
    private readonly List<string> _violations = new();
    private readonly Dictionary<string, long> _stats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _mustComplete = new(StringComparer.Ordinal);
    private readonly DeliveryLedger _deliveries;
    private readonly ProviderActionHandler _providerHandler;
    private readonly ProbeEvaluator _evaluator;
    private readonly CrashSwitch _crash = new();
    private readonly FaultInjector[] _faults;
    private readonly IReceivableStore _runnerStore;
    private readonly ICollectionJournal _runnerJournal;
    private readonly INotificationSender _runnerSender;
    private readonly IActionHandler _runnerHandler;
    private readonly long[] _phases = new long[5];
    private long _ledgerTicks;
    private LocalDate _today;
    private string _worker = "sim-worker-1";
    private int _workers = 1;

    /// <summary>Creates a simulation.</summary>
    /// <param name="settings">Seed, size and chaos.</param>
    /// <param name="journalMutation">For the harness's own tests: wraps the journal the runner sees (e.g. a broken journal the invariants must catch).</param>
    public PortfolioSimulation(SimulationSettings settings, Func<ICollectionJournal, ICollectionJournal>? journalMutation = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _rng = new Random(settings.Seed);
        _stageIndex = _policy.Stages.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _deliveries = new DeliveryLedger(_journal, () => $"seed {_settings.Seed}, day {Iso(_today)}");
        _providerHandler = new ProviderActionHandler(_deliveries, Charges);
        _evaluator = new ProbeEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), _policy, _journal);

        // Adapter faults (throw, time out, deliver twice) at the seeded rate, one injector per adapter; the provider
        // adapters (sender, action handler) also lose their answer after accepting (issue 14 §4).
        const FaultKinds kinds = FaultKinds.Throw | FaultKinds.Timeout | FaultKinds.DeliverTwice;
        _faults = Enumerable.Range(1, 4).Select(i => new FaultInjector(unchecked(settings.Seed * 31 + i), settings.FaultRate, i >= 3 ? kinds | FaultKinds.AnswerLost : kinds)).ToArray();
        _runnerStore = new ProbeStore(new FaultyReceivableStore(_store, _faults[0]), _crash);
        ICollectionJournal faultyJournal = new FaultyCollectionJournal(_journal, _faults[1]);
        _runnerJournal = new ProbeJournal(journalMutation is null ? faultyJournal : journalMutation(faultyJournal), _deliveries, _crash);
        _runnerSender = new ProbeSender(new FaultyNotificationSender(new ProviderSender(_deliveries), _faults[2]), _deliveries, _crash, () => _worker);
        _runnerHandler = new ProbeActionHandler(new FaultyActionHandler(_providerHandler, _faults[3]), _deliveries, _crash, () => _worker);

        _models = new Model[settings.Accounts];
        for (int i = 0; i < settings.Accounts; i++)
        {
            var (country, zone, currency, scale, fee) = Countries[_rng.Next(Countries.Length)];
            string id = $"acc-{i:D5}";
            var optedOut = _rng.NextDouble() < 0.05 ? ImmutableArray.Create(NotificationChannel.Email) : ImmutableArray<NotificationChannel>.Empty;
            var profile = new CustomerProfile(
                $"cust-{i:D5}", $"Cliente {i}", Language.FromTag(_rng.NextDouble() < 0.1 ? "en" : country == "ES" ? "es" : $"es-{country}"),
                DateTimeZoneProviders.Tzdb[zone], country, optedOutChannels: optedOut);
            var model = new Model(id, currency, scale, fee, (Behaviour)Pick(0.45, 0.30, 0.15), 10 + _rng.Next(50));
            _models[i] = model;
            _byId.Add(id, model);
            _profiles.Add(id, profile);
            _store.Put(CustomerAccount.Open(id, currency, profile), null);
        }
    }

    private enum Behaviour
    {
        Punctual = 0,
        Late = 1,
        Slow = 2,
        Defaulter = 3,
    }

    private enum Plan
    {
        PayItem,
        PayAmount,
        OpenDispute,
        ResolveDispute,
        CreditNote,
        PlanInstallment,
    }

    /// <summary>Runs the simulation.</summary>
    public async Task<SimulationResult> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        int chaosDays = Period.DaysBetween(Start, Start.PlusYears(_settings.Years));
        int total = chaosDays + _settings.SettleDays;
        for (int day = 0; day < total; day++)
        {
            _today = Start.PlusDays(day);
            bool chaos = day < chaosDays;
            foreach (var f in _faults)
            {
                f.Paused = !chaos;
            }

            var at = _today.At(CycleTime).InUtc().ToInstant();
            long t0 = Stopwatch.GetTimestamp();
            if (chaos)
            {
                Generate();
            }

            long t1 = Stopwatch.GetTimestamp();
            ApplyAgenda(at);
            long t2 = Stopwatch.GetTimestamp();
            await CycleAsync(at, chaos && _rng.NextDouble() < _settings.CrashRate).ConfigureAwait(false);
            long t3 = Stopwatch.GetTimestamp();
            ApplyHostCharges(at);
            long t4 = Stopwatch.GetTimestamp();
            _phases[0] += t1 - t0;
            _phases[1] += t2 - t1;
            _phases[2] += t3 - t2;
            _phases[3] += t4 - t3;
        }

        long t5 = Stopwatch.GetTimestamp();
        FinalChecks();
        _phases[4] += Stopwatch.GetTimestamp() - t5;
        Count("faults.injected", _faults.Sum(f => f.Injected));
        Count("dispatch.total", _deliveries.TotalDispatches);
        Count("dispatch.adapterDuplicates(deliverTwice)", _deliveries.AdapterDuplicates);
        Count("dispatch.unrecordedRedispatches(atLeastOnceWindow)", _deliveries.UnrecordedRedispatches);
        Count("dispatch.resentAfterLostAnswer(atLeastOnceAtProvider)", _deliveries.ResentAfterLostAnswer);
        Count("journal.keys", _journal.Count);
        _violations.AddRange(_deliveries.Violations);
        clock.Stop();
        var phases = new[] { "generate", "ledger", "cycle", "charges", "final" }
            .Select((name, i) => $"{name} {Stopwatch.GetElapsedTime(0, _phases[i]).TotalSeconds:0.00} s")
            .Append($"of which Ledger.Apply {Stopwatch.GetElapsedTime(0, _ledgerTicks).TotalSeconds:0.00} s, engine {Stopwatch.GetElapsedTime(0, _evaluator.Ticks).TotalSeconds:0.00} s");
        return new SimulationResult(_settings, _violations, _stats, clock.Elapsed) { Phases = string.Join(", ", phases) };
    }

    // ------------------------------------------------------------------ the portfolio's behaviour

    private int Pick(params double[] weights)
    {
        double r = _rng.NextDouble();
        for (int i = 0; i < weights.Length; i++)
        {
            if (r < weights[i])
            {
                return i;
            }

            r -= weights[i];
        }

        return weights.Length;
    }

    private void Schedule(LocalDate date, Planned planned)
    {
        if (!_agenda.TryGetValue(date, out var list))
        {
            list = new List<Planned>();
            _agenda.Add(date, list);
        }

        list.Add(planned);
    }

    private void Generate()
    {
        foreach (var m in _models)
        {
            if (_rng.Next(m.InvoiceEveryDays) == 0)
            {
                NewInvoice(m);
            }

            // A promise or a plan is offered at random; it is made only when the account is overdue (checked then).
            if (m.Invoices > 0 && _rng.NextDouble() < 0.01)
            {
                m.WantsPromise = true;
            }

            if (m.Invoices > 0 && _rng.NextDouble() < 0.002)
            {
                m.WantsPlan = true;
            }
        }
    }

    private void NewInvoice(Model m)
    {
        string invoice = $"{m.Id}-inv{++m.Invoices}";
        var amount = Money.Of(_rng.Next(5_000, 500_000) / 100m * m.Scale, m.Currency);
        int net = NetDays[_rng.Next(NetDays.Length)];
        int portions = _rng.NextDouble() < 0.15 ? 2 + _rng.Next(2) : 1;
        var parts = portions == 1 ? new[] { amount } : amount.Allocate(Enumerable.Repeat(1m, portions).ToArray());
        for (int p = 0; p < portions; p++)
        {
            var due = _today.PlusDays(net + (30 * p));
            var item = new AccountItem(AccountEvents_ItemId(invoice, p, portions), invoice, p, _today, due, parts[p]);
            m.Pending.Add(new ItemAdded(item));
            m.Invoiced += parts[p].Amount;
            PlanPayments(m, item);
            if (_rng.NextDouble() < 0.03)
            {
                var opened = _today.PlusDays(1 + _rng.Next(20));
                Schedule(opened, new Planned(m.Id, Plan.OpenDispute, item.Id, 0m));
                Schedule(opened.PlusDays(5 + _rng.Next(40)), new Planned(m.Id, Plan.ResolveDispute, item.Id, _rng.NextDouble() < 0.5 ? (decimal)_rng.NextDouble() : 0m));
            }

            if (_rng.NextDouble() < 0.02)
            {
                Schedule(_today.PlusDays(_rng.Next(10)), new Planned(m.Id, Plan.CreditNote, item.Id, 0.1m));
            }
        }
    }

    private static string AccountEvents_ItemId(string invoice, int portion, int portions) => portions == 1 ? invoice : $"{invoice}/{portion + 1}";

    private void PlanPayments(Model m, AccountItem item)
    {
        (int from, int to, double partial, double never) = m.Behaviour switch
        {
            Behaviour.Punctual => (-5, 2, 0.02, 0.0),
            Behaviour.Late => (3, 45, 0.2, 0.01),
            Behaviour.Slow => (30, 120, 0.35, 0.05),
            _ => (60, 200, 0.4, 0.5),
        };
        if (_rng.NextDouble() < never)
        {
            return;
        }

        var first = item.DueDate.PlusDays(from + _rng.Next(to - from + 1));
        if (first < _today)
        {
            first = _today;
        }

        if (_rng.NextDouble() < partial)
        {
            Schedule(first, new Planned(m.Id, Plan.PayItem, item.Id, 0.2m + (decimal)_rng.Next(60) / 100m));
            Schedule(first.PlusDays(5 + _rng.Next(40)), new Planned(m.Id, Plan.PayItem, item.Id, 1m));
        }
        else
        {
            // 2 % overpay (unapplied credit), the rest pays what the item owes.
            Schedule(first, new Planned(m.Id, Plan.PayItem, item.Id, _rng.NextDouble() < 0.02 ? 1.1m : 1m));
        }
    }

    private void ApplyAgenda(Instant at)
    {
        if (_agenda.Remove(_today, out var planned))
        {
            foreach (var p in planned)
            {
                _byId[p.AccountId].Planned.Add(p);
            }
        }

        foreach (var m in _models)
        {
            if (m.Pending.Count == 0 && m.Planned.Count == 0 && !m.WantsPromise && !m.WantsPlan)
            {
                continue;
            }

            var account = _store.LoadAccountAsync(m.Id, CancellationToken.None).AsTask().Result!;
            var before = account;
            foreach (var e in m.Pending)
            {
                account = Apply(m, account, e);
            }

            m.Pending.Clear();
            foreach (var p in m.Planned)
            {
                account = Carry(m, account, p);
            }

            m.Planned.Clear();
            if (m.WantsPromise)
            {
                m.WantsPromise = false;
                account = Promise(m, account);
            }

            if (m.WantsPlan)
            {
                m.WantsPlan = false;
                account = StartPlan(m, account);
            }

            if (!ReferenceEquals(before, account))
            {
                _store.Update(account, at);
                CheckMoney(m, account);
            }
        }
    }

    private CustomerAccount Carry(Model m, CustomerAccount account, Planned p)
    {
        switch (p.Kind)
        {
            case Plan.PayItem:
                if (account.TryGetItem(p.ItemId!, out var item) && !item.IsSettled)
                {
                    decimal owed = item.Outstanding.Amount;
                    decimal amount = decimal.Round(owed * p.Value, m.Currency.MinorUnits, MidpointRounding.ToZero);
                    if (amount > 0m)
                    {
                        return Pay(m, account, amount);
                    }
                }

                return account;
            case Plan.PayAmount:
                return account.Outstanding.IsPositive ? Pay(m, account, Math.Min(p.Value, account.Outstanding.Amount)) : account;
            case Plan.OpenDispute:
                return account.TryGetItem(p.ItemId!, out var d) && !d.IsSettled && !d.IsDisputed
                    ? Apply(m, account, new DisputeOpened(d.Id, new ItemDispute(_today, "simulated: goods not received")))
                    : account;
            case Plan.ResolveDispute:
                if (account.TryGetItem(p.ItemId!, out var r) && r.IsDisputed)
                {
                    account = Apply(m, account, new DisputeResolved(r.Id, _today));
                    if (p.Value > 0m)
                    {
                        account = Credit(m, account, r.Id, p.Value);
                    }
                }

                return account;
            case Plan.CreditNote:
                return Credit(m, account, p.ItemId!, p.Value);
            case Plan.PlanInstallment:
                var plan = account.Plans.FirstOrDefault(x => x.PlanId == p.ItemId);
                if (plan is not null)
                {
                    string reference = $"{m.Id}-pp{++m.Payments}";
                    return Apply(m, account, new PlanPaymentReceived(plan.PlanId, reference, _today, Money.Of(p.Value, m.Currency)));
                }

                return account;
            default:
                throw new InvalidOperationException(p.Kind.ToString());
        }
    }

    private CustomerAccount Pay(Model m, CustomerAccount account, decimal amount)
    {
        var strategy = (AllocationStrategy)Pick(0.7, 0.2);
        account = Apply(m, account, new PaymentReceived($"{m.Id}-p{++m.Payments}", _today, Money.Of(amount, m.Currency), strategy));
        if (account.UnappliedCredit.IsPositive && account.Outstanding.IsPositive && _rng.NextDouble() < 0.3)
        {
            account = Apply(m, account, new UnappliedCreditApplied($"{m.Id}-ca{++m.Payments}", _today, AllocationStrategy.OldestDueFirst));
        }

        return account;
    }

    private CustomerAccount Credit(Model m, CustomerAccount account, string itemId, decimal fraction)
    {
        if (account.TryGetItem(itemId, out var item) && !item.IsSettled)
        {
            decimal amount = decimal.Round(item.PrincipalOutstanding.Amount * fraction, m.Currency.MinorUnits, MidpointRounding.ToZero);
            if (amount > 0m)
            {
                return Apply(m, account, new CreditNoteIssued($"{m.Id}-cn{++m.Credits}", _today, itemId, Money.Of(amount, m.Currency)));
            }
        }

        return account;
    }

    private CustomerAccount Promise(Model m, CustomerAccount account)
    {
        var overdue = account.OverdueOn(_today);
        if (!overdue.IsPositive || account.Promises.Any(p => p.PromisedDate.PlusDays(_policy.Suppressions.PromiseGraceDays) >= _today))
        {
            return account;
        }

        var date = _today.PlusDays(3 + _rng.Next(12));
        account = Apply(m, account, new PromiseRecorded(new PaymentPromise($"{m.Id}-pr{++m.Promises}", _today, date, overdue, ImmutableArray<string>.Empty)));
        if (_rng.NextDouble() < 0.6)
        {
            Schedule(date.PlusDays(-_rng.Next(3)), new Planned(m.Id, Plan.PayAmount, null, overdue.Amount));
            Count("promises.kept", 1);
        }
        else
        {
            Count("promises.broken", 1);
        }

        return account;
    }

    private CustomerAccount StartPlan(Model m, CustomerAccount account)
    {
        var inPlans = account.Plans.SelectMany(p => p.ItemIds).ToHashSet(StringComparer.Ordinal);
        var items = account.Items.Where(i => !i.IsSettled && !i.IsDisputed && i.DueDate < _today && !inPlans.Contains(i.Id)).ToArray();
        if (items.Length == 0 || items.Min(i => i.DueDate) > _today.PlusDays(-30))
        {
            return account; // a plan is offered to accounts at least 30 days overdue
        }

        var amount = Money.Of(items.Sum(i => i.Outstanding.Amount), m.Currency);
        var schedule = new InstallmentPlanDefinition
        {
            Amount = amount,
            StartDate = _today,
            FirstDueDate = _today.PlusMonths(1),
            InstallmentCount = 3 + _rng.Next(4),
            Method = AmortizationMethod.EqualParts,
        }.CreateSchedule(BuiltInCalendarProvider.Instance);
        string planId = $"{m.Id}-plan{++m.Plans}";
        account = Apply(m, account, new PlanStarted(new PlanEnrollment(planId, _today, items.Select(i => i.Id).ToImmutableArray(), TrackedPlan.Start(schedule), true)));
        foreach (var installment in schedule.Installments)
        {
            if (_rng.NextDouble() < 0.85)
            {
                Schedule(installment.DueDate.PlusDays(_rng.Next(-2, 6)), new Planned(m.Id, Plan.PlanInstallment, planId, installment.Total.Amount));
            }
        }

        Count("plans.started", 1);
        return account;
    }

    // The host's side of ChargeLateInterest / ApplyLateFee: computed once per decision key from the decision's snapshot.
    private IReadOnlyList<AccountEvent> Charges(CustomerAccount account, EscalationDecision decision)
    {
        var m = _byId[account.Id];
        var events = new List<AccountEvent>();
        var today = decision.DecidedAt.InZone(account.Customer.TimeZone).Date;
        AccountItem? oldest = null;
        foreach (var id in decision.ItemIds)
        {
            if (!account.TryGetItem(id, out var item) || item.IsSettled || item.IsDisputed || item.DueDate >= today)
            {
                continue;
            }

            oldest = oldest is null || item.DueDate < oldest.DueDate ? item : oldest;
            if (decision.Action == EscalationActionKind.ChargeLateInterest)
            {
                var from = item.InterestPostedThrough ?? item.DueDate;
                if (from >= today)
                {
                    continue;
                }

                // A simulation rate (8 % a year, actual/365, simple), rounded down to the minor unit.
                decimal interest = decimal.Round(item.PrincipalOutstanding.Amount * 0.08m * Period.DaysBetween(from, today) / 365m, m.Currency.MinorUnits, MidpointRounding.ToZero);
                if (interest > 0m)
                {
                    events.Add(new InterestPosted(item.Id, today, today, Money.Of(interest, m.Currency)));
                }
            }
        }

        if (decision.Action == EscalationActionKind.ApplyLateFee && oldest is not null)
        {
            events.Add(new FeeCharged(decision.IdempotencyKey + "/fee", today, oldest.Id, Money.Of(m.Fee, m.Currency), "Recovery fee"));
        }

        return events;
    }

    private void ApplyHostCharges(Instant at)
    {
        if (_providerHandler.Queued.Count == 0)
        {
            return;
        }

        foreach (var group in _providerHandler.Queued.GroupBy(q => q.AccountId, StringComparer.Ordinal))
        {
            var m = _byId[group.Key];
            var account = _store.LoadAccountAsync(m.Id, CancellationToken.None).AsTask().Result!;
            var before = account;
            foreach (var (_, e) in group)
            {
                if (e is InterestPosted ip && account.TryGetItem(ip.ItemId, out var item)
                    && !account.Charges.Any(c => c.Key == ip.Key) && (item.IsSettled || item.InterestPostedThrough >= ip.Through))
                {
                    Count("charges.refusedByHost", 1);
                    continue; // the host does not post interest on a settled item or twice for a period
                }

                account = Apply(m, account, e);
            }

            if (!ReferenceEquals(before, account))
            {
                _store.Update(account, at);
                CheckMoney(m, account);
            }
        }

        _providerHandler.Queued.Clear();
    }

    private CustomerAccount Apply(Model m, CustomerAccount account, AccountEvent e)
    {
        CustomerAccount after;
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            after = Ledger.Apply(account, e);
            _ledgerTicks += Stopwatch.GetTimestamp() - t0;
        }
        catch (ArgumentException ex)
        {
            _violations.Add($"seed {_settings.Seed}, day {Iso(_today)}, account {m.Id}: the ledger refused {e.GetType().Name}: {ex.Message}");
            return account;
        }

        Count("events." + e.GetType().Name + (ReferenceEquals(after, account) ? ".repeat" : string.Empty), 1);
        if (ReferenceEquals(after, account))
        {
            return account;
        }

        switch (e)
        {
            case PaymentReceived p:
                m.Paid += p.Amount.Amount;
                break;
            case PlanPaymentReceived p:
                m.Paid += p.Amount.Amount;
                break;
            case CreditNoteIssued c:
                m.Credited += c.Amount.Amount;
                break;
            case InterestPosted i:
                m.Interest += i.Amount.Amount;
                break;
            case FeeCharged f:
                m.Fees += f.Amount.Amount;
                break;
        }

        if (e is PaymentReceived or PlanPaymentReceived or CreditNoteIssued or DisputeOpened or DisputeResolved or PromiseRecorded or PlanStarted or UnappliedCreditApplied)
        {
            m.ExplainedSince = true;
        }

        return after;
    }

    // ------------------------------------------------------------------ the collection cycle

    private async Task CycleAsync(Instant at, bool crash)
    {
        int evaluationsBefore = _evaluator.Evaluations.Count;
        using var cts = new CancellationTokenSource();
        if (crash)
        {
            // A crash point among the adapter calls this run will make (about three per due account).
            _crash.Arm(1 + _rng.Next(Math.Max(1, 3 * _store.Count / 4)), cts);
        }

        RunSummary? summary = null;
        try
        {
            summary = await NewRunner().RunCycleAsync(at, Options(), cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (_crash.Fired)
        {
            _ = ex;
            Count("crashes", 1);
        }
        catch (Exception ex)
        {
            _violations.Add($"seed {_settings.Seed}, day {Iso(_today)}: the run threw {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _crash.Disarm();
        }

        HashSet<string> excused = summary is null
            ? _evaluator.Evaluations.Skip(evaluationsBefore).Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal)
            : summary.AccountFailures.Select(f => f.AccountId).ToHashSet(StringComparer.Ordinal);
        Track(evaluationsBefore, excused);

        if (summary is null)
        {
            // Restart: drop the runner, build a new one (another worker) over the same stores, a little later the
            // same day: before the crashed claims' lease expires (they are InFlight) or after (they are taken over).
            _worker = $"sim-worker-{++_workers}";
            var restartAt = at + Duration.FromMinutes(_rng.NextDouble() < 0.5 ? 1 : 15);
            evaluationsBefore = _evaluator.Evaluations.Count;
            try
            {
                summary = await NewRunner().RunCycleAsync(restartAt, Options(), CancellationToken.None).ConfigureAwait(false);
                Track(evaluationsBefore, summary.AccountFailures.Select(f => f.AccountId).ToHashSet(StringComparer.Ordinal));
            }
            catch (Exception ex)
            {
                _violations.Add($"seed {_settings.Seed}, day {Iso(_today)}: the restarted run threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        if (summary is not null)
        {
            Count("run.accountFailures", summary.AccountFailures.Length);
            Count("run.poisoned", summary.Poisoned.Length);
            Count("run.accountsEvaluated", summary.AccountsEvaluated);
        }
    }

    private RunOptions Options() => new()
    {
        // One degree of parallelism: the order of adapter calls, hence every fault and crash point, is a function of
        // the seed alone. Lease 10 minutes; retries back off from 15 minutes and are picked up by the daily runs.
        MaxDegreeOfParallelism = 1,
        PageSize = 500,
        WorkerId = _worker,
        Lease = Duration.FromMinutes(10),
        MaxAttempts = 5,
    };

    private CollectionRunner NewRunner()
        => new(_runnerStore, _runnerJournal, _evaluator, new PlainTextNoticeRenderer(), _runnerSender, new[] { _runnerHandler });

    /// <summary>
    /// A notice of a passed stage that the quiet rules deferred (docs/escalation.md, "Deferred notices"): no business day
    /// of the customer's calendar from its trigger day (quoted in the explanation) up to the day it is decided. It may
    /// follow a later stage's task; it does not mean escalation went back.
    /// </summary>
    private static bool DeferredNotice(EscalationDecision d, CustomerProfile customer)
    {
        if (!EscalationEngine.IsNotice(d.Action, d.Channel))
        {
            return false;
        }

        var match = System.Text.RegularExpressions.Regex.Match(d.Explanation, @"i\.e\. on (\d{4})-(\d{2})-(\d{2})");
        if (!match.Success)
        {
            return false;
        }

        var trigger = new LocalDate(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        var calendar = BuiltInCalendarProvider.Instance.Get(customer.CalendarId!);
        for (var day = trigger; day < d.DecidedAt.InZone(customer.TimeZone).Date; day = day.PlusDays(1))
        {
            if (calendar.IsBusinessDay(day))
            {
                return false;
            }
        }

        return true;
    }

    private void Track(int from, HashSet<string> excused)
    {
        for (int i = from; i < _evaluator.Evaluations.Count; i++)
        {
            var (accountId, at, due) = _evaluator.Evaluations[i];
            var m = _byId[accountId];
            int stage = -1;
            foreach (var d in due)
            {
                Count("decisions.due." + d.StageId, 1);
                if (!excused.Contains(accountId))
                {
                    _mustComplete.TryAdd(d.IdempotencyKey, $"seed {_settings.Seed}, day {Iso(_today)}, account {accountId}, key '{d.IdempotencyKey}'");
                }

                if (CollectionRunner.IsMessage(d) || d.Action == EscalationActionKind.CreateTask)
                {
                    if (_stageIndex.TryGetValue(d.StageId, out int s) && s > stage && !(s < m.LastStage && DeferredNotice(d, _profiles[accountId])))
                    {
                        stage = s;
                    }
                }
            }

            // Escalation is monotone: the stage of the notices sent to an account never goes down unless a payment,
            // a dispute, a promise, a plan or a credit explains it.
            if (stage >= 0)
            {
                if (stage < m.LastStage && !m.ExplainedSince)
                {
                    _violations.Add($"seed {_settings.Seed}, day {Iso(_today)}, account {accountId}: escalation went back from stage '{_policy.Stages[m.LastStage].Id}' (on {Iso(m.LastStageOn)}) to '{_policy.Stages[stage].Id}' with no payment, dispute, promise, plan or credit in between");
                }

                m.LastStage = stage;
                m.LastStageOn = _today;
                m.ExplainedSince = false;
            }
        }

        _evaluator.Evaluations.RemoveRange(from, _evaluator.Evaluations.Count - from);
    }

    // ------------------------------------------------------------------ invariants

    private void CheckMoney(Model m, CustomerAccount a)
    {
        decimal invoiced = 0m, outstanding = 0m, credited = 0m, discount = 0m, interest = 0m, fees = 0m, received = 0m;
        foreach (var item in a.Items)
        {
            invoiced += item.Amount.Amount;
            outstanding += item.Outstanding.Amount;
            credited += item.Credited.Amount;
            discount += item.DiscountTaken.Amount;
            interest += item.InterestCharged.Amount;
            fees += item.FeesCharged.Amount;
            received += item.PrincipalPaid.Amount + item.InterestPaid.Amount + item.FeesPaid.Amount;
            if (item.PrincipalOutstanding.IsNegative || item.InterestOutstanding.IsNegative || item.FeesOutstanding.IsNegative)
            {
                Fail(m, $"item {item.Id} owes a negative amount: principal {item.PrincipalOutstanding}, interest {item.InterestOutstanding}, fees {item.FeesOutstanding}");
            }

            if (item.IsSettled != item.Outstanding.IsZero)
            {
                Fail(m, $"item {item.Id} settled={item.IsSettled} but outstanding {item.Outstanding}");
            }

            if (!item.Outstanding.IsRoundedToMinorUnit)
            {
                Fail(m, $"item {item.Id} outstanding {item.Outstanding} is not in whole minor units");
            }
        }

        decimal paid = a.Payments.Sum(p => p.Amount.Amount);
        decimal allocated = a.Payments.Sum(p => p.Allocations.Sum(x => x.Total.Amount)) + a.CreditApplications.Sum(c => c.Allocations.Sum(x => x.Total.Amount));
        decimal charged = a.Charges.Sum(c => c.Amount.Amount);
        decimal hostCharges = a.Charges.Where(c => !c.Key.StartsWith("plan/", StringComparison.Ordinal)).Sum(c => c.Amount.Amount);
        Same(m, "invoiced (sum of item amounts vs simulator)", invoiced, m.Invoiced);
        Same(m, "paid (sum of payments vs simulator)", paid, m.Paid);
        Same(m, "credited (items vs simulator)", credited, m.Credited);
        Same(m, "credited (credit notes vs items)", a.Credits.Sum(c => c.Amount.Amount), credited);
        Same(m, "interest + fees (items vs ledger charges)", interest + fees, charged);
        Same(m, "host interest + fees (ledger charges vs simulator)", hostCharges, m.Interest + m.Fees);
        Same(m, "discount (items vs allocations)", discount, a.Payments.Sum(p => p.Allocations.Sum(x => x.Discount.Amount)) + a.CreditApplications.Sum(c => c.Allocations.Sum(x => x.Discount.Amount)));
        Same(m, "open balance = invoiced − paid − credited − discounts + interest + fees", outstanding - a.UnappliedCredit.Amount, invoiced - paid - credited - discount + interest + fees);
        Same(m, "allocated + unapplied = paid", allocated + a.UnappliedCredit.Amount, paid);
        Same(m, "allocated = received by items", allocated, received);
    }

    private void Same(Model m, string what, decimal actual, decimal expected)
    {
        if (actual != expected)
        {
            Fail(m, $"money not conserved: {what}: {actual.ToString(CultureInfo.InvariantCulture)} ≠ {expected.ToString(CultureInfo.InvariantCulture)} (difference {(actual - expected).ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private void Fail(Model m, string message) => _violations.Add($"seed {_settings.Seed}, day {Iso(_today)}, account {m.Id}: {message}");

    private void FinalChecks()
    {
        foreach (var m in _models)
        {
            CheckMoney(m, _store.LoadAccountAsync(m.Id, CancellationToken.None).AsTask().Result!);
        }

        // Every due decision is completed with a reason: dispatched, skipped with its reason, or poisoned with its reason.
        foreach (var (key, where) in _mustComplete)
        {
            var entry = _journal.Find(key);
            if (entry is null)
            {
                _violations.Add($"{where}: due decision silently dropped (never claimed)");
            }
            else if (entry.State is not (DecisionOutcome.Dispatched or DecisionOutcome.Skipped or DecisionOutcome.Poisoned))
            {
                _violations.Add($"{where}: due decision left {entry.State} after {entry.Attempts} attempt(s) at the end of the settle period (last error: {entry.Error ?? "none"})");
            }
            else if (entry.State != DecisionOutcome.Dispatched && string.IsNullOrWhiteSpace(entry.Error))
            {
                _violations.Add($"{where}: decision {entry.State} without a reason");
            }
        }

        foreach (var entry in _journal.Snapshot())
        {
            Count("journal." + entry.State, 1);
            if (entry.State is DecisionOutcome.Claimed or DecisionOutcome.Failed)
            {
                _violations.Add($"seed {_settings.Seed}, end {Iso(_today)}, account {entry.Decision.AccountId}, key '{entry.IdempotencyKeyOf()}': left {entry.State} after {entry.Attempts} attempt(s)");
            }
        }

        Count("decisions.mustComplete", _mustComplete.Count);
    }

    private void Count(string name, long by) => _stats[name] = (_stats.TryGetValue(name, out long n) ? n : 0) + by;

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Planned(string AccountId, Plan Kind, string? ItemId, decimal Value);

    private sealed class Model(string id, Currency currency, decimal scale, decimal fee, Behaviour behaviour, int invoiceEveryDays)
    {
        public string Id { get; } = id;

        public Currency Currency { get; } = currency;

        public decimal Scale { get; } = scale;

        public decimal Fee { get; } = fee * 1m;

        public Behaviour Behaviour { get; } = behaviour;

        public int InvoiceEveryDays { get; } = invoiceEveryDays;

        public List<AccountEvent> Pending { get; } = new();

        public List<Planned> Planned { get; } = new();

        public int Invoices { get; set; }

        public int Payments { get; set; }

        public int Credits { get; set; }

        public int Promises { get; set; }

        public int Plans { get; set; }

        public decimal Invoiced { get; set; }

        public decimal Paid { get; set; }

        public decimal Credited { get; set; }

        public decimal Interest { get; set; }

        public decimal Fees { get; set; }

        public bool WantsPromise { get; set; }

        public bool WantsPlan { get; set; }

        public int LastStage { get; set; } = -1;

        public LocalDate LastStageOn { get; set; }

        public bool ExplainedSince { get; set; }
    }
}

internal static class JournalEntryExtensions
{
    public static string IdempotencyKeyOf(this JournalEntry entry) => entry.Decision.IdempotencyKey;
}
