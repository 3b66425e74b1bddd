using Cobranza.Core.Calendars;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Issue 16 §4: the German day basis (docs/decisions/0011-germany-day-basis.md).</summary>
public sealed class GermanyDayBasisTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void GermanyBusiness_LeapYearFebruary_DividesBy366ByDefaultAnd365AsOption()
    {
        // EUR 10,000 due 2024-01-31, paid 2024-03-01: default from 1 February (§286(2) no. 1, §187(1) BGB) through the
        // payment day, 30 days, all in the leap year 2024. Basiszinssatz 2024-H1 3.62 % (Bundesbank, de_basiszinssatz.csv)
        // + 9 points (§288(2) BGB) = 12.62 %.
        // Act/Act (default): 10,000 x 12.62 % x 30 / 366 = 103.4426 -> 103.44 (hledger-interest's bgb288 gives the same day basis).
        // Act/365 Fixed (option): 10,000 x 12.62 % x 30 / 365 = 103.7260 -> 103.73.
        LateInterestPreset germany = StatutoryPresets.GermanyBusiness();
        Assert.Same(DayCounts.ActualActualIsda, germany.Conventions.DayCount);
        Money principal = Money.Of(10_000m, Currency.EUR);
        InterestStatement actAct = LateInterestCalculator.Calculate(germany.CreateRequest(D(2024, 1, 31), D(2024, 3, 1), principal));
        Assert.Equal(Money.Of(103.44m, Currency.EUR), actAct.Interest);
        Assert.Equal(LateInterestCalculator.CalculateTotals(germany.CreateRequest(D(2024, 1, 31), D(2024, 3, 1), principal)), actAct.Totals);

        LateInterestPreset fixed365 = germany.WithDayCount(DayCounts.Actual365Fixed);
        Assert.Equal(Money.Of(103.73m, Currency.EUR), LateInterestCalculator.Calculate(fixed365.CreateRequest(D(2024, 1, 31), D(2024, 3, 1), principal)).Interest);
    }

    [Fact]
    public void GermanyConsumer_FullLeapYear_BearsExactlyTheAnnualRate()
    {
        // A whole year of default (2024-01-01 .. 2024-12-31, 366 days) bears the annual rate "für das Jahr" (§288(1) BGB):
        // 3.62 % + 5 = 8.62 % for H1 (182 days) and 3.37 % + 5 = 8.37 % for H2 (184 days; the table marks 3.37 % recalled):
        // 10,000 x (8.62 % x 182 + 8.37 % x 184) / 366 = 310,892 / 366 = 849.4317 -> 849.43. With /365 it would be 851.76.
        InterestStatement statement = LateInterestCalculator.Calculate(StatutoryPresets.GermanyConsumer().CreateRequest(D(2023, 12, 31), D(2024, 12, 31), Money.Of(10_000m, Currency.EUR)));
        Assert.Equal(Money.Of(849.43m, Currency.EUR), statement.Interest);
    }

    [Fact]
    public void GermanyBusiness_NonLeapYear_SameUnderBothDayBases()
    {
        // 2025: 365-day year, so Act/Act and Act/365 agree (the cross-checked vectors outside leap years stay as they were).
        LateInterestPreset germany = StatutoryPresets.GermanyBusiness();
        Money principal = Money.Of(12_345.67m, Currency.EUR);
        Assert.Equal(
            LateInterestCalculator.Calculate(germany.WithDayCount(DayCounts.Actual365Fixed).CreateRequest(D(2025, 3, 10), D(2025, 11, 20), principal)).Interest,
            LateInterestCalculator.Calculate(germany.CreateRequest(D(2025, 3, 10), D(2025, 11, 20), principal)).Interest);
    }
}
