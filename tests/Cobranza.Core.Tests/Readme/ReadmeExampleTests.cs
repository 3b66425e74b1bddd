using System;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Tests.Readme;

/// <summary>The example in README.md, kept compiling and true. Update both together.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_RunsAsDocumented_GivesTheStatedFigures()
    {
        var total = Money.Of(5.47m, Currency.EUR);
        Money[] parts = total.Allocate(1m, 1m, 1m);

        var spain = BusinessCalendars.Spain;
        var due = new LocalDate(2026, 12, 25);
        var adjusted = spain.Adjust(due, BusinessDayConvention.Following);

        decimal years = DayCounts.Actual365Fixed.YearFraction(new LocalDate(2026, 1, 15), new LocalDate(2026, 7, 15));
        Money interest = (Money.Of(10_000m, Currency.EUR) * 0.1015m * years).Round(MidpointRounding.ToEven);

        // Largest remainder: 5.47 / 3 = 1.8233..., the one leftover cent goes to the first part (earlier index wins).
        Assert.Equal(new[] { Money.Of(1.83m, Currency.EUR), Money.Of(1.82m, Currency.EUR), Money.Of(1.82m, Currency.EUR) }, parts);
        // 25 December 2026 is a Friday and a national holiday in Spain (BOE, Resolución de la Dirección General de
        // Trabajo, fiestas laborales para 2026); the next business day is Monday 28 December.
        Assert.Equal(new LocalDate(2026, 12, 28), adjusted);
        // 15 Jan -> 15 Jul 2026 is 181 actual days; 10,000 x 10.15 % x 181 / 365 = 503.3287... -> 503.33.
        Assert.Equal(Money.Of(503.33m, Currency.EUR), interest);
        Assert.Equal("1.83 EUR + 1.82 EUR + 1.82 EUR; due 2026-12-28; interest 503.33 EUR",
            $"{string.Join(" + ", parts)}; due {adjusted:yyyy-MM-dd}; interest {interest}");
    }
}
