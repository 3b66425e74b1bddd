using System;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>The regimes replaced by the 2013-2014 transpositions of Directive 2011/7/EU, and the selectors by contract date.</summary>
public sealed class HistoricalPresetTests
{
    [Fact]
    public void GermanyBusinessBefore2014_2009FirstHalf_BaseRatePlusEightIs9Point62()
    {
        // §288(2) BGB before 29 July 2014: "acht Prozentpunkte über dem Basiszinssatz" (jurmatix.de, "§ 288 Abs. 2 BGB
        // i.d.F. bis zum 28.07.2014"); Basiszinssatz 1.62 % from 2009-01-01 (built-in DE-BASISZINSSATZ row, verified:
        // Bundesbank press release) -> 9.62 %.
        RateSchedule schedule = StatutoryPresets.GermanyBusinessBefore2014().Resolve(new LocalDate(2009, 1, 1), new LocalDate(2009, 6, 30));
        Assert.Equal(0.0962m, Assert.Single(schedule.Periods).AnnualRate);
    }

    [Fact]
    public void GermanyBusinessBefore2014_DefaultIn2016_KeepsEightPoints()
    {
        // Art. 229 §34 EGBGB: the 2014 version applies only to obligations that arose after 28 July 2014, so an older
        // obligation late in 2016-H2 still bears base rate + 8: -0.88 + 8 = 7.12 % (Basiszinssatz -0.88 from
        // 2016-07-01, verified row), where GermanyBusiness() gives -0.88 + 9 = 8.12 %.
        LocalDate first = new(2016, 7, 1), last = new(2016, 12, 31);
        Assert.Equal(0.0712m, Assert.Single(StatutoryPresets.GermanyBusinessBefore2014().Resolve(first, last).Periods).AnnualRate);
        Assert.Equal(0.0812m, Assert.Single(StatutoryPresets.GermanyBusiness().Resolve(first, last).Periods).AnnualRate);
    }

    [Fact]
    public void GermanyBusinessBefore2014_AcrossHalfYears_FollowsEachPublishedBaseRate()
    {
        // §247 BGB: the base rate changes on 1 January and 1 July. Basiszinssatz -0.63 (2014-01-01) and -0.73
        // (2014-07-01) (built-in rows, single source: haufe.de list) -> 7.37 % then 7.27 %.
        RateSchedule schedule = StatutoryPresets.GermanyBusinessBefore2014().Resolve(new LocalDate(2014, 6, 16), new LocalDate(2014, 7, 15));
        Assert.Collection(
            schedule.Periods,
            p => Assert.Equal((new LocalDate(2014, 6, 16), (LocalDate?)new LocalDate(2014, 7, 1), 0.0737m), (p.Start, p.End, p.AnnualRate)),
            p => Assert.Equal((new LocalDate(2014, 7, 1), (LocalDate?)new LocalDate(2014, 7, 16), 0.0727m), (p.Start, p.End, p.AnnualRate)));
    }

    [Fact]
    public void GermanyBusinessBefore2014_ValidityAndNoLumpSum()
    {
        // Art. 229 §5 EGBGB (Schuldrechtsmodernisierung: obligations arising from 2002-01-01) and Art. 229 §34
        // (obligations arising up to 28 July 2014); §288(5) (EUR 40) was added by the law of 22 July 2014.
        LateInterestPreset preset = StatutoryPresets.GermanyBusinessBefore2014();
        Assert.Equal(new LocalDate(2002, 1, 1), preset.ValidFrom);
        Assert.Equal(new LocalDate(2014, 7, 28), preset.ValidUntil);
        Assert.Null(preset.Fee);
        Assert.Equal("DE", preset.Jurisdiction);
        Assert.Contains("Art. 229 §34", preset.BoundaryRule, StringComparison.Ordinal);
        Assert.Contains("30 June 2016", preset.BoundaryRule, StringComparison.Ordinal);
    }

    [Fact]
    public void GermanyBusinessBefore2014_TenThousandEurosThirtyDaysLateIn2013_NoFee()
    {
        // Base rate -0.13 from 2013-01-01 (built-in row, single source) + 8 = 7.87 %. Due 2013-03-31, paid 2013-04-30:
        // 30 days; 10,000 x 0.0787 x 30 / 365 = 64.6849... -> EUR 64.68, and no lump sum before §288(5).
        LateInterestPreset preset = StatutoryPresets.GermanyBusinessBefore2014();
        LocalDate due = new(2013, 3, 31), paid = new(2013, 4, 30);
        var request = new LateInterestRequest(due, paid, Money.Of(10_000m, Currency.EUR), preset.Resolve(due.PlusDays(1), paid))
        {
            Conventions = preset.Conventions,
        };

        InterestStatement statement = LateInterestCalculator.Calculate(request);

        Assert.Equal(Money.Of(64.68m, Currency.EUR), statement.Interest);
        Assert.Equal(Money.Of(64.68m, Currency.EUR), statement.Total);
    }

    [Theory]
    // Art. 229 §34 EGBGB: "nur auf ein Schuldverhältnis anzuwenden, das nach dem 28. Juli 2014 entstanden ist"
    // (lxgesetze.de; gesetzklar.de; BGBl. I 2014 S. 1218).
    [InlineData(2002, 1, 1, false)]
    [InlineData(2014, 7, 28, false)]
    [InlineData(2014, 7, 29, true)]
    [InlineData(2025, 1, 15, true)]
    public void GermanyBusiness_ByDateTheObligationArose_PicksTheRegime(int year, int month, int day, bool current)
    {
        LateInterestPreset preset = StatutoryPresets.GermanyBusiness(new LocalDate(year, month, day));
        Assert.Equal(current ? StatutoryPresets.GermanyBusiness() : StatutoryPresets.GermanyBusinessBefore2014(), preset);
    }

    [Fact]
    public void GermanyBusiness_ObligationBefore2002_Throws()
    {
        // Art. 229 §5 EGBGB: obligations that arose before 1 January 2002 follow the earlier §288, not modelled.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryPresets.GermanyBusiness(new LocalDate(2001, 12, 31)));
        Assert.Equal("obligationArose", ex.ParamName);
        Assert.Contains("(was 2001-12-31)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GermanyBusiness_DateInAnotherCalendar_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => StatutoryPresets.GermanyBusiness(new LocalDate(2020, 1, 1).WithCalendar(CalendarSystem.Julian)));
        Assert.Equal("obligationArose", ex.ParamName);
        Assert.Contains("ISO calendar", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ItalyBefore2013_2010FirstHalf_EcbPlusSevenIs8Percent()
    {
        // D.Lgs. 231/2002 art. 5 (original text): ECB rate + 7 points. MEF comunicato, GU n. 40 of 18 Feb 2010: 8 % for
        // 2010-H1 (fiscaleweb.com); ECB MRO 1.00 % in force since 2009-05-13 (built-in ECB-MRO row) + 7.
        RateSchedule schedule = StatutoryPresets.ItalyBefore2013().Resolve(new LocalDate(2010, 1, 1), new LocalDate(2010, 6, 30));
        Assert.Equal(0.08m, Assert.Single(schedule.Periods).AnnualRate);
    }

    [Fact]
    public void ItalyBefore2013_2012SecondHalf_RateInForceOnFirstOfJuly()
    {
        // Art. 5: the rate of the most recent operation on the first calendar day of the half-year. On 2012-07-01 the
        // ECB rate was 1.00 % (the cut to 0.75 % took effect 2012-07-11, built-in ECB-MRO rows), so 8.00 % for the
        // whole half-year, not 7.75 %.
        RateSchedule schedule = StatutoryPresets.ItalyBefore2013().Resolve(new LocalDate(2012, 7, 1), new LocalDate(2012, 12, 31));
        Assert.Equal(0.08m, Assert.Single(schedule.Periods).AnnualRate);
    }

    [Fact]
    public void ItalyBefore2013_DelayIn2014_KeepsSevenPoints()
    {
        // D.Lgs. 192/2012 art. 3(1): the new rules (+ 8) apply to transactions concluded from 2013-01-01; older ones keep
        // + 7 on later days ("8 punti percentuali (7, nel caso di transazioni concluse prima del 1 gennaio 2013)",
        // studiozanotelli.it on the MEF comunicato of GU n. 158/2018). ECB 0.25 % on 2014-01-01 (since 2013-11-13):
        // 7.25 %, where Italy() gives 8.25 %.
        LocalDate first = new(2014, 1, 1), last = new(2014, 6, 30);
        Assert.Equal(0.0725m, Assert.Single(StatutoryPresets.ItalyBefore2013().Resolve(first, last).Periods).AnnualRate);
        Assert.Equal(0.0825m, Assert.Single(StatutoryPresets.Italy().Resolve(first, last).Periods).AnnualRate);
    }

    [Fact]
    public void ItalyBefore2013_2002SecondHalf_PublishedRateNotTheMinimumBid()
    {
        // Variable-rate tenders: the Ministry published 3.35 % + 7 = 10.35 % for 2002-H2 (built-in IT-LATE-PAYMENT row,
        // MEF comunicato, single source), above the ECB minimum bid rate 3.25 % (+ 7 = 10.25 %).
        RateSchedule schedule = StatutoryPresets.ItalyBefore2013().Resolve(new LocalDate(2002, 8, 8), new LocalDate(2002, 12, 31));
        Assert.Equal(0.1035m, Assert.Single(schedule.Periods).AnnualRate);
        Assert.Equal(0.1025m, Assert.Single(LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.07m, RateFixing.HalfYearInForceOnFirstDay)
            .Resolve(new LocalDate(2002, 8, 8), new LocalDate(2002, 12, 31)).Periods).AnnualRate);
    }

    [Fact]
    public void ItalyBefore2013_VariableTenderYearsNotInTable_ThrowsNamingTheItalianTable()
    {
        // 2003-H2 .. 2008-H2 are not in the built-in Italian table; the minimum bid rate would understate them.
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.ItalyBefore2013().Resolve(new LocalDate(2005, 3, 1), new LocalDate(2005, 3, 31)));
        Assert.Equal(ReferenceRateTables.ItalyLatePaymentId, ex.TableId);
        Assert.Equal(new LocalDate(2005, 3, 1), ex.Date);
    }

    [Fact]
    public void ItalyBefore2013_HostSuppliesTheComunicato_SwitchesToEcbOnFirstOfJanuary2009()
    {
        // The host's Italian series answers 2008-H2 (an illustrative host row, 11.07 %); from 2009-01-01 the ECB fixed
        // rate in force that day applies: 2.50 % (since 2008-12-10, built-in ECB-MRO row) + 7 = 9.50 %.
        var host = new TableReferenceRateProvider([
            new ReferenceRateTable(
                ReferenceRateTables.ItalyLatePaymentId, "host", "host", new LocalDate(2026, 1, 1), new LocalDate(2008, 12, 31),
                [new ReferenceRate(new LocalDate(2008, 7, 1), new LocalDate(2008, 12, 31), 0.1107m, "host row", RateVerification.Verified)]),
        ]);

        RateSchedule schedule = StatutoryPresets.ItalyBefore2013().Resolve(new LocalDate(2008, 12, 15), new LocalDate(2009, 1, 10), host);

        Assert.Collection(
            schedule.Periods,
            p => Assert.Equal((new LocalDate(2008, 12, 15), (LocalDate?)new LocalDate(2009, 1, 1), 0.1107m), (p.Start, p.End, p.AnnualRate)),
            p => Assert.Equal((new LocalDate(2009, 1, 1), (LocalDate?)new LocalDate(2009, 1, 11), 0.095m), (p.Start, p.End, p.AnnualRate)));
    }

    [Fact]
    public void ItalyBefore2013_TenThousandEurosThirtyDaysLateIn2010_NoFee()
    {
        // 8 % for 2010-H1 (GU n. 40/2010). Due 2010-01-31, paid 2010-03-02: 30 days; 10,000 x 0.08 x 30 / 365 =
        // 65.7534... -> EUR 65.75; no EUR 40 before D.Lgs. 192/2012.
        LateInterestPreset preset = StatutoryPresets.ItalyBefore2013();
        LocalDate due = new(2010, 1, 31), paid = new(2010, 3, 2);
        var request = new LateInterestRequest(due, paid, Money.Of(10_000m, Currency.EUR), preset.Resolve(due.PlusDays(1), paid))
        {
            Conventions = preset.Conventions,
        };

        Assert.Equal(Money.Of(65.75m, Currency.EUR), LateInterestCalculator.Calculate(request).Interest);
        Assert.Null(preset.Fee);
        Assert.Equal(new LocalDate(2002, 8, 8), preset.ValidFrom);
        Assert.Equal(new LocalDate(2012, 12, 31), preset.ValidUntil);
    }

    [Theory]
    // D.Lgs. 231/2002 art. 11(1) (contracts from 8 Aug 2002); D.Lgs. 192/2012 art. 3(1) (transactions from 1 Jan 2013).
    [InlineData(2002, 8, 8, false)]
    [InlineData(2012, 12, 31, false)]
    [InlineData(2013, 1, 1, true)]
    [InlineData(2024, 6, 1, true)]
    public void Italy_ByDateTheTransactionWasConcluded_PicksTheRegime(int year, int month, int day, bool current)
    {
        LateInterestPreset preset = StatutoryPresets.Italy(new LocalDate(year, month, day));
        Assert.Equal(current ? StatutoryPresets.Italy() : StatutoryPresets.ItalyBefore2013(), preset);
    }

    [Fact]
    public void Italy_TransactionBeforeAugust2002_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryPresets.Italy(new LocalDate(2002, 8, 7)));
        Assert.Equal("transactionConcluded", ex.ParamName);
        Assert.Contains("art. 11(1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(was 2002-08-07)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoricalPresets_ExistingPresetsUnchanged()
    {
        // The current regimes keep their figures: §288(2) + 9 (Basiszinssatz 1.62 on 2023-01-01 -> 10.62 %) and
        // Italy + 8 (2025-H1: 11.15 %, GU n. 63/2025).
        Assert.Equal(0.1062m, Assert.Single(StatutoryPresets.GermanyBusiness().Resolve(new LocalDate(2023, 1, 1), new LocalDate(2023, 6, 30)).Periods).AnnualRate);
        Assert.Equal(0.1115m, Assert.Single(StatutoryPresets.Italy().Resolve(new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30)).Periods).AnnualRate);
        Assert.Equal(new LocalDate(2014, 7, 29), StatutoryPresets.GermanyBusiness().ValidFrom);
        Assert.Equal(new LocalDate(2013, 1, 1), StatutoryPresets.Italy().ValidFrom);
    }
}
