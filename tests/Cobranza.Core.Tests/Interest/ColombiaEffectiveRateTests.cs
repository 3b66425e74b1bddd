using System;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Issue 16 §3: effective annual rates over a period (Colombia), and the rounding of the certified usury rate.</summary>
public sealed class ColombiaEffectiveRateTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    [Fact]
    public void EffectivePeriodRate_SfcConcepto2010017499_HalfAMonthAtOnePercentMonthly()
    {
        // SFC concepto 2010017499-001 (12 Apr 2010), case 1: COP 1,000,000 at 1 % effective monthly for the first
        // half of the month: compound 1,000,000 x 1.01^0.5 = 1,004,987.56; simple 1,000,000 x (1 + 0.01 x 0.5) = 1,005,000.
        decimal compound = 1_000_000m * (1m + DecimalMath.EffectivePeriodRate(0.01m, 1, 2));
        Assert.Equal(1_004_987.56m, Math.Round(compound, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(1_005_000m, 1_000_000m * (1m + (0.01m * 1 / 2)));
    }

    [Theory]
    // References computed with Python's decimal module at 50 digits: (1 + EA)^(days/365) - 1.
    [InlineData("0.2489", 30, "0.018436089669983927616273670")]
    [InlineData("0.24885", 30, "0.018432738376293606582289217")]
    [InlineData("0.2489", 1, "0.000609125616740052095378093")]
    [InlineData("0.2489", 400, "0.275803364528026747032620765")]
    public void EffectivePeriodRate_MatchesHighPrecisionReference(string annual, int days, string expected)
    {
        decimal actual = DecimalMath.EffectivePeriodRate(decimal.Parse(annual, CultureInfo.InvariantCulture), days, 365);
        Assert.True(Math.Abs(actual - decimal.Parse(expected, CultureInfo.InvariantCulture)) < 1e-24m, $"{actual} vs {expected}");
    }

    [Fact]
    public void EffectivePeriodRate_WholeYears_IsExactlyTheCompoundedRate()
    {
        Assert.Equal(0.2489m, DecimalMath.EffectivePeriodRate(0.2489m, 365, 365));
        Assert.Equal((1.2489m * 1.2489m) - 1m, DecimalMath.EffectivePeriodRate(0.2489m, 730, 365));
        Assert.Equal(0m, DecimalMath.EffectivePeriodRate(0.2489m, 0, 365));
    }

    [Fact]
    public void UsuryRate_January2025_ExactMultipleByDefault_AnnouncedFigureWhenRounded()
    {
        // IBC January 2025 16.59 % EA (co_interes_bancario_corriente.csv); usury = 1.5 x IBC (Código de Comercio
        // art. 884) = 24.885 %, announced by the SFC as 24.89 %. The preset keeps the exact multiple (never above the
        // legal ceiling, docs/decisions/0010-colombia-effective-annual-period-equivalent.md); RoundedToPercent(2) gives the announced figure.
        LateInterestPreset colombia = StatutoryPresets.Colombia();
        Assert.Equal(0.24885m, Assert.Single(colombia.Resolve(D(2025, 1, 2), D(2025, 1, 31)).Periods).AnnualRate);
        RatePeriod announced = Assert.Single(colombia.Rate.RoundedToPercent(2).Resolve(D(2025, 1, 2), D(2025, 1, 31)).Periods);
        Assert.Equal(0.2489m, announced.AnnualRate);
        Assert.StartsWith("24.885 % rounded to 24.89 % (2 decimals, as announced)", announced.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Colombia_TenMillionForThirtyDays_PeriodEquivalent()
    {
        // Issue 16 §3: COP 10,000,000 for 30 days at the usury rate 24.89 % EA -> 10,000,000 x (1.2489^(30/365) - 1)
        // = 184,360.8967 -> 184,360.90 (period equivalent). Due 2025-01-01, paid 2025-01-31: 2 .. 31 January, 30 days.
        LateInterestPreset announced = StatutoryPresets.Colombia().WithRate(StatutoryPresets.Colombia().Rate.RoundedToPercent(2));
        InterestStatement statement = LateInterestCalculator.Calculate(announced.CreateRequest(D(2025, 1, 1), D(2025, 1, 31), Cop(10_000_000m)));
        Assert.Equal(30, Assert.Single(statement.Segments).Days);
        Assert.Equal(Cop(184_360.90m), statement.Interest);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.EffectiveRatesPeriodEquivalent);

        // The default preset, exact usury rate 24.885 %: 10,000,000 x (1.24885^(30/365) - 1) = 184,327.3838 -> 184,327.38.
        Assert.Equal(Cop(184_327.38m), LateInterestCalculator.Calculate(StatutoryPresets.Colombia().CreateRequest(D(2025, 1, 1), D(2025, 1, 31), Cop(10_000_000m))).Interest);

        // The daily equivalent (RateQuotation.EffectiveAnnual) gives 30 x 10,000,000 x (1.2489^(1/365) - 1) = 182,737.69.
        LateInterestPreset daily = announced.WithConventions(announced.Conventions with { Quotation = RateQuotation.EffectiveAnnual });
        Assert.Equal(Cop(182_737.69m), LateInterestCalculator.Calculate(daily.CreateRequest(D(2025, 1, 1), D(2025, 1, 31), Cop(10_000_000m))).Interest);
    }

    [Fact]
    public void PeriodEquivalent_AFullYearAtAConstantRate_YieldsTheCertifiedRate()
    {
        // The point of issue 16 §3: a year at 24.89 % EA must yield 24.89 %, not the ~22.23 % of the daily equivalent.
        var rates = RateSchedule.Fixed(0.2489m, "test: constant 24.89 % EA");
        var request = new LateInterestRequest(D(2022, 12, 31), D(2023, 12, 31), Cop(10_000_000m), rates)
        {
            Conventions = AccrualConventions.StatutoryDefault with { Quotation = RateQuotation.EffectiveAnnualPeriodEquivalent },
        };
        Assert.Equal(Cop(2_489_000m), LateInterestCalculator.Calculate(request).Interest);
        Assert.Equal(Cop(2_489_000m), LateInterestCalculator.CalculateTotals(request).Interest);
        Assert.Equal(
            Cop(2_223_308.50m),
            LateInterestCalculator.Calculate(request with { Conventions = request.Conventions with { Quotation = RateQuotation.EffectiveAnnual } }).Interest);
    }

    [Fact]
    public void Colombia_DefaultQuotation_IsThePeriodEquivalent()
    {
        Assert.All(
            new[] { StatutoryPresets.Colombia(), StatutoryPresets.Colombia(0.30m), StatutoryPresets.Colombia(0.30m, UsuryExcessRule.Forfeit) },
            p => Assert.Equal(RateQuotation.EffectiveAnnualPeriodEquivalent, p.Conventions.Quotation));
    }
}
