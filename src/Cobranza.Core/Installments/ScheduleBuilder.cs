using System;
using System.Globalization;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>The schedule engine behind <see cref="InstallmentPlanDefinition.CreateSchedule"/>; expects a valid definition.</summary>
internal static class ScheduleBuilder
{
    internal static InstallmentSchedule Build(InstallmentPlanDefinition d, IBusinessCalendarProvider calendars, bool allowUnits = true)
    {
        int n = d.InstallmentCount;
        var currency = d.Currency;
        int scale = currency.MinorUnits;
        var mode = d.Rounding;
        var dates = DueDates(d, calendars);
        decimal financed = d.FinancedAmount.Amount;
        var interest = d.Interest;
        decimal balloon = d.BalloonAmount?.Amount ?? 0m;
        var principal = new decimal[n];
        var interestColumn = new decimal[n];
        decimal? level = null;

        if (allowUnits && UnitArithmetic.TryCreate(d, out var units))
        {
            return BuildInUnits(d, dates, units, financed, balloon);
        }

        if (!interest.IsInterestFree && d.Method is AmortizationMethod.LevelPayment or AmortizationMethod.Balloon)
        {
            decimal exact = ExactLevelPayment(d, dates, financed, balloon);
            decimal payment = decimal.Round(exact, scale, mode);
            level = payment;
            decimal balance = financed;
            for (int k = 0; k < n - 1; k++)
            {
                decimal i = PeriodInterest(d, dates, k, balance);
                decimal p = payment - i;
                if (p < 0m || p > balance)
                {
                    ThrowCannotAmortize(d, k, payment, i, balance, p);
                }

                principal[k] = p;
                interestColumn[k] = i;
                balance -= p;
            }

            principal[n - 1] = balance;
            interestColumn[n - 1] = PeriodInterest(d, dates, n - 1, balance);
        }
        else
        {
            SplitPrincipal(d, financed, balloon, principal);
            decimal balance = financed;
            for (int k = 0; k < n; k++)
            {
                interestColumn[k] = PeriodInterest(d, dates, k, balance);
                balance -= principal[k];
            }
        }

        return Assemble(d, dates, principal, interestColumn, level);
    }

    /// <summary>
    /// The same computation as the decimal path, in whole minor units held in <see cref="long"/> (exact, and several
    /// times faster than decimal arithmetic), for interest-free and periodic-rate plans whose amounts fit.
    /// </summary>
    private static InstallmentSchedule BuildInUnits(InstallmentPlanDefinition d, LocalDate[] dates, UnitArithmetic units, decimal financed, decimal balloon)
    {
        int n = dates.Length;
        long financedUnits = units.ToUnits(financed);
        if (!d.Interest.IsInterestFree && d.Method is AmortizationMethod.LevelPayment or AmortizationMethod.Balloon)
        {
            return BuildLevelInUnits(d, dates, units, financed, balloon, financedUnits);
        }

        var principal = new long[n];
        var interest = new long[n];
        if (d.Method is AmortizationMethod.ExplicitAmounts or AmortizationMethod.ExplicitPercentages)
        {
            var parts = new decimal[n];
            SplitPrincipal(d, financed, balloon, parts);
            for (int k = 0; k < n; k++)
            {
                principal[k] = units.ToUnits(parts[k]);
            }
        }
        else
        {
            long toSplit = financedUnits - units.ToUnits(balloon);
            long regular = units.ToUnits(decimal.Round(units.FromUnits(toSplit) / n, d.Currency.MinorUnits, d.Rounding));
            int residual = d.Residual == ResidualPlacement.Last ? n - 1 : 0;
            Array.Fill(principal, regular);
            principal[residual] = toSplit - (regular * (n - 1));
            principal[n - 1] += units.ToUnits(balloon);
            if (principal[residual] < 0)
            {
                ThrowTooSmall(d, residual, units.FromUnits(principal[residual]));
            }
        }

        long balance = financedUnits;
        for (int k = 0; k < n; k++)
        {
            interest[k] = units.Interest(balance);
            balance -= principal[k];
        }

        var currency = d.Currency;
        int offset = d.DownPayment.HasValue ? 1 : 0;
        var rows = new ScheduledInstallment[n + offset];
        var zero = Money.Zero(currency);
        long feeUnits = units.ToUnits(d.InstallmentFee?.Amount ?? 0m);
        var fee = Money.Of(units.FromUnits(feeUnits), currency);
        long remaining = financedUnits;
        long totalInterest = 0;
        if (offset == 1)
        {
            rows[0] = new ScheduledInstallment(0, d.StartDate, d.StartDate, d.DownPayment!.Value, zero, zero, Money.Of(financed, currency));
        }

        for (int k = 0; k < n; k++)
        {
            remaining -= principal[k];
            totalInterest += interest[k];
            rows[k + offset] = new ScheduledInstallment(
                k + 1,
                dates[k],
                k == 0 ? d.StartDate : dates[k - 1],
                new Money(units.FromUnits(principal[k]), currency),
                new Money(units.FromUnits(interest[k]), currency),
                fee,
                new Money(units.FromUnits(remaining), currency));
        }

        return new InstallmentSchedule(
            d,
            rows,
            null,
            d.Amount,
            Money.Of(units.FromUnits(totalInterest), currency),
            Money.Of(units.FromUnits(checked(feeUnits * n)), currency));
    }

    /// <summary>
    /// The level-payment path of <see cref="BuildInUnits"/> in one pass: each row is created as its principal and
    /// interest are computed (no intermediate columns), with the same values, checks and totals.
    /// </summary>
    private static InstallmentSchedule BuildLevelInUnits(InstallmentPlanDefinition d, LocalDate[] dates, UnitArithmetic units, decimal financed, decimal balloon, long financedUnits)
    {
        int n = dates.Length;
        decimal exact = ExactLevelPayment(d, dates, financed, balloon);
        decimal rounded = decimal.Round(exact, d.Currency.MinorUnits, d.Rounding);
        long payment = units.ToUnits(rounded);
        var currency = d.Currency;
        int offset = d.DownPayment.HasValue ? 1 : 0;
        var rows = new ScheduledInstallment[n + offset];
        var zero = Money.Zero(currency);
        long feeUnits = units.ToUnits(d.InstallmentFee?.Amount ?? 0m);
        var fee = Money.Of(units.FromUnits(feeUnits), currency);
        if (offset == 1)
        {
            rows[0] = new ScheduledInstallment(0, d.StartDate, d.StartDate, d.DownPayment!.Value, zero, zero, Money.Of(financed, currency));
        }

        long balance = financedUnits;
        long totalInterest = 0;
        LocalDate periodStart = d.StartDate;
        for (int k = 0; k < n; k++)
        {
            long i = units.Interest(balance);
            long p;
            if (k < n - 1)
            {
                p = payment - i;
                if (p < 0 || p > balance)
                {
                    ThrowCannotAmortize(d, k, rounded, units.FromUnits(i), units.FromUnits(balance), units.FromUnits(p));
                }
            }
            else
            {
                p = balance;
            }

            balance -= p;
            totalInterest += i;
            LocalDate due = dates[k];
            rows[k + offset] = new ScheduledInstallment(
                k + 1,
                due,
                periodStart,
                new Money(units.FromUnits(p), currency),
                new Money(units.FromUnits(i), currency),
                fee,
                new Money(units.FromUnits(balance), currency));
            periodStart = due;
        }

        return new InstallmentSchedule(
            d,
            rows,
            Money.Of(rounded, currency),
            d.Amount,
            Money.Of(units.FromUnits(totalInterest), currency),
            Money.Of(units.FromUnits(checked(feeUnits * n)), currency));
    }

    private static void ThrowCannotAmortize(InstallmentPlanDefinition d, int k, decimal payment, decimal i, decimal balance, decimal p)
        => throw new ArgumentException(
            $"The plan cannot be amortized with a level payment of {Inv(payment)} {d.Currency.Code}: installment {k + 1} " +
            $"has interest {Inv(i)} on a balance of {Inv(balance)}, leaving a principal of {Inv(p)}. " +
            $"Check FirstDueDate ({Iso(d.FirstDueDate)}), InstallmentCount ({d.InstallmentCount}) and Interest ({d.Interest}).",
            nameof(InstallmentPlanDefinition.InstallmentCount));

    private static void ThrowTooSmall(InstallmentPlanDefinition d, int residual, decimal left)
        => throw new ArgumentException(
            $"{d.FinancedAmount} is too small to split into InstallmentCount {d.InstallmentCount} installments: the rounded parts of the other " +
            $"installments exceed it, leaving {Inv(left)} {d.Currency.Code} for installment {residual + 1}. " +
            "Use fewer installments.",
            nameof(InstallmentPlanDefinition.InstallmentCount));

    private static InstallmentSchedule Assemble(InstallmentPlanDefinition d, LocalDate[] dates, decimal[] principal, decimal[] interest, decimal? level)
    {
        var currency = d.Currency;
        int n = principal.Length;
        int offset = d.DownPayment.HasValue ? 1 : 0;
        var rows = new ScheduledInstallment[n + offset];
        decimal fee = d.InstallmentFee?.Amount ?? 0m;
        var zero = Money.Zero(currency);
        var feeMoney = Money.Of(fee, currency);
        decimal balance = d.FinancedAmount.Amount;
        if (offset == 1)
        {
            rows[0] = new ScheduledInstallment(0, d.StartDate, d.StartDate, d.DownPayment!.Value, zero, zero, Money.Of(balance, currency));
        }

        for (int k = 0; k < n; k++)
        {
            balance -= principal[k];
            rows[k + offset] = new ScheduledInstallment(
                k + 1,
                dates[k],
                k == 0 ? d.StartDate : dates[k - 1],
                Money.Of(principal[k], currency),
                Money.Of(interest[k], currency),
                feeMoney,
                Money.Of(balance, currency));
        }

        return new InstallmentSchedule(d, rows, level is { } l ? Money.Of(l, currency) : null);
    }

    private static decimal ExactLevelPayment(InstallmentPlanDefinition d, LocalDate[] dates, decimal financed, decimal balloon)
    {
        var interest = d.Interest;
        int n = dates.Length;
        try
        {
            if (interest.Accrual == InterestAccrual.PeriodicRate)
            {
                return DecimalAnnuity.Payment(financed, interest.NominalAnnualRate / PeriodsPerYear(d.Frequency), n, balloon);
            }

            Span<decimal> rates = n <= 128 ? stackalloc decimal[n] : new decimal[n];
            for (int k = 0; k < n; k++)
            {
                rates[k] = interest.DayCount!.Accrue(interest.NominalAnnualRate, k == 0 ? d.StartDate : dates[k - 1], dates[k]);
            }

            return DecimalAnnuity.Payment(financed, rates, balloon);
        }
        catch (OverflowException ex)
        {
            throw new ArgumentException(
                $"The level payment of {n} installments at {interest} exceeds the range of decimal ((1 + periodic rate)^{n} is too large); " +
                $"reduce InstallmentCount ({n}) or the rate.",
                nameof(InstallmentPlanDefinition.InstallmentCount),
                ex);
        }
    }

    /// <summary>The rounded interest of period <paramref name="k"/> (0-based) on <paramref name="balance"/>.</summary>
    private static decimal PeriodInterest(InstallmentPlanDefinition d, LocalDate[] dates, int k, decimal balance)
    {
        var interest = d.Interest;
        decimal exact;
        switch (interest.Accrual)
        {
            case InterestAccrual.PeriodicRate:
                if (PeriodicInterestFast(balance, interest.NominalAnnualRate, PeriodsPerYear(d.Frequency), d.Currency.MinorUnits, d.Rounding, out decimal fast))
                {
                    return fast;
                }

                exact = balance * interest.NominalAnnualRate / PeriodsPerYear(d.Frequency);
                break;
            case InterestAccrual.DayCount:
                exact = interest.DayCount!.Accrue(balance * interest.NominalAnnualRate, k == 0 ? d.StartDate : dates[k - 1], dates[k]);
                break;
            default:
                return 0m;
        }

        return decimal.Round(exact, d.Currency.MinorUnits, d.Rounding);
    }

    /// <summary>
    /// <c>round(balance × rate / periodsPerYear)</c> at the minor unit with exact integer arithmetic (the same result
    /// as the decimal expression with the division last, including exact midpoints, without decimal's slow division).
    /// False when the operands do not fit the 64/128-bit fast path; the caller then computes in decimal.
    /// </summary>
    internal static bool PeriodicInterestFast(decimal balance, decimal rate, int periodsPerYear, int minorUnits, MidpointRounding mode, out decimal result)
    {
        result = 0m;
        int rateScale = rate.Scale;
        if (balance < 0m || minorUnits > 18 || rateScale > 16 || balance > 1_000_000_000_000_000m || decimal.Round(balance, minorUnits) != balance)
        {
            return false;
        }

        long unitsPerWhole = Pow10[minorUnits];
        if (balance > long.MaxValue / unitsPerWhole)
        {
            return false;
        }

        long balanceUnits = (long)(balance * unitsPerWhole);
        long rateNumerator = (long)(rate * Pow10[rateScale]);

        Int128 numerator = (Int128)balanceUnits * rateNumerator;
        long divisor = periodsPerYear * Pow10[rateScale];
        Int128 quotient = Int128.DivRem(numerator, divisor).Quotient;
        long remainder = (long)(numerator - (quotient * divisor));
        Int128 twice = (Int128)remainder * 2;
        bool up = mode switch
        {
            MidpointRounding.ToZero or MidpointRounding.ToNegativeInfinity => false,
            MidpointRounding.ToPositiveInfinity => remainder > 0,
            MidpointRounding.AwayFromZero => twice >= divisor,
            _ => twice > divisor || (twice == divisor && !Int128.IsEvenInteger(quotient)),
        };
        if (up)
        {
            quotient++;
        }

        if (quotient > long.MaxValue)
        {
            return false;
        }

        long q = (long)quotient;
        result = new decimal((int)q, (int)(q >> 32), 0, false, (byte)minorUnits);
        return true;
    }

    internal static readonly long[] Pow10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L,
        100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
        10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    private static void SplitPrincipal(InstallmentPlanDefinition d, decimal financed, decimal balloon, decimal[] principal)
    {
        int n = principal.Length;
        int scale = d.Currency.MinorUnits;
        int residual = d.Residual == ResidualPlacement.Last ? n - 1 : 0;
        switch (d.Method)
        {
            case AmortizationMethod.ExplicitAmounts:
                for (int k = 0; k < n; k++)
                {
                    principal[k] = d.Amounts[k].Amount;
                }

                return;

            case AmortizationMethod.ExplicitPercentages:
            {
                decimal others = 0m;
                for (int k = 0; k < n; k++)
                {
                    if (k != residual)
                    {
                        principal[k] = decimal.Round(financed * d.Percentages[k] / 100m, scale, d.Rounding);
                        others += principal[k];
                    }
                }

                principal[residual] = financed - others;
                break;
            }

            default:
            {
                decimal toSplit = financed - balloon;
                decimal regular = decimal.Round(toSplit / n, scale, d.Rounding);
                for (int k = 0; k < n; k++)
                {
                    principal[k] = regular;
                }

                principal[residual] = toSplit - (regular * (n - 1));
                principal[n - 1] += balloon;
                break;
            }
        }

        if (principal[residual] < 0m)
        {
            ThrowTooSmall(d, residual, principal[residual]);
        }
    }

    private static LocalDate[] DueDates(InstallmentPlanDefinition d, IBusinessCalendarProvider calendars)
    {
        int n = d.InstallmentCount;
        var adjustment = d.DueDateAdjustment;
        BusinessCalendar? calendar = adjustment.Convention == BusinessDayConvention.Unadjusted ? null : calendars.Get(adjustment.CalendarId!);
        var first = d.FirstDueDate;
        bool monthEnd = d.EndOfMonth && first.Day == CalendarSystem.Iso.GetDaysInMonth(first.Year, first.Month);
        var dates = new LocalDate[n];
        for (int k = 0; k < n; k++)
        {
            LocalDate unadjusted;
            try
            {
                unadjusted = d.Frequency switch
                {
                    InstallmentFrequency.Weekly => first.PlusDays(checked(7 * k)),
                    InstallmentFrequency.EveryTwoWeeks => first.PlusDays(checked(14 * k)),
                    InstallmentFrequency.Quarterly => PlusMonths(first, checked(3 * k), monthEnd),
                    InstallmentFrequency.TwiceAMonth => TwiceAMonth(first, k),
                    _ => PlusMonths(first, k, monthEnd),
                };
            }
            catch (OverflowException e)
            {
                // NodaTime reports a date past 9999-12-31 as an overflow; the documented error names the fields.
                throw new ArgumentException(
                    $"InstallmentCount {n} {d.Frequency} installments from FirstDueDate {Iso(first)} run past the last supported date (9999-12-31) at installment {k + 1}.",
                    nameof(InstallmentPlanDefinition.InstallmentCount),
                    e);
            }

            var date = calendar is null ? unadjusted : calendar.Adjust(unadjusted, adjustment.Convention);
            if (k == 0 ? date < d.StartDate : date <= dates[k - 1])
            {
                throw new ArgumentException(
                    $"DueDateAdjustment {adjustment} moves installment {k + 1} from {Iso(unadjusted)} to {Iso(date)}, " +
                    (k == 0 ? $"before StartDate {Iso(d.StartDate)}." : $"not after installment {k} ({Iso(dates[k - 1])})."),
                    nameof(InstallmentPlanDefinition.DueDateAdjustment));
            }

            dates[k] = date;
        }

        return dates;
    }

    private static LocalDate PlusMonths(LocalDate first, int months, bool monthEnd)
    {
        var date = first.PlusMonths(months);
        return monthEnd ? date.With(DateAdjusters.EndOfMonth) : date;
    }

    private static LocalDate TwiceAMonth(LocalDate first, int k)
    {
        var monthStart = new LocalDate(first.Year, first.Month, 1);
        return first.Day == 1
            ? monthStart.PlusMonths(k / 2).PlusDays(k % 2 == 0 ? 0 : 14)
            : monthStart.PlusMonths((k + 1) / 2).PlusDays(k % 2 == 0 ? 14 : 0);
    }

    internal static int PeriodsPerYear(InstallmentFrequency frequency) => frequency switch
    {
        InstallmentFrequency.Weekly => 52,
        InstallmentFrequency.EveryTwoWeeks => 26,
        InstallmentFrequency.TwiceAMonth => 24,
        InstallmentFrequency.Quarterly => 4,
        _ => 12,
    };

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Inv(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
