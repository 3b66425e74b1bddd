using System;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// One row of an <see cref="InstallmentSchedule"/>: number, due date, principal, interest, fee, total and the
/// principal balance remaining after it. Every amount is in whole minor units of the plan's currency.
/// </summary>
public sealed record ScheduledInstallment
{
    /// <summary>
    /// A row as it was created and stored, for <see cref="InstallmentSchedule.Restore"/> (a store that keeps an agreed
    /// plan reads its rows back with this).
    /// </summary>
    /// <param name="number">The row number (0 for a down payment, then 1, 2, …).</param>
    /// <param name="dueDate">The due date.</param>
    /// <param name="periodStart">The start of the period the row's interest covers (not after <paramref name="dueDate"/>).</param>
    /// <param name="principal">The principal (not negative).</param>
    /// <param name="interest">The interest (not negative).</param>
    /// <param name="fee">The fee (not negative).</param>
    /// <param name="remainingBalance">The principal balance remaining after the row (not negative).</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentException">An amount is negative or in another currency than <paramref name="principal"/>, the number is negative, or the period starts after the due date.</exception>
    public static ScheduledInstallment Restore(int number, LocalDate dueDate, LocalDate periodStart, Money principal, Money interest, Money fee, Money remainingBalance)
    {
        if (number < 0)
        {
            throw new ArgumentException($"number must not be negative (was {number}).", nameof(number));
        }

        if (periodStart > dueDate)
        {
            throw new ArgumentException($"periodStart ({periodStart:uuuu-MM-dd}) of row {number} must not be after its dueDate ({dueDate:uuuu-MM-dd}).", nameof(periodStart));
        }

        foreach (var (amount, name) in new[] { (principal, nameof(principal)), (interest, nameof(interest)), (fee, nameof(fee)), (remainingBalance, nameof(remainingBalance)) })
        {
            if (amount.Currency != principal.Currency || amount.IsNegative)
            {
                throw new ArgumentException($"{name} of row {number} must be a non-negative amount in {principal.Currency.Code} (was {amount}).", name);
            }
        }

        return new ScheduledInstallment(number, dueDate, periodStart, principal, interest, fee, remainingBalance);
    }

    internal ScheduledInstallment(int number, LocalDate dueDate, LocalDate periodStart, Money principal, Money interest, Money fee, Money remainingBalance)
    {
        Number = number;
        DueDate = dueDate;
        PeriodStart = periodStart;
        Principal = principal;
        Interest = interest;
        Fee = fee;
        RemainingBalance = remainingBalance;
    }

    /// <summary>The installment number: 1, 2, ... ; 0 for the down payment.</summary>
    public int Number { get; }

    /// <summary>The due date, after business-day adjustment. The debtor may pay on it without being late.</summary>
    public LocalDate DueDate { get; }

    /// <summary>
    /// The start of the interest period this row pays, <c>[PeriodStart, DueDate)</c>: the previous due date, or the
    /// plan's start date for installment 1 (and for the down payment, whose period is empty).
    /// </summary>
    public LocalDate PeriodStart { get; }

    /// <summary>The principal repaid.</summary>
    public Money Principal { get; }

    /// <summary>The interest of the period on the outstanding balance.</summary>
    public Money Interest { get; }

    /// <summary>The fee charged with this installment.</summary>
    public Money Fee { get; }

    /// <summary>The amount due: principal + interest + fee.</summary>
    public Money Total => Principal + Interest + Fee;

    /// <summary>The principal still owed after this installment is paid (zero after the last one).</summary>
    public Money RemainingBalance { get; }

    /// <summary>Whether this row is the down payment (number 0).</summary>
    public bool IsDownPayment => Number == 0;

    /// <inheritdoc/>
    public override string ToString()
        => $"#{Number} {DueDate:uuuu-MM-dd}: principal {Principal}, interest {Interest}, fee {Fee}, total {Total}, balance {RemainingBalance}";
}
