using System;
using System.Collections.Generic;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Core.Tests.Installments.Reference;

/// <summary>
/// Test oracle: <see cref="TrackedPlan.StatusAsOf"/> as it stood before its per-call work was reduced (row totals
/// recomputed on every use, every acceleration candidate sorted and checked against every row, payments summed
/// from the first for each candidate), written against the public state of a tracked plan. The production
/// method must return exactly the same report.
/// </summary>
internal sealed class ReferencePlanStatus
{
    private readonly PlanPayment[] _items;
    private readonly int _count;
    private readonly decimal _totalPaid;
    private readonly decimal _totalOwed;

    internal ReferencePlanStatus(TrackedPlan plan)
    {
        Schedule = plan.Schedule;
        Acceleration = plan.Acceleration;
        _items = [.. plan.Payments];
        _count = _items.Length;
        // The running total of the old Apply: 0m, plus each payment in order (not the plan's own total, which the
        // production code now keeps in minor units).
        _totalPaid = 0m;
        foreach (var payment in _items)
        {
            _totalPaid += payment.Amount.Amount;
        }

        _totalOwed = plan.Schedule.Total.Amount;
    }

    /// <summary>The total paid, as the old Apply summed it.</summary>
    public decimal TotalPaid => _totalPaid;

    /// <summary>The old <see cref="TrackedPlan.OutstandingAsOf"/>.</summary>
    public decimal OutstandingAsOf(LocalDate date) => Outstanding(date, PaidUpTo(date), inclusive: true);

    private InstallmentSchedule Schedule { get; }

    private AccelerationClause? Acceleration { get; }

    public PlanStatusReport StatusAsOf(LocalDate asOf)
    {
        var acceleration = FindAcceleration(asOf);
        var states = States(asOf, PaidUpTo(asOf));
        bool allPaid = true, anyOverdue = false;
        foreach (var s in states)
        {
            allPaid &= s.Status == InstallmentStatus.Paid;
            anyOverdue |= s.Status == InstallmentStatus.Overdue;
        }

        var status = allPaid ? PlanStatus.Completed : acceleration is not null ? PlanStatus.Broken : anyOverdue ? PlanStatus.InArrears : PlanStatus.Current;
        return new PlanStatusReport(asOf, status, states, acceleration, Money.Of(Outstanding(asOf, PaidUpTo(asOf), inclusive: true), Schedule.Currency), Money.Of(Math.Max(0m, PaidUpTo(asOf) - _totalOwed), Schedule.Currency));
    }

    private decimal PaidUpTo(LocalDate date)
    {
        var items = _items;
        if (_count == 0 || items[_count - 1].Date <= date)
        {
            return _totalPaid;
        }

        decimal paid = 0m;
        for (int i = 0; i < _count && items[i].Date <= date; i++)
        {
            paid += items[i].Amount.Amount;
        }

        return paid;
    }

    private InstallmentState[] States(LocalDate asOf, decimal paid)
    {
        var rows = Schedule.Installments;
        var currency = Schedule.Currency;
        var states = new InstallmentState[rows.Count];
        var items = _items;
        int p = 0;
        decimal cumulativePayments = 0m;
        decimal cumulativeOwed = 0m;
        decimal remaining = paid;
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            decimal fee = Math.Min(remaining, row.Fee.Amount);
            remaining -= fee;
            decimal interest = Math.Min(remaining, row.Interest.Amount);
            remaining -= interest;
            decimal principal = Math.Min(remaining, row.Principal.Amount);
            remaining -= principal;
            cumulativeOwed += row.Total.Amount;
            LocalDate? paidOn = null;
            if (fee + interest + principal == row.Total.Amount)
            {
                while (cumulativePayments < cumulativeOwed && p < _count)
                {
                    cumulativePayments += items[p++].Amount.Amount;
                }

                paidOn = p == 0 ? row.DueDate : items[p - 1].Date;
                if (row.Total.IsZero)
                {
                    paidOn = p == 0 ? null : items[p - 1].Date;
                }
            }

            InstallmentStatus status;
            int daysLate;
            if (paidOn.HasValue || row.Total.IsZero)
            {
                status = InstallmentStatus.Paid;
                daysLate = paidOn is { } on && on > row.DueDate ? Period.DaysBetween(row.DueDate, on) : 0;
            }
            else if (asOf > row.DueDate)
            {
                status = InstallmentStatus.Overdue;
                daysLate = Period.DaysBetween(row.DueDate, asOf);
            }
            else
            {
                status = fee + interest + principal > 0m ? InstallmentStatus.PartiallyPaid : InstallmentStatus.Pending;
                daysLate = 0;
            }

            states[i] = new InstallmentState(row, Money.Of(fee, currency), Money.Of(interest, currency), Money.Of(principal, currency), status, daysLate, paidOn);
        }

        return states;
    }

    private decimal Outstanding(LocalDate date, decimal paid, bool inclusive)
    {
        // Unpaid principal of every row, plus unpaid interest and fees of rows due before (or on) the date.
        decimal remaining = paid;
        decimal outstanding = 0m;
        foreach (var row in Schedule.Installments)
        {
            decimal fee = Math.Min(remaining, row.Fee.Amount);
            remaining -= fee;
            decimal interest = Math.Min(remaining, row.Interest.Amount);
            remaining -= interest;
            decimal principal = Math.Min(remaining, row.Principal.Amount);
            remaining -= principal;
            outstanding += row.Principal.Amount - principal;
            if (inclusive ? row.DueDate <= date : row.DueDate < date)
            {
                outstanding += row.Fee.Amount - fee + row.Interest.Amount - interest;
            }
        }

        return outstanding;
    }

    private AccelerationEvent? FindAcceleration(LocalDate asOf)
    {
        if (Acceleration is not { } clause)
        {
            return null;
        }

        // The condition can only start to hold on the day after a due date (one more installment overdue) or on a
        // due date + DaysOverdue; payments only make it false. So checking those days in order finds the first one.
        var rows = Schedule.Installments;
        var candidates = new List<LocalDate>(rows.Count * 2);
        foreach (var row in rows)
        {
            if (clause.MissedInstallments.HasValue)
            {
                candidates.Add(row.DueDate.PlusDays(1));
            }

            if (clause.DaysOverdue is { } days)
            {
                candidates.Add(row.DueDate.PlusDays(days));
            }
        }

        candidates.Sort();
        foreach (var day in candidates)
        {
            if (day > asOf)
            {
                break;
            }

            decimal paid = PaidUpTo(day);
            decimal remaining = paid;
            int overdue = 0;
            LocalDate? oldestUnpaid = null;
            foreach (var row in rows)
            {
                decimal owed = row.Total.Amount;
                decimal allocated = Math.Min(remaining, owed);
                remaining -= allocated;
                if (allocated < owed && row.DueDate < day)
                {
                    overdue++;
                    oldestUnpaid ??= row.DueDate;
                }
            }

            AccelerationTrigger? trigger =
                clause.MissedInstallments is { } n && overdue >= n ? AccelerationTrigger.MissedInstallments
                : clause.DaysOverdue is { } x && oldestUnpaid is { } oldest && Period.DaysBetween(oldest, day) >= x ? AccelerationTrigger.DaysOverdue
                : null;
            if (trigger is { } t)
            {
                return new AccelerationEvent(day, Money.Of(Outstanding(day, paid, inclusive: false), Schedule.Currency), t, overdue);
            }
        }

        return null;
    }

}
