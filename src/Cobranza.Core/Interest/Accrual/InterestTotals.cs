using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// The figures of an interest statement without its segments and notes: what
/// <see cref="LateInterestCalculator.CalculateTotals"/> returns, and <see cref="InterestStatement.Totals"/> of a full
/// statement (the two are equal for the same request).
/// </summary>
public readonly record struct InterestTotals
{
    internal InterestTotals(Currency currency, LocalDate? firstAccruingDay, LocalDate? lastAccruingDay, Money accruedInterest, Money interest, Money feesTotal)
    {
        Currency = currency;
        FirstAccruingDay = firstAccruingDay;
        LastAccruingDay = lastAccruingDay;
        AccruedInterest = accruedInterest;
        Interest = interest;
        FeesTotal = feesTotal;
        Total = interest + feesTotal;
    }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency { get; }

    /// <summary>The first day that accrues, or null when no day accrues.</summary>
    public LocalDate? FirstAccruingDay { get; }

    /// <summary>The last day that accrues (inclusive), or null when no day accrues.</summary>
    public LocalDate? LastAccruingDay { get; }

    /// <summary>The interest accrued, rounded as the conventions say.</summary>
    public Money AccruedInterest { get; }

    /// <summary>The interest charged: <see cref="AccruedInterest"/>, or zero when it is below the conventions' minimum.</summary>
    public Money Interest { get; }

    /// <summary>The sum of the fees.</summary>
    public Money FeesTotal { get; }

    /// <summary><see cref="Interest"/> + <see cref="FeesTotal"/>.</summary>
    public Money Total { get; }

    /// <summary>
    /// Whether a rate used is provisional (carried forward under <see cref="MissingRatePolicy.CarryForwardProvisional"/>):
    /// the figures are an estimate until the official value is loaded; do not post or send them unless the host allows it.
    /// </summary>
    public bool IsProvisional { get; init; }
}
