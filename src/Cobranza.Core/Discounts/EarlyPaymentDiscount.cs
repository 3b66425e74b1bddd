using System;
using System.Collections.Generic;
using System.Linq;

namespace Cobranza.Core.Discounts;

/// <summary>
/// The early-payment ("pronto pago") and prepayment discounts of one portion: its tiers, the base the percents
/// apply to and the rule for part payments.
/// </summary>
/// <remarks>
/// A payment earns the largest discount among the tiers whose last day is on or after the payment date. Because a
/// later payment date can only remove tiers from that set, paying later never gives a bigger discount, whatever the
/// order of the tiers.
/// </remarks>
public sealed record EarlyPaymentDiscount
{
    private readonly DiscountTier[] _tiers;

    /// <summary>Creates the discount.</summary>
    /// <param name="tiers">One or more tiers.</param>
    /// <param name="discountBase">The amount percents apply to; default gross.</param>
    /// <param name="partialPayments">What part payments earn; default proportional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tiers"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tiers"/> is empty or contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined.</exception>
    public EarlyPaymentDiscount(IEnumerable<DiscountTier> tiers, DiscountBase discountBase = DiscountBase.Gross, PartialPaymentRule partialPayments = PartialPaymentRule.Proportional)
    {
        Guard.NotNull(tiers);
        _tiers = tiers.ToArray();
        if (_tiers.Length == 0)
        {
            throw new ArgumentException("tiers must contain at least one tier (was empty).", nameof(tiers));
        }

        int nullAt = Array.IndexOf(_tiers, null);
        if (nullAt >= 0)
        {
            throw new ArgumentException($"tiers[{nullAt}] must not be null.", nameof(tiers));
        }

        if (!Enum.IsDefined(discountBase))
        {
            throw new ArgumentOutOfRangeException(nameof(discountBase), discountBase, $"discountBase is not a DiscountBase (was {discountBase}).");
        }

        if (!Enum.IsDefined(partialPayments))
        {
            throw new ArgumentOutOfRangeException(nameof(partialPayments), partialPayments, $"partialPayments is not a PartialPaymentRule (was {partialPayments}).");
        }

        Base = discountBase;
        PartialPayments = partialPayments;
    }

    /// <summary>Creates a discount of one or more tiers on the gross amount with proportional part payments.</summary>
    /// <param name="tiers">The tiers.</param>
    public EarlyPaymentDiscount(params DiscountTier[] tiers)
        : this((IEnumerable<DiscountTier>)tiers)
    {
    }

    /// <summary>The tiers, in the order given.</summary>
    public IReadOnlyList<DiscountTier> Tiers => _tiers;

    /// <summary>The amount the percents apply to.</summary>
    public DiscountBase Base { get; }

    /// <summary>What part payments earn.</summary>
    public PartialPaymentRule PartialPayments { get; }

    /// <inheritdoc/>
    public bool Equals(EarlyPaymentDiscount? other)
        => other is not null && Base == other.Base && PartialPayments == other.PartialPayments && _tiers.AsSpan().SequenceEqual(other._tiers);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Base);
        hash.Add(PartialPayments);
        foreach (var tier in _tiers)
        {
            hash.Add(tier);
        }

        return hash.ToHashCode();
    }
}
