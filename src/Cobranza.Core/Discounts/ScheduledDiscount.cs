using NodaTime;

namespace Cobranza.Core.Discounts;

/// <summary>A discount tier made concrete for one portion of one invoice: its exact last day and its exact amount.</summary>
/// <param name="TierIndex">The index of the tier in <see cref="EarlyPaymentDiscount.Tiers"/>.</param>
/// <param name="Tier">The tier.</param>
/// <param name="LastDate">The last day a payment earns this discount (included).</param>
/// <param name="Amount">The discount for settling the whole portion by <paramref name="LastDate"/>, rounded to the minor unit half away from zero.</param>
public sealed record ScheduledDiscount(int TierIndex, DiscountTier Tier, LocalDate LastDate, Money Amount)
{
    /// <summary>The amount in minor units, or -1 when it does not fit the integer path.</summary>
    internal long Units { get; } = MinorUnits.TryToUnits(Amount.Amount, Amount.Currency.MinorUnits, out long units) ? units : -1;
}
