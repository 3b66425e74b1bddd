using System;
using Cobranza.Core.Calendars;

namespace Cobranza.Core.Tests.Calendars;

public sealed class QuotientTableTests
{
    [Theory]
    [InlineData(360)]
    [InlineData(365)]
    [InlineData(366)]
    [InlineData(133_590)]
    public void Divide_EveryTabulatedNumeratorAndBeyond_IsBitIdenticalToDecimalDivision(int denominator)
    {
        // Exhaustive over the tables and past their ends (where the division runs directly), both signs:
        // same value and same scale, so ToString and equality cannot tell the two apart.
        for (long n = -QuotientTable.Limit - 400; n <= QuotientTable.Limit + 400; n++)
        {
            decimal expected = n == 0 ? 0m : (decimal)n / denominator;
            decimal actual = QuotientTable.Divide(n, denominator);
            if (!decimal.GetBits(expected).AsSpan().SequenceEqual(decimal.GetBits(actual)))
            {
                Assert.Fail($"{n}/{denominator}: table {actual} vs division {expected}");
            }
        }
    }

    [Fact]
    public void Divide_MixedYearDenominator_EveryServedNumerator_IsBitIdenticalToDecimalDivision()
    {
        // Act/Act ISDA across years of different lengths divides by 365 × 366 without decimal division for
        // |n| < 10 × 133,590 (ten years): every one of those numerators, both signs, and past the limit.
        const int d = QuotientTable.MixedYearDenominator;
        for (long n = -QuotientTable.MixedYearLimit - 400; n <= QuotientTable.MixedYearLimit + 400; n++)
        {
            decimal expected = n == 0 ? 0m : (decimal)n / d;
            decimal actual = QuotientTable.Divide(n, d);
            if (!decimal.GetBits(expected).AsSpan().SequenceEqual(decimal.GetBits(actual)))
            {
                Assert.Fail($"{n}/{d}: long division {actual} (scale {actual.Scale}) vs decimal division {expected} (scale {expected.Scale})");
            }
        }
    }
}
