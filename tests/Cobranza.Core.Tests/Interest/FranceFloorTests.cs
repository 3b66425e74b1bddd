using System;
using System.Linq;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Code de commerce L441-10 II: an agreed penalty rate may not be below 3 × the taux d'intérêt légal.</summary>
public sealed class FranceFloorTests
{
    [Fact]
    public void TauxLegalTable_2023SecondHalf_Is4Point22()
    {
        // Arrêté ECOT2317028A of 27 June 2023 (notaires2normandie.com; capeb09.fr; legifiscal.fr): 4.22 % "pour tous
        // les autres cas" from 2023-07-01.
        ReferenceRate rate = ReferenceRateTables.FranceLegalRateProfessional.GetRate(new LocalDate(2023, 7, 1));
        Assert.Equal(0.0422m, rate.Rate);
        Assert.Equal(new LocalDate(2023, 12, 31), rate.End);
        Assert.Equal(RateVerification.Verified, rate.Verification);
    }

    [Fact]
    public void France_AgreedFivePercentIn2023SecondHalf_RaisedTo12Point66()
    {
        // capeb09.fr: "entre professionnels, le taux de l'intérêt de retard ne peut pas être inférieur à 3 fois le taux
        // de l'intérêt légal, ce qui porte ce taux minimum [à] 12,66 % pour le second semestre 2023" (3 x 4.22).
        RatePeriod period = Assert.Single(StatutoryPresets.France(0.05m).Resolve(new LocalDate(2023, 7, 1), new LocalDate(2023, 12, 31)).Periods);
        Assert.Equal(0.1266m, period.AnnualRate);
        Assert.StartsWith("floor 3 × FR-TAUX-INTERET-LEGAL-PRO 4.22 % from 2023-07-01 = 12.66 %", period.Source, StringComparison.Ordinal);
        Assert.Contains("replaces 5 %: Agreed penalty rate (terms of sale)", period.Source, StringComparison.Ordinal);
        Assert.False(period.Capped);
    }

    [Fact]
    public void France_AgreedFivePercentIn2022FirstHalf_AgreedRateStands()
    {
        // gereso.com: 0.76 % for 2022-H1, "le taux minimum des pénalités de retard s'élève à nouveau à 2,28 % (3 fois
        // 0,76 %)"; an agreed 5 % is above it.
        RatePeriod period = Assert.Single(StatutoryPresets.France(0.05m).Resolve(new LocalDate(2022, 1, 1), new LocalDate(2022, 6, 30)).Periods);
        Assert.Equal(0.05m, period.AnnualRate);
        Assert.Equal("Agreed penalty rate (terms of sale)", period.Source);
    }

    [Fact]
    public void France_AgreedTenPercentAcrossJuly2023_FloorBitesInTheSecondHalfOnly()
    {
        // 2023-H1: 3 x 2.06 = 6.18 % < 10 %; 2023-H2: 3 x 4.22 = 12.66 % > 10 % (rows verified, see the CSV).
        RateSchedule schedule = StatutoryPresets.France(0.10m).Resolve(new LocalDate(2023, 6, 20), new LocalDate(2023, 7, 10));
        Assert.Collection(
            schedule.Periods,
            p => Assert.Equal((new LocalDate(2023, 6, 20), (LocalDate?)new LocalDate(2023, 7, 1), 0.10m), (p.Start, p.End, p.AnnualRate)),
            p => Assert.Equal((new LocalDate(2023, 7, 1), (LocalDate?)new LocalDate(2023, 7, 11), 0.1266m), (p.Start, p.End, p.AnnualRate)));
    }

    [Fact]
    public void France_TenThousandEurosThirtyDaysLateIn2023_FloorRateAndFortyEuros()
    {
        // Agreed 5 %, floor 12.66 % (2023-H2). Due 2023-07-31, paid 2023-08-30: 30 days; 10,000 x 0.1266 x 30 / 365 =
        // 104.0547... -> EUR 104.05, plus the EUR 40 indemnity (L441-10 II, D441-5).
        LateInterestPreset preset = StatutoryPresets.France(0.05m);
        LocalDate due = new(2023, 7, 31), paid = new(2023, 8, 30);
        Money balance = Money.Of(10_000m, Currency.EUR);
        var request = new LateInterestRequest(due, paid, balance, preset.Resolve(due.PlusDays(1), paid))
        {
            Conventions = preset.Conventions,
            Fees = [preset.Fee!.Decide("FA-2023-07", balance, [], Language.English).Line!],
        };

        InterestStatement statement = LateInterestCalculator.Calculate(request);

        Assert.Equal(Money.Of(104.05m, Currency.EUR), statement.Interest);
        Assert.Equal(Money.Of(144.05m, Currency.EUR), statement.Total);
    }

    [Fact]
    public void France_Before2015_ThrowsNamingTheTauxLegalTable()
    {
        // Two taux légal per half-year exist only since 2015-01-01; the built-in table starts there.
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.France(0.05m).Resolve(new LocalDate(2014, 12, 1), new LocalDate(2014, 12, 31)));
        Assert.Equal(ReferenceRateTables.FranceLegalRateProfessionalId, ex.TableId);
    }

    [Fact]
    public void France_Parameterless_Unchanged()
    {
        // France() stays ECB + 10 points (L441-10 II when no rate is agreed): ECB 4.00 % in force on 2023-07-01
        // (since 2023-06-21, verified row) -> 14 %.
        Assert.Equal(0.14m, Assert.Single(StatutoryPresets.France().Resolve(new LocalDate(2023, 7, 1), new LocalDate(2023, 12, 31)).Periods).AnnualRate);
        Assert.Equal(StatutoryPresets.France().Fee, StatutoryPresets.France(0.05m).Fee);
    }

    [Fact]
    public void FlooredAt_Null_Throws()
        => Assert.Throws<ArgumentNullException>(() => LateInterestRate.Fixed(0.05m, "agreed").FlooredAt(null!));

    [Fact]
    public void FlooredAt_ExposesItsParts()
    {
        var rate = Assert.IsType<LateInterestRate.FlooredRate>(LateInterestRate.Fixed(0.05m, "agreed").FlooredAt(LateInterestRate.Fixed(0.06m, "floor")));
        Assert.Equal(LateInterestRate.Fixed(0.05m, "agreed"), rate.Agreed);
        Assert.Equal(LateInterestRate.Fixed(0.06m, "floor"), rate.Floor);
    }

    public sealed record Case(LocalDate First, LocalDate Last, decimal Agreed)
    {
        public override string ToString() => $"[{First:uuuu-MM-dd}, {Last:uuuu-MM-dd}] agreed {Agreed}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from first in Gen.Choose(0, 4_198).Select(new LocalDate(2015, 1, 1).PlusDays) // up to 2026-06-30
            from length in Gen.Choose(0, 900)
            let last = first.PlusDays(length) > new LocalDate(2026, 6, 30) ? new LocalDate(2026, 6, 30) : first.PlusDays(length)
            from agreedBp in Gen.Choose(0, 2_000)
            select new Case(first, last, agreedBp / 10_000m));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void France_AnyAgreedRate_EachDayIsMaxOfAgreedAndThreeTimesTauxLegal(Case c)
    {
        RateSchedule schedule = StatutoryPresets.France(c.Agreed).Resolve(c.First, c.Last);
        Assert.Equal(c.First, schedule.FirstDate);
        Assert.Equal(c.Last, schedule.LastDate);
        foreach (RatePeriod period in schedule.Periods)
        {
            decimal floor = 3m * ReferenceRateTables.FranceLegalRateProfessional.GetRate(period.Start).Rate;
            Assert.Equal(Math.Max(c.Agreed, floor), period.AnnualRate);
            Assert.Equal(floor > c.Agreed, period.Source.StartsWith("floor ", StringComparison.Ordinal));
        }

        Assert.True(schedule.Periods.Zip(schedule.Periods.Skip(1)).All(p => p.First.End == p.Second.Start));
    }
}
