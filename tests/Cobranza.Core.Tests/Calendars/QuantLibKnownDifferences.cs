using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

public sealed partial class QuantLibCrossCheckTests
{
    /// <summary>
    /// Every known difference between QuantLib 1.29 and the built-in calendars, with the reason. The law wins. A
    /// difference not listed here fails the test, and so does an entry that no longer matches any difference.
    /// Kept in step with the "Differences from QuantLib 1.29" section of docs/calendars.md.
    /// </summary>
    internal static readonly IReadOnlyList<KnownDifference> KnownDifferences =
    [
        // United States: QuantLib 1.29 Settlement starts Juneteenth in 2022; Pub. L. 117-17 (17 June 2021) made it a
        // holiday at once and OPM treated Friday 18 June 2021 as the observed holiday.
        new("US", Side.OnlyLaw, "Juneteenth 2021 observed on Fri 18 June 2021 (Pub. L. 117-17; OPM)", d => d == new LocalDate(2021, 6, 18)),

        // Germany: QuantLib's Settlement calendar is a banking calendar.
        new("DE", Side.OnlyQuantLib, "Corpus Christi (Easter+60) is a holiday in some Länder only", d => d == Easter(d.Year).PlusDays(60)),
        new("DE", Side.OnlyQuantLib, "24 December is a bank closing day, not a public holiday", d => d.Month == 12 && d.Day == 24),
        new("DE", Side.OnlyLaw, "Reformation Day 2017 was a holiday in all 16 Länder (500th anniversary), missing in QuantLib", d => d == new LocalDate(2017, 10, 31)),

        // France: QuantLib 1.29's France calendar (as built here) reports 10 May and 21 May every year instead of
        // Ascension (Easter+39) and Whit Monday (Easter+50), which Code du travail L3133-1 names.
        new("FR", Side.OnlyQuantLib, "QuantLib 1.29 puts Ascension on a fixed 10 May", d => d.Month == 5 && d.Day == 10),
        new("FR", Side.OnlyQuantLib, "QuantLib 1.29 puts Whit Monday on a fixed 21 May", d => d.Month == 5 && d.Day == 21),
        new("FR", Side.OnlyLaw, "Ascension, Easter+39 (Code du travail L3133-1)", d => d == Easter(d.Year).PlusDays(39)),
        new("FR", Side.OnlyLaw, "Whit Monday, Easter+50 (Code du travail L3133-1)", d => d == Easter(d.Year).PlusDays(50)),

        // Italy.
        new("IT", Side.OnlyQuantLib, "2 June was restored as a holiday from 2001 (Legge 336/2000); not one in 2000", d => d == new LocalDate(2000, 6, 2)),
        new("IT", Side.OnlyLaw, "17 March 2011, 150th anniversary of unification (Legge 47/2011)", d => d == new LocalDate(2011, 3, 17)),
        new("IT", Side.OnlyLaw, "4 October (San Francesco) restored from 2026 (Legge 151/2025), after QuantLib 1.29", d => d.Month == 10 && d.Day == 4 && d.Year >= 2026),

        // Brazil.
        new("BR", Side.OnlyLaw, "20 November (Consciência Negra) national from 2024 (Lei 14.759/2023), after QuantLib 1.29", d => d.Month == 11 && d.Day == 20 && d.Year >= 2024),

        // Mexico: QuantLib's BMV is the stock exchange calendar; the built-in calendar is LFT art. 74.
        new("MX", Side.OnlyQuantLib, "Holy Thursday is a BMV closing day, not an LFT art. 74 rest day", d => d == Easter(d.Year).PlusDays(-3)),
        new("MX", Side.OnlyQuantLib, "Good Friday is a BMV closing day, not an LFT art. 74 rest day", d => d == Easter(d.Year).PlusDays(-2)),
        new("MX", Side.OnlyQuantLib, "2 November is a BMV closing day, not an LFT art. 74 rest day", d => d.Month == 11 && d.Day == 2),
        new("MX", Side.OnlyQuantLib, "12 December is a BMV closing day, not an LFT art. 74 rest day", d => d.Month == 12 && d.Day == 12),
        new("MX", Side.OnlyLaw, "1 December of an inauguration year (LFT art. 74 VII), to 2018", d => d.Month == 12 && d.Day == 1 && (d.Year - 2000) % 6 == 0 && d.Year <= 2018),
        new("MX", Side.OnlyLaw, "1 October of an inauguration year (LFT art. 74 VII), from 2024", d => d.Month == 10 && d.Day == 1 && (d.Year - 2000) % 6 == 0 && d.Year >= 2024),

        // Chile.
        new("CL", Side.OnlyQuantLib, "Virgen del Carmen (16 July) is a holiday only from 2007 (Ley 20.148)", d => d.Month == 7 && d.Day == 16 && d.Year < 2007),
        new("CL", Side.OnlyQuantLib, "Pueblos Indígenas: QuantLib 1.29 uses 21 June where the solstice (UTC) is on 20 June (Ley 21.357)", d => d.Month == 6 && d.Day == 21 && d.Year >= 2021),
        new("CL", Side.OnlyLaw, "Pueblos Indígenas: the solstice day (Ley 21.357), 20 June in these years", d => d.Month == 6 && d.Day == 20 && d.Year >= 2021),

        // Argentina: QuantLib 1.29's Merval is a stock-exchange calendar built on the pre-2017 rules (it has Holy
        // Thursday, 24 and 31 December, and moves holidays by the older rules; it lacks Carnival, 24 March, 2 April,
        // 20 June, 25 December, the Ley 27.399 moves and the decreed bridge days). The two cannot be compared day by
        // day; Argentina is checked against the published 2024 list in PublishedHolidayListTests instead.
        new("AR", Side.OnlyQuantLib, "Merval exchange calendar with pre-Ley 27.399 rules (not comparable)", d => true),
        new("AR", Side.OnlyLaw, "Ley 27.399 holidays missing from QuantLib 1.29's Merval (not comparable)", d => true),
    ];

    private static LocalDate Easter(int year)
    {
        // Meeus/Jones/Butcher Gregorian computus, written independently of the library's implementation.
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31;
        return new LocalDate(year, month, ((h + l - (7 * m) + 114) % 31) + 1);
    }
}
