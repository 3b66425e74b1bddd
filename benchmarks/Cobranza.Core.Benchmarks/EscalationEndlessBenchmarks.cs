using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Escalation;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Escalation engine with an endless monthly repeat (issue 20): the account, history and instant of
/// <see cref="EscalationBenchmarks"/>, under the default policy whose <c>firm</c> stage repeats every calendar month until
/// paid (a policy that is not plain: the anchor and repeat rules of Run.Anchors and Run.Repeats run). Same targets:
/// ≤ 300 ns and 0 bytes when nothing fires; ≤ 1 µs when one decision fires.
/// </summary>
[MemoryDiagnoser]
public class EscalationEndlessBenchmarks
{
    private readonly EscalationBenchmarks _base = new();
    private EscalationPolicy _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _base.Setup();
        var d = EscalationPolicies.Default;
        var stages = d.Stages.Select(s => s.Id != "firm" ? s
            : new EscalationStage(s.Id, s.Name, s.Trigger, s.Tone, s.Actions, s.Conditions, StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months)));
        _policy = new EscalationPolicy(d.Id, d.Version, d.Scope, [.. stages], d.QuietRules, d.CatchUp, d.PaymentEvents, d.Suppressions, d.FallbackLanguage);
    }

    [Benchmark(Baseline = true)]
    public EvaluationResult NothingFires_EndlessMonthly() => _base.Engine.Evaluate(_base.Account, _base.Done, _policy, _base.Now);

    [Benchmark]
    public EvaluationResult OneDecisionFires_EndlessMonthly() => _base.Engine.Evaluate(_base.Account, _base.FirmPending, _policy, _base.Now);
}
