using System;
using System.Collections.Immutable;
using Cobranza.Core.Receivables;
using Cobranza.Core.Reports;
using NodaTime;
using static Cobranza.Core.Tests.Reports.ReportsTestData;

namespace Cobranza.Core.Tests.Reports;

public sealed class DaysSalesOutstandingTests
{
    private static readonly ReportPeriod Q1 = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31));

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static PaymentAllocation Principal(string itemId, decimal amount) =>
        new(itemId, Eur(0m), Eur(0m), Eur(amount), Eur(0m));

    /// <summary>
    /// Q1 2026 (90 days). X1: issued 2025-12-15, paid in full 2026-01-20 (not a sale of the period, nothing owed at
    /// the end). X2: issued 2026-01-10, 2,000, 500 paid 2026-02-10 → owes 1,500 at the end. X3: issued 2026-02-01,
    /// 3,000 less a 200 credit note, 1,000 paid 2026-04-05 (after the period) → owed 2,800 at the end. X4: issued
    /// 2026-04-02, after the period. Receivables 4,300, sales 4,800.
    /// </summary>
    internal static CustomerAccount Q1Account(string id = "D1") =>
        new(
            id,
            Currency.EUR,
            Customer(id),
            ImmutableArray.Create(
                new AccountItem("X1", "F1", 0, new LocalDate(2025, 12, 15), new LocalDate(2026, 1, 14), Eur(1000m), principalPaid: Eur(1000m), settledOn: new LocalDate(2026, 1, 20)),
                new AccountItem("X2", "F2", 0, new LocalDate(2026, 1, 10), new LocalDate(2026, 2, 9), Eur(2000m), principalPaid: Eur(500m)),
                new AccountItem("X3", "F3", 0, new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 3), Eur(3000m), principalPaid: Eur(1000m), credited: Eur(200m)),
                new AccountItem("X4", "F4", 0, new LocalDate(2026, 4, 2), new LocalDate(2026, 5, 2), Eur(5000m))),
            ImmutableArray.Create(
                new AccountPayment("P0", new LocalDate(2026, 1, 20), Eur(1000m), "transfer", ImmutableArray.Create(Principal("X1", 1000m))),
                new AccountPayment("P1", new LocalDate(2026, 2, 10), Eur(500m), "transfer", ImmutableArray.Create(Principal("X2", 500m))),
                new AccountPayment("P2", new LocalDate(2026, 4, 5), Eur(1000m), "transfer", ImmutableArray.Create(Principal("X3", 1000m)))));

    [Fact]
    public void Compute_QuickBooksExample_20Point67Days()
    {
        // Intuit QuickBooks, "Days sales outstanding": January, receivables 300,000, sales 450,000, 31 days
        // → 300,000 / 450,000 × 31 = 20.67 days.
        var dso = DaysSalesOutstanding.Compute(Eur(300_000m), Eur(450_000m), new ReportPeriod(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)));
        Assert.Equal(31, dso.Period.Days);
        Assert.Equal(20.67m, dso.Rounded(2, MidpointRounding.AwayFromZero));
        Assert.Equal(300_000m * 31 / 450_000m, dso.Value);
    }

    [Fact]
    public void Compute_YearExample_91Point25Days()
    {
        // Standard DSO formula (receivables / credit sales × days): 50,000 / 200,000 × 365 = 91.25 days.
        var dso = DaysSalesOutstanding.Compute(Eur(50_000m), Eur(200_000m), new ReportPeriod(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)));
        Assert.Equal(91.25m, dso.Value);
    }

    [Fact]
    public void ForAccount_HandWorked_80Point625Days()
    {
        // DSO = 4,300 / 4,800 × 90 = 80.625 (see Q1Account for the figures).
        var dso = DaysSalesOutstanding.ForAccount(Q1Account(), Q1);
        Assert.Equal(Eur(4300m), dso.ReceivablesAtEnd);
        Assert.Equal(Eur(4800m), dso.CreditSales);
        Assert.Equal(90, dso.Period.Days);
        Assert.Equal(80.625m, dso.Value);
        Assert.Equal(80.63m, dso.Rounded(2, MidpointRounding.AwayFromZero));
        Assert.Equal(80.62m, dso.Rounded(2, MidpointRounding.ToEven));
    }

    [Fact]
    public void ForPortfolio_PerCurrency_SumsFiguresThenAppliesFormula()
    {
        // EUR: Q1Account (4,300 / 4,800) + an account owing 1,200 issued 2026-03-01 → 5,500 / 6,000 × 90 = 82.5;
        // USD: 100 / 100 × 90 = 90.
        var extra = Account("D2", Currency.EUR, Item("Y", new LocalDate(2026, 3, 31), 1200m, issued: new LocalDate(2026, 3, 1)));
        var usd = Account("D3", Currency.USD, Item("Z", new LocalDate(2026, 4, 14), 100m, Currency.USD, issued: new LocalDate(2026, 3, 15)));
        var result = DaysSalesOutstanding.ForPortfolio([usd, Q1Account(), extra], Q1);
        Assert.Equal(2, result.Length);
        Assert.Equal(Currency.EUR, result[0].Currency);
        Assert.Equal(82.5m, result[0].Value);
        Assert.Equal(Currency.USD, result[1].Currency);
        Assert.Equal(90m, result[1].Value);
        Assert.Equal(82.5m, DaysSalesOutstanding.ForPortfolio([Q1Account(), extra], Q1, Currency.EUR).Value);
        var ex = Assert.Throws<ArgumentException>(() => DaysSalesOutstanding.ForPortfolio([Q1Account(), usd], Q1, Currency.EUR));
        Assert.StartsWith("every account must be in EUR but account 'D3' (accounts[1]) is in USD.", ex.Message);
    }

    [Fact]
    public void ForAccount_NoSalesInPeriod_Undefined()
    {
        var dso = DaysSalesOutstanding.ForAccount(Q1Account(), new ReportPeriod(new LocalDate(2025, 6, 1), new LocalDate(2025, 6, 30)));
        Assert.Null(dso.Value);
        Assert.Null(dso.Rounded(1, MidpointRounding.AwayFromZero));
        Assert.Equal("DSO 2025-06-01..2025-06-30: 0.00 EUR / 0.00 EUR × 30 = undefined", dso.ToString());
    }

    [Fact]
    public void ReportPeriod_EndBeforeStart_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReportPeriod(new LocalDate(2026, 3, 31), new LocalDate(2026, 3, 1)));
        Assert.StartsWith("end (2026-03-01) must not be before start (2026-03-31).", ex.Message);
        Assert.Equal("end", ex.ParamName);
        Assert.Equal(1, new ReportPeriod(Q1.End, Q1.End).Days);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportPeriod.Ending(Q1.End, 0));
    }

    [Fact]
    public void Compute_BadAmounts_Throw()
    {
        var negative = Assert.Throws<ArgumentException>(() => DaysSalesOutstanding.Compute(Eur(-1m), Eur(10m), Q1));
        Assert.StartsWith("receivablesAtEnd must not be negative (was -1.00 EUR).", negative.Message);
        var mixed = Assert.Throws<ArgumentException>(() => DaysSalesOutstanding.Compute(Eur(1m), Money.Of(10m, Currency.USD), Q1));
        Assert.StartsWith("receivablesAtEnd (1.00 EUR) and creditSales (10.00 USD) must be in the same currency.", mixed.Message);
        Assert.Throws<ArgumentException>(() => DaysSalesOutstanding.Compute(default, Eur(10m), Q1));
    }
}
