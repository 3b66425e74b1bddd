using System;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class RateScheduleTests
{
    private static readonly LocalDate Jan1 = new(2024, 1, 1);
    private static readonly LocalDate Jul1 = new(2024, 7, 1);
    private static readonly LocalDate NextJan1 = new(2025, 1, 1);

    [Fact]
    public void Create_ContiguousPeriods_FindsThePeriodOnEachDate()
    {
        var schedule = RateSchedule.Create([
            new RatePeriod(Jan1, Jul1, 0.125m, "H1"),
            new RatePeriod(Jul1, NextJan1, 0.1225m, "H2"),
        ]);
        Assert.Equal(0.125m, schedule.PeriodOn(Jan1).AnnualRate);
        Assert.Equal(0.125m, schedule.PeriodOn(new LocalDate(2024, 6, 30)).AnnualRate);
        Assert.Equal(0.1225m, schedule.PeriodOn(Jul1).AnnualRate);
        Assert.Equal(new LocalDate(2024, 12, 31), schedule.LastDate);
        Assert.Equal(Jan1, schedule.FirstDate);
    }

    [Fact]
    public void PeriodOn_AfterLastCoveredDate_ThrowsNamingDateAndLastCoveredDate()
    {
        var schedule = RateSchedule.Create([new RatePeriod(Jan1, Jul1, 0.125m, "H1")]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.PeriodOn(Jul1));
        Assert.Contains("No rate period covers 2024-07-01: the schedule covers 2024-01-01 to 2024-06-30 (last covered date)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.PeriodOn(Jan1.PlusDays(-1)));
    }

    [Fact]
    public void Create_Gap_ThrowsNamingBothPeriods()
    {
        var ex = Assert.Throws<ArgumentException>(() => RateSchedule.Create([
            new RatePeriod(Jan1, Jul1, 0.125m, "H1"),
            new RatePeriod(Jul1.PlusDays(1), null, 0.1225m, "H2"),
        ]));
        Assert.Contains("leave a gap: periods[1] must start on 2024-07-01 (was 2024-07-02)", ex.Message);
    }

    [Fact]
    public void Create_OverlapOrOpenEndedNotLast_Throws()
    {
        var overlap = Assert.Throws<ArgumentException>(() => RateSchedule.Create([
            new RatePeriod(Jan1, Jul1, 0.125m, "H1"),
            new RatePeriod(Jul1.PlusDays(-1), null, 0.1225m, "H2"),
        ]));
        Assert.Contains("overlap or are out of order", overlap.Message);
        var open = Assert.Throws<ArgumentException>(() => RateSchedule.Create([
            new RatePeriod(Jan1, null, 0.125m, "H1"),
            new RatePeriod(Jul1, null, 0.1225m, "H2"),
        ]));
        Assert.Contains("only the last period may be open-ended", open.Message);
        Assert.Throws<ArgumentException>(() => RateSchedule.Create([]));
        Assert.Throws<ArgumentException>(() => RateSchedule.Create([default]));
    }

    [Theory]
    [InlineData("10.01")]
    [InlineData("-1.01")]
    [InlineData("12")]
    public void RatePeriod_RateBeyondBounds_ThrowsNamingValue(string rate)
    {
        decimal value = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RatePeriod(Jan1, null, value, "x"));
        Assert.Equal("annualRate", ex.ParamName);
        Assert.Contains($"(was {rate}", ex.Message);
    }

    [Fact]
    public void RatePeriod_InconsistentCapOrDates_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RatePeriod(Jan1, null, 0.2m, "x", capped: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatePeriod(Jan1, null, 0.2m, "x", capped: true, uncappedRate: 0.1m));
        Assert.Throws<ArgumentException>(() => new RatePeriod(Jan1, null, 0.2m, "x", capped: false, uncappedRate: 0.3m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatePeriod(Jan1, Jan1, 0.2m, "x"));
        Assert.Throws<ArgumentException>(() => new RatePeriod(Jan1, null, 0.2m, " "));
    }

    [Fact]
    public void Fixed_CoversEveryDate()
    {
        var schedule = RateSchedule.Fixed(0.06m, "Código de Comercio art. 362");
        Assert.Equal(0.06m, schedule.PeriodOn(new LocalDate(1900, 1, 1)).AnnualRate);
        Assert.Equal(0.06m, schedule.PeriodOn(new LocalDate(2999, 12, 31)).AnnualRate);
        Assert.Null(schedule.LastDate);
    }
}
