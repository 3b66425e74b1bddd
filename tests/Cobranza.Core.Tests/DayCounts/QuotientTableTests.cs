using System;
using Cobranza.Core.DayCounts;

namespace Cobranza.Core.Tests.DayCounts;

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
}
