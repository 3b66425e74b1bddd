using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 13, bullet 5: "Descuento del 2 % (242,01 €)" for 12.100,00 € (2 % is 242,00 €) because three per-portion
/// roundings were added; and a schedule evaluation's portions described money passed on to later portions as an
/// "Exceso" although the schedule's excess was 0.
/// </summary>
public sealed class Issue13DiscountOfferTests
{
    /// <summary>
    /// 10 000,00 + 2 100,00 VAT = 12 100,00 € issued 15 Dec 2026, in thirds at 30/60/90 days (4 033,33 + 4 033,33 +
    /// 4 033,34: <see cref="Money.Allocate(System.ReadOnlySpan{decimal})"/>, largest remainder), 2 % on each portion if
    /// paid within 10 days of the invoice (by 25 Dec 2026).
    /// </summary>
    private static PaymentSchedule Thirds()
    {
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10));
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(100m / 3m), new CalendarDaysRule(30), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(100m / 3m), new CalendarDaysRule(60), discount: discount),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90), discount: discount));
        var invoice = new Invoice("F-2026-100", "C-1", new LocalDate(2026, 12, 15), Money.Of(10_000m, Currency.EUR), Money.Of(2_100m, Currency.EUR), terms);
        return PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
    }

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    [Fact]
    public void WithDiscount_StatedOnce_SameScheduleAsOnEveryPortion()
    {
        // Issue 15 §5: the discount stated once on the terms gives exactly the per-portion allocation above.
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10));
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(100m / 3m), new CalendarDaysRule(30)),
            new PaymentPortion(PortionShare.OfPercent(100m / 3m), new CalendarDaysRule(60)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90))).WithDiscount(discount);
        var invoice = new Invoice("F-2026-100", "C-1", new LocalDate(2026, 12, 15), Eur(10_000m), Eur(2_100m), terms);
        var schedule = PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
        Assert.Equal(Thirds().Invoice.Terms, terms);
        // 80,67 + 80,66 + 80,67 = 242,00 = 2 % of 12 100,00 (see the allocation test above).
        Assert.Equal([Eur(80.67m), Eur(80.66m), Eur(80.67m)], schedule.Portions.Select(p => p.Discounts.Single().Amount));
    }

    [Fact]
    public void WithDiscount_FixedAmountOnSeveralPortions_Refused()
    {
        var discount = new EarlyPaymentDiscount(DiscountTier.AmountWithinDays(Eur(20m), 10));
        var ex = Assert.Throws<ArgumentException>(() => PaymentTermsNotation.Parse("30/60").WithDiscount(discount));
        Assert.Equal(
            "discount.Tiers[0] is a fixed amount (20.00 EUR), which would be granted once per portion on 2 portions; give a fixed-amount discount to the one portion it belongs to. (Parameter 'discount')",
            ex.Message);
        // One portion: the amount is granted once, as stated.
        Assert.Equal(discount, PaymentTermsNotation.Parse("Net 30").WithDiscount(discount).Portions.Single().Discount);
    }

    [Fact]
    public void WithDiscount_PortionAlreadyDiscounted_Refused()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => PaymentTermsNotation.Parse("2/10 Net 30").WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(3m, 5))));
        Assert.StartsWith("portions[0] already has a discount;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SamePercentOnThreePortions_AmountsAreAnAllocationOfTheRoundedOffer()
    {
        // 2 % of 12 100,00 = 242,00 exactly. Shares of 24 200 cents in the ratios 4 033,33 : 4 033,33 : 4 033,34 are
        // 8 066,66.. / 8 066,66.. / 8 066,68..; floors 8 066 × 3 = 24 198; the 2 cents left go to the largest
        // remainders: portion 3 (0,68), then portion 1 (0,66, the earlier index on the tie) → 80,67 + 80,66 + 80,67.
        // Before the fix each portion rounded its own 2 % (80,6666 → 80,67, three times): 242,01.
        var schedule = Thirds();
        Assert.Equal([Eur(4_033.33m), Eur(4_033.33m), Eur(4_033.34m)], schedule.Portions.Select(p => p.Amount));
        Assert.Equal([Eur(80.67m), Eur(80.66m), Eur(80.67m)], schedule.Portions.Select(p => p.Discounts.Single().Amount));
        Assert.Equal(242.00m, schedule.Portions.Sum(p => p.Discounts.Single().Amount.Amount));
    }

    [Fact]
    public void Describe_SamePercentOnThreePortions_StatesTwoPercentOfTheInvoice()
    {
        // Due dates: 15 Dec 2026 + 30 = 14 Jan 2027, + 60 = 13 Feb 2027, + 90 = 15 Mar 2027; last discount day
        // 15 Dec + 10 = 25 Dec 2026 (included).
        var schedule = Thirds();
        Assert.Equal(
            "33,33 % (4.033,33 €) vence el 14/01/2027; 33,33 % (4.033,33 €) vence el 13/02/2027; 33,33 % (4.033,34 €) vence el 15/03/2027. "
            + "Descuento del 2 % (242,00 €) si paga hasta el 25/12/2026.",
            PaymentTermsText.Describe(schedule, Language.Spanish));
        Assert.Equal(
            "33.33% (€4,033.33) due 14 Jan 2027; 33.33% (€4,033.33) due 13 Feb 2027; 33.33% (€4,033.34) due 15 Mar 2027. "
            + "2% discount (€242.00) if paid by 25 Dec 2026.",
            PaymentTermsText.Describe(schedule, Language.English));
    }

    [Fact]
    public void EvaluateSchedule_DiscountedTotalPaidInWindow_NoExcessAnywhere()
    {
        // 12 100,00 − 242,00 = 11 858,00 paid on 20 Dec 2026. Portion 1 needs 4 033,33 − 80,67 = 3 952,66, leaving
        // 7 905,34 for portion 2; portion 2 needs 4 033,33 − 80,66 = 3 952,67, leaving 3 952,67; portion 3 needs
        // 4 033,34 − 80,67 = 3 952,67, leaving 0. Before the fix the three discounts were 242,01 and 0,01 was an excess.
        var evaluation = DiscountEvaluator.Evaluate(Thirds(), new LocalDate(2026, 12, 20), Eur(11_858m));
        Assert.Equal(Eur(242m), evaluation.Discount);
        Assert.Equal(Eur(0m), evaluation.RemainingDue);
        Assert.Equal(Eur(0m), evaluation.Excess);
        Assert.Equal([1, 2, null], evaluation.Portions.Select(p => p.ExcessCarriedToPortion));

        string es = DiscountEvaluator.Describe(evaluation.Portions[0], Language.Spanish);
        Assert.Equal(
            "Descuento de 80,67 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente. "
            + "Los 7.905,34 € restantes pasan a la fracción 2.",
            es);
        Assert.Equal(
            "Fracción 1: Descuento de 80,67 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente. "
            + "Los 7.905,34 € restantes pasan a la fracción 2. "
            + "Fracción 2: Descuento de 80,66 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente. "
            + "Los 3.952,67 € restantes pasan a la fracción 3. "
            + "Fracción 3: Descuento de 80,67 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente. "
            + "Total: descuento de 242,00 €; no queda nada pendiente.",
            DiscountEvaluator.Describe(evaluation, Language.Spanish));
        Assert.Equal(
            "Portion 1: Discount of €80.67 (2%, tier 1) taken: paid on 20 Dec 2026, on or before 25 Dec 2026; nothing remains due. "
            + "The remaining €7,905.34 goes on to portion 2. "
            + "Portion 2: Discount of €80.66 (2%, tier 1) taken: paid on 20 Dec 2026, on or before 25 Dec 2026; nothing remains due. "
            + "The remaining €3,952.67 goes on to portion 3. "
            + "Portion 3: Discount of €80.67 (2%, tier 1) taken: paid on 20 Dec 2026, on or before 25 Dec 2026; nothing remains due. "
            + "Total: discount of €242.00; nothing remains due.",
            evaluation.ToString());
        Assert.DoesNotContain("Exceso", DiscountEvaluator.Describe(evaluation, Language.Spanish), System.StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateSchedule_Overpaid_OnlyTheRealExcessIsCalledExcess()
    {
        // 12 000,00 on 20 Dec 2026: 11 858,00 settles the discounted invoice; 142,00 is a real excess, reported on the
        // last portion reached and in the total.
        var evaluation = DiscountEvaluator.Evaluate(Thirds(), new LocalDate(2026, 12, 20), Eur(12_000m));
        Assert.Equal(Eur(142m), evaluation.Excess);
        string es = DiscountEvaluator.Describe(evaluation, Language.Spanish);
        Assert.EndsWith(
            "Fracción 3: Descuento de 80,67 € (2 %, tramo 1) aplicado: pagado el 20/12/2026, no más tarde del 25/12/2026; no queda nada pendiente. Exceso de 142,00 €. "
            + "Total: descuento de 242,00 €; no queda nada pendiente; exceso de 142,00 €.",
            es);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(es, "Exceso"));
    }

    [Fact]
    public void EvaluateSchedule_PartPaymentAfterTheWindow_RemainingDueOfTheInvoice()
    {
        // 5 000,00 on 10 Jan 2027 (after 25 Dec 2026): no discount; portion 1 (4 033,33) is paid and 966,67 goes on to
        // portion 2, which keeps 4 033,33 − 966,67 = 3 066,66 due; the invoice keeps 12 100,00 − 5 000,00 = 7 100,00.
        var evaluation = DiscountEvaluator.Evaluate(Thirds(), new LocalDate(2027, 1, 10), Eur(5_000m));
        Assert.Equal(
            "Portion 1: No discount: paid on 10 Jan 2027, after the last discount day (25 Dec 2026); nothing remains due. "
            + "The remaining €966.67 goes on to portion 2. "
            + "Portion 2: No discount: paid on 10 Jan 2027, after the last discount day (25 Dec 2026); €3,066.66 remains due. "
            + "Total: discount of €0.00; €7,100.00 remains due.",
            DiscountEvaluator.Describe(evaluation, Language.English));
    }
}
