using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Interest;

namespace Cobranza.Cli.Interest;

/// <summary>The statutory presets by short name (<c>--preset ES</c>), each the library's <see cref="StatutoryPresets"/> factory.</summary>
internal static class Presets
{
    private static readonly Dictionary<string, Func<LateInterestPreset>> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ES"] = StatutoryPresets.Spain,
        ["EU"] = StatutoryPresets.EuDirective,
        ["DE"] = StatutoryPresets.GermanyBusiness,
        ["DE-CONSUMER"] = StatutoryPresets.GermanyConsumer,
        ["FR"] = StatutoryPresets.France,
        ["IT"] = StatutoryPresets.Italy,
        ["PT"] = StatutoryPresets.Portugal,
        ["GB"] = StatutoryPresets.UnitedKingdom,
        ["CO"] = StatutoryPresets.Colombia,
        ["MX"] = StatutoryPresets.Mexico,
    };

    internal static IEnumerable<string> Names => ByName.Keys;

    internal static LateInterestPreset Get(string? name)
        => name is not null && ByName.TryGetValue(name, out var factory)
            ? factory()
            : throw new CliInputException(
                $"--preset debe ser uno de {string.Join(", ", ByName.Keys)} (era '{name}').",
                $"--preset must be one of {string.Join(", ", ByName.Keys)} (was '{name}').");

    /// <summary>The table a preset's rate reads (the one a <c>--rates</c> file extends), if it reads one table.</summary>
    internal static string? TableOf(LateInterestRate rate) => rate switch
    {
        LateInterestRate.ReferenceBasedRate reference => reference.TableId,
        LateInterestRate.RoundedRate rounded => TableOf(rounded.Inner),
        _ => null,
    };

    internal static string Describe() => string.Join(", ", ByName.Select(p => $"{p.Key} ({p.Value().Name})"));
}
