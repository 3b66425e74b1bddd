using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// One row of an <see cref="InstallmentSchedule"/>: number, due date, principal, interest, fee, total and the
/// principal balance remaining after it. Every amount is in whole minor units of the plan's currency.
/// </summary>
public sealed record ScheduledInstallment
{
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
