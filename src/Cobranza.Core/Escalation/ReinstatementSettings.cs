using System;
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

/// <summary>
/// When a block, suspension or stop-work is reversed (docs/escalation.md, "Reinstatement"). The rule itself is fixed: a
/// <see cref="EscalationActionKind.StopWork"/>, <see cref="EscalationActionKind.SuspendService"/> or
/// <see cref="EscalationActionKind.BlockOrders"/> is reversed (with the service-restored notice after a suspension) as
/// soon as nothing in its scope is overdue on the customer's local date — items not yet due do not keep it in force.
/// These settings only name how much overdue balance still counts as "nothing overdue".
/// </summary>
public sealed record ReinstatementSettings
{
    /// <summary>The default: no tolerance (any overdue amount keeps a block, suspension or stop-work in force).</summary>
    public static ReinstatementSettings Default { get; } = new();

    /// <summary>Creates settings.</summary>
    /// <param name="overdueTolerances">
    /// Per currency, the overdue balance below which the scope counts as having nothing overdue (one amount per currency,
    /// positive; an account in a currency not listed has no tolerance). The same threshold holds the other way: while the
    /// overdue balance is below it, a stage does not block, suspend or stop work, so a reversal never follows its own action
    /// the next day.
    /// </param>
    public ReinstatementSettings(ImmutableArray<Money> overdueTolerances = default)
    {
        OverdueTolerances = overdueTolerances.IsDefault ? ImmutableArray<Money>.Empty : overdueTolerances;
    }

    /// <summary>Per currency, the overdue balance below which nothing counts as overdue (empty: no tolerance).</summary>
    public ImmutableArray<Money> OverdueTolerances { get; }

    /// <summary>
    /// Levels that lift (Kill Bill's overdue states): a stage's block, suspension or stop-work is also reversed as soon as
    /// the account (or item) stops meeting that stage — it is no longer reached from the current anchor, or its
    /// conditions no longer hold (the overdue balance or count fell below the threshold, an excluded segment was set) —
    /// not only when nothing is overdue; and taken again when the stage holds again (docs/escalation.md, "Levels that lift").
    /// </summary>
    /// <value>Default <see langword="false"/>: one-shot stages, reversed only when nothing in the scope is overdue.</value>
    public bool LevelsLift { get; init; }

    /// <summary>The tolerance for <paramref name="currency"/>, or <see langword="null"/> when none is named.</summary>
    /// <param name="currency">The account's currency.</param>
    /// <returns>The tolerance or <see langword="null"/>.</returns>
    public Money? ToleranceFor(Currency currency)
    {
        foreach (var t in OverdueTolerances)
        {
            if (t.Currency == currency)
            {
                return t;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public bool Equals(ReinstatementSettings? other)
        => other is not null && (ReferenceEquals(this, other) || (LevelsLift == other.LevelsLift && Seq.Equal(OverdueTolerances, other.OverdueTolerances)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OverdueTolerances.Length, LevelsLift);
}
