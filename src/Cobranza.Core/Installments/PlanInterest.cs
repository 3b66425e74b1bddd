using System;
using Cobranza.Core.Calendars;

namespace Cobranza.Core.Installments;

/// <summary>
/// The interest of an installment plan: a nominal annual rate and how it turns into period interest
/// (<see cref="InterestAccrual"/>), or none. Immutable and validated at construction.
/// </summary>
/// <example>
/// <code>
/// PlanInterest.None;                                   // interest-free
/// PlanInterest.Periodic(0.06m);                         // 6 % nominal, 0.5 % a month (classic annuity tables)
/// PlanInterest.ActualDays(0.06m, DayCounts.Actual360);  // 6 % nominal on the actual days of each period
/// </code>
/// </example>
public sealed record PlanInterest
{
    /// <summary>The largest nominal annual rate accepted: 10 (1000 %), far above any lawful rate.</summary>
    public const decimal MaxNominalAnnualRate = 10m;

    private PlanInterest(InterestAccrual accrual, decimal nominalAnnualRate, DayCount? dayCount)
    {
        Accrual = accrual;
        NominalAnnualRate = nominalAnnualRate;
        DayCount = dayCount;
    }

    /// <summary>No interest: the plan only splits the financed amount.</summary>
    public static PlanInterest None { get; } = new(InterestAccrual.None, 0m, null);

    /// <summary>How period interest is computed.</summary>
    public InterestAccrual Accrual { get; }

    /// <summary>The nominal annual rate as a fraction (0.06 = 6 %); zero for <see cref="None"/>.</summary>
    public decimal NominalAnnualRate { get; }

    /// <summary>The day count for <see cref="InterestAccrual.DayCount"/>; null otherwise.</summary>
    public DayCount? DayCount { get; }

    /// <summary>Interest at a periodic rate <c>nominalAnnualRate / periods per year</c> (see <see cref="InterestAccrual.PeriodicRate"/>).</summary>
    /// <param name="nominalAnnualRate">The nominal annual rate as a fraction (0.06 = 6 %), from 0 to <see cref="MaxNominalAnnualRate"/>.</param>
    /// <returns>The interest definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative or above <see cref="MaxNominalAnnualRate"/>.</exception>
    public static PlanInterest Periodic(decimal nominalAnnualRate)
        => new(InterestAccrual.PeriodicRate, CheckRate(nominalAnnualRate), null);

    /// <summary>Interest on the actual dates of each period with a day count (see <see cref="InterestAccrual.DayCount"/>).</summary>
    /// <param name="nominalAnnualRate">The nominal annual rate as a fraction (0.06 = 6 %), from 0 to <see cref="MaxNominalAnnualRate"/>.</param>
    /// <param name="dayCount">The day count, e.g. <see cref="DayCounts.Actual360"/>.</param>
    /// <returns>The interest definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative or above <see cref="MaxNominalAnnualRate"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="dayCount"/> is null.</exception>
    public static PlanInterest ActualDays(decimal nominalAnnualRate, DayCount dayCount)
        => new(InterestAccrual.DayCount, CheckRate(nominalAnnualRate), Guard.NotNull(dayCount));

    /// <summary>Whether the plan bears no interest (no accrual, or a zero rate).</summary>
    public bool IsInterestFree => Accrual == InterestAccrual.None || NominalAnnualRate == 0m;

    /// <inheritdoc/>
    public override string ToString() => Accrual switch
    {
        InterestAccrual.None => "no interest",
        InterestAccrual.PeriodicRate => $"{NominalAnnualRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} nominal, periodic rate",
        _ => $"{NominalAnnualRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} nominal, {DayCount}",
    };

    private static decimal CheckRate(decimal rate, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(rate))] string? name = null)
        => rate is >= 0m and <= MaxNominalAnnualRate
            ? rate
            : throw new ArgumentOutOfRangeException(name, rate, $"{name} must be between 0 and {MaxNominalAnnualRate} (was {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
}
