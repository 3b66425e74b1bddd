using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;

namespace Cobranza.Core.DayCounts;

/// <summary>
/// Name lookup for <see cref="DayCount.Of(string)"/>. Kept apart from <see cref="DayCount"/> so that building the
/// table (which reads <see cref="DayCounts.All"/>) cannot run while the conventions themselves are being created.
/// </summary>
internal static class DayCountNames
{
    /// <summary>Names that mean different conventions in different markets, refused with the reason.</summary>
    private static readonly FrozenDictionary<string, string> Ambiguous = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ACT/ACT"] = "it is used both for Actual/Actual (ISDA) and for Actual/Actual (ICMA), which needs the coupon schedule; say ACT/ACT ISDA",
        ["ACTUAL/ACTUAL"] = "it is used both for Actual/Actual (ISDA) and for Actual/Actual (ICMA), which needs the coupon schedule; say ACT/ACT ISDA",
        ["ACT/365"] = "it is used both for Actual/365 (Fixed) and for Actual/Actual; say ACT/365F or ACT/ACT ISDA",
        ["ACTUAL/365"] = "it is used both for Actual/365 (Fixed) and for Actual/Actual; say ACT/365F or ACT/ACT ISDA",
        ["30/360 ISDA"] = "QuantLib uses it for 30E/360 (ISDA 2006 §4.16(h)) and OpenGamma Strata for Bond Basis (§4.16(f)); say 30E/360 ISDA or 30/360",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, DayCount> ByName = BuildTable();

    internal static bool TryFind(string name, [NotNullWhen(true)] out DayCount? dayCount)
        => ByName.TryGetValue(Normalize(name), out dayCount);

    internal static string UnknownNameMessage(string name)
    {
        var message = new StringBuilder();
        message.Append("name is not a known day-count convention (was '").Append(name).Append("')");
        if (Ambiguous.TryGetValue(Normalize(name), out string? reason))
        {
            message.Append(": the name is ambiguous, ").Append(reason);
        }

        message.Append(". Valid names (case-insensitive): ");
        bool first = true;
        foreach (DayCount dayCount in DayCounts.All)
        {
            message.Append(first ? string.Empty : "; ").Append(dayCount.Name);
            if (dayCount.Aliases.Count > 0)
            {
                message.Append(" (also ").Append(string.Join(", ", dayCount.Aliases)).Append(')');
            }

            first = false;
        }

        return message.Append('.').ToString();
    }

    /// <summary>Trims and collapses runs of white space to one space; case is handled by the comparer.</summary>
    private static string Normalize(string name)
    {
        string trimmed = name.Trim();
        bool clean = true;
        for (int i = 1; i < trimmed.Length; i++)
        {
            if (char.IsWhiteSpace(trimmed[i]) && (trimmed[i] != ' ' || char.IsWhiteSpace(trimmed[i - 1])))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return trimmed;
        }

        return string.Join(' ', trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static FrozenDictionary<string, DayCount> BuildTable()
    {
        var table = new Dictionary<string, DayCount>(StringComparer.OrdinalIgnoreCase);
        foreach (DayCount dayCount in DayCounts.All)
        {
            foreach (string name in dayCount.Aliases.Prepend(dayCount.Name))
            {
                if (Ambiguous.ContainsKey(name) || !table.TryAdd(name, dayCount))
                {
                    throw new InvalidOperationException($"Day-count name '{name}' is defined twice or is ambiguous.");
                }
            }
        }

        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
