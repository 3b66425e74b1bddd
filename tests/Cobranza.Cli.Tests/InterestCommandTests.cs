using System.IO;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Cli.Tests;

public sealed class InterestCommandTests
{
    private static readonly string[] SpainExample =
    [
        "interest", "--preset", "ES", "--due", "2025-07-31", "--until", "2025-09-30", "--principal", "10000", "--currency", "EUR",
        "--payment", "2025-08-31:4000",
    ];

    [Fact]
    public void Interest_SpainDocumentedExample_136_26()
    {
        // docs/interest.md "Requests from a preset": Spain, EUR 10,000 due 2025-07-31, EUR 4,000 paid 2025-08-31, until
        // 2025-09-30 at 10.15 % (BOE-A-2025-13217, Ley 3/2004 art. 7.2) → EUR 136.26
        // (10,000 × 0.1015 × 31/365 + 6,000 × 0.1015 × 30/365 = 86.21 + 50.05).
        var result = Cli.Run(SpainExample);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| 1 Aug 2025 | 31 Aug 2025 | 31 | €10,000.00 | 10.15% | ACT/365F | €86.21 |", result.Output);
        Assert.Contains("| 1 Sep 2025 | 30 Sep 2025 | 30 | €6,000.00 | 10.15% | ACT/365F | €50.05 |", result.Output);
        Assert.Contains("| **Total** | **€136.26** |", result.Output);
    }

    [Fact]
    public void Interest_Spanish_TheLibrarysSpanishStatement()
    {
        var result = Cli.Run([.. SpainExample, "--lang", "es"]);

        Assert.Equal(0, result.ExitCode);
        var expected = StatutoryPresets.Spain().CreateRequest(new LocalDate(2025, 7, 31), new LocalDate(2025, 9, 30), Money.Of(10_000m, Currency.EUR),
            [new BalanceChange(new LocalDate(2025, 8, 31), Money.Of(-4_000m, Currency.EUR), "Pago parcial")]);
        Assert.Equal(LateInterestCalculator.Calculate(expected).Render(System.Globalization.CultureInfo.GetCultureInfo("es-ES")), result.Output);
    }

    [Fact]
    public void Interest_Json_SameFiguresAsTheLibraryAndRoundTripsIntoItsTypes()
    {
        var result = Cli.Run([.. SpainExample, "--json"]);
        Assert.Equal(0, result.ExitCode);
        var root = result.Json().RootElement;

        var changes = root.GetProperty("balanceChanges").EnumerateArray()
            .Select(c => new BalanceChange(Cli.Date(c.GetProperty("date")), Cli.Money(c.GetProperty("amount")), c.GetProperty("description").GetString()!))
            .ToList();
        var request = StatutoryPresets.Spain().CreateRequest(Cli.Date(root.GetProperty("dueDate")), Cli.Date(root.GetProperty("calculateUntil")),
            Cli.Money(root.GetProperty("openingBalance")), changes);
        var statement = LateInterestCalculator.Calculate(request);

        Assert.Equal(Money.Of(136.26m, Currency.EUR), Cli.Money(root.GetProperty("total")));
        Assert.Equal(statement.Total, Cli.Money(root.GetProperty("total")));
        Assert.Equal(statement.Interest, Cli.Money(root.GetProperty("interest")));
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(statement.Segments.Count, segments.Count);
        for (var i = 0; i < segments.Count; i++)
        {
            Assert.Equal(statement.Segments[i].Start, Cli.Date(segments[i].GetProperty("start")));
            Assert.Equal(statement.Segments[i].LastDay, Cli.Date(segments[i].GetProperty("lastDay")));
            Assert.Equal(statement.Segments[i].Balance, Cli.Money(segments[i].GetProperty("balance")));
            Assert.Equal(statement.Segments[i].AnnualRate, segments[i].GetProperty("annualRate").GetDecimal());
            Assert.Equal(statement.Segments[i].ExactAmount, segments[i].GetProperty("exactAmount").GetDecimal());
            Assert.Equal(statement.Segments[i].Amount, Cli.Money(segments[i].GetProperty("amount")));
        }
    }

    [Fact]
    public void Interest_PastTheBuiltInTable_LibrarysMessageAndHowToSupplyRates()
    {
        // The built-in Spanish table ends on 2026-06-30 (docs/interest.md "Keeping rates current").
        var result = Cli.Run("interest", "--preset", "ES", "--due", "2026-01-31", "--until", "2026-12-07", "--principal", "10000", "--currency", "EUR");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'ES-LATE-PAYMENT-COMMERCIAL'", result.Error);
        Assert.Contains("2026-07-01", result.Error);
        Assert.Contains("--rates", result.Error);
        Assert.DoesNotContain(" at Cobranza.", result.Error);
    }

    [Fact]
    public void Interest_RatesFile_CombinedIntoThePresetsTable()
    {
        // A host file with a 2026-H2 row (test value 9.50 %, not an official figure) read by ReferenceRateFile and combined
        // into ES-LATE-PAYMENT-COMMERCIAL. 10,000 due 2026-01-31, 4,000 paid 2026-03-01, until 2026-12-07:
        // 10,000 × 0.1015 × 29/365 = 80.6438; 6,000 × 0.1015 × 121/365 = 201.8877; 6,000 × 0.095 × 160/365 = 249.8630;
        // rounded once: 532.39 (docs/interest.md "Minimum and rounding": RoundingPoint.Total).
        var path = Path.GetTempFileName() + ".csv";
        File.WriteAllText(path, "start,end,rate_percent,source,confidence\n2026-07-01,2026-12-31,9.50,TEST-ROW,verified\n");
        try
        {
            var result = Cli.Run("interest", "--preset", "ES", "--due", "2026-01-31", "--until", "2026-12-07", "--principal", "10000",
                "--currency", "EUR", "--payment", "2026-03-01:4000", "--rates", path, "--json");

            Assert.Equal(0, result.ExitCode);
            var root = result.Json().RootElement;
            Assert.Equal(Money.Of(532.39m, Currency.EUR), Cli.Money(root.GetProperty("interest")));
            var last = root.GetProperty("segments").EnumerateArray().Last();
            Assert.Equal(0.095m, last.GetProperty("annualRate").GetDecimal());
            Assert.Contains("TEST-ROW", last.GetProperty("rateSource").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Interest_MalformedRatesFile_LoadersMessageNamesFileAndValue()
    {
        // docs/interest.md "Keeping rates current": errors are FormatExceptions naming the file, the line and the value.
        var path = Path.GetTempFileName() + ".csv";
        File.WriteAllText(path, "start,end,rate_percent\n2026-07-01,2026-12-31,ten\n");
        try
        {
            var result = Cli.Run([.. SpainExample, "--rates", path]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(Path.GetFileName(path), result.Error);
            Assert.Contains("ten", result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Interest_Fee_ThePresetsFortyEuros()
    {
        // Ley 3/2004 art. 8.1: EUR 40 compensation for recovery costs, carried as a fee line (docs/interest.md §4).
        var result = Cli.Run([.. SpainExample, "--fee", "--json"]);

        Assert.Equal(0, result.ExitCode);
        var root = result.Json().RootElement;
        Assert.Equal(Money.Of(40m, Currency.EUR), Cli.Money(root.GetProperty("feesTotal")));
        Assert.Equal(Money.Of(176.26m, Currency.EUR), Cli.Money(root.GetProperty("total")));
    }

    [Theory]
    [InlineData("--payment", "2025-08-31", "--payment must be DATE:AMOUNT")]
    [InlineData("--rates", "/nonexistent/rates.csv", "--rates: no file '/nonexistent/rates.csv'.")]
    public void Interest_BadValue_MessageNamesOption(string option, string value, string expected)
    {
        var result = Cli.Run([.. SpainExample, option, value]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Interest_UnknownPreset_ListsThePresets()
    {
        var result = Cli.Run("interest", "--preset", "XX", "--due", "2025-07-31", "--until", "2025-09-30", "--principal", "1", "--currency", "EUR");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--preset must be one of ES, EU, DE, DE-CONSUMER, FR, IT, PT, GB, CO, MX (was 'XX').", result.Error);
    }

    [Fact]
    public void Interest_PaymentBeforeTheDueDate_LibrarysMessage()
    {
        // docs/interest.md "Bad input": a change dated before the due date → ArgumentException naming the change and the due date.
        var result = Cli.Run("interest", "--preset", "ES", "--due", "2025-07-31", "--until", "2025-09-30", "--principal", "10000",
            "--currency", "EUR", "--payment", "2025-07-01:100");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2025-07-31", result.Error);
    }
}
