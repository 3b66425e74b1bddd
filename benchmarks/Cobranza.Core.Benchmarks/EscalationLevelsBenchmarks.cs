using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Escalation;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Escalation engine with levels that lift (issue 20 shape 1): the account and instant of <see cref="EscalationBenchmarks"/>
/// (5 open items, two overdue for 2,001.00 EUR on Monday 2026-04-20), the default stages plus a Kill Bill-style level
/// <c>od1</c> at +4 days that blocks orders while at least a threshold is overdue, with
/// <see cref="ReinstatementSettings.LevelsLift"/>. The history is the benchmark's 10 entries plus the level's block.
/// Nothing fires: the level holds (2,001.00 ≥ 1,500.00), its block stays (the lift and take-again scans run). One
/// decision: the threshold is 2,500.00, the level no longer holds and its block is lifted (one UnblockOrders). The same
/// level one-shot, with the same history, shows what the lift rule adds.
/// Targets: ≤ 300 ns and 0 bytes when nothing fires; ≤ 1 µs when one decision fires. Baseline: the default policy's
/// nothing-fires case in the same run.
/// </summary>
[MemoryDiagnoser]
public class EscalationLevelsBenchmarks
{
    private readonly EscalationBenchmarks _base = new();
    private EscalationPolicy _holds = null!;
    private EscalationPolicy _lifts = null!;
    private EscalationPolicy _oneShot = null!;
    private CollectionHistory _blocked = null!;

    [GlobalSetup]
    public void Setup()
    {
        _base.Setup();
        _holds = Levels(1500m);
        _lifts = Levels(2500m);
        _oneShot = _holds with { Reinstatement = ReinstatementSettings.Default };
        var zone = _base.Account.Customer.TimeZone;
        var blockedAt = zone.AtStrictly(new LocalDate(2026, 4, 19).At(new LocalTime(10, 0))).ToInstant();
        _blocked = _base.Done.Add(new CollectionHistoryEntry("cobranza-default|od1|BlockOrders|-|ACC-1|1", "od1", EscalationActionKind.BlockOrders, null, 1,
            blockedAt, DecisionOutcome.Dispatched, blockedAt));
        if (_base.Engine.Evaluate(_base.Account, _blocked, _holds, _base.Now).Decisions.Length != 0
            || _base.Engine.Evaluate(_base.Account, _blocked, _lifts, _base.Now).Decisions.Single().Action != EscalationActionKind.UnblockOrders)
        {
            throw new System.InvalidOperationException("the benchmark cases do not measure what they say");
        }
    }

    [Benchmark(Baseline = true)]
    public EvaluationResult NothingFires_Default() => _base.Engine.Evaluate(_base.Account, _base.Done, EscalationPolicies.Default, _base.Now);

    [Benchmark]
    public EvaluationResult NothingFires_LevelHolds() => _base.Engine.Evaluate(_base.Account, _blocked, _holds, _base.Now);

    /// <summary>The same policy, history and instant, one-shot (without <see cref="ReinstatementSettings.LevelsLift"/>): what the lift rule adds.</summary>
    [Benchmark]
    public EvaluationResult NothingFires_SameLevelOneShot() => _base.Engine.Evaluate(_base.Account, _blocked, _oneShot, _base.Now);

    [Benchmark]
    public EvaluationResult OneDecisionFires_LevelLifted() => _base.Engine.Evaluate(_base.Account, _blocked, _lifts, _base.Now);

    private static EscalationPolicy Levels(decimal threshold)
    {
        var d = EscalationPolicies.Default;
        var od1 = new EscalationStage("od1", "Reached OD1", StageTrigger.CalendarDays(4), EscalationTone.Final,
            ImmutableArray.Create(EscalationAction.Of(EscalationActionKind.BlockOrders)),
            new StageConditions(ImmutableArray.Create(Money.Of(threshold, Currency.EUR))));
        var stages = d.Stages.Insert(d.IndexOfStage("final"), od1);
        return new EscalationPolicy(d.Id, d.Version, d.Scope, stages, d.QuietRules, d.CatchUp, d.PaymentEvents, d.Suppressions, d.FallbackLanguage)
        {
            Reinstatement = new ReinstatementSettings { LevelsLift = true },
        };
    }
}
