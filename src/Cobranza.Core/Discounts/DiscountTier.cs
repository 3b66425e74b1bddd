using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Discounts;

/// <summary>
/// One discount step: a percent (or fixed amount) for paying by a deadline. "3 % in 7 days, 2 % in 15 days" is two
/// tiers. Create with <see cref="PercentWithinDays"/>, <see cref="PercentBy"/>, <see cref="AmountWithinDays"/>,
/// <see cref="AmountBy"/> or <see cref="Prepayment"/>.
/// </summary>
public sealed record DiscountTier
{
    private DiscountTier(DiscountValueKind valueKind, decimal percent, Money? amount, DiscountDeadlineKind deadlineKind, int days, LocalDate? date, int months = 0)
    {
        ValueKind = valueKind;
        Percent = percent;
        Amount = amount;
        DeadlineKind = deadlineKind;
        Days = days;
        Date = date;
        Months = months;
    }

    /// <summary>Percent or fixed amount.</summary>
    public DiscountValueKind ValueKind { get; }

    /// <summary>The percent (greater than 0, less than 100) when <see cref="ValueKind"/> is <see cref="DiscountValueKind.Percent"/>; otherwise 0.</summary>
    public decimal Percent { get; }

    /// <summary>The fixed amount when <see cref="ValueKind"/> is <see cref="DiscountValueKind.FixedAmount"/>; otherwise null.</summary>
    public Money? Amount { get; }

    /// <summary>How the last day is set.</summary>
    public DiscountDeadlineKind DeadlineKind { get; }

    /// <summary>The number of days for <see cref="DiscountDeadlineKind.DaysAfterBaseDate"/> and <see cref="DiscountDeadlineKind.DaysAfterEndOfBaseMonth"/>; otherwise 0.</summary>
    public int Days { get; }

    /// <summary>The last day for <see cref="DiscountDeadlineKind.ExactDate"/>; otherwise null.</summary>
    public LocalDate? Date { get; }

    /// <summary>The number of months for <see cref="DiscountDeadlineKind.MonthsAfterEndOfBaseMonth"/>; otherwise 0.</summary>
    public int Months { get; }

    /// <summary>A percent for paying within <paramref name="days"/> calendar days of the base date ("2/10": 2 % within 10 days).</summary>
    /// <param name="percent">Greater than 0 and less than 100.</param>
    /// <param name="days">0 to 3660.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier PercentWithinDays(decimal percent, int days)
        => new(DiscountValueKind.Percent, CheckPercent(percent), null, DiscountDeadlineKind.DaysAfterBaseDate, Guard.InRange(days, 0, 3660), null);

    /// <summary>
    /// A percent for paying within <paramref name="days"/> calendar days after the end of the base date's month ("1/10 EOM":
    /// 1 % if paid by the 10th of the month after the invoice month).
    /// </summary>
    /// <param name="percent">Greater than 0 and less than 100.</param>
    /// <param name="days">0 to 3660.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier PercentWithinDaysAfterEndOfMonth(decimal percent, int days)
        => new(DiscountValueKind.Percent, CheckPercent(percent), null, DiscountDeadlineKind.DaysAfterEndOfBaseMonth, Guard.InRange(days, 0, 3660), null);

    /// <summary>
    /// A percent for paying by the last day of the month <paramref name="months"/> months after the base date's month
    /// (ERPNext discount validity "Month(s) after the end of the invoice month"; 0 = by the end of the invoice month).
    /// </summary>
    /// <param name="percent">Greater than 0 and less than 100.</param>
    /// <param name="months">0 to 120.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier PercentWithinMonthsAfterEndOfMonth(decimal percent, int months)
        => new(DiscountValueKind.Percent, CheckPercent(percent), null, DiscountDeadlineKind.MonthsAfterEndOfBaseMonth, 0, null, Guard.InRange(months, 0, 120));

    /// <summary>
    /// A fixed amount for paying within <paramref name="days"/> calendar days after the end of the base date's month
    /// (ERPNext discount type "Amount", validity "Day(s) after the end of the invoice month").
    /// </summary>
    /// <param name="amount">Positive, in whole minor units, in the invoice's currency.</param>
    /// <param name="days">0 to 3660.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier AmountWithinDaysAfterEndOfMonth(Money amount, int days)
        => new(DiscountValueKind.FixedAmount, 0m, CheckAmount(amount), DiscountDeadlineKind.DaysAfterEndOfBaseMonth, Guard.InRange(days, 0, 3660), null);

    /// <summary>
    /// A fixed amount for paying by the last day of the month <paramref name="months"/> months after the base date's
    /// month (ERPNext discount type "Amount", validity "Month(s) after the end of the invoice month").
    /// </summary>
    /// <param name="amount">Positive, in whole minor units, in the invoice's currency.</param>
    /// <param name="months">0 to 120.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier AmountWithinMonthsAfterEndOfMonth(Money amount, int months)
        => new(DiscountValueKind.FixedAmount, 0m, CheckAmount(amount), DiscountDeadlineKind.MonthsAfterEndOfBaseMonth, 0, null, Guard.InRange(months, 0, 120));

    /// <summary>A percent for paying on or before <paramref name="lastDate"/>.</summary>
    /// <param name="percent">Greater than 0 and less than 100.</param>
    /// <param name="lastDate">The last day of the window (ISO calendar).</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier PercentBy(decimal percent, LocalDate lastDate)
        => new(DiscountValueKind.Percent, CheckPercent(percent), null, DiscountDeadlineKind.ExactDate, 0, CheckIso(lastDate));

    /// <summary>A fixed amount for paying within <paramref name="days"/> calendar days of the base date.</summary>
    /// <param name="amount">Positive, in whole minor units, in the invoice's currency.</param>
    /// <param name="days">0 to 3660.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier AmountWithinDays(Money amount, int days)
        => new(DiscountValueKind.FixedAmount, 0m, CheckAmount(amount), DiscountDeadlineKind.DaysAfterBaseDate, Guard.InRange(days, 0, 3660), null);

    /// <summary>A fixed amount for paying on or before <paramref name="lastDate"/>.</summary>
    /// <param name="amount">Positive, in whole minor units, in the invoice's currency.</param>
    /// <param name="lastDate">The last day of the window (ISO calendar).</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier AmountBy(Money amount, LocalDate lastDate)
        => new(DiscountValueKind.FixedAmount, 0m, CheckAmount(amount), DiscountDeadlineKind.ExactDate, 0, CheckIso(lastDate));

    /// <summary>
    /// A prepayment (advance-payment) discount: a percent for paying strictly before the issue date
    /// (<paramref name="before"/> = <see cref="DiscountDeadlineKind.BeforeIssueDate"/>) or the delivery date
    /// (<see cref="DiscountDeadlineKind.BeforeDeliveryDate"/>).
    /// </summary>
    /// <param name="percent">Greater than 0 and less than 100.</param>
    /// <param name="before">BeforeIssueDate or BeforeDeliveryDate.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DiscountTier Prepayment(decimal percent, DiscountDeadlineKind before)
    {
        if (before is not (DiscountDeadlineKind.BeforeIssueDate or DiscountDeadlineKind.BeforeDeliveryDate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(before), before, $"before must be BeforeIssueDate or BeforeDeliveryDate (was {before}).");
        }

        return new(DiscountValueKind.Percent, CheckPercent(percent), null, before, 0, null);
    }

    private static decimal CheckPercent(decimal percent)
        => percent > 0m && percent < 100m
            ? percent
            : throw new ArgumentOutOfRangeException(
                nameof(percent), percent,
                string.Create(CultureInfo.InvariantCulture, $"percent must be greater than 0 and less than 100 (was {percent})."));

    private static Money CheckAmount(Money amount)
        => amount.IsPositive && amount.IsRoundedToMinorUnit
            ? amount
            : throw new ArgumentOutOfRangeException(nameof(amount), amount, $"amount must be positive and in whole minor units (was {amount.ToString()}).");

    private static LocalDate CheckIso(LocalDate date)
        => date.Calendar == CalendarSystem.Iso
            ? date
            : throw new ArgumentOutOfRangeException(nameof(date), date, $"lastDate must be in the ISO calendar (was {date.Calendar.Id}).");
}
