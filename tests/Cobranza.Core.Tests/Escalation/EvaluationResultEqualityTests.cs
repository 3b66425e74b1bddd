using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using NodaTime;
using static Cobranza.Core.Tests.EqualityAssert;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

// docs/decisions/0004-record-equality.md: an evaluation result compares its decisions element by element (in order).
public sealed class EvaluationResultEqualityTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    // On Due + 15 the default policy's final stage fires: a notice, late interest and a late fee (three decisions).
    private static EvaluationResult Evaluate(int days = 15)
    {
        var account = Account(items: [Open("A", Due)]);
        return Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(days)));
    }

    private static EvaluationResult With(params EscalationDecision[] decisions) => new([.. decisions], Evaluate().NextEvaluationAt);

    [Fact]
    public void EvaluationResult_EvaluatedTwice_EqualWithEqualHashCodes()
    {
        var result = EqualWhenBuiltTwice(() => Evaluate());
        Assert.Equal(3, result.Decisions.Length);
        Assert.NotSame(result.Decisions[0], Evaluate().Decisions[0]);
        Assert.Equal(new EvaluationResult(default, null), new EvaluationResult([], null));
    }

    [Fact]
    public void EvaluationResult_AnyMemberChanged_NotEqual()
    {
        var d = Evaluate().Decisions;
        var other = Evaluate(days: 30).Decisions[0];
        EachDiffers(
            Evaluate(),
            ("a decision", With(d[0], d[1], other)),
            ("the order of the decisions", With(d[1], d[0], d[2])),
            ("the number of decisions", With(d[0], d[1])),
            ("NextEvaluationAt", Evaluate() with { NextEvaluationAt = Evaluate().NextEvaluationAt!.Value.Plus(Duration.FromSeconds(1)) }),
            ("NextEvaluationAt (never)", Evaluate() with { NextEvaluationAt = null }));
    }
}
