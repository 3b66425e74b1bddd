using System;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// How a customer has paid so far, from the settled items of an account: the figures policies condition on and
/// credit decisions use. A day late is counted from the day after the due date to the settlement date.
/// </summary>
/// <remarks>
/// The amount-weighted figures (<see cref="SettledAmount"/>, <see cref="OnTimeAmount"/>,
/// <see cref="AmountDaysLate"/>) weigh each settled item by its original amount (<see cref="AccountItem.Amount"/>),
/// in the account's currency; they are zero when the behaviour was built from counts alone.
/// </remarks>
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

    /// <summary>The sum of the original amounts of the settled items.</summary>
    /// <value>Default: 0.</value>
    public decimal SettledAmount { get; init; }

    /// <summary>The sum of the original amounts of the items settled on time.</summary>
    /// <value>Default: 0.</value>
    public decimal OnTimeAmount { get; init; }

    /// <summary>The sum over settled items of original amount × days late.</summary>
    /// <value>Default: 0.</value>
    public decimal AmountDaysLate { get; init; }

    /// <summary>The share of the settled amount paid on time, 0–1; 1 when nothing was settled.</summary>
    public decimal OnTimeShareByAmount => SettledAmount == 0m ? 1m : OnTimeAmount / SettledAmount;

    /// <summary>Average days late weighted by amount (Σ amount × days late ÷ Σ amount); 0 when nothing was settled.</summary>
    public decimal AverageDaysLateByAmount => SettledAmount == 0m ? 0m : AmountDaysLate / SettledAmount;

    /// <summary>Computes the behaviour from the items of <paramref name="account"/> settled on or before <paramref name="asOf"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">Only items settled on or before this date count.</param>
    /// <returns>The behaviour; allocation-free apart from the result.</returns>
    public static PaymentBehaviour Of(CustomerAccount account, LocalDate asOf)
    {
        Guard.NotNull(account);
        return Compute(account, null, asOf);
    }

    /// <summary>
    /// Computes the behaviour over a window: the items of <paramref name="account"/> settled from
    /// <paramref name="from"/> to <paramref name="to"/>, both included.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="from">The first settlement date that counts.</param>
    /// <param name="to">The last settlement date that counts (not before <paramref name="from"/>).</param>
    /// <returns>The behaviour; allocation-free apart from the result.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static PaymentBehaviour Of(CustomerAccount account, LocalDate from, LocalDate to)
    {
        Guard.NotNull(account);
        if (to < from)
        {
            throw new ArgumentException($"to ({to:uuuu-MM-dd}) must not be before from ({from:uuuu-MM-dd}).", nameof(to));
        }

        return Compute(account, from, to);
    }

    /// <summary>Adds two behaviours (counts and amounts add, the maximum is the larger); amounts must be in the same currency.</summary>
    /// <param name="other">The other behaviour.</param>
    /// <returns>The combined behaviour.</returns>
    public PaymentBehaviour Combine(PaymentBehaviour other)
    {
        Guard.NotNull(other);
        return new PaymentBehaviour(
            SettledItems + other.SettledItems,
            SettledOnTime + other.SettledOnTime,
            TotalDaysLate + other.TotalDaysLate,
            Math.Max(MaxDaysLate, other.MaxDaysLate))
        {
            SettledAmount = SettledAmount + other.SettledAmount,
            OnTimeAmount = OnTimeAmount + other.OnTimeAmount,
            AmountDaysLate = AmountDaysLate + other.AmountDaysLate,
        };
    }

    private static PaymentBehaviour Compute(CustomerAccount account, LocalDate? from, LocalDate to)
    {
        int settled = 0, onTime = 0, max = 0;
        long total = 0;
        decimal settledAmount = 0m, onTimeAmount = 0m, amountDaysLate = 0m;
        foreach (var item in account.Items)
        {
            if (item.SettledOn is not { } settledOn || settledOn > to || (from is { } start && settledOn < start))
            {
                continue;
            }

            settled++;
            decimal amount = item.Amount.Amount;
            settledAmount += amount;
            if (settledOn <= item.DueDate)
            {
                onTime++;
                onTimeAmount += amount;
                continue;
            }

            int late = Period.DaysBetween(item.DueDate, settledOn);
            total += late;
            amountDaysLate += amount * late;
            max = Math.Max(max, late);
        }

        return new PaymentBehaviour(settled, onTime, total, max)
        {
            SettledAmount = settledAmount,
            OnTimeAmount = onTimeAmount,
            AmountDaysLate = amountDaysLate,
        };
    }
}
