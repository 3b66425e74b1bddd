using System;

namespace Cobranza.Core.Tests;

public sealed class GuardTests
{
    [Fact]
    public void InRange_ValueOutside_MessageNamesArgumentAndValue()
    {
        int paymentDay = 32;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.InRange(paymentDay, 1, 31));
        Assert.Equal("paymentDay", ex.ParamName);
        Assert.Contains("32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and 31", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotNullOrWhiteSpace_Blank_Throws()
    {
        string code = "  ";
        var ex = Assert.Throws<ArgumentException>(() => Guard.NotNullOrWhiteSpace(code));
        Assert.Equal("code", ex.ParamName);
    }
}
