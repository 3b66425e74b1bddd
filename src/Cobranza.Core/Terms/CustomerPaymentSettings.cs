using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// A customer's own payment habits, kept apart from the seller's terms and applied on top of them: fixed payment
/// days ("días de pago"), periods without payments (e.g. August) and the customer's business-day adjustment.
/// </summary>
/// <remarks>
/// <para><b>Order of application</b> (see <see cref="PaymentSchedule.Create"/>):</para>
/// <list type="number">
/// <item>the seller's rule gives the rule date;</item>
/// <item>payment days: the date moves to the first payment day on or after it (a day the month does not have means
/// the month's last day: payment day 30 in February is 28 or 29 February);</item>
/// <item>excluded periods: a date inside one moves out of it (see <see cref="ExcludedPeriod"/>);</item>
/// <item>business-day adjustment, last: the customer's if set, otherwise the seller's.</item>
/// </list>
/// <para>The adjustment comes last because a payment can only be made on a business day. It may move a date off a
/// payment day (payment day 20 on a Sunday becomes Monday 21 with Following); the schedule keeps that adjusted date
/// and also reports the unadjusted one (<see cref="ScheduledPortion.UnadjustedDueDate"/>), which is always a
/// payment day when there are payment days. Choose a convention that never leaves the month (ModifiedFollowing) to
/// keep the payment in the customer's intended month.</para>
/// </remarks>
public sealed record CustomerPaymentSettings
{
    private readonly int[] _paymentDays;
    private readonly ExcludedPeriod[] _excludedPeriods;

    /// <summary>Creates settings.</summary>
    /// <param name="paymentDays">The days of the month the customer pays on, each 1 to 31 (duplicates ignored, sorted); empty for none.</param>
    /// <param name="excludedPeriods">The periods without payments; empty for none.</param>
    /// <param name="adjustment">The customer's business-day adjustment, or null to keep the seller's.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A payment day is out of range; the message names it.</exception>
    /// <exception cref="ArgumentException">A period is null, or the adjustment lacks a calendar id.</exception>
    public CustomerPaymentSettings(IEnumerable<int> paymentDays, IEnumerable<ExcludedPeriod> excludedPeriods, BusinessDayAdjustment? adjustment = null)
    {
        Guard.NotNull(paymentDays);
        Guard.NotNull(excludedPeriods);
        var days = paymentDays.ToArray();
        for (int i = 0; i < days.Length; i++)
        {
            Guard.InRange(days[i], 1, 31, $"paymentDays[{i}]");
        }

        _paymentDays = days.Distinct().Order().ToArray();
        _excludedPeriods = excludedPeriods.ToArray();
        int nullAt = Array.IndexOf(_excludedPeriods, null);
        if (nullAt >= 0)
        {
            throw new ArgumentException($"excludedPeriods[{nullAt}] must not be null.", nameof(excludedPeriods));
        }

        if (adjustment is { } a && a.Convention != BusinessDayConvention.Unadjusted && string.IsNullOrWhiteSpace(a.CalendarId))
        {
            throw new ArgumentException(
                $"adjustment with convention {a.Convention} needs a calendar id (was '{a.CalendarId}').", nameof(adjustment));
        }

        Adjustment = adjustment;
    }

    /// <summary>No payment days, no excluded periods, the seller's adjustment.</summary>
    public static CustomerPaymentSettings None { get; } = new([], []);

    /// <summary>The payment days, ascending, without duplicates.</summary>
    public IReadOnlyList<int> PaymentDays => _paymentDays;

    /// <summary>The excluded periods.</summary>
    public IReadOnlyList<ExcludedPeriod> ExcludedPeriods => _excludedPeriods;

    /// <summary>The customer's business-day adjustment, or null to keep the seller's.</summary>
    public BusinessDayAdjustment? Adjustment { get; }

    /// <summary>
    /// Applies the payment days and the excluded periods (steps 2 and 3 of the order in the remarks) to a rule date.
    /// </summary>
    /// <param name="date">The date from the seller's rule.</param>
    /// <returns>The date before the business-day adjustment.</returns>
    /// <exception cref="InvalidOperationException">The excluded periods keep moving the date into one another.</exception>
    public LocalDate ApplyTo(LocalDate date)
    {
        var result = _paymentDays.Length == 0 ? date : NextPaymentDay(date);
        for (int round = 0; round <= _excludedPeriods.Length; round++)
        {
            bool moved = false;
            foreach (var period in _excludedPeriods)
            {
                if (period.TryGetEnd(result, out var end))
                {
                    result = MoveOut(period, end);
                    moved = true;
                    break;
                }
            }

            if (!moved)
            {
                return result;
            }
        }

        throw new InvalidOperationException(
            $"The excluded periods move {date:uuuu-MM-dd} from one period into another more than {_excludedPeriods.Length} times; check that they do not overlap.");
    }

    /// <summary>The first payment day on or after <paramref name="date"/> (clamped to short months).</summary>
    /// <param name="date">The date.</param>
    /// <returns>The payment day, or <paramref name="date"/> when there are no payment days.</returns>
    public LocalDate NextPaymentDay(LocalDate date)
    {
        if (_paymentDays.Length == 0)
        {
            return date;
        }

        int daysInMonth = CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month);
        foreach (int day in _paymentDays)
        {
            int clamped = Math.Min(day, daysInMonth);
            if (clamped >= date.Day)
            {
                return new LocalDate(date.Year, date.Month, clamped);
            }
        }

        return DueDateRule.DayClampedMonthsAfter(date, 1, _paymentDays[0]);
    }

    /// <summary>Whether <paramref name="date"/> is a payment day (a day the month lacks counts as its last day).</summary>
    /// <param name="date">The date.</param>
    /// <returns>True when there are no payment days or the date is one.</returns>
    public bool IsPaymentDay(LocalDate date) => NextPaymentDay(date) == date;

    /// <inheritdoc/>
    public bool Equals(CustomerPaymentSettings? other)
        => other is not null
           && Adjustment == other.Adjustment
           && _paymentDays.AsSpan().SequenceEqual(other._paymentDays)
           && _excludedPeriods.AsSpan().SequenceEqual(other._excludedPeriods);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Adjustment);
        foreach (int day in _paymentDays)
        {
            hash.Add(day);
        }

        foreach (var period in _excludedPeriods)
        {
            hash.Add(period);
        }

        return hash.ToHashCode();
    }

    private LocalDate MoveOut(ExcludedPeriod period, LocalDate end)
    {
        if (period.MoveToDay is int day)
        {
            var sameMonth = DueDateRule.DayClamped(end.Year, end.Month, day);
            return sameMonth > end ? sameMonth : DueDateRule.DayClampedMonthsAfter(end, 1, day);
        }

        return NextPaymentDay(end.PlusDays(1));
    }
}
