using System.Collections.Generic;

namespace Cobranza.Core.Discounts;

/// <summary>The result of evaluating one payment against a whole schedule (see <see cref="DiscountEvaluator.Evaluate(Terms.PaymentSchedule, NodaTime.LocalDate, Money)"/>).</summary>
public sealed class ScheduleDiscountEvaluation
{
    private readonly DiscountEvaluation[] _portions;

    internal ScheduleDiscountEvaluation(DiscountEvaluation[] portions, Money discount, Money remainingDue, Money excess)
    {
        _portions = portions;
        Discount = discount;
        RemainingDue = remainingDue;
        Excess = excess;
    }

    /// <summary>The evaluation of each portion the payment reached, in the order it reached them (due date, then index).</summary>
    public IReadOnlyList<DiscountEvaluation> Portions => _portions;

    /// <summary>The total discount taken.</summary>
    public Money Discount { get; }

    /// <summary>What remains due on the whole invoice.</summary>
    public Money RemainingDue { get; }

    /// <summary>What the payment exceeds the whole (discounted) invoice by.</summary>
    public Money Excess { get; }

    /// <inheritdoc/>
    public override string ToString() => DiscountEvaluator.Describe(this, Language.English);
}
