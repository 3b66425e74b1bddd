using System;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Payment schedules and discount evaluation. Targets: a 3-portion schedule with payment days, an excluded month
/// and a national calendar within 1 µs; discount evaluation within 100 ns and 0 bytes.
/// </summary>
[MemoryDiagnoser]
public class TermsBenchmarks
{
    private readonly IBusinessCalendarProvider _calendars = BuiltInCalendarProvider.Instance;
    private Invoice _invoice = null!;
    private Invoice _simple = null!;
    private Invoice _composed = null!;
    private CustomerPaymentSettings _customer = null!;
    private ScheduledPortion _portion = null!;
    private LocalDate _paymentDate;
    private Money _paid;

    [GlobalSetup]
    public void Setup()
    {
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(3m, 7), DiscountTier.PercentWithinDays(2m, 15));
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(30), new CalendarDaysRule(30), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(30), new EndOfMonthThenDaysRule(45)),
            new PaymentPortion(PortionShare.Balance, new CalendarDaysRule(90)));
        _customer = new CustomerPaymentSettings(
            [5, 20], [ExcludedPeriod.Month(8, 5)], new BusinessDayAdjustment(BusinessDayConvention.ModifiedFollowing, "ES"));
        _invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 6, 12), Money.Of(10_000m, Currency.EUR), Money.Of(2_100m, Currency.EUR), terms);
        _simple = new Invoice("F-2", "C-1", new LocalDate(2026, 6, 12), Money.Of(10_000m, Currency.EUR), Money.Of(2_100m, Currency.EUR),
            new PaymentTerms(new PaymentPortion(PortionShare.OfPercent(100), new CalendarDaysRule(30))));
        _portion = PaymentSchedule.Create(_invoice, _customer, _calendars).Portions[0];

        // The same three portions with composed rules of three steps each (issue 19): 30 days then the 10th of the
        // following month (with the two discount tiers), 1 month + end of month + 45 days, 31 days then the next 15th.
        var composedTerms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(30), ComposedRule.DaysThenDayOfNextMonth(30, 10), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(30), ComposedRule.MonthsThenEndOfMonthThenDays(1, 45)),
            new PaymentPortion(PortionShare.Balance, new ComposedRule(DueDateStep.AddDays(31), DueDateStep.NextDayOfMonth(15), DueDateStep.AddMonths(1))));
        _composed = new Invoice("F-3", "C-1", new LocalDate(2026, 6, 12), Money.Of(10_000m, Currency.EUR), Money.Of(2_100m, Currency.EUR), composedTerms);
        _paymentDate = new LocalDate(2026, 6, 20);
        _paid = Money.Of(1_000m, Currency.EUR);

        // Warm the calendar's lazily built bitset outside the measurement.
        _ = BusinessCalendars.Spain.IsBusinessDay(new LocalDate(2026, 1, 1));
    }

    [Benchmark(Baseline = true)]
    public PaymentSchedule Schedule_Net30_NoCustomer() => PaymentSchedule.Create(_simple, null, _calendars);

    [Benchmark]
    public PaymentSchedule Schedule_ThreePortions_PaymentDays_August_Spain() => PaymentSchedule.Create(_invoice, _customer, _calendars);

    [Benchmark]
    public PaymentSchedule Schedule_ThreeComposedThreeStepRules_PaymentDays_August_Spain() => PaymentSchedule.Create(_composed, _customer, _calendars);

    [Benchmark]
    public DiscountEvaluation EvaluateDiscount_Portion() => DiscountEvaluator.Evaluate(_portion, _paymentDate, _paid);
}
