using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

public sealed class InstallmentScheduleExamplesTests
{
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static InstallmentPlanDefinition Plan(decimal amount, int count, AmortizationMethod method, PlanInterest? interest = null, string currency = "EUR")
        => new()
        {
            Amount = Money.Of(amount, currency),
            StartDate = new LocalDate(2026, 1, 15),
            FirstDueDate = new LocalDate(2026, 2, 15),
            InstallmentCount = count,
            Method = method,
            Interest = interest ?? PlanInterest.None,
        };

    private static decimal[] Column(InstallmentSchedule s, Func<ScheduledInstallment, Money> f) => s.Installments.Select(r => f(r).Amount).ToArray();

    [Fact]
    public void CreateSchedule_Annuity200000At6PercentOver360Months_MatchesPublishedTable()
    {
        // Source: the standard 30-year mortgage example, $200,000 at 6 % nominal, 360 monthly payments:
        // payment $1,199.10; month 1 interest $1,000.00, principal $199.10, balance $199,800.90;
        // month 2 interest $999.00, principal $200.10, balance $199,600.80
        // (https://mathondemand.com/solutions/monthly-loan-payment-on-a-200000-loan-for-30-years-with-a-6-interest-rate
        // and the amortization table at https://answerprime.com/200-000-mortgage-monthly-payment/).
        var s = Plan(200_000m, 360, AmortizationMethod.LevelPayment, PlanInterest.Periodic(0.06m), "USD").CreateSchedule(Calendars);

        Assert.Equal(Money.Of(1_199.10m, "USD"), s.LevelPayment);
        var r1 = s.Installments[0];
        Assert.Equal((1_000.00m, 199.10m, 1_199.10m, 199_800.90m), (r1.Interest.Amount, r1.Principal.Amount, r1.Total.Amount, r1.RemainingBalance.Amount));
        var r2 = s.Installments[1];
        Assert.Equal((999.00m, 200.10m, 199_600.80m), (r2.Interest.Amount, r2.Principal.Amount, r2.RemainingBalance.Amount));
        Assert.All(s.Installments.Take(359), r => Assert.Equal(1_199.10m, r.Total.Amount));
        // Last row: the balance left after 359 rounded payments plus its interest (recomputed independently with
        // Python's decimal module, ROUND_HALF_UP at each row): principal 1,194.17, interest 5.97.
        var last = s.Installments[359];
        Assert.Equal((1_194.17m, 5.97m, 1_200.14m, 0m), (last.Principal.Amount, last.Interest.Amount, last.Total.Amount, last.RemainingBalance.Amount));
        Assert.Equal(new LocalDate(2056, 1, 15), s.MaturityDate);
    }

    [Fact]
    public void CreateSchedule_Annuity10000At6PercentOver12Months_MatchesFormulaAndXmlDocExample()
    {
        // Formula P·r/(1−(1+r)^−n) with P = 10 000, r = 0.06/12, n = 12: 860.6643… → 860.66 (any annuity table at
        // 6 %/12 gives the factor 0.0860664). Rows recomputed with Python's decimal module (ROUND_HALF_UP).
        var s = Plan(10_000m, 12, AmortizationMethod.LevelPayment, PlanInterest.Periodic(0.06m)).CreateSchedule(Calendars);

        Assert.Equal(Money.Of(860.66m, "EUR"), s.LevelPayment);
        Assert.Equal((810.66m, 50.00m, 9_189.34m), (s.Installments[0].Principal.Amount, s.Installments[0].Interest.Amount, s.Installments[0].RemainingBalance.Amount));
        Assert.Equal((856.42m, 4.28m, 860.70m), (s.Installments[11].Principal.Amount, s.Installments[11].Interest.Amount, s.Installments[11].Total.Amount));
        Assert.Equal(Money.Of(10_000m, "EUR"), s.TotalPrincipal);
        Assert.Equal(Money.Of(327.96m, "EUR"), s.TotalInterest); // 11 × 860.66 + 860.70 − 10 000
    }

    [Fact]
    public void CreateSchedule_GermanPlan_LevelPrincipalAndFallingInterest()
    {
        // Sistema alemán (amortización constante), textbook case: 10 000 at 12 % nominal, 4 quarterly installments
        // (3 % a quarter): principal 2 500 each; interest 3 % of 10 000, 7 500, 5 000, 2 500 = 300, 225, 150, 75.
        var d = Plan(10_000m, 4, AmortizationMethod.LevelPrincipal, PlanInterest.Periodic(0.12m)) with { Frequency = InstallmentFrequency.Quarterly };
        var s = d.CreateSchedule(Calendars);

        Assert.Equal([2_500m, 2_500m, 2_500m, 2_500m], Column(s, r => r.Principal));
        Assert.Equal([300m, 225m, 150m, 75m], Column(s, r => r.Interest));
        Assert.Equal([2_800m, 2_725m, 2_650m, 2_575m], Column(s, r => r.Total));
        Assert.Equal([7_500m, 5_000m, 2_500m, 0m], Column(s, r => r.RemainingBalance));
        Assert.Equal([new LocalDate(2026, 2, 15), new LocalDate(2026, 5, 15), new LocalDate(2026, 8, 15), new LocalDate(2026, 11, 15)], s.Installments.Select(r => r.DueDate));
        Assert.Null(s.LevelPayment);
    }

    [Fact]
    public void CreateSchedule_EqualPartsResidualLast_LastInstallmentTakesTheCent()
    {
        // 100.00 / 3 = 33.333…: two parts of 33.33 and the residual 33.34 last (arithmetic).
        var s = Plan(100m, 3, AmortizationMethod.EqualParts).CreateSchedule(Calendars);
        Assert.Equal([33.33m, 33.33m, 33.34m], Column(s, r => r.Total));
        Assert.Equal([66.67m, 33.34m, 0m], Column(s, r => r.RemainingBalance));
    }

    [Fact]
    public void CreateSchedule_EqualPartsResidualFirst_FirstInstallmentTakesTheCent()
    {
        // 200.00 / 3 = 66.666…: regular part rounds to 66.67; the first takes 200 − 2 × 66.67 = 66.66 (arithmetic).
        var s = (Plan(200m, 3, AmortizationMethod.EqualParts) with { Residual = ResidualPlacement.First }).CreateSchedule(Calendars);
        Assert.Equal([66.66m, 66.67m, 66.67m], Column(s, r => r.Total));
    }

    [Fact]
    public void CreateSchedule_JpyEqualParts_WholeYen()
    {
        // JPY has no minor unit (ISO 4217): 10 000 / 3 → 3 333, 3 333, 3 334.
        var s = Plan(10_000m, 3, AmortizationMethod.EqualParts, currency: "JPY").CreateSchedule(Calendars);
        Assert.Equal([3_333m, 3_333m, 3_334m], Column(s, r => r.Total));
    }

    [Fact]
    public void CreateSchedule_FirstDueDateJanuary31_RollsToMonthEnds()
    {
        // Dates are computed from the first due date, not chained: 31 Jan → 28 Feb → 31 Mar → 30 Apr (2026 is not a leap year).
        var d = Plan(400m, 4, AmortizationMethod.EqualParts) with { StartDate = new LocalDate(2026, 1, 1), FirstDueDate = new LocalDate(2026, 1, 31) };
        Assert.Equal(
            [new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28), new LocalDate(2026, 3, 31), new LocalDate(2026, 4, 30)],
            d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
    }

    [Fact]
    public void CreateSchedule_LeapYearJanuary31_GivesFebruary29()
    {
        var d = Plan(200m, 2, AmortizationMethod.EqualParts) with { StartDate = new LocalDate(2028, 1, 1), FirstDueDate = new LocalDate(2028, 1, 31) };
        Assert.Equal([new LocalDate(2028, 1, 31), new LocalDate(2028, 2, 29)], d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
    }

    [Fact]
    public void CreateSchedule_EndOfMonthFromFebruary28_StaysOnMonthEnds()
    {
        var d = Plan(300m, 3, AmortizationMethod.EqualParts) with { StartDate = new LocalDate(2026, 1, 1), FirstDueDate = new LocalDate(2026, 2, 28) };
        Assert.Equal([new LocalDate(2026, 2, 28), new LocalDate(2026, 3, 28), new LocalDate(2026, 4, 28)], d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
        Assert.Equal(
            [new LocalDate(2026, 2, 28), new LocalDate(2026, 3, 31), new LocalDate(2026, 4, 30)],
            (d with { EndOfMonth = true }).CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
    }

    [Fact]
    public void CreateSchedule_TwiceAMonth_FirstAndFifteenth()
    {
        var d = Plan(400m, 4, AmortizationMethod.EqualParts) with { Frequency = InstallmentFrequency.TwiceAMonth, FirstDueDate = new LocalDate(2026, 1, 15), StartDate = new LocalDate(2026, 1, 2) };
        Assert.Equal(
            [new LocalDate(2026, 1, 15), new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 15), new LocalDate(2026, 3, 1)],
            d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
    }

    [Fact]
    public void CreateSchedule_WeeklyAndEveryTwoWeeks_SevenAndFourteenDaysApart()
    {
        var d = Plan(300m, 3, AmortizationMethod.EqualParts) with { Frequency = InstallmentFrequency.Weekly };
        Assert.Equal([new LocalDate(2026, 2, 15), new LocalDate(2026, 2, 22), new LocalDate(2026, 3, 1)], d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
        Assert.Equal(
            [new LocalDate(2026, 2, 15), new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 15)],
            (d with { Frequency = InstallmentFrequency.EveryTwoWeeks }).CreateSchedule(Calendars).Installments.Select(r => r.DueDate));
    }

    [Fact]
    public void CreateSchedule_FollowingSpain_MovesWeekendAndHolidayDueDates()
    {
        // Spain (RD 2001/1983 art. 45): 15 Feb 2026 is a Sunday → Monday 16 Feb; 15 Aug 2026 (Asunción) is a
        // Saturday and a holiday → Monday 17 Aug.
        var d = Plan(1_200m, 12, AmortizationMethod.EqualParts) with { DueDateAdjustment = new BusinessDayAdjustment(BusinessDayConvention.Following, "ES") };
        var dates = d.CreateSchedule(Calendars).Installments.Select(r => r.DueDate).ToArray();
        Assert.Equal(new LocalDate(2026, 2, 16), dates[0]);
        Assert.Equal(new LocalDate(2026, 8, 17), dates[6]);
        Assert.Equal(new LocalDate(2026, 4, 15), dates[2]); // a Wednesday, unchanged
    }

    [Fact]
    public void CreateSchedule_DayCountInterest_UsesActualPeriodDays()
    {
        // ACT/360 at 7.2 % on 3 600.00, 3 equal parts of principal (German) from 15 Jan 2026:
        // period 1 = 15 Jan..15 Feb = 31 days: 3 600 × 0.072 × 31/360 = 22.32;
        // period 2 = 15 Feb..15 Mar = 28 days: 2 400 × 0.072 × 28/360 = 13.44;
        // period 3 = 15 Mar..15 Apr = 31 days: 1 200 × 0.072 × 31/360 = 7.44 (ISDA 2006 §4.16(e) Actual/360).
        var s = Plan(3_600m, 3, AmortizationMethod.LevelPrincipal, PlanInterest.ActualDays(0.072m, DayCounts.Actual360)).CreateSchedule(Calendars);
        Assert.Equal([22.32m, 13.44m, 7.44m], Column(s, r => r.Interest));
        Assert.Equal(new LocalDate(2026, 2, 15), s.Installments[1].PeriodStart);
    }

    [Fact]
    public void CreateSchedule_DayCountAnnuity_EndsAtZeroWithLevelPayments()
    {
        var s = Plan(10_000m, 12, AmortizationMethod.LevelPayment, PlanInterest.ActualDays(0.06m, DayCounts.Actual365Fixed)).CreateSchedule(Calendars);
        Assert.All(s.Installments.Take(11), r => Assert.Equal(s.LevelPayment, r.Principal + r.Interest));
        Assert.Equal(0m, s.Installments[^1].RemainingBalance.Amount);
        Assert.InRange(Math.Abs(s.Installments[^1].Total.Amount - s.LevelPayment!.Value.Amount), 0m, 0.12m);
        // February (28 days) pays less interest than January's 31-day period at a similar balance.
        Assert.True(s.Installments[1].Interest < s.Installments[0].Interest);
    }

    [Fact]
    public void CreateSchedule_DownPayment_IsRowZeroAndReducesFinancedAmount()
    {
        var d = Plan(1_000m, 3, AmortizationMethod.EqualParts) with { DownPayment = Money.Of(100m, "EUR") };
        var s = d.CreateSchedule(Calendars);
        Assert.Equal(4, s.Installments.Count);
        Assert.Equal((0, new LocalDate(2026, 1, 15), 100m, 900m), (s.DownPayment!.Number, s.DownPayment.DueDate, s.DownPayment.Total.Amount, s.DownPayment.RemainingBalance.Amount));
        Assert.Equal(Money.Of(900m, "EUR"), s.FinancedAmount);
        Assert.Equal([100m, 300m, 300m, 300m], Column(s, r => r.Principal));
        Assert.Equal(Money.Of(1_000m, "EUR"), s.TotalPrincipal);
    }

    [Fact]
    public void CreateSchedule_Balloon_LastInstallmentRepaysTheBalloon()
    {
        // Interest-free balloon: (12 000 − 6 000) / 6 = 1 000 a month, then 6 000 more with the last one (arithmetic).
        var d = Plan(12_000m, 6, AmortizationMethod.Balloon) with { BalloonAmount = Money.Of(6_000m, "EUR") };
        Assert.Equal([1_000m, 1_000m, 1_000m, 1_000m, 1_000m, 7_000m], Column(d.CreateSchedule(Calendars), r => r.Total));
    }

    [Fact]
    public void CreateSchedule_BalloonWithInterest_MatchesFormula()
    {
        // Level payment with a balloon B: (P·q − B)·r / (q − 1), q = (1+r)^n. P = 20 000, B = 8 000, r = 0.005, n = 24:
        // q = 1.1271597762…, payment = (22 543.1955… − 8 000) · 0.005 / 0.1271597762… = 571.8473… → 571.85 (checked with
        // Python's decimal module at 40 digits).
        var d = Plan(20_000m, 24, AmortizationMethod.Balloon, PlanInterest.Periodic(0.06m)) with { BalloonAmount = Money.Of(8_000m, "EUR") };
        var s = d.CreateSchedule(Calendars);
        Assert.Equal(571.85m, s.LevelPayment!.Value.Amount);
        Assert.InRange(s.Installments[^1].Principal.Amount, 8_000m, 8_600m);
        Assert.Equal(0m, s.Installments[^1].RemainingBalance.Amount);
    }

    [Fact]
    public void CreateSchedule_ExplicitPercentages_SplitsFinancedAmount()
    {
        // 50 / 30 / 20 % of 1 000.01: 500.01 (500.005 rounded away from zero), 300.00, and the residual 200.00.
        var d = Plan(1_000.01m, 3, AmortizationMethod.ExplicitPercentages) with { Percentages = [50m, 30m, 20m] };
        Assert.Equal([500.01m, 300.00m, 200.00m], Column(d.CreateSchedule(Calendars), r => r.Principal));
    }

    [Fact]
    public void CreateSchedule_ExplicitAmountsWithInterest_InterestOnOutstandingBalance()
    {
        // 1 % a month (12 % / 12): 1 000 → interest 10.00, then 600 → 6.00, then 100 → 1.00.
        var d = Plan(1_000m, 3, AmortizationMethod.ExplicitAmounts, PlanInterest.Periodic(0.12m)) with
        {
            Amounts = [Money.Of(400m, "EUR"), Money.Of(500m, "EUR"), Money.Of(100m, "EUR")],
        };
        var s = d.CreateSchedule(Calendars);
        Assert.Equal([400m, 500m, 100m], Column(s, r => r.Principal));
        Assert.Equal([10m, 6m, 1m], Column(s, r => r.Interest));
    }

    [Fact]
    public void CreateSchedule_InstallmentFee_InFeesColumnAndTotal()
    {
        var d = Plan(300m, 3, AmortizationMethod.EqualParts) with { InstallmentFee = Money.Of(2.50m, "EUR") };
        var s = d.CreateSchedule(Calendars);
        Assert.Equal([102.50m, 102.50m, 102.50m], Column(s, r => r.Total));
        Assert.Equal(Money.Of(7.50m, "EUR"), s.TotalFees);
        Assert.Equal(Money.Of(307.50m, "EUR"), s.Total);
    }

    [Fact]
    public void CreateSchedule_ZeroRate_SameAsInterestFree()
    {
        var free = Plan(100m, 3, AmortizationMethod.LevelPayment).CreateSchedule(Calendars);
        var zero = Plan(100m, 3, AmortizationMethod.LevelPayment, PlanInterest.Periodic(0m)).CreateSchedule(Calendars);
        Assert.Equal(Column(free, r => r.Total), Column(zero, r => r.Total));
        Assert.Equal([33.33m, 33.33m, 33.34m], Column(zero, r => r.Total));
    }

    [Fact]
    public void Payment_PeriodicAndPerPeriodRates_Agree()
    {
        Span<decimal> rates = stackalloc decimal[360];
        rates.Fill(0.005m);
        decimal viaPower = DecimalAnnuity.Payment(200_000m, 0.005m, 360, 0m);
        decimal viaProducts = DecimalAnnuity.Payment(200_000m, rates, 0m);
        Assert.InRange(Math.Abs(viaPower - viaProducts), 0m, 1e-18m);
        // 200 000 · 0.005 / (1 − 1.005^−360) = 1 199.101050… (the $1,199.10 of the published table, unrounded).
        Assert.Equal(1_199.1010503m, decimal.Round(viaPower, 7));
    }

    [Fact]
    public void Pow_RepeatedSquaring_ExactForSmallCases()
    {
        Assert.Equal(1m, DecimalAnnuity.Pow(1.5m, 0));
        Assert.Equal(1.157625m, DecimalAnnuity.Pow(1.05m, 3)); // 1.05³ exactly
        Assert.Equal(1024m, DecimalAnnuity.Pow(2m, 10));
        Assert.Throws<OverflowException>(() => DecimalAnnuity.Pow(10m, 40));
    }
}
