using System;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class SwitchedRateTests
{
    private static readonly LocalDate SwitchDay = new(2020, 1, 1);

    private static LateInterestRate Switched() => LateInterestRate.Switch(
        LateInterestRate.Fixed(0.05m, "before"), SwitchDay, LateInterestRate.Fixed(0.07m, "after"));

    [Fact]
    public void Resolve_RangeAcrossTheSwitch_SplitsOnTheSwitchDate()
    {
        RateSchedule schedule = Switched().Resolve(new LocalDate(2019, 12, 30), new LocalDate(2020, 1, 2));
        Assert.Collection(
            schedule.Periods,
            p => Assert.Equal((new LocalDate(2019, 12, 30), (LocalDate?)SwitchDay, 0.05m, "before"), (p.Start, p.End, p.AnnualRate, p.Source)),
            p => Assert.Equal((SwitchDay, (LocalDate?)new LocalDate(2020, 1, 3), 0.07m, "after"), (p.Start, p.End, p.AnnualRate, p.Source)));
    }

    [Fact]
    public void Resolve_LastDayBeforeTheSwitch_OnlyTheEarlierDefinition()
        => Assert.Equal(0.05m, Assert.Single(Switched().Resolve(new LocalDate(2019, 12, 1), new LocalDate(2019, 12, 31)).Periods).AnnualRate);

    [Fact]
    public void Resolve_FirstDayOnTheSwitch_OnlyTheLaterDefinition()
        => Assert.Equal(0.07m, Assert.Single(Switched().Resolve(SwitchDay, new LocalDate(2020, 1, 31)).Periods).AnnualRate);

    [Fact]
    public void Switch_NullDefinition_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LateInterestRate.Switch(null!, SwitchDay, LateInterestRate.Fixed(0.07m, "after")));
        Assert.Throws<ArgumentNullException>(() => LateInterestRate.Switch(LateInterestRate.Fixed(0.05m, "before"), SwitchDay, null!));
    }

    [Fact]
    public void Switch_DateInAnotherCalendar_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateInterestRate.Switch(
            LateInterestRate.Fixed(0.05m, "before"), SwitchDay.WithCalendar(CalendarSystem.Julian), LateInterestRate.Fixed(0.07m, "after")));
        Assert.Equal("switchDate", ex.ParamName);
        Assert.Contains("Julian", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_ExposesItsParts()
    {
        var rate = Assert.IsType<LateInterestRate.SwitchedRate>(Switched());
        Assert.Equal(SwitchDay, rate.SwitchDate);
        Assert.Equal(LateInterestRate.Fixed(0.05m, "before"), rate.Before);
        Assert.Equal(LateInterestRate.Fixed(0.07m, "after"), rate.From);
    }

    public sealed record Case(LocalDate First, LocalDate Last, LocalDate Switch)
    {
        public override string ToString() => $"[{First:uuuu-MM-dd}, {Last:uuuu-MM-dd}] switch {Switch:uuuu-MM-dd}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from first in Gen.Choose(0, 4_000).Select(new LocalDate(2013, 3, 1).PlusDays)
            from length in Gen.Choose(0, 1_200)
            from offset in Gen.Choose(-200, 1_400)
            let last = first.PlusDays(length) > new LocalDate(2026, 2, 28) ? new LocalDate(2026, 2, 28) : first.PlusDays(length)
            select new Case(first, last, first.PlusDays(offset)));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Resolve_AnySwitchDate_EachDayTakesItsSidesRateAndTheRangeIsPartitioned(Case c)
    {
        // Germany's base rate + 8 before the switch, the ECB rate in force on 1 Jan / 1 Jul + 7 from it: every day's
        // rate equals the rate the side's own definition resolves for that day.
        LateInterestRate before = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, 0.08m, RateFixing.AsPublished);
        LateInterestRate after = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.07m, RateFixing.HalfYearInForceOnFirstDay);
        RateSchedule schedule = LateInterestRate.Switch(before, c.Switch, after).Resolve(c.First, c.Last);
        RateSchedule beforeAll = before.Resolve(c.First, c.Last);
        RateSchedule afterAll = after.Resolve(c.First, c.Last);

        Assert.Equal(c.First, schedule.FirstDate);
        Assert.Equal(c.Last, schedule.LastDate);
        for (LocalDate day = c.First; day <= c.Last; day = day.PlusDays(13))
        {
            RatePeriod expected = day < c.Switch ? beforeAll.PeriodOn(day) : afterAll.PeriodOn(day);
            Assert.Equal(expected.AnnualRate, schedule.PeriodOn(day).AnnualRate);
            Assert.Equal(expected.Source, schedule.PeriodOn(day).Source);
        }

        if (c.Switch > c.First && c.Switch <= c.Last)
        {
            Assert.Contains(schedule.Periods, p => p.Start == c.Switch);
        }
    }
}
