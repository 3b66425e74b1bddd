using System;
using System.Collections.Generic;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class StatutoryPresetTests
{
    public static TheoryData<string> PresetNames => new()
    {
        "EuDirective", "Spain", "GermanyBusiness", "GermanyConsumer", "France", "Italy", "Portugal", "UnitedKingdom", "Colombia", "Mexico",
        "GermanyBusinessBefore2014", "ItalyBefore2013", "ColombiaAgreedForfeit", "FranceAgreed",
    };

    /// <summary>The presets of a regime that has been replaced: they carry a last day (ValidUntil).</summary>
    private static readonly HashSet<string> HistoricalNames = ["GermanyBusinessBefore2014", "ItalyBefore2013"];

    private static LateInterestPreset Preset(string name) => name switch
    {
        "EuDirective" => StatutoryPresets.EuDirective(),
        "Spain" => StatutoryPresets.Spain(),
        "GermanyBusiness" => StatutoryPresets.GermanyBusiness(),
        "GermanyConsumer" => StatutoryPresets.GermanyConsumer(),
        "France" => StatutoryPresets.France(),
        "Italy" => StatutoryPresets.Italy(),
        "Portugal" => StatutoryPresets.Portugal(),
        "UnitedKingdom" => StatutoryPresets.UnitedKingdom(),
        "Colombia" => StatutoryPresets.Colombia(),
        "Mexico" => StatutoryPresets.Mexico(),
        "GermanyBusinessBefore2014" => StatutoryPresets.GermanyBusinessBefore2014(),
        "ItalyBefore2013" => StatutoryPresets.ItalyBefore2013(),
        "ColombiaAgreedForfeit" => StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit),
        "FranceAgreed" => StatutoryPresets.France(0.05m),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown preset"),
    };

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Preset_Each_HasSourceBoundaryRuleAndStatutoryConventions(string name)
    {
        LateInterestPreset preset = Preset(name);
        Assert.False(string.IsNullOrWhiteSpace(preset.LegalSource));
        Assert.Contains("day", preset.BoundaryRule, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CompoundingPeriod.None, preset.Conventions.Compounding);
        Assert.Equal(AccrualStart.DayAfterDueDate, preset.Conventions.Start);
        // Germany: Act/Act ISDA (a leap-year day is 1/366 of the rate "für das Jahr", docs/decisions/0011-germany-day-basis.md); the others Act/365F.
        Assert.Equal(
            name.StartsWith("Germany", StringComparison.Ordinal) ? Cobranza.Core.Calendars.DayCounts.ActualActualIsda : Cobranza.Core.Calendars.DayCounts.Actual365Fixed,
            preset.Conventions.DayCount);
        if (HistoricalNames.Contains(name))
        {
            Assert.NotNull(preset.ValidUntil);
            Assert.True(preset.ValidUntil > preset.ValidFrom);
        }
        else
        {
            Assert.Null(preset.ValidUntil);
        }

        Assert.Equal(name == "ColombiaAgreedForfeit" ? UsuryExcessRule.Forfeit : UsuryExcessRule.Cap, preset.Conventions.UsuryExcess);
    }

    [Theory]
    // Directive 2011/7/EU art. 6; Ley 3/2004 art. 8; §288(5) BGB; L441-10 II / D441-5; D.Lgs. 231/2002 art. 6; DL 62/2013 art. 7.
    [InlineData("EuDirective", "EU-RECOVERY-40")]
    [InlineData("Spain", "EU-RECOVERY-40")]
    [InlineData("GermanyBusiness", "DE-BGB-288-5")]
    [InlineData("France", "FR-L441-10-40")]
    [InlineData("FranceAgreed", "FR-L441-10-40")]
    [InlineData("Italy", "EU-RECOVERY-40")]
    [InlineData("Portugal", "EU-RECOVERY-40")]
    public void Preset_EuStates_FortyEuroFee(string name, string code)
    {
        LateInterestPreset preset = Preset(name);
        FeeDecision decision = preset.Fee!.Decide("F", Money.Of(100m, Currency.EUR), [], Language.English);
        Assert.Equal(Money.Of(40m, Currency.EUR), decision.Line!.Amount);
        Assert.Equal(code, decision.Code);
    }

    [Theory]
    // §288(5) BGB grants the lump sum only against a non-consumer debtor; art. 884 CCo (Colombia) and art. 362 CCo
    // (Mexico) grant no fixed sum. §288(5) BGB only exists since the law of 22 July 2014 (BGBl. I S. 1218, in force
    // 29 July 2014); Italy's EUR 40 (art. 6) came with D.Lgs. 192/2012, for transactions from 2013-01-01.
    [InlineData("GermanyConsumer")]
    [InlineData("Colombia")]
    [InlineData("Mexico")]
    [InlineData("GermanyBusinessBefore2014")]
    [InlineData("ItalyBefore2013")]
    [InlineData("ColombiaAgreedForfeit")]
    public void Preset_WithoutStatutoryFee_HasNoFee(string name) => Assert.Null(Preset(name).Fee);

    [Fact]
    public void Spain_2025SecondHalf_Is10Point15()
    {
        // BOE-A-2025-13217: 10.15 % for 2025-H2.
        Assert.Equal(0.1015m, Assert.Single(StatutoryPresets.Spain().Resolve(new LocalDate(2025, 7, 1), new LocalDate(2025, 7, 31)).Periods).AnnualRate);
        Assert.Equal(new LocalDate(2005, 1, 1), StatutoryPresets.Spain().ValidFrom);
    }

    [Fact]
    public void Portugal_2016FirstHalf_IsPublishedAviso()
    {
        // Aviso n.º 890/2016 (verified): 8.05 % for DL 62/2013 transactions in 2016-H1.
        Assert.Equal(0.0805m, Assert.Single(StatutoryPresets.Portugal().Resolve(new LocalDate(2016, 2, 1), new LocalDate(2016, 6, 30)).Periods).AnnualRate);
    }

    [Fact]
    public void Colombia_QuotesEffectiveAnnualRates()
    {
        // Issue 16 §3: the period equivalent (1 + EA)^(days/365) - 1 (SFC conceptos 2009046566-001, 2010017499-001).
        Assert.Equal(RateQuotation.EffectiveAnnualPeriodEquivalent, StatutoryPresets.Colombia().Conventions.Quotation);
        Assert.Equal(RateQuotation.NominalAnnual, StatutoryPresets.UnitedKingdom().Conventions.Quotation);
    }

    [Fact]
    public void UnitedKingdom_FeeIsTieredAndValidFromOrderNo3()
    {
        LateInterestPreset uk = StatutoryPresets.UnitedKingdom();
        // s.5A(2)(b): GBP 70 for a debt of GBP 1,000 or more but less than GBP 10,000; SI 2002/1675 in force 7 Aug 2002.
        Assert.Equal(Money.Of(70m, Currency.GBP), uk.Fee!.Decide("U", Money.Of(5_000m, Currency.GBP), [], Language.English).Line!.Amount);
        Assert.Equal(new LocalDate(2002, 8, 7), uk.ValidFrom);
    }

    [Fact]
    public void Constructor_ValidUntilBeforeValidFrom_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LateInterestPreset(
            "x", "XX", "law", new LocalDate(2020, 1, 1), new LocalDate(2019, 12, 31), LateInterestRate.Fixed(0.05m, "law"), AccrualConventions.StatutoryDefault, null, "rule"));
        Assert.Equal("validUntil", ex.ParamName);
        Assert.Contains("(was 2019-12-31)", ex.Message, StringComparison.Ordinal);
    }
}
