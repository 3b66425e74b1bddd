using System;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>A payment made towards an installment plan: the date it was received and the amount (positive).</summary>
/// <remarks>
/// Idempotency (the same payment reference applied twice) is the account ledger's concern; a plan only sees the
/// amounts and dates the ledger applies to it.
/// </remarks>
public sealed record PlanPayment
{
    /// <summary>Creates a payment.</summary>
    /// <param name="date">The date the payment was received.</param>
    /// <param name="amount">The amount; positive and in whole minor units.</param>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is <c>default(Money)</c>, not positive or has more decimals than the minor unit.</exception>
    public PlanPayment(LocalDate date, Money amount)
    {
        if (amount.Equals(default(Money)))
        {
            throw new ArgumentException("amount must have a currency (was default(Money)).", nameof(amount));
        }

        if (!amount.IsPositive || !amount.IsRoundedToMinorUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"amount must be positive and in whole minor units (was {amount}).");
        }

        Date = date;
        Amount = amount;
    }

    /// <summary>The date the payment was received.</summary>
    public LocalDate Date { get; }

    /// <summary>The amount paid.</summary>
    public Money Amount { get; }
}

/// <summary>The state of one installment as of a date.</summary>
public enum InstallmentStatus
{
    /// <summary>Not yet due and nothing paid.</summary>
    Pending = 0,

    /// <summary>Not yet due, partly paid.</summary>
    PartiallyPaid = 1,

    /// <summary>Fully paid (fees, interest and principal).</summary>
    Paid = 2,

    /// <summary>The due date has passed and it is not fully paid (whether or not partly paid).</summary>
    Overdue = 3,
}

/// <summary>The state of a plan as of a date.</summary>
public enum PlanStatus
{
    /// <summary>Nothing is overdue.</summary>
    Current = 0,

    /// <summary>At least one installment is overdue, and the acceleration clause (if any) has not fired.</summary>
    InArrears = 1,

    /// <summary>The acceleration clause fired: the remaining balance fell due at once.</summary>
    Broken = 2,

    /// <summary>Every installment is paid.</summary>
    Completed = 3,
}

/// <summary>Why an acceleration clause fired.</summary>
public enum AccelerationTrigger
{
    /// <summary>The number of overdue installments reached <see cref="AccelerationClause.MissedInstallments"/>.</summary>
    MissedInstallments = 0,

    /// <summary>The oldest unpaid installment reached <see cref="AccelerationClause.DaysOverdue"/> days overdue.</summary>
    DaysOverdue = 1,
}

/// <summary>
/// An acceleration clause ("cláusula de vencimiento anticipado"): after <see cref="MissedInstallments"/> overdue
/// installments, or when the oldest unpaid installment is <see cref="DaysOverdue"/> days overdue, the remaining
/// balance falls due at once. At least one condition is required; when both are set the first to occur fires.
/// </summary>
/// <remarks>
/// Spanish mortgage law, for example, requires at least 12 missed monthly installments (or 3 % of the capital) in the
/// first half of the loan (Ley 5/2019 art. 24); consumer contracts elsewhere have their own minimums. The clause is
/// data: the library applies it, the contract (and the law) decides its values.
/// </remarks>
public sealed record AccelerationClause
{
    /// <summary>Creates a clause.</summary>
    /// <param name="missedInstallments">Fires when this many installments are overdue at once (at least 1), or null.</param>
    /// <param name="daysOverdue">Fires when the oldest unpaid installment is this many days overdue (at least 1), or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value below 1.</exception>
    /// <exception cref="ArgumentException">Both are null.</exception>
    public AccelerationClause(int? missedInstallments, int? daysOverdue)
    {
        if (missedInstallments is null && daysOverdue is null)
        {
            throw new ArgumentException("An acceleration clause needs missedInstallments or daysOverdue (both were null).", nameof(missedInstallments));
        }

        if (missedInstallments is { } m)
        {
            Guard.Positive(m, nameof(missedInstallments));
        }

        if (daysOverdue is { } d)
        {
            Guard.Positive(d, nameof(daysOverdue));
        }

        MissedInstallments = missedInstallments;
        DaysOverdue = daysOverdue;
    }

    /// <summary>The number of overdue installments that fires the clause, or null.</summary>
    public int? MissedInstallments { get; }

    /// <summary>The days the oldest unpaid installment must be overdue to fire the clause, or null.</summary>
    public int? DaysOverdue { get; }
}

/// <summary>
/// The acceleration of a plan: on <see cref="Date"/> the whole <see cref="AmountDue"/> fell due at once.
/// </summary>
/// <param name="Date">The first day on which the clause's condition held, given the payments received up to that day.</param>
/// <param name="AmountDue">
/// What fell due: all unpaid principal (of every installment, including future ones) plus the unpaid interest and
/// fees of installments due before <see cref="Date"/>. Interest of periods not yet run is not included.
/// </param>
/// <param name="Trigger">Which condition fired.</param>
/// <param name="OverdueInstallments">How many installments were overdue on <see cref="Date"/>.</param>
public sealed record AccelerationEvent(LocalDate Date, Money AmountDue, AccelerationTrigger Trigger, int OverdueInstallments);

/// <summary>One installment as of a date: what it owes, what was allocated to it, and its status.</summary>
/// <param name="Installment">The scheduled row.</param>
/// <param name="PaidFee">Allocated to its fee.</param>
/// <param name="PaidInterest">Allocated to its interest.</param>
/// <param name="PaidPrincipal">Allocated to its principal.</param>
/// <param name="Status">Its status.</param>
/// <param name="DaysLate">
/// Days past the due date: for an unpaid overdue installment <c>asOf − DueDate</c>; for a paid one the days between
/// the due date and the payment that completed it (0 if on time); 0 otherwise. Paying on the due date is on time.
/// </param>
/// <param name="PaidOn">The date of the payment that completed it, or null.</param>
public sealed record InstallmentState(
    ScheduledInstallment Installment,
    Money PaidFee,
    Money PaidInterest,
    Money PaidPrincipal,
    InstallmentStatus Status,
    int DaysLate,
    LocalDate? PaidOn)
{
    /// <summary>Everything allocated to this installment.</summary>
    public Money Paid => PaidFee + PaidInterest + PaidPrincipal;

    /// <summary>What it still owes.</summary>
    public Money Outstanding => Installment.Total - Paid;
}
