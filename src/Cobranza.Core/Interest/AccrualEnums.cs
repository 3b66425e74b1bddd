namespace Cobranza.Core.Interest;

/// <summary>How an annual rate is quoted.</summary>
public enum RateQuotation
{
    /// <summary>
    /// A nominal annual rate applied with the day count: interest = balance × rate × year fraction (the statutory
    /// rates of the EU late-payment directive, the UK Act, BGB §288 are all nominal, simple rates).
    /// </summary>
    NominalAnnual = 0,

    /// <summary>
    /// An effective annual rate (tasa efectiva anual, "EA", as certified in Colombia), accrued with its <b>daily
    /// equivalent</b>: the daily rate is <c>(1 + EA)^(1/365) − 1</c>, computed in decimal precision, and a period of n
    /// days accrues <c>balance × n × daily rate</c> (simple across days: a whole year yields less than EA, e.g. about
    /// 22.23 % for 24.89 % EA). Kept for contracts that say so; the Colombian presets use
    /// <see cref="EffectiveAnnualPeriodEquivalent"/> (docs/decisions/0006).
    /// </summary>
    EffectiveAnnual = 1,

    /// <summary>
    /// An effective annual rate accrued with its <b>period equivalent</b>: a segment of n days (constant balance and
    /// rate) accrues <c>balance × ((1 + EA)^(n/365) − 1)</c>, so a whole year yields exactly EA: the equivalence of
    /// rates under compound interest that the Superintendencia Financiera de Colombia prescribes for converting a
    /// certified effective annual rate to another period (conceptos 2009046566-001 of 23 July 2009 and
    /// 2010017499-001 of 12 April 2010). The default of the Colombian presets.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Computed exactly and deterministically in <see cref="decimal"/> (no <see cref="double"/>): with n = 365·k + r,
    /// the factor is <c>(1 + EA)^k · (ᵠ√(1 + EA))^p − 1</c> where <c>p/q = r/365</c> in lowest terms, the root by
    /// Newton's iteration to decimal precision; the relative error of the factor is below 1e-24, so for any balance
    /// below 10^12 the error is below 10^-12 currency units, far from any rounding boundary but the exact ones.
    /// </para>
    /// <para>
    /// The formula compounds within a segment, so interest is not additive across segment cuts: a balance change
    /// or a monthly rate change cuts the period where the law does (each month's certified rate applies to that
    /// month's days), and the sum over the cut pieces is slightly below one uncut period.
    /// </para>
    /// </remarks>
    EffectiveAnnualPeriodEquivalent = 2,
}

/// <summary>Whether unpaid interest is capitalised (added to the balance that bears interest), and how often.</summary>
public enum CompoundingPeriod
{
    /// <summary>Simple interest: interest never bears interest. The statutory default everywhere this library covers.</summary>
    None = 0,

    /// <summary>Capitalised every calendar month from the compounding anchor.</summary>
    Monthly = 1,

    /// <summary>Capitalised every three calendar months from the compounding anchor.</summary>
    Quarterly = 3,

    /// <summary>Capitalised every twelve calendar months from the compounding anchor.</summary>
    Annually = 12,
}

/// <summary>Where the interest is rounded to the currency's minor unit.</summary>
public enum InterestRoundingPoint
{
    /// <summary>
    /// Once, on the total: segments are accrued in full decimal precision, summed, and the sum is rounded; the
    /// rounded total is then shared among the segments for display with <see cref="Money.Allocate(System.ReadOnlySpan{decimal})"/>
    /// so that the displayed segment amounts add up exactly to the total.
    /// </summary>
    Total = 0,

    /// <summary>Each segment is rounded on its own and the total is the sum of the rounded segments.</summary>
    PerSegment = 1,
}

/// <summary>The first day that accrues interest, relative to the due date.</summary>
public enum AccrualStart
{
    /// <summary>
    /// The day after the due date (Directive 2011/7/EU art. 3(3)(a) and 4(3)(a): "from the day following the date
    /// ... for payment"; UK Late Payment Act 1998 s.4(2): "starts to run on the day after the relevant day";
    /// BGB §187(1)). The statutory default.
    /// </summary>
    DayAfterDueDate = 0,

    /// <summary>The due date itself accrues (some contracts).</summary>
    DueDate = 1,
}

/// <summary>Whether the day of a payment (and the calculate-until date) itself accrues interest on the old balance.</summary>
public enum AccrualEnd
{
    /// <summary>
    /// The payment day accrues: interest runs up to and including the day of payment, so a payment n days after
    /// the due date bears n days of interest (with <see cref="AccrualStart.DayAfterDueDate"/>). The statutory default.
    /// </summary>
    PaymentDateIncluded = 0,

    /// <summary>The payment day does not accrue: the balance falls on the payment day itself.</summary>
    PaymentDateExcluded = 1,
}

/// <summary>What grace days mean.</summary>
public enum GraceRule
{
    /// <summary>
    /// Grace only delays the claim: if the balance is settled (zero or less) by the end of the last grace day,
    /// nothing is owed for the days up to then; otherwise interest runs from the normal accrual start as if there
    /// were no grace (the grace days bear interest too). The default.
    /// </summary>
    WaiveIfSettledWithinGrace = 0,

    /// <summary>Grace postpones the accrual start by the grace days: the grace days never bear interest.</summary>
    DeferAccrualStart = 1,
}
