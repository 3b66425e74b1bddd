// What the engine precomputes for levels that lift and blocks taken again (docs/escalation.md, "Levels that lift").
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

internal sealed partial class ValidatedPolicy
{
    /// <summary>Per stage: whether it blocks, suspends or stops work (an action a reinstatement reverses).</summary>
    internal bool[] HasBlock { get; }

    private static bool[] BlocksOf(ImmutableArray<EscalationStage> stages)
    {
        var blocks = new bool[stages.Length];
        for (int i = 0; i < stages.Length; i++)
        {
            foreach (var action in stages[i].Actions)
            {
                blocks[i] |= EscalationEngine.Reversal(action.Kind) is not null;
            }
        }

        return blocks;
    }
}
