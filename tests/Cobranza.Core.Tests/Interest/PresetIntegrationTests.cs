using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Presets feeding the accrual engine end to end: resolve the rates, decide the fee, calculate.</summary>
public sealed class PresetIntegrationTests
{
    [Fact]
    public void Spain_TenThousandEurosThirtyDaysLateIn2025H2_InterestAndFortyEuros()
    {
        // Ley 3/2004: 10.15 % for 2025-H2 (BOE-A-2025-13217); due 2025-06-30, paid 2025-07-30: 30 days (1-30 July,
        // payment day included), Act/365: 10,000 x 0.1015 x 30 / 365 = 83.4246... -> EUR 83.42; plus EUR 40 (art. 8).
        LateInterestPreset spain = StatutoryPresets.Spain();
        LocalDate due = new(2025, 6, 30), paid = new(2025, 7, 30);
        Money balance = Money.Of(10_000m, Currency.EUR);
        FeeDecision fee = spain.Fee!.Decide("F-2025-06-001", balance, [], Language.Spanish);
        var request = new LateInterestRequest(due, paid, balance, spain.Resolve(due.PlusDays(1), paid))
        {
            Conventions = spain.Conventions,
            Fees = [fee.Line!],
        };

        InterestStatement statement = LateInterestCalculator.Calculate(request);

        Assert.Equal(Money.Of(83.42m, Currency.EUR), statement.Interest);
        Assert.Equal(Money.Of(123.42m, Currency.EUR), statement.Total);
    }

    [Fact]
    public void UnitedKingdom_DebtLateFrom2024_09_15_AccruesAtFixed13Point25Percent()
    {
        // SI 2002/1675 art. 4: Bank Rate on 30 Jun 2024 (5.25 %) + 8 = 13.25 %, fixed. GBP 5,000 due 2024-09-14, paid
        // 2024-12-13: 90 days (15 Sep - 13 Dec inclusive); 5,000 x 0.1325 x 90 / 365 = 163.3561... -> GBP 163.36;
        // fixed sum GBP 70 (s.5A(2)(b)).
        LateInterestPreset uk = StatutoryPresets.UnitedKingdom();
        LocalDate due = new(2024, 9, 14), paid = new(2024, 12, 13);
        Money balance = Money.Of(5_000m, Currency.GBP);
        var request = new LateInterestRequest(due, paid, balance, uk.Resolve(due.PlusDays(1), paid))
        {
            Conventions = uk.Conventions,
            Fees = [uk.Fee!.Decide("INV-42", balance, [], Language.English).Line!],
        };

        InterestStatement statement = LateInterestCalculator.Calculate(request);

        Assert.Equal(Money.Of(163.36m, Currency.GBP), statement.Interest);
        Assert.Equal(Money.Of(233.36m, Currency.GBP), statement.Total);
    }
}
