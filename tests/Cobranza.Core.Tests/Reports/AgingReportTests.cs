using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Reports;
using NodaTime;
using static Cobranza.Core.Tests.Reports.ReportsTestData;

namespace Cobranza.Core.Tests.Reports;

public sealed class AgingReportTests
{
    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static (int Count, decimal Amount)[] Lines(CurrencyAging section) =>
        section.Lines.Select(l => (l.Count, l.Amount.Amount)).ToArray();

    [Fact]
    public void ForAccount_Include_HandWorkedBuckets()
    {
        // Hand-worked: see ReportsTestData.Example for the day counts of each item.
        var report = AgingReport.ForAccount(Example(), AsOf, new AgingOptions { Disputed = DisputedItems.Include });
        var section = report.SingleSection();
        Assert.Equal(
            new[] { (2, 350.50m), (1, 200m), (1, 312.34m), (1, 80m), (1, 50m), (1, 600m) },
            Lines(section));
        Assert.Equal(0, section.DisputedCount);
        Assert.Equal(7, section.TotalCount);
        Assert.Equal(Eur(1592.84m), section.Total);
        Assert.Equal(Example().Outstanding, section.OpenBalance);
        Assert.Equal(Eur(25m), section.UnappliedCredit);
        Assert.Equal(Eur(1567.84m), section.NetBalance);
    }

    [Fact]
    public void ForAccount_DefaultSeparate_DisputedOutOfBucketsButInTotal()
    {
        var section = AgingReport.ForAccount(Example(), AsOf).SingleSection();
        Assert.Equal(
            new[] { (2, 350.50m), (1, 200m), (1, 312.34m), (0, 0m), (1, 50m), (1, 600m) },
            Lines(section));
        Assert.Equal(1, section.DisputedCount);
        Assert.Equal(Eur(80m), section.Disputed);
        Assert.Equal(Eur(1592.84m), section.Total);
        Assert.Equal(section.OpenBalance, section.Total);
    }

    [Fact]
    public void ForAccount_Exclude_TotalPlusDisputedIsOpenBalance()
    {
        var section = AgingReport.ForAccount(Example(), AsOf, new AgingOptions { Disputed = DisputedItems.Exclude }).SingleSection();
        Assert.Equal(6, section.TotalCount);
        Assert.Equal(Eur(1512.84m), section.Total);
        Assert.Equal(Eur(80m), section.Disputed);
        Assert.Equal(Eur(1592.84m), section.OpenBalance);
    }

    [Fact]
    public void ForAccount_InvoiceDateBasis_AgesFromIssueDate()
    {
        // Issued 2026-03-01, due 2026-04-30: 30 days since the invoice on 2026-03-31 (1–30), current by due date.
        var account = Account("X", Currency.EUR, Item("I", new LocalDate(2026, 4, 30), 10m, issued: new LocalDate(2026, 3, 1)));
        var byInvoice = AgingReport.ForAccount(account, AsOf, new AgingOptions { Basis = AgingBasis.InvoiceDate }).SingleSection();
        var byDue = AgingReport.ForAccount(account, AsOf).SingleSection();
        Assert.Equal(1, byInvoice.Lines[1].Count);
        Assert.Equal(1, byDue.Lines[0].Count);
    }

    [Theory]
    [InlineData(0, 0)] // the due date itself is day 0: current
    [InlineData(-1, 0)] // not yet due
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(120, 4)]
    [InlineData(121, 5)]
    [InlineData(5000, 5)]
    public void ForEntries_DefaultBucketBoundaries_DayFallsInExpectedBucket(int daysPastDue, int expectedBucket)
    {
        var entry = new AgingEntry(Eur(1m), AsOf.PlusDays(-daysPastDue), AsOf.PlusDays(-daysPastDue - 10));
        var section = AgingReport.ForEntries([entry], AsOf).SingleSection();
        Assert.Equal(1, section.Lines[expectedBucket].Count);
        Assert.Equal(expectedBucket, AgingBuckets.Default.IndexOf(daysPastDue));
    }

    [Fact]
    public void ForEntries_TwoCurrencies_NeverSummedAcross()
    {
        var entries = new[]
        {
            new AgingEntry(Eur(10m), AsOf, AsOf),
            new AgingEntry(Money.Of(1000m, Currency.COP), AsOf.PlusDays(-45), AsOf.PlusDays(-75)),
            new AgingEntry(Eur(5.5m), AsOf.PlusDays(-45), AsOf.PlusDays(-75)),
        };
        var report = AgingReport.ForEntries(entries, AsOf);
        Assert.Equal(new[] { Currency.COP, Currency.EUR }, report.Sections.Select(s => s.Currency));
        Assert.Equal(Money.Of(1000m, Currency.COP), report.Sections[0].Total);
        Assert.Equal(Eur(15.5m), report.Sections[1].Total);
        Assert.True(report.TryGetSection(Currency.EUR, out var eur));
        Assert.Equal(Eur(5.5m), eur.Lines[2].Amount);
        Assert.False(report.TryGetSection(Currency.USD, out _));
        var ex = Assert.Throws<InvalidOperationException>(() => report.SingleSection());
        Assert.Equal("The aging report has 2 currencies (COP, EUR) where one is required; amounts in different currencies are never added.", ex.Message);
    }

    [Fact]
    public void ForEntries_RequiredCurrencyAndAnotherOne_Throws()
    {
        var entries = new[] { new AgingEntry(Eur(10m), AsOf, AsOf), new AgingEntry(Money.Of(3m, Currency.USD), AsOf, AsOf) };
        var ex = Assert.Throws<ArgumentException>(() => AgingReport.ForEntries(entries, AsOf, new AgingOptions { RequiredCurrency = Currency.EUR }));
        Assert.StartsWith("every item must be in EUR (AgingOptions.RequiredCurrency) but one is in USD.", ex.Message);
    }

    [Fact]
    public void ForPortfolio_RequiredCurrencyAndAccountInAnother_ThrowsNamingAccount()
    {
        var accounts = new[] { Account("A1", Currency.EUR), Account("A2", Currency.USD) };
        var ex = Assert.Throws<ArgumentException>(() => AgingReport.ForPortfolio(accounts, AsOf, new AgingOptions { RequiredCurrency = Currency.EUR }));
        Assert.StartsWith("every account must be in EUR (AgingOptions.RequiredCurrency) but account 'A2' is in USD.", ex.Message);
    }

    [Fact]
    public void ForPortfolio_RequiredCurrencyAndNothingOpen_OneEmptySection()
    {
        var section = AgingReport.ForPortfolio([], AsOf, new AgingOptions { RequiredCurrency = Currency.EUR }).SingleSection();
        Assert.Equal(Eur(0m), section.Total);
        Assert.All(section.Lines, l => Assert.Equal(0, l.Count));
    }

    [Fact]
    public void ForPortfolio_NullAccount_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => AgingReport.ForPortfolio([Example(), null!], AsOf));
        Assert.Equal("accounts", ex.ParamName);
        Assert.Contains("accounts[1] is null.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForEntries_DefaultEntry_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingReport.ForEntries(new AgingEntry[2], AsOf));
        Assert.StartsWith("entries[0] is default(AgingEntry)", ex.Message);
    }

    [Fact]
    public void AgingEntry_NegativeOrInvoiceAfterDue_Throws()
    {
        var negative = Assert.Throws<ArgumentException>(() => new AgingEntry(Eur(-1m), AsOf, AsOf));
        Assert.StartsWith("outstanding must not be negative (was -1.00 EUR).", negative.Message);
        var dates = Assert.Throws<ArgumentException>(() => new AgingEntry(Eur(1m), AsOf, AsOf.PlusDays(1)));
        Assert.StartsWith("invoiceDate (2026-04-01) must not be after dueDate (2026-03-31).", dates.Message);
    }

    [Fact]
    public void ForEntries_FractionalMinorUnits_FallBackToExactDecimal()
    {
        // 0.005 EUR is not a whole number of cents: it takes the decimal path; the sum stays exact.
        var entries = new[] { new AgingEntry(Eur(0.005m), AsOf, AsOf), new AgingEntry(Eur(1.01m), AsOf, AsOf), new AgingEntry(Eur(2.1m), AsOf, AsOf) };
        Assert.Equal(3.115m, AgingReport.ForEntries(entries, AsOf).SingleSection().Lines[0].Amount.Amount);
    }

    [Fact]
    public void ForEntries_ManyDistinctDates_SameAsDayByDayReference()
    {
        // 20,000 distinct due dates (more than the date cache holds) over ±27 years, 1 cent each; the expected counts
        // come from NodaTime's Period.DaysBetween and the bucket bounds, independently of the accumulator.
        var entries = new AgingEntry[20_000];
        var expected = new int[AgingBuckets.Default.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            var due = AsOf.PlusDays(((i * 7919) % 20_000) - 10_000);
            entries[i] = new AgingEntry(Eur(0.01m), due, due);
            expected[AgingBuckets.Default.IndexOf(Period.DaysBetween(due, AsOf))]++;
        }

        var section = AgingReport.ForEntries(entries, AsOf).SingleSection();
        Assert.Equal(expected, section.Lines.Select(l => l.Count).ToArray());
        Assert.Equal(Eur(200m), section.Total);
    }

    [Fact]
    public void ForEntries_ZeroOwed_Skipped()
    {
        var section = AgingReport.ForEntries([new AgingEntry(Eur(0m), AsOf, AsOf), new AgingEntry(Eur(3m), AsOf, AsOf)], AsOf).SingleSection();
        Assert.Equal(1, section.OpenItems);
    }

    [Fact]
    public void ForItems_SameAsForAccount()
    {
        var account = Example();
        var byItems = AgingReport.ForItems(account.Items, AsOf).SingleSection();
        var byAccount = AgingReport.ForAccount(account, AsOf).SingleSection();
        Assert.Equal(Lines(byAccount), Lines(byItems));
        Assert.Equal(Eur(0m), byItems.UnappliedCredit);
    }

    [Fact]
    public void AgingOptions_UndefinedEnums_Throw()
    {
        var basis = Assert.Throws<ArgumentOutOfRangeException>(() => new AgingOptions { Basis = (AgingBasis)7 });
        Assert.StartsWith("Basis must be DueDate or InvoiceDate (was 7).", basis.Message);
        var disputed = Assert.Throws<ArgumentOutOfRangeException>(() => new AgingOptions { Disputed = (DisputedItems)9 });
        Assert.StartsWith("Disputed must be Include, Separate or Exclude (was 9).", disputed.Message);
        Assert.Throws<ArgumentNullException>(() => new AgingOptions { Buckets = null! });
    }
}
