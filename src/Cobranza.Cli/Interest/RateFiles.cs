using System.IO;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Cli.Interest;

/// <summary>
/// <c>--rates</c>: a host rate file (CSV or JSON, the built-in files' format) read by <see cref="ReferenceRateFile"/> and
/// combined into its table with <see cref="ReferenceRateTable.Combine"/> (docs/interest.md "Keeping rates current").
/// </summary>
internal static class RateFiles
{
    /// <summary>The provider for the file's rows, or null without a file.</summary>
    /// <param name="path">The file (<c>.json</c> for JSON, CSV otherwise), or null.</param>
    /// <param name="tableId">The table the rows belong to; default the one the preset reads.</param>
    /// <param name="coveredUntil">The last day an open-ended last row is vouched for.</param>
    /// <param name="preset">The preset whose table the rows extend by default.</param>
    internal static IReferenceRateProvider? Provider(string? path, string? tableId, LocalDate? coveredUntil, LateInterestPreset preset)
    {
        if (path is null)
        {
            return null;
        }

        var id = tableId ?? Presets.TableOf(preset.Rate)
            ?? throw new CliInputException(
                $"--rates: el preset {preset.Name} lee más de una tabla; indique con --rates-table la que contiene el archivo.",
                $"--rates: the preset {preset.Name} reads more than one table; name the one the file holds with --rates-table.");
        var text = Inputs.ReadFile(path, "--rates");
        var name = Path.GetFileName(path);
        var rows = ReferenceRateFile.FormatOf(path) == ReferenceRateFileFormat.Json
            ? ReferenceRateFile.ParseJson(text, name)
            : ReferenceRateFile.ParseCsv(text, name);
        var table = ReferenceRateTables.TryGet(id, out var builtIn)
            ? builtIn!.Combine(rows, coveredUntil).Table
            : throw new CliInputException($"--rates-table: no hay ninguna tabla incorporada '{id}'.", $"--rates-table: no built-in table '{id}'.");
        return new TableReferenceRateProvider([table]);
    }
}
