using System;
using System.Collections.Generic;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Discounts;

/// <summary>
/// Evaluates payments against the discount windows of a schedule: which discount a payment earns, what remains due
/// and why. Pure and, for one portion, allocation-free.
/// </summary>
/// <remarks>
/// <para><b>Which tier.</b> Among the tiers whose last day is on or after the payment date, the one with the largest
/// amount (the first such tier on a tie). A later payment date only removes tiers, so the discount never grows with
/// the payment date.</para>
/// <para><b>Full payment.</b> A payment of at least amount − discount settles the portion: the whole discount is
/// taken, nothing remains due, and what the payment exceeds amount − discount by is reported as
/// <see cref="DiscountEvaluation.Excess"/>.</para>
/// <para><b>Part payment.</b> With <see cref="PartialPaymentRule.FullPaymentOnly"/> no discount; with
/// <see cref="PartialPaymentRule.Proportional"/> discount × paid / (amount − discount), truncated to the minor unit.</para>
/// <para>Each call evaluates one payment against the portion as scheduled (nothing paid yet); tracking several
/// payments over time belongs to the receivables ledger.</para>
/// </remarks>
public static class DiscountEvaluator
{
    /// <summary>Evaluates a payment against one portion.</summary>
    /// <param name="portion">The scheduled portion.</param>
    /// <param name="paymentDate">The date the payment is made (value date).</param>
    /// <param name="amount">The amount paid: positive, in the portion's currency.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="portion"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is in another currency.</exception>
    public static DiscountEvaluation Evaluate(ScheduledPortion portion, LocalDate paymentDate, Money amount)
    {
        Guard.NotNull(portion);
        var total = portion.Amount;
        var currency = total.Currency;
        if (!ReferenceEquals(amount.Currency, currency) && amount.Currency != currency)
        {
            throw new ArgumentException(
                $"amount must be in the portion's currency {currency.Code} (was {amount.Currency.Code}).", nameof(amount));
        }

        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"amount must be positive (was {amount.ToString()}).");
        }

        var zero = Money.Zero(currency);
        var discounts = portion.DiscountSpan;
        if (discounts.IsEmpty)
        {
            return Settle(portion, paymentDate, amount, zero, DiscountOutcome.NoDiscountOffered, null);
        }

        ScheduledDiscount? best = null;
        ScheduledDiscount? lastClosed = null;
        foreach (var d in discounts)
        {
            if (d.LastDate >= paymentDate)
            {
                if (best is null || d.Amount.Amount > best.Amount.Amount)
                {
                    best = d;
                }
            }
            else if (lastClosed is null || d.LastDate > lastClosed.LastDate)
            {
                lastClosed = d;
            }
        }

        if (best is null)
        {
            return Settle(portion, paymentDate, amount, zero, DiscountOutcome.WindowClosed, lastClosed);
        }

        if (portion.Units >= 0 && MinorUnits.TryToUnits(amount.Amount, currency.MinorUnits, out long paid))
        {
            return EvaluateUnits(portion, paymentDate, amount, paid, best, zero);
        }

        var needed = total - best.Amount;
        if (amount >= needed)
        {
            return new DiscountEvaluation(
                portion.Index, paymentDate, amount, best.Amount, zero, amount - needed, DiscountOutcome.FullDiscount, best, total);
        }

        if (portion.PartialPayments == PartialPaymentRule.FullPaymentOnly)
        {
            return new DiscountEvaluation(
                portion.Index, paymentDate, amount, zero, total - amount, zero, DiscountOutcome.NotPaidInFull, best, total);
        }

        var part = new Money(best.Amount.Amount * amount.Amount / needed.Amount, currency).Round(MidpointRounding.ToZero);
        return new DiscountEvaluation(
            portion.Index, paymentDate, amount, part, total - amount - part, zero, DiscountOutcome.ProportionalDiscount, best, total);
    }

    /// <summary>
    /// Evaluates a payment against a whole schedule: the payment goes to the portions in order of due date (then of
    /// index), each evaluated as by <see cref="Evaluate(ScheduledPortion, LocalDate, Money)"/>, until it is used up.
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="paymentDate">The payment date.</param>
    /// <param name="amount">The amount paid: positive, in the invoice's currency.</param>
    /// <returns>The evaluation of each portion the payment reached, the totals and any excess.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is in another currency.</exception>
    public static ScheduleDiscountEvaluation Evaluate(PaymentSchedule schedule, LocalDate paymentDate, Money amount)
    {
        Guard.NotNull(schedule);
        var portions = schedule.PortionSpan.ToArray();
        Array.Sort(portions, static (a, b) => a.DueDate != b.DueDate ? a.DueDate.CompareTo(b.DueDate) : a.Index.CompareTo(b.Index));
        var results = new List<DiscountEvaluation>(portions.Length);
        var left = amount;
        var discount = Money.Zero(schedule.Total.Currency);
        var remaining = discount;
        foreach (var portion in portions)
        {
            if (!left.IsPositive)
            {
                remaining += portion.Amount;
                continue;
            }

            if (results.Count > 0)
            {
                // What the previous portion's payment exceeded it by is not an excess: it goes on to this portion.
                results[^1] = results[^1].WithExcessCarriedTo(portion.Index);
            }

            var result = Evaluate(portion, paymentDate, left);
            results.Add(result);
            discount += result.Discount;
            remaining += result.RemainingDue;
            left = result.Excess;
        }

        return new ScheduleDiscountEvaluation(results.ToArray(), discount, remaining, left);
    }

    /// <summary>
    /// The reason for an evaluation in words, with exact dates and amounts. An excess is called an excess only when
    /// it is one: in a schedule's evaluation, what a portion's payment leaves over is said to go on to the next portion
    /// (<see cref="DiscountEvaluation.ExcessCarriedToPortion"/>).
    /// </summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="language">The language.</param>
    /// <returns>The text, e.g. "Descuento de 12,10 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente."</returns>
    public static string Describe(DiscountEvaluation evaluation, Language language)
    {
        bool es = Language.IsSpanishText(language);
        string M(Money m) => TextFormat.Money(m, language);
        string D(LocalDate d) => TextFormat.Date(d, language);
        string paidOn = D(evaluation.PaymentDate);
        var tier = evaluation.Tier;
        string label = tier is null
            ? string.Empty
            : (tier.Tier.ValueKind == DiscountValueKind.Percent ? TextFormat.Percent(tier.Tier.Percent, language) + ", " : string.Empty)
              + (es ? "tramo " : "tier ") + (tier.TierIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string excess = !evaluation.Excess.IsPositive
            ? string.Empty
            : evaluation.ExcessCarriedToPortion is { } next
                ? (es
                    ? $" Los {M(evaluation.Excess)} restantes pasan a la fracción {Number(next)}."
                    : $" The remaining {M(evaluation.Excess)} goes on to portion {Number(next)}.")
                : (es ? $" Exceso de {M(evaluation.Excess)}." : $" Excess of {M(evaluation.Excess)}.");
        string remaining = evaluation.RemainingDue.IsZero
            ? (es ? "no queda nada pendiente." : "nothing remains due.")
            : (es ? $"quedan pendientes {M(evaluation.RemainingDue)}." : $"{M(evaluation.RemainingDue)} remains due.");
        switch (evaluation.Outcome)
        {
            case DiscountOutcome.FullDiscount:
                return es
                    ? $"Descuento de {M(evaluation.Discount)} ({label}) aplicado: pagado el {paidOn}, no más tarde del {D(tier!.LastDate)}; {remaining}{excess}"
                    : $"Discount of {M(evaluation.Discount)} ({label}) taken: paid on {paidOn}, on or before {D(tier!.LastDate)}; {remaining}{excess}";
            case DiscountOutcome.ProportionalDiscount:
                return es
                    ? $"Descuento proporcional de {M(evaluation.Discount)} ({label}): pagados {M(evaluation.Paid)} el {paidOn}, no más tarde del {D(tier!.LastDate)}; {remaining}"
                    : $"Proportional discount of {M(evaluation.Discount)} ({label}): {M(evaluation.Paid)} paid on {paidOn}, on or before {D(tier!.LastDate)}; {remaining}";
            case DiscountOutcome.NotPaidInFull:
                var needed = evaluation.PortionAmount - tier!.Amount;
                return es
                    ? $"Sin descuento: el pago de {M(evaluation.Paid)} del {paidOn} no liquida la fracción completa (hacían falta {M(needed)} hasta el {D(tier.LastDate)}); {remaining}"
                    : $"No discount: the payment of {M(evaluation.Paid)} on {paidOn} does not settle the portion in full ({M(needed)} needed by {D(tier.LastDate)}); {remaining}";
            case DiscountOutcome.WindowClosed:
                return es
                    ? $"Sin descuento: pagado el {paidOn}, después del último día con descuento ({D(tier!.LastDate)}); {remaining}{excess}"
                    : $"No discount: paid on {paidOn}, after the last discount day ({D(tier!.LastDate)}); {remaining}{excess}";
            default:
                return es
                    ? $"Sin descuento: la fracción no ofrece descuento; {remaining}{excess}"
                    : $"No discount: the portion offers none; {remaining}{excess}";
        }
    }

    /// <summary>
    /// The reason for an evaluation of a whole schedule in words: each portion the payment reached, in the order it
    /// reached them, as by <see cref="Describe(DiscountEvaluation, Language)"/> (money passed on to a later
    /// portion is said to go on to it, never called an excess), then the totals: the discount taken, what remains due
    /// on the invoice and, only when the payment exceeds the whole discounted invoice, the excess.
    /// </summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="language">The language.</param>
    /// <returns>The text, e.g. "Fracción 1: Descuento de 80,67 € (2 %, tramo 1) aplicado: … Total: descuento de 242,00 €; no queda nada pendiente."</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not defined.</exception>
    public static string Describe(ScheduleDiscountEvaluation evaluation, Language language)
    {
        Guard.NotNull(evaluation);
        TextFormat.Culture(language);
        bool es = Language.IsSpanishText(language);
        var text = new System.Text.StringBuilder();
        foreach (var portion in evaluation.Portions)
        {
            text.Append(es ? "Fracción " : "Portion ").Append(Number(portion.PortionIndex)).Append(": ")
                .Append(Describe(portion, language)).Append(' ');
        }

        string discount = TextFormat.Money(evaluation.Discount, language);
        text.Append(es ? $"Total: descuento de {discount}; " : $"Total: discount of {discount}; ");
        text.Append(evaluation.RemainingDue.IsZero
            ? (es ? "no queda nada pendiente" : "nothing remains due")
            : (es ? $"quedan pendientes {TextFormat.Money(evaluation.RemainingDue, language)}" : $"{TextFormat.Money(evaluation.RemainingDue, language)} remains due"));
        if (evaluation.Excess.IsPositive)
        {
            text.Append(es ? $"; exceso de {TextFormat.Money(evaluation.Excess, language)}" : $"; excess of {TextFormat.Money(evaluation.Excess, language)}");
        }

        return text.Append('.').ToString();
    }

    private static string Number(int portionIndex) => (portionIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The same rules as the decimal path, in whole minor units (<see cref="long"/>, products in <see cref="UInt128"/>):
    /// exact, and without decimal division. The proportional part is floor(discount × paid / needed).
    /// </summary>
    private static DiscountEvaluation EvaluateUnits(ScheduledPortion portion, LocalDate paymentDate, Money amount, long paid, ScheduledDiscount best, Money zero)
    {
        var currency = zero.Currency;
        var total = portion.Amount;
        long a = portion.Units;
        long d = best.Units;
        long needed = a - d;
        if (paid >= needed)
        {
            return new DiscountEvaluation(
                portion.Index, paymentDate, amount, best.Amount, zero, MinorUnits.ToMoney(paid - needed, currency), DiscountOutcome.FullDiscount, best, total);
        }

        if (portion.PartialPayments == PartialPaymentRule.FullPaymentOnly)
        {
            return new DiscountEvaluation(
                portion.Index, paymentDate, amount, zero, MinorUnits.ToMoney(a - paid, currency), zero, DiscountOutcome.NotPaidInFull, best, total);
        }

        long part = (long)((UInt128)(ulong)d * (ulong)paid / (ulong)needed);
        return new DiscountEvaluation(
            portion.Index, paymentDate, amount, MinorUnits.ToMoney(part, currency), MinorUnits.ToMoney(a - paid - part, currency), zero,
            DiscountOutcome.ProportionalDiscount, best, total);
    }

    private static DiscountEvaluation Settle(ScheduledPortion portion, LocalDate date, Money amount, Money zero, DiscountOutcome outcome, ScheduledDiscount? tier)
    {
        var total = portion.Amount;
        return amount >= total
            ? new DiscountEvaluation(portion.Index, date, amount, zero, zero, amount - total, outcome, tier, total)
            : new DiscountEvaluation(portion.Index, date, amount, zero, total - amount, zero, outcome, tier, total);
    }
}
