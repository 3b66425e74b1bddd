using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using NodaTime;

namespace Cobranza.Cli.Tests;

public sealed class PlanCommandTests
{
    private static readonly string[] Annuity =
    [
        "plan", "--amount", "10000", "--currency", "EUR", "--count", "12", "--method", "annuity", "--rate", "0.06",
        "--start", "2026-01-15", "--first-due", "2026-02-15",
    ];

    [Fact]
    public void Plan_AnnuityDocumentedExample()
    {
        // docs/payments-and-plans.md "Definition → schedule": 10 000 EUR, 12 monthly, 6 % periodic →
        // payment 10 000 × 0.005 / (1 − 1.005^−12) = 860.6643 → 860.66; row 1 810.66 + 50.00; row 12 860.70.
        var result = Cli.Run([.. Annuity, "--json"]);

        Assert.Equal(0, result.ExitCode);
        var root = result.Json().RootElement;
        Assert.Equal(Money.Of(860.66m, Currency.EUR), Cli.Money(root.GetProperty("levelPayment")));
        var rows = root.GetProperty("installments").EnumerateArray().ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal(Money.Of(810.66m, Currency.EUR), Cli.Money(rows[0].GetProperty("principal")));
        Assert.Equal(Money.Of(50.00m, Currency.EUR), Cli.Money(rows[0].GetProperty("interest")));
        Assert.Equal(Money.Of(9189.34m, Currency.EUR), Cli.Money(rows[0].GetProperty("remainingBalance")));
        Assert.Equal(Money.Of(860.70m, Currency.EUR), Cli.Money(rows[11].GetProperty("total")));
        Assert.Equal(Money.Of(0m, Currency.EUR), Cli.Money(rows[11].GetProperty("remainingBalance")));
    }

    [Fact]
    public void Plan_DefaultFirstDueIsOneMonthAfterStart_TextTable()
    {
        var result = Cli.Run("plan", "--amount", "10000", "--currency", "EUR", "--count", "12", "--rate", "6%", "--start", "2026-01-15", "--lang", "es");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Cuota: 860,66 €", result.Output);
        Assert.Contains("15/02/2026", result.Output);
        Assert.Contains("860,70 €", result.Output);
    }

    [Fact]
    public void Plan_StraightLineDocumentedExample()
    {
        // docs/payments-and-plans.md "Methods": 10 000 at 12 % nominal over 4 quarters, level principal → principal
        // 2 500 each, interest 300, 225, 150, 75.
        var result = Cli.Run("plan", "--amount", "10000", "--currency", "EUR", "--count", "4", "--method", "straight-line", "--rate", "0.12",
            "--frequency", "Quarterly", "--start", "2026-01-01", "--json");

        Assert.Equal(0, result.ExitCode);
        var rows = result.Json().RootElement.GetProperty("installments").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(Money.Of(2500m, Currency.EUR), Cli.Money(r.GetProperty("principal"))));
        Assert.Equal([300m, 225m, 150m, 75m], rows.Select(r => Cli.Money(r.GetProperty("interest")).Amount));
    }

    [Fact]
    public void Plan_Json_SameFiguresAsTheLibraryAndRoundTripsIntoItsTypes()
    {
        var result = Cli.Run([.. Annuity, "--json"]);
        var root = result.Json().RootElement;
        var definition = root.GetProperty("definition");

        var rebuilt = new InstallmentPlanDefinition
        {
            Amount = Cli.Money(definition.GetProperty("amount")),
            StartDate = Cli.Date(definition.GetProperty("startDate")),
            FirstDueDate = Cli.Date(definition.GetProperty("firstDueDate")),
            InstallmentCount = definition.GetProperty("installmentCount").GetInt32(),
            Frequency = System.Enum.Parse<InstallmentFrequency>(definition.GetProperty("frequency").GetString()!),
            Method = System.Enum.Parse<AmortizationMethod>(definition.GetProperty("method").GetString()!),
            Interest = PlanInterest.Periodic(definition.GetProperty("nominalAnnualRate").GetDecimal()),
        };
        var schedule = rebuilt.CreateSchedule(BuiltInCalendarProvider.Instance);
        var rows = root.GetProperty("installments").EnumerateArray().ToList();

        Assert.Equal(schedule.Installments.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(schedule.Installments[i].DueDate, Cli.Date(rows[i].GetProperty("dueDate")));
            Assert.Equal(schedule.Installments[i].Principal, Cli.Money(rows[i].GetProperty("principal")));
            Assert.Equal(schedule.Installments[i].Interest, Cli.Money(rows[i].GetProperty("interest")));
            Assert.Equal(schedule.Installments[i].RemainingBalance, Cli.Money(rows[i].GetProperty("remainingBalance")));
        }

        Assert.Equal(schedule.Total, Cli.Money(root.GetProperty("total")));
        Assert.Equal(new LocalDate(2027, 1, 15), Cli.Date(root.GetProperty("maturityDate")));
    }

    [Fact]
    public void Plan_ZeroInstallments_ValidatorsMessageWithPath()
    {
        // docs/payments-and-plans.md "Bad input" table.
        var result = Cli.Run("plan", "--amount", "10000", "--currency", "EUR", "--count", "0", "--start", "2026-01-15");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("InstallmentCount: InstallmentCount must be between 1 and 1200 (was 0).", result.Error);
    }

    [Fact]
    public void Plan_UnknownMethod_ListsTheMethods()
    {
        var result = Cli.Run("plan", "--amount", "100", "--currency", "EUR", "--count", "2", "--method", "magic", "--start", "2026-01-15");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--method must be one of", result.Error);
        Assert.Contains("(was 'magic')", result.Error);
    }
}
