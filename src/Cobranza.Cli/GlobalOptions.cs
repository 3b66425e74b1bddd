using System.CommandLine;
using Cobranza.Core.Terms;

namespace Cobranza.Cli;

/// <summary>The options every command takes: <c>--lang</c>, <c>--json</c>, <c>--verbose</c>.</summary>
internal sealed class GlobalOptions
{
    internal Option<string> Lang { get; } = new("--lang")
    {
        Description = "Language of the human text: es (Spanish) or en (English).",
        DefaultValueFactory = _ => "en",
        Recursive = true,
    };

    internal Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON (the library's formats) instead of text.",
        Recursive = true,
    };

    internal Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On an error, also write the exception's type and stack trace.",
        Recursive = true,
    };

    internal void AddTo(RootCommand root)
    {
        Lang.AcceptOnlyFromAmong("es", "en");
        root.Options.Add(Lang);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
    }

    internal Core.Language LanguageOf(ParseResult result)
        => result.GetValue(Lang) == "es" ? Core.Language.Spanish : Core.Language.English;
}
