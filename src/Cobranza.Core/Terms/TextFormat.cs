using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>Formatting of dates, amounts and percents in terms texts (see <see cref="TermsLanguage"/>).</summary>
internal static class TextFormat
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    internal static CultureInfo Culture(TermsLanguage language) => language switch
    {
        TermsLanguage.Spanish => Spanish,
        TermsLanguage.English => English,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, $"language is not a TermsLanguage (was {language})."),
    };

    internal static string Money(Money amount, TermsLanguage language) => amount.ToString("G", Culture(language));

    internal static string Date(LocalDate date, TermsLanguage language) => language == TermsLanguage.Spanish
        ? date.ToString("dd'/'MM'/'uuuu", CultureInfo.InvariantCulture)
        : date.ToString("d MMM uuuu", CultureInfo.InvariantCulture);

    internal static string Percent(decimal percent, TermsLanguage language)
    {
        string number = percent.ToString("0.##########", Culture(language));
        return language == TermsLanguage.Spanish ? number + " %" : number + "%";
    }
}
