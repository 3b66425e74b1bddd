using System.Collections.Generic;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Serialization;
using NodaTime;

namespace Cobranza.Core.Terms.Configuration;

/// <summary>
/// Payment terms as configured (JSON, an ERP screen): a flat, unvalidated shape. Check it with
/// <see cref="PaymentTermsDtoValidator"/> (every error at once, with the JSON path of each field) and turn it into
/// <see cref="PaymentTerms"/> with <see cref="PaymentTermsMapper.ToModel(PaymentTermsDto)"/>.
/// </summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare terms, compare the validated <see cref="PaymentTerms"/> values, which have value equality.
/// </remarks>
public sealed record PaymentTermsDto
{
    /// <summary>The portions, in order.</summary>
    public IReadOnlyList<PaymentPortionDto>? Portions { get; init; }

    /// <summary>The seller's business-day adjustment, or null for none.</summary>
    public BusinessDayAdjustmentDto? Adjustment { get; init; }
}

/// <summary>One portion (see <see cref="PaymentPortion"/>).</summary>
public sealed record PaymentPortionDto
{
    /// <summary>The share.</summary>
    public PortionShareDto? Share { get; init; }

    /// <summary>The date counted from.</summary>
    public BaseDateKind BaseDate { get; init; }

    /// <summary>The due-date rule.</summary>
    public DueDateRuleDto? Rule { get; init; }

    /// <summary>The early-payment discount, or null.</summary>
    public EarlyPaymentDiscountDto? Discount { get; init; }
}

/// <summary>The kind of a <see cref="PortionShareDto"/>.</summary>
public enum PortionShareKind
{
    /// <summary><see cref="PortionShareDto.Percent"/> of the gross amount.</summary>
    Percent = 0,

    /// <summary>A fixed <see cref="PortionShareDto.Amount"/>.</summary>
    Amount = 1,

    /// <summary>What the other portions leave.</summary>
    Balance = 2,
}

/// <summary>A share (see <see cref="PortionShare"/>): only the field of its kind may be set.</summary>
public sealed record PortionShareDto
{
    /// <summary>The kind.</summary>
    public PortionShareKind Kind { get; init; }

    /// <summary>The percent, for <see cref="PortionShareKind.Percent"/>.</summary>
    public decimal? Percent { get; init; }

    /// <summary>The amount, for <see cref="PortionShareKind.Amount"/>.</summary>
    public MoneyDto? Amount { get; init; }
}

/// <summary>The kind of a <see cref="DueDateRuleDto"/>; one per <see cref="DueDateRule"/> type.</summary>
public enum DueDateRuleKind
{
    /// <summary><see cref="ImmediateRule"/>: no fields.</summary>
    Immediate = 0,

    /// <summary><see cref="CalendarDaysRule"/>: days.</summary>
    CalendarDays = 1,

    /// <summary><see cref="BusinessDaysRule"/>: days, calendarId.</summary>
    BusinessDays = 2,

    /// <summary><see cref="CalendarMonthsRule"/>: months.</summary>
    CalendarMonths = 3,

    /// <summary><see cref="EndOfMonthThenDaysRule"/>: days.</summary>
    EndOfMonthThenDays = 4,

    /// <summary><see cref="DaysThenEndOfMonthRule"/>: days.</summary>
    DaysThenEndOfMonth = 5,

    /// <summary><see cref="MonthsAfterEndOfMonthRule"/>: months, day.</summary>
    MonthsAfterEndOfMonth = 6,

    /// <summary><see cref="CutOffDayRule"/>: cutOffDay, dayUpToCutOff, dayAfterCutOff, monthsUpToCutOff, monthsAfterCutOff.</summary>
    CutOffDay = 7,

    /// <summary><see cref="ComposedRule"/>: steps (1 to <see cref="ComposedRule.MaxSteps"/>).</summary>
    Composed = 8,
}

/// <summary>One step of a <see cref="DueDateRuleKind.Composed"/> rule (see <see cref="DueDateStep"/>).</summary>
public sealed record DueDateStepDto
{
    /// <summary>The kind.</summary>
    public DueDateStepKind Kind { get; init; }

    /// <summary>Days, months or day of the month; left out for <see cref="DueDateStepKind.EndOfMonth"/>.</summary>
    public int? Value { get; init; }
}

/// <summary>A due-date rule (see <see cref="DueDateRule"/>): only the fields of its kind may be set.</summary>
/// <remarks>
/// Equality is the synthesized record equality, so <see cref="Steps"/> is compared by reference, as the other
/// configuration DTOs compare their lists; compare the validated <see cref="DueDateRule"/> values instead.
/// </remarks>
public sealed record DueDateRuleDto
{
    /// <summary>The kind.</summary>
    public DueDateRuleKind Kind { get; init; }

    /// <summary>Days (calendar or business).</summary>
    public int? Days { get; init; }

    /// <summary>Months.</summary>
    public int? Months { get; init; }

    /// <summary>Day of the month.</summary>
    public int? Day { get; init; }

    /// <summary>Calendar id for business days.</summary>
    public string? CalendarId { get; init; }

    /// <summary>Cut-off day.</summary>
    public int? CutOffDay { get; init; }

    /// <summary>Due day up to the cut-off.</summary>
    public int? DayUpToCutOff { get; init; }

    /// <summary>Due day after the cut-off.</summary>
    public int? DayAfterCutOff { get; init; }

    /// <summary>Months for base dates up to the cut-off.</summary>
    public int? MonthsUpToCutOff { get; init; }

    /// <summary>Months for base dates after the cut-off.</summary>
    public int? MonthsAfterCutOff { get; init; }

    /// <summary>The steps of a <see cref="DueDateRuleKind.Composed"/> rule, in order.</summary>
    public IReadOnlyList<DueDateStepDto?>? Steps { get; init; }
}

/// <summary>An early-payment discount (see <see cref="EarlyPaymentDiscount"/>).</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare discounts, compare the validated <see cref="EarlyPaymentDiscount"/> values, which have value equality.
/// </remarks>
public sealed record EarlyPaymentDiscountDto
{
    /// <summary>The tiers.</summary>
    public IReadOnlyList<DiscountTierDto>? Tiers { get; init; }

    /// <summary>The discount base.</summary>
    public DiscountBase Base { get; init; }

    /// <summary>What part payments earn.</summary>
    public PartialPaymentRule PartialPayments { get; init; }
}

/// <summary>The kind of a <see cref="DiscountTierDto"/>; one per <see cref="DiscountTier"/> factory.</summary>
public enum DiscountTierKind
{
    /// <summary>percent, days.</summary>
    PercentWithinDays = 0,

    /// <summary>percent, days (after the end of the base month).</summary>
    PercentWithinDaysAfterEndOfMonth = 1,

    /// <summary>percent, date.</summary>
    PercentBy = 2,

    /// <summary>amount, days.</summary>
    AmountWithinDays = 3,

    /// <summary>amount, date.</summary>
    AmountBy = 4,

    /// <summary>percent; paid before the issue date.</summary>
    PrepaymentBeforeIssueDate = 5,

    /// <summary>percent; paid before the delivery date.</summary>
    PrepaymentBeforeDeliveryDate = 6,

    /// <summary>amount, days (after the end of the base month).</summary>
    AmountWithinDaysAfterEndOfMonth = 7,

    /// <summary>percent, months (by the end of the month that many months after the base month).</summary>
    PercentWithinMonthsAfterEndOfMonth = 8,

    /// <summary>amount, months (by the end of the month that many months after the base month).</summary>
    AmountWithinMonthsAfterEndOfMonth = 9,
}

/// <summary>A discount tier: only the fields of its kind may be set.</summary>
public sealed record DiscountTierDto
{
    /// <summary>The kind.</summary>
    public DiscountTierKind Kind { get; init; }

    /// <summary>The percent.</summary>
    public decimal? Percent { get; init; }

    /// <summary>The fixed amount.</summary>
    public MoneyDto? Amount { get; init; }

    /// <summary>The days of the window.</summary>
    public int? Days { get; init; }

    /// <summary>The last day of the window (ISO <c>yyyy-MM-dd</c> in JSON).</summary>
    public LocalDate? Date { get; init; }

    /// <summary>The months of the window (by the end of the month that many months after the base month).</summary>
    public int? Months { get; init; }
}

/// <summary>A business-day adjustment (see <see cref="BusinessDayAdjustment"/>).</summary>
public sealed record BusinessDayAdjustmentDto
{
    /// <summary>The convention.</summary>
    public BusinessDayConvention Convention { get; init; }

    /// <summary>The calendar id; required unless the convention is Unadjusted.</summary>
    public string? CalendarId { get; init; }
}

/// <summary>A customer's payment settings as configured (see <see cref="CustomerPaymentSettings"/>).</summary>
/// <remarks>
/// Equality is the synthesized record equality, so the list properties are compared by reference: a DTO is a
/// mutable, unvalidated shape whose lists are whatever the caller or the JSON reader supplied (often a
/// <c>List&lt;T&gt;</c> that can still change), and a value hash over them would not be stable. To compare settings, compare the validated <see cref="CustomerPaymentSettings"/> values, which have value equality.
/// </remarks>
public sealed record CustomerPaymentSettingsDto
{
    /// <summary>Payment days, 1 to 31.</summary>
    public IReadOnlyList<int>? PaymentDays { get; init; }

    /// <summary>Excluded periods.</summary>
    public IReadOnlyList<ExcludedPeriodDto>? ExcludedPeriods { get; init; }

    /// <summary>The customer's adjustment, or null to keep the seller's.</summary>
    public BusinessDayAdjustmentDto? Adjustment { get; init; }
}

/// <summary>An excluded period (see <see cref="ExcludedPeriod"/>), by month and day of its first and last day.</summary>
public sealed record ExcludedPeriodDto
{
    /// <summary>Month of the first excluded day.</summary>
    public int StartMonth { get; init; }

    /// <summary>Day of the first excluded day.</summary>
    public int StartDay { get; init; }

    /// <summary>Month of the last excluded day.</summary>
    public int EndMonth { get; init; }

    /// <summary>Day of the last excluded day.</summary>
    public int EndDay { get; init; }

    /// <summary>The day the due date moves to, or null.</summary>
    public int? MoveToDay { get; init; }
}
