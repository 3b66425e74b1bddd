using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

/// <summary>
/// Issue 19: composable due-date rules. Expected dates are Odoo's and ERPNext's own test cases where they exist:
/// Odoo 16 <c>addons/account/tests/test_payment_term.py</c> (<c>months</c>, <c>days</c>, <c>end_month</c>,
/// <c>days_after</c>: due = base + months + days, then end of month + days_after, <c>_get_due_date</c> of
/// <c>account.payment.term.line</c>); Odoo 17 the same file (<c>delay_type = days_end_of_month_on_the</c>: end of the
/// month of base + nb_days, + days_next_month clamped to the next month's last day); Odoo 14 the same file
/// (<c>day_of_the_month</c>); ERPNext <c>erpnext/controllers/accounts_controller.py</c> <c>get_due_date</c> /
/// <c>get_discount_date</c>.
/// </summary>
public sealed class ComposedRuleTests
{
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static LocalDate D(string iso) => LocalDate.FromDateTime(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture));

    private static LocalDate Apply(DueDateRule rule, string baseDate) => rule.Apply(D(baseDate), Calendars);

    [Theory]
    // The case: 30 days then the 28th, from 2023-01-20: 19 Feb + 1 month = 19 Mar → 28 Mar 2023.
    [InlineData(30, 28, "2023-01-20", "2023-03-28")]
    // Odoo 17 test_payment_term_days_end_of_month_on_the: 30 days, the 10th: 2023-12-12 + 30 = 2024-01-11 → 10 Feb 2024.
    [InlineData(30, 10, "2023-12-12", "2024-02-10")]
    // ... the 31st: clamped to February's last day in a leap year, 29 Feb 2024.
    [InlineData(30, 31, "2023-12-12", "2024-02-29")]
    // Odoo 17 test_payment_term_days_end_of_month_nb_days_0: 0 days, the 29th → 29 Jun 2024; the 31st → 30 Jun 2024.
    [InlineData(0, 29, "2024-05-23", "2024-06-29")]
    [InlineData(0, 31, "2024-05-23", "2024-06-30")]
    // Odoo 17 test_payment_term_days_end_of_month_nb_days_15: 2024-05-24 + 15 = 8 Jun → 30 Jul; 2024-05-23 + 15 = 7 Jun → 31 Jul.
    [InlineData(15, 30, "2024-05-24", "2024-07-30")]
    [InlineData(15, 31, "2024-05-23", "2024-07-31")]
    // Year end: 2025-12-05 + 30 = 4 Jan 2026 → 10 Feb 2026.
    [InlineData(30, 10, "2025-12-05", "2026-02-10")]
    public void DaysThenDayOfNextMonth_OdooDaysEndOfMonthOnThe(int days, int day, string invoice, string due)
        => Assert.Equal(D(due), Apply(ComposedRule.DaysThenDayOfNextMonth(days, day), invoice));

    [Fact]
    public void DaysThenDayOfNextMonth_The28th_PaymentDaysWorkaroundCannotGiveIt()
    {
        // The workaround the issue describes: net 30 with the customer's payment day 28. 2023-01-20 + 30 = 19 Feb;
        // the first payment day 28 on or after it is 28 Feb, a month earlier than the seller's terms say (28 Mar).
        var workaround = new CustomerPaymentSettings([28], [], null).ApplyTo(new CalendarDaysRule(30).Apply(D("2023-01-20"), Calendars));
        Assert.Equal(D("2023-02-28"), workaround);
        Assert.Equal(D("2023-03-28"), Apply(ComposedRule.DaysThenDayOfNextMonth(30, 28), "2023-01-20"));
    }

    [Theory]
    // Odoo 16 test_payment_term, every case (months, days, end_month, days_after → date).
    [InlineData(0, 0, false, 0, "2019-01-01", "2019-01-01")]
    [InlineData(0, 0, false, 0, "2019-01-31", "2019-01-31")]
    [InlineData(0, 0, true, 15, "2019-01-01", "2019-02-15")]
    [InlineData(0, 0, true, 15, "2019-01-15", "2019-02-15")]
    [InlineData(0, 0, true, 15, "2019-01-31", "2019-02-15")]
    [InlineData(0, 0, true, 0, "2019-01-01", "2019-01-31")]
    [InlineData(0, 0, true, 0, "2019-01-31", "2019-01-31")]
    [InlineData(0, 0, true, 1, "2019-01-15", "2019-02-01")]
    [InlineData(0, 0, true, 1, "2019-01-31", "2019-02-01")]
    [InlineData(0, 30, false, 0, "2022-01-01", "2022-01-31")]
    [InlineData(0, 30, false, 0, "2022-01-15", "2022-02-14")]
    [InlineData(0, 30, false, 0, "2022-01-31", "2022-03-02")]
    [InlineData(0, 30, true, 0, "2022-01-01", "2022-01-31")]
    [InlineData(0, 30, true, 0, "2022-01-15", "2022-02-28")]
    [InlineData(0, 30, true, 0, "2022-01-31", "2022-03-31")]
    [InlineData(1, 0, true, 0, "2022-01-01", "2022-02-28")]
    [InlineData(1, 0, true, 0, "2022-01-31", "2022-02-28")]
    [InlineData(0, 30, true, 10, "2022-01-01", "2022-02-10")]
    [InlineData(0, 30, true, 10, "2022-01-15", "2022-03-10")]
    [InlineData(0, 30, true, 10, "2022-01-31", "2022-04-10")]
    [InlineData(0, 90, true, 10, "2022-01-01", "2022-05-10")]
    [InlineData(0, 90, true, 10, "2022-01-15", "2022-05-10")]
    [InlineData(0, 90, true, 10, "2022-01-31", "2022-06-10")]
    [InlineData(3, 0, true, 10, "2022-01-01", "2022-05-10")]
    [InlineData(3, 0, true, 10, "2022-01-31", "2022-05-10")]
    [InlineData(1, 15, true, 45, "2022-01-01", "2022-04-14")]
    [InlineData(1, 15, true, 45, "2022-01-15", "2022-05-15")]
    [InlineData(1, 15, true, 45, "2022-01-31", "2022-05-15")]
    // Leap year and year end: 2023-12-31 + 2 months = 29 Feb 2024 (clamped), end of month, + 31 days = 31 Mar 2024.
    [InlineData(2, 0, true, 31, "2023-12-31", "2024-03-31")]
    public void OdooLine_Odoo16TestCases(int months, int days, bool endOfMonth, int daysAfter, string invoice, string due)
        => Assert.Equal(D(due), Apply(ComposedRule.OdooLine(months, days, endOfMonth, daysAfter), invoice));

    [Theory]
    // Odoo 16 "Next 10th of the month" (written there as −10 days, end of month, + 10 days).
    [InlineData(10, "2022-01-01", "2022-01-10")]
    [InlineData(10, "2022-01-09", "2022-01-10")]
    [InlineData(10, "2022-01-10", "2022-01-10")]
    [InlineData(10, "2022-01-15", "2022-02-10")]
    [InlineData(10, "2022-01-31", "2022-02-10")]
    // The 31st is each month's last day: 15 Feb 2024 → 29 Feb 2024; 29 Feb → 29 Feb; 20 Dec 2025 → 31 Dec 2025.
    [InlineData(31, "2024-02-15", "2024-02-29")]
    [InlineData(31, "2024-02-29", "2024-02-29")]
    [InlineData(31, "2025-12-20", "2025-12-31")]
    // Year end: 20 Dec 2025, next 10th → 10 Jan 2026.
    [InlineData(10, "2025-12-20", "2026-01-10")]
    public void NextDayOfMonth_ThisMonthOrNext(int day, string invoice, string due)
        => Assert.Equal(D(due), Apply(ComposedRule.NextDayOfMonth(day), invoice));

    [Theory]
    // Odoo 14 test_payment_term "the 15th of the month, min 31 days from now" (days 31, day_of_the_month 15).
    [InlineData("2019-01-01", "2019-02-15")]
    [InlineData("2019-01-15", "2019-02-15")]
    [InlineData("2019-01-31", "2019-03-15")]
    public void DaysThenNextDayOfMonth_Odoo14DayOfTheMonth(string invoice, string due)
        => Assert.Equal(D(due), Apply(ComposedRule.DaysThenNextDayOfMonth(31, 15), invoice));

    [Theory]
    // + M months, end of month, + N days for N ≥ 28 (MonthsAfterEndOfMonthRule(M + 1, N) covers N ≤ 27 only):
    // 10 Jan 2026 + 1 month = 10 Feb, end 28 Feb, + 45 = 14 Apr 2026.
    [InlineData(1, 45, "2026-01-10", "2026-04-14")]
    // Leap year: 20 Jan 2024 + 1 month = 20 Feb, end 29 Feb, + 28 = 28 Mar 2024.
    [InlineData(1, 28, "2024-01-20", "2024-03-28")]
    // Year end: 15 Dec 2025 + 1 month = 15 Jan 2026, end 31 Jan, + 30 = 2 Mar 2026.
    [InlineData(1, 30, "2025-12-15", "2026-03-02")]
    // Odoo 17 "Days after end of next month" (nb_days 31): 31 Jan 2023 + 1 month = 28 Feb, + 31 = 31 Mar 2023.
    [InlineData(1, 31, "2023-01-31", "2023-03-31")]
    public void MonthsThenEndOfMonthThenDays_AnyN(int months, int days, string invoice, string due)
        => Assert.Equal(D(due), Apply(ComposedRule.MonthsThenEndOfMonthThenDays(months, days), invoice));

    [Theory]
    // ERPNext get_due_date "Month(s) after the end of the invoice month": get_last_day(add_months(date, n)).
    // 30 Jul 2026, 1 month → 31 Aug 2026; 30 Apr 2024, 1 month → 31 May 2024 (not 30 May); 31 Jan 2024 → 29 Feb 2024.
    [InlineData("2026-07-30", 1, "2026-08-31")]
    [InlineData("2024-04-30", 1, "2024-05-31")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    public void ErpNextMonthsAfterEndOfInvoiceMonth_MonthsThenEndOfMonth(string invoice, int months, string due)
    {
        var composed = new ComposedRule(DueDateStep.AddMonths(months), DueDateStep.EndOfMonth);
        Assert.Equal(D(due), Apply(composed, invoice));
        Assert.Equal(D(due), Apply(new MonthsAfterEndOfMonthRule(months, 31), invoice));
    }

    [Fact]
    public void NamedRules_AreTheirCompositions()
    {
        Assert.Equal([DueDateStep.AddDays(30)], new CalendarDaysRule(30).Steps!);
        Assert.Equal([DueDateStep.EndOfMonth, DueDateStep.AddDays(45)], new EndOfMonthThenDaysRule(45).Steps!);
        Assert.Equal([DueDateStep.AddDays(45), DueDateStep.EndOfMonth], new DaysThenEndOfMonthRule(45).Steps!);
        Assert.Equal([DueDateStep.AddMonths(1), DueDateStep.DayOfMonth(10)], new MonthsAfterEndOfMonthRule(1, 10).Steps!);
        Assert.Empty(DueDateRule.Immediate.Steps!);
        Assert.Null(new BusinessDaysRule(5, "ES").Steps);
        Assert.Null(new CutOffDayRule(15, 5, 20).Steps);
    }

    [Fact]
    public void Constructor_DayOfMonthNotAfterAMonth_ThrowsNamingTheStep()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ComposedRule(DueDateStep.AddDays(30), DueDateStep.DayOfMonth(10)));
        Assert.StartsWith("steps[1] (day 10) must come right after a step of at least one month ('1m day 10')", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ComposedRule(DueDateStep.AddMonths(0), DueDateStep.DayOfMonth(10)));
        Assert.Throws<ArgumentException>(() => new ComposedRule());
        Assert.Throws<ArgumentException>(() => new ComposedRule(Enumerable.Repeat(DueDateStep.AddDays(1), 9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DueDateStep.DayOfMonth(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => DueDateStep.AddDays(-1));
    }

    [Fact]
    public void Equality_BySteps()
    {
        Assert.Equal(ComposedRule.DaysThenDayOfNextMonth(30, 10), new ComposedRule(DueDateStep.AddDays(30), DueDateStep.AddMonths(1), DueDateStep.DayOfMonth(10)));
        Assert.Equal(ComposedRule.DaysThenDayOfNextMonth(30, 10).GetHashCode(), ComposedRule.DaysThenDayOfNextMonth(30, 10).GetHashCode());
        Assert.NotEqual(ComposedRule.DaysThenDayOfNextMonth(30, 10), ComposedRule.DaysThenDayOfNextMonth(30, 11));
        Assert.Equal("30d 1m day 10", ComposedRule.DaysThenDayOfNextMonth(30, 10).ToString());
    }

    [Theory]
    [InlineData("Due 30d 1m day 28", "Due 30d 1m day 28")]
    [InlineData("due 30D 1M DAY 28", "Due 30d 1m day 28")]
    [InlineData("Due next 10", "Due next 10")]
    [InlineData("Due 1m EOM 45d", "Due 1m EOM 45d")]
    [InlineData("2/10 Due 30d 1m day 10", "2/10 Due 30d 1m day 10")]
    [InlineData("30% advance, 70% Due 31d next 15", "30% advance, 70% Due 31d next 15")]
    public void Notation_ComposedRules_ParseAndFormat(string notation, string canonical)
    {
        var terms = PaymentTermsNotation.Parse(notation);
        Assert.Equal(canonical, PaymentTermsNotation.Format(terms));
        Assert.Equal(terms, PaymentTermsNotation.Parse(canonical));
    }

    [Fact]
    public void Notation_DaysThenDayOfNextMonth_BuildsTheNamedComposition()
    {
        var portion = Assert.Single(PaymentTermsNotation.Parse("2/10 Due 30d 1m day 28").Portions);
        Assert.Equal(ComposedRule.DaysThenDayOfNextMonth(30, 28), portion.Rule);
        Assert.Equal(new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10)), portion.Discount);
    }

    [Theory]
    [InlineData("Due day 10", "Unexpected 'day' at position 4 in 'Due day 10': expected 'day 10' right after a step of at least one month (as in '1m day 10'), or 'next 10' for the next day 10.")]
    [InlineData("Due 30", "Unexpected end of 'Due 30' at position 6: expected 'd' (days) or 'm' (months) right after the number (as in 'Due 30d 1m day 10').")]
    [InlineData("Due", "Unexpected end of 'Due' at position 3: expected a step after 'Due': 'Nd' (days), 'Nm' (months), 'EOM', 'day D' or 'next D' (as in 'Due 30d 1m day 10').")]
    [InlineData("Due 1m day 32", "Unexpected '32' at position 11 in 'Due 1m day 32': expected a day of the month from 1 to 31.")]
    [InlineData("Due 121m", "Unexpected '121' at position 4 in 'Due 121m': expected a whole number of months from 0 to 120.")]
    public void Notation_BadSteps_SayWhereAndWhat(string notation, string message)
    {
        Assert.False(PaymentTermsNotation.TryParse(notation, out _, out var error));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Text_DaysThenDayOfNextMonth_RuleInWordsWithTheExactDate()
    {
        // 15 Jan 2026 + 30 days = 14 Feb, + 1 month = 14 Mar, day 10 → 10 Mar 2026.
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), ComposedRule.DaysThenDayOfNextMonth(30, 10)));
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 1, 15), Money.Of(1000m, Currency.EUR), Money.Of(210m, Currency.EUR), terms);
        var schedule = PaymentSchedule.Create(invoice, null, Calendars);
        Assert.Equal("a 30 días, día 10 del mes siguiente: vence el 10/03/2026.", PaymentTermsText.DescribeDueDates(schedule, Language.Spanish));
        Assert.Equal("30 days, then the 10th of the following month: due 10 Mar 2026.", PaymentTermsText.DescribeDueDates(schedule, Language.English));
        Assert.Equal("1.210,00 € vence el 10/03/2026.", PaymentTermsText.Describe(schedule, Language.Spanish));
    }

    [Theory]
    [InlineData("Net 30", "a 30 días", "30 days")]
    [InlineData("Net 45 EOM", "fin de mes + 45 días", "end of month + 45 days")]
    [InlineData("Due 45d EOM", "a 45 días, fin de mes", "45 days, end of month")]
    [InlineData("Due next 10", "el próximo día 10", "the next 10th of a month")]
    [InlineData("Due 1m EOM 45d", "fin del mes siguiente + 45 días", "end of the following month + 45 days")]
    [InlineData("Due 2m EOM 10d 1m day 1", "+ 2 meses, fin de mes, + 10 días, + 1 mes, día 1", "+ 2 months, end of month, + 10 days, + 1 month, the 1st")]
    public void DescribeRule_EachShape(string notation, string es, string en)
    {
        var rule = Assert.Single(PaymentTermsNotation.Parse(notation).Portions).Rule;
        Assert.Equal(es, PaymentTermsText.DescribeRule(rule, Language.Spanish));
        Assert.Equal(en, PaymentTermsText.DescribeRule(rule, Language.English));
    }

    [Fact]
    public void Text_SeveralPortionsAndPaymentDays_SharesAndTheRuleDate()
    {
        // 50 % at 30 days then the 10th; 50 % the next 25th; the customer pays on the 20th only.
        // 15 Jan 2026: portion 1 rule date 10 Mar 2026 → payment day 20 Mar; portion 2 rule date 25 Jan → 20 Feb.
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), ComposedRule.DaysThenDayOfNextMonth(30, 10)),
            new PaymentPortion(PortionShare.OfPercent(50), ComposedRule.NextDayOfMonth(25)));
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 1, 15), Money.Of(1000m, Currency.EUR), Money.Of(210m, Currency.EUR), terms);
        var schedule = PaymentSchedule.Create(invoice, new CustomerPaymentSettings([20], [], null), Calendars);
        Assert.Equal(
            "50 %, a 30 días, día 10 del mes siguiente: vence el 20/03/2026 (regla: 10/03/2026); 50 %, el próximo día 25: vence el 20/02/2026 (regla: 25/01/2026).",
            PaymentTermsText.DescribeDueDates(schedule, Language.Spanish));
    }

    [Fact]
    public void Json_ComposedRule_DocumentedShapeAndRoundTrip()
    {
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), ComposedRule.DaysThenDayOfNextMonth(30, 10)));
        string json = PaymentTermsJson.Serialize(terms);
        Assert.Contains(
            "\"rule\": {\n        \"kind\": \"Composed\",\n        \"steps\": [\n          {\n            \"kind\": \"AddDays\",\n            \"value\": 30\n          },",
            json.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"EndOfMonth\"", PaymentTermsJson.Serialize(new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), ComposedRule.MonthsThenEndOfMonthThenDays(1, 45)))), StringComparison.Ordinal);
        Assert.Equal(terms, PaymentTermsJson.Deserialize(json));
        Assert.Equal(json, PaymentTermsJson.Serialize(PaymentTermsJson.Deserialize(json)));
    }

    [Fact]
    public void Json_BadSteps_EveryErrorWithItsPath()
    {
        const string json = """
            { "portions": [
              { "share": { "kind": "Percent", "percent": 50 }, "baseDate": "InvoiceDate",
                "rule": { "kind": "Composed", "steps": [ { "kind": "AddDays", "value": 30 }, { "kind": "DayOfMonth", "value": 10 } ] } },
              { "share": { "kind": "Percent", "percent": 50 }, "baseDate": "InvoiceDate",
                "rule": { "kind": "Composed", "steps": [ { "kind": "EndOfMonth", "value": 3 }, { "kind": "AddMonths" }, { "kind": "NextDayOfMonth", "value": 0 } ] } } ] }
            """;
        var ex = Assert.Throws<ValidationException>(() => PaymentTermsJson.Deserialize(json));
        Assert.Equal(
            [
                "portions[0].rule.steps: steps[1] (day 10) must come right after a step of at least one month ('1m day 10'): on its own it could move the date before the base date; use 'next 10' for the next day 10.",
                "portions[1].rule.steps[0].value: value must be left out for an EndOfMonth step.",
                "portions[1].rule.steps[1].value: value is required for a AddMonths step.",
                "portions[1].rule.steps[2].value: value must be from 1 to 31 for a NextDayOfMonth step (was 0).",
            ],
            ex.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage).Order(StringComparer.Ordinal));
        var missing = Assert.Throws<ValidationException>(() => PaymentTermsJson.Deserialize("""{ "portions": [ { "share": { "kind": "Percent", "percent": 100 }, "rule": { "kind": "Composed" } } ] }"""));
        Assert.Equal("portions[0].rule.steps", Assert.Single(missing.Errors).PropertyName);
        var extra = Assert.Throws<ValidationException>(() => PaymentTermsJson.Deserialize("""{ "portions": [ { "share": { "kind": "Percent", "percent": 100 }, "rule": { "kind": "CalendarDays", "days": 30, "steps": [] } } ] }"""));
        Assert.Equal("steps must be left out for a CalendarDays rule.", Assert.Single(extra.Errors).ErrorMessage);
    }

    [Fact]
    public void Validate_TwoIdenticalPortions_WarningNamingBothNotAnError()
    {
        var dto = PaymentTermsMapper.FromModel(PaymentTermsNotation.Parse("50% Net 30, 50% Net 30"));
        var result = new PaymentTermsDtoValidator().Validate(dto);
        var warning = Assert.Single(result.Errors);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(PaymentTermsDtoValidator.DuplicatePortionCode, warning.ErrorCode);
        Assert.Equal("portions[1]", warning.PropertyName);
        Assert.Equal("portions[1] is identical to portions[0] (same share, base date, rule and discount); two identical portions are almost always a line entered twice.", warning.ErrorMessage);

        // A warning is not an error: the terms map and round-trip.
        var terms = PaymentTermsMapper.ToModel(dto);
        Assert.Equal(terms, PaymentTermsJson.Deserialize(PaymentTermsJson.Serialize(terms)));

        // Different rules or shares are no warning.
        Assert.Empty(new PaymentTermsDtoValidator().Validate(PaymentTermsMapper.FromModel(PaymentTermsNotation.Parse("50% Net 30, 50% Net 60"))).Errors);
    }

    [Theory]
    // ERPNext get_discount_date, invoice 15 Jan 2024:
    // "Day(s) after the end of the invoice month", 10 → 31 Jan + 10 = 10 Feb 2024;
    // "Month(s) after the end of the invoice month", 1 → get_last_day(add_months(date, 1)) = 29 Feb 2024; 0 → 31 Jan 2024.
    [InlineData("AmountDays", 10, "2024-02-10")]
    [InlineData("PercentMonths", 1, "2024-02-29")]
    [InlineData("AmountMonths", 0, "2024-01-31")]
    [InlineData("PercentMonths", 12, "2025-01-31")]
    public void ErpNextDiscountWindows_LastDay(string kind, int n, string lastDay)
    {
        var tier = kind switch
        {
            "AmountDays" => DiscountTier.AmountWithinDaysAfterEndOfMonth(Money.Of(10m, Currency.EUR), n),
            "PercentMonths" => DiscountTier.PercentWithinMonthsAfterEndOfMonth(2m, n),
            _ => DiscountTier.AmountWithinMonthsAfterEndOfMonth(Money.Of(10m, Currency.EUR), n),
        };
        var terms = new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new MonthsAfterEndOfMonthRule(13, 31), discount: new EarlyPaymentDiscount(tier)));
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2024, 1, 15), Money.Of(1000m, Currency.EUR), Money.Of(0m, Currency.EUR), terms);
        var window = Assert.Single(Assert.Single(PaymentSchedule.Create(invoice, null, Calendars).Portions).Discounts);
        Assert.Equal(D(lastDay), window.LastDate);
        // Percent: 2 % of 1 000,00 = 20,00 (ERPNext "Percentage"); amount: the fixed 10,00 (ERPNext "Amount").
        Assert.Equal(Money.Of(kind == "PercentMonths" ? 20m : 10m, Currency.EUR), window.Amount);
        Assert.Equal(terms, PaymentTermsJson.Deserialize(PaymentTermsJson.Serialize(terms)));
    }

    /// <summary>Generators of compositions (shared with the JSON and notation properties).</summary>
    public static class Arbitraries
    {
        private static Gen<DueDateStep[]> Atom() => Gen.OneOf(
            Gen.Choose(0, 400).Select(d => new[] { DueDateStep.AddDays(d) }),
            Gen.Choose(0, 24).Select(m => new[] { DueDateStep.AddMonths(m) }),
            Gen.Constant(new[] { DueDateStep.EndOfMonth }),
            Gen.Choose(1, 31).Select(d => new[] { DueDateStep.NextDayOfMonth(d) }),
            Gen.Two(Gen.Choose(1, 31)).Select(t => new[] { DueDateStep.AddMonths((t.Item1 % 24) + 1), DueDateStep.DayOfMonth(t.Item2) }));

        public static Gen<ComposedRule> Composed() =>
            from count in Gen.Choose(1, 4)
            from atoms in Gen.ArrayOf(Atom(), count)
            select new ComposedRule(atoms.SelectMany(a => a));

        public static Arbitrary<ComposedRule> Rules() => Composed().ToArbitrary();

        public static Arbitrary<LocalDate> Dates() => Gen.Choose(0, 365 * 30).Select(d => new LocalDate(2000, 1, 1).PlusDays(d)).ToArbitrary();
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_NonNegativeSteps_NeverBeforeTheBaseDate(ComposedRule rule, LocalDate baseDate)
        => Assert.True(rule.Apply(baseDate, Calendars) >= baseDate, $"{rule} from {baseDate}");

    [Property(MaxTest = 500, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_MonotoneInTheBaseDate(ComposedRule rule, LocalDate baseDate, PositiveInt later)
    {
        var laterBase = baseDate.PlusDays(later.Get % 400);
        Assert.True(rule.Apply(laterBase, Calendars) >= rule.Apply(baseDate, Calendars), $"{rule}: {laterBase} gives an earlier date than {baseDate}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void NamedRules_SameDateAsTheirComposition(LocalDate baseDate, PositiveInt n, PositiveInt d)
    {
        DueDateRule[] named =
        [
            DueDateRule.Immediate, new CalendarDaysRule(n.Get % 400), new CalendarMonthsRule(n.Get % 30), new EndOfMonthThenDaysRule(n.Get % 120),
            new DaysThenEndOfMonthRule(n.Get % 120), new MonthsAfterEndOfMonthRule((n.Get % 24) + 1, (d.Get % 31) + 1),
        ];
        foreach (var rule in named)
        {
            var viaSteps = rule.Steps!.Aggregate(baseDate, (date, step) => step.Apply(date));
            Assert.Equal(rule.Apply(baseDate, Calendars), viaSteps);
            if (rule.Steps!.Count > 0)
            {
                Assert.Equal(rule.Apply(baseDate, Calendars), new ComposedRule(rule.Steps!).Apply(baseDate, Calendars));
            }
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void NotationAndJson_RoundTrip(ComposedRule rule, PositiveInt discount)
    {
        var withDiscount = discount.Get % 3 == 0 ? new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2.5m, discount.Get % 60)) : null;
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(40), rule, discount: withDiscount),
            new PaymentPortion(PortionShare.OfPercent(60), new CalendarDaysRule(discount.Get % 90)));
        Assert.Equal(terms, PaymentTermsNotation.Parse(PaymentTermsNotation.Format(terms)));
        string json = PaymentTermsJson.Serialize(terms);
        Assert.Equal(terms, PaymentTermsJson.Deserialize(json));
        Assert.Equal(json, PaymentTermsJson.Serialize(PaymentTermsJson.Deserialize(json)));
    }
}
