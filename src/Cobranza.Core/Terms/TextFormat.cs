using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>Formatting of dates, amounts and percents in terms texts (see <see cref="Language"/>).</summary>
internal static class TextFormat
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    internal static CultureInfo Culture(Language language) => Language.IsSpanishText(language) ? Spanish : English;

    internal static string Money(Money amount, Language language) => amount.ToString("G", Culture(language));

    internal static string Date(LocalDate date, Language language) => Language.IsSpanishText(language)
        ? date.ToString("dd'/'MM'/'uuuu", CultureInfo.InvariantCulture)
        : date.ToString("d MMM uuuu", CultureInfo.InvariantCulture);

    internal static string Percent(decimal percent, Language language)
    {
        string number = percent.ToString("0.##########", Culture(language));
        return Language.IsSpanishText(language) ? number + " %" : number + "%";
    }
}
