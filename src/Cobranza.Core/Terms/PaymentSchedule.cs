using System;
using System.Collections.Generic;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>
/// What an invoice's terms mean in exact dates and amounts: one <see cref="ScheduledPortion"/> per portion, in the
/// order of the terms. Created by <see cref="Create"/>, a pure function of the invoice, the customer's settings and
/// the calendars.
/// </summary>
public sealed class PaymentSchedule
{
    private readonly ScheduledPortion[] _portions;

    private PaymentSchedule(Invoice invoice, ScheduledPortion[] portions)
    {
        Invoice = invoice;
        _portions = portions;
    }

    /// <summary>The invoice.</summary>
    public Invoice Invoice { get; }

    /// <summary>The portions, in the order of the terms.</summary>
    public IReadOnlyList<ScheduledPortion> Portions => _portions;

    /// <summary>The total of the portions: always the invoice's gross amount.</summary>
    public Money Total => Invoice.Gross;

    /// <summary>
    /// Computes the schedule of <paramref name="invoice"/> under its terms and the customer's settings.
    /// </summary>
    /// <remarks>
    /// <para><b>Amounts.</b> Fixed-amount portions take their amount. Percent portions share the gross amount with
    /// <see cref="Money.Allocate(ReadOnlySpan{decimal})"/> (largest remainder, in whole minor units); the balance
    /// portion takes the rest. The portions therefore add up exactly to the gross amount.</para>
    /// <para><b>Dates</b>, per portion: base date (invoice, delivery or order date) → the seller's rule → the
    /// customer's payment days → the customer's excluded periods → the business-day adjustment (the customer's if
    /// set, otherwise the seller's). See <see cref="CustomerPaymentSettings"/> for why the adjustment is last.</para>
    /// <para><b>Discounts.</b> Each tier gets its last day (base date + N days, an exact date, or the day before the
    /// issue or delivery date for prepayment) and its amount: percent × discount base / 100 rounded to the minor unit
    /// half away from zero, or the fixed amount. When several portions offer the same percent with the same last day,
    /// that offer is rounded once over their bases together and allocated to them (largest remainder), so their
    /// amounts add up to the offer: 2 % of 12 100,00 € in thirds is 80,67 + 80,66 + 80,67 = 242,00 €. Discount windows are never moved by payment days or the business-day
    /// adjustment: they are what the terms literally say.</para>
    /// <example>
    /// Invoice of 1 210,00 € (1 000 + 210 VAT) issued 15 Dec 2025, terms 50 % at one month, 50 % at two months (<see cref="CalendarMonthsRule"/>), 2 % if
    /// paid within 10 days: portions of 605,00 € due 15 Jan 2026 and 15 Feb 2026, each with a 12,10 € discount until
    /// 25 Dec 2025.
    /// </example>
    /// </remarks>
    /// <param name="invoice">The invoice (with its terms).</param>
    /// <param name="customer">The customer's settings, or null for none.</param>
    /// <param name="calendars">Resolves the calendar ids of business-day rules and adjustments.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="invoice"/> or <paramref name="calendars"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The invoice lacks a base date a portion needs; a fixed amount is in another currency; the fixed and percent
    /// portions leave nothing (or less than nothing) for the balance portion; or a discount is not less than its portion.
    /// </exception>
    /// <exception cref="ArgumentException">A calendar id is unknown to <paramref name="calendars"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date leaves the supported range of dates or of a calendar.</exception>
    public static PaymentSchedule Create(Invoice invoice, CustomerPaymentSettings? customer, IBusinessCalendarProvider calendars)
    {
        Guard.NotNull(invoice);
        Guard.NotNull(calendars);
        var terms = invoice.Terms;
        var portions = terms.PortionArray;
        int n = portions.Length;
        var amounts = AllocateAmounts(invoice, portions, terms.BalanceIndex);
        Money[]? netShares = null;
        var adjustment = customer?.Adjustment ?? terms.Adjustment;
        var result = new ScheduledPortion[n];
        int discounted = 0;
        for (int i = 0; i < n; i++)
        {
            var portion = portions[i];
            var baseDate = invoice.BaseDateFor(portion.BaseDate);
            LocalDate ruleDate, unadjusted, dueDate;
            try
            {
                ruleDate = portion.Rule.Apply(baseDate, calendars);
                unadjusted = customer is null ? ruleDate : customer.ApplyTo(ruleDate);
                dueDate = adjustment.Adjust(unadjusted, calendars);
            }
            catch (OverflowException e)
            {
                // NodaTime reports date arithmetic past year 9999 (or before -9998) as an overflow.
                throw OutOfRange(invoice, $"the due date of portion {i} ({portion.Rule} from {baseDate:uuuu-MM-dd})", e);
            }

            var amount = amounts[i];
            var discountBase = amount;
            ScheduledDiscount[] discounts = [];
            var partial = PartialPaymentRule.Proportional;
            if (portion.Discount is { } discount)
            {
                if (discount.Base == Discounts.DiscountBase.Net)
                {
                    netShares ??= NetShares(invoice, amounts);
                    discountBase = netShares[i];
                }

                discounts = ScheduleDiscounts(invoice, i, baseDate, amount, discountBase, discount);
                partial = discount.PartialPayments;
                discounted++;
            }

            result[i] = new ScheduledPortion(i, portion, baseDate, ruleDate, unadjusted, dueDate, amount, discountBase, discounts, partial);
        }

        if (discounted > 1)
        {
            AllocatePercentOffers(invoice, result);
        }

        return new PaymentSchedule(invoice, result);
    }

    /// <summary>The receivable items: one per portion, in the order of the terms.</summary>
    /// <returns>The items.</returns>
    public ReceivableItem[] ToReceivableItems()
    {
        var items = new ReceivableItem[_portions.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var p = _portions[i];
            items[i] = new ReceivableItem(Invoice.Id, p.Index, Invoice.CustomerId, p.DueDate, p.Amount);
        }

        return items;
    }

    internal ReadOnlySpan<ScheduledPortion> PortionSpan => _portions;

    private static Money[] AllocateAmounts(Invoice invoice, PaymentPortion[] portions, int balanceIndex)
    {
        int n = portions.Length;
        var gross = invoice.Gross;
        // Heap arrays: the portion count is bounded (PaymentTerms.MaxPortions) but still comes from input, and a
        // stack buffer is never sized by input (issue 14: 625,000 portions overflowed the stack here).
        var ratios = new decimal[n + 1];
        decimal percents = 0m;
        var fixedTotal = Money.Zero(gross.Currency);
        for (int i = 0; i < n; i++)
        {
            switch (portions[i].Share)
            {
                case PercentShare p:
                    ratios[i] = p.Percent;
                    percents += p.Percent;
                    break;
                case AmountShare a:
                    if (a.Amount.Currency != gross.Currency)
                    {
                        throw new InvalidOperationException(
                            $"Portion {i} of invoice '{invoice.Id}' is a fixed {a.Amount.ToString()}, but the invoice is in {gross.Currency.Code}.");
                    }

                    fixedTotal += a.Amount;
                    break;
            }
        }

        // Without a balance portion the percents add up to exactly 100 (checked by PaymentTerms); with one, the
        // extra ratio 100 - percents is what the percents leave, from which the fixed amounts are then taken.
        ratios[n] = 100m - percents;
        var parts = new Money[n + 1];
        gross.Allocate(ratios, parts);
        for (int i = 0; i < n; i++)
        {
            if (portions[i].Share is AmountShare a)
            {
                parts[i] = a.Amount;
            }
        }

        if (balanceIndex >= 0)
        {
            var balance = parts[n] - fixedTotal;
            if (!balance.IsPositive)
            {
                throw new InvalidOperationException(
                    $"The fixed and percent portions of invoice '{invoice.Id}' leave {balance.ToString()} for the balance portion {balanceIndex}; the gross amount is {gross.ToString()}.");
            }

            parts[balanceIndex] = balance;
        }

        Array.Resize(ref parts, n);
        return parts;
    }

    private static Money[] NetShares(Invoice invoice, Money[] amounts)
    {
        var ratios = new decimal[amounts.Length];
        for (int i = 0; i < amounts.Length; i++)
        {
            ratios[i] = amounts[i].Amount;
        }

        if (invoice.Net.IsZero)
        {
            var zeros = new Money[amounts.Length];
            Array.Fill(zeros, invoice.Net);
            return zeros;
        }

        var shares = new Money[amounts.Length];
        invoice.Net.Allocate(ratios, shares);
        return shares;
    }

    private static ScheduledDiscount[] ScheduleDiscounts(Invoice invoice, int index, NodaTime.LocalDate baseDate, Money amount, Money discountBase, EarlyPaymentDiscount discount)
    {
        var tiers = discount.Tiers;
        var result = new ScheduledDiscount[tiers.Count];
        for (int t = 0; t < result.Length; t++)
        {
            var tier = tiers[t];
            NodaTime.LocalDate lastDate;
            try
            {
                lastDate = tier.DeadlineKind switch
                {
                    DiscountDeadlineKind.DaysAfterBaseDate => baseDate.PlusDays(tier.Days),
                    DiscountDeadlineKind.DaysAfterEndOfBaseMonth => DueDateRule.EndOfMonth(baseDate).PlusDays(tier.Days),
                    DiscountDeadlineKind.MonthsAfterEndOfBaseMonth => DueDateRule.EndOfMonth(DueDateRule.DayClampedMonthsAfter(baseDate, tier.Months, 1)),
                    DiscountDeadlineKind.ExactDate => tier.Date!.Value,
                    DiscountDeadlineKind.BeforeIssueDate => invoice.IssueDate.PlusDays(-1),
                    _ => invoice.BaseDateFor(BaseDateKind.DeliveryDate).PlusDays(-1),
                };
            }
            catch (OverflowException e)
            {
                throw OutOfRange(invoice, $"the last day of discount tier {t} of portion {index}", e);
            }

            Money value;
            if (tier.ValueKind == DiscountValueKind.Percent)
            {
                // base / 100 × percent rather than base × percent / 100: the same exact value for real amounts, and
                // no OverflowException for a base near decimal.MaxValue (the percent is below 100).
                value = (discountBase / 100m * tier.Percent).Round(MidpointRounding.AwayFromZero);
            }
            else
            {
                value = tier.Amount!.Value;
                if (value.Currency != amount.Currency)
                {
                    throw new InvalidOperationException(
                        $"Discount tier {t} of portion {index} of invoice '{invoice.Id}' is a fixed {value.ToString()}, but the invoice is in {amount.Currency.Code}.");
                }
            }

            RequireLessThanPortion(invoice, index, t, value, amount);
            result[t] = new ScheduledDiscount(t, tier, lastDate, value);
        }

        return result;
    }

    private static ArgumentOutOfRangeException OutOfRange(Invoice invoice, string what, OverflowException e)
        => new($"Invoice '{invoice.Id}': {what} falls outside the supported dates (years -9998 to 9999).", e);
    /// <summary>
    /// A percent offered on several portions with the same last day is one offer ("2 % if paid by 25/12/2026"): its
    /// amount is the percent of the portions' discount bases together, rounded once (half away from zero), and each
    /// portion's amount is its share of that total by <see cref="Money.Allocate(ReadOnlySpan{decimal}, Span{Money})"/>
    /// in proportion to its base. The portions' amounts therefore add up to the offer: 2 % of 12 100,00 € in thirds
    /// (4 033,33 + 4 033,33 + 4 033,34) is 242,00 € = 80,67 + 80,66 + 80,67, not three roundings of 80,67 (242,01 €).
    /// Groups are those of <see cref="DiscountWindowGroup"/>, so the terms text states exactly these totals. Only
    /// schedules with discounts on two or more portions come here; the portions whose windows change are rebuilt.
    /// </summary>
    private static void AllocatePercentOffers(Invoice invoice, ScheduledPortion[] result)
    {
        int n = result.Length;
        var discounts = new ScheduledDiscount[n][];
        for (int i = 0; i < n; i++)
        {
            discounts[i] = result[i].DiscountSpan.ToArray();
        }

        var changed = new bool[n];
        foreach (var group in DiscountWindowGroup.Build(discounts))
        {
            int m = group.Members.Count;
            if (m < 2 || group.Tier.ValueKind != DiscountValueKind.Percent)
            {
                continue;
            }

            var ratios = new decimal[m];
            decimal sum = 0m;
            for (int k = 0; k < m; k++)
            {
                ratios[k] = result[group.Members[k].Portion].DiscountBase.Amount;
                sum += ratios[k];
            }

            if (sum <= 0m)
            {
                continue;
            }

            var currency = invoice.Gross.Currency;
            var total = new Money(sum / 100m * group.Tier.Percent, currency).Round(MidpointRounding.AwayFromZero);
            var shares = total.Allocate(ratios);
            for (int k = 0; k < m; k++)
            {
                var (p, t) = group.Members[k];
                var old = discounts[p][t];
                if (shares[k] != old.Amount)
                {
                    RequireLessThanPortion(invoice, p, t, shares[k], result[p].Amount);
                    discounts[p][t] = new ScheduledDiscount(t, old.Tier, old.LastDate, shares[k]);
                    changed[p] = true;
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            if (changed[i])
            {
                var p = result[i];
                result[i] = new ScheduledPortion(
                    p.Index, p.Portion, p.BaseDate, p.RuleDate, p.UnadjustedDueDate, p.DueDate, p.Amount, p.DiscountBase, discounts[i], p.PartialPayments);
            }
        }
    }

    private static void RequireLessThanPortion(Invoice invoice, int index, int tier, Money value, Money amount)
    {
        if (value >= amount)
        {
            throw new InvalidOperationException(
                $"Discount tier {tier} of portion {index} of invoice '{invoice.Id}' is {value.ToString()}, not less than the portion's {amount.ToString()}.");
        }
    }
}
