using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>Formatting shared by the statement and its notes.</summary>
internal static class StatementText
{
    /// <summary>True for a Spanish culture, false for an English one; throws for any other language.</summary>
    internal static bool IsSpanish(CultureInfo culture)
    {
        Guard.NotNull(culture);
        return culture.TwoLetterISOLanguageName switch
        {
            "es" => true,
            "en" => false,
            _ => throw new ArgumentException(
                $"culture must be a Spanish (es-*) or English (en-*) culture for an interest statement (was '{culture.Name}').",
                nameof(culture)),
        };
    }

    /// <summary>ISO 8601 (<c>2024-03-21</c>), for exception messages (developers and logs), never for documents.</summary>
    internal static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A date in a document, in the one style of the language's documents (terms texts, notices, the statement of
    /// account): Spanish <c>21/03/2024</c>, English <c>21 Mar 2024</c> (see <see cref="Terms.TextFormat.Date"/>).
    /// </summary>
    internal static string Date(LocalDate date, CultureInfo culture)
        => Terms.TextFormat.Date(date, IsSpanish(culture) ? Language.Spanish : Language.English);

    /// <summary>A rate as a percentage with 2 to 6 decimals and the culture's decimal separator: es <c>8,50 %</c>, en <c>8.50%</c>.</summary>
    internal static string Percent(decimal rate, CultureInfo culture)
    {
        string number = (rate * 100m).ToString("0.00####", culture);
        return IsSpanish(culture) ? number + " %" : number + "%";
    }
}
