using System.Linq;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using NodaTime;

namespace Cobranza.Cli.Tests;

public sealed class TermsCommandTests
{
    [Fact]
    public void Terms_PaymentDaysExcludedAugustAndSpanishCalendar_DocumentedDueDates()
    {
        // docs/payment-terms.md §3 worked example (test Create_PaymentDaysExcludedAugustAndSpanishCalendar_AppliedInOrder):
        // invoice 1 Jun 2026, 40/30/30 at net 30/60/90, payment days 5 and 20, no payments in August (move to the 5th),
        // Following on the Spanish calendar → Mon 6 Jul, Mon 7 Sep, Mon 7 Sep 2026.
        var result = Cli.Run("terms", "40% Net 30, 30% Net 60, 30% Net 90", "--invoice-date", "2026-06-01", "--amount", "1000",
            "--currency", "EUR", "--payment-days", "5,20", "--exclude-month", "8:5", "--calendar", "ES", "--json");

        Assert.Equal(0, result.ExitCode);
        var portions = result.Json().RootElement.GetProperty("portions").EnumerateArray().ToList();
        Assert.Equal(
            [new LocalDate(2026, 7, 6), new LocalDate(2026, 9, 7), new LocalDate(2026, 9, 7)],
            portions.Select(p => Cli.Date(p.GetProperty("dueDate"))));
        Assert.Equal(new LocalDate(2026, 9, 5), Cli.Date(portions[2].GetProperty("unadjustedDueDate")));
    }

    [Fact]
    public void Terms_ThirtySixtyNinety_DocumentedAmountsAndDates()
    {
        // docs/payment-terms.md §5 "Meaning": 30/60/90 on 1 000,00 € invoiced 14 Jan 2026 → 333,33 / 333,33 / 333,34 €
        // due 13 Feb, 15 Mar, 14 Apr 2026.
        var result = Cli.Run("terms", "30/60/90", "--invoice-date", "2026-01-14", "--amount", "1000.00", "--currency", "EUR", "--lang", "es");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("33,33 % (333,33 €) vence el 13/02/2026; 33,33 % (333,33 €) vence el 15/03/2026; 33,33 % (333,34 €) vence el 14/04/2026.", result.Output);
    }

    [Theory]
    // docs/payment-terms.md §6 table: Net 30, 10 000,00 + 2 100,00 invoiced 15 Dec 2026.
    [InlineData("es", "12.100,00 € vence el 14/01/2027.")]
    [InlineData("en", "€12,100.00 due 14 Jan 2027.")]
    public void Terms_Net30_DocumentedTermsText(string language, string expected)
    {
        var result = Cli.Run("terms", "Net 30", "--invoice-date", "2026-12-15", "--amount", "12100", "--tax", "2100", "--currency", "EUR", "--lang", language);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Output);
    }

    [Fact]
    public void Terms_Json_SameFiguresAsTheLibraryAndRoundTripsIntoItsTypes()
    {
        var result = Cli.Run("terms", "30/60/90", "--invoice-date", "2026-03-15", "--amount", "12100", "--currency", "EUR",
            "--calendar", "ES", "--payment-days", "5,20", "--exclude-month", "8", "--json");
        Assert.Equal(0, result.ExitCode);
        var root = result.Json().RootElement;

        // Round trip: the terms and the customer settings in the output are the library's JSON formats.
        var terms = PaymentTermsJson.Deserialize(root.GetProperty("terms").GetRawText());
        Assert.Equal(PaymentTermsNotation.Parse("30/60/90"), terms);
        var customer = PaymentTermsJson.DeserializeCustomer(root.GetProperty("customer").GetRawText());
        Assert.Equal(new CustomerPaymentSettings([5, 20], [ExcludedPeriod.Month(8)], new BusinessDayAdjustment(BusinessDayConvention.Following, "ES")), customer);
        var invoiceJson = root.GetProperty("invoice");
        var invoice = new Invoice("X", "C", Cli.Date(invoiceJson.GetProperty("issueDate")), Cli.Money(invoiceJson.GetProperty("net")),
            Cli.Money(invoiceJson.GetProperty("tax")), terms);

        // The same figures as the library's API called directly.
        var expected = PaymentSchedule.Create(invoice, customer, BuiltInCalendarProvider.Instance);
        var portions = root.GetProperty("portions").EnumerateArray().ToList();
        Assert.Equal(expected.Portions.Count, portions.Count);
        for (var i = 0; i < portions.Count; i++)
        {
            Assert.Equal(expected.Portions[i].DueDate, Cli.Date(portions[i].GetProperty("dueDate")));
            Assert.Equal(expected.Portions[i].RuleDate, Cli.Date(portions[i].GetProperty("ruleDate")));
            Assert.Equal(expected.Portions[i].Amount, Cli.Money(portions[i].GetProperty("amount")));
        }

        Assert.Equal(expected.Total, Cli.Money(root.GetProperty("total")));
        Assert.Equal(PaymentTermsText.Describe(expected, Language.English), root.GetProperty("text").GetString());
        // 15 Mar 2026 + 30/60/90 = 14 Apr, 14 May, 13 Jun; payment day 20 → 20 Apr, 20 May, Sat 20 Jun → Mon 22 Jun (Following).
        Assert.Equal(new LocalDate(2026, 6, 22), Cli.Date(portions[2].GetProperty("dueDate")));
        Assert.Equal(Money.Of(4033.34m, Currency.EUR), Cli.Money(portions[2].GetProperty("amount")));
    }

    [Fact]
    public void Terms_TermsJsonFile_ReadWithTheLibrarysLoader()
    {
        var path = System.IO.Path.GetTempFileName() + ".json";
        System.IO.File.WriteAllText(path, PaymentTermsJson.Serialize(PaymentTermsNotation.Parse("Net 30 EOM")));
        try
        {
            // docs/payment-terms.md §5: Net 30 EOM from 14 Jan 2026 → 31 Jan + 30 → due 2 Mar 2026.
            var result = Cli.Run("terms", path, "--invoice-date", "2026-01-14", "--amount", "1000", "--currency", "EUR");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("€1,000.00 due 2 Mar 2026.", result.Output);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Terms_BadNotation_LibrarysMessageExitOneNoStackTrace()
    {
        // docs/payment-terms.md §5 "Errors" table.
        var result = Cli.Run("terms", "2/10 Nett 30", "--invoice-date", "2026-01-14", "--amount", "1000", "--currency", "EUR");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Unexpected 'Nett' at position 5 in '2/10 Nett 30': expected 'Net' or 'EOM' after the discount.", result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Terms_AmountFinerThanTheMinorUnit_NamesTheValue_StackTraceOnlyWhenVerbose()
    {
        var quiet = Cli.Run("terms", "Net 30", "--invoice-date", "2026-01-14", "--amount", "10.001", "--currency", "EUR");
        var verbose = Cli.Run("terms", "Net 30", "--invoice-date", "2026-01-14", "--amount", "10.001", "--currency", "EUR", "--verbose");

        Assert.Equal(1, quiet.ExitCode);
        Assert.Contains("10.001 EUR", quiet.Error);
        Assert.DoesNotContain(" at Cobranza.", quiet.Error);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains(" at Cobranza.", verbose.Error);
    }

    [Theory]
    [InlineData("--invoice-date", "15/03/2026", "--invoice-date must be a date written yyyy-MM-dd (was '15/03/2026').")]
    [InlineData("--amount", "12,100", "--amount must be a number with '.' as the decimal separator (was '12,100').")]
    [InlineData("--currency", "EURO", "Unknown ISO 4217 currency code 'EURO'")]
    public void Terms_BadValue_MessageNamesOptionAndValue(string option, string value, string expected)
    {
        var args = new System.Collections.Generic.Dictionary<string, string>
        {
            ["--invoice-date"] = "2026-03-15", ["--amount"] = "12100", ["--currency"] = "EUR",
        };
        args[option] = value;
        var result = Cli.Run(["terms", "Net 30", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Terms_MissingRequiredOption_UsageErrorExitTwo()
    {
        var result = Cli.Run("terms", "Net 30", "--amount", "100", "--currency", "EUR");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--invoice-date", result.Error);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("terms", "Net 30", "--invoice-date", "2026-01-01", "--amount", "1", "--currency", "EUR", "--lang", "fr")]
    [InlineData("terms", "Net 30", "--invoice-date", "2026-01-01", "--amount", "1", "--currency", "EUR", "--no-such-option")]
    public void Cli_MalformedCommandLine_ExitTwo(params string[] args)
    {
        Assert.Equal(2, Cli.Run(args).ExitCode);
    }

    [Fact]
    public void Cli_Help_ExitZero()
    {
        var result = Cli.Run("terms", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--payment-days", result.Output);
    }
}
