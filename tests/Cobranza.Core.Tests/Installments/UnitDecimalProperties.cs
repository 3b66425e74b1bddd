using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

/// <summary>
/// <see cref="UnitDecimal"/> must give bit for bit what <see cref="decimal"/> gives (the tracked-plan fast path
/// relies on it): every operation is compared with the decimal operation on random values, scales and signs,
/// with many zeros, negative zeros and equal values at different scales (the cases where the result's scale and
/// sign depend on the operands, not only on the value).
/// </summary>
public sealed class UnitDecimalProperties
{
    public sealed record Operands(decimal A, decimal B, int MinorUnits)
    {
        public override string ToString() => $"a={A} ({Bits(A)}) b={B} ({Bits(B)}) minorUnits={MinorUnits}";
    }

    public static class Arbitraries
    {
        private static Gen<decimal> Value(int minorUnits) =>
            from kind in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (5, Gen.Constant(2)))
            from units in Gen.Choose(0, 3_000)
            from scale in Gen.Choose(0, 7)
            from negative in Gen.Elements(true, false)
            select Make(kind == 0 ? 0 : kind == 1 ? units % 7 : units, scale, negative, minorUnits);

        // A decimal of `units` minor units (or of `units` at `scale` when that scale is below the minor units'),
        // with the given scale and sign bit (so zeros come with every scale and both signs).
        private static decimal Make(long units, int scale, bool negative, int minorUnits)
        {
            long mantissa = scale >= minorUnits ? units * (long)Math.Pow(10, scale - minorUnits) : units;
            return new decimal(unchecked((int)mantissa), (int)(mantissa >> 32), 0, negative, (byte)scale);
        }

        public static Arbitrary<Operands> Pairs() =>
            (from minorUnits in Gen.Choose(0, 4)
             from a in Value(minorUnits)
             from b in Value(minorUnits)
             from sameValue in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
             from extraScale in Gen.Choose(0, 3)
             from flipSign in Gen.Elements(true, false)
             select new Operands(a, sameValue ? Rescale(a, extraScale, flipSign) : b, minorUnits)).ToArbitrary();

        // The same value with more decimals (and, for a zero, possibly the other sign).
        private static decimal Rescale(decimal value, int extraScale, bool flipSign)
        {
            decimal rescaled = value * new decimal(1, 0, 0, false, (byte)extraScale) * (decimal)Math.Pow(10, extraScale);
            return value == 0m && flipSign ? -rescaled : rescaled;
        }
    }

    [Property(MaxTest = 3_000, Arbitrary = [typeof(Arbitraries)])]
    public void Operations_RandomOperands_SameBitsAsDecimal(Operands o)
    {
        if (!UnitDecimal.TryFrom(o.A, o.MinorUnits, out var a) || !UnitDecimal.TryFrom(o.B, o.MinorUnits, out var b))
        {
            // Not whole minor units: nothing to compare (the fast path never sees such amounts).
            Assert.True(decimal.Round(o.A, o.MinorUnits) != o.A || decimal.Round(o.B, o.MinorUnits) != o.B);
            return;
        }

        Assert.Equal(Bits(o.A), Bits(a.ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(o.A + o.B), Bits(UnitDecimal.Add(a, b).ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(o.A - o.B), Bits(UnitDecimal.Subtract(a, b).ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(Math.Min(o.A, o.B)), Bits(UnitDecimal.Min(a, b).ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(Math.Max(o.A, o.B)), Bits(UnitDecimal.Max(a, b).ToDecimal(o.MinorUnits)));

        // Chains, as the allocation uses them: (a - b) - b, (a + b) - a, and Min of a result with an operand.
        UnitDecimal difference = UnitDecimal.Subtract(a, b);
        Assert.Equal(Bits(o.A - o.B - o.B), Bits(UnitDecimal.Subtract(difference, b).ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(o.A + o.B - o.A), Bits(UnitDecimal.Subtract(UnitDecimal.Add(a, b), a).ToDecimal(o.MinorUnits)));
        Assert.Equal(Bits(Math.Min(o.A - o.B, o.B)), Bits(UnitDecimal.Min(difference, b).ToDecimal(o.MinorUnits)));
    }

    [Fact]
    public void Subtract_EqualValuesDifferentScales_ZeroSignAsDecimal()
    {
        // The runtime's own results (System.Decimal, DecAddSub): 5.00 - 5.0 is a negative zero, 5.0 - 5.00 is not;
        // 0 - 0.00 is a negative zero, 0.00 - 0 is not.
        (decimal A, decimal B)[] cases = [(5.00m, 5.0m), (5.0m, 5.00m), (0m, 0.00m), (0.00m, 0m), (0.000m, -0.0m)];
        foreach (var (x, y) in cases)
        {
            Assert.True(UnitDecimal.TryFrom(x, 0, out var a));
            Assert.True(UnitDecimal.TryFrom(y, 0, out var b));
            decimal expected = Identity(x) - Identity(y);
            Assert.Equal(Bits(expected), Bits(UnitDecimal.Subtract(a, b).ToDecimal(0)));
        }
    }

    [Fact]
    public void TryFrom_NotWholeMinorUnitsOrTooLarge_False()
    {
        Assert.False(UnitDecimal.TryFrom(10.005m, 2, out _));
        Assert.False(UnitDecimal.TryFrom(79_228_162_514_264_337_593_543_950_335m, 2, out _));
        Assert.False(UnitDecimal.TryFrom(new decimal(0, 0x4000_0001, 0, false, 0), 0, out _)); // 2^62 + 2^32: above the limit
        Assert.True(UnitDecimal.TryFrom(new decimal(0, 0x4000_0000, 0, false, 0), 0, out var limit)); // exactly 2^62
        Assert.Equal(UnitDecimal.Limit, limit.Units);
        Assert.True(UnitDecimal.TryFrom(0.0000000000000000000000000m, 2, out var zero)); // scale 25: zero only
        Assert.Equal(Bits(0.0000000000000000000000000m), Bits(zero.ToDecimal(2)));
    }

    [Fact]
    public void FitsAtScale_Bounds()
    {
        Assert.True(UnitDecimal.FitsAtScale(UnitDecimal.Limit, 2, 2));
        Assert.False(UnitDecimal.FitsAtScale(UnitDecimal.Limit + 1, 2, 2));
        Assert.True(UnitDecimal.FitsAtScale(UnitDecimal.Limit / 1_000, 5, 2));
        Assert.False(UnitDecimal.FitsAtScale((UnitDecimal.Limit / 1_000) + 1, 5, 2));
        Assert.False(UnitDecimal.FitsAtScale(1, 25, 2)); // 10^23 per unit: beyond the table
    }

    public sealed record DatePair(LocalDate A, LocalDate B);

    public static class DateArbitraries
    {
        public static Arbitrary<DatePair> Pairs() =>
            (from a in Gen.Choose(-3_650_000, 2_932_896)
             from b in Gen.Choose(-3_650_000, 2_932_896)
             select new DatePair(new LocalDate(1970, 1, 1).PlusDays(a), new LocalDate(1970, 1, 1).PlusDays(b))).ToArbitrary();
    }

    [Property(MaxTest = 1_000, Arbitrary = [typeof(DateArbitraries)])]
    public void DayNumbers_RandomDates_DifferenceIsPeriodDaysBetween(DatePair p)
    {
        Assert.Equal(Period.DaysBetween(p.A, p.B), DayNumbers.Of(p.B) - DayNumbers.Of(p.A));
        Assert.Equal(p.A.CompareTo(p.B) < 0, DayNumbers.Of(p.A) < DayNumbers.Of(p.B));
    }

    [Fact]
    public void DayNumbers_KnownDates()
    {
        // Day numbers since 1970-01-01 (Unix epoch days; 2000-03-01 is day 11 017, 9999-12-31 is day 2 932 896).
        Assert.Equal(0, DayNumbers.Of(new LocalDate(1970, 1, 1)));
        Assert.Equal(11_017, DayNumbers.Of(new LocalDate(2000, 3, 1)));
        Assert.Equal(2_932_896, DayNumbers.Of(new LocalDate(9999, 12, 31)));
        Assert.Equal(2_932_896, DayNumbers.Max);
        Assert.False(DayNumbers.TryGet(new LocalDate(2026, 1, 1, CalendarSystem.Julian), out _));
    }

    private static decimal Identity(decimal d) => d;

    private static string Bits(decimal d) => string.Join(",", decimal.GetBits(d));
}
