using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Cobranza.Core.Interest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Issue 16 §1: the public loader, combining host rows with a built-in table, DI registration, the missing-rate message.</summary>
public sealed class ReferenceRateFileTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static string Embedded(string file)
    {
        using Stream stream = typeof(ReferenceRateTables).Assembly.GetManifestResourceStream("Cobranza.Core.Interest.Rates.Data." + file)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("ecb_mro.csv", ReferenceRateTables.EcbMainRefinancingId)]
    [InlineData("es_late_payment_commercial.csv", ReferenceRateTables.SpainLatePaymentCommercialId)]
    [InlineData("de_basiszinssatz.csv", ReferenceRateTables.GermanyBaseRateId)]
    [InlineData("gb_bank_rate.csv", ReferenceRateTables.BankOfEnglandBankRateId)]
    [InlineData("co_interes_bancario_corriente.csv", ReferenceRateTables.ColombiaBankingCurrentRateId)]
    [InlineData("fr_taux_interet_legal.csv", ReferenceRateTables.FranceLegalRateProfessionalId)]
    [InlineData("it_late_payment.csv", ReferenceRateTables.ItalyLatePaymentId)]
    public void ParseCsv_EmbeddedFile_GivesTheBuiltInRows(string file, string tableId)
    {
        // The public loader reads the embedded files' own format: every row equals the built-in table's (the last
        // built-in row is closed at CoveredUntil, the file's last change row is open).
        IReadOnlyList<ReferenceRate> parsed = ReferenceRateFile.ParseCsv(Embedded(file), file);
        IReadOnlyList<ReferenceRate> builtIn = ReferenceRateTables.Get(tableId).Rows;
        Assert.Equal(builtIn.Count, parsed.Count);
        for (int i = 0; i < parsed.Count - 1; i++)
        {
            Assert.Equal(builtIn[i], parsed[i]);
        }

        Assert.Equal(builtIn[^1].Start, parsed[^1].Start);
        Assert.Equal(builtIn[^1].Rate, parsed[^1].Rate);
        Assert.Equal(builtIn[^1].Source, parsed[^1].Source);
    }

    [Fact]
    public void ParseCsv_PortugalWithRateColumn_ReadsTheNamedColumn()
    {
        IReadOnlyList<ReferenceRate> parsed = ReferenceRateFile.ParseCsv(Embedded("pt_taxa_supletiva_comercial.csv"), rateColumn: "rate_dl62_2013_percent");
        Assert.Equal(ReferenceRateTables.PortugalCommercialLatePayment.Rows, parsed);
    }

    [Fact]
    public void ParseCsv_CanonicalHostFormat_PeriodAndChangeRowsAndDefaults()
    {
        const string csv = "start,end,rate_percent,source\r\n2026-07-01,2026-12-31,10.15,BOE-A-2026-1\r\n2027-01-01,,9.90,\"BOE, 2027\"\r\n2027-03-01,,9.40,x\r\n";
        IReadOnlyList<ReferenceRate> rows = ReferenceRateFile.ParseCsv(csv);
        Assert.Equal(
            [
                new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.1015m, "BOE-A-2026-1", RateVerification.Verified),
                new ReferenceRate(D(2027, 1, 1), D(2027, 2, 28), 0.099m, "BOE, 2027", RateVerification.Verified),
                new ReferenceRate(D(2027, 3, 1), null, 0.094m, "x", RateVerification.Verified),
            ],
            rows);
    }

    [Fact]
    public void ParseJson_SameRowsAsCsv()
    {
        const string json = """
            { "table": "ES-LATE-PAYMENT-COMMERCIAL",
              "rows": [
                { "start": "2026-07-01", "end": "2026-12-31", "ratePercent": 10.15, "source": "BOE-A-2026-1", "confidence": "single-source" },
                { "start": "2027-01-01", "end": null, "rate_percent": "9.90", "note": "ignored" }
              ] }
            """;
        IReadOnlyList<ReferenceRate> rows = ReferenceRateFile.ParseJson(json, "es.json");
        Assert.Equal(
            [
                new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.1015m, "BOE-A-2026-1", RateVerification.SingleSource),
                new ReferenceRate(D(2027, 1, 1), null, 0.099m, "es.json", RateVerification.Verified),
            ],
            rows);
        Assert.Equal(rows, ReferenceRateFile.ParseJson("[" + json[(json.IndexOf('[', StringComparison.Ordinal) + 1)..json.LastIndexOf(']')] + "]", "es.json"));
    }

    [Theory]
    [InlineData("start,rate_percent\n2026-02-30,1\n", "x.csv line 2: '2026-02-30' is not an ISO date (yyyy-MM-dd).")]
    [InlineData("start,rate_percent\n2026-02-01,1,5\n", "x.csv line 2: 3 fields, header has 2.")]
    [InlineData("start,rate_percent\n2026-02-01,1%\n", "x.csv line 2: '1%' is not a percentage (invariant culture, '.' as decimal point).")]
    [InlineData("date,rate_percent\n2026-02-01,1\n", "x.csv: none of the columns start, period_start, effective_date found in header 'date,rate_percent'.")]
    [InlineData("start,end,rate_percent\n2026-02-01,2026-01-01,1\n", "x.csv: the row starting 2026-02-01 is invalid: end must not be before start (2026-02-01) (was 2026-01-01). (Parameter 'end')")]
    public void ParseCsv_BadInput_ThrowsNamingTheLineAndValue(string csv, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ReferenceRateFile.ParseCsv(csv, "x.csv"));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rows":[{"end":"2026-01-01","ratePercent":1}]}""", "x.json row 0: \"start\" is missing.")]
    [InlineData("""[{"start":"2026-01-01","ratePercent":true}]""", "x.json row 0: \"ratePercent\" must be a number in percent (was True).")]
    [InlineData("""{"table":"x"}""", "x.json: no \"rows\" array.")]
    public void ParseJson_BadInput_ThrowsNamingTheRow(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ReferenceRateFile.ParseJson(json, "x.json"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ToCsvRow_RoundTripsThroughParseCsv()
    {
        var row = new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.1015m, "Res. 1, \"BOE\"", RateVerification.SingleSource);
        Assert.Equal("2026-07-01,2026-12-31,10.15,\"Res. 1, \"\"BOE\"\"\",single-source", ReferenceRateFile.ToCsvRow(row));
        Assert.Equal(row, Assert.Single(ReferenceRateFile.ParseCsv(ReferenceRateFile.CsvHeader + "\n" + ReferenceRateFile.ToCsvRow(row))));
    }

    [Fact]
    public void Combine_SpainWithNextHalfYear_CoversItWithoutOverlapOrGap()
    {
        var host = new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.1015m, "host copy of the BOE", RateVerification.Verified);
        ReferenceRateCombination combined = ReferenceRateTables.SpainLatePaymentCommercial.Combine([host]);
        Assert.Empty(combined.Overlaps);
        Assert.Empty(combined.Gaps);
        Assert.Equal(D(2026, 12, 31), combined.Table.CoveredUntil);
        Assert.Equal(host, combined.Table.GetRate(D(2026, 7, 7)));
        Assert.Equal(ReferenceRateTables.SpainLatePaymentCommercial.GetRate(D(2025, 8, 1)), combined.Table.GetRate(D(2025, 8, 1)));
        Assert.Same(ReferenceRateTables.SpainLatePaymentCommercial.Publication, combined.Table.Publication);
    }

    [Fact]
    public void Combine_HostRowInsideAChangeRow_SplitsItAndReportsTheOverlap()
    {
        // ECB MRO 2.15 % in force from 2025-06-11 (ecb_mro.csv); a host row for March 2025 .. July 2025 replaces
        // the days it covers: 2025-03-12..2025-04-22 (2.65 %), 2025-04-23..2025-06-10 (2.40 %), 2025-06-11..2025-07-31 (2.15 %).
        ReferenceRateTable ecb = ReferenceRateTables.EcbMainRefinancing;
        var host = new ReferenceRate(D(2025, 4, 1), D(2025, 7, 31), 0.03m, "test", RateVerification.Verified);
        ReferenceRateCombination combined = ecb.Combine([host]);
        Assert.Equal(
            [(D(2025, 4, 1), D(2025, 4, 22)), (D(2025, 4, 23), D(2025, 6, 10)), (D(2025, 6, 11), D(2025, 7, 31))],
            combined.Overlaps.Select(o => (o.From, o.To)));
        Assert.All(combined.Overlaps, o => Assert.False(o.SameRate));
        Assert.Equal(ecb.GetRate(D(2025, 3, 31)).Rate, combined.Table.GetRate(D(2025, 3, 31)).Rate);
        Assert.Equal(D(2025, 3, 31), combined.Table.GetRate(D(2025, 3, 31)).End);
        Assert.Equal(host, combined.Table.GetRate(D(2025, 5, 1)));
        Assert.Equal(0.0215m, combined.Table.GetRate(D(2025, 8, 1)).Rate);
        Assert.Equal(D(2025, 8, 1), combined.Table.GetRate(D(2025, 8, 1)).Start);
        Assert.Empty(combined.Gaps);
        Assert.Equal(ecb.Rows.Count, combined.Table.Rows.Count); // 2025-03-12 and 2025-06-11 cut, 2025-04-23 replaced whole, the host row added
    }

    [Fact]
    public void Combine_SkippedHalfYear_IsReportedAsAGapWithDates()
    {
        var host = new ReferenceRate(D(2027, 1, 1), D(2027, 6, 30), 0.10m, "host", RateVerification.Verified);
        ReferenceRateCombination combined = ReferenceRateTables.SpainLatePaymentCommercial.Combine([host]);
        DateInterval gap = Assert.Single(combined.Gaps);
        Assert.Equal(new DateInterval(D(2026, 7, 1), D(2026, 12, 31)), gap);
        Assert.Contains("gap 2026-07-01 to 2026-12-31", combined.ToString(), StringComparison.Ordinal);
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => combined.Table.GetRate(D(2026, 9, 1)));
        Assert.Equal(D(2026, 7, 1), ex.MissingFrom);
        Assert.Equal(D(2026, 12, 31), ex.MissingTo);
    }

    [Fact]
    public void Combine_OpenEndedHostRowWithoutCoveredUntil_ThrowsAndNeverCarriesForward()
    {
        var open = new ReferenceRate(D(2026, 3, 1), null, 0.02m, "host", RateVerification.Verified);
        var ex = Assert.Throws<ArgumentException>(() => ReferenceRateTables.EcbMainRefinancing.Combine([open]));
        Assert.Contains("pass coveredUntil", ex.Message, StringComparison.Ordinal);
        ReferenceRateTable table = ReferenceRateTables.EcbMainRefinancing.Combine([open], D(2026, 12, 7)).Table;
        Assert.Equal(D(2026, 12, 7), table.CoveredUntil);
        Assert.Throws<ReferenceRateUnavailableException>(() => table.GetRate(D(2026, 12, 8)));
    }

    [Fact]
    public void Combine_HostRowsOverlappingEachOther_Throws()
    {
        var a = new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.10m, "a", RateVerification.Verified);
        var b = new ReferenceRate(D(2026, 12, 1), D(2027, 6, 30), 0.11m, "b", RateVerification.Verified);
        var ex = Assert.Throws<ArgumentException>(() => ReferenceRateTables.SpainLatePaymentCommercial.Combine([a, b]));
        Assert.Contains("row 1 starts 2026-12-01, row 0 ends 2026-12-31", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRate_SpainAfterCoverage_MessageNamesTablePeriodSourceAndRow()
    {
        // Issue 16: late interest on a Spanish invoice overdue now failed with only "its last covered date is 2026-06-30".
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => ReferenceRateTables.SpainLatePaymentCommercial.GetRate(D(2026, 7, 7)));
        Assert.Equal(D(2026, 7, 1), ex.MissingFrom);
        Assert.Equal(D(2026, 12, 31), ex.MissingTo);
        Assert.Equal("2026-07-01,2026-12-31,<rate_percent>,<official reference>,verified", ex.RowToAdd);
        Assert.StartsWith("BOE: resolución de la Secretaría General del Tesoro", ex.OfficialSource, StringComparison.Ordinal);
        Assert.Equal(
            "Reference rate table 'ES-LATE-PAYMENT-COMMERCIAL' (Spain: tipo legal de interés de demora en operaciones comerciales (half-year)) has no rate for 2026-07-07: "
            + "its last covered date is 2026-06-30 (last updated 2026-02-28). Missing period: 2026-07-01 to 2026-12-31. "
            + "Official source: BOE: resolución de la Secretaría General del Tesoro y Financiación Internacional por la que se publica el tipo legal de interés de demora aplicable a las operaciones comerciales (Ley 3/2004 art. 7.2); "
            + "new values appear in the first days of January and July, for the half-year that starts then. "
            + "Add the row '2026-07-01,2026-12-31,<rate_percent>,<official reference>,verified' (columns start,end,rate_percent,source,confidence) "
            + "to a rate file registered with AddCobranza(c => c.AddRateFile(\"ES-LATE-PAYMENT-COMMERCIAL\", path)), or combine it with ReferenceRateTable.Combine and supply it through an IReferenceRateProvider.",
            ex.Message);
    }

    [Fact]
    public void GetRate_ColombiaGapMonth_MissingPeriodIsTheMonth()
    {
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => ReferenceRateTables.ColombiaBankingCurrentRate.GetRate(D(2024, 5, 15)));
        Assert.Equal(D(2024, 5, 1), ex.MissingFrom);
        Assert.Equal(D(2024, 5, 31), ex.MissingTo);
        Assert.Equal("2024-05-01,2024-05-31,<rate_percent>,<official reference>,verified", ex.RowToAdd);
    }

    [Fact]
    public void AddRateFile_SpainNextHalfYear_ResolvesThroughTheDiProviderWithTheBuiltInRows()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cobranza-es-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "start,end,rate_percent,source,confidence\n2026-07-01,2026-12-31,10.15,BOE (test copy),verified\n");
        try
        {
            var services = new ServiceCollection();
            services.AddCobranza(c => c.AddRateFile(ReferenceRateTables.SpainLatePaymentCommercialId, path));
            using ServiceProvider sp = services.BuildServiceProvider();
            IReferenceRateProvider rates = sp.GetRequiredService<IReferenceRateProvider>();
            RateSchedule schedule = StatutoryPresets.Spain().Resolve(D(2026, 6, 1), D(2026, 7, 31), rates);
            Assert.Equal([0.1015m, 0.1015m], schedule.Periods.Select(p => p.AnnualRate)); // 2026-H1 (built-in, BOE 10.15 %) and 2026-H2 (host)
            Assert.Contains("BOE (test copy)", schedule.Periods[1].Source, StringComparison.Ordinal);

            var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.Spain().Resolve(D(2027, 1, 1), D(2027, 1, 31), rates));
            Assert.Contains("its last covered date is 2026-12-31", ex.Message, StringComparison.Ordinal);
            Assert.Equal(D(2027, 6, 30), ex.MissingTo);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddRateStream_UnknownTable_IsTheTable()
    {
        var services = new ServiceCollection();
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("""[{"start":"2026-01-01","end":"2026-12-31","ratePercent":4}]"""));
        services.AddCobranza(c => c.AddRateStream("HOST-CONTRACT-RATE", json, ReferenceRateFileFormat.Json));
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.True(sp.GetRequiredService<IReferenceRateProvider>().TryGetRate("HOST-CONTRACT-RATE", D(2026, 5, 5), out ReferenceRate? rate));
        Assert.Equal(0.04m, rate!.Rate);
    }

    [Fact]
    public void Lookup_HostTableWithLaterRowsOnly_BuiltInStillAnswersEarlierDates_AndTheMessageIsTheHosts()
    {
        // Precedence (IReferenceRateProvider docs): the built-in table answers what the host does not cover.
        var later = new ReferenceRateTable(ReferenceRateTables.SpainLatePaymentCommercialId, "host copy", "host", D(2027, 6, 30), D(2027, 6, 30),
            [new ReferenceRate(D(2027, 1, 1), D(2027, 6, 30), 0.10m, "host", RateVerification.Verified)]);
        var host = new TableReferenceRateProvider([later]);
        RateSchedule schedule = StatutoryPresets.Spain().Resolve(D(2025, 8, 1), D(2025, 8, 31), host);
        Assert.Equal(0.1015m, Assert.Single(schedule.Periods).AnnualRate);
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.Spain().Resolve(D(2026, 8, 1), D(2026, 8, 31), host));
        Assert.Contains("'ES-LATE-PAYMENT-COMMERCIAL' (host copy)", ex.Message, StringComparison.Ordinal);

        // Provisional: the latest value known before the date is the built-in 2026-H1 (10.15 %), not the host's.
        RatePeriod carried = Assert.Single(StatutoryPresets.Spain().Rate.Resolve(D(2026, 8, 1), D(2026, 8, 31), host, MissingRatePolicy.CarryForwardProvisional).Periods);
        Assert.True(carried.Provisional);
        Assert.Equal(0.1015m, carried.AnnualRate);
    }
}
