using System;
using System.Linq;
using Cobranza.Core.Receivables;
using Cobranza.Core.Reports;
using NodaTime;
using static Cobranza.Core.Tests.Reports.ReportsTestData;

namespace Cobranza.Core.Tests.Reports;

public sealed class PaymentProfileTests
{
    private static AccountItem Settled(string id, LocalDate due, decimal amount, int daysLate) =>
        Item(id, due, amount, paid: amount, settledOn: due.PlusDays(daysLate));

    /// <summary>100 on time, 100 ten days late, 800 twenty days late.</summary>
    private static CustomerAccount LatePayer(params AccountItem[] extra)
    {
        var items = new[]
        {
            Settled("S1", new LocalDate(2026, 1, 10), 100m, 0),
            Settled("S2", new LocalDate(2026, 1, 20), 100m, 10),
            Settled("S3", new LocalDate(2026, 2, 1), 800m, 20),
        };
        return Account("L", Currency.EUR, [.. items, .. extra]);
    }

    [Fact]
    public void CustomerPaymentProfile_SameFigures_AreEqualWithEqualHashCodes()
    {
        // Two profiles of the same account on the same date carry the same reasons in different arrays: a record's
        // synthesized equality would compare those arrays by reference and call them different.
        var first = CustomerPaymentProfile.Of(LatePayer(), AsOf);
        var second = CustomerPaymentProfile.Of(LatePayer(), AsOf);
        Assert.NotEmpty(first.Reasons);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, CustomerPaymentProfile.Of(LatePayer(), AsOf.PlusDays(1)));
    }

    [Fact]
    public void PaymentBehaviour_AmountWeighted_HandComputed()
    {
        // By count: (0 + 10 + 20) / 3 = 10 days; by amount: (100×0 + 100×10 + 800×20) / 1,000 = 17 days.
        // On time: 1 of 3 items; 100 of 1,000 by amount.
        var b = PaymentBehaviour.Of(LatePayer(), AsOf);
        Assert.Equal(3, b.SettledItems);
        Assert.Equal(10m, b.AverageDaysLate);
        Assert.Equal(17m, b.AverageDaysLateByAmount);
        Assert.Equal(0.1m, b.OnTimeShareByAmount);
        Assert.Equal(1m / 3m, b.OnTimeShare);
        Assert.Equal(20, b.MaxDaysLate);
    }

    [Fact]
    public void PaymentBehaviour_Window_OnlySettlementsInsideCount()
    {
        // S1 settled 2026-01-10, S2 2026-01-30, S3 2026-02-21: the window 2026-01-15..2026-02-20 holds S2 only.
        var b = PaymentBehaviour.Of(LatePayer(), new LocalDate(2026, 1, 15), new LocalDate(2026, 2, 20));
        Assert.Equal(1, b.SettledItems);
        Assert.Equal(10m, b.AverageDaysLateByAmount);
        var ex = Assert.Throws<ArgumentException>(() => PaymentBehaviour.Of(LatePayer(), new LocalDate(2026, 2, 20), new LocalDate(2026, 1, 15)));
        Assert.StartsWith("to (2026-01-15) must not be before from (2026-02-20).", ex.Message);
    }

    [Fact]
    public void PaymentBehaviour_Combine_AddsCountsAndAmounts()
    {
        var b = PaymentBehaviour.Of(LatePayer(), AsOf);
        var twice = b.Combine(b);
        Assert.Equal(6, twice.SettledItems);
        Assert.Equal(2000m, twice.SettledAmount);
        Assert.Equal(17m, twice.AverageDaysLateByAmount);
        Assert.Equal(20, twice.MaxDaysLate);
    }

    [Fact]
    public void Of_NewCustomer_NoHistoryAndDeposit30Percent()
    {
        var profile = CustomerPaymentProfile.Of(Account("N", Currency.EUR, Item("O", new LocalDate(2026, 4, 30), 500m)), AsOf);
        Assert.Equal(CreditSignal.NoHistory, profile.Signal);
        Assert.Equal(new[] { CreditReason.NoHistory }, profile.Reasons.ToArray());
        Assert.Equal(0.3m, profile.RecommendedDepositShare); // CreditSignalOptions.NoHistoryDepositShare default
        Assert.True(profile.RecommendsDeposit);
        Assert.Equal(1, profile.OpenItems);
    }

    [Fact]
    public void Of_PunctualCustomer_GoodAndNoDeposit()
    {
        var account = Account("G", Currency.EUR,
            Settled("S1", new LocalDate(2026, 1, 10), 100m, 0), Settled("S2", new LocalDate(2026, 2, 10), 100m, -3), Settled("S3", new LocalDate(2026, 3, 10), 100m, 0));
        var profile = CustomerPaymentProfile.Of(account, AsOf);
        Assert.Equal(CreditSignal.Good, profile.Signal);
        Assert.Empty(profile.Reasons);
        Assert.False(profile.RecommendsDeposit);
    }

    [Fact]
    public void Of_LatePayer_RiskyWithEveryReasonAndDeposit50Percent()
    {
        // 17 days late by amount > 15 (risky); 1/3 on time < 0.7 (risky).
        var profile = CustomerPaymentProfile.Of(LatePayer(), AsOf);
        Assert.Equal(CreditSignal.Risky, profile.Signal);
        Assert.Equal(
            new[] { CreditReason.AverageDaysLateAboveWatch, CreditReason.AverageDaysLateAboveRisky, CreditReason.OnTimeShareBelowWatch, CreditReason.OnTimeShareBelowRisky },
            profile.Reasons.ToArray());
        Assert.Equal(0.5m, profile.RecommendedDepositShare);
    }

    [Theory]
    [InlineData(30, CreditSignal.Good)] // exactly at the watch threshold: not above it
    [InlineData(31, CreditSignal.Watch)]
    [InlineData(60, CreditSignal.Watch)]
    [InlineData(61, CreditSignal.Risky)]
    public void Of_OldestOverdueItem_CrossesThresholdsStrictly(int daysOverdue, CreditSignal expected)
    {
        var account = Account("O", Currency.EUR,
            Settled("S1", new LocalDate(2026, 1, 10), 100m, 0), Settled("S2", new LocalDate(2026, 2, 10), 100m, 0), Settled("S3", new LocalDate(2026, 3, 10), 100m, 0),
            Item("OPEN", AsOf.PlusDays(-daysOverdue), 40m),
            Item("DISPUTED", AsOf.PlusDays(-200), 90m, disputed: true));
        var profile = CustomerPaymentProfile.Of(account, AsOf);
        Assert.Equal(expected, profile.Signal);
        Assert.Equal(daysOverdue, profile.OldestOverdueDays); // the disputed item, 200 days overdue, is not counted
        Assert.Equal(2, profile.OverdueItems);
        Assert.Equal(Money.Of(130m, Currency.EUR), profile.OverdueBalance);
        Assert.Equal(1, profile.DisputedItems);
    }

    [Fact]
    public void Of_SettlementsBeforeWindow_NoHistory()
    {
        var account = Account("W", Currency.EUR,
            Settled("S1", new LocalDate(2024, 1, 10), 100m, 0), Settled("S2", new LocalDate(2024, 2, 10), 100m, 0), Settled("S3", new LocalDate(2024, 3, 10), 100m, 0));
        var profile = CustomerPaymentProfile.Of(account, AsOf);
        Assert.Equal(CreditSignal.NoHistory, profile.Signal);
        Assert.Equal(new LocalDate(2025, 4, 1), profile.Window.Start); // 365 days ending 2026-03-31, both included
        var longWindow = CustomerPaymentProfile.Of(account, AsOf, new CreditSignalOptions { WindowDays = 1000 });
        Assert.Equal(CreditSignal.Good, longWindow.Signal);
    }

    [Fact]
    public void CreditSignalOptions_Contradictory_ListsEveryError()
    {
        var options = new CreditSignalOptions { RiskyAverageDaysLate = 2m, RiskyOnTimeShare = 0.95m, RiskyOverdueDays = 10 };
        var ex = Assert.Throws<ArgumentException>(() => CustomerPaymentProfile.Of(LatePayer(), AsOf, options));
        Assert.StartsWith(
            "Invalid credit signal options: RiskyAverageDaysLate (2) must not be below WatchAverageDaysLate (5); " +
            "RiskyOnTimeShare (0.95) must not be above WatchOnTimeShare (0.9); RiskyOverdueDays (10) must not be below WatchOverdueDays (30).",
            ex.Message);
    }

    [Fact]
    public void CreditSignalOptions_OutOfRange_Throws()
    {
        var share = Assert.Throws<ArgumentOutOfRangeException>(() => new CreditSignalOptions { RiskyDepositShare = 1.5m });
        Assert.StartsWith("RiskyDepositShare must be between 0 and 1 (was 1.5).", share.Message);
        var window = Assert.Throws<ArgumentOutOfRangeException>(() => new CreditSignalOptions { WindowDays = 0 });
        Assert.StartsWith("WindowDays must be positive (was 0).", window.Message);
    }

    [Fact]
    public void CurrencyPaymentBehaviour_ForPortfolio_PerCurrency()
    {
        var usd = Account("U", Currency.USD, Item("U1", new LocalDate(2026, 1, 10), 10m, Currency.USD, paid: 10m, settledOn: new LocalDate(2026, 1, 15)));
        var result = CurrencyPaymentBehaviour.ForPortfolio([LatePayer(), usd, LatePayer()], new ReportPeriod(new LocalDate(2025, 4, 1), AsOf));
        Assert.Equal(2, result.Length);
        Assert.Equal(Currency.EUR, result[0].Currency);
        Assert.Equal(2, result[0].Accounts);
        Assert.Equal(6, result[0].Behaviour.SettledItems);
        Assert.Equal(Currency.USD, result[1].Currency);
        Assert.Equal(5, result[1].Behaviour.MaxDaysLate);
    }
}
