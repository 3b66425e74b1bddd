using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Core.Tests.Calendars;

/// <summary>Reads the QuantLib golden vectors written by GoldenVectors/generate_calendars.py.</summary>
internal static class GoldenCsv
{
    internal static IEnumerable<string[]> Rows(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "GoldenVectors", fileName);
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
    }

    internal static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    internal static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>QuantLib's weekday holidays for a calendar id, 2000-2050.</summary>
    internal static HashSet<LocalDate> QuantLibHolidays(string calendarId)
        => Rows("calendars_quantlib_holidays.csv").Where(r => r[0] == calendarId).Select(r => Date(r[1])).ToHashSet();
}
