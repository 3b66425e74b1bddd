using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Reads reference-rate CSV text into <see cref="ReferenceRate"/> rows: the embedded files in
/// <c>Interest/Rates/Data/</c> (the researched data, kept verbatim, each with its own <see cref="Layout"/>) and the
/// host's files (columns found by name, <see cref="ReferenceRateFile"/>). One pass over the text, no regular
/// expressions, dates parsed by hand (a 500-row file reads in well under a millisecond).
/// </summary>
internal static class ReferenceRateCsv
{
    /// <summary>Column names accepted for the first day a value applies.</summary>
    internal static readonly string[] StartNames = ["start", "period_start", "effective_date"];

    /// <summary>Column names accepted for the last day (inclusive) a value applies.</summary>
    internal static readonly string[] EndNames = ["end", "period_end"];

    /// <summary>Column names accepted for the rate in percent.</summary>
    internal static readonly string[] RateNames = ["rate_percent", "rate_percent_effective_annual"];

    /// <summary>Column names joined into the row's source.</summary>
    internal static readonly string[] SourceNames = ["source", "boe_reference", "resolution", "aviso", "kind"];

    /// <summary>How to read one embedded file.</summary>
    /// <param name="FileName">File name in <c>Interest/Rates/Data/</c>.</param>
    /// <param name="StartColumn">Column holding the first day a value applies.</param>
    /// <param name="EndColumn">Column holding the last day (inclusive), or null for a change table (a value applies until the day before the next row).</param>
    /// <param name="RateColumn">Column holding the rate in percent. Rows where it is empty are skipped (not seen: a gap).</param>
    /// <param name="SourceColumns">Columns joined with "; " into <see cref="ReferenceRate.Source"/>.</param>
    internal sealed record Layout(string FileName, string StartColumn, string? EndColumn, string RateColumn, params string[] SourceColumns);

    /// <summary>Column indexes of one file (-1: absent).</summary>
    private readonly record struct Columns(int Start, int End, int Rate, int Confidence, int[] Sources);

    internal static IReadOnlyList<ReferenceRate> Load(Layout layout)
    {
        string resource = "Cobranza.Core.Interest.Rates.Data." + layout.FileName;
        using Stream stream = typeof(ReferenceRateCsv).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded reference-rate data '{resource}' is missing from {typeof(ReferenceRateCsv).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), layout);
    }

    /// <summary>Parses an embedded file with its fixed layout (the confidence column is required).</summary>
    internal static IReadOnlyList<ReferenceRate> Parse(string text, Layout layout)
        => Parse(text, layout.FileName, RateVerification.Unverified, header => new Columns(
            Column(header, layout.StartColumn, layout.FileName),
            layout.EndColumn is null ? -1 : Column(header, layout.EndColumn, layout.FileName),
            Column(header, layout.RateColumn, layout.FileName),
            Column(header, "confidence", layout.FileName),
            Array.ConvertAll(layout.SourceColumns, c => Column(header, c, layout.FileName))));

    /// <summary>Parses a host file, finding the columns by name (see <see cref="ReferenceRateFile"/> for the format).</summary>
    internal static IReadOnlyList<ReferenceRate> ParseDetected(string text, string file, string? rateColumn, RateVerification defaultVerification)
        => Parse(text, file, defaultVerification, header =>
        {
            int start = FirstOf(header, StartNames, file, required: true);
            int end = FirstOf(header, EndNames, file, required: false);
            int rate = rateColumn is null ? FirstOf(header, RateNames, file, required: true) : Column(header, rateColumn, file);
            int confidence = Array.IndexOf(header, "confidence");
            var sources = new List<int>();
            foreach (string name in SourceNames)
            {
                int index = Array.IndexOf(header, name);
                if (index >= 0)
                {
                    sources.Add(index);
                }
            }

            return new Columns(start, end, rate, confidence, sources.ToArray());
        });

    private static IReadOnlyList<ReferenceRate> Parse(string text, string file, RateVerification defaultVerification, Func<string[], Columns> columnsOf)
    {
        List<string[]> records = ParseRecords(text, file);
        if (records.Count == 0)
        {
            throw new FormatException($"{file}: no header row.");
        }

        string[] header = records[0];
        for (int h = 0; h < header.Length; h++)
        {
            header[h] = header[h].Trim();
        }

        Columns columns = columnsOf(header);
        var rows = new List<(LocalDate Start, LocalDate? End, decimal Rate, string Source, RateVerification Verification)>(records.Count);
        var sourceParts = new List<string>(columns.Sources.Length);
        for (int r = 1; r < records.Count; r++)
        {
            string[] fields = records[r];
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{file} line {r + 1}: {fields.Length} fields, header has {header.Length}.");
            }

            if (fields[columns.Rate].Length == 0)
            {
                continue;
            }

            sourceParts.Clear();
            foreach (int s in columns.Sources)
            {
                if (fields[s].Length > 0)
                {
                    sourceParts.Add(fields[s]);
                }
            }

            rows.Add((
                Date(fields[columns.Start], file, r),
                columns.End < 0 || fields[columns.End].Length == 0 ? null : Date(fields[columns.End], file, r),
                Percent(fields[columns.Rate], file, r),
                sourceParts.Count == 0 ? file : sourceParts.Count == 1 ? sourceParts[0] : string.Join("; ", sourceParts),
                columns.Confidence < 0 ? defaultVerification : Verification(fields[columns.Confidence], file, r)));
        }

        var result = new List<ReferenceRate>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            LocalDate? last = row.End ?? (i + 1 < rows.Count ? rows[i + 1].Start.PlusDays(-1) : null);
            try
            {
                result.Add(new ReferenceRate(row.Start, last, row.Rate, row.Source, row.Verification));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"{file}: the row starting {Iso(row.Start)} is invalid: {ex.Message}", ex);
            }
        }

        return result;
    }

    internal static int Column(string[] header, string name, string file)
    {
        int index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new FormatException($"{file}: column '{name}' not found in header '{string.Join(",", header)}'.");
    }

    private static int FirstOf(string[] header, string[] names, string file, bool required)
    {
        foreach (string name in names)
        {
            int index = Array.IndexOf(header, name);
            if (index >= 0)
            {
                return index;
            }
        }

        return required
            ? throw new FormatException($"{file}: none of the columns {string.Join(", ", names)} found in header '{string.Join(",", header)}'.")
            : -1;
    }

    /// <summary>An ISO date <c>uuuu-MM-dd</c>, parsed by hand (NodaTime's pattern parser costs about a microsecond a date).</summary>
    internal static LocalDate Date(string text, string file, int line)
    {
        if (TryIsoDate(text.AsSpan().Trim(), out LocalDate date))
        {
            return date;
        }

        throw new FormatException($"{file} line {line + 1}: '{text}' is not an ISO date (yyyy-MM-dd).");
    }

    internal static bool TryIsoDate(ReadOnlySpan<char> s, out LocalDate date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        int year = 0, month = 0, day = 0;
        for (int i = 0; i < 10; i++)
        {
            if (i == 4 || i == 7)
            {
                continue;
            }

            int digit = s[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return false;
            }

            if (i < 4)
            {
                year = (year * 10) + digit;
            }
            else if (i < 7)
            {
                month = (month * 10) + digit;
            }
            else
            {
                day = (day * 10) + digit;
            }
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = new LocalDate(year, month, day);
        return true;
    }

    internal static decimal Percent(string text, string file, int line)
        => decimal.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal percent)
            ? percent / 100m
            : throw new FormatException($"{file} line {line + 1}: '{text}' is not a percentage (invariant culture, '.' as decimal point).");

    internal static RateVerification Verification(string text, string file, int line) => text.Trim() switch
    {
        "verified" => RateVerification.Verified,
        "single-source" => RateVerification.SingleSource,
        "recalled" or "unverified" => RateVerification.Unverified,
        _ => throw new FormatException($"{file} line {line + 1}: confidence '{text}' is not verified, single-source, recalled or unverified."),
    };

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// RFC 4180 records: comma-separated, double-quoted fields may contain commas, line breaks and doubled quotes.
    /// Unquoted fields are cut out of the text with one substring each; blank lines are skipped.
    /// </summary>
    private static List<string[]> ParseRecords(string text, string file)
    {
        var records = new List<string[]>();
        var fields = new List<string>(8);
        StringBuilder? quotedField = null;
        int i = 0;
        int n = text.Length;
        if (n > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < n)
        {
            // One record.
            fields.Clear();
            bool blank = true;
            while (true)
            {
                string value;
                if (i < n && text[i] == '"')
                {
                    blank = false;
                    quotedField ??= new StringBuilder();
                    quotedField.Clear();
                    i++;
                    while (true)
                    {
                        if (i >= n)
                        {
                            throw new FormatException($"{file}: unterminated quoted field in line {records.Count + 1}.");
                        }

                        char c = text[i++];
                        if (c == '"')
                        {
                            if (i < n && text[i] == '"')
                            {
                                quotedField.Append('"');
                                i++;
                                continue;
                            }

                            break;
                        }

                        quotedField.Append(c);
                    }

                    value = quotedField.ToString();
                    if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    {
                        throw new FormatException($"{file}: text after a closing quote in line {records.Count + 1}.");
                    }
                }
                else
                {
                    int start = i;
                    while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    {
                        i++;
                    }

                    value = i == start ? string.Empty : text.Substring(start, i - start);
                    blank &= value.Length == 0;
                }

                fields.Add(value);
                if (i < n && text[i] == ',')
                {
                    blank = false;
                    i++;
                    continue;
                }

                // End of record: \r\n, \n, \r or end of text.
                if (i < n && text[i] == '\r')
                {
                    i++;
                }

                if (i < n && text[i] == '\n')
                {
                    i++;
                }

                break;
            }

            if (!blank)
            {
                records.Add(fields.ToArray());
            }
        }

        return records;
    }
}
