using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Receivables;

/// <summary>The snapshot-derived figures the escalation engine reads (day numbers, exact mantissa-and-scale sums).</summary>
public sealed class DerivedFiguresProperties
{
    [Property(MaxTest = 500)]
    public bool DayNumbers_AnyIsoDate_RoundTripsAndCountsDaysFromTheEpoch(int seed)
    {
        // Spread over NodaTime's whole ISO range (-9998-01-01 … 9999-12-31).
        long span = (long)DayNumbers.Max - DayNumbers.Min + 1;
        int day = (int)(DayNumbers.Min + (long)(unchecked((uint)seed) % (ulong)span));
        var date = DayNumbers.ToDate(day);
        return DayNumbers.Of(date) == day && Period.DaysBetween(new LocalDate(1970, 1, 1), date) == day;
    }

    [Fact]
    public void DayNumbers_RangeEnds_AreNodaTimesIsoLimits()
    {
        Assert.Equal(LocalDate.MinIsoValue, DayNumbers.ToDate(DayNumbers.Min));
        Assert.Equal(LocalDate.MaxIsoValue, DayNumbers.ToDate(DayNumbers.Max));
        Assert.Equal(0, DayNumbers.Of(new LocalDate(1970, 1, 1)));
        Assert.Equal(-1, DayNumbers.Of(new LocalDate(1969, 12, 31)));
        Assert.Equal(11_017, DayNumbers.Of(new LocalDate(2000, 3, 1))); // 10,957 days to 2000-01-01 (30 years, 7 leap days) + 31 + 29
    }

    [Property(MaxTest = 500)]
    public bool ScaledSum_AnyAmounts_SameMantissaAndScaleAsDecimalAddition(long[] mantissas, byte[] scales)
    {
        decimal expected = 0m;
        var sum = default(ScaledSum);
        for (int i = 0; i < mantissas.Length; i++)
        {
            long m = Math.Abs(mantissas[i] % 1_000_000_000_000_000L);
            byte s = (byte)(scales.Length == 0 ? 2 : scales[i % scales.Length] % 29);
            var value = new decimal(unchecked((int)(uint)(ulong)m), unchecked((int)(uint)((ulong)m >> 32)), 0, false, s);
            expected += value;
            sum.Add(new ScaledAmount(value));
        }

        return !sum.Ok || string.Join(",", decimal.GetBits(sum.ToDecimal())) == string.Join(",", decimal.GetBits(expected));
    }

    [Fact]
    public void ScaledAmount_ValuesThatDoNotFit_AreFlagged()
    {
        Assert.False(new ScaledAmount(123_456_789_012_345_678_901.5m).Fits); // mantissa beyond 64 bits
        Assert.False(new ScaledAmount(-1.5m).Fits);
        Assert.True(new ScaledAmount(1.50m).Fits);
        Assert.Equal(150, new ScaledAmount(1.50m).Mantissa);
        Assert.Equal(2, new ScaledAmount(1.50m).Scale);
        var sum = default(ScaledSum);
        sum.Add(new ScaledAmount(1m));
        sum.Add(new ScaledAmount(-2m));
        Assert.False(sum.Ok);
    }
}
