using System;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// How a customer has paid so far, from the settled items of an account: the figures policies condition on and
/// credit decisions use. A day late is counted from the day after the due date to the settlement date.
/// </summary>
/// <param name="SettledItems">Items settled on or before the date of the question.</param>
/// <param name="SettledOnTime">Of those, items settled on or before their due date.</param>
/// <param name="TotalDaysLate">The sum of days late over the settled items (items on time count 0).</param>
/// <param name="MaxDaysLate">The largest number of days late of a settled item.</param>
public sealed record PaymentBehaviour(int SettledItems, int SettledOnTime, long TotalDaysLate, int MaxDaysLate)
{
    /// <summary>The share of settled items paid on time, 0–1; 1 when nothing was settled yet (no evidence of lateness).</summary>
    public decimal OnTimeShare => SettledItems == 0 ? 1m : (decimal)SettledOnTime / SettledItems;

    /// <summary>Average days late over settled items (on-time items count 0); 0 when nothing was settled.</summary>
    public decimal AverageDaysLate => SettledItems == 0 ? 0m : (decimal)TotalDaysLate / SettledItems;

    /// <summary>Computes the behaviour from the items of <paramref name="account"/> settled on or before <paramref name="asOf"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">Only items settled on or before this date count.</param>
    /// <returns>The behaviour; allocation-free apart from the result.</returns>
    public static PaymentBehaviour Of(CustomerAccount account, LocalDate asOf)
    {
        Guard.NotNull(account);
        int settled = 0, onTime = 0, max = 0;
        long total = 0;
        foreach (var item in account.Items)
        {
            if (item.SettledOn is not { } settledOn || settledOn > asOf)
            {
                continue;
            }

            settled++;
            if (settledOn <= item.DueDate)
            {
                onTime++;
                continue;
            }

            int late = Period.DaysBetween(item.DueDate, settledOn);
            total += late;
            max = Math.Max(max, late);
        }

        return new PaymentBehaviour(settled, onTime, total, max);
    }
}
