namespace Cobranza.Core.Installments;

/// <summary>How the financed amount is split into installments (see <c>docs/payments-and-plans.md</c>).</summary>
public enum AmortizationMethod
{
    /// <summary>
    /// Level payment (annuity, French system, "sistema francés"): every installment has the same total of principal
    /// and interest; interest falls and principal grows over the plan. Without interest it equals
    /// <see cref="EqualParts"/>.
    /// </summary>
    LevelPayment = 0,

    /// <summary>
    /// Level principal (German system, "sistema alemán", straight-line): every installment repays the same principal,
    /// plus the interest on the outstanding balance, so the totals fall over the plan.
    /// </summary>
    LevelPrincipal = 1,

    /// <summary>Interest-free equal parts: the financed amount split into equal installments; requires no interest.</summary>
    EqualParts = 2,

    /// <summary>
    /// The principal of each installment is an explicit percentage of the financed amount
    /// (<see cref="InstallmentPlanDefinition.Percentages"/>, summing to exactly 100); interest, if any, on the
    /// outstanding balance.
    /// </summary>
    ExplicitPercentages = 3,

    /// <summary>
    /// The principal of each installment is given explicitly (<see cref="InstallmentPlanDefinition.Amounts"/>,
    /// summing to exactly the financed amount); interest, if any, on the outstanding balance.
    /// </summary>
    ExplicitAmounts = 4,

    /// <summary>
    /// Level payment with a balloon: the installments amortize the financed amount down to
    /// <see cref="InstallmentPlanDefinition.BalloonAmount"/>, which is repaid with the last installment.
    /// </summary>
    Balloon = 5,
}

/// <summary>How often installments fall due.</summary>
public enum InstallmentFrequency
{
    /// <summary>Every month on the day of the first due date (a day the month lacks becomes its last day).</summary>
    Monthly = 0,

    /// <summary>Every 7 days.</summary>
    Weekly = 1,

    /// <summary>Every 14 days ("quincenal" in the sense of every two weeks).</summary>
    EveryTwoWeeks = 2,

    /// <summary>Twice a month, on the 1st and the 15th; the first due date must be a 1st or a 15th.</summary>
    TwiceAMonth = 3,

    /// <summary>Every three months on the day of the first due date.</summary>
    Quarterly = 4,
}

/// <summary>Which installment absorbs the rounding residual so that the parts add up to the cent.</summary>
public enum ResidualPlacement
{
    /// <summary>The last installment (default).</summary>
    Last = 0,

    /// <summary>The first installment (after any down payment).</summary>
    First = 1,
}

/// <summary>How the interest of a period is computed from the nominal annual rate.</summary>
public enum InterestAccrual
{
    /// <summary>No interest.</summary>
    None = 0,

    /// <summary>
    /// Periodic rate: <c>rate / periods per year</c> (12 monthly, 4 quarterly, 24 twice a month, 26 every two weeks,
    /// 52 weekly) for every period, whatever its length in days. This is the classic annuity formula used by
    /// published amortization tables and loan calculators.
    /// </summary>
    PeriodicRate = 1,

    /// <summary>
    /// Actual period dates with a day count: the interest of a period is <c>balance × rate × year fraction</c> of
    /// <c>[previous due date, due date)</c> under the chosen <see cref="Calendars.DayCount"/> (the first period starts
    /// at the start date). This is what a bank that charges interest "por días" (e.g. ACT/360 or ACT/365F) does.
    /// </summary>
    DayCount = 2,
}
