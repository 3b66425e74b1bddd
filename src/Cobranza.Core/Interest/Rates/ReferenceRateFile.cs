using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Reads reference-rate rows from CSV or JSON text: the format of the built-in tables' files
/// (<c>src/Cobranza.Core/Interest/Rates/Data/*.csv</c>), so a host can keep a table current with the official
/// values it copies in, and combine them with a built-in table (<see cref="ReferenceRateTable.Combine"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>CSV</b> (RFC 4180, UTF-8, invariant culture, header row required, columns found by name, in any order):
/// <c>start,end,rate_percent,source,confidence</c>. <c>start</c> (also <c>period_start</c>, <c>effective_date</c>)
/// is the first day a value applies, ISO <c>yyyy-MM-dd</c>. <c>end</c> (also <c>period_end</c>; optional) is the
/// last day, inclusive; empty or absent means "until the day before the next row" (a change table), and on the
/// last row "until the table's covered-until date". <c>rate_percent</c> (also <c>rate_percent_effective_annual</c>)
/// is the rate in percent as published (<c>10.15</c> is 10.15 %); a row with an empty rate is skipped (a value not
/// seen: a gap). <c>source</c> (also <c>boe_reference</c>, <c>resolution</c>, <c>aviso</c>, <c>kind</c>; optional,
/// joined with "; ") names the official publication. <c>confidence</c> (optional) is <c>verified</c>,
/// <c>single-source</c> or <c>recalled</c>/<c>unverified</c> (<see cref="RateVerification"/>); without the
/// column every row takes the <c>defaultVerification</c> argument, <see cref="RateVerification.Verified"/>
/// unless told otherwise (a host's file is its own official series).
/// </para>
/// <para>
/// <b>JSON</b>: <c>{"rows":[{"start":"2026-07-01","end":"2026-12-31","ratePercent":10.15,"source":"BOE-A-2026-…","confidence":"verified"}]}</c>
/// or the bare array. <c>ratePercent</c> (also <c>rate_percent</c>) is a JSON number or a string holding one, read
/// exactly as <see cref="decimal"/>; <c>end</c>, <c>source</c> and <c>confidence</c> are optional as in CSV;
/// other properties are ignored.
/// </para>
/// <para>Errors are <see cref="FormatException"/>s naming the file, the line (CSV) or row index (JSON) and the value.</para>
/// </remarks>
/// <example>
/// <code>
/// // Spain 2026-H2, copied from the BOE resolution of early July 2026 (figure illustrative):
/// var rows = ReferenceRateFile.ParseCsv("start,end,rate_percent,source\n2026-07-01,2026-12-31,10.15,BOE-A-2026-00000\n");
/// ReferenceRateCombination spain = ReferenceRateTables.SpainLatePaymentCommercial.Combine(rows);
/// var host = new TableReferenceRateProvider([spain.Table]);
/// </code>
/// </example>
public static class ReferenceRateFile
{
    /// <summary>The header of the canonical CSV format: <c>start,end,rate_percent,source,confidence</c>.</summary>
    public const string CsvHeader = "start,end,rate_percent,source,confidence";

    /// <summary>Parses CSV text.</summary>
    /// <param name="text">The text, header first.</param>
    /// <param name="name">A name for messages (the file name); default "reference-rate CSV".</param>
    /// <param name="rateColumn">The rate column when the file has several (e.g. <c>rate_dl62_2013_percent</c>); default: the first of <c>rate_percent</c>, <c>rate_percent_effective_annual</c>.</param>
    /// <param name="defaultVerification">The verification of rows when the file has no <c>confidence</c> column.</param>
    /// <returns>The rows, in file order, each with a closed end except perhaps the last.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not in the format; the message names the line and the value.</exception>
    public static IReadOnlyList<ReferenceRate> ParseCsv(string text, string? name = null, string? rateColumn = null, RateVerification defaultVerification = RateVerification.Verified)
        => ReferenceRateCsv.ParseDetected(Guard.NotNull(text), name ?? "reference-rate CSV", rateColumn, defaultVerification);

    /// <summary>Parses JSON text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="name">A name for messages (the file name); default "reference-rate JSON".</param>
    /// <param name="defaultVerification">The verification of rows without a <c>confidence</c>.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not in the format; the message names the row and the value.</exception>
    public static IReadOnlyList<ReferenceRate> ParseJson(string json, string? name = null, RateVerification defaultVerification = RateVerification.Verified)
        => ParseJson(Encoding.UTF8.GetBytes(Guard.NotNull(json)), name ?? "reference-rate JSON", defaultVerification);

    /// <summary>Reads a UTF-8 stream (the stream is read to its end, not closed).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="format">The format.</param>
    /// <param name="name">A name for messages (the file name).</param>
    /// <param name="defaultVerification">The verification of rows without a confidence.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not defined.</exception>
    /// <exception cref="FormatException">The content is not in the format.</exception>
    public static IReadOnlyList<ReferenceRate> Read(Stream stream, ReferenceRateFileFormat format, string? name = null, RateVerification defaultVerification = RateVerification.Verified)
    {
        Guard.NotNull(stream);
        switch (format)
        {
            case ReferenceRateFileFormat.Csv:
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
                return ParseCsv(reader.ReadToEnd(), name, null, defaultVerification);
            }

            case ReferenceRateFileFormat.Json:
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return ParseJson(buffer.ToArray(), name ?? "reference-rate JSON", defaultVerification);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, $"format must be a defined ReferenceRateFileFormat (was {(int)format}).");
        }
    }

    /// <summary>The format a file name implies: <see cref="ReferenceRateFileFormat.Json"/> for <c>.json</c>, otherwise <see cref="ReferenceRateFileFormat.Csv"/>.</summary>
    /// <param name="fileName">The file name or path.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is null.</exception>
    public static ReferenceRateFileFormat FormatOf(string fileName)
        => Guard.NotNull(fileName).EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReferenceRateFileFormat.Json : ReferenceRateFileFormat.Csv;

    /// <summary>One row in the canonical CSV format (<see cref="CsvHeader"/>), quoted where needed: what a host appends to its file.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The CSV line, without a line break.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    public static string ToCsvRow(ReferenceRate row)
    {
        Guard.NotNull(row);
        string end = row.End is { } e ? Iso(e) : string.Empty;
        string confidence = row.Verification switch
        {
            RateVerification.Verified => "verified",
            RateVerification.SingleSource => "single-source",
            _ => "unverified",
        };
        return $"{Iso(row.Start)},{end},{row.RatePercent.ToString("0.############################", CultureInfo.InvariantCulture)},{Quote(row.Source)},{confidence}";
    }

    private static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<ReferenceRate> ParseJson(byte[] utf8, string name, RateVerification defaultVerification)
    {
        var rows = new List<(LocalDate Start, LocalDate? End, decimal Rate, string Source, RateVerification Verification)>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Read(ref reader, name);
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                bool found = false;
                while (Read(ref reader, name) && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("rows"u8))
                    {
                        Read(ref reader, name);
                        ReadRows(ref reader, name, defaultVerification, rows);
                        found = true;
                    }
                    else
                    {
                        Read(ref reader, name);
                        reader.Skip();
                    }
                }

                if (!found)
                {
                    throw new FormatException($"{name}: no \"rows\" array.");
                }
            }
            else
            {
                ReadRows(ref reader, name, defaultVerification, rows);
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{name}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
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
                throw new FormatException($"{name} row {i}: {ex.Message}", ex);
            }
        }

        return result;
    }

    private static void ReadRows(ref Utf8JsonReader reader, string name, RateVerification defaultVerification, List<(LocalDate, LocalDate?, decimal, string, RateVerification)> rows)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"{name}: expected an array of rows, found {reader.TokenType}.");
        }

        while (Read(ref reader, name) && reader.TokenType != JsonTokenType.EndArray)
        {
            int index = rows.Count;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"{name} row {index}: expected an object, found {reader.TokenType}.");
            }

            LocalDate? start = null, end = null;
            decimal? rate = null;
            string? source = null;
            RateVerification verification = defaultVerification;
            while (Read(ref reader, name) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("start"u8))
                {
                    Read(ref reader, name);
                    start = JsonDate(ref reader, name, index, "start");
                }
                else if (reader.ValueTextEquals("end"u8))
                {
                    Read(ref reader, name);
                    end = reader.TokenType == JsonTokenType.Null ? null : JsonDate(ref reader, name, index, "end");
                }
                else if (reader.ValueTextEquals("ratePercent"u8) || reader.ValueTextEquals("rate_percent"u8))
                {
                    Read(ref reader, name);
                    rate = JsonPercent(ref reader, name, index);
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    Read(ref reader, name);
                    source = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                }
                else if (reader.ValueTextEquals("confidence"u8))
                {
                    Read(ref reader, name);
                    string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    verification = text switch
                    {
                        "verified" => RateVerification.Verified,
                        "single-source" => RateVerification.SingleSource,
                        "recalled" or "unverified" => RateVerification.Unverified,
                        _ => throw new FormatException($"{name} row {index}: \"confidence\" '{text}' is not verified, single-source, recalled or unverified."),
                    };
                }
                else
                {
                    Read(ref reader, name);
                    reader.Skip();
                }
            }

            rows.Add((
                start ?? throw new FormatException($"{name} row {index}: \"start\" is missing."),
                end,
                rate ?? throw new FormatException($"{name} row {index}: \"ratePercent\" is missing."),
                string.IsNullOrWhiteSpace(source) ? name : source,
                verification));
        }
    }

    private static LocalDate JsonDate(ref Utf8JsonReader reader, string name, int index, string property)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text is not null && ReferenceRateCsv.TryIsoDate(text.AsSpan(), out LocalDate date)
            ? date
            : throw new FormatException($"{name} row {index}: \"{property}\" must be an ISO date string yyyy-MM-dd (was {(text is null ? reader.TokenType.ToString() : "'" + text + "'")}).");
    }

    private static decimal JsonPercent(ref Utf8JsonReader reader, string name, int index)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out decimal number))
        {
            return number / 100m;
        }

        if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal parsed))
        {
            return parsed / 100m;
        }

        throw new FormatException($"{name} row {index}: \"ratePercent\" must be a number in percent (was {reader.TokenType}).");
    }

    private static bool Read(ref Utf8JsonReader reader, string name)
        => reader.Read() ? true : throw new FormatException($"{name}: unexpected end of JSON.");
}
