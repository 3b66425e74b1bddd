using System;
using System.Collections.Generic;
using System.Threading;
using Cobranza.Core.Calendars;
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
    private RowUnitTable? _rowUnits;

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

    /// <summary>
    /// Rebuilds a schedule from its rows as they were created and stored (an agreed plan kept by a store): the rows are
    /// taken as they are, never recomputed from the definition, so a later change of a holiday calendar cannot move an
    /// agreed due date or amount. The rows are checked against the definition first.
    /// </summary>
    /// <param name="definition">The definition the schedule was created from.</param>
    /// <param name="installments">The rows in order, as <see cref="Installments"/> listed them (the down payment first, numbered 0, when the definition has one).</param>
    /// <param name="levelPayment">The schedule's <see cref="LevelPayment"/>, or <see langword="null"/>.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentException">
    /// The rows do not fit the definition: their count, numbering, currency, down payment, order of due dates, or the
    /// principal balance (each row's remaining balance is the one before less its principal, ending at zero); the message
    /// names the row and the figure.
    /// </exception>
    public static InstallmentSchedule Restore(InstallmentPlanDefinition definition, IReadOnlyList<ScheduledInstallment> installments, Money? levelPayment)
    {
        Guard.NotNull(definition);
        Guard.NotNull(installments);
        var currency = definition.Currency;
        int offset = definition.DownPayment.HasValue ? 1 : 0;
        if (installments.Count != definition.InstallmentCount + offset)
        {
            throw new ArgumentException($"installments must hold {definition.InstallmentCount + offset} rows for this definition (was {installments.Count}).", nameof(installments));
        }

        if (levelPayment is { } level && level.Currency != currency)
        {
            throw new ArgumentException($"levelPayment must be in {currency.Code} (was {level}).", nameof(levelPayment));
        }

        var rows = new ScheduledInstallment[installments.Count];
        decimal balance = definition.FinancedAmount.Amount;
        for (int i = 0; i < rows.Length; i++)
        {
            var row = installments[i] ?? throw new ArgumentException($"installments[{i}] is null.", nameof(installments));
            if (row.Principal.Currency != currency)
            {
                throw new ArgumentException($"installments[{i}] is in {row.Principal.Currency.Code}, the plan in {currency.Code}.", nameof(installments));
            }

            if (row.Number != i + 1 - offset)
            {
                throw new ArgumentException($"installments[{i}] is numbered {row.Number}, expected {i + 1 - offset}.", nameof(installments));
            }

            if (i > 0 && row.DueDate < rows[i - 1].DueDate)
            {
                throw new ArgumentException($"installments[{i}] is due {row.DueDate:uuuu-MM-dd}, before the row before it ({rows[i - 1].DueDate:uuuu-MM-dd}).", nameof(installments));
            }

            if (row.IsDownPayment)
            {
                if (row.Principal != definition.DownPayment!.Value || row.RemainingBalance.Amount != balance)
                {
                    throw new ArgumentException($"installments[0] is a down payment of {row.Principal} leaving {row.RemainingBalance}; the definition says {definition.DownPayment} leaving {definition.FinancedAmount}.", nameof(installments));
                }
            }
            else
            {
                balance -= row.Principal.Amount;
                if (row.RemainingBalance.Amount != balance)
                {
                    throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"installments[{i}] leaves {row.RemainingBalance.ToString()}, but the balance before it less its principal is {balance} {currency.Code}."), nameof(installments));
                }
            }

            rows[i] = row;
        }

        if (balance != 0m)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"installments leave a principal balance of {balance} {currency.Code}; the rows must repay the financed amount {definition.FinancedAmount.ToString()}."), nameof(installments));
        }

        return new InstallmentSchedule(definition, rows, levelPayment);
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

    /// <summary>
    /// The rows' amounts as <see cref="UnitDecimal"/> values and their due dates as ISO day numbers, for the
    /// tracked-plan fast path; computed on first use and then shared like <see cref="Amounts"/>. When some amount does
    /// not fit (or a due date is not in the ISO calendar) the table says so and callers use the decimal path.
    /// </summary>
    internal RowUnitTable Units
    {
        get
        {
            if (Volatile.Read(ref _rowUnits) is { } table)
            {
                return table;
            }

            var computed = RowUnitTable.Create(this);
            return Interlocked.CompareExchange(ref _rowUnits, computed, null) ?? computed;
        }
    }

    /// <summary>A row's amounts as decimals (the values of its <see cref="Money"/> properties).</summary>
    internal readonly record struct RowAmounts(decimal Fee, decimal Interest, decimal Principal, decimal Total);

    /// <summary>A row for the fast path: fee, interest and principal as <see cref="UnitDecimal"/>, the total in minor units, the due date as an ISO day number.</summary>
    internal readonly record struct RowUnits(UnitDecimal Fee, UnitDecimal Interest, UnitDecimal Principal, long Total, int DueDay);

    /// <summary>The rows as <see cref="RowUnits"/>, with the bounds the fast path checks.</summary>
    internal sealed class RowUnitTable
    {
        private RowUnitTable(RowUnits[] rows, bool usable, int maxScale, long totalUnits, UnitDecimal totalOwed)
        {
            Rows = rows;
            Usable = usable;
            MaxScale = maxScale;
            TotalUnits = totalUnits;
            TotalOwed = totalOwed;
        }

        /// <summary>The rows (empty when not <see cref="Usable"/>).</summary>
        internal RowUnits[] Rows { get; }

        /// <summary>Whether every amount converted and every due date is an ISO date (then <see cref="Rows"/> is complete).</summary>
        internal bool Usable { get; }

        /// <summary>The largest scale of any amount (fee, interest, principal, and the schedule's total).</summary>
        internal int MaxScale { get; }

        /// <summary>Everything the plan owes, in minor units (the sum of the rows' totals).</summary>
        internal long TotalUnits { get; }

        /// <summary>The schedule's <see cref="InstallmentSchedule.Total"/>.</summary>
        internal UnitDecimal TotalOwed { get; }

        internal static RowUnitTable Create(InstallmentSchedule schedule)
        {
            var unusable = new RowUnitTable([], false, 0, 0, default);
            int minorUnits = schedule.Currency.MinorUnits;
            var source = schedule._installments;
            var rows = new RowUnits[source.Length];
            int maxScale = 0;
            long totalUnits = 0;
            for (int i = 0; i < source.Length; i++)
            {
                ScheduledInstallment row = source[i];
                if (!UnitDecimal.TryFrom(row.Fee.Amount, minorUnits, out var fee)
                    || !UnitDecimal.TryFrom(row.Interest.Amount, minorUnits, out var interest)
                    || !UnitDecimal.TryFrom(row.Principal.Amount, minorUnits, out var principal)
                    || fee.Units < 0 || interest.Units < 0 || principal.Units < 0
                    || !DayNumbers.TryGet(row.DueDate, out int dueDay))
                {
                    return unusable;
                }

                long total = fee.Units + interest.Units + principal.Units;
                totalUnits += total;
                if (totalUnits > UnitDecimal.Limit)
                {
                    return unusable;
                }

                maxScale = Math.Max(maxScale, Math.Max(fee.Scale, Math.Max(interest.Scale, principal.Scale)));
                rows[i] = new RowUnits(fee, interest, principal, total, dueDay);
            }

            if (!UnitDecimal.TryFrom(schedule.Total.Amount, minorUnits, out var totalOwed) || totalOwed.Units != totalUnits)
            {
                return unusable;
            }

            maxScale = Math.Max(maxScale, totalOwed.Scale);
            return new RowUnitTable(rows, true, maxScale, totalUnits, totalOwed);
        }
    }
}
