using System;
using System.Globalization;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Installments;

/// <summary>The schedule engine behind <see cref="InstallmentPlanDefinition.CreateSchedule"/>; expects a valid definition.</summary>
internal static class ScheduleBuilder
{
    internal static InstallmentSchedule Build(InstallmentPlanDefinition d, IBusinessCalendarProvider calendars)
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
                    throw new ArgumentException(
                        $"The plan cannot be amortized with a level payment of {Inv(payment)} {currency.Code}: installment {k + 1} " +
                        $"has interest {Inv(i)} on a balance of {Inv(balance)}, leaving a principal of {Inv(p)}. " +
                        $"Check FirstDueDate ({Iso(d.FirstDueDate)}), InstallmentCount ({n}) and Interest ({interest}).",
                        nameof(InstallmentPlanDefinition.InstallmentCount));
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
            throw new ArgumentException(
                $"{d.FinancedAmount} is too small to split into InstallmentCount {n} installments: the rounded parts of the other " +
                $"installments exceed it, leaving {Inv(principal[residual])} {d.Currency.Code} for installment {residual + 1}. " +
                "Use fewer installments.",
                nameof(InstallmentPlanDefinition.InstallmentCount));
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
            var unadjusted = d.Frequency switch
            {
                InstallmentFrequency.Weekly => first.PlusDays(checked(7 * k)),
                InstallmentFrequency.EveryTwoWeeks => first.PlusDays(checked(14 * k)),
                InstallmentFrequency.Quarterly => PlusMonths(first, checked(3 * k), monthEnd),
                InstallmentFrequency.TwiceAMonth => TwiceAMonth(first, k),
                _ => PlusMonths(first, k, monthEnd),
            };
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
