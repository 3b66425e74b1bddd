using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Cli.Plans;

/// <summary>
/// <c>cobranza plan --amount 10000 --currency EUR --count 12 --method annuity --rate 0.06 --start 2026-01-15</c>:
/// the installment table of an <see cref="InstallmentPlanDefinition"/> (<see cref="InstallmentPlanDefinition.CreateSchedule"/>),
/// docs/payments-and-plans.md.
/// </summary>
internal static class PlanCommand
{
    private static readonly Dictionary<string, AmortizationMethod> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["annuity"] = AmortizationMethod.LevelPayment,
        ["french"] = AmortizationMethod.LevelPayment,
        ["straight-line"] = AmortizationMethod.LevelPrincipal,
        ["german"] = AmortizationMethod.LevelPrincipal,
        ["equal"] = AmortizationMethod.EqualParts,
        ["balloon"] = AmortizationMethod.Balloon,
        ["percentages"] = AmortizationMethod.ExplicitPercentages,
        ["amounts"] = AmortizationMethod.ExplicitAmounts,
    };

    internal static Command Create(CommandIo io)
    {
        var amount = new Option<string>("--amount") { Description = "What is owed, before any down payment.", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency code.", Required = true };
        var count = new Option<string>("--count") { Description = "Number of installments (1-1200).", Required = true };
        var method = new Option<string>("--method")
        {
            Description = "annuity (level payment, French), straight-line (level principal, German), equal, balloon, percentages, amounts; or the library's name (LevelPayment, …).",
            DefaultValueFactory = _ => "annuity",
        };
        var rate = new Option<string>("--rate") { Description = "Nominal annual rate as a fraction (0.06) or a percent (6%). Default: no interest." };
        var dayCount = new Option<string>("--day-count") { Description = "Charge interest on the actual days with this day count (ACT/360, ACT/365F, …) instead of rate / periods per year." };
        var start = new Option<string>("--start") { Description = "Contract date; interest runs from here.", Required = true };
        var firstDue = new Option<string>("--first-due") { Description = "First due date. Default: one period after --start (required for twice-a-month)." };
        var frequency = new Option<string>("--frequency")
        {
            Description = "Monthly (default), Quarterly, Weekly, EveryTwoWeeks, TwiceAMonth.",
            DefaultValueFactory = _ => nameof(InstallmentFrequency.Monthly),
        };
        var downPayment = new Option<string>("--down-payment") { Description = "Paid on --start as row 0; the rest is split." };
        var balloon = new Option<string>("--balloon") { Description = "The balloon repaid with the last installment (method balloon)." };
        var fee = new Option<string>("--fee") { Description = "A fixed fee with every installment." };
        var percentages = new Option<string>("--percentages") { Description = "Per-installment percentages for method percentages, e.g. 50,30,20." };
        var amounts = new Option<string>("--amounts") { Description = "Per-installment principal for method amounts, e.g. 500,300,200." };
        var calendar = new Option<string>("--calendar") { Description = "Move due dates off holidays and weekends of this calendar (Following)." };
        var endOfMonth = new Option<bool>("--end-of-month") { Description = "Month-end roll (monthly and quarterly)." };

        var command = new Command("plan", "The installment table of a payment plan: due dates, principal, interest, fees, balance.")
        {
            amount, currency, count, method, rate, dayCount, start, firstDue, frequency, downPayment, balloon, fee, percentages, amounts, calendar, endOfMonth,
        };
        command.SetAction(result => io.Run(result, context =>
        {
            var money = Inputs.Currency(context.Get(currency), "--currency");
            var frequencyValue = Enum<InstallmentFrequency>(context.Get(frequency), "--frequency");
            var startDate = Inputs.Date(context.Get(start), "--start");
            var definition = new InstallmentPlanDefinition
            {
                Amount = Inputs.Money(context.Get(amount), "--amount", money),
                StartDate = startDate,
                FirstDueDate = context.Get(firstDue) is { } firstText
                    ? Inputs.Date(firstText, "--first-due")
                    : DefaultFirstDue(startDate, frequencyValue),
                InstallmentCount = Inputs.Integer(context.Get(count), "--count"),
                Frequency = frequencyValue,
                Method = Method(context.Get(method)),
                Interest = Interest(context.Get(rate), context.Get(dayCount)),
                DownPayment = context.Get(downPayment) is { } down ? Inputs.Money(down, "--down-payment", money) : null,
                BalloonAmount = context.Get(balloon) is { } last ? Inputs.Money(last, "--balloon", money) : null,
                InstallmentFee = context.Get(fee) is { } feeText ? Inputs.Money(feeText, "--fee", money) : null,
                Percentages = context.Get(percentages) is { } list ? Decimals(list, "--percentages") : [],
                Amounts = context.Get(amounts) is { } amountList ? Decimals(amountList, "--amounts").Select(a => Money.Of(a, money)).ToList() : [],
                DueDateAdjustment = context.Get(calendar) is { } id ? new BusinessDayAdjustment(BusinessDayConvention.Following, id) : BusinessDayAdjustment.None,
                EndOfMonth = context.Get(endOfMonth),
            };
            var schedule = definition.CreateSchedule(BuiltInCalendarProvider.Instance);
            if (context.Json)
            {
                WriteJson(context.Output, schedule);
            }
            else
            {
                WriteText(context.Output, schedule, context.Language);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The CLI's default first due date: one period after the start (the library needs an explicit date).</summary>
    private static LocalDate DefaultFirstDue(LocalDate start, InstallmentFrequency frequency) => frequency switch
    {
        InstallmentFrequency.Monthly => start.PlusMonths(1),
        InstallmentFrequency.Quarterly => start.PlusMonths(3),
        InstallmentFrequency.Weekly => start.PlusDays(7),
        InstallmentFrequency.EveryTwoWeeks => start.PlusDays(14),
        _ => throw new CliInputException(
            $"--first-due es obligatorio con --frequency {frequency} (el día 1 o el 15 de un mes).",
            $"--first-due is required with --frequency {frequency} (the 1st or the 15th of a month)."),
    };

    private static AmortizationMethod Method(string? text)
    {
        if (text is not null && Methods.TryGetValue(text, out var method))
        {
            return method;
        }

        return Enum<AmortizationMethod>(text, "--method");
    }

    private static PlanInterest Interest(string? rate, string? dayCount)
    {
        if (rate is null)
        {
            return dayCount is null ? PlanInterest.None : throw new CliInputException("--day-count necesita --rate.", "--day-count needs --rate.");
        }

        var value = rate.EndsWith('%')
            ? Inputs.Decimal(rate[..^1], "--rate") / 100m
            : Inputs.Decimal(rate, "--rate");
        return dayCount is null ? PlanInterest.Periodic(value) : PlanInterest.ActualDays(value, DayCount.Of(dayCount));
    }

    private static List<decimal> Decimals(string text, string option)
        => text.Split(',', StringSplitOptions.TrimEntries).Select(part => Inputs.Decimal(part, option)).ToList();

    private static T Enum<T>(string? text, string option)
        where T : struct, Enum
    {
        return text is not null && !int.TryParse(text, out _) && System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new CliInputException(
                $"{option} debe ser uno de {string.Join(", ", System.Enum.GetNames<T>())} (era '{text}').",
                $"{option} must be one of {string.Join(", ", System.Enum.GetNames<T>())} (was '{text}').");
    }

    private static void WriteText(TextWriter output, InstallmentSchedule schedule, Language language)
    {
        var definition = schedule.Definition;
        var interest = definition.Interest.IsInterestFree
            ? Format.Text(language, "sin intereses", "interest-free")
            : Format.Rate(definition.Interest.NominalAnnualRate, language) + Format.Text(language, " nominal anual", " nominal a year") +
              (definition.Interest.DayCount is { } dayCount ? ", " + dayCount.Name : Format.Text(language, ", tipo periódico", ", periodic rate"));
        output.WriteLine(Format.Text(language,
            $"Plan de {definition.InstallmentCount} cuotas sobre {Format.Money(definition.Amount, language)} ({MethodName(definition.Method, language)}, {interest})",
            $"Plan of {definition.InstallmentCount} installments on {Format.Money(definition.Amount, language)} ({MethodName(definition.Method, language)}, {interest})"));
        if (schedule.LevelPayment is { } level)
        {
            output.WriteLine(Format.Text(language, "Cuota: ", "Level payment: ") + Format.Money(level, language));
        }

        output.WriteLine();
        var table = new TextTable(
            Format.Text(language, "Cuota", "No."),
            Format.Text(language, "Vencimiento", "Due date"),
            Format.Text(language, "Capital", "Principal"),
            Format.Text(language, "Intereses", "Interest"),
            Format.Text(language, "Comisión", "Fee"),
            Format.Text(language, "Total", "Total"),
            Format.Text(language, "Pendiente", "Balance")).AlignRight(0, 2, 3, 4, 5, 6);
        foreach (var row in schedule.Installments)
        {
            table.Add(
                row.Number.ToString(CultureInfo.InvariantCulture),
                Format.Date(row.DueDate, language),
                Format.Money(row.Principal, language),
                Format.Money(row.Interest, language),
                Format.Money(row.Fee, language),
                Format.Money(row.Total, language),
                Format.Money(row.RemainingBalance, language));
        }

        table.WriteTo(output);
        output.WriteLine(Format.Text(language,
            $"Total: capital {Format.Money(schedule.TotalPrincipal, language)}, intereses {Format.Money(schedule.TotalInterest, language)}, comisiones {Format.Money(schedule.TotalFees, language)}, total {Format.Money(schedule.Total, language)}; último vencimiento {Format.Date(schedule.MaturityDate, language)}.",
            $"Total: principal {Format.Money(schedule.TotalPrincipal, language)}, interest {Format.Money(schedule.TotalInterest, language)}, fees {Format.Money(schedule.TotalFees, language)}, total {Format.Money(schedule.Total, language)}; maturity {Format.Date(schedule.MaturityDate, language)}."));
    }

    private static string MethodName(AmortizationMethod method, Language language) => method switch
    {
        AmortizationMethod.LevelPayment => Format.Text(language, "cuota constante (francés)", "level payment (annuity)"),
        AmortizationMethod.LevelPrincipal => Format.Text(language, "amortización constante (alemán)", "level principal (straight line)"),
        AmortizationMethod.EqualParts => Format.Text(language, "partes iguales", "equal parts"),
        AmortizationMethod.ExplicitPercentages => Format.Text(language, "porcentajes", "percentages"),
        AmortizationMethod.ExplicitAmounts => Format.Text(language, "importes", "amounts"),
        AmortizationMethod.Balloon => Format.Text(language, "con pago final (globo)", "balloon"),
        _ => method.ToString(),
    };

    private static void WriteJson(TextWriter output, InstallmentSchedule schedule)
    {
        var definition = schedule.Definition;
        JsonOut.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("definition");
            JsonOut.Money(writer, "amount", definition.Amount);
            if (definition.DownPayment is { } down)
            {
                JsonOut.Money(writer, "downPayment", down);
            }

            JsonOut.Date(writer, "startDate", definition.StartDate);
            JsonOut.Date(writer, "firstDueDate", definition.FirstDueDate);
            writer.WriteNumber("installmentCount", definition.InstallmentCount);
            writer.WriteString("frequency", definition.Frequency.ToString());
            writer.WriteString("method", definition.Method.ToString());
            writer.WriteString("interestAccrual", definition.Interest.Accrual.ToString());
            writer.WriteNumber("nominalAnnualRate", definition.Interest.NominalAnnualRate);
            if (definition.Interest.DayCount is { } days)
            {
                writer.WriteString("dayCount", days.Name);
            }

            writer.WriteEndObject();
            if (schedule.LevelPayment is { } level)
            {
                JsonOut.Money(writer, "levelPayment", level);
            }

            writer.WriteStartArray("installments");
            foreach (var row in schedule.Installments)
            {
                writer.WriteStartObject();
                writer.WriteNumber("number", row.Number);
                JsonOut.Date(writer, "periodStart", row.PeriodStart);
                JsonOut.Date(writer, "dueDate", row.DueDate);
                JsonOut.Money(writer, "principal", row.Principal);
                JsonOut.Money(writer, "interest", row.Interest);
                JsonOut.Money(writer, "fee", row.Fee);
                JsonOut.Money(writer, "total", row.Total);
                JsonOut.Money(writer, "remainingBalance", row.RemainingBalance);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            JsonOut.Money(writer, "totalPrincipal", schedule.TotalPrincipal);
            JsonOut.Money(writer, "totalInterest", schedule.TotalInterest);
            JsonOut.Money(writer, "totalFees", schedule.TotalFees);
            JsonOut.Money(writer, "total", schedule.Total);
            JsonOut.Date(writer, "maturityDate", schedule.MaturityDate);
            writer.WriteEndObject();
        });
    }
}
