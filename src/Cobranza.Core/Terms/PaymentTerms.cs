using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Calendars;

namespace Cobranza.Core.Terms;

/// <summary>
/// The seller's payment terms ("condiciones de pago"): one or more portions and an optional business-day
/// adjustment. Independent of any invoice or customer; <see cref="PaymentSchedule.Create"/> turns terms plus an
/// invoice (plus the customer's <see cref="CustomerPaymentSettings"/>) into exact dates and amounts.
/// </summary>
/// <remarks>
/// <para>Share rules, checked at construction: at most one portion takes the balance; percents add up to exactly
/// 100 when there is no balance portion and to less than 100 when there is one; a fixed-amount portion needs a
/// balance portion.</para>
/// <example>
/// <code>
/// // 30 % advance on the order date, 70 % 30 days after the invoice date ("30% advance, 70% Net 30").
/// var terms = new PaymentTerms(
///     new PaymentPortion(PortionShare.OfPercent(30), DueDateRule.Immediate, BaseDateKind.OrderDate),
///     new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30)));
/// </code>
/// </example>
/// </remarks>
public sealed record PaymentTerms
{
    /// <summary>
    /// The most portions terms may have (100): far above any real schedule (monthly portions for eight years), and
    /// a bound on the work and memory one invoice's terms can cost. The notation and the JSON configuration use the
    /// same limit.
    /// </summary>
    public const int MaxPortions = 100;

    private readonly PaymentPortion[] _portions;

    /// <summary>Creates terms.</summary>
    /// <param name="portions">The portions, in the order they appear on the invoice.</param>
    /// <param name="adjustment">The seller's business-day adjustment, applied last; a customer's own adjustment replaces it. Default: none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="portions"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are no portions or more than <see cref="MaxPortions"/>, or the portions break a share rule (see remarks);
    /// the message says which.
    /// </exception>
    public PaymentTerms(IEnumerable<PaymentPortion> portions, BusinessDayAdjustment adjustment)
    {
        Guard.NotNull(portions);
        _portions = portions.ToArray();
        Adjustment = adjustment;
        CheckShares(_portions);
        if (adjustment.Convention != BusinessDayConvention.Unadjusted && string.IsNullOrWhiteSpace(adjustment.CalendarId))
        {
            throw new ArgumentException(
                $"adjustment with convention {adjustment.Convention} needs a calendar id (was '{adjustment.CalendarId}').", nameof(adjustment));
        }

        BalanceIndex = Array.FindIndex(_portions, p => p.Share is BalanceShare);
    }

    /// <summary>Creates terms without a business-day adjustment.</summary>
    /// <param name="portions">The portions.</param>
    public PaymentTerms(params PaymentPortion[] portions)
        : this(portions, BusinessDayAdjustment.None)
    {
    }

    /// <summary>The portions, in order.</summary>
    public IReadOnlyList<PaymentPortion> Portions => _portions;

    /// <summary>The seller's business-day adjustment (default none).</summary>
    public BusinessDayAdjustment Adjustment { get; }

    /// <summary>The index of the balance portion, or -1.</summary>
    public int BalanceIndex { get; }

    internal PaymentPortion[] PortionArray => _portions;

    /// <summary>
    /// The same terms with one early-payment discount offered on every portion, so that a discount such as "2 % if paid
    /// within 10 days" is stated once rather than repeated on each portion.
    /// </summary>
    /// <remarks>
    /// Each tier's window counts from each portion's <see cref="PaymentPortion.BaseDate"/>. Portions whose windows end
    /// on the same day make one offer: <see cref="PaymentSchedule.Create"/> rounds the percent once over their bases
    /// together and allocates it to them (largest remainder), so the per-portion amounts add up to the offer (2 % of
    /// 12 100,00 € in thirds: 80,67 + 80,66 + 80,67 = 242,00 €). A fixed-amount tier cannot be spread that way (it
    /// would be granted once per portion), so with several portions it is refused: give it to the portion it belongs to.
    /// </remarks>
    /// <example>
    /// <code>
    /// PaymentTerms thirds = PaymentTermsNotation.Parse("30/60/90")
    ///     .WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10)));
    /// </code>
    /// </example>
    /// <param name="discount">The discount offered on every portion.</param>
    /// <returns>New terms; these are unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="discount"/> is null.</exception>
    /// <exception cref="ArgumentException">A portion already has a discount, or <paramref name="discount"/> has a
    /// fixed-amount tier and the terms have more than one portion; the message names the portion or tier.</exception>
    public PaymentTerms WithDiscount(Discounts.EarlyPaymentDiscount discount)
    {
        Guard.NotNull(discount);
        int discounted = Array.FindIndex(_portions, p => p.Discount is not null);
        if (discounted >= 0)
        {
            throw new ArgumentException(
                $"portions[{discounted}] already has a discount; WithDiscount offers one discount on every portion, so build portions with their own discounts instead.",
                nameof(discount));
        }

        int fixedTier = -1;
        for (int i = 0; i < discount.Tiers.Count && _portions.Length > 1; i++)
        {
            if (discount.Tiers[i].ValueKind == Discounts.DiscountValueKind.FixedAmount)
            {
                fixedTier = i;
                break;
            }
        }

        if (fixedTier >= 0)
        {
            throw new ArgumentException(
                $"discount.Tiers[{fixedTier}] is a fixed amount ({discount.Tiers[fixedTier].Amount}), which would be granted once per portion on {_portions.Length} portions; give a fixed-amount discount to the one portion it belongs to.",
                nameof(discount));
        }

        var portions = new PaymentPortion[_portions.Length];
        for (int i = 0; i < portions.Length; i++)
        {
            var p = _portions[i];
            portions[i] = new PaymentPortion(p.Share, p.Rule, p.BaseDate, discount);
        }

        return new PaymentTerms(portions, Adjustment);
    }

    /// <inheritdoc/>
    public bool Equals(PaymentTerms? other)
        => other is not null && Adjustment == other.Adjustment && _portions.AsSpan().SequenceEqual(other._portions);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Adjustment);
        foreach (var portion in _portions)
        {
            hash.Add(portion);
        }

        return hash.ToHashCode();
    }

    private static void CheckShares(PaymentPortion[] portions)
    {
        if (portions.Length == 0)
        {
            throw new ArgumentException("portions must contain at least one portion (was empty).", nameof(portions));
        }

        if (portions.Length > MaxPortions)
        {
            throw new ArgumentException($"portions must contain at most {MaxPortions} portions (has {portions.Length}).", nameof(portions));
        }

        int nullAt = Array.IndexOf(portions, null);
        if (nullAt >= 0)
        {
            throw new ArgumentException($"portions[{nullAt}] must not be null.", nameof(portions));
        }

        var balances = portions.Select((p, i) => (p, i)).Where(x => x.p.Share is BalanceShare).Select(x => x.i).ToArray();
        if (balances.Length > 1)
        {
            throw new ArgumentException(
                $"At most one portion may take the balance (portions {string.Join(" and ", balances)} do).", nameof(portions));
        }

        decimal percents = portions.Sum(p => p.Share is PercentShare s ? s.Percent : 0m);
        string shown = percents.ToString(CultureInfo.InvariantCulture);
        if (balances.Length == 0)
        {
            int fixedAt = Array.FindIndex(portions, p => p.Share is AmountShare);
            if (fixedAt >= 0)
            {
                throw new ArgumentException(
                    $"portions[{fixedAt}] is a fixed amount, so one portion must take the balance (none does).", nameof(portions));
            }

            if (percents != 100m)
            {
                throw new ArgumentException(
                    $"Without a balance portion the percents must add up to 100 (was {shown}).", nameof(portions));
            }
        }
        else if (percents >= 100m)
        {
            throw new ArgumentException(
                $"With a balance portion the percents must add up to less than 100 (was {shown}).", nameof(portions));
        }

        var currencies = portions.Select(p => p.Share).OfType<AmountShare>().Select(s => s.Amount.Currency).Distinct().ToArray();
        if (currencies.Length > 1)
        {
            throw new ArgumentException(
                $"Fixed-amount portions must share one currency (were {string.Join(", ", currencies.Select(c => c.Code))}).", nameof(portions));
        }
    }
}
