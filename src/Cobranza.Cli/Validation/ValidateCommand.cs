using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Cobranza.Cli.Output;
using Cobranza.Core.Terms;

namespace Cobranza.Cli.Validation;

/// <summary>
/// <c>cobranza validate policy.json|terms.json|catalog.json …</c>: every error of each document with its JSON path, as
/// the library's loaders report them (docs/escalation.md "Errors", docs/payment-terms.md §8); exit code 1 when any
/// document has an error (warnings alone leave it 0).
/// </summary>
internal static class ValidateCommand
{
    internal static Command Create(CommandIo io)
    {
        var files = new Argument<string[]>("files") { Description = "The JSON documents to check (policy, terms, template catalog, customer settings).", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string>("--kind") { Description = "policy, terms, catalog or customer (default: told from the document's top-level properties)." };
        var catalog = new Option<string>("--catalog") { Description = "The template catalog a policy's template keys must exist in (default: the library's default catalog)." };
        var command = new Command("validate", "Check configuration documents; list every error with its JSON path.") { files, kind, catalog };
        command.SetAction(result => io.Run(result, context =>
        {
            var keys = ConfigurationCheck.TemplateKeys(context.Get(catalog) is { } catalogPath ? Inputs.ReadFile(catalogPath, "--catalog") : null).ToList();
            var reports = new List<(string File, ConfigurationKind Kind, IReadOnlyList<ConfigurationIssue> Issues)>();
            foreach (var file in context.Get(files) ?? [])
            {
                var json = Inputs.ReadFile(file, "validate");
                var documentKind = context.Get(kind) is { } kindText ? Kind(kindText) : ConfigurationCheck.Detect(json, file);
                reports.Add((file, documentKind, ConfigurationCheck.Check(json, documentKind, keys)));
            }

            if (context.Json)
            {
                WriteJson(context, reports);
            }
            else
            {
                WriteText(context, reports);
            }

            return reports.Any(r => r.Issues.Any(i => !i.IsWarning)) ? ExitCodes.InvalidInput : ExitCodes.Ok;
        }));
        return command;
    }

    private static ConfigurationKind Kind(string text)
        => !int.TryParse(text, out _) && Enum.TryParse<ConfigurationKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new CliInputException(
                $"--kind debe ser policy, terms, catalog o customer (era '{text}').",
                $"--kind must be policy, terms, catalog or customer (was '{text}').");

    private static void WriteText(CommandContext context, List<(string File, ConfigurationKind Kind, IReadOnlyList<ConfigurationIssue> Issues)> reports)
    {
        var language = context.Language;
        foreach (var (file, kind, issues) in reports)
        {
            var errors = issues.Count(i => !i.IsWarning);
            var warnings = issues.Count - errors;
            var kindName = kind.ToString().ToLowerInvariant();
            context.Output.WriteLine(errors == 0
                ? Format.Text(language,
                    string.Create(CultureInfo.InvariantCulture, $"{file}: válido ({kindName}){(warnings > 0 ? $", {warnings} aviso(s)" : string.Empty)}"),
                    string.Create(CultureInfo.InvariantCulture, $"{file}: valid ({kindName}){(warnings > 0 ? $", {warnings} warning(s)" : string.Empty)}"))
                : Format.Text(language,
                    string.Create(CultureInfo.InvariantCulture, $"{file}: {errors} error(es) ({kindName})"),
                    string.Create(CultureInfo.InvariantCulture, $"{file}: {errors} error(s) ({kindName})")));
            foreach (var issue in issues)
            {
                var label = issue.IsWarning ? Format.Text(language, "aviso", "warning") : "error";
                context.Output.WriteLine($"  {label} {issue.Path}: {issue.Message}");
            }
        }
    }

    private static void WriteJson(CommandContext context, List<(string File, ConfigurationKind Kind, IReadOnlyList<ConfigurationIssue> Issues)> reports)
    {
        JsonOut.Write(context.Output, writer =>
        {
            writer.WriteStartArray();
            foreach (var (file, kind, issues) in reports)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                writer.WriteString("kind", kind.ToString().ToLowerInvariant());
                writer.WriteBoolean("valid", !issues.Any(i => !i.IsWarning));
                writer.WriteStartArray("issues");
                foreach (var issue in issues)
                {
                    writer.WriteStartObject();
                    writer.WriteString("severity", issue.IsWarning ? "warning" : "error");
                    writer.WriteString("path", issue.Path);
                    writer.WriteString("message", issue.Message);
                    if (issue.Code is not null)
                    {
                        writer.WriteString("code", issue.Code);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }
}
