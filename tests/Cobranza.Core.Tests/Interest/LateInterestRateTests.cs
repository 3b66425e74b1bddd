using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class LateInterestRateTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    /// <summary>A host provider answering from a dictionary of (table, rate) pairs.</summary>
    internal sealed class FakeHost(params (string Table, ReferenceRate Rate)[] rates) : IReferenceRateProvider
    {
        public int Calls { get; private set; }

        public bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
        {
            Calls++;
            foreach ((string table, ReferenceRate r) in rates)
            {
                if (table == tableId && r.Covers(date))
                {
                    rate = r;
                    return true;
                }
            }

            rate = null;
            return false;
        }
    }

    [Fact]
    public void Resolve_SpainTable2025SecondHalf_Is10Point15Percent()
    {
        // BOE-A-2025-13217 (Resolución SGTFI 25 Jun 2025): 10.15 % for 2025-H2 = ECB 2.15 % + 8 points (Ley 3/2004 art. 7.2).
        // The row is verified since the 2026-11-24 review: two public tables (GitHub tipos_demora.py and a collections
        // app's late-interest table, see es_late_payment_commercial.csv) both give 10.15 for 2025-H2.
        RateSchedule schedule = LateInterestRate.Table(ReferenceRateTables.SpainLatePaymentCommercialId).Resolve(D(2025, 7, 1), D(2025, 12, 31));
        RatePeriod period = Assert.Single(schedule.Periods);
        Assert.Equal(0.1015m, period.AnnualRate);
        Assert.Equal(D(2025, 7, 1), period.Start);
        Assert.Equal(D(2026, 1, 1), period.End);
        Assert.Contains("BOE-A-2025-13217", period.Source, StringComparison.Ordinal);
        Assert.EndsWith("; verified]", period.Source, StringComparison.Ordinal);
    }

    [Theory]
    // es_late_payment_commercial.csv: 2026-H1 10.15 % is single-source (GitHub tipos_demora.py citing BOE-A-2025-27201);
    // 2019-H1 8.00 % is recalled (= ECB MRO 0.00 on 31 Dec 2018 + 8 points, Ley 3/2004 art. 7.2; no source seen).
    [InlineData(2026, 2, 1, 0.1015, "; single source, check the official publication]")]
    [InlineData(2019, 2, 1, 0.0800, "; UNVERIFIED, check the official publication]")]
    public void Resolve_SpainRowBelowVerified_SourceSaysSo(int y, int m, int d, double expected, string suffix)
    {
        RatePeriod period = Assert.Single(LateInterestRate.Table(ReferenceRateTables.SpainLatePaymentCommercialId).Resolve(D(y, m, d), D(y, m, d)).Periods);
        Assert.Equal((decimal)expected, period.AnnualRate);
        Assert.EndsWith(suffix, period.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EcbLastBeforeHalfYearPlus8_MatchesSpainTable2025H2()
    {
        // Ley 3/2004 art. 7.2: MRO of the last operation before 1 Jul 2025 (2.15 %, in force since 11 Jun 2025) + 8 = 10.15 %.
        RateSchedule schedule = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.08m, RateFixing.HalfYearLastBeforeStart)
            .Resolve(D(2025, 8, 15), D(2025, 12, 31));
        RatePeriod period = Assert.Single(schedule.Periods);
        Assert.Equal(0.1015m, period.AnnualRate);
        Assert.StartsWith("ECB-MRO 2.15 % in force on 2025-06-30 + 8 points = 10.15 %", period.Source, StringComparison.Ordinal);
    }

    [Theory]
    // Bundesbank: Basiszinssatz -0.88 % from 1 Jul 2016 (de_basiszinssatz.csv, verified). §288(2) BGB business: + 9
    // points = 8.12 %; §288(1) consumer: + 5 points = 4.12 %.
    [InlineData(0.09, 0.0812)]
    [InlineData(0.05, 0.0412)]
    public void Resolve_GermanyBaseRate2016SecondHalf_AddsSpread(double spread, double expected)
    {
        RateSchedule schedule = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, (decimal)spread, RateFixing.AsPublished)
            .Resolve(D(2016, 7, 1), D(2016, 12, 31));
        RatePeriod period = Assert.Single(schedule.Periods);
        Assert.Equal((decimal)expected, period.AnnualRate);
        Assert.Equal(D(2017, 1, 1), period.End);
    }

    [Fact]
    public void Resolve_GermanyAcrossBaseRateChange_SplitsOn1January()
    {
        // Basiszinssatz -0.88 % to 31 Dec 2022, 1.62 % from 1 Jan 2023 (Bundesbank, BAnz AT 28.12.22 B5; verified).
        RateSchedule schedule = StatutoryPresets.GermanyBusiness().Resolve(D(2022, 12, 1), D(2023, 1, 31));
        Assert.Equal(2, schedule.Periods.Count);
        Assert.Equal(0.0812m, schedule.Periods[0].AnnualRate);
        Assert.Equal(D(2023, 1, 1), schedule.Periods[0].End);
        Assert.Equal(0.1062m, schedule.Periods[1].AnnualRate);
        Assert.Equal(D(2023, 2, 1), schedule.Periods[1].End);
    }

    [Fact]
    public void Resolve_UkDebtLateOn2024_09_15_UsesBankRateOf30June2024FixedForLife()
    {
        // SI 2002/1675 art. 4: Bank Rate in force on 30 June before interest starts to run (Jul-Dec) + 8 %.
        // Bank Rate was 5.25 % on 30 Jun 2024 (from 3 Aug 2023) and fell to 5.00 % on 1 Aug 2024 (verified) and
        // 4.75 % on 7 Nov 2024: the debt keeps 13.25 % for its whole life.
        RateSchedule schedule = StatutoryPresets.UnitedKingdom().Resolve(D(2024, 9, 15), D(2025, 12, 31));
        RatePeriod period = Assert.Single(schedule.Periods);
        Assert.Equal(0.1325m, period.AnnualRate);
        Assert.Equal(D(2024, 9, 15), period.Start);
        Assert.Equal(D(2026, 1, 1), period.End);
        Assert.StartsWith("GB-BANK-RATE 5.25 % in force on 2024-06-30 + 8 points = 13.25 %", period.Source, StringComparison.Ordinal);
    }

    [Theory]
    // First half: rate in force on the previous 31 December. Bank Rate 3.75 % from 18 Dec 2025 (verified) -> 11.75 %.
    [InlineData(2026, 1, 1, 0.1175)]
    [InlineData(2026, 6, 30, 0.1175)]
    // Bank Rate 4.75 % on 31 Dec 2024 (cut 7 Nov 2024, single-source) -> 12.75 %.
    [InlineData(2025, 2, 10, 0.1275)]
    public void Resolve_UkFixingDate_IsPrecedingHalfYearEnd(int y, int m, int d, double expected)
    {
        // The debt's life may run beyond the table's covered-until: the rate is fixed, so nothing later is needed.
        RateSchedule schedule = StatutoryPresets.UnitedKingdom().Resolve(D(y, m, d), D(2030, 12, 31));
        Assert.Equal((decimal)expected, Assert.Single(schedule.Periods).AnnualRate);
    }

    [Fact]
    public void Resolve_EuDirective2024_UsesRateInForceOn1JanuaryAnd1July()
    {
        // Directive 2011/7/EU half-year rule: ECB MRO 4.50 % on 1 Jan 2024 (from 20 Sep 2023) and 4.25 % on 1 Jul 2024
        // (from 12 Jun 2024), both verified; + 8 points. The 18 Sep 2024 cut does not change the second half-year.
        RateSchedule schedule = StatutoryPresets.EuDirective().Resolve(D(2024, 3, 10), D(2024, 10, 31));
        Assert.Equal(2, schedule.Periods.Count);
        Assert.Equal(0.125m, schedule.Periods[0].AnnualRate);
        Assert.Equal(D(2024, 3, 10), schedule.Periods[0].Start);
        Assert.Equal(D(2024, 7, 1), schedule.Periods[0].End);
        Assert.Equal(0.1225m, schedule.Periods[1].AnnualRate);
        Assert.Equal(D(2024, 11, 1), schedule.Periods[1].End);
    }

    [Fact]
    public void Resolve_Italy2025FirstHalf_MatchesPublishedMefRate()
    {
        // MEF comunicato GU n. 63 of 17 Mar 2025 (verified): reference 3.15 % + 8 = 11.15 % for 2025-H1 (D.Lgs. 231/2002 art. 5).
        Assert.Equal(0.1115m, Assert.Single(StatutoryPresets.Italy().Resolve(D(2025, 1, 1), D(2025, 6, 30)).Periods).AnnualRate);
        Assert.Equal(0.1115m, ReferenceRateTables.ItalyLatePayment.GetRate(D(2025, 3, 1)).Rate);
    }

    [Fact]
    public void Resolve_France2024FirstHalf_IsEcbPlus10()
    {
        // Code de commerce L441-10 II: ECB rate in force on 1 Jan 2024 (4.50 %, verified) + 10 points = 14.50 %.
        Assert.Equal(0.145m, Assert.Single(StatutoryPresets.France().Resolve(D(2024, 2, 1), D(2024, 6, 30)).Periods).AnnualRate);
    }

    [Fact]
    public void Resolve_ColombiaUsuryRateMonthly_IsOneAndAHalfTimesIbc()
    {
        // SFC certifications (co_interes_bancario_corriente.csv): IBC Dec 2025 16.68 %, Jan 2026 16.24 % (usury 24.36 %
        // published, semana.com), Feb 2026 16.82 % (usury 25.23 %). Código de Comercio art. 884: usury = 1.5 x IBC.
        RateSchedule schedule = StatutoryPresets.Colombia().Resolve(D(2025, 12, 20), D(2026, 2, 10));
        Assert.Equal(3, schedule.Periods.Count);
        Assert.Equal(0.2502m, schedule.Periods[0].AnnualRate);
        Assert.Equal(0.2436m, schedule.Periods[1].AnnualRate);
        Assert.Equal(0.2523m, schedule.Periods[2].AnnualRate);
        Assert.Equal(D(2026, 1, 1), schedule.Periods[0].End);
        Assert.Equal(D(2026, 2, 1), schedule.Periods[1].End);
        Assert.StartsWith("1.5 × CO-IBC-CONSUMO-ORDINARIO 16.24 % in force on 2026-01-01 = 24.36 %", schedule.Periods[1].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ColombiaMarch2026_KeepsExactMultipleBelowRoundedPublishedUsury()
    {
        // IBC Mar 2026 17.01 % (valoraanalitik.com 2026-02-27); published usury 25.52 % is 1.5 x 17.01 = 25.515 %
        // rounded to two decimals. The library keeps the exact multiple, so the cap is never above 1.5 x IBC (art. 884).
        Assert.Equal(0.25515m, Assert.Single(StatutoryPresets.Colombia().Resolve(D(2026, 3, 1), D(2026, 3, 31)).Periods).AnnualRate);
    }

    [Fact]
    public void Resolve_ColombiaAgreedRateAboveUsury_IsCappedAndSaysSo()
    {
        // Agreed 25 % EA: below the usury rate in Dec 2025 (25.02 %) and Feb 2026 (25.23 %), above it in Jan 2026 (24.36 %).
        RateSchedule schedule = StatutoryPresets.Colombia(0.25m).Resolve(D(2025, 12, 1), D(2026, 2, 28));
        Assert.Equal(3, schedule.Periods.Count);
        Assert.False(schedule.Periods[0].Capped);
        Assert.Equal(0.25m, schedule.Periods[0].AnnualRate);
        Assert.True(schedule.Periods[1].Capped);
        Assert.Equal(0.2436m, schedule.Periods[1].AnnualRate);
        Assert.Equal(0.25m, schedule.Periods[1].UncappedRate);
        Assert.StartsWith("cap 1.5 × CO-IBC-CONSUMO-ORDINARIO 16.24 %", schedule.Periods[1].Source, StringComparison.Ordinal);
        Assert.Contains("replaces 25 %: Agreed moratory rate (effective annual)", schedule.Periods[1].Source, StringComparison.Ordinal);
        Assert.False(schedule.Periods[2].Capped);
        Assert.Null(schedule.Periods[2].UncappedRate);
    }

    [Fact]
    public void Resolve_ColombiaGapInTable_ThrowsNamingLastCoveredDate()
    {
        // No certification in the file for May 2024 (SOURCES.md §5): an error, never April's rate.
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.Colombia(0.2m).Resolve(D(2024, 4, 20), D(2024, 5, 31)));
        Assert.Equal(D(2024, 4, 30), ex.LastCoveredDate);
        Assert.Equal(D(2024, 5, 1), ex.Date);
    }

    [Fact]
    public void Resolve_AfterCoveredUntilWithoutHost_ThrowsNamingLastCoveredDate()
    {
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.Spain().Resolve(D(2026, 6, 1), D(2026, 7, 15)));
        Assert.Equal(D(2026, 7, 1), ex.Date);
        Assert.Equal(D(2026, 6, 30), ex.LastCoveredDate);
        Assert.Contains("its last covered date is 2026-06-30", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HostCoversDateAfterCoveredUntil_UsesHostRate()
    {
        // A host's hypothetical 2026-H2 figure; the built-in table stops at 2026-06-30.
        var host = new FakeHost((ReferenceRateTables.SpainLatePaymentCommercialId,
            new ReferenceRate(D(2026, 7, 1), D(2026, 12, 31), 0.1040m, "host: BOE 2026-H2", RateVerification.Verified)));
        RateSchedule schedule = StatutoryPresets.Spain().Resolve(D(2026, 6, 1), D(2026, 7, 15), host);
        Assert.Equal(2, schedule.Periods.Count);
        Assert.Equal(0.1015m, schedule.Periods[0].AnnualRate);
        Assert.Equal(0.104m, schedule.Periods[1].AnnualRate);
        Assert.Contains("host: BOE 2026-H2; verified", schedule.Periods[1].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HostCoversBuiltInDate_HostOverridesBuiltIn()
    {
        var host = new FakeHost((ReferenceRateTables.EcbMainRefinancingId,
            new ReferenceRate(D(2025, 1, 1), null, 0.03m, "host: ECB feed", RateVerification.Verified)));
        RateSchedule schedule = StatutoryPresets.EuDirective().Resolve(D(2025, 7, 1), D(2025, 12, 31), host);
        Assert.Equal(0.11m, Assert.Single(schedule.Periods).AnnualRate);
    }

    [Fact]
    public void Resolve_HostOnlyTable_UsesHostAndFailsWithoutIt()
    {
        var host = new TableReferenceRateProvider(
        [
            new ReferenceRateTable("CL-TMC", "Chile tasa máxima convencional", "CMF", D(2025, 1, 31), D(2025, 1, 31),
                [new ReferenceRate(D(2025, 1, 1), D(2025, 1, 31), 0.3m, "CMF Jan 2025 (test value)", RateVerification.Verified)]),
        ]);
        LateInterestRate rate = LateInterestRate.Table("CL-TMC", RateFixing.MonthlyInForceOnFirstDay);
        Assert.Equal(0.3m, Assert.Single(rate.Resolve(D(2025, 1, 10), D(2025, 1, 31), host).Periods).AnnualRate);

        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => rate.Resolve(D(2025, 1, 10), D(2025, 1, 31)));
        Assert.Equal("Reference rate table 'CL-TMC' is not built in and no IReferenceRateProvider was supplied, so there is no rate for 2025-01-01.", ex.Message);
    }

    [Fact]
    public void Resolve_HostAnswersWithRateNotCoveringDate_Throws()
    {
        var host = new LyingHost();
        var ex = Assert.Throws<InvalidOperationException>(() => LateInterestRate.Table("ECB-MRO").Resolve(D(2025, 1, 1), D(2025, 1, 2), host));
        Assert.Contains("does not cover that date", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LastDayBeforeFirstDay_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateInterestRate.Fixed(0.06m, "x").Resolve(D(2025, 1, 2), D(2025, 1, 1)));
        Assert.Equal("lastDay", ex.ParamName);
        Assert.Contains("(was 2025-01-01)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FixedRate_OnePeriodOverTheRange()
    {
        RatePeriod period = Assert.Single(StatutoryPresets.Mexico().Resolve(D(2025, 1, 1), D(2025, 1, 1)).Periods);
        // Código de Comercio art. 362: 6 % a year.
        Assert.Equal(0.06m, period.AnnualRate);
        Assert.Equal(D(2025, 1, 2), period.End);
    }

    [Theory]
    [InlineData(10.0001)]
    [InlineData(-1.0001)]
    public void Fixed_RateOutOfBounds_ThrowsNamingValue(double rate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateInterestRate.Fixed((decimal)rate, "x"));
        Assert.Equal("annualRate", ex.ParamName);
        Assert.Contains(((decimal)rate).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceMultiple_NonPositiveMultiplier_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateInterestRate.ReferenceMultiple("ECB-MRO", 0m, RateFixing.AsPublished));
        Assert.Equal("multiplier", ex.ParamName);
    }

    [Fact]
    public void CappedAt_Null_Throws()
        => Assert.Equal("cap", Assert.Throws<ArgumentNullException>(() => LateInterestRate.Fixed(0.1m, "x").CappedAt(null!)).ParamName);

    private sealed class LyingHost : IReferenceRateProvider
    {
        public bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
        {
            rate = new ReferenceRate(date.PlusDays(10), null, 0.01m, "wrong", RateVerification.Verified);
            return true;
        }
    }
}
