using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Terms;
using FluentValidation;

namespace Cobranza.Cli;

/// <summary>
/// What a command writes to and how it reports a failure: the library's message (naming the field and the value),
/// never a stack trace unless <c>--verbose</c>.
/// </summary>
internal sealed class CommandIo(TextWriter output, TextWriter error, GlobalOptions globals)
{
    internal TextWriter Output { get; } = output;

    internal TextWriter Error { get; } = error;

    internal GlobalOptions Globals { get; } = globals;

    /// <summary>Runs a command body and turns the documented input exceptions into exit code 1 with their message.</summary>
    internal int Run(ParseResult result, Func<CommandContext, int> body)
    {
        var context = new CommandContext(result, Globals.LanguageOf(result), result.GetValue(Globals.Json), this);
        try
        {
            return body(context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            WriteError(exception, context.Language);
            if (result.GetValue(Globals.Verbose))
            {
                Error.WriteLine(exception.ToString());
            }

            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>
    /// Writes the failure in <paramref name="language"/>: the command line's own messages (<see cref="CliInputException"/>)
    /// and the words around the library's; the library's messages themselves are English (they name fields and values).
    /// </summary>
    private void WriteError(Exception exception, Language language)
    {
        string Text(string spanish, string english) => Cli.Output.Format.Text(language, spanish, english);
        switch (exception)
        {
            case CliInputException input:
                Error.WriteLine("error: " + input.MessageIn(language));
                break;
            case ValidationException validation when validation.Errors.Any():
                var errors = validation.Errors.ToList();
                Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: {errors.Count} {Text("errores de validación", "validation error(s)")}:"));
                foreach (var failure in errors)
                {
                    Error.WriteLine($"  {failure.PropertyName}: {failure.ErrorMessage}");
                }

                break;
            case JsonException json when json.Path is not null && !json.Message.Contains(json.Path, StringComparison.Ordinal):
                Error.WriteLine($"error: {json.Message} ({Text("en", "at")} {json.Path})");
                break;
            case FileNotFoundException missing:
                Error.WriteLine($"error: {Text("no existe el archivo", "file not found")}: {missing.FileName ?? missing.Message}");
                break;
            case Core.Interest.ReferenceRateUnavailableException:
                Error.WriteLine("error: " + exception.Message);
                Error.WriteLine(Text(
                    "Con la línea de órdenes (interest, timeline): dé las filas oficiales más recientes con --rates ARCHIVO (y --rates-table ID), o --provisional para prolongar el último valor conocido (marcado como provisional).",
                    "With the command line (interest, timeline): give the newer official rows with --rates FILE (and --rates-table ID), or --provisional to carry the last known value forward (marked provisional)."));
                break;
            case ArgumentOutOfRangeException:
                // The message's first line names the parameter and the value; the runtime's "Actual value was …" repeats it.
                Error.WriteLine("error: " + exception.Message.Split('\n')[0].TrimEnd('\r'));
                break;
            default:
                Error.WriteLine("error: " + exception.Message);
                break;
        }
    }
}

/// <summary>One command's invocation: the parse result, the language, whether JSON is wanted, and the writers.</summary>
internal sealed record CommandContext(ParseResult Result, Language Language, bool Json, CommandIo Io)
{
    internal TextWriter Output => Io.Output;

    internal CultureInfo Culture => Language == Language.Spanish
        ? CultureInfo.GetCultureInfo("es-ES")
        : CultureInfo.GetCultureInfo("en-GB");

    internal T? Get<T>(Option<T> option) => Result.GetValue(option);

    internal T? Get<T>(Argument<T> argument) => Result.GetValue(argument);
}
