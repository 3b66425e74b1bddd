using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class TermsProperties
{
    private const int MaxTest = 300;
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    /// <summary>An invoice and a customer's settings.</summary>
    public sealed record Case(Invoice Invoice, CustomerPaymentSettings Customer)
    {
        public override string ToString()
            => $"{Invoice.Gross} issued {Invoice.IssueDate} order {Invoice.OrderDate} delivery {Invoice.DeliveryDate}; "
               + string.Join(" | ", Invoice.Terms.Portions.Select(p => $"{p.Share} {p.Rule} from {p.BaseDate}"))
               + $"; payment days [{string.Join(",", Customer.PaymentDays)}] excluded [{string.Join(",", Customer.ExcludedPeriods)}] adj {Customer.Adjustment}";
    }

    public static class Arbitraries
    {
        private static Gen<DueDateRule> Rule() => Gen.OneOf(
            Gen.Constant<DueDateRule>(DueDateRule.Immediate),
            Gen.Choose(0, 120).Select(d => (DueDateRule)new CalendarDaysRule(d)),
            Gen.Choose(0, 60).Select(d => (DueDateRule)new BusinessDaysRule(d, "ES")),
            Gen.Choose(0, 12).Select(m => (DueDateRule)new CalendarMonthsRule(m)),
            Gen.Choose(0, 90).Select(d => (DueDateRule)new EndOfMonthThenDaysRule(d)),
            Gen.Choose(0, 90).Select(d => (DueDateRule)new DaysThenEndOfMonthRule(d)),
            Gen.Two(Gen.Choose(1, 31)).Select(t => (DueDateRule)new MonthsAfterEndOfMonthRule((t.Item1 % 4) + 1, t.Item2)),
            Gen.Three(Gen.Choose(1, 31)).Select(t => (DueDateRule)new CutOffDayRule(Math.Min(t.Item1, 30), t.Item2, t.Item3)),
            // Compositions that stay within the ES calendar's range (to 2050) from the latest generated base dates.
            ComposedRuleTests.Arbitraries.Composed().Where(r => r.Apply(new LocalDate(2046, 12, 31), Calendars) < new LocalDate(2049, 6, 1)).Select(r => (DueDateRule)r));

        private static Gen<EarlyPaymentDiscount?> Discount() => Gen.Frequency(
            (1, Gen.Constant<EarlyPaymentDiscount?>(null)),
            (3, from count in Gen.Choose(1, 3)
                from tiers in Gen.ArrayOf(
                    Gen.OneOf(
                        Gen.Two(Gen.Choose(1, 900)).Select(t => DiscountTier.PercentWithinDays(t.Item1 / 100m, t.Item2 % 60)),
                        Gen.Choose(1, 60).Select(d => DiscountTier.AmountWithinDays(Money.Of(1m, Currency.EUR), d)),
                        Gen.Choose(1, 500).Select(p => DiscountTier.Prepayment(p / 100m, DiscountDeadlineKind.BeforeDeliveryDate))),
                    count)
                from b in Gen.Elements(DiscountBase.Gross, DiscountBase.Net)
                from rule in Gen.Elements(PartialPaymentRule.Proportional, PartialPaymentRule.FullPaymentOnly)
                select (EarlyPaymentDiscount?)new EarlyPaymentDiscount(tiers, b, rule)));

        private static Gen<PaymentTerms> Terms() =>
            from count in Gen.Choose(1, 4)
            from cuts in Gen.ArrayOf(Gen.Choose(1, 99), count - 1)
            from withBalance in Gen.Elements(true, false)
            from withFixed in Gen.Elements(true, false)
            from rules in Gen.ArrayOf(Rule(), count + 1)
            from bases in Gen.ArrayOf(Gen.Elements(BaseDateKind.InvoiceDate, BaseDateKind.DeliveryDate, BaseDateKind.OrderDate), count + 1)
            from discounts in Gen.ArrayOf(Discount(), count + 1)
            select BuildTerms(cuts, withBalance, withFixed, rules, bases, discounts);

        private static PaymentTerms BuildTerms(int[] cuts, bool withBalance, bool withFixed, DueDateRule[] rules, BaseDateKind[] bases, EarlyPaymentDiscount?[] discounts)
        {
            // Gross is at least 1 000,00, so every percent portion is at least 10,00 and the balance at least 5,00:
            // more than the largest fixed discount (1,00) a generated tier can have.
            // Percents from cut points of 0..100 (with two decimals); the last share is the balance or the rest.
            var points = cuts.Select(c => c * 1m).Distinct().Order().ToList();
            var percents = points.Zip(points.Skip(1).Append(100m), (a, b) => b - a).Prepend(points.FirstOrDefault(100m)).ToArray();
            if (points.Count == 0)
            {
                percents = [100m];
            }

            var shares = percents.Select(p => (PortionShare)PortionShare.OfPercent(p)).ToList();
            if (withBalance)
            {
                shares[^1] = PortionShare.Balance;
            }

            if (withBalance && withFixed)
            {
                shares.Insert(0, PortionShare.OfAmount(Money.Of(5m, Currency.EUR)));
            }

            return new PaymentTerms(shares.Select((s, i) => new PaymentPortion(s, rules[i % rules.Length], bases[i % bases.Length], discounts[i % discounts.Length])).ToArray());
        }

        private static Gen<CustomerPaymentSettings> Customer() =>
            from dayCount in Gen.Choose(0, 3)
            from days in Gen.ArrayOf(Gen.Choose(1, 31), dayCount)
            from excludeAugust in Gen.Elements(true, false)
            from moveTo in Gen.Elements<int?>(null, 5, 31)
            from adjustment in Gen.Elements<BusinessDayAdjustment?>(
                null, new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"), new BusinessDayAdjustment(BusinessDayConvention.ModifiedFollowing, "ES"))
            select new CustomerPaymentSettings(days, excludeAugust ? [ExcludedPeriod.Month(8, moveTo)] : [], adjustment);

        public static Arbitrary<Case> Cases() =>
            (from terms in Terms()
             from cents in Gen.Choose(100_000, int.MaxValue)
             from taxPercent in Gen.Elements(0, 10, 21)
             from issue in Gen.Choose(0, 365 * 20).Select(d => new LocalDate(2026, 1, 1).PlusDays(d))
             from orderBefore in Gen.Choose(0, 60)
             from deliveryAfter in Gen.Choose(-30, 30)
             from customer in Customer()
             let net = Money.Of(cents / 100m, Currency.EUR)
             let tax = Money.Of(Math.Round((decimal)cents * taxPercent / 100m) / 100m, Currency.EUR)
             where net + tax > Money.Of(1m, Currency.EUR)
             select new Case(new Invoice("F", "C", issue, net, tax, terms, issue.PlusDays(deliveryAfter), issue.PlusDays(-orderBefore)), customer))
            .ToArbitrary();
    }

    private static PaymentSchedule Schedule(Case c) => PaymentSchedule.Create(c.Invoice, c.Customer, Calendars);

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_Always_PortionsSumExactlyToGross(Case c)
    {
        var schedule = Schedule(c);
        Assert.Equal(c.Invoice.Gross.Amount, schedule.Portions.Sum(p => p.Amount.Amount));
        Assert.All(schedule.Portions, p => Assert.True(p.Amount.IsPositive && p.Amount.IsRoundedToMinorUnit));
    }

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_FollowingConventions_DueDateOnOrAfterBaseDate(Case c)
        // ModifiedFollowing may step back inside the month, so only its unadjusted date is checked.
        => Assert.All(Schedule(c).Portions, p =>
        {
            Assert.True(p.UnadjustedDueDate >= p.BaseDate);
            if (c.Customer.Adjustment is not { Convention: BusinessDayConvention.ModifiedFollowing })
            {
                Assert.True(p.DueDate >= p.BaseDate, $"{p} before its base date {p.BaseDate}");
            }
        });

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_WithAdjustment_EveryDueDateIsABusinessDay(Case c)
    {
        if (c.Customer.Adjustment is null)
        {
            return;
        }

        Assert.All(Schedule(c).Portions, p => Assert.True(BusinessCalendars.Spain.IsBusinessDay(p.DueDate), $"{p} is not a business day"));
    }

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_WithPaymentDays_UnadjustedDateIsAPaymentDayUnlessMovedToAStatedDay(Case c)
    {
        if (c.Customer.ExcludedPeriods.Any(e => e.MoveToDay is not null))
        {
            return;
        }

        Assert.All(Schedule(c).Portions, p =>
        {
            Assert.True(c.Customer.IsPaymentDay(p.UnadjustedDueDate), $"{p.UnadjustedDueDate} is not a payment day");
            Assert.Equal(p.DueDate, (c.Customer.Adjustment ?? BusinessDayAdjustment.None).Adjust(p.UnadjustedDueDate, Calendars));
        });
    }

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_WithExcludedPeriod_UnadjustedDateIsOutsideIt(Case c)
        => Assert.All(Schedule(c).Portions, p => Assert.DoesNotContain(c.Customer.ExcludedPeriods, e => e.Contains(p.UnadjustedDueDate)));

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Evaluate_Always_DiscountBetweenZeroAndAmountAndNeverGrowsLater(Case c, PositiveInt payDay, PositiveInt laterBy, PositiveInt paidPermille)
    {
        var schedule = Schedule(c);
        foreach (var p in schedule.Portions)
        {
            var paid = Money.Of(Math.Max(0.01m, Math.Round(p.Amount.Amount * (paidPermille.Get % 1200) / 1000m, 2)), Currency.EUR);
            var early = p.BaseDate.PlusDays((payDay.Get % 90) - 30);
            var late = early.PlusDays(laterBy.Get % 60);
            var a = DiscountEvaluator.Evaluate(p, early, paid);
            var b = DiscountEvaluator.Evaluate(p, late, paid);
            foreach (var r in new[] { a, b })
            {
                Assert.True(r.Discount.Amount >= 0m && r.Discount < p.Amount);
                Assert.True(r.RemainingDue.Amount >= 0m && r.Excess.Amount >= 0m);
                Assert.Equal(p.Amount.Amount + r.Excess.Amount, r.Paid.Amount + r.Discount.Amount + r.RemainingDue.Amount);
            }

            Assert.True(b.Discount <= a.Discount, $"paying on {late} gave {b.Discount} > {a.Discount} on {early}");
        }
    }

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Evaluate_InWindow_MatchesTheDecimalFormula(Case c, PositiveInt paidPermille)
    {
        foreach (var p in Schedule(c).Portions.Where(p => p.Discounts.Count > 0))
        {
            // Pay on the last day of the best tier: that tier applies.
            var tier = p.Discounts.OrderByDescending(d => d.Amount.Amount).First();
            var paid = Money.Of(Math.Max(0.01m, Math.Round(p.Amount.Amount * (paidPermille.Get % 1100) / 1000m, 2)), Currency.EUR);
            var r = DiscountEvaluator.Evaluate(p, tier.LastDate, paid);
            decimal needed = p.Amount.Amount - r.Tier!.Amount.Amount;
            decimal expected = paid.Amount >= needed ? r.Tier.Amount.Amount
                : p.PartialPayments == PartialPaymentRule.FullPaymentOnly ? 0m
                : decimal.Floor(r.Tier.Amount.Amount * paid.Amount / needed * 100m) / 100m;
            Assert.Equal(expected, r.Discount.Amount);
        }
    }

    /// <summary>
    /// Issue 13.5: a percent offered on several portions with the same last day adds up to the percent of their
    /// discount bases together, rounded once half away from zero; each portion is within one cent of its exact share.
    /// </summary>
    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void Create_PercentOffer_AmountsAddUpToTheOfferRoundedOnce(Case c)
    {
        var schedule = Schedule(c);
        var offers = schedule.Portions
            .SelectMany(p => p.Discounts.Where(d => d.Tier.ValueKind == DiscountValueKind.Percent).Select(d => (Portion: p, Window: d)))
            .GroupBy(x => (x.Window.Tier.Percent, x.Window.LastDate));
        foreach (var offer in offers)
        {
            // A portion with two identical tiers makes two offers; keep the first tier of each portion here.
            var members = offer.GroupBy(x => x.Portion.Index).Select(g => g.First()).ToList();
            decimal bases = members.Sum(x => x.Portion.DiscountBase.Amount);
            decimal expected = decimal.Round(bases * offer.Key.Percent / 100m, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, members.Sum(x => x.Window.Amount.Amount));
            Assert.All(members, x => Assert.True(
                Math.Abs(x.Window.Amount.Amount - (x.Portion.DiscountBase.Amount * offer.Key.Percent / 100m)) < 0.01m,
                $"{x.Window.Amount} is not within a cent of {offer.Key.Percent} % of {x.Portion.DiscountBase}"));
        }
    }

    /// <summary>Issue 13.5: describing a schedule's evaluation says "Excess" exactly when the whole invoice is overpaid.</summary>
    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void EvaluateSchedule_Describe_SaysExcessOnlyWhenTheInvoiceIsOverpaid(Case c, PositiveInt payDay, PositiveInt paidPermille)
    {
        var schedule = Schedule(c);
        var paid = Money.Of(Math.Max(0.01m, Math.Round(schedule.Total.Amount * (paidPermille.Get % 1200) / 1000m, 2)), Currency.EUR);
        var evaluation = DiscountEvaluator.Evaluate(schedule, c.Invoice.IssueDate.PlusDays((payDay.Get % 120) - 30), paid);
        string en = DiscountEvaluator.Describe(evaluation, Language.English);
        int mentions = System.Text.RegularExpressions.Regex.Matches(en, "[Ee]xcess").Count;
        Assert.Equal(evaluation.Excess.IsPositive ? 2 : 0, mentions);
        Assert.Equal(paid.Amount, evaluation.Portions.Sum(p => p.Paid.Amount - p.Excess.Amount) + evaluation.Excess.Amount);
        Assert.Equal(evaluation.Discount.Amount, evaluation.Portions.Sum(p => p.Discount.Amount));
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(Arbitraries)])]
    public void Create_Twice_GivesTheSameSchedule(Case c)
        => Assert.Equal(Schedule(c).ToReceivableItems(), Schedule(c).ToReceivableItems());
}
