using System;
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

/// <summary>
/// A dunning fee a stage charges when it is reached (beside the statutory compensation of <see cref="LateChargeTerms.Fee"/>):
/// a fixed amount per currency, a percentage of the scope's overdue principal, or both added, then held between a
/// minimum and a maximum per currency. Stated on the stage's notice and posted by the stage's
/// <see cref="EscalationActionKind.ApplyLateFee"/> action, from one computation (docs/escalation.md, "Fees per stage").
/// </summary>
/// <remarks>
/// <para>Peers: Business Central's Additional Fee Setup of a reminder level (per currency: "Additional Fee Amount",
/// "Additional Fee %", "Min. Additional Fee Amount", "Max. Additional Fee Amount"), ERPNext's Dunning Type
/// (<c>dunning_fee</c>), Invoice Ninja's <c>late_fee_amount1..3</c> / <c>late_fee_percent1..3</c> per reminder.</para>
/// <para>Rounding: the percentage part is rounded to the currency's minor units (<see cref="Currency.MinorUnits"/>: 2
/// for EUR, 0 for CLP and JPY) with <see cref="Rounding"/>, before the fixed part is added and before the minimum and
/// maximum apply; a posted fee is whole minor units. The fee is charged once per stage, scope and episode (its charge
/// key: <c>dunning/{policy}/{stage}/{scope}/{trigger date}</c>); the repetitions of a stage do not charge it again.</para>
/// </remarks>
public sealed record StageFee
{
    /// <summary>Creates a stage fee.</summary>
    /// <param name="fixedAmounts">The fixed fee per currency (at most one per currency; positive).</param>
    /// <param name="percent">The percentage of the overdue principal, in percent (5 = 5 %; more than 0, at most 100), or <see langword="null"/>.</param>
    /// <param name="minimums">The least fee per currency (positive), applied to the sum.</param>
    /// <param name="maximums">The largest fee per currency (positive), applied to the sum.</param>
    /// <param name="rounding">How the percentage part is rounded to the currency's minor units.</param>
    /// <exception cref="ArgumentException">An amount is not positive, the percentage is out of range, or <paramref name="rounding"/> is unknown.</exception>
    public StageFee(
        ImmutableArray<Money> fixedAmounts = default,
        decimal? percent = null,
        ImmutableArray<Money> minimums = default,
        ImmutableArray<Money> maximums = default,
        MidpointRounding rounding = MidpointRounding.AwayFromZero)
    {
        FixedAmounts = Positive(fixedAmounts, nameof(fixedAmounts));
        if (percent is { } p && (p <= 0m || p > 100m))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), p, $"percent must be more than 0 and at most 100 (was {p}).");
        }

        Percent = percent;
        Minimums = Positive(minimums, nameof(minimums));
        Maximums = Positive(maximums, nameof(maximums));
        Rounding = Enum.IsDefined(rounding) ? rounding : throw new ArgumentOutOfRangeException(nameof(rounding), rounding, $"rounding is not a known rounding mode ({(int)rounding}).");
    }

    /// <summary>The fixed fee per currency.</summary>
    public ImmutableArray<Money> FixedAmounts { get; }

    /// <summary>The percentage of the overdue principal (5 = 5 %), or <see langword="null"/>.</summary>
    public decimal? Percent { get; }

    /// <summary>The least fee per currency.</summary>
    public ImmutableArray<Money> Minimums { get; }

    /// <summary>The largest fee per currency.</summary>
    public ImmutableArray<Money> Maximums { get; }

    /// <summary>How the percentage part is rounded to the currency's minor units.</summary>
    /// <value>Default <see cref="MidpointRounding.AwayFromZero"/> (commercial rounding).</value>
    public MidpointRounding Rounding { get; }

    /// <summary>A fixed fee (ERPNext's <c>dunning_fee</c>, Invoice Ninja's <c>late_fee_amount</c>).</summary>
    /// <param name="amounts">The fee per currency.</param>
    /// <returns>The fee.</returns>
    public static StageFee Fixed(params Money[] amounts) => new(ImmutableArray.Create(amounts));

    /// <summary>A percentage of the overdue principal (Invoice Ninja's <c>late_fee_percent</c>, Business Central's "Additional Fee %").</summary>
    /// <param name="percent">The percentage (5 = 5 %).</param>
    /// <param name="minimum">The least fee, or <see langword="null"/>.</param>
    /// <param name="maximum">The largest fee, or <see langword="null"/>.</param>
    /// <param name="rounding">How the fee is rounded to minor units.</param>
    /// <returns>The fee.</returns>
    public static StageFee Percentage(decimal percent, Money? minimum = null, Money? maximum = null, MidpointRounding rounding = MidpointRounding.AwayFromZero)
        => new(default, percent, minimum is { } min ? ImmutableArray.Create(min) : default, maximum is { } max ? ImmutableArray.Create(max) : default, rounding);

    /// <summary>
    /// The fee on <paramref name="overduePrincipal"/>: the fixed amount of its currency plus the percentage rounded to minor
    /// units, held between that currency's minimum and maximum; <see langword="null"/> when nothing applies in the currency or
    /// the result is not positive.
    /// </summary>
    /// <param name="overduePrincipal">The scope's overdue principal (not negative).</param>
    /// <returns>The fee, or <see langword="null"/>.</returns>
    public Money? For(Money overduePrincipal)
    {
        var currency = overduePrincipal.Currency;
        bool any = false;
        decimal fee = 0m;
        if (Of(FixedAmounts, currency) is { } fixedAmount)
        {
            fee += fixedAmount;
            any = true;
        }

        if (Percent is { } p)
        {
            fee += Math.Round(overduePrincipal.Amount * p / 100m, currency.MinorUnits, Rounding);
            any = true;
        }

        if (!any)
        {
            return null;
        }

        if (Of(Minimums, currency) is { } min && fee < min)
        {
            fee = min;
        }

        if (Of(Maximums, currency) is { } max && fee > max)
        {
            fee = max;
        }

        return fee > 0m ? Money.Of(fee, currency) : null;
    }

    /// <inheritdoc/>
    public bool Equals(StageFee? other) => other is not null && (ReferenceEquals(this, other) || (
        Seq.Equal(FixedAmounts, other.FixedAmounts) && Percent == other.Percent && Seq.Equal(Minimums, other.Minimums)
        && Seq.Equal(Maximums, other.Maximums) && Rounding == other.Rounding));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FixedAmounts.Length, Percent, Minimums.Length, Maximums.Length, Rounding);

    private static decimal? Of(ImmutableArray<Money> amounts, Currency currency)
    {
        foreach (var m in amounts)
        {
            if (m.Currency == currency)
            {
                return m.Amount;
            }
        }

        return null;
    }

    private static ImmutableArray<Money> Positive(ImmutableArray<Money> amounts, string name)
    {
        var list = amounts.IsDefault ? ImmutableArray<Money>.Empty : amounts;
        foreach (var m in list)
        {
            if (m.Amount <= 0m)
            {
                throw new ArgumentOutOfRangeException(name, m, $"{name} must be positive (was {m}).");
            }
        }

        return list;
    }
}
