using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Interest;
using Cobranza.Core.Terms;

namespace Cobranza.Cli.Interest;

/// <summary>
/// <c>cobranza interest --preset ES --due 2026-01-31 --until 2026-12-07 --principal 10000 --currency EUR
/// [--payment 2026-03-01:4000 …] [--rates file.csv]</c>: the late-interest statement of a statutory preset
/// (<see cref="LateInterestPreset.CreateRequest"/>, <see cref="LateInterestCalculator.Calculate"/>), docs/interest.md.
/// </summary>
internal static class InterestCommand
{
    internal static Command Create(CommandIo io)
    {
        var preset = new Option<string>("--preset") { Description = "The statutory preset: " + string.Join(", ", Presets.Names) + ".", Required = true };
        var due = new Option<string>("--due") { Description = "The due date (interest runs from the day after, as the preset's law says).", Required = true };
        var until = new Option<string>("--until") { Description = "The last day of the statement (the day of payment or today).", Required = true };
        var principal = new Option<string>("--principal") { Description = "The amount overdue on the due date.", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency code.", Required = true };
        var payments = new Option<string[]>("--payment") { Description = "A part payment DATE:AMOUNT (2026-03-01:4000). Repeatable." };
        var rates = new Option<string>("--rates") { Description = "A rate file (CSV or .json, the built-in files' format, docs/interest.md 'Keeping rates current') with newer official values." };
        var ratesTable = new Option<string>("--rates-table") { Description = "The table the --rates rows belong to (default: the table the preset reads, e.g. ES-LATE-PAYMENT-COMMERCIAL)." };
        var coveredUntil = new Option<string>("--covered-until") { Description = "The last day an open-ended last row of --rates is vouched for." };
        var provisional = new Option<bool>("--provisional") { Description = "Carry the last known reference rate over days with no published value (marked provisional) instead of failing." };
        var fee = new Option<bool>("--fee") { Description = "Add the preset's fixed recovery fee (e.g. EUR 40, Ley 3/2004 art. 8) as a fee line." };
        var html = new Option<string>("--html") { Description = "Also write a self-contained HTML page with the balance and accrued interest drawn over time." };

        var command = new Command("interest", "The late-interest statement under a statutory preset, line by line, and the total.")
        {
            preset, due, until, principal, currency, payments, rates, ratesTable, coveredUntil, provisional, fee, html,
        };
        command.SetAction(result => io.Run(result, context =>
        {
            var input = new InterestInput(
                context.Get(preset)!.ToUpperInvariant(),
                Inputs.Date(context.Get(due), "--due"),
                Inputs.Date(context.Get(until), "--until"),
                Inputs.Currency(context.Get(currency), "--currency"),
                context.Get(principal)!,
                context.Get(payments) ?? [],
                context.Get(rates),
                context.Get(ratesTable),
                Inputs.OptionalDate(context.Get(coveredUntil), "--covered-until"),
                context.Get(provisional),
                context.Get(fee));
            var (request, statement) = input.Calculate(context.Language);
            if (context.Json)
            {
                InterestOutput.WriteJson(context.Output, input, request, statement, context.Language);
            }
            else
            {
                context.Output.Write(statement.Render(context.Culture));
            }

            if (context.Get(html) is { } htmlPath)
            {
                File.WriteAllText(htmlPath, InterestPage.Render(input, statement, context.Language));
                context.Io.Error.WriteLine(Format.Text(context.Language, "Página escrita: ", "Page written: ") + htmlPath);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>The interest command's input, read from the flags, and the library calls that compute the statement.</summary>
internal sealed record InterestInput(
    string PresetName,
    NodaTime.LocalDate Due,
    NodaTime.LocalDate Until,
    Currency Currency,
    string PrincipalText,
    IReadOnlyList<string> PaymentTexts,
    string? RatesPath,
    string? RatesTable,
    NodaTime.LocalDate? CoveredUntil,
    bool Provisional,
    bool Fee)
{
    internal LateInterestPreset Preset => Presets.Get(PresetName);

    internal Money Principal => Inputs.Money(PrincipalText, "--principal", Currency);

    /// <summary>Each part payment as a negative balance change on its day.</summary>
    internal IReadOnlyList<BalanceChange> Changes(Language language)
    {
        var changes = new List<BalanceChange>();
        foreach (var text in PaymentTexts)
        {
            var parts = text.Split(':', 2);
            if (parts.Length != 2)
            {
                throw new CliInputException(
                    $"--payment debe ser FECHA:IMPORTE, p. ej. 2026-03-01:4000 (era '{text}').",
                    $"--payment must be DATE:AMOUNT, e.g. 2026-03-01:4000 (was '{text}').");
            }

            var amount = Inputs.Money(parts[1], "--payment", Currency);
            changes.Add(new BalanceChange(Inputs.Date(parts[0], "--payment"), -amount, Output.Format.Text(language, "Pago parcial", "Part payment")));
        }

        return changes;
    }

    /// <summary>The host rates: the <c>--rates</c> rows combined into their table, as a host provider.</summary>
    internal IReferenceRateProvider? Host(LateInterestPreset preset) => RateFiles.Provider(RatesPath, RatesTable, CoveredUntil, preset);

    internal (LateInterestRequest Request, InterestStatement Statement) Calculate(Language language)
    {
        if (RatesPath is not null && !File.Exists(RatesPath))
        {
            throw new CliInputException($"--rates: no existe el archivo '{RatesPath}'.", $"--rates: no file '{RatesPath}'.");
        }

        var preset = Preset;
        var principal = Principal;
        var request = preset.CreateRequest(Due, Until, principal, Changes(language), Host(preset),
            Provisional ? MissingRatePolicy.CarryForwardProvisional : MissingRatePolicy.Fail);
        if (Fee && preset.Fee is { } lateFee)
        {
            var decision = lateFee.Decide("CLI-1", principal, [], language);
            if (decision.Line is { } line)
            {
                request = request with { Fees = [line] };
            }
        }

        return (request, LateInterestCalculator.Calculate(request));
    }
}
