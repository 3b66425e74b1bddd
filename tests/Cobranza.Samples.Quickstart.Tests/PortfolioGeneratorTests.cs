using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Samples.Quickstart.Portfolio;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

public sealed class PortfolioGeneratorTests
{
    private static readonly LocalDate Start = new(2025, 12, 1);

    [Fact]
    public void Customers_SameSeed_SamePortfolio()
    {
        var a = new PortfolioGenerator(7, 90, Start);
        var b = new PortfolioGenerator(7, 90, Start);
        Assert.Equal(a.Customers(), b.Customers());
        Assert.Equal(a.OpeningItems(a.Customers()), b.OpeningItems(b.Customers()));
        Assert.Equal(a.ItemsIssuedOn(Start.PlusDays(4), a.Customers()), b.ItemsIssuedOn(Start.PlusDays(4), b.Customers()));
    }

    [Fact]
    public void Customers_OtherSeed_OtherPortfolio()
    {
        var a = new PortfolioGenerator(7, 90, Start);
        var b = new PortfolioGenerator(8, 90, Start);
        Assert.NotEqual(a.OpeningItems(a.Customers()).Select(i => i.Amount), b.OpeningItems(b.Customers()).Select(i => i.Amount));
    }

    [Fact]
    public void ItemsIssuedOn_DependsOnlyOnSeedAndDay_NotOnCallOrder()
    {
        // A resumed simulation draws day 10 without having drawn days 0-9 in the same process.
        var fresh = new PortfolioGenerator(11, 300, Start);
        var customers = fresh.Customers();
        var direct = fresh.ItemsIssuedOn(Start.PlusDays(10), customers);
        var walked = new PortfolioGenerator(11, 300, Start);
        for (int d = 0; d < 10; d++)
        {
            walked.ItemsIssuedOn(Start.PlusDays(d), customers);
        }

        Assert.NotEmpty(direct);
        Assert.Equal(direct, walked.ItemsIssuedOn(Start.PlusDays(10), customers));
    }

    [Fact]
    public void Customers_ThreeCountries_ZoneCalendarAndCurrencyMatch()
    {
        var customers = new PortfolioGenerator(1, 300, Start).Customers();
        Assert.Equal(300, customers.Count);
        Assert.Equal(300, customers.Select(c => c.AccountId).Distinct().Count());
        Assert.All(customers, c => Assert.Equal(
            c.CalendarId switch { "ES" => ("Europe/Madrid", "EUR"), "CO" => ("America/Bogota", "COP"), _ => ("America/Mexico_City", "MXN") },
            (c.TimeZoneId, c.Currency.Code)));
        Assert.Equal(100, customers.Count(c => c.CalendarId == "ES"));
        Assert.Equal(100, customers.Count(c => c.CalendarId == "CO"));
        Assert.Equal(100, customers.Count(c => c.CalendarId == "MX"));
        Assert.Equal(4, customers.Select(c => c.Payer).Distinct().Count());
    }

    [Fact]
    public void OpeningItems_DueDates_AreBusinessDaysOfTheCustomersCalendar()
    {
        var generator = new PortfolioGenerator(3, 60, Start);
        var customers = generator.Customers().ToDictionary(c => c.AccountId);
        var items = generator.OpeningItems(customers.Values.ToList());
        Assert.NotEmpty(items);
        Assert.All(items, item =>
        {
            var calendar = BusinessCalendars.Of(customers[item.AccountId].CalendarId);
            Assert.True(calendar.IsBusinessDay(item.DueDate), $"{item.ItemId} is due on {item.DueDate}, not a business day in {calendar.Id}");
            Assert.True(item.IssueDate < Start && item.IssueDate >= Start.PlusDays(-75));
            Assert.True(item.Amount.IsPositive && item.Amount.IsRoundedToMinorUnit);
        });
        Assert.True(items.Select(i => i.Terms).Distinct().Count() >= 5, "the portfolio uses varied payment terms");
        // Instalment terms ("30/60", "30/60/90") split an invoice into portions that add up to its gross amount.
        Assert.Contains(items, i => i.PortionIndex > 0);
    }

    [Fact]
    public void Constructor_CustomerCountOutOfRange_NamesArgumentAndValue()
    {
        var ex = Assert.Throws<System.ArgumentOutOfRangeException>(() => new PortfolioGenerator(1, 0, Start));
        Assert.Equal("customerCount", ex.ParamName);
        Assert.Contains("(was 0)", ex.Message, System.StringComparison.Ordinal);
    }
}
