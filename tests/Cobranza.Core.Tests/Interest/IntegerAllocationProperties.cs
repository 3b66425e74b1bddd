using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cobranza.Core.Tests.Interest;

/// <summary>
/// The accrual engine hands integer ratios to <c>Money.TryAllocateMinorUnits</c> instead of decimal ratios to
/// <see cref="Money.Allocate(ReadOnlySpan{decimal}, Span{Money})"/>: both must split an amount identically (same
/// largest-remainder rule, earlier index wins ties), part by part and bit by bit.
/// </summary>
public sealed class IntegerAllocationProperties
{
    public static class Arbitraries
    {
        public static Arbitrary<(long Units, ulong[] Ratios, int Currency)> Splits()
        {
            Gen<ulong> ratio = Gen.OneOf(
                Gen.Choose(0, 20).Select(x => (ulong)x),
                Gen.Choose(0, int.MaxValue).Select(x => (ulong)x),
                Gen.Choose(0, int.MaxValue).Select(x => (ulong)x * 1_000_000_007UL));
            Gen<(long, ulong[], int)> gen =
                from units in Gen.OneOf(Gen.Choose(-100_000, 100_000).Select(x => (long)x), Gen.Choose(0, int.MaxValue).Select(x => (long)x * 4_000_000_000L))
                from count in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(60, 160))
                from ratios in Gen.ArrayOf(ratio, count)
                from currency in Gen.Choose(0, 2)
                select (units, ratios, currency);
            return Arb.From(gen);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void TryAllocateMinorUnits_WhenItAnswers_MatchesAllocateWithTheSameRatiosAsDecimals((long Units, ulong[] Ratios, int Currency) c)
    {
        Currency currency = new[] { Currency.EUR, Currency.CLP, Currency.FromCode("KWD") }[c.Currency];
        var amount = Money.Of(c.Units / Pow10(currency.MinorUnits), currency);
        ulong[] work = (ulong[])c.Ratios.Clone();
        decimal sum = c.Ratios.Aggregate(0m, (s, r) => s + r);
        bool answered = amount.TryAllocateMinorUnits(work);

        // It declines only for an all-zero ratio set or a ratio sum beyond 64 bits (the amounts here fit in 64 bits).
        Assert.Equal(sum != 0m && sum <= ulong.MaxValue, answered);
        if (!answered)
        {
            return;
        }

        Money[] expected = amount.Allocate(c.Ratios.Select(r => (decimal)r).ToArray());
        for (int i = 0; i < expected.Length; i++)
        {
            decimal part = Money.MinorUnitsToDecimal(work[i], amount.Amount < 0m, currency.MinorUnits);
            Assert.Equal(decimal.GetBits(expected[i].Amount), decimal.GetBits(part));
        }
    }

    [Fact]
    public void TryAllocateMinorUnits_TiesAndLeftovers_FollowAllocate()
    {
        // 5.47 EUR 1:1:1 is 1.83, 1.82, 1.82 (the documented example of Money.Allocate): the earlier part wins the tie.
        ulong[] ratios = [1, 1, 1];
        Assert.True(Money.Of(5.47m, Currency.EUR).TryAllocateMinorUnits(ratios));
        Assert.Equal([183UL, 182UL, 182UL], ratios);

        // A ratio sum beyond 64 bits is declined, nothing decided (the caller then uses the decimal overload).
        ulong[] huge = [ulong.MaxValue, 1];
        Assert.False(Money.Of(1m, Currency.EUR).TryAllocateMinorUnits(huge));
        Assert.Equal([ulong.MaxValue, 1UL], huge);
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
