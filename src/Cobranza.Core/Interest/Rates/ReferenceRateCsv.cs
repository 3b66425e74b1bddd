using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Core.Interest;

/// <summary>
/// Reads the embedded CSV files in <c>Interest/Rates/Data/</c> (the researched data, kept verbatim) into
/// <see cref="ReferenceRate"/> rows. Internal: the public surface is <see cref="ReferenceRateTables"/>.
/// </summary>
internal static class ReferenceRateCsv
{
    /// <summary>How to read one file.</summary>
    /// <param name="FileName">File name in <c>Interest/Rates/Data/</c>.</param>
    /// <param name="StartColumn">Column holding the first day a value applies.</param>
    /// <param name="EndColumn">Column holding the last day (inclusive), or null for a change table (a value applies until the day before the next row).</param>
    /// <param name="RateColumn">Column holding the rate in percent. Rows where it is empty are skipped (not seen: a gap).</param>
    /// <param name="SourceColumns">Columns joined with "; " into <see cref="ReferenceRate.Source"/>.</param>
    internal sealed record Layout(string FileName, string StartColumn, string? EndColumn, string RateColumn, params string[] SourceColumns);

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    internal static IReadOnlyList<ReferenceRate> Load(Layout layout)
    {
        string resource = "Cobranza.Core.Interest.Rates.Data." + layout.FileName;
        using Stream stream = typeof(ReferenceRateCsv).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded reference-rate data '{resource}' is missing from {typeof(ReferenceRateCsv).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), layout);
    }

    internal static IReadOnlyList<ReferenceRate> Parse(string text, Layout layout)
    {
        List<string[]> records = ParseRecords(text);
        if (records.Count == 0)
        {
            throw new FormatException($"{layout.FileName}: no header row.");
        }

        string[] header = records[0];
        int start = Column(header, layout.StartColumn, layout.FileName);
        int end = layout.EndColumn is null ? -1 : Column(header, layout.EndColumn, layout.FileName);
        int rate = Column(header, layout.RateColumn, layout.FileName);
        int confidence = Column(header, "confidence", layout.FileName);
        int[] sources = Array.ConvertAll(layout.SourceColumns, c => Column(header, c, layout.FileName));

        var rows = new List<(LocalDate Start, LocalDate? End, decimal Rate, string Source, RateVerification Verification)>();
        for (int r = 1; r < records.Count; r++)
        {
            string[] fields = records[r];
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{layout.FileName} line {r + 1}: {fields.Length} fields, header has {header.Length}.");
            }

            if (fields[rate].Length == 0)
            {
                continue;
            }

            var sourceParts = new List<string>(sources.Length);
            foreach (int s in sources)
            {
                if (fields[s].Length > 0)
                {
                    sourceParts.Add(fields[s]);
                }
            }

            rows.Add((
                Date(fields[start], layout.FileName, r),
                end < 0 ? null : Date(fields[end], layout.FileName, r),
                Percent(fields[rate], layout.FileName, r),
                string.Join("; ", sourceParts),
                Verification(fields[confidence], layout.FileName, r)));
        }

        var result = new List<ReferenceRate>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            LocalDate? last = row.End ?? (i + 1 < rows.Count ? rows[i + 1].Start.PlusDays(-1) : null);
            result.Add(new ReferenceRate(row.Start, last, row.Rate, row.Source, row.Verification));
        }

        return result;
    }

    private static int Column(string[] header, string name, string file)
    {
        int index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new FormatException($"{file}: column '{name}' not found in header '{string.Join(",", header)}'.");
    }

    private static LocalDate Date(string text, string file, int line)
    {
        ParseResult<LocalDate> parsed = IsoDate.Parse(text);
        return parsed.Success ? parsed.Value : throw new FormatException($"{file} line {line + 1}: '{text}' is not an ISO date.");
    }

    private static decimal Percent(string text, string file, int line)
        => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal percent)
            ? percent / 100m
            : throw new FormatException($"{file} line {line + 1}: '{text}' is not a percentage.");

    private static RateVerification Verification(string text, string file, int line) => text switch
    {
        "verified" => RateVerification.Verified,
        "single-source" => RateVerification.SingleSource,
        "recalled" => RateVerification.Unverified,
        _ => throw new FormatException($"{file} line {line + 1}: confidence '{text}' is not verified, single-source or recalled."),
    };

    /// <summary>RFC 4180 records: comma-separated, double-quoted fields may contain commas and doubled quotes.</summary>
    private static List<string[]> ParseRecords(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        records.Add(fields.ToArray());
                    }

                    fields.Clear();
                    field.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("Unterminated quoted field in reference-rate CSV.");
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields.ToArray());
        }

        return records;
    }
}
