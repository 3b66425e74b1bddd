using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Readme;

/// <summary>The example in README.md, kept compiling and true. Update both together.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_RunsAsDocumented_GivesTheStatedFigures()
    {
        Money[] parts = Money.Of(5.47m, Currency.EUR).Allocate(1m, 1m, 1m);
        LocalDate due = BusinessCalendars.Spain.Adjust(new LocalDate(2026, 12, 25), BusinessDayConvention.Following);

        LateInterestPreset spain = StatutoryPresets.Spain();
        LateInterestRequest request = spain.CreateRequest(new LocalDate(2025, 7, 31), new LocalDate(2025, 9, 30), Money.Of(10_000m, Currency.EUR),
            [new BalanceChange(new LocalDate(2025, 8, 31), Money.Of(-4_000m, Currency.EUR), "Pago parcial")]);
        InterestTotals owed = LateInterestCalculator.CalculateTotals(request);

        // Largest remainder: 5.47 / 3 = 1.8233..., the one leftover cent goes to the first part (earlier index wins).
        Assert.Equal(new[] { Money.Of(1.83m, Currency.EUR), Money.Of(1.82m, Currency.EUR), Money.Of(1.82m, Currency.EUR) }, parts);
        // 25 December 2026 is a Friday and a national holiday in Spain (BOE, Resolución de la Dirección General de
        // Trabajo, fiestas laborales para 2026); the next business day is Monday 28 December.
        Assert.Equal(new LocalDate(2026, 12, 28), due);
        // Spain 2025-H2: 10.15 % (BOE-A-2025-13217: ECB 2.15 % + 8). Interest runs from 1 August (the day after the due
        // date) through the payment day; the partial payment of 31 August bears interest that day (Ley 3/2004 art. 5
        // and the library's payment-day rule), so 10,000 for 31 days and 6,000 for 30 days:
        // (10,000 x 31 + 6,000 x 30) x 10.15 % / 365 = 49,735 / 365 = 136.2603... -> 136.26.
        Assert.Equal(Money.Of(136.26m, Currency.EUR), owed.Interest);
        Assert.Equal(LateInterestCalculator.Calculate(request).Totals, owed);
        Assert.Equal("1.83 EUR + 1.82 EUR + 1.82 EUR; due 2026-12-28; interest 136.26 EUR",
            $"{string.Join(" + ", parts)}; due {due:yyyy-MM-dd}; interest {owed.Interest}");
    }
}
