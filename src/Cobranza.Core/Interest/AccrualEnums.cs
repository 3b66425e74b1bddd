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
    /// An effective annual rate (tasa efectiva anual, "EA", as certified in Colombia): the daily rate is
    /// <c>(1 + EA)^(1/365) − 1</c>, computed in decimal precision, and a period of n days accrues
    /// <c>balance × n × daily rate</c>.
    /// </summary>
    EffectiveAnnual = 1,
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
