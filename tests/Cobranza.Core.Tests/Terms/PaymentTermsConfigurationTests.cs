using System;
using System.Linq;
using System.Text.Json;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Serialization;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class PaymentTermsConfigurationTests
{
    private static readonly PaymentTermsDtoValidator Validator = new();

    private static PaymentPortionDto Portion(PortionShareDto share, DueDateRuleDto rule, EarlyPaymentDiscountDto? discount = null)
        => new() { Share = share, Rule = rule, Discount = discount };

    private static PortionShareDto Percent(decimal p) => new() { Kind = PortionShareKind.Percent, Percent = p };

    private static DueDateRuleDto Days(int d) => new() { Kind = DueDateRuleKind.CalendarDays, Days = d };

    [Fact]
    public void Validate_ManyErrors_AllReportedWithPaths()
    {
        var dto = new PaymentTermsDto
        {
            Portions =
            [
                Portion(Percent(30), Days(-5)),
                Portion(new() { Kind = PortionShareKind.Balance }, Days(30), new EarlyPaymentDiscountDto
                {
                    Tiers = [new() { Kind = DiscountTierKind.PercentWithinDays, Percent = 100, Days = 40 }],
                }),
                Portion(new() { Kind = PortionShareKind.Balance, Percent = 5 }, new() { Kind = DueDateRuleKind.MonthsAfterEndOfMonth, Months = 1, Day = 32 }),
                Portion(Percent(80), new() { Kind = DueDateRuleKind.BusinessDays, Days = 5 }),
            ],
            Adjustment = new() { Convention = BusinessDayConvention.Following },
        };
        var errors = Validator.Validate(dto).Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToArray();
        Assert.Equal(
            new[]
            {
                ("portions[0].rule.days", "days must be from 0 to 3660 (was -5)."),
                ("portions[1].discount.tiers[0].percent", "percent must be greater than 0 and less than 100 (was 100)."),
                ("portions[1].discount.tiers[0].days", "The discount window (40 days) must not end after the due date (30 days)."),
                ("portions[2].share.percent", "percent must be left out for a Balance share."),
                ("portions[2].rule.day", "day must be from 1 to 31 (was 32)."),
                ("portions[3].rule.calendarId", "calendarId is required for a BusinessDays rule."),
                ("adjustment.calendarId", "calendarId is required with convention Following."),
                ("portions[2].share.kind", "At most one portion may take the balance (portions 1 and 2 do)."),
                ("portions", "With a balance portion the percents must add up to less than 100 (they add up to 110)."),
            }.OrderBy(x => x.Item1).ToArray(),
            errors.OrderBy(x => x.PropertyName).ToArray());
    }

    [Fact]
    public void Validate_PercentsNotAddingUp_ErrorOnPortions()
    {
        var errors = Validator.Validate(new PaymentTermsDto { Portions = [Portion(Percent(50), Days(30)), Portion(Percent(40), Days(60))] }).Errors;
        var error = Assert.Single(errors);
        Assert.Equal("portions", error.PropertyName);
        Assert.Equal("Without a balance portion the percents must add up to 100 (they add up to 90).", error.ErrorMessage);
    }

    [Fact]
    public void Validate_FixedAmountWithoutBalanceAndBadMoney_AllErrors()
    {
        var errors = Validator.Validate(new PaymentTermsDto
        {
            Portions =
            [
                Portion(new() { Kind = PortionShareKind.Amount, Amount = new MoneyDto { Amount = 10.005m, Currency = "EUR" } }, DueDateRule()),
                Portion(new() { Kind = PortionShareKind.Amount, Amount = new MoneyDto { Amount = -1m, Currency = "XXY" } }, Days(30)),
            ],
        }).Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage).Order().ToArray();
        Assert.Equal(
            new[]
            {
                "portions: Fixed-amount portions must share one currency (were EUR, XXY).",
                "portions[0].share: portions[0] is a fixed amount, so one portion must take the balance (none does).",
                "portions[0].share.amount.amount: amount must be in whole minor units of EUR (was 10.005).",
                "portions[1].share: portions[1] is a fixed amount, so one portion must take the balance (none does).",
                "portions[1].share.amount.amount: amount must be positive (was -1).",
                "portions[1].share.amount.currency: currency must be an ISO 4217 code (was 'XXY').",
            },
            errors);

        static DueDateRuleDto DueDateRule() => new() { Kind = DueDateRuleKind.Immediate };
    }

    [Fact]
    public void Validate_CustomerPaymentDay32AndBadPeriod_AllErrors()
    {
        var errors = new CustomerPaymentSettingsDtoValidator().Validate(new CustomerPaymentSettingsDto
        {
            PaymentDays = [5, 32, 0],
            ExcludedPeriods = [new() { StartMonth = 2, StartDay = 30, EndMonth = 13, EndDay = 1, MoveToDay = 0 }],
        }).Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage).ToArray();
        Assert.Equal(
            new[]
            {
                "paymentDays[1]: A payment day must be from 1 to 31 (was 32).",
                "paymentDays[2]: A payment day must be from 1 to 31 (was 0).",
                "excludedPeriods[0].startDay: startDay must be from 1 to 29 in month 2 (was 30).",
                "excludedPeriods[0].endMonth: endMonth must be from 1 to 12 (was 13).",
                "excludedPeriods[0].moveToDay: moveToDay must be from 1 to 31 (was 0).",
            },
            errors);
    }

    [Fact]
    public void ToModel_Invalid_ThrowsValidationExceptionWithAllErrors()
    {
        var ex = Assert.Throws<ValidationException>(() => PaymentTermsMapper.ToModel(new PaymentTermsDto { Portions = [Portion(Percent(50), Days(-1))] }));
        Assert.Equal(2, ex.Errors.Count());
    }

    [Fact]
    public void Serialize_DepositTerms_DocumentedJson()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(30), DueDateRule.Immediate, BaseDateKind.OrderDate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30), discount: new EarlyPaymentDiscount(
                DiscountTier.PercentWithinDays(2, 10), DiscountTier.AmountBy(Money.Of(5.00m, Currency.EUR), new LocalDate(2026, 12, 31)))));
        const string expected = """
            {
              "portions": [
                {
                  "share": {
                    "kind": "Percent",
                    "percent": 30
                  },
                  "baseDate": "OrderDate",
                  "rule": {
                    "kind": "Immediate"
                  }
                },
                {
                  "share": {
                    "kind": "Balance"
                  },
                  "baseDate": "InvoiceDate",
                  "rule": {
                    "kind": "CalendarDays",
                    "days": 30
                  },
                  "discount": {
                    "tiers": [
                      {
                        "kind": "PercentWithinDays",
                        "percent": 2,
                        "days": 10
                      },
                      {
                        "kind": "AmountBy",
                        "amount": {
                          "amount": 5.00,
                          "currency": "EUR"
                        },
                        "date": "2026-12-31"
                      }
                    ],
                    "base": "Gross",
                    "partialPayments": "Proportional"
                  }
                }
              ]
            }
            """;
        string json = PaymentTermsJson.Serialize(terms);
        Assert.Equal(expected.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
        Assert.Equal(terms, PaymentTermsJson.Deserialize(json));
    }

    [Theory]
    [InlineData("""{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"CalendarDays","days":30},"baseDate":7}]}""")]
    [InlineData("""{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"CalendarDays","dias":30}}]}""")]
    [InlineData("""{"portions":[{"share":{"kind":"Cobranza.Core.Terms.BalanceShare"},"rule":{"kind":"Immediate"}}]}""")]
    [InlineData("""{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"Immediate"},"discount":{"tiers":[{"kind":"PercentBy","percent":2,"date":"2026-13-01"}]}}]}""")]
    [InlineData("""{"$type":"x","portions":[]}""")]
    [InlineData("null")]
    [InlineData("{")]
    public void Deserialize_BadShape_JsonException(string json)
        => Assert.ThrowsAny<JsonException>(() => PaymentTermsJson.Deserialize(json));

    [Fact]
    public void Deserialize_TooDeep_JsonException()
    {
        string json = """{"portions":[""" + new string('[', 20) + new string(']', 20) + "]}";
        Assert.ThrowsAny<JsonException>(() => PaymentTermsJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_TooLarge_JsonExceptionNamingTheSize()
    {
        string json = "{\"portions\":[]}" + new string(' ', PaymentTermsJson.MaxDocumentLength);
        var ex = Assert.ThrowsAny<JsonException>(() => PaymentTermsJson.Deserialize(json));
        Assert.Contains("at most 65536", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_ValidJsonInvalidTerms_ValidationException()
    {
        var ex = Assert.Throws<ValidationException>(() => PaymentTermsJson.Deserialize(
            """{"portions":[{"share":{"kind":"Percent","percent":60},"rule":{"kind":"CalendarDays","days":30}}]}"""));
        Assert.Equal("portions", Assert.Single(ex.Errors).PropertyName);
    }

    [Fact]
    public void Deserialize_DocumentedExample_TermsWithAdjustment()
    {
        // The example of docs/payment-terms.md, section 8.
        const string json = """
            {
              "portions": [
                { "share": { "kind": "Percent", "percent": 30 }, "baseDate": "OrderDate", "rule": { "kind": "Immediate" } },
                {
                  "share": { "kind": "Balance" },
                  "baseDate": "InvoiceDate",
                  "rule": { "kind": "CalendarDays", "days": 30 },
                  "discount": {
                    "tiers": [
                      { "kind": "PercentWithinDays", "percent": 2, "days": 10 },
                      { "kind": "AmountBy", "amount": { "amount": 5.00, "currency": "EUR" }, "date": "2026-12-31" }
                    ],
                    "base": "Gross",
                    "partialPayments": "Proportional"
                  }
                }
              ],
              "adjustment": { "convention": "Following", "calendarId": "ES" }
            }
            """;
        var expected = new PaymentTerms(
            [
                new PaymentPortion(PortionShare.OfPercent(30), DueDateRule.Immediate, BaseDateKind.OrderDate),
                new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30), discount: new EarlyPaymentDiscount(
                    DiscountTier.PercentWithinDays(2, 10), DiscountTier.AmountBy(Money.Of(5.00m, Currency.EUR), new LocalDate(2026, 12, 31)))),
            ],
            new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"));
        Assert.Equal(expected, PaymentTermsJson.Deserialize(json));
    }

    [Fact]
    public void Serialize_WindowAfterDueDate_RefusesToWriteWhatItWouldNotRead()
    {
        var terms = new PaymentTerms(new PaymentPortion(
            PortionShare.OfPercent(100), new CalendarDaysRule(30), discount: new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2, 40))));
        var ex = Assert.Throws<ValidationException>(() => PaymentTermsJson.Serialize(terms));
        Assert.Equal("portions[0].discount.tiers[0].days", Assert.Single(ex.Errors).PropertyName);
    }

    [Fact]
    public void SerializeCustomer_RoundTrips()
    {
        var settings = new CustomerPaymentSettings([5, 20], [ExcludedPeriod.Month(8, 5), new ExcludedPeriod(new AnnualDate(12, 20), new AnnualDate(1, 10))],
            new BusinessDayAdjustment(BusinessDayConvention.ModifiedFollowing, "ES"));
        Assert.Equal(settings, PaymentTermsJson.DeserializeCustomer(PaymentTermsJson.SerializeCustomer(settings)));
    }

    [Fact]
    public void Serialize_CustomCurrency_ThrowsNamingIt()
    {
        var cop0 = Currency.Custom("COP", 170, 0, "Peso colombiano");
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfAmount(Money.Of(100m, cop0)), DueDateRule.Immediate),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(30)));
        var ex = Assert.Throws<ArgumentException>(() => PaymentTermsJson.Serialize(terms));
        Assert.Contains("custom currency COP with 0 minor units", ex.Message, StringComparison.Ordinal);
    }

    public static class Models
    {
        private static Gen<DueDateRule> Rule() => Gen.OneOf(
            Gen.Constant<DueDateRule>(DueDateRule.Immediate),
            Gen.Choose(0, 3660).Select(d => (DueDateRule)new CalendarDaysRule(d)),
            Gen.Choose(0, 60).Select(d => (DueDateRule)new BusinessDaysRule(d, "ES")),
            Gen.Choose(0, 120).Select(m => (DueDateRule)new CalendarMonthsRule(m)),
            Gen.Choose(0, 90).Select(d => (DueDateRule)new EndOfMonthThenDaysRule(d)),
            Gen.Choose(0, 90).Select(d => (DueDateRule)new DaysThenEndOfMonthRule(d)),
            Gen.Two(Gen.Choose(1, 31)).Select(t => (DueDateRule)new MonthsAfterEndOfMonthRule((t.Item1 % 4) + 1, t.Item2)),
            Gen.Three(Gen.Choose(1, 30)).Select(t => (DueDateRule)new CutOffDayRule(t.Item1, t.Item2, t.Item3, (t.Item1 % 3) + 1, (t.Item2 % 2) + 1)),
            ComposedRuleTests.Arbitraries.Composed().Select(r => (DueDateRule)r));

        private static Gen<DiscountTier> Tier() => Gen.OneOf(
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.PercentWithinDays(t.Item1 / 100m, t.Item2 % 3661)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.PercentWithinDaysAfterEndOfMonth(t.Item1 / 1000m, t.Item2 % 60)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.PercentBy(t.Item1 / 100m, new LocalDate(2026, 1, 1).PlusDays(t.Item2))),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.AmountWithinDays(Money.Of(t.Item1 / 100m, Currency.EUR), t.Item2 % 90)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.AmountBy(Money.Of(t.Item1, Currency.JPY), new LocalDate(2027, 6, 30).PlusDays(-t.Item2))),
            Gen.Choose(1, 9999).Select(p => DiscountTier.Prepayment(p / 100m, DiscountDeadlineKind.BeforeIssueDate)),
            Gen.Choose(1, 9999).Select(p => DiscountTier.Prepayment(p / 100m, DiscountDeadlineKind.BeforeDeliveryDate)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.AmountWithinDaysAfterEndOfMonth(Money.Of(t.Item1 / 100m, Currency.EUR), t.Item2 % 60)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.PercentWithinMonthsAfterEndOfMonth(t.Item1 / 100m, t.Item2 % 121)),
            Gen.Two(Gen.Choose(1, 9999)).Select(t => DiscountTier.AmountWithinMonthsAfterEndOfMonth(Money.Of(t.Item1 / 100m, Currency.EUR), t.Item2 % 121)));

        private static Gen<EarlyPaymentDiscount?> Discount() => Gen.Frequency(
            (1, Gen.Constant<EarlyPaymentDiscount?>(null)),
            (2, from count in Gen.Choose(1, 3)
                from tiers in Gen.ArrayOf(Tier(), count)
                from b in Gen.Elements(DiscountBase.Gross, DiscountBase.Net)
                from rule in Gen.Elements(PartialPaymentRule.Proportional, PartialPaymentRule.FullPaymentOnly)
                select (EarlyPaymentDiscount?)new EarlyPaymentDiscount(tiers, b, rule)));

        public static Arbitrary<PaymentTerms> Terms() =>
            (from count in Gen.Choose(1, 4)
             from cuts in Gen.ArrayOf(Gen.Choose(1, 9999), count)
             from withBalance in Gen.Elements(true, false)
             from fixedCents in Gen.Choose(0, 100_000)
             from rules in Gen.ArrayOf(Rule(), count + 1)
             from bases in Gen.ArrayOf(Gen.Elements(BaseDateKind.InvoiceDate, BaseDateKind.DeliveryDate, BaseDateKind.OrderDate), count + 1)
             from discounts in Gen.ArrayOf(Discount(), count + 1)
             from adjustment in Gen.Elements(BusinessDayAdjustment.None, new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"), new BusinessDayAdjustment(BusinessDayConvention.Unadjusted, "ES"))
             select Build(cuts, withBalance, fixedCents, rules, bases, discounts, adjustment))
            .ToArbitrary();

        private static PaymentTerms Build(int[] cuts, bool withBalance, int fixedCents, DueDateRule[] rules, BaseDateKind[] bases, EarlyPaymentDiscount?[] discounts, BusinessDayAdjustment adjustment)
        {
            var points = cuts.Select(c => c / 100m).Distinct().Order().ToArray();
            var shares = points.Zip(points.Skip(1).Append(100m), (a, b) => (PortionShare)PortionShare.OfPercent(b - a)).Prepend(PortionShare.OfPercent(points[0])).ToList();
            if (withBalance)
            {
                shares[^1] = PortionShare.Balance;
                if (fixedCents > 0)
                {
                    shares.Insert(0, PortionShare.OfAmount(Money.Of(fixedCents / 100m, Currency.EUR)));
                }
            }

            return new PaymentTerms(
                shares.Select((s, i) => new PaymentPortion(s, rules[i % rules.Length], bases[i % bases.Length], Fitting(discounts[i % discounts.Length], rules[i % rules.Length]))).ToArray(),
                adjustment);
        }

        /// <summary>The discount, or none when a window would end after the due date (the configuration rejects that).</summary>
        private static EarlyPaymentDiscount? Fitting(EarlyPaymentDiscount? discount, DueDateRule rule)
        {
            int? due = rule switch { ImmediateRule => 0, CalendarDaysRule c => c.Days, _ => null };
            int? dueEom = rule is EndOfMonthThenDaysRule e ? e.Days : null;
            bool fits = discount is null || discount.Tiers.All(t => t.DeadlineKind switch
            {
                DiscountDeadlineKind.DaysAfterBaseDate => due is null || t.Days <= due,
                DiscountDeadlineKind.DaysAfterEndOfBaseMonth => dueEom is null || t.Days <= dueEom,
                _ => true,
            });
            return fits ? discount : null;
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Models)])]
    public void Deserialize_SerializedTerms_EqualModelAndSameJson(PaymentTerms terms)
    {
        string json = PaymentTermsJson.Serialize(terms);
        var back = PaymentTermsJson.Deserialize(json);
        Assert.Equal(terms, back);
        Assert.Equal(json, PaymentTermsJson.Serialize(back));
    }
}
