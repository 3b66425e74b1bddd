using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// The terms of the installment plan a restructuring creates ("refinanciación"): everything an
/// <see cref="InstallmentPlanDefinition"/> holds except its <see cref="InstallmentPlanDefinition.Amount"/> and
/// <see cref="InstallmentPlanDefinition.StartDate"/>, which only the restructuring knows (what the items owe on the
/// agreement date, and that date).
/// </summary>
/// <remarks>
/// <para>
/// <b>Validation.</b> As for the definition: a value that cannot be represented (a <c>default</c> <see cref="Money"/>,
/// a null list, an undefined enum value) throws <see cref="ArgumentException"/> when the property is set. The other
/// rules (count, dates, combinations, explicit amounts summing to what is financed) depend on the amount and start
/// date, so they are checked when the plan is built, by <see cref="InstallmentPlanDefinitionValidator"/> on
/// <see cref="ToDefinition(Money, LocalDate)"/>'s result: every error at once, each with the path of its field.
/// </para>
/// </remarks>
/// <example>
/// Two equal monthly installments from 22 April, interest-free:
/// <code>
/// var terms = new RestructuringTerms
/// {
///     FirstDueDate = new LocalDate(2026, 4, 22),
///     InstallmentCount = 2,
///     Method = AmortizationMethod.EqualParts,
/// };
/// // Restructuring.Restructure(account, new RestructuringRequest("PL-1", new LocalDate(2026, 3, 22), terms), calendars)
/// // builds the plan for what the items owe on 22 March 2026, starting that day.
/// </code>
/// </example>
public sealed record RestructuringTerms
{
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
    /// An optional down payment, due on the agreement date as installment number 0; it must be less than what the items
    /// owe. <value>Default: null (no down payment).</value>
    /// </summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? DownPayment
    {
        get => _downPayment;
        init => _downPayment = value is { } v ? InstallmentPlanDefinition.RequireCurrency(v, nameof(DownPayment)) : null;
    }

    /// <summary>
    /// The due date of installment 1, before business-day adjustment; must not be before the agreement date
    /// (<see cref="Receivables.RestructuringRequest.Date"/>). Required. See <see cref="InstallmentPlanDefinition.FirstDueDate"/>.
    /// </summary>
    public required LocalDate FirstDueDate { get; init; }

    /// <summary>The number of installments after any down payment, 1 to <see cref="InstallmentPlanDefinition.MaxInstallmentCount"/>. Required.</summary>
    public required int InstallmentCount { get; init; }

    /// <summary>How often installments fall due. <value>Default: <see cref="InstallmentFrequency.Monthly"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public InstallmentFrequency Frequency
    {
        get => _frequency;
        init => _frequency = InstallmentPlanDefinition.RequireDefined(value, nameof(Frequency));
    }

    /// <summary>How the amount owed is split. <value>Default: <see cref="AmortizationMethod.LevelPayment"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public AmortizationMethod Method
    {
        get => _method;
        init => _method = InstallmentPlanDefinition.RequireDefined(value, nameof(Method));
    }

    /// <summary>The plan's interest (the rate). <value>Default: <see cref="PlanInterest.None"/>.</value></summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public PlanInterest Interest
    {
        get => _interest;
        init => _interest = value ?? throw new ArgumentNullException(nameof(Interest));
    }

    /// <summary>
    /// For <see cref="AmortizationMethod.ExplicitPercentages"/>: the percentage repaid by each installment, summing to
    /// exactly 100. <value>Default: empty.</value>
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<decimal> Percentages
    {
        get => _percentages;
        init => _percentages = [.. value ?? throw new ArgumentNullException(nameof(Percentages))];
    }

    /// <summary>
    /// For <see cref="AmortizationMethod.ExplicitAmounts"/>: the principal repaid by each installment, summing to exactly
    /// what the items owe less any down payment (known only on the agreement date). <value>Default: empty.</value>
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">An element is <c>default(Money)</c>.</exception>
    public IReadOnlyList<Money> Amounts
    {
        get => _amounts;
        init => _amounts = InstallmentPlanDefinition.CopyAmounts(value);
    }

    /// <summary>For <see cref="AmortizationMethod.Balloon"/>: the principal left for the last installment. <value>Default: null.</value></summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? BalloonAmount
    {
        get => _balloonAmount;
        init => _balloonAmount = value is { } v ? InstallmentPlanDefinition.RequireCurrency(v, nameof(BalloonAmount)) : null;
    }

    /// <summary>A fixed fee charged with every installment. <value>Default: null (no fee).</value></summary>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    public Money? InstallmentFee
    {
        get => _installmentFee;
        init => _installmentFee = value is { } v ? InstallmentPlanDefinition.RequireCurrency(v, nameof(InstallmentFee)) : null;
    }

    /// <summary>End-of-month roll; see <see cref="InstallmentPlanDefinition.EndOfMonth"/>. <value>Default: false.</value></summary>
    public bool EndOfMonth { get; init; }

    /// <summary>The business-day adjustment of due dates. <value>Default: <see cref="BusinessDayAdjustment.None"/>.</value></summary>
    public BusinessDayAdjustment DueDateAdjustment { get; init; } = BusinessDayAdjustment.None;

    /// <summary>Which installment absorbs the rounding residual. <value>Default: <see cref="ResidualPlacement.Last"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public ResidualPlacement Residual
    {
        get => _residual;
        init => _residual = InstallmentPlanDefinition.RequireDefined(value, nameof(Residual));
    }

    /// <summary>The midpoint rule for every rounding to the minor unit. <value>Default: <see cref="MidpointRounding.AwayFromZero"/>.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined value.</exception>
    public MidpointRounding Rounding
    {
        get => _rounding;
        init => _rounding = InstallmentPlanDefinition.RequireDefined(value, nameof(Rounding));
    }

    /// <summary>The plan definition for an amount owed and a start date, with every term of these terms.</summary>
    /// <param name="amount">What the plan repays (before any <see cref="DownPayment"/>).</param>
    /// <param name="startDate">The agreement date.</param>
    /// <returns>The definition; not yet validated (<see cref="InstallmentPlanDefinition.Validate"/>,
    /// <see cref="InstallmentPlanDefinition.CreateSchedule(IBusinessCalendarProvider)"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is <c>default(Money)</c>.</exception>
    public InstallmentPlanDefinition ToDefinition(Money amount, LocalDate startDate) => new()
    {
        Amount = amount,
        StartDate = startDate,
        DownPayment = _downPayment,
        FirstDueDate = FirstDueDate,
        InstallmentCount = InstallmentCount,
        Frequency = _frequency,
        Method = _method,
        Interest = _interest,
        Percentages = _percentages,
        Amounts = _amounts,
        BalloonAmount = _balloonAmount,
        InstallmentFee = _installmentFee,
        EndOfMonth = EndOfMonth,
        DueDateAdjustment = DueDateAdjustment,
        Residual = _residual,
        Rounding = _rounding,
    };

    /// <summary>Equality by value, including the elements of <see cref="Percentages"/> and <see cref="Amounts"/>.</summary>
    /// <param name="other">Other terms.</param>
    /// <returns>True when every property is equal.</returns>
    public bool Equals(RestructuringTerms? other)
        => other is not null
           && Nullable.Equals(_downPayment, other._downPayment)
           && FirstDueDate == other.FirstDueDate && InstallmentCount == other.InstallmentCount
           && _frequency == other._frequency && _method == other._method && _interest.Equals(other._interest)
           && _percentages.SequenceEqual(other._percentages) && _amounts.SequenceEqual(other._amounts)
           && Nullable.Equals(_balloonAmount, other._balloonAmount) && Nullable.Equals(_installmentFee, other._installmentFee)
           && EndOfMonth == other.EndOfMonth && DueDateAdjustment.Equals(other.DueDateAdjustment)
           && _residual == other._residual && _rounding == other._rounding;

    /// <inheritdoc/>
    public override int GetHashCode()
        => HashCode.Combine(FirstDueDate, InstallmentCount, _frequency, _method, _interest, _percentages.Count, _amounts.Count, _residual);
}
