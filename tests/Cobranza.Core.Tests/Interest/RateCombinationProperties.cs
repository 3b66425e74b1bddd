using System;
using System.Linq;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Invariants of issue 16: combining host rows with a table, and the period equivalent of an effective rate.</summary>
public sealed class RateCombinationProperties
{
    /// <summary>Up to four sorted, non-overlapping host rows inside and after the ECB table (1999-01-01 .. 2027-12-31).</summary>
    public sealed record HostRows(ReferenceRate[] Rows)
    {
        public override string ToString() => string.Join(" | ", Rows.Select(r => r.ToString()));
    }

    public static class Arbitraries
    {
        public static Arbitrary<HostRows> Rows() => Arb.From(
            from count in Gen.Choose(1, 4)
            from starts in Gen.ArrayOf(Gen.Choose(0, 10_500), count)
            from lengths in Gen.ArrayOf(Gen.Choose(0, 900), count)
            from bps in Gen.ArrayOf(Gen.Choose(-50, 900), count)
            select Build(starts, lengths, bps));

        private static HostRows Build(int[] starts, int[] lengths, int[] bps)
        {
            var origin = new LocalDate(1999, 1, 1);
            Array.Sort(starts);
            var rows = new System.Collections.Generic.List<ReferenceRate>();
            LocalDate next = origin;
            for (int i = 0; i < starts.Length; i++)
            {
                LocalDate start = origin.PlusDays(starts[i]);
                start = start < next ? next : start;
                LocalDate end = start.PlusDays(lengths[i]);
                rows.Add(new ReferenceRate(start, end, bps[i] / 10_000m, $"host {i}", RateVerification.Verified));
                next = end.PlusDays(1);
            }

            return new HostRows(rows.ToArray());
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150)]
    public void Combine_HostWinsOnItsDays_TableElsewhere_AndReportsEveryReplacedDay(HostRows host)
    {
        ReferenceRateTable ecb = ReferenceRateTables.EcbMainRefinancing;
        ReferenceRateCombination combined = ecb.Combine(host.Rows);
        LocalDate last = combined.Table.CoveredUntil;
        for (LocalDate day = ecb.FirstCovered; day <= last; day = day.PlusDays(13))
        {
            ReferenceRate? hostRow = host.Rows.FirstOrDefault(r => r.Covers(day));
            bool builtIn = ecb.TryGetRate(day, out ReferenceRate? original);
            bool covered = combined.Table.TryGetRate(day, out ReferenceRate? got);
            if (hostRow is not null)
            {
                Assert.Equal(hostRow.Rate, got!.Rate);
                Assert.Equal(builtIn, combined.Overlaps.Any(o => o.From <= day && day <= o.To));
            }
            else if (builtIn)
            {
                Assert.Equal(original!.Rate, got!.Rate);
            }
            else
            {
                Assert.False(covered);
                Assert.Contains(combined.Gaps, g => g.Contains(day));
            }
        }
    }

    [Property(MaxTest = 200)]
    public void EffectivePeriodRate_SplittingAPeriodNeverAddsInterest(PositiveInt a, PositiveInt b, PositiveInt bp)
    {
        // (1 + r)^(x + y) - 1 = ((1 + r)^x - 1) + ((1 + r)^y - 1) + ((1 + r)^x - 1)((1 + r)^y - 1) >= the sum of the parts.
        int x = (a.Get % 400) + 1, y = (b.Get % 400) + 1;
        decimal ea = (bp.Get % 5_000) / 10_000m;
        decimal whole = DecimalMath.EffectivePeriodRate(ea, x + y, 365);
        decimal parts = DecimalMath.EffectivePeriodRate(ea, x, 365) + DecimalMath.EffectivePeriodRate(ea, y, 365);
        decimal cross = DecimalMath.EffectivePeriodRate(ea, x, 365) * DecimalMath.EffectivePeriodRate(ea, y, 365);
        Assert.True(whole >= parts - 1e-24m);
        Assert.True(Math.Abs(whole - (parts + cross)) < 1e-24m, $"{whole} vs {parts + cross}");
    }
}
