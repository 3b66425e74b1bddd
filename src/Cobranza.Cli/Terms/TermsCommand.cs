using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;

namespace Cobranza.Cli.Terms;

/// <summary>
/// <c>cobranza terms "30/60/90" --invoice-date 2026-03-15 --amount 12100 --currency EUR [--calendar ES]
/// [--payment-days 5,20] [--exclude-month 8]</c>: the exact schedule of an invoice under payment terms
/// (<see cref="PaymentSchedule.Create"/>) and the terms text (<see cref="PaymentTermsText"/>), docs/payment-terms.md.
/// </summary>
internal static class TermsCommand
{
    internal static Command Create(CommandIo io)
    {
        var terms = new Argument<string>("terms")
        {
            Description = "The terms in the notation (\"30/60/90\", \"2/10 Net 30\", \"Due 30d 1m day 10\") or the path of a terms JSON file (docs/schema/payment-terms.schema.json).",
        };
        var invoiceDate = new Option<string>("--invoice-date") { Description = "The invoice's issue date (yyyy-MM-dd).", Required = true };
        var amount = new Option<string>("--amount") { Description = "The invoice's gross amount (net + tax), e.g. 12100 or 12100.00.", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency code, e.g. EUR.", Required = true };
        var tax = new Option<string>("--tax") { Description = "The tax included in --amount (the discount base 'Net' uses net = amount - tax). Default 0." };
        var delivery = new Option<string>("--delivery-date") { Description = "The delivery date, for portions counted from delivery." };
        var order = new Option<string>("--order-date") { Description = "The order date, for advances ('30% advance, 70% Net 30')." };
        var calendar = new Option<string>("--calendar") { Description = "Business-day calendar id (ES, CO, MX, …): due dates on holidays and weekends move by --convention." };
        var convention = new Option<string>("--convention")
        {
            Description = "Business-day convention with --calendar: Following (default), ModifiedFollowing, Preceding, ModifiedPreceding.",
            DefaultValueFactory = _ => nameof(BusinessDayConvention.Following),
        };
        var paymentDays = new Option<string>("--payment-days") { Description = "The customer's payment days, e.g. 5,20 (\"días de pago\")." };
        var excludeMonth = new Option<string[]>("--exclude-month")
        {
            Description = "A month the customer does not pay in, e.g. 8 (August); 8:5 moves the payment to the 5th after it. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var customerFile = new Option<string>("--customer") { Description = "A customer payment settings JSON file (PaymentTermsJson.SerializeCustomer's format) instead of the flags." };

        var command = new Command("terms", "The exact due dates and amounts of an invoice under payment terms, and the terms text.")
        {
            terms, invoiceDate, amount, currency, tax, delivery, order, calendar, convention, paymentDays, excludeMonth, customerFile,
        };
        command.SetAction(result => io.Run(result, context =>
        {
            var paymentTerms = ReadTerms(context.Get(terms)!);
            var money = Inputs.Currency(context.Get(currency), "--currency");
            var gross = Inputs.Money(context.Get(amount), "--amount", money);
            var taxAmount = context.Get(tax) is { } taxText ? Inputs.Money(taxText, "--tax", money) : Money.Zero(money);
            var invoice = new Invoice(
                "CLI-1",
                "CLI",
                Inputs.Date(context.Get(invoiceDate), "--invoice-date"),
                gross - taxAmount,
                taxAmount,
                paymentTerms,
                Inputs.OptionalDate(context.Get(delivery), "--delivery-date"),
                Inputs.OptionalDate(context.Get(order), "--order-date"));
            var customer = context.Get(customerFile) is { } customerPath
                ? PaymentTermsJson.DeserializeCustomer(Inputs.ReadFile(customerPath, "--customer"))
                : Customer(context.Get(paymentDays), context.Get(excludeMonth) ?? [], context.Get(calendar), context.Get(convention));
            var schedule = PaymentSchedule.Create(invoice, customer, BuiltInCalendarProvider.Instance);
            if (context.Json)
            {
                TermsOutput.WriteJson(context.Output, schedule, customer, context.Language);
            }
            else
            {
                TermsOutput.WriteText(context.Output, schedule, context.Language);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The notation, or a terms JSON file when the argument names an existing <c>.json</c> file.</summary>
    internal static PaymentTerms ReadTerms(string text)
    {
        if (text.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase) && File.Exists(text))
        {
            return PaymentTermsJson.Deserialize(Inputs.ReadFile(text, "terms"));
        }

        return PaymentTermsNotation.Parse(text);
    }

    private static CustomerPaymentSettings? Customer(string? paymentDays, string[] excludedMonths, string? calendar, string? convention)
    {
        var days = Inputs.IntegerList(paymentDays, "--payment-days");
        var periods = new List<ExcludedPeriod>();
        foreach (var month in excludedMonths)
        {
            var parts = month.Split(':', 2);
            int? moveTo = parts.Length == 2 ? Inputs.Integer(parts[1], "--exclude-month") : null;
            periods.Add(ExcludedPeriod.Month(Inputs.Integer(parts[0], "--exclude-month"), moveTo));
        }

        BusinessDayAdjustment? adjustment = null;
        if (calendar is not null)
        {
            if (!System.Enum.TryParse<BusinessDayConvention>(convention, ignoreCase: false, out var parsed) || !System.Enum.IsDefined(parsed) || int.TryParse(convention, out _))
            {
                throw new CliInputException(
                    $"--convention debe ser uno de {string.Join(", ", System.Enum.GetNames<BusinessDayConvention>())} (era '{convention}').",
                    $"--convention must be one of {string.Join(", ", System.Enum.GetNames<BusinessDayConvention>())} (was '{convention}').");
            }

            adjustment = new BusinessDayAdjustment(parsed, calendar);
        }

        return days.Count == 0 && periods.Count == 0 && adjustment is null
            ? null
            : new CustomerPaymentSettings(days, periods, adjustment);
    }
}
