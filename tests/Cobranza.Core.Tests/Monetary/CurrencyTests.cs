using System;
using System.Linq;

namespace Cobranza.Core.Tests.Monetary;

public sealed class CurrencyTests
{
    [Theory]
    // Source for every row: ISO 4217 List One (alphabetic code, numeric code, minor units).
    [InlineData("EUR", 978, 2)]
    [InlineData("USD", 840, 2)]
    [InlineData("GBP", 826, 2)]
    [InlineData("COP", 170, 2)]
    [InlineData("MXN", 484, 2)]
    [InlineData("CLP", 152, 0)]
    [InlineData("JPY", 392, 0)]
    [InlineData("KWD", 414, 3)]
    [InlineData("BHD", 48, 3)]
    [InlineData("CLF", 990, 4)]
    [InlineData("UYW", 927, 4)]
    [InlineData("UYI", 940, 0)]
    [InlineData("COU", 970, 2)]
    [InlineData("MXV", 979, 2)]
    [InlineData("VES", 928, 2)]
    [InlineData("VED", 926, 2)]
    [InlineData("ZWG", 924, 2)] // Amendment 177 (2024-06-25)
    [InlineData("SLE", 925, 2)]
    [InlineData("XCG", 532, 2)] // Amendment 176, replaces ANG from 2025-03-31
    [InlineData("XAD", 396, 2)] // Amendment 179 (2025-05-12)
    public void FromCode_IsoCode_HasIsoNumericCodeAndMinorUnits(string code, int numeric, int minorUnits)
    {
        var currency = Currency.FromCode(code);
        Assert.Equal(code, currency.Code);
        Assert.Equal(numeric, currency.NumericCode);
        Assert.Equal(minorUnits, currency.MinorUnits);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("Eur")]
    [InlineData("EUR")]
    public void FromCode_AnyCase_ReturnsSharedInstance(string code)
        => Assert.Same(Currency.EUR, Currency.FromCode(code));

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData(" EUR")]
    [InlineData("")]
    [InlineData("ANG")] // withdrawn: replaced by XCG (ISO 4217 Amendment 176)
    [InlineData("BGN")] // withdrawn: Bulgaria adopted the euro on 2026-01-01
    [InlineData("XAU")] // minor unit N.A. in ISO 4217: not in the table
    public void FromCode_UnknownCode_ThrowsNamingCode(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => Currency.FromCode(code));
        Assert.Equal("code", ex.ParamName);
        Assert.Contains($"'{code}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCode_Null_ThrowsArgumentNull()
        => Assert.Equal("code", Assert.Throws<ArgumentNullException>(() => Currency.FromCode(null!)).ParamName);

    [Fact]
    public void TryFromCode_KnownAndUnknown_ReportsWhetherFound()
    {
        Assert.True(Currency.TryFromCode("jpy", out var jpy));
        Assert.Same(Currency.JPY, jpy);
        Assert.False(Currency.TryFromCode("QQQ", out var none));
        Assert.Null(none);
        Assert.False(Currency.TryFromCode(null, out _));
    }

    [Fact]
    public void All_Table_HasEveryActiveCodeWithMinorUnitsOnce()
    {
        // ISO 4217 List One of 2026-01-01 has 178 codes; 13 have minor unit "N.A." and are left out.
        Assert.Equal(165, Currency.All.Count);
        Assert.Equal(Currency.All.Count, Currency.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(Currency.All.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => c.Code), Currency.All.Select(c => c.Code));
        Assert.All(Currency.All, c => Assert.Same(c, Currency.FromCode(c.Code)));
        Assert.All(Currency.All, c => Assert.InRange(c.NumericCode, 1, 999));
        Assert.All(Currency.All, c => Assert.InRange(c.MinorUnits, 0, 4));
    }

    [Fact]
    public void WellKnown_Properties_AreTheTableInstances()
    {
        Assert.Equal(
            ["EUR", "USD", "GBP", "COP", "MXN", "CLP", "PEN", "ARS", "BRL", "CHF", "JPY"],
            new[]
            {
                Currency.EUR, Currency.USD, Currency.GBP, Currency.COP, Currency.MXN, Currency.CLP,
                Currency.PEN, Currency.ARS, Currency.BRL, Currency.CHF, Currency.JPY,
            }.Select(c => c.Code));
        Assert.Same(Currency.FromCode("PEN"), Currency.PEN);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(2, "0.01")]
    [InlineData(3, "0.001")]
    [InlineData(4, "0.0001")]
    public void MinorUnit_ByMinorUnits_IsOneMinorUnit(int minorUnits, string expected)
        => Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Currency.Custom("TST", 0, minorUnits, "Test").MinorUnit);

    [Fact]
    public void Custom_CopWithoutDecimals_IsNotIsoCop()
    {
        var cop0 = Currency.Custom("cop", 170, 0, "Peso colombiano sin centavos");
        Assert.Equal("COP", cop0.Code);
        Assert.NotEqual(Currency.COP, cop0);
        Assert.True(cop0 != Currency.COP);
        Assert.Equal(Currency.COP, Currency.Custom("COP", 170, 2, "Peso"));
        Assert.Equal(Currency.COP.GetHashCode(), Currency.Custom("COP", 999, 2, "Other name").GetHashCode());
    }

    [Theory]
    [InlineData("E1", 0, 2, "n", "code", "E1")]
    [InlineData("1AB", 0, 2, "n", "code", "1AB")]
    [InlineData("AB-C", 0, 2, "n", "code", "AB-C")]
    [InlineData("ABCDEFGHI", 0, 2, "n", "code", "ABCDEFGHI")]
    [InlineData("ABC", -1, 2, "n", "numericCode", "-1")]
    [InlineData("ABC", 1000, 2, "n", "numericCode", "1000")]
    [InlineData("ABC", 0, -1, "n", "minorUnits", "-1")]
    [InlineData("ABC", 0, 19, "n", "minorUnits", "19")]
    [InlineData("ABC", 0, 2, " ", "name", " ")]
    public void Custom_InvalidArgument_ThrowsNamingArgumentAndValue(
        string code, int numeric, int minorUnits, string name, string parameter, string value)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Currency.Custom(code, numeric, minorUnits, name));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareTo_ByCodeThenMinorUnits_Orders()
    {
        Assert.True(Currency.EUR.CompareTo(Currency.USD) < 0);
        Assert.True(Currency.Custom("COP", 170, 0, "x").CompareTo(Currency.COP) < 0);
        Assert.Equal(0, Currency.COP.CompareTo(Currency.Custom("COP", 170, 2, "x")));
        Assert.True(Currency.EUR.CompareTo(null) > 0);
    }

    [Fact]
    public void ToString_Always_IsCode() => Assert.Equal("CLF", Currency.FromCode("clf").ToString());
}
