using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>Easter Sunday computations (Meeus, Astronomical Algorithms, 2nd ed., ch. 8).</summary>
internal static class Easter
{
    /// <summary>Gregorian Easter Sunday (Meeus/Jones/Butcher algorithm, valid for every Gregorian year).</summary>
    internal static LocalDate Gregorian(int year)
    {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31;
        int day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }

    /// <summary>
    /// Orthodox Easter Sunday as a Gregorian date: the Julian computus (Meeus ch. 8), then the Julian-to-Gregorian
    /// offset of the century (13 days for 1900-2099).
    /// </summary>
    internal static LocalDate Orthodox(int year)
    {
        int a = year % 4;
        int b = year % 7;
        int c = year % 19;
        int d = ((19 * c) + 15) % 30;
        int e = ((2 * a) + (4 * b) - d + 34) % 7;
        int month = (d + e + 114) / 31;
        int day = ((d + e + 114) % 31) + 1;
        int julianToGregorian = (year / 100) - (year / 400) - 2;
        return new LocalDate(year, month, day).PlusDays(julianToGregorian);
    }
}
