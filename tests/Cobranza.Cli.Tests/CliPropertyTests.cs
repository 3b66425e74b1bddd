using System.Globalization;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Terms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Cli.Tests;

/// <summary>Differential properties: over generated inputs, the tool prints exactly what the library computes.</summary>
public sealed class CliPropertyTests
{
    public static class Arbitraries
    {
        private static readonly string[] Notations = ["Net 30", "30/60/90", "2/10 Net 30", "Net 45 EOM", "30% advance, 70% Net 30", "Due 30d 1m day 10", "15/30/45/60"];

        public static Arbitrary<(string Terms, LocalDate Date, long Cents, int PaymentDay)> TermsInput() =>
            (from terms in Gen.Elements(Notations)
             from day in Gen.Choose(0, 3 * 366)
             from cents in Gen.Choose(1, 100_000_000)
             from paymentDay in Gen.Choose(0, 31)
             select (terms, new LocalDate(2025, 1, 1).PlusDays(day), (long)cents, paymentDay)).ToArbitrary();

        public static Arbitrary<(long Cents, int Count, int RateBasisPoints, int Method)> PlanInput() =>
            (from cents in Gen.Choose(10_000, 100_000_000)
             from count in Gen.Choose(1, 60)
             from rate in Gen.Choose(0, 2_000)
             from method in Gen.Choose(0, 1)
             select ((long)cents, count, rate, method)).ToArbitrary();
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(Arbitraries)])]
    public void Terms_AnyInvoice_PortionsAreTheLibrarysAndAddUpToTheTotal((string Terms, LocalDate Date, long Cents, int PaymentDay) input)
    {
        var amount = Money.Of(input.Cents / 100m, Currency.EUR);
        var date = input.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
        string[] args = ["terms", input.Terms, "--invoice-date", date, "--order-date", date, "--amount", amount.Amount.ToString(CultureInfo.InvariantCulture), "--currency", "EUR", "--calendar", "ES", "--json"];
        if (input.PaymentDay > 0)
        {
            args = [.. args, "--payment-days", input.PaymentDay.ToString(CultureInfo.InvariantCulture)];
        }

        var result = Cli.Run(args);

        Assert.Equal(0, result.ExitCode);
        var customer = new CustomerPaymentSettings(input.PaymentDay > 0 ? [input.PaymentDay] : [], [], new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"));
        var invoice = new Invoice("X", "C", input.Date, amount, Money.Zero(Currency.EUR), PaymentTermsNotation.Parse(input.Terms), orderDate: input.Date);
        var expected = PaymentSchedule.Create(invoice, customer, BuiltInCalendarProvider.Instance);
        var portions = result.Json().RootElement.GetProperty("portions").EnumerateArray().ToList();
        Assert.Equal(expected.Portions.Select(p => (p.DueDate, p.Amount)), portions.Select(p => (Cli.Date(p.GetProperty("dueDate")), Cli.Money(p.GetProperty("amount")))));
        Assert.Equal(amount, portions.Select(p => Cli.Money(p.GetProperty("amount"))).Aggregate((a, b) => a + b));
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(Arbitraries)])]
    public void Plan_AnyPlan_RowsAreTheLibrarysAndThePrincipalAddsUp((long Cents, int Count, int RateBasisPoints, int Method) input)
    {
        var amount = Money.Of(input.Cents / 100m, Currency.EUR);
        var rate = input.RateBasisPoints / 10_000m;
        var method = input.Method == 0 ? AmortizationMethod.LevelPayment : AmortizationMethod.LevelPrincipal;
        var result = Cli.Run("plan", "--amount", amount.Amount.ToString(CultureInfo.InvariantCulture), "--currency", "EUR",
            "--count", input.Count.ToString(CultureInfo.InvariantCulture), "--method", method.ToString(), "--rate", rate.ToString(CultureInfo.InvariantCulture),
            "--start", "2026-01-15", "--first-due", "2026-02-15", "--json");

        var definition = new InstallmentPlanDefinition
        {
            Amount = amount, StartDate = new LocalDate(2026, 1, 15), FirstDueDate = new LocalDate(2026, 2, 15), InstallmentCount = input.Count,
            Method = method, Interest = PlanInterest.Periodic(rate),
        };
        InstallmentSchedule expected;
        try
        {
            expected = definition.CreateSchedule(BuiltInCalendarProvider.Instance);
        }
        catch (System.ArgumentException exception)
        {
            // The library refuses the plan (e.g. too small to split): the tool says the same, with exit code 1.
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(exception.Message.Split('\n')[0].Split(" (Parameter")[0], result.Error);
            return;
        }

        Assert.Equal(0, result.ExitCode);
        var rows = result.Json().RootElement.GetProperty("installments").EnumerateArray().ToList();
        Assert.Equal(expected.Installments.Select(r => (r.DueDate, r.Principal, r.Interest)),
            rows.Select(r => (Cli.Date(r.GetProperty("dueDate")), Cli.Money(r.GetProperty("principal")), Cli.Money(r.GetProperty("interest")))));
        Assert.Equal(amount, rows.Select(r => Cli.Money(r.GetProperty("principal"))).Aggregate((a, b) => a + b));
    }
}
