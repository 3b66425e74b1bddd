using System.IO;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Cli.Tests;

/// <summary>Runs the tool in-process, as `cobranza …` would, and captures what it writes.</summary>
internal static class Cli
{
    internal static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    internal static Money Money(JsonElement element)
        => element.Deserialize<MoneyDto>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!.ToMoney();

    internal static LocalDate Date(JsonElement element) => LocalDatePattern.Iso.Parse(element.GetString()!).Value;
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    internal JsonDocument Json() => JsonDocument.Parse(Output);
}
