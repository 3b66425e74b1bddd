using System.Collections.Generic;
using System.Threading;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// The concrete schedule created by <see cref="InstallmentPlanDefinition.CreateSchedule"/>: one row per installment
/// (plus row 0 for a down payment), in due-date order. Immutable.
/// </summary>
/// <remarks>
/// Invariants (tested as properties): every amount is in whole minor units; the principal of the installments
/// 1..n sums exactly to <see cref="FinancedAmount"/>; the remaining balance ends at exactly zero; due dates
/// strictly increase.
/// </remarks>
/// <example>
/// 1 000.00 EUR over 3 monthly interest-free installments from 31 January 2026:
/// <code>
/// var schedule = new InstallmentPlanDefinition
/// {
///     Amount = Money.Of(1_000m, Currency.EUR), StartDate = new LocalDate(2026, 1, 1),
///     FirstDueDate = new LocalDate(2026, 1, 31), InstallmentCount = 3, Method = AmortizationMethod.EqualParts,
/// }.CreateSchedule(BuiltInCalendarProvider.Instance);
/// // #1 2026-01-31: 333.33   balance 666.67
/// // #2 2026-02-28: 333.33   balance 333.34
/// // #3 2026-03-31: 333.34   balance 0.00     (the residual, last by default)
/// </code>
/// </example>
public sealed class InstallmentSchedule
{
    private readonly ScheduledInstallment[] _installments;
    private RowAmounts[]? _rowAmounts;

    internal InstallmentSchedule(
        InstallmentPlanDefinition definition, ScheduledInstallment[] installments, Money? levelPayment, Money totalPrincipal, Money totalInterest, Money totalFees)
    {
        Definition = definition;
        _installments = installments;
        LevelPayment = levelPayment;
        TotalPrincipal = totalPrincipal;
        TotalInterest = totalInterest;
        TotalFees = totalFees;
    }

    internal InstallmentSchedule(InstallmentPlanDefinition definition, ScheduledInstallment[] installments, Money? levelPayment)
    {
        Definition = definition;
        _installments = installments;
        LevelPayment = levelPayment;
        var currency = definition.Currency;
        decimal principal = 0m, interest = 0m, fees = 0m;
        foreach (var row in installments)
        {
            principal += row.Principal.Amount;
            interest += row.Interest.Amount;
            fees += row.Fee.Amount;
        }

        TotalPrincipal = Money.Of(principal, currency);
        TotalInterest = Money.Of(interest, currency);
        TotalFees = Money.Of(fees, currency);
    }

    /// <summary>The definition this schedule was created from.</summary>
    public InstallmentPlanDefinition Definition { get; }

    /// <summary>The plan's currency.</summary>
    public Currency Currency => Definition.Currency;

    /// <summary>The rows in due-date order: the down payment (number 0) if any, then installments 1..n.</summary>
    public IReadOnlyList<ScheduledInstallment> Installments => _installments;

    /// <summary>The down payment row, or null.</summary>
    public ScheduledInstallment? DownPayment => _installments.Length > 0 && _installments[0].IsDownPayment ? _installments[0] : null;

    /// <summary>The amount the installments 1..n repay (amount minus down payment).</summary>
    public Money FinancedAmount => Definition.FinancedAmount;

    /// <summary>
    /// For an interest-bearing <see cref="AmortizationMethod.LevelPayment"/> or <see cref="AmortizationMethod.Balloon"/>
    /// plan: the rounded level payment (principal + interest, without fees) of every installment but the last;
    /// null for the other methods.
    /// </summary>
    public Money? LevelPayment { get; }

    /// <summary>Sum of the principal column, down payment included (equals the definition's <c>Amount</c>).</summary>
    public Money TotalPrincipal { get; }

    /// <summary>Sum of the interest column.</summary>
    public Money TotalInterest { get; }

    /// <summary>Sum of the fees column.</summary>
    public Money TotalFees { get; }

    /// <summary>Everything the debtor pays: principal + interest + fees.</summary>
    public Money Total => TotalPrincipal + TotalInterest + TotalFees;

    /// <summary>The due date of the last installment.</summary>
    public LocalDate MaturityDate => _installments[^1].DueDate;

    internal ScheduledInstallment[] Rows => _installments;

    /// <summary>
    /// Each row's fee, interest, principal and <see cref="ScheduledInstallment.Total"/> as decimals, computed on first
    /// use and then shared (the schedule is immutable; concurrent first uses compute the same values and one of them
    /// is kept). Never mutated.
    /// </summary>
    internal RowAmounts[] Amounts
    {
        get
        {
            if (Volatile.Read(ref _rowAmounts) is { } amounts)
            {
                return amounts;
            }

            var computed = new RowAmounts[_installments.Length];
            for (int i = 0; i < computed.Length; i++)
            {
                ScheduledInstallment row = _installments[i];
                computed[i] = new RowAmounts(row.Fee.Amount, row.Interest.Amount, row.Principal.Amount, row.Total.Amount);
            }

            return Interlocked.CompareExchange(ref _rowAmounts, computed, null) ?? computed;
        }
    }

    /// <summary>A row's amounts as decimals (the values of its <see cref="Money"/> properties).</summary>
    internal readonly record struct RowAmounts(decimal Fee, decimal Interest, decimal Principal, decimal Total);
}
