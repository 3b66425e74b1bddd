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
            WriteError(exception);
            if (result.GetValue(Globals.Verbose))
            {
                Error.WriteLine(exception.ToString());
            }

            return ExitCodes.InvalidInput;
        }
    }

    private void WriteError(Exception exception)
    {
        switch (exception)
        {
            case ValidationException validation when validation.Errors.Any():
                var errors = validation.Errors.ToList();
                Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: {errors.Count} validation error(s):"));
                foreach (var failure in errors)
                {
                    Error.WriteLine($"  {failure.PropertyName}: {failure.ErrorMessage}");
                }

                break;
            case JsonException json when json.Path is not null && !json.Message.Contains(json.Path, StringComparison.Ordinal):
                Error.WriteLine($"error: {json.Message} (at {json.Path})");
                break;
            case FileNotFoundException missing:
                Error.WriteLine($"error: file not found: {missing.FileName ?? missing.Message}");
                break;
            case Core.Interest.ReferenceRateUnavailableException:
                Error.WriteLine("error: " + exception.Message);
                Error.WriteLine("With the command line (interest, timeline): give the newer official rows with --rates FILE (and --rates-table ID), or --provisional to carry the last known value forward (marked provisional).");
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
