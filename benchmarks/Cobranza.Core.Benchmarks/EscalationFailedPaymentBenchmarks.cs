using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// The failed-payment condition (issue 20, shape 6): the account, history and instant of <see cref="EscalationBenchmarks"/>
/// (nothing fires), plus two payments that stand and one reversed direct debit, under the default policy whose every
/// stage also requires that the last payment attempt failed with AM04 (it did). Target as the baseline: nothing fires
/// ≤ 300 ns and 0 B; <see cref="NothingFires_DefaultPolicy"/> is the same account under the unchanged default policy
/// (the condition unused must cost nothing).
/// </summary>
[MemoryDiagnoser]
public class EscalationFailedPaymentBenchmarks
{
    private readonly EscalationBenchmarks _base = new();
    private EscalationPolicy _policy = null!;
    private CustomerAccount _account = null!;

    [GlobalSetup]
    public void Setup()
    {
        _base.Setup();
        var a = _base.Account;
        var eur = Currency.EUR;
        var on = new LocalDate(2026, 4, 10);
        AccountPayment Payment(string reference, LocalDate date) => new(reference, date, Money.Of(10m, eur), "direct-debit", ImmutableArray<PaymentAllocation>.Empty);
        _account = new CustomerAccount(a.Id, eur, a.Customer, a.Items, [Payment("P-1", on.PlusDays(-60)), Payment("P-2", on.PlusDays(-30))], Money.Of(20m, eur))
        {
            Reversals = [new PaymentReversal(Payment("P-3", on), on.PlusDays(2), "AM04: fondos insuficientes")],
        };
        var d = EscalationPolicies.Default;
        var condition = new StageConditions(lastPaymentFailed: FailedPaymentCondition.WithReasons("AM04"));
        _policy = new EscalationPolicy(d.Id, d.Version, d.Scope,
            [.. d.Stages.Select(s => new EscalationStage(s.Id, s.Name, s.Trigger, s.Tone, s.Actions, condition, s.Repeat, s.Fee))],
            d.QuietRules, d.CatchUp, d.PaymentEvents, d.Suppressions, d.FallbackLanguage);
    }

    [Benchmark(Baseline = true)]
    public EvaluationResult NothingFires_DefaultPolicy() => _base.Engine.Evaluate(_account, _base.Done, EscalationPolicies.Default, _base.Now);

    [Benchmark]
    public EvaluationResult NothingFires_LastPaymentFailedOnEveryStage() => _base.Engine.Evaluate(_account, _base.Done, _policy, _base.Now);
}
