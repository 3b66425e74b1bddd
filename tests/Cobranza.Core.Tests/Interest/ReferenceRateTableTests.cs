using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class ReferenceRateTableTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void All_BuiltInTables_LoadWithTheRowsOfTheirCsv()
    {
        // Row counts of src/Cobranza.Core/Interest/Rates/Data/*.csv (SOURCES.md §1-6); Portugal's general rate is
        // empty (not seen) for 2013-H2 and 2024-H2, so those half-years are gaps, not rows.
        Dictionary<string, int> expected = new()
        {
            [ReferenceRateTables.EcbMainRefinancingId] = 61,
            [ReferenceRateTables.SpainLatePaymentCommercialId] = 44,
            [ReferenceRateTables.GermanyBaseRateId] = 49,
            [ReferenceRateTables.BankOfEnglandBankRateId] = 67,
            [ReferenceRateTables.ColombiaBankingCurrentRateId] = 40,
            [ReferenceRateTables.ItalyLatePaymentId] = 18,
            [ReferenceRateTables.PortugalCommercialLatePaymentId] = 12,
            [ReferenceRateTables.PortugalCommercialGeneralId] = 10,
            [ReferenceRateTables.FranceLegalRateProfessionalId] = 23,
        };
        Assert.Equal(expected.Count, ReferenceRateTables.All.Count);
        foreach (ReferenceRateTable table in ReferenceRateTables.All)
        {
            Assert.Equal(expected[table.Id], table.Rows.Count);
            Assert.Equal(new LocalDate(2026, 2, 28), table.LastUpdated);
            Assert.All(table.Rows, r => Assert.NotNull(r.End));
            Assert.Equal(table.CoveredUntil, table.Rows[^1].End);
        }
    }

    [Fact]
    public void Get_UnknownId_ThrowsNamingTheIdAndTheKnownIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReferenceRateTables.Get("XX-RATE"));
        Assert.Equal("id", ex.ParamName);
        Assert.Contains("'XX-RATE'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ECB-MRO", ex.Message, StringComparison.Ordinal);
        Assert.Same(ReferenceRateTables.EcbMainRefinancing, ReferenceRateTables.Get("ecb-mro"));
    }

    [Fact]
    public void GetRate_EcbOnChangeDate_ReturnsNewValueWithSourceAndVerification()
    {
        // ECB cut the MRO rate from 2.40 % to 2.15 % with effect from 11 June 2025 (ecb_mro.csv, verified).
        ReferenceRate rate = ReferenceRateTables.EcbMainRefinancing.GetRate(D(2025, 6, 11));
        Assert.Equal(0.0215m, rate.Rate);
        Assert.Equal(2.15m, rate.RatePercent);
        Assert.Equal(RateVerification.Verified, rate.Verification);
        Assert.Equal(D(2025, 6, 11), rate.Start);
        Assert.Equal(0.024m, ReferenceRateTables.EcbMainRefinancing.GetRate(D(2025, 6, 10)).Rate);
    }

    [Fact]
    public void GetRate_VariableRateTenderEra_SourceSaysMinimumBid()
    {
        // ecb_mro.csv: 2000-06-28 .. 2008-10-14 hold the minimum bid rate of variable-rate tenders (SOURCES.md §1).
        // 2.00 % from 2003-06-06: ECB key rates table as republished by bsi.si (Banka Slovenije) and the
        // nationalbanken.dk table of ECB rates (6 Jun 2003: 2.00), so the row is verified (review 2026-11-24).
        ReferenceRate rate = ReferenceRateTables.EcbMainRefinancing.GetRate(D(2005, 1, 1));
        Assert.Equal(0.02m, rate.Rate);
        Assert.Contains("variable_rate_minimum_bid", rate.Source, StringComparison.Ordinal);
        Assert.Equal(RateVerification.Verified, rate.Verification);
    }

    [Theory]
    // es_late_payment_commercial.csv: 2005-H1 verified (BOE-A-2005-1042: 9,09 por 100); 2019-H1 recalled (8.00,
    // no source seen; = ECB MRO 0.00 on 31 Dec 2018 + 8); 2026-H1 single-source (10.15: GitHub tipos_demora.py
    // citing BOE-A-2025-27201, whose stored excerpt stops before the figure).
    [InlineData(2005, 3, 1, 0.0909, RateVerification.Verified)]
    [InlineData(2019, 3, 1, 0.0800, RateVerification.Unverified)]
    [InlineData(2026, 3, 31, 0.1015, RateVerification.SingleSource)]
    public void GetRate_SpainHalfYears_ExposeVerification(int y, int m, int d, double expected, RateVerification verification)
    {
        ReferenceRate rate = ReferenceRateTables.SpainLatePaymentCommercial.GetRate(D(y, m, d));
        Assert.Equal((decimal)expected, rate.Rate);
        Assert.Equal(verification, rate.Verification);
    }

    [Theory]
    // co_interes_bancario_corriente.csv, rows added in the review of 2026-11-24 (SOURCES.md §5): Oct 2023 26.53 %
    // (Res. SFC 1520 of 2023, icef.com.co; Portafolio reprint names it as the previous certification) verified; Dec 2023
    // 25.04 % (Res. SFC 2074 of 2023, icef.co only) single-source; Jun 2024 20.56 % = usury 30.84 % / 1.5 (the only
    // two-decimal IBC that rounds to it; elnuevosiglo.com.co and larazon.co) verified.
    [InlineData(2023, 10, 15, 0.2653, RateVerification.Verified)]
    [InlineData(2023, 12, 31, 0.2504, RateVerification.SingleSource)]
    [InlineData(2024, 6, 1, 0.2056, RateVerification.Verified)]
    public void GetRate_ColombiaReviewedMonths_ExposeVerification(int y, int m, int d, double expected, RateVerification verification)
    {
        ReferenceRate rate = ReferenceRateTables.ColombiaBankingCurrentRate.GetRate(D(y, m, d));
        Assert.Equal((decimal)expected, rate.Rate);
        Assert.Equal(verification, rate.Verification);
    }

    [Fact]
    public void GetRate_PortugalFirstHalf2019_IsAvisoRates()
    {
        // pt_taxa_supletiva_comercial.csv 2019-H1: Aviso n.º 2553/2019, 7 % (§3) and 8 % (§5, DL 62/2013), ggadvogados.pt.
        Assert.Equal(0.08m, ReferenceRateTables.PortugalCommercialLatePayment.GetRate(D(2019, 6, 30)).Rate);
        Assert.Equal(0.07m, ReferenceRateTables.PortugalCommercialGeneral.GetRate(D(2019, 1, 1)).Rate);
        Assert.False(ReferenceRateTables.PortugalCommercialLatePayment.TryGetRate(D(2019, 7, 1), out _));
    }

    [Fact]
    public void GetRate_Spain2013FirstHalf_SplitAtRdl4of2013()
    {
        // BOE table (SOURCES.md §2): 7.75 % to 23 Feb 2013 (+7), 8.75 % from 24 Feb 2013 (+8, RDL 4/2013).
        Assert.Equal(0.0775m, ReferenceRateTables.SpainLatePaymentCommercial.GetRate(D(2013, 2, 23)).Rate);
        Assert.Equal(0.0875m, ReferenceRateTables.SpainLatePaymentCommercial.GetRate(D(2013, 2, 24)).Rate);
    }

    [Fact]
    public void GetRate_AfterCoveredUntil_ThrowsNamingTheLastCoveredDate()
    {
        var ex = Assert.Throws<ReferenceRateUnavailableException>(
            () => ReferenceRateTables.EcbMainRefinancing.GetRate(D(2026, 3, 1)));
        Assert.Equal("ECB-MRO", ex.TableId);
        Assert.Equal(D(2026, 3, 1), ex.Date);
        Assert.Equal(D(2026, 2, 28), ex.LastCoveredDate);
        Assert.Equal(
            "Reference rate table 'ECB-MRO' (ECB main refinancing operations rate) has no rate for 2026-03-01: its last covered date is 2026-02-28 (last updated 2026-02-28). "
            + "Missing period: 2026-03-01 to 2026-03-01. Official source: European Central Bank, key ECB interest rates (ecb.europa.eu, press release of each monetary policy decision); "
            + "new values appear after each monetary-policy meeting of the Governing Council (about every six weeks), with the date the new rate takes effect. "
            + "Add the row '2026-03-01,,<rate_percent>,<official reference>,verified' (columns start,end,rate_percent,source,confidence) "
            + "(one row per value in force in that period, each from the day it took effect; an open-ended last row needs coveredUntil 2026-03-01 or later) "
            + "to a rate file registered with AddCobranza(c => c.AddRateFile(\"ECB-MRO\", path)), or combine it with ReferenceRateTable.Combine and supply it through an IReferenceRateProvider.",
            ex.Message);
    }

    [Fact]
    public void GetRate_InAGap_ThrowsNamingTheLastCoveredDateBeforeIt()
    {
        // co_interes_bancario_corriente.csv has no row for May 2024 (SOURCES.md §5; April and June 2024 are rows):
        // no value is carried forward.
        var ex = Assert.Throws<ReferenceRateUnavailableException>(
            () => ReferenceRateTables.ColombiaBankingCurrentRate.GetRate(D(2024, 5, 15)));
        Assert.Equal(D(2024, 4, 30), ex.LastCoveredDate);
        Assert.Contains("gap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024-04-30", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024-06-01", ex.Message, StringComparison.Ordinal);
        Assert.False(ReferenceRateTables.ColombiaBankingCurrentRate.TryGetRate(D(2024, 5, 15), out ReferenceRate? none));
        Assert.Null(none);
    }

    [Fact]
    public void GetRate_BeforeFirstRow_ThrowsNamingTheStart()
    {
        var ex = Assert.Throws<ReferenceRateUnavailableException>(
            () => ReferenceRateTables.EcbMainRefinancing.GetRate(D(1998, 12, 31)));
        Assert.Null(ex.LastCoveredDate);
        Assert.Contains("the table starts on 1999-01-01", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LastCoveredOnOrBefore_GapAndCoveredDates_AreExact()
    {
        ReferenceRateTable co = ReferenceRateTables.ColombiaBankingCurrentRate;
        Assert.Equal(D(2024, 4, 30), co.LastCoveredOnOrBefore(D(2024, 5, 20)));
        Assert.Equal(D(2023, 6, 30), co.LastCoveredOnOrBefore(D(2023, 7, 20)));
        Assert.Equal(D(2025, 1, 5), co.LastCoveredOnOrBefore(D(2025, 1, 5)));
        Assert.Equal(D(2026, 3, 31), co.LastCoveredOnOrBefore(D(2027, 1, 1)));
        Assert.Null(co.LastCoveredOnOrBefore(D(2020, 12, 31)));
    }

    [Fact]
    public void Constructor_OverlappingRows_ThrowsNamingTheRows()
    {
        var rows = new[]
        {
            new ReferenceRate(D(2024, 1, 1), D(2024, 6, 30), 0.01m, "a", RateVerification.Verified),
            new ReferenceRate(D(2024, 6, 30), null, 0.02m, "b", RateVerification.Verified),
        };
        var ex = Assert.Throws<ArgumentException>(() => new ReferenceRateTable("T", "t", "s", D(2024, 7, 1), D(2024, 12, 31), rows));
        Assert.Equal("rows", ex.ParamName);
        Assert.Contains("row 1 starts 2024-06-30, row 0 ends 2024-06-30", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceRate_RateBeyondThousandPercent_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ReferenceRate(D(2024, 1, 1), null, 12m, "typo: 12 meant 12 %", RateVerification.Verified));
        Assert.Equal("rate", ex.ParamName);
        Assert.Contains("(was 12)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_QuotedFieldsWithCommas_AreOneField()
    {
        var layout = new ReferenceRateCsv.Layout("x.csv", "period_start", "period_end", "rate_percent", "source");
        IReadOnlyList<ReferenceRate> rows = ReferenceRateCsv.Parse(
            "period_start,period_end,rate_percent,source,confidence\n2025-01-01,2025-06-30,-0.88,\"a, \"\"b\"\"\",recalled\n", layout);
        ReferenceRate row = Assert.Single(rows);
        Assert.Equal(-0.0088m, row.Rate);
        Assert.Equal("a, \"b\"", row.Source);
        Assert.Equal(RateVerification.Unverified, row.Verification);
    }

    [Fact]
    public void Csv_UnknownConfidence_ThrowsNamingTheLine()
    {
        var layout = new ReferenceRateCsv.Layout("x.csv", "effective_date", null, "rate_percent", "source");
        var ex = Assert.Throws<FormatException>(() => ReferenceRateCsv.Parse("effective_date,rate_percent,source,confidence\n2025-01-01,1.00,s,probably\n", layout));
        Assert.Equal("x.csv line 2: confidence 'probably' is not verified, single-source, recalled or unverified.", ex.Message);
    }

    [Fact]
    public void Spain_From2009H2_EqualsEcbLastBeforeHalfYearPlusSpread()
    {
        // Ley 3/2004 art. 7.2: last MRO before the half-year + 7 points (+ 8 from 24 Feb 2013, RDL 4/2013).
        // SOURCES.md §2 states this identity for every row from 2009-H2; checked here against ecb_mro.csv.
        foreach (ReferenceRate row in ReferenceRateTables.SpainLatePaymentCommercial.Rows.Where(r => r.Start >= D(2009, 7, 1)))
        {
            LocalDate halfYearStart = new(row.Start.Year, row.Start.Month <= 6 ? 1 : 7, 1);
            decimal ecb = ReferenceRateTables.EcbMainRefinancing.GetRate(halfYearStart.PlusDays(-1)).Rate;
            decimal spread = row.Start >= D(2013, 2, 24) ? 0.08m : 0.07m;
            Assert.Equal(ecb + spread, row.Rate);
        }
    }

    [Fact]
    public void Germany_From2023_FollowsParagraph247FromVerifiedEcbRates()
    {
        // §247 BGB: the base rate moves on 1 Jan / 1 Jul by the change of the last MRO rate before that day since the
        // previous change. From the verified 1.62 % of 1 Jan 2023 (ECB 2.50 % then), SOURCES.md §3.
        decimal basis = 0.0162m;
        decimal lastEcb = 0.025m;
        for (LocalDate day = D(2023, 7, 1); day <= D(2026, 1, 1); day = day.PlusMonths(6))
        {
            decimal ecb = ReferenceRateTables.EcbMainRefinancing.GetRate(day.PlusDays(-1)).Rate;
            basis += ecb - lastEcb;
            lastEcb = ecb;
            Assert.Equal(basis, ReferenceRateTables.GermanyBaseRate.GetRate(day).Rate);
        }
    }
}
