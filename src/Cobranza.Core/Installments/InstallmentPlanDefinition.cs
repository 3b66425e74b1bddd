using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using FluentValidation;
using FluentValidation.Results;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// A validated, immutable definition of an installment plan ("plan de pagos", "plan de cuotas") that creates the
/// concrete schedule with <see cref="CreateSchedule(IBusinessCalendarProvider)"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Validation.</b> Values that cannot be represented (a <c>default</c> <see cref="Money"/>, a null list, an
/// undefined enum value) throw <see cref="ArgumentException"/> when the property is set. Everything else (counts,
/// amounts, currencies, dates, percentages, combinations) is checked by
/// <see cref="InstallmentPlanDefinitionValidator"/>, which reports every error at once with the path of each field;
/// <see cref="Validate"/> returns that result and <see cref="CreateSchedule(IBusinessCalendarProvider)"/> throws a
/// FluentValidation <see cref="ValidationException"/> holding all of them.
/// </para>
/// <para>
/// <b>Rounding.</b> Every amount of the schedule is in whole minor units of the currency. The regular installment
/// (or the regular principal part) is rounded with <see cref="Rounding"/>; the installment chosen by
/// <see cref="Residual"/> takes the difference, so the principal column sums exactly to
/// <see cref="FinancedAmount"/> and the balance ends at exactly zero. Interest of each period is rounded with
/// <see cref="Rounding"/> on the (rounded) outstanding balance.
/// </para>
/// </remarks>
/// <example>
/// A 10 000 EUR loan at 6 % nominal over 12 monthly installments, classic annuity (French system):
/// <code>
/// var plan = new InstallmentPlanDefinition
/// {
///     Amount = Money.Of(10_000m, Currency.EUR),
///     StartDate = new LocalDate(2026, 1, 15),
///     FirstDueDate = new LocalDate(2026, 2, 15),
///     InstallmentCount = 12,
///     Method = AmortizationMethod.LevelPayment,
///     Interest = PlanInterest.Periodic(0.06m),
/// };
/// InstallmentSchedule schedule = plan.CreateSchedule(BuiltInCalendarProvider.Instance);
/// // periodic rate 0.5 %; payment = 10 000 × 0.005 / (1 − 1.005^−12) = 860.6643… → 860.66 EUR
/// // row 1: 15 Feb 2026, principal 810.66, interest 50.00, total 860.66, balance 9 189.34
/// // row 12: 15 Jan 2027, principal 856.42, interest 4.28, total 860.70 (the residual), balance 0.00
/// </code>
/// </example>
public sealed record InstallmentPlanDefinition
{
    /// <summary>The largest number of installments accepted (100 years of monthly installments).</summary>
    public const int MaxInstallmentCount = 1200;

    private readonly Money _amount;
    private readonly Money? _downPayment;
    private readonly Money? _balloonAmount;
    private readonly Money? _installmentFee;
    private readonly InstallmentFrequency _frequency;
    private readonly AmortizationMethod _method;
    private readonly PlanInterest _interest = PlanInterest.None;
    private readonly IReadOnlyList<decimal> _percentages = [];
    private readonly IReadOnlyList<Money> _amounts = [];
    private readonly ResidualPlacement _residual;
    private readonly MidpointRounding _rounding = MidpointRounding.AwayFromZero;

    /// <summary>
    /// The amount owed (price or debt) before any <see cref="DownPayment"/>. Required; validated as positive and in
    /// whole minor units.
    /// </summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public required Money Amount
    {
        get => _amount;
        init => _amount = RequireCurrency(value, nameof(Amount));
    }

    /// <summary>
    /// An optional down payment ("cuota inicial", "entrada"), due on <see cref="StartDate"/> as installment number 0;
    /// the rest is financed. <value>Default: null (no down payment).</value>
    /// </summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? DownPayment
    {
        get => _downPayment;
        init => _downPayment = value is { } v ? RequireCurrency(v, nameof(DownPayment)) : null;
    }

    /// <summary>The contract date: interest (if any) runs from here; the down payment falls due on it. Required.</summary>
    public required LocalDate StartDate { get; init; }

    /// <summary>
    /// The due date of installment 1, before business-day adjustment; must not be before <see cref="StartDate"/>.
    /// Later due dates are computed from it (never chained), so a plan whose first due date is 31 January falls due
    /// on 28/29 February, 31 March, 30 April, ... Required.
    /// </summary>
    public required LocalDate FirstDueDate { get; init; }

    /// <summary>The number of installments after any down payment, 1 to <see cref="MaxInstallmentCount"/>. Required.</summary>
    public required int InstallmentCount { get; init; }

    /// <summary>How often installments fall due. <value>Default: <see cref="InstallmentFrequency.Monthly"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public InstallmentFrequency Frequency
    {
        get => _frequency;
        init => _frequency = RequireDefined(value, nameof(Frequency));
    }

    /// <summary>How the financed amount is split. <value>Default: <see cref="AmortizationMethod.LevelPayment"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public AmortizationMethod Method
    {
        get => _method;
        init => _method = RequireDefined(value, nameof(Method));
    }

    /// <summary>The interest. <value>Default: <see cref="PlanInterest.None"/>.</value></summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public PlanInterest Interest
    {
        get => _interest;
        init => _interest = value ?? throw new ArgumentNullException(nameof(Interest));
    }

    /// <summary>
    /// For <see cref="AmortizationMethod.ExplicitPercentages"/>: the percentage of the financed amount repaid by each
    /// installment (e.g. <c>[50, 30, 20]</c>), one per installment, each positive, summing to exactly 100.
    /// <value>Default: empty.</value>
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<decimal> Percentages
    {
        get => _percentages;
        init => _percentages = [.. value ?? throw new ArgumentNullException(nameof(Percentages))];
    }

    /// <summary>
    /// For <see cref="AmortizationMethod.ExplicitAmounts"/>: the principal repaid by each installment, one per
    /// installment, each positive and in whole minor units, summing to exactly <see cref="FinancedAmount"/>.
    /// <value>Default: empty.</value>
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">An element is <c>default(Money)</c>.</exception>
    public IReadOnlyList<Money> Amounts
    {
        get => _amounts;
        init => _amounts = CopyAmounts(value);
    }

    /// <summary>
    /// For <see cref="AmortizationMethod.Balloon"/>: the principal left for the last installment (positive, less than
    /// <see cref="FinancedAmount"/>). <value>Default: null.</value>
    /// </summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? BalloonAmount
    {
        get => _balloonAmount;
        init => _balloonAmount = value is { } v ? RequireCurrency(v, nameof(BalloonAmount)) : null;
    }

    /// <summary>
    /// A fixed fee charged with every installment (not with the down payment), shown in the fees column.
    /// <value>Default: null (no fee).</value>
    /// </summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? InstallmentFee
    {
        get => _installmentFee;
        init => _installmentFee = value is { } v ? RequireCurrency(v, nameof(InstallmentFee)) : null;
    }

    /// <summary>
    /// End-of-month roll, for <see cref="InstallmentFrequency.Monthly"/> and <see cref="InstallmentFrequency.Quarterly"/>:
    /// when <see cref="FirstDueDate"/> is the last day of its month, every due date is the last day of its month
    /// (28 February → 31 March → 30 April). Without it a first due date of 28 February gives 28 March. A first due date
    /// on the 31st already gives month ends without this flag (dates are computed from the first due date).
    /// <value>Default: false.</value>
    /// </summary>
    public bool EndOfMonth { get; init; }

    /// <summary>
    /// The business-day adjustment of due dates, e.g. <c>new BusinessDayAdjustment(BusinessDayConvention.Following, "ES")</c>.
    /// Interest periods run between the adjusted dates. <value>Default: <see cref="BusinessDayAdjustment.None"/>.</value>
    /// </summary>
    public BusinessDayAdjustment DueDateAdjustment { get; init; } = BusinessDayAdjustment.None;

    /// <summary>Which installment absorbs the rounding residual. <value>Default: <see cref="ResidualPlacement.Last"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public ResidualPlacement Residual
    {
        get => _residual;
        init => _residual = RequireDefined(value, nameof(Residual));
    }

    /// <summary>
    /// The midpoint rule for every rounding to the minor unit. <value>Default: <see cref="MidpointRounding.AwayFromZero"/>
    /// (the commercial rule).</value>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public MidpointRounding Rounding
    {
        get => _rounding;
        init => _rounding = RequireDefined(value, nameof(Rounding));
    }

    /// <summary>The plan's currency, that of <see cref="Amount"/>.</summary>
    public Currency Currency => _amount.Currency;

    /// <summary>The amount the installments repay: <see cref="Amount"/> minus <see cref="DownPayment"/>.</summary>
    public Money FinancedAmount => _downPayment is { } dp && dp.Currency == _amount.Currency ? _amount - dp : _amount;

    /// <summary>Checks every rule at once.</summary>
    /// <returns>The result, with one error per broken rule and the path of its field.</returns>
    public ValidationResult Validate() => InstallmentPlanDefinitionValidator.Instance.Validate(this);

    /// <summary>Creates the schedule: due dates, principal, interest, fees, totals and remaining balance per row.</summary>
    /// <param name="calendars">Resolves the calendar of <see cref="DueDateAdjustment"/>.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendars"/> is null.</exception>
    /// <exception cref="ValidationException">The definition is invalid; every error is listed.</exception>
    /// <exception cref="ArgumentException">The adjustment's calendar is unknown to <paramref name="calendars"/>, or the
    /// plan cannot be built as defined (e.g. an adjusted due date before the start date, too many installments for the
    /// amount); the message names the field and value.</exception>
    public InstallmentSchedule CreateSchedule(IBusinessCalendarProvider calendars)
    {
        ArgumentNullException.ThrowIfNull(calendars);

        // The hand-written check accepts exactly what the validator accepts (property-tested); only a definition it
        // does not accept runs the validator, which reports every error with its path and message.
        if (!InstallmentPlanDefinitionValidator.IsValidQuick(this))
        {
            var result = Validate();
            if (!result.IsValid)
            {
                throw new ValidationException(result.Errors);
            }
        }

        return ScheduleBuilder.Build(this, calendars);
    }

    /// <summary>Equality by value, including the elements of <see cref="Percentages"/> and <see cref="Amounts"/>.</summary>
    /// <param name="other">Another definition.</param>
    /// <returns>True when every property is equal.</returns>
    public bool Equals(InstallmentPlanDefinition? other)
        => other is not null
           && _amount.Equals(other._amount) && Nullable.Equals(_downPayment, other._downPayment)
           && StartDate == other.StartDate && FirstDueDate == other.FirstDueDate && InstallmentCount == other.InstallmentCount
           && _frequency == other._frequency && _method == other._method && _interest.Equals(other._interest)
           && _percentages.SequenceEqual(other._percentages) && _amounts.SequenceEqual(other._amounts)
           && Nullable.Equals(_balloonAmount, other._balloonAmount) && Nullable.Equals(_installmentFee, other._installmentFee)
           && EndOfMonth == other.EndOfMonth && DueDateAdjustment.Equals(other.DueDateAdjustment)
           && _residual == other._residual && _rounding == other._rounding;

    /// <inheritdoc/>
    public override int GetHashCode()
        => HashCode.Combine(_amount, StartDate, FirstDueDate, InstallmentCount, _frequency, _method, _interest, _percentages.Count);

    /// <summary>A copy of explicit amounts, each checked to have a currency; shared with <see cref="RestructuringTerms"/>.</summary>
    internal static Money[] CopyAmounts(IReadOnlyList<Money> value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(Amounts));
        var copy = value.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            RequireCurrency(copy[i], $"{nameof(Amounts)}[{i}]");
        }

        return copy;
    }

    internal static Money RequireCurrency(Money value, string name)
    {
        if (value.Equals(default(Money)))
        {
            throw new ArgumentException($"{name} must have a currency (was default(Money)).", name);
        }

        return value;
    }

    internal static T RequireDefined<T>(T value, string name)
        where T : struct, Enum
        => Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} is not a defined {typeof(T).Name} (was {value}).");
}
