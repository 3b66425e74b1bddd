using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Escalation engine. One account with 5 open items, the default 8-stage policy and 10 history entries (4 of the current
/// episode, 6 of an earlier one). Targets: ≤ 300 ns and 0 bytes when nothing fires; ≤ 1 µs when one decision fires.
/// </summary>
[MemoryDiagnoser]
public class EscalationBenchmarks
{
    private static readonly EscalationPolicy Shapes = EscalationPolicies.CreateDefault(catchUp: CatchUpMode.OneStagePerRun)
        with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(25m, Currency.EUR))) };

    private readonly EscalationEngine _engine = new(BuiltInCalendarProvider.Instance);
    private CustomerAccount _account = null!;
    private CollectionHistory _done = null!;
    private CollectionHistory _firmPending = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var customer = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), zone, "ES");
        var due = new LocalDate(2026, 4, 15);
        var items = ImmutableArray.CreateBuilder<AccountItem>();
        int[] offsets = { 0, 3, 10, 20, 25 };
        for (int i = 0; i < offsets.Length; i++)
        {
            var d = due.PlusDays(offsets[i]);
            items.Add(new AccountItem($"I{i}", $"F-{i}", 0, d.PlusDays(-30), d, Money.Of(1000m + i, Currency.EUR)));
        }

        _account = new CustomerAccount("ACC-1", Currency.EUR, customer, items.ToImmutable());
        _now = zone.AtStrictly(due.PlusDays(5).At(new LocalTime(11, 0))).ToInstant(); // Monday 2026-04-20 11:00, inside the window

        var old = zone.AtStrictly(due.PlusDays(-90).At(new LocalTime(10, 0))).ToInstant();
        var history = CollectionHistory.Empty;
        string[] earlier = { "pre-due", "due-today", "call", "firm", "final" };
        foreach (var s in earlier)
        {
            history = history.Add(Entry(s, s == "call" ? EscalationActionKind.CreateTask : EscalationActionKind.SendNotice, 1, old));
            old = old.Plus(Duration.FromDays(3));
        }

        history = history.Add(new CollectionHistoryEntry("cobranza-default|payment-thank-you|SendNotice|Email|ACC-1|1", "payment-thank-you",
            EscalationActionKind.SendNotice, NotificationChannel.Email, 1, old, DecisionOutcome.Dispatched, old));
        var episode = zone.AtStrictly(due.PlusDays(-3).At(new LocalTime(10, 0))).ToInstant();
        history = history.Add(Entry("pre-due", EscalationActionKind.SendNotice, 2, episode));
        history = history.Add(Entry("due-today", EscalationActionKind.SendNotice, 2, episode.Plus(Duration.FromDays(3))));
        history = history.Add(Entry("call", EscalationActionKind.CreateTask, 2, episode.Plus(Duration.FromDays(4))));
        _firmPending = history.Add(Entry("agency", EscalationActionKind.HandOverToAgency, 1, old)); // an unrelated entry: still 10 entries
        _done = history.Add(Entry("firm", EscalationActionKind.SendNotice, 2, episode.Plus(Duration.FromDays(6))));
    }

    [Benchmark(Baseline = true)]
    public EvaluationResult NothingFires() => _engine.Evaluate(_account, _done, EscalationPolicies.Default, _now);

    [Benchmark]
    public EvaluationResult OneDecisionFires() => _engine.Evaluate(_account, _firmPending, EscalationPolicies.Default, _now);

    /// <summary>
    /// As <see cref="OneDecisionFires"/>, then reads the decision's explanation, which the engine writes when it is first
    /// read (decision 0024): what an evaluation whose decision is journaled costs.
    /// </summary>
    [Benchmark]
    public string OneDecisionFires_ExplanationRead() => _engine.Evaluate(_account, _firmPending, EscalationPolicies.Default, _now).Decisions[0].Explanation;

    /// <summary>
    /// Issue 20 shapes: the default stages with one stage per run (each reached level checks that the previous one was not
    /// decided today) and a reinstatement tolerance; same account and history as <see cref="NothingFires"/>.
    /// </summary>
    [Benchmark]
    public EvaluationResult NothingFires_OneStagePerRunWithTolerance() => _engine.Evaluate(_account, _done, Shapes, _now);

    /// <summary>As <see cref="OneDecisionFires"/> under the issue 20 shapes policy (the firm notice fires).</summary>
    [Benchmark]
    public EvaluationResult OneDecisionFires_OneStagePerRunWithTolerance() => _engine.Evaluate(_account, _firmPending, Shapes, _now);

    internal EscalationEngine Engine => _engine;

    internal CustomerAccount Account => _account;

    internal CollectionHistory Done => _done;

    internal CollectionHistory FirmPending => _firmPending;

    internal Instant Now => _now;

    /// <summary>Calibration under shared-CPU load: the account's outstanding total (5 items, a few decimal additions).</summary>
    [Benchmark]
    public Money Calibration_AccountOutstanding() => _account.Outstanding;

    private static CollectionHistoryEntry Entry(string stage, EscalationActionKind kind, int occurrence, Instant at)
    {
        NotificationChannel? channel = kind == EscalationActionKind.SendNotice ? NotificationChannel.Email : kind == EscalationActionKind.CreateTask ? NotificationChannel.PhoneCall : null;
        string key = $"cobranza-default|{stage}|{kind}|{(channel?.ToString() ?? "-")}|ACC-1|{occurrence}";
        return new CollectionHistoryEntry(key, stage, kind, channel, occurrence, at, DecisionOutcome.Dispatched, at);
    }
}
