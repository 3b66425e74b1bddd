using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>
/// An installment plan with the payments received on it. Immutable: <see cref="Apply(PlanPayment)"/> returns a new
/// tracked plan and leaves this one unchanged.
/// </summary>
/// <remarks>
/// <para>
/// <b>Allocation.</b> Payments go to the oldest installment first (the down payment, then 1, 2, ...), and within an
/// installment to its fee, then its interest, then its principal (the order of Código Civil art. 1173 for Spain:
/// interest before capital). An installment never receives more than it owes; money beyond the whole plan is kept as
/// <see cref="Unapplied"/>. So the state depends only on the total paid up to a date, and paying in one lump or in
/// pieces on the same day gives the same state. Always <c>Allocated + Unapplied == TotalPaid</c>.
/// </para>
/// <para>
/// <b>Dates.</b> Payments must be applied in date order (several on one day are fine). Statuses are computed
/// <see cref="StatusAsOf(LocalDate)">as of a date</see> from the payments received up to and including that date.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var tracked = TrackedPlan.Start(schedule, new AccelerationClause(missedInstallments: 3, daysOverdue: null))
///     .Apply(new PlanPayment(new LocalDate(2026, 2, 15), Money.Of(860.66m, "EUR")));
/// PlanStatusReport report = tracked.StatusAsOf(new LocalDate(2026, 4, 1));
/// // installment 1 Paid; installment 2 (due 15 Mar) Overdue, 17 days late; plan InArrears.
/// </code>
/// </example>
public sealed class TrackedPlan
{
    private readonly PaymentBuffer _buffer;
    private readonly int _count;
    private readonly PaidTotal _paid;
    private readonly decimal _totalOwed;

    private TrackedPlan(InstallmentSchedule schedule, AccelerationClause? acceleration, PaymentBuffer buffer, int count, PaidTotal paid, decimal totalOwed)
    {
        Schedule = schedule;
        Acceleration = acceleration;
        _buffer = buffer;
        _count = count;
        _paid = paid;
        _totalOwed = totalOwed;
    }

    /// <summary>The schedule being tracked.</summary>
    public InstallmentSchedule Schedule { get; }

    /// <summary>The acceleration clause, or null.</summary>
    public AccelerationClause? Acceleration { get; }

    /// <summary>The payments applied, in date order.</summary>
    public IReadOnlyList<PlanPayment> Payments => new ArraySegment<PlanPayment>(_buffer.Items, 0, _count);

    /// <summary>Everything paid.</summary>
    public Money TotalPaid => Money.Of(TotalPaidAmount, Schedule.Currency);

    /// <summary>What was allocated to installments: the total paid, up to what the plan owes.</summary>
    public Money Allocated => Money.Of(Math.Min(TotalPaidAmount, _totalOwed), Schedule.Currency);

    /// <summary>Paid beyond everything the plan owes: a credit in the debtor's favour.</summary>
    public Money Unapplied => Money.Of(Math.Max(0m, TotalPaidAmount - _totalOwed), Schedule.Currency);

    /// <summary>The total paid as a decimal: <c>0m + p1 + p2 + ...</c> in the order applied.</summary>
    private decimal TotalPaidAmount => _paid.ToDecimal(Schedule.Currency.MinorUnits);

    /// <summary>Starts tracking a schedule with no payments.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="acceleration">The acceleration clause, or null for none.</param>
    /// <returns>The tracked plan.</returns>
    public static TrackedPlan Start(InstallmentSchedule schedule, AccelerationClause? acceleration = null)
    {
        Guard.NotNull(schedule);
        return new TrackedPlan(schedule, acceleration, new PaymentBuffer(4), 0, default, schedule.Total.Amount);
    }

    /// <summary>Applies a payment and returns the new state; this instance is unchanged.</summary>
    /// <param name="payment">The payment, in the plan's currency, dated on or after the last payment applied.</param>
    /// <returns>The new tracked plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="payment"/> is null.</exception>
    /// <exception cref="ArgumentException">Another currency, or a date before the last payment's; the message names both values.</exception>
    public TrackedPlan Apply(PlanPayment payment)
    {
        Guard.NotNull(payment);
        int minorUnits = Validate(payment, _count == 0 ? null : _buffer.Items[_count - 1]);
        long packed = PaymentBuffer.Pack(payment.Amount.Amount, minorUnits);
        var buffer = _buffer.Append(_count, payment, packed, out var copy) ? _buffer : copy!;
        return new TrackedPlan(Schedule, Acceleration, buffer, _count + 1, _paid.Add(payment.Amount.Amount, packed, minorUnits), _totalOwed);
    }

    /// <summary>Applies several payments in order.</summary>
    /// <param name="payments">The payments.</param>
    /// <returns>The new tracked plan.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Apply(PlanPayment)"/>.</exception>
    public TrackedPlan Apply(IEnumerable<PlanPayment> payments)
    {
        // The same checks, in the same order, as one Apply call per payment; only the intermediate plans are not
        // created, and a collection's slots are reserved at once instead of growing the buffer step by step.
        Guard.NotNull(payments);
        var buffer = _buffer;
        int count = _count;
        var paid = _paid;
        int reserved = count;
        if (payments is ICollection<PlanPayment> collection && collection.Count > 0)
        {
            // Slots [count, reserved) are this call's alone: written without a compare-and-swap each.
            buffer = buffer.Claim(count, collection.Count);
            reserved = count + collection.Count;
        }

        foreach (var payment in payments)
        {
            Guard.NotNull(payment);
            int minorUnits = Validate(payment, count == 0 ? null : buffer.Items[count - 1]);
            long packed = PaymentBuffer.Pack(payment.Amount.Amount, minorUnits);
            if (count < reserved)
            {
                buffer.Write(count, payment, packed);
            }
            else if (!buffer.Append(count, payment, packed, out var copy))
            {
                buffer = copy!;
            }

            count++;
            paid = paid.Add(payment.Amount.Amount, packed, minorUnits);
        }

        return count == _count ? this : new TrackedPlan(Schedule, Acceleration, buffer, count, paid, _totalOwed);
    }

    /// <summary>The state of every installment and of the plan, from the payments received up to and including <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The date of the report.</param>
    /// <returns>The report.</returns>
    public PlanStatusReport StatusAsOf(LocalDate asOf) => FastStatusAsOf(asOf) ?? DecimalStatusAsOf(asOf);

    /// <summary>
    /// <see cref="StatusAsOf"/> with decimal arithmetic and <see cref="LocalDate"/> comparisons: the general path,
    /// used when <see cref="FastStatusAsOf"/> does not apply.
    /// </summary>
    private PlanStatusReport DecimalStatusAsOf(LocalDate asOf)
    {
        InstallmentSchedule.RowAmounts[] owed = Schedule.Amounts;
        decimal paidAsOf = PaidUpTo(asOf);
        var acceleration = FindAcceleration(asOf, owed);
        var states = States(asOf, paidAsOf, owed, out decimal outstanding);
        bool allPaid = true, anyOverdue = false;
        foreach (var s in states)
        {
            allPaid &= s.Status == InstallmentStatus.Paid;
            anyOverdue |= s.Status == InstallmentStatus.Overdue;
        }

        var status = allPaid ? PlanStatus.Completed : acceleration is not null ? PlanStatus.Broken : anyOverdue ? PlanStatus.InArrears : PlanStatus.Current;
        var currency = Schedule.Currency;
        return new PlanStatusReport(
            asOf, status, states, acceleration, Money.Of(outstanding, currency), Money.Of(Math.Max(0m, paidAsOf - _totalOwed), currency));
    }

    /// <summary>
    /// <see cref="DecimalStatusAsOf"/> in whole minor units and ISO day numbers: the same allocation and the same
    /// decisions, with every decimal of the report built by <see cref="UnitDecimal"/> (bit for bit what the decimal
    /// operations give, scale and sign of zero included). Null when it does not apply: a payment, row or total that
    /// does not fit in the <see cref="UnitDecimal"/> bound, a date outside the ISO calendar, or an acceleration
    /// candidate beyond the last representable date (the decimal path then behaves as before, exceptions included).
    /// </summary>
    private PlanStatusReport? FastStatusAsOf(LocalDate asOf)
    {
        if (!_paid.Exact)
        {
            return null;
        }

        var table = Schedule.Units;
        var items = _buffer.Items;
        if (!table.Usable
            || !DayNumbers.TryGet(asOf, out int asOfDay)
            || (_count > 0 && (items[0].Date.Calendar != CalendarSystem.Iso || _buffer.Prefix[_count - 1] < 0))
            || _paid.Units > UnitDecimal.Limit - table.TotalUnits
            || !UnitDecimal.FitsAtScale(table.TotalUnits + _paid.Units, Math.Max(table.MaxScale, _paid.Scale), Schedule.Currency.MinorUnits))
        {
            return null;
        }

        var rows = table.Rows;
        if (Acceleration is { } clause && rows.Length > 0 && rows[^1].DueDay > DayNumbers.Max - Math.Max(1, clause.DaysOverdue ?? 1))
        {
            return null;
        }

        int minorUnits = Schedule.Currency.MinorUnits;
        var currency = Schedule.Currency;
        UnitDecimal paidAsOf = PaidUpTo(asOfDay);
        var acceleration = FindAcceleration(asOfDay, rows, minorUnits);

        // Each installment's state, allocating the amount paid oldest first (fee, interest, principal), and the
        // outstanding amount in the same pass (as in DecimalStatusAsOf).
        var source = Schedule.Rows;
        var states = new InstallmentState[rows.Length];
        var prefix = _buffer.Prefix;
        int p = 0;
        long cumulativePayments = 0;
        long cumulativeOwed = 0;
        UnitDecimal remaining = paidAsOf;
        UnitDecimal outstanding = UnitDecimal.Zero;
        bool allPaid = true, anyOverdue = false;
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly InstallmentSchedule.RowUnits row = ref rows[i];
            PayRow(row, row.DueDay <= asOfDay, ref remaining, ref outstanding, out var fee, out var interest, out var principal);

            long total = row.Total;
            cumulativeOwed += total;
            long allocated = fee.Units + interest.Units + principal.Units;
            var installment = source[i];
            LocalDate? paidOn = null;
            int paidOnDay = 0;
            if (allocated == total)
            {
                while (cumulativePayments < cumulativeOwed && p < _count)
                {
                    cumulativePayments = PaymentBuffer.UnitsOf(prefix[p++]);
                }

                if (p > 0)
                {
                    paidOn = items[p - 1].Date;
                    paidOnDay = DayNumbers.Of(paidOn.GetValueOrDefault());
                }
                else if (total != 0)
                {
                    paidOn = installment.DueDate;
                    paidOnDay = row.DueDay;
                }
            }

            InstallmentStatus status;
            int daysLate;
            if (paidOn.HasValue || total == 0)
            {
                status = InstallmentStatus.Paid;
                daysLate = paidOn.HasValue && paidOnDay > row.DueDay ? paidOnDay - row.DueDay : 0;
            }
            else if (asOfDay > row.DueDay)
            {
                status = InstallmentStatus.Overdue;
                daysLate = asOfDay - row.DueDay;
                anyOverdue = true;
            }
            else
            {
                status = allocated > 0 ? InstallmentStatus.PartiallyPaid : InstallmentStatus.Pending;
                daysLate = 0;
            }

            allPaid &= status == InstallmentStatus.Paid;
            states[i] = new InstallmentState(
                installment,
                Money.Of(fee.ToDecimal(minorUnits), currency),
                Money.Of(interest.ToDecimal(minorUnits), currency),
                Money.Of(principal.ToDecimal(minorUnits), currency),
                status,
                daysLate,
                paidOn);
        }

        var planStatus = allPaid ? PlanStatus.Completed : acceleration is not null ? PlanStatus.Broken : anyOverdue ? PlanStatus.InArrears : PlanStatus.Current;
        var unapplied = UnitDecimal.Max(UnitDecimal.Zero, UnitDecimal.Subtract(paidAsOf, table.TotalOwed));
        return new PlanStatusReport(
            asOf, planStatus, states, acceleration, Money.Of(outstanding.ToDecimal(minorUnits), currency), Money.Of(unapplied.ToDecimal(minorUnits), currency));
    }

    /// <summary>
    /// <see cref="PaidUpTo(LocalDate)"/> on the fast path (all payments ISO and in <see cref="UnitDecimal"/> range):
    /// the buffer's running total after the last payment dated on or before <paramref name="day"/> (found by binary
    /// search; payments are in date order), which is that decimal sum (see <see cref="PaymentBuffer"/>).
    /// </summary>
    private UnitDecimal PaidUpTo(int day)
    {
        var items = _buffer.Items;
        if (_count == 0 || DayNumbers.Of(items[_count - 1].Date) <= day)
        {
            return _paid.AsUnitDecimal;
        }

        int low = 0, high = _count; // the first payment after the day is in [low, high]
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (DayNumbers.Of(items[mid].Date) <= day)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low == 0 ? UnitDecimal.Zero : PaymentBuffer.Unpack(_buffer.Prefix[low - 1]);
    }

    /// <summary>
    /// One row of the fast-path waterfall: pays its fees, then its interest, then its principal out of
    /// <paramref name="remaining"/>, and adds what stays unpaid to <paramref name="outstanding"/> (the principal
    /// always, fees and interest only when <paramref name="due"/>), in the order the decimal path adds them.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void PayRow(
        in InstallmentSchedule.RowUnits row, bool due, ref UnitDecimal remaining, ref UnitDecimal outstanding,
        out UnitDecimal fee, out UnitDecimal interest, out UnitDecimal principal)
    {
        fee = UnitDecimal.Min(remaining, row.Fee);
        remaining = UnitDecimal.Subtract(remaining, fee);
        interest = UnitDecimal.Min(remaining, row.Interest);
        remaining = UnitDecimal.Subtract(remaining, interest);
        principal = UnitDecimal.Min(remaining, row.Principal);
        remaining = UnitDecimal.Subtract(remaining, principal);
        outstanding = UnitDecimal.Add(outstanding, UnitDecimal.Subtract(row.Principal, principal));
        if (due)
        {
            outstanding = UnitDecimal.Add(
                outstanding,
                UnitDecimal.Subtract(UnitDecimal.Add(UnitDecimal.Subtract(row.Fee, fee), row.Interest), interest));
        }
    }

    /// <summary><see cref="Outstanding(LocalDate, decimal, bool)"/> on the fast path.</summary>
    private static UnitDecimal Outstanding(int day, UnitDecimal paid, bool inclusive, InstallmentSchedule.RowUnits[] rows)
    {
        UnitDecimal remaining = paid;
        UnitDecimal outstanding = UnitDecimal.Zero;
        for (int i = 0; i < rows.Length; i++)
        {
            PayRow(rows[i], inclusive ? rows[i].DueDay <= day : rows[i].DueDay < day, ref remaining, ref outstanding, out _, out _, out _);
        }

        return outstanding;
    }

    /// <summary>
    /// <see cref="FindAcceleration(LocalDate, InstallmentSchedule.RowAmounts[])"/> on the fast path: the candidate
    /// days (due date + 1, due date + DaysOverdue) merged in order as day numbers, the amount paid up to each as a
    /// running sum, the overdue count in minor units; the event's date and amount are built only when it fires.
    /// </summary>
    private AccelerationEvent? FindAcceleration(int asOfDay, InstallmentSchedule.RowUnits[] rows, int minorUnits)
    {
        if (Acceleration is not { } clause)
        {
            return null;
        }

        int n = rows.Length;
        int missedCount = clause.MissedInstallments.HasValue ? n : 0;
        int daysCount = clause.DaysOverdue.HasValue ? n : 0;
        int days = clause.DaysOverdue.GetValueOrDefault();
        var prefix = _buffer.Prefix;
        var items = _buffer.Items;
        int a = 0, b = 0, p = 0;
        while (a < missedCount || b < daysCount)
        {
            bool afterDue = b >= daysCount || (a < missedCount && rows[a].DueDay + 1 <= rows[b].DueDay + days);
            int candidate = afterDue ? a++ : b++;
            int day = afterDue ? rows[candidate].DueDay + 1 : rows[candidate].DueDay + days;
            if (day > asOfDay)
            {
                break;
            }

            while (p < _count && DayNumbers.Of(items[p].Date) <= day)
            {
                p++;
            }

            UnitDecimal paid = p == _count ? _paid.AsUnitDecimal : p == 0 ? UnitDecimal.Zero : PaymentBuffer.Unpack(prefix[p - 1]);
            long remaining = paid.Units;
            int overdue = 0;
            int oldestUnpaid = -1;
            for (int i = 0; i < n; i++)
            {
                int due = rows[i].DueDay;
                if (due >= day)
                {
                    break;
                }

                long rowTotal = rows[i].Total;
                long allocated = Math.Min(remaining, rowTotal);
                remaining -= allocated;
                if (allocated < rowTotal)
                {
                    overdue++;
                    if (oldestUnpaid < 0)
                    {
                        oldestUnpaid = i;
                    }
                }
            }

            AccelerationTrigger? trigger =
                clause.MissedInstallments is { } missed && overdue >= missed ? AccelerationTrigger.MissedInstallments
                : clause.DaysOverdue is { } x && oldestUnpaid >= 0 && day - rows[oldestUnpaid].DueDay >= x ? AccelerationTrigger.DaysOverdue
                : null;
            if (trigger is { } t)
            {
                LocalDate dueDate = Schedule.Rows[candidate].DueDate;
                LocalDate date = afterDue ? dueDate.PlusDays(1) : dueDate.PlusDays(days);
                var amountDue = Outstanding(day, paid, inclusive: false, rows).ToDecimal(minorUnits);
                return new AccelerationEvent(date, Money.Of(amountDue, Schedule.Currency), t, overdue);
            }
        }

        return null;
    }

    /// <summary>
    /// What the debtor owes on <paramref name="date"/> after the payments received up to it: all unpaid principal plus
    /// the unpaid interest and fees of installments due on or before <paramref name="date"/> (the amount a
    /// rescheduling refinances).
    /// </summary>
    /// <param name="date">The date.</param>
    /// <returns>The outstanding amount.</returns>
    public Money OutstandingAsOf(LocalDate date) => Money.Of(Outstanding(date, PaidUpTo(date), inclusive: true), Schedule.Currency);

    /// <summary>
    /// Rescheduling: a new plan definition for what is outstanding on <paramref name="date"/>
    /// (<see cref="OutstandingAsOf(LocalDate)"/>), starting on <paramref name="date"/>, on <paramref name="terms"/>
    /// (a down payment in them is due on <paramref name="date"/>). Create its schedule and track it in place of this plan.
    /// </summary>
    /// <param name="date">The date of the new plan (its start date).</param>
    /// <param name="terms">The new terms: method, count, first due date (on or after <paramref name="date"/>), interest, ...</param>
    /// <returns>The new definition, not yet validated (<see cref="InstallmentPlanDefinition.CreateSchedule"/> validates it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Nothing is outstanding on <paramref name="date"/>.</exception>
    public InstallmentPlanDefinition Reschedule(LocalDate date, RestructuringTerms terms)
    {
        Guard.NotNull(terms);
        var outstanding = OutstandingAsOf(date);
        if (!outstanding.IsPositive)
        {
            throw new InvalidOperationException($"Nothing is outstanding on {Iso(date)} (was {outstanding}); there is nothing to reschedule.");
        }

        return terms.ToDefinition(outstanding, date);
    }

    private decimal PaidUpTo(LocalDate date)
    {
        var items = _buffer.Items;
        if (_count == 0 || items[_count - 1].Date <= date)
        {
            return TotalPaidAmount;
        }

        decimal paid = 0m;
        for (int i = 0; i < _count && items[i].Date <= date; i++)
        {
            paid += items[i].Amount.Amount;
        }

        return paid;
    }

    /// <summary>
    /// Each installment's state as of <paramref name="asOf"/>, and (in the same allocation pass, with the same
    /// operations in the same order as <see cref="Outstanding(LocalDate, decimal, bool)"/> with <c>inclusive: true</c>) the amount outstanding.
    /// </summary>
    private InstallmentState[] States(LocalDate asOf, decimal paid, InstallmentSchedule.RowAmounts[] owed, out decimal outstanding)
    {
        outstanding = 0m;
        var rows = Schedule.Rows;
        var currency = Schedule.Currency;
        var states = new InstallmentState[rows.Length];
        var items = _buffer.Items;
        int p = 0;
        decimal cumulativePayments = 0m;
        decimal cumulativeOwed = 0m;
        decimal remaining = paid;
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            ref readonly InstallmentSchedule.RowAmounts amounts = ref owed[i];
            decimal fee = Math.Min(remaining, amounts.Fee);
            remaining -= fee;
            decimal interest = Math.Min(remaining, amounts.Interest);
            remaining -= interest;
            decimal principal = Math.Min(remaining, amounts.Principal);
            remaining -= principal;
            outstanding += amounts.Principal - principal;
            if (row.DueDate <= asOf)
            {
                outstanding += amounts.Fee - fee + amounts.Interest - interest;
            }

            decimal total = amounts.Total;
            cumulativeOwed += total;
            decimal allocated = fee + interest + principal;
            LocalDate? paidOn = null;
            if (allocated == total)
            {
                while (cumulativePayments < cumulativeOwed && p < _count)
                {
                    cumulativePayments += items[p++].Amount.Amount;
                }

                paidOn = p == 0 ? row.DueDate : items[p - 1].Date;
                if (total == 0m)
                {
                    paidOn = p == 0 ? null : items[p - 1].Date;
                }
            }

            InstallmentStatus status;
            int daysLate;
            if (paidOn.HasValue || total == 0m)
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
                status = allocated > 0m ? InstallmentStatus.PartiallyPaid : InstallmentStatus.Pending;
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
        var rows = Schedule.Rows;
        var owed = Schedule.Amounts;
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly InstallmentSchedule.RowAmounts row = ref owed[i];
            decimal fee = Math.Min(remaining, row.Fee);
            remaining -= fee;
            decimal interest = Math.Min(remaining, row.Interest);
            remaining -= interest;
            decimal principal = Math.Min(remaining, row.Principal);
            remaining -= principal;
            outstanding += row.Principal - principal;
            LocalDate due = rows[i].DueDate;
            if (inclusive ? due <= date : due < date)
            {
                outstanding += row.Fee - fee + row.Interest - interest;
            }
        }

        return outstanding;
    }

    private AccelerationEvent? FindAcceleration(LocalDate asOf, InstallmentSchedule.RowAmounts[] owed)
    {
        if (Acceleration is not { } clause)
        {
            return null;
        }

        // The condition can only start to hold on the day after a due date (one more installment overdue) or on a
        // due date + DaysOverdue; payments only make it false. So checking those days in order finds the first one.
        // Due dates never decrease, so each kind of candidate is already in order: merging the two gives the days in
        // order without sorting them.
        var rows = Schedule.Rows;
        int n = rows.Length;
        Span<LocalDate> afterDue = n <= 128 ? stackalloc LocalDate[n] : new LocalDate[n];
        Span<LocalDate> daysAfterDue = n <= 128 ? stackalloc LocalDate[n] : new LocalDate[n];
        int missedCount = clause.MissedInstallments.HasValue ? n : 0;
        int daysCount = clause.DaysOverdue.HasValue ? n : 0;
        for (int i = 0; i < n; i++)
        {
            if (missedCount > 0)
            {
                afterDue[i] = rows[i].DueDate.PlusDays(1);
            }

            if (clause.DaysOverdue is { } days)
            {
                daysAfterDue[i] = rows[i].DueDate.PlusDays(days);
            }
        }

        var items = _buffer.Items;
        int a = 0, b = 0, p = 0;
        decimal paidSoFar = 0m;
        while (a < missedCount || b < daysCount)
        {
            LocalDate day = b >= daysCount || (a < missedCount && afterDue[a] <= daysAfterDue[b]) ? afterDue[a++] : daysAfterDue[b++];
            if (day > asOf)
            {
                break;
            }

            // Paid up to the day: the payments dated on or before it, added in order (as PaidUpTo does).
            while (p < _count && items[p].Date <= day)
            {
                paidSoFar += items[p++].Amount.Amount;
            }

            decimal paid = p == _count ? TotalPaidAmount : paidSoFar;
            decimal remaining = paid;
            int overdue = 0;
            LocalDate? oldestUnpaid = null;
            for (int i = 0; i < n; i++)
            {
                // Only rows due before the day can be overdue on it, and the rows are in due-date order.
                var row = rows[i];
                if (row.DueDate >= day)
                {
                    break;
                }

                decimal rowTotal = owed[i].Total;
                decimal allocated = Math.Min(remaining, rowTotal);
                remaining -= allocated;
                if (allocated < rowTotal)
                {
                    overdue++;
                    oldestUnpaid ??= row.DueDate;
                }
            }

            AccelerationTrigger? trigger =
                clause.MissedInstallments is { } missed && overdue >= missed ? AccelerationTrigger.MissedInstallments
                : clause.DaysOverdue is { } x && oldestUnpaid is { } oldest && Period.DaysBetween(oldest, day) >= x ? AccelerationTrigger.DaysOverdue
                : null;
            if (trigger is { } t)
            {
                return new AccelerationEvent(day, Money.Of(Outstanding(day, paid, inclusive: false), Schedule.Currency), t, overdue);
            }
        }

        return null;
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The checks of <see cref="Apply(PlanPayment)"/> (currency, date order); returns the currency's minor units.</summary>
    private int Validate(PlanPayment payment, PlanPayment? last)
    {
        var currency = Schedule.Currency;
        if (payment.Amount.Currency != currency)
        {
            throw new ArgumentException(
                $"payment is {payment.Amount} but the plan is in {currency.Code}; convert it before applying it.", nameof(payment));
        }

        if (last is not null && payment.Date < last.Date)
        {
            throw new ArgumentException(
                $"payment dated {Iso(payment.Date)} is before the last payment applied ({Iso(last.Date)}); apply payments in date order.",
                nameof(payment));
        }

        return currency.MinorUnits;
    }

    /// <summary>
    /// The total paid, <c>0m + p1 + p2 + ...</c>: while every payment fits the <see cref="UnitDecimal"/> bound, as
    /// minor units and the largest scale (the decimal sum of positive amounts is exact and has the largest scale of
    /// its terms, so <see cref="ToDecimal"/> gives that sum bit for bit); from the first payment that does not fit,
    /// as the decimal sum itself.
    /// </summary>
    private readonly struct PaidTotal
    {
        private readonly decimal _decimal;

        private PaidTotal(long units, byte scale, bool inexact, decimal value)
        {
            Units = units;
            Scale = scale;
            Inexact = inexact;
            _decimal = value;
        }

        internal long Units { get; }

        internal byte Scale { get; }

        internal bool Exact => !Inexact;

        internal UnitDecimal AsUnitDecimal => UnitDecimal.Positive(Units, Scale);

        private bool Inexact { get; }

        internal decimal ToDecimal(int minorUnits) => Inexact ? _decimal : AsUnitDecimal.ToDecimal(minorUnits);

        internal PaidTotal Add(decimal amount, long packed, int minorUnits)
        {
            if (!Inexact && packed >= 0)
            {
                long units = Units + PaymentBuffer.UnitsOf(packed);
                byte scale = Math.Max(Scale, PaymentBuffer.ScaleOf(packed));
                if (UnitDecimal.FitsAtScale(units, scale, minorUnits))
                {
                    return new PaidTotal(units, scale, false, 0m);
                }
            }

            return new PaidTotal(0, 0, true, ToDecimal(minorUnits) + amount);
        }
    }

    /// <summary>
    /// An append-only array shared by successive tracked plans: appending after the last element claims the next
    /// slot with a compare-and-swap, so a chain of Apply calls is amortized O(1); appending to an older plan
    /// (whose next slot is taken) copies. Next to each payment it keeps the running total of the payments up to
    /// it, packed as minor units and largest scale (<see cref="Pack"/>; -1 from the first payment that does not
    /// fit): as the decimal sum <c>0m + p1 + ... + pk</c> of positive amounts is exact and has the largest scale of
    /// its terms, that pair gives the sum bit for bit.
    /// </summary>
    private sealed class PaymentBuffer
    {
        private const int ScaleBits = 5;
        private const long MaxPackedUnits = long.MaxValue >> ScaleBits;

        private int _claimed;

        internal PaymentBuffer(int capacity)
        {
            Items = new PlanPayment[capacity];
            Prefix = new long[capacity];
        }

        internal PlanPayment[] Items { get; }

        /// <summary>The running total after each payment, packed (or -1).</summary>
        internal long[] Prefix { get; }

        internal static long Pack(decimal amount, int minorUnits)
            => UnitDecimal.TryFrom(amount, minorUnits, out var units) && units.Units > 0 && units.Units <= MaxPackedUnits
                ? (units.Units << ScaleBits) | units.Scale
                : -1;

        internal static long UnitsOf(long packed) => packed >> ScaleBits;

        internal static byte ScaleOf(long packed) => (byte)(packed & ((1 << ScaleBits) - 1));

        internal static UnitDecimal Unpack(long packed) => UnitDecimal.Positive(UnitsOf(packed), ScaleOf(packed));

        /// <summary>Stores a payment in slot <paramref name="index"/> with its day number and the running total.</summary>
        private void Store(int index, PlanPayment payment, long packed)
        {
            Items[index] = payment;
            long before = index == 0 ? 0 : Prefix[index - 1];
            long units = before < 0 || packed < 0 ? -1 : UnitsOf(before) + UnitsOf(packed);
            Prefix[index] = units < 0 || units > MaxPackedUnits ? -1 : (units << ScaleBits) | Math.Max(ScaleOf(before), ScaleOf(packed));
        }

        /// <summary>
        /// Claims the <paramref name="extra"/> slots after <paramref name="count"/> for one caller: in this buffer if
        /// they are free, else in a copy (of the first <paramref name="count"/> payments) with room for them. The
        /// caller fills them with <see cref="Write"/>; slots it leaves unwritten (a payment refused half-way) are
        /// simply never read, and appending to an older plan copies, as usual.
        /// </summary>
        internal PaymentBuffer Claim(int count, int extra)
        {
            if (count + extra <= Items.Length && Interlocked.CompareExchange(ref _claimed, count + extra, count) == count)
            {
                return this;
            }

            var copy = CopyOf(count, Math.Max(count + extra, Math.Max(4, Items.Length * 2)));
            copy._claimed = count + extra;
            return copy;
        }

        /// <summary>Fills a slot claimed with <see cref="Claim"/>.</summary>
        internal void Write(int index, PlanPayment payment, long packed) => Store(index, payment, packed);

        internal bool Append(int count, PlanPayment payment, long packed, out PaymentBuffer? copy)
        {
            if (count < Items.Length && Interlocked.CompareExchange(ref _claimed, count + 1, count) == count)
            {
                Store(count, payment, packed);
                copy = null;
                return true;
            }

            copy = CopyOf(count, Math.Max(4, Items.Length * 2));
            copy.Store(count, payment, packed);
            copy._claimed = count + 1;
            return false;
        }

        private PaymentBuffer CopyOf(int count, int capacity)
        {
            var copy = new PaymentBuffer(capacity);
            Array.Copy(Items, copy.Items, count);
            Array.Copy(Prefix, copy.Prefix, count);
            copy._claimed = count;
            return copy;
        }
    }
}

/// <summary>A tracked plan as of a date.</summary>
/// <param name="AsOf">The date of the report.</param>
/// <param name="Status">The plan's status.</param>
/// <param name="Installments">Each installment's state, in schedule order.</param>
/// <param name="Acceleration">The acceleration event, when the clause fired on or before <paramref name="AsOf"/>.</param>
/// <param name="Outstanding">What is owed on <paramref name="AsOf"/> (unpaid principal plus unpaid interest and fees already due).</param>
/// <param name="Unapplied">Paid beyond the whole plan (a credit), counting payments up to <paramref name="AsOf"/>.</param>
public sealed record PlanStatusReport(
    LocalDate AsOf,
    PlanStatus Status,
    IReadOnlyList<InstallmentState> Installments,
    AccelerationEvent? Acceleration,
    Money Outstanding,
    Money Unapplied)
{
    /// <summary>Value equality: every member, the installments compared element by element (in order).</summary>
    /// <param name="other">The other report.</param>
    /// <returns><see langword="true"/> when both reports carry the same values and equal installments in the same order.</returns>
    public bool Equals(PlanStatusReport? other)
        => other is not null && (ReferenceEquals(this, other) || (
            AsOf == other.AsOf && Status == other.Status && ValueEquality.SequenceEqual(Installments, other.Installments)
            && Acceleration == other.Acceleration && Outstanding == other.Outstanding && Unapplied == other.Unapplied));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(AsOf);
        hash.Add(Status);
        ValueEquality.AddSequence(ref hash, Installments);
        hash.Add(Acceleration);
        hash.Add(Outstanding);
        hash.Add(Unapplied);
        return hash.ToHashCode();
    }
}
