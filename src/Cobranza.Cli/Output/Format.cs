using System.Globalization;
using Cobranza.Core;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Cli.Output;

/// <summary>
/// Dates, amounts and percents in the one style of each language's documents, as the library's own texts write them
/// (Spanish <c>31/07/2025</c> and <c>1.234,56 €</c>; English <c>31 Jul 2025</c> and <c>€1,234.56</c>).
/// </summary>
internal static class Format
{
    internal static CultureInfo Culture(Language language) => language == Language.Spanish
        ? CultureInfo.GetCultureInfo("es-ES")
        : CultureInfo.GetCultureInfo("en-GB");

    internal static string Date(LocalDate date, Language language) => language == Language.Spanish
        ? date.ToString("dd'/'MM'/'uuuu", CultureInfo.InvariantCulture)
        : date.ToString("d MMM uuuu", CultureInfo.InvariantCulture);

    internal static string Iso(LocalDate date) => date.ToString("uuuu'-'MM'-'dd", CultureInfo.InvariantCulture);

    internal static string Money(Money amount, Language language) => amount.ToString("G", Culture(language));

    /// <summary>An annual fraction as a percent with two decimals (0.1015 → 10,15 % / 10.15%).</summary>
    internal static string Rate(decimal fraction, Language language)
    {
        var number = (fraction * 100m).ToString("0.00##", Culture(language));
        return language == Language.Spanish ? number + " %" : number + "%";
    }

    internal static string Text(Language language, string spanish, string english)
        => language == Language.Spanish ? spanish : english;
}
