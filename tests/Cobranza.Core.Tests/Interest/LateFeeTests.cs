using System;
using Cobranza.Core.Interest;

namespace Cobranza.Core.Tests.Interest;

public sealed class LateFeeTests
{
    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static Money Gbp(decimal amount) => Money.Of(amount, Currency.GBP);

    [Fact]
    public void Decide_EuCompensationFirstTime_AppliesFortyEuros()
    {
        // Directive 2011/7/EU art. 6(1): fixed sum of EUR 40 per late payment.
        FeeDecision decision = LateFee.EuRecoveryCompensation().Decide("F-2025-001", Eur(1_250m), [], Language.Spanish);
        Assert.Equal(FeeOutcome.Applied, decision.Outcome);
        Assert.True(decision.IsApplied);
        Assert.Equal(Eur(40m), decision.Line!.Amount);
        Assert.Equal("EU-RECOVERY-40", decision.Line.Code);
        Assert.Equal("Indemnización por costes de cobro (40 EUR)", decision.Line.Description);
        Assert.Equal("Directive 2011/7/EU art. 6(1)", decision.Line.LegalSource);
        Assert.Equal("EU-RECOVERY-40 se aplica a la factura F-2025-001.", decision.Reason);
        Assert.Equal("F-2025-001/EU-RECOVERY-40", decision.IdempotencyKey);
    }

    [Fact]
    public void Decide_EuCompensationAlreadyInHistory_IsNotAppliedAgain()
    {
        LateFee fee = LateFee.EuRecoveryCompensation();
        FeeDecision first = fee.Decide("F-1", Eur(500m), ["OTHER"], Language.English);
        FeeDecision rerun = fee.Decide("F-1", Eur(500m), ["OTHER", first.Code], Language.English);
        Assert.True(first.IsApplied);
        Assert.Equal("Compensation for recovery costs (EUR 40)", first.Line!.Description);
        Assert.Equal("EU-RECOVERY-40 applies to invoice F-1.", first.Reason);
        Assert.Equal(FeeOutcome.AlreadyApplied, rerun.Outcome);
        Assert.Null(rerun.Line);
        Assert.Equal("EU-RECOVERY-40 was already applied to invoice F-1; it is not applied again.", rerun.Reason);
        Assert.Equal("EU-RECOVERY-40 ya se aplicó a la factura F-1; no se aplica de nuevo.", fee.Decide("F-1", Eur(500m), [first.Code], Language.Spanish).Reason);
    }

    [Fact]
    public void Decide_NothingOverdue_NoFeeWithReason()
    {
        LateFee fee = LateFee.EuRecoveryCompensation();
        FeeDecision en = fee.Decide("F-9", Eur(0m), [], Language.English);
        FeeDecision es = fee.Decide("F-9", Eur(-10m), [], Language.Spanish);
        Assert.Equal(FeeOutcome.NothingOverdue, en.Outcome);
        Assert.Null(en.Line);
        Assert.Equal("Invoice F-9 has no overdue amount; EU-RECOVERY-40 does not apply.", en.Reason);
        Assert.Equal("La factura F-9 no tiene importe vencido; no procede EU-RECOVERY-40.", es.Reason);
    }

    [Theory]
    // Late Payment of Commercial Debts (Interest) Act 1998 s.5A(2): less than GBP 1,000 -> 40; 1,000 or more but less
    // than 10,000 -> 70; 10,000 or more -> 100.
    [InlineData(0.01, 40)]
    [InlineData(999.99, 40)]
    [InlineData(1000.00, 70)]
    [InlineData(9999.99, 70)]
    [InlineData(10000.00, 100)]
    [InlineData(250000.00, 100)]
    public void Decide_UkFixedSum_TierByDebtSize(double debt, int expected)
    {
        FeeDecision decision = LateFee.UkFixedSum().Decide("INV-7", Gbp((decimal)debt), [], Language.English);
        Assert.Equal(Gbp(expected), decision.Line!.Amount);
        Assert.Equal("Late Payment of Commercial Debts (Interest) Act 1998 s.5A", decision.Line.LegalSource);
    }

    [Theory]
    // 40 x 4.2655 = 170.62 exactly; 40 x 24.374625 = 974.985, a midpoint: away from zero 974.99, to even 974.98.
    [InlineData("PLN", 4.2655, MidpointRounding.AwayFromZero, 170.62)]
    [InlineData("CZK", 24.374625, MidpointRounding.AwayFromZero, 974.99)]
    [InlineData("CZK", 24.374625, MidpointRounding.ToEven, 974.98)]
    public void EuRecoveryCompensation_NonEuroState_ConvertsAtCallerRate(string code, double perEuro, MidpointRounding rounding, double expected)
    {
        Currency currency = Currency.FromCode(code);
        FeeDecision decision = LateFee.EuRecoveryCompensation(currency, (decimal)perEuro, rounding).Decide("A", Money.Of(100m, currency), [], Language.English);
        Assert.Equal(Money.Of((decimal)expected, currency), decision.Line!.Amount);
        Assert.Equal("EU-RECOVERY-40-" + code, decision.Code);
    }

    [Fact]
    public void EuRecoveryCompensation_NonPositiveRate_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateFee.EuRecoveryCompensation(Currency.FromCode("PLN"), 0m, MidpointRounding.AwayFromZero));
        Assert.Equal("currencyPerEuro", ex.ParamName);
        Assert.Contains("(was 0)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // 5 % late fee rounded to the cent, at least EUR 10, at most EUR 50 (contractual example).
    [InlineData(1234.57, 50.00)] // 61.7285 -> capped at 50
    [InlineData(500.10, 25.01)] // 25.005 -> 25.01 (away from zero)
    [InlineData(100.00, 10.00)] // 5.00 -> raised to the minimum 10
    public void Decide_PercentageFee_RoundsThenAppliesMinimumAndCap(double overdue, double expected)
    {
        LateFee fee = LateFee.Percentage(0.05m, Eur(10m), Eur(50m), MidpointRounding.AwayFromZero, "LATE-5PCT", "Contract clause 9", "Recargo por demora (5 %)", "Late fee (5 %)");
        Assert.Equal(Eur((decimal)expected), fee.Decide("X", Eur((decimal)overdue), [], Language.Spanish).Line!.Amount);
    }

    [Fact]
    public void Decide_OverdueInOtherCurrency_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateFee.UkFixedSum().Decide("X", Eur(100m), [], Language.English));
        Assert.Equal("overdue", ex.ParamName);
        Assert.Equal("overdue must be in the fee's currency GBP (was EUR). (Parameter 'overdue')", ex.Message);
    }

    [Fact]
    public void Decide_UnsupportedLanguage_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateFee.EuRecoveryCompensation().Decide("X", Eur(1m), [], Language.FromTag("fr")));
        Assert.Equal("language", ex.ParamName);
        Assert.Contains("(was 'fr')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiered_TiersNotAscending_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateFee.Tiered(
            [new FeeTier(Eur(0m), Eur(5m)), new FeeTier(Eur(100m), Eur(10m)), new FeeTier(Eur(100m), Eur(15m))],
            "T", "s", "es", "en"));
        Assert.Contains("tiers[2] from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentage_CapBelowMinimum_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateFee.Percentage(0.05m, Eur(10m), Eur(5m), MidpointRounding.AwayFromZero, "P", "s", "es", "en"));
        Assert.Equal("cap", ex.ParamName);
    }

    [Fact]
    public void Decide_TermsLanguage_SameDecisionAsTheLanguageCode()
    {
        // Directive 2011/7/EU art. 6(1): EUR 40; the texts are those of the "es"/"en" overload, tested above.
        LateFee fee = LateFee.EuRecoveryCompensation();
        FeeDecision spanish = fee.Decide("F-9", Eur(100m), [], Language.Spanish);
        FeeDecision english = fee.Decide("F-9", Eur(100m), [], Language.English);
        Assert.Equal(fee.Decide("F-9", Eur(100m), [], Language.Spanish), spanish);
        Assert.Equal(fee.Decide("F-9", Eur(100m), [], Language.English), english);
        Assert.Equal("EU-RECOVERY-40 se aplica a la factura F-9.", spanish.Reason);
        Assert.Equal("Compensation for recovery costs (EUR 40)", english.Line!.Description);
    }

    [Fact]
    public void Decide_LanguageWithoutLibraryTexts_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateFee.EuRecoveryCompensation().Decide("F-9", Eur(100m), [], Language.FromTag("de")));
        Assert.Equal("language", ex.ParamName);
        Assert.Contains("(was 'de')", ex.Message);
        Assert.Throws<ArgumentNullException>(() => LateFee.EuRecoveryCompensation().Decide("F-9", Eur(100m), [], (Language)null!));
    }

    [Fact]
    public void TieredFee_SameTiers_EqualByValue()
    {
        // UK Late Payment of Commercial Debts (Interest) Act 1998 s.5A: GBP 40 / 70 / 100 by debt size.
        LateFee a = LateFee.UkFixedSum(), b = LateFee.UkFixedSum();
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        LateFee custom = LateFee.Tiered([new FeeTier(Gbp(0m), Gbp(40m)), new FeeTier(Gbp(1_000m), Gbp(75m))], a.Code, a.LegalSource, a.DescriptionEs, a.DescriptionEn);
        Assert.NotEqual(a, custom);
        Assert.Equal(custom, LateFee.Tiered([new FeeTier(Gbp(0m), Gbp(40m)), new FeeTier(Gbp(1_000m), Gbp(75m))], a.Code, a.LegalSource, a.DescriptionEs, a.DescriptionEn));
    }
}
