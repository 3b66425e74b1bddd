using System.Collections.Generic;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// One decision that states accrued interest (issue 13): the legal notice (+90) of one 100.000,00 € invoice with 100
/// partial payments after its due date (100 balance changes), under the Spanish statutory preset, every earlier stage
/// done. Target ≤ 5 µs.
/// </summary>
[MemoryDiagnoser]
public class EscalationInterestBenchmarks
{
    private sealed class SpanishTerms : ILateChargeTermsProvider
    {
        private static readonly LateChargeTerms Terms = LateChargeTerms.FromPreset(StatutoryPresets.Spain());

        public LateChargeTerms For(CustomerAccount account) => Terms;
    }

    private readonly EscalationEngine _engine = new(BuiltInCalendarProvider.Instance, new SpanishTerms());
    private CustomerAccount _account = null!;
    private CollectionHistory _history = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var customer = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), zone, "ES");
        var due = new LocalDate(2025, 9, 1);
        var eur = Currency.EUR;
        var payments = ImmutableArray.CreateBuilder<AccountPayment>();
        for (int i = 0; i < 100; i++)
        {
            var on = due.PlusDays(1 + (i * 60 / 100)); // 100 payments over 60 days after the due date
            payments.Add(new AccountPayment($"P{i}", on, Money.Of(100m, eur), "transfer",
                ImmutableArray.Create(new PaymentAllocation("I0", Money.Zero(eur), Money.Zero(eur), Money.Of(100m, eur), Money.Zero(eur)))));
        }

        var item = new AccountItem("I0", "F-0", 0, due.PlusDays(-30), due, Money.Of(100_000m, eur), principalPaid: Money.Of(10_000m, eur));
        _account = new CustomerAccount("ACC-1", eur, customer, ImmutableArray.Create(item), payments.ToImmutable());
        _now = zone.AtStrictly(due.PlusDays(91).At(new LocalTime(11, 0))).ToInstant(); // Tuesday 2025-12-02, legal current

        var at = zone.AtStrictly(due.PlusDays(-3).At(new LocalTime(10, 0))).ToInstant();
        var done = new List<(string Stage, EscalationActionKind Kind, NotificationChannel? Channel)>
        {
            ("pre-due", EscalationActionKind.SendNotice, NotificationChannel.Email), ("due-today", EscalationActionKind.SendNotice, NotificationChannel.Email),
            ("call", EscalationActionKind.CreateTask, NotificationChannel.PhoneCall), ("firm", EscalationActionKind.SendNotice, NotificationChannel.Email),
            ("final", EscalationActionKind.SendNotice, NotificationChannel.Email), ("final", EscalationActionKind.ChargeLateInterest, null),
            ("final", EscalationActionKind.ApplyLateFee, null), ("suspend", EscalationActionKind.SuspendService, null),
            ("suspend", EscalationActionKind.SendNotice, NotificationChannel.Email), ("agency", EscalationActionKind.HandOverToAgency, null),
            ("agency", EscalationActionKind.SendNotice, NotificationChannel.Letter),
        };
        var history = CollectionHistory.Empty;
        foreach (var (stage, kind, channel) in done)
        {
            string key = $"cobranza-default|{stage}|{kind}|{(channel?.ToString() ?? "-")}|ACC-1|1";
            history = history.Add(new CollectionHistoryEntry(key, stage, kind, channel, 1, at, DecisionOutcome.Dispatched, at));
            at = at.Plus(Duration.FromDays(1));
        }

        history = history.Add(new CollectionHistoryEntry("cobranza-default|payment-partial-ack|SendNotice|Email|ACC-1|1", "payment-partial-ack",
            EscalationActionKind.SendNotice, NotificationChannel.Email, 1, at, DecisionOutcome.Dispatched, at));
        _history = history;
        var check = _engine.Evaluate(_account, _history, EscalationPolicies.Default, _now);
        if (check.Decisions.Length != 1 || !check.Decisions[0].InterestAmount.IsPositive)
        {
            throw new System.InvalidOperationException($"the benchmark must make one decision stating interest; it made {check.Decisions.Length}: {string.Join(" / ", check.Decisions)}");
        }
    }

    [Benchmark]
    public EvaluationResult OneDecisionStatesAccruedInterest() => _engine.Evaluate(_account, _history, EscalationPolicies.Default, _now);
}
