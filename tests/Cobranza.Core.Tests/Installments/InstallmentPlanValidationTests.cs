using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

public sealed class InstallmentPlanValidationTests
{
    private static InstallmentPlanDefinition Valid() => new()
    {
        Amount = Money.Of(1_000m, "EUR"),
        StartDate = new LocalDate(2026, 1, 15),
        FirstDueDate = new LocalDate(2026, 2, 15),
        InstallmentCount = 4,
    };

    private static (string Path, string Message)[] Errors(InstallmentPlanDefinition d)
        => d.Validate().Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToArray();

    [Fact]
    public void Validate_ValidDefinition_NoErrors() => Assert.True(Valid().Validate().IsValid);

    [Fact]
    public void Validate_ZeroInstallments_NamesFieldAndValue()
        => Assert.Equal([("InstallmentCount", "InstallmentCount must be between 1 and 1200 (was 0).")], Errors(Valid() with { InstallmentCount = 0 }));

    [Fact]
    public void Validate_FirstDueDateBeforeStart_NamesBothDates()
        => Assert.Equal(
            [("FirstDueDate", "FirstDueDate must not be before StartDate 2026-01-15 (was 2026-01-10).")],
            Errors(Valid() with { FirstDueDate = new LocalDate(2026, 1, 10) }));

    [Fact]
    public void Validate_NegativeAmount_NamesValue()
        => Assert.Equal([("Amount", "Amount must be positive (was -5.00 EUR).")], Errors(Valid() with { Amount = Money.Of(-5.00m, "EUR") }));

    [Fact]
    public void Validate_SubCentAmount_Refused()
        => Assert.Equal([("Amount", "Amount must be in whole minor units of EUR (was 10.005 EUR).")], Errors(Valid() with { Amount = Money.Of(10.005m, "EUR") }));

    [Fact]
    public void Validate_PercentagesNotSumming100_ReportsEveryErrorWithPaths()
    {
        var d = Valid() with { Method = AmortizationMethod.ExplicitPercentages, Percentages = [50m, 30m, -5m, 20m] };
        Assert.Equal(
            [
                ("Percentages[2]", "Percentages[2] must be positive (was -5)."),
                ("Percentages", "Percentages must sum to exactly 100 (was 95)."),
            ],
            Errors(d));
    }

    [Fact]
    public void Validate_PercentagesWrongCount_Refused()
        => Assert.Contains(
            ("Percentages", "Percentages must have one element per installment, 4 (was 2)."),
            Errors(Valid() with { Method = AmortizationMethod.ExplicitPercentages, Percentages = [50m, 50m] }));

    [Fact]
    public void Validate_DownPaymentInOtherCurrency_NamesCurrencies()
        => Assert.Equal(
            [("DownPayment", "DownPayment must be in the currency of Amount, EUR (was 100.00 USD).")],
            Errors(Valid() with { DownPayment = Money.Of(100m, "USD") }));

    [Fact]
    public void Validate_ExplicitAmountsNotSummingToFinanced_Refused()
    {
        var d = Valid() with
        {
            Method = AmortizationMethod.ExplicitAmounts,
            Amounts = [Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(250m, "USD"), Money.Of(200m, "EUR")],
        };
        Assert.Equal([("Amounts[2]", "Amounts[2] must be a positive amount in whole minor units of EUR (was 250.00 USD).")], Errors(d));
        var d2 = d with { Amounts = [Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(200m, "EUR")] };
        Assert.Equal([("Amounts", "Amounts must sum to exactly the financed amount 1000.00 EUR (was 950.00 EUR).")], Errors(d2));
    }

    [Fact]
    public void Validate_ManyErrors_AllReportedAtOnce()
    {
        var d = Valid() with
        {
            Amount = Money.Of(-1m, "EUR"),
            InstallmentCount = 0,
            FirstDueDate = new LocalDate(2025, 1, 1),
            BalloonAmount = Money.Of(10m, "EUR"),
            InstallmentFee = Money.Of(-1m, "EUR"),
        };
        Assert.Equal(["Amount", "InstallmentCount", "FirstDueDate", "BalloonAmount", "InstallmentFee"], Errors(d).Select(e => e.Path));
    }

    [Fact]
    public void Validate_TwiceAMonthOnThe10th_Refused()
        => Assert.Equal(
            [("FirstDueDate", "FirstDueDate must be a 1st or a 15th with Frequency TwiceAMonth (was 2026-02-10).")],
            Errors(Valid() with { Frequency = InstallmentFrequency.TwiceAMonth, FirstDueDate = new LocalDate(2026, 2, 10) }));

    [Fact]
    public void Validate_EqualPartsWithInterest_Refused()
        => Assert.Equal(
            [("Interest", "Interest must be none with Method EqualParts (was 0.05 nominal, periodic rate); use LevelPayment or LevelPrincipal for an interest-bearing plan.")],
            Errors(Valid() with { Method = AmortizationMethod.EqualParts, Interest = PlanInterest.Periodic(0.05m) }));

    [Fact]
    public void Validate_ResidualFirstOnInterestBearingAnnuity_Refused()
        => Assert.Equal(["Residual"], Errors(Valid() with { Residual = ResidualPlacement.First, Interest = PlanInterest.Periodic(0.05m) }).Select(e => e.Path));

    [Fact]
    public void Validate_AdjustmentWithoutCalendar_Refused()
        => Assert.Equal(
            [("DueDateAdjustment", "DueDateAdjustment with convention Following needs a CalendarId (was '').")],
            Errors(Valid() with { DueDateAdjustment = new BusinessDayAdjustment(BusinessDayConvention.Following, null) }));

    [Fact]
    public void CreateSchedule_InvalidDefinition_ThrowsValidationExceptionWithAllErrors()
    {
        var ex = Assert.Throws<ValidationException>(() => (Valid() with { InstallmentCount = 0, Amount = Money.Of(0m, "EUR") }).CreateSchedule(BuiltInCalendarProvider.Instance));
        Assert.Equal(2, ex.Errors.Count());
        Assert.Contains("InstallmentCount must be between 1 and 1200 (was 0).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_DefaultMoney_ThrowsNamingProperty()
    {
        var ex = Assert.Throws<ArgumentException>(() => Valid() with { Amount = default });
        Assert.Equal("Amount", ex.ParamName);
        Assert.StartsWith("Amount must have a currency (was default(Money)).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_UndefinedEnum_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Valid() with { Frequency = (InstallmentFrequency)42 });
        Assert.Equal("Frequency", ex.ParamName);
        Assert.StartsWith("Frequency is not a defined InstallmentFrequency (was 42).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Periodic_NegativeRate_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PlanInterest.Periodic(-0.01m));
        Assert.Equal("nominalAnnualRate", ex.ParamName);
        Assert.StartsWith("nominalAnnualRate must be between 0 and 10 (was -0.01).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSchedule_UnknownCalendar_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() =>
            (Valid() with { DueDateAdjustment = new BusinessDayAdjustment(BusinessDayConvention.Following, "XX") }).CreateSchedule(BuiltInCalendarProvider.Instance));

    [Fact]
    public void CreateSchedule_AmountTooSmallForCount_ThrowsNamingCount()
    {
        // 0.18 / 12 = 0.015 → 0.02 (away from zero); 11 × 0.02 = 0.22 > 0.18.
        var ex = Assert.Throws<ArgumentException>(() => (Valid() with { Amount = Money.Of(0.18m, "EUR"), InstallmentCount = 12 }).CreateSchedule(BuiltInCalendarProvider.Instance));
        Assert.Equal("InstallmentCount", ex.ParamName);
        Assert.StartsWith(
            "0.18 EUR is too small to split into InstallmentCount 12 installments: the rounded parts of the other installments exceed it, leaving -0.04 EUR for installment 12.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSchedule_PrecedingAdjustmentBeforeStart_Throws()
    {
        // 7 Feb 2026 is a Saturday; Preceding moves the first due date to Friday 6 Feb, before the start date 7 Feb.
        var d = Valid() with
        {
            StartDate = new LocalDate(2026, 2, 7),
            FirstDueDate = new LocalDate(2026, 2, 7),
            DueDateAdjustment = new BusinessDayAdjustment(BusinessDayConvention.Preceding, "ES"),
        };
        var ex = Assert.Throws<ArgumentException>(() => d.CreateSchedule(BuiltInCalendarProvider.Instance));
        Assert.Equal("DueDateAdjustment", ex.ParamName);
    }

    [Fact]
    public void Equals_SameValuesInDifferentLists_Equal()
    {
        var a = Valid() with { Method = AmortizationMethod.ExplicitPercentages, Percentages = [25m, 25m, 25m, 25m] };
        var b = Valid() with { Method = AmortizationMethod.ExplicitPercentages, Percentages = [25m, 25m, 25m, 25m] };
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Percentages = [40m, 20m, 20m, 20m] });
    }

    [Fact]
    public void CreateSchedule_FirstInterestExceedsLevelPayment_RefusesNegativeAmortization()
    {
        // 36 % ACT/360 with a 59-day first period (15 Jan .. 15 Mar) over 120 monthly installments: the first
        // period's interest (1 000 000 × 0.36 × 59/360 = 59 000) exceeds the level payment (about 30 000).
        var d = Valid() with
        {
            Amount = Money.Of(1_000_000m, "EUR"),
            FirstDueDate = new LocalDate(2026, 3, 15),
            InstallmentCount = 120,
            Interest = PlanInterest.ActualDays(0.36m, DayCounts.Actual360),
        };
        var ex = Assert.Throws<ArgumentException>(() => d.CreateSchedule(BuiltInCalendarProvider.Instance));
        Assert.Equal("InstallmentCount", ex.ParamName);
        Assert.Contains("installment 1 has interest 59000.00 on a balance of 1000000", ex.Message, StringComparison.Ordinal);
    }
}
