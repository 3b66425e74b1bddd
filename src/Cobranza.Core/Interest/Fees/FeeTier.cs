using System;

namespace Cobranza.Core.Interest;

/// <summary>One step of a tiered fee: when the overdue amount is at least <see cref="FromDebt"/>, the fee is <see cref="Amount"/>.</summary>
public sealed record FeeTier
{
    /// <summary>Creates a tier.</summary>
    /// <param name="fromDebt">The smallest overdue amount (inclusive) this tier applies to; zero or positive.</param>
    /// <param name="amount">The fee for this tier; zero or positive, in the same currency as <paramref name="fromDebt"/>.</param>
    /// <exception cref="ArgumentException">An amount is <c>default(Money)</c>, negative, or the currencies differ.</exception>
    public FeeTier(Money fromDebt, Money amount)
    {
        LateFee.RequireNonNegative(fromDebt, nameof(fromDebt));
        LateFee.RequireNonNegative(amount, nameof(amount));
        if (fromDebt.Currency != amount.Currency)
        {
            throw new ArgumentException($"amount must be in the currency of fromDebt {fromDebt.Currency.Code} (was {amount.Currency.Code}).", nameof(amount));
        }

        FromDebt = fromDebt;
        Amount = amount;
    }

    /// <summary>The smallest overdue amount (inclusive) this tier applies to.</summary>
    public Money FromDebt { get; }

    /// <summary>The fee for this tier.</summary>
    public Money Amount { get; }
}
