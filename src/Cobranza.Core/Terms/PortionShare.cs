using System;
using System.Globalization;

namespace Cobranza.Core.Terms;

/// <summary>
/// How much of the invoice's gross amount a portion takes: a percent (<see cref="PercentShare"/>), a fixed amount
/// (<see cref="AmountShare"/>) or whatever is left (<see cref="BalanceShare"/>). The hierarchy is closed.
/// </summary>
/// <remarks>
/// Percent portions are split from the gross total with <see cref="Money.Allocate(ReadOnlySpan{decimal})"/>
/// (largest remainder), so they add up to the cent; the balance portion takes the gross total minus every fixed and
/// percent portion. At most one portion takes the balance; a fixed amount needs a balance portion to absorb the rest.
/// </remarks>
public abstract record PortionShare
{
    private protected PortionShare()
    {
    }

    /// <summary>The portion that takes whatever the other portions leave.</summary>
    public static BalanceShare Balance { get; } = new();

    /// <summary>A percent of the gross amount.</summary>
    /// <param name="percent">Greater than 0 and at most 100 (30 means 30 %).</param>
    /// <returns>The share.</returns>
    public static PercentShare OfPercent(decimal percent) => new(percent);

    /// <summary>A fixed amount.</summary>
    /// <param name="amount">A positive amount in whole minor units, in the invoice's currency.</param>
    /// <returns>The share.</returns>
    public static AmountShare OfAmount(Money amount) => new(amount);
}

/// <summary>A percent of the invoice's gross amount.</summary>
public sealed record PercentShare : PortionShare
{
    /// <summary>Creates the share.</summary>
    /// <param name="percent">Greater than 0 and at most 100 (30 means 30 %).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not in (0, 100].</exception>
    public PercentShare(decimal percent)
    {
        if (percent <= 0m || percent > 100m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(percent), percent,
                string.Create(CultureInfo.InvariantCulture, $"percent must be greater than 0 and at most 100 (was {percent})."));
        }

        Percent = percent;
    }

    /// <summary>The percent, greater than 0 and at most 100.</summary>
    public decimal Percent { get; }
}

/// <summary>A fixed amount of the invoice's currency.</summary>
public sealed record AmountShare : PortionShare
{
    /// <summary>Creates the share.</summary>
    /// <param name="amount">A positive amount in whole minor units.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive or not in whole minor units.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="amount"/> is <c>default(Money)</c>.</exception>
    public AmountShare(Money amount)
    {
        if (!amount.IsPositive || !amount.IsRoundedToMinorUnit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount), amount, $"amount must be positive and in whole minor units (was {amount.ToString()}).");
        }

        Amount = amount;
    }

    /// <summary>The amount, positive and in whole minor units.</summary>
    public Money Amount { get; }
}

/// <summary>The balance: the gross amount minus every other portion. Use <see cref="PortionShare.Balance"/>.</summary>
public sealed record BalanceShare : PortionShare
{
    internal BalanceShare()
    {
    }
}
