using System;
using System.Globalization;

namespace Cobranza.Core.Tests.Monetary;

// Expected strings: separators and currency patterns from .NET's culture data (NumberFormatInfo, ICU/CLDR) as
// documented in docs/money.md; the symbol and space rules are this library's (docs/money.md, "Formatting").
// U+0020 is written as a plain space; other spaces are escaped.
public sealed class MoneyFormattingTests
{
    private static string Format(decimal amount, string currency, string culture, string? format = null)
        => Money.Of(amount, currency).ToString(format, CultureInfo.GetCultureInfo(culture));

    [Theory]
    // The example: es-ES groups 4-digit amounts and writes the symbol after a plain space.
    [InlineData(1234.56, "EUR", "es-ES", "1.234,56 €")]
    [InlineData(-1234.56, "EUR", "es-ES", "-1.234,56 €")]
    [InlineData(1234567.891, "EUR", "es-ES", "1.234.567,891 €")]
    [InlineData(0.5, "EUR", "es-ES", "0,50 €")]
    [InlineData(1234.56, "USD", "es-ES", "1.234,56 US$")]
    [InlineData(1234.56, "GBP", "es-ES", "1.234,56 £")]
    [InlineData(1235, "JPY", "es-ES", "1.235 JPY")]
    [InlineData(1234.56, "COP", "es-CO", "$ 1.234,56")]
    [InlineData(-1234.56, "COP", "es-CO", "-$ 1.234,56")]
    [InlineData(1234.56, "USD", "es-CO", "US$ 1.234,56")]
    [InlineData(1234.56, "EUR", "es-CO", "€ 1.234,56")]
    [InlineData(1234.56, "MXN", "es-MX", "$1,234.56")]
    [InlineData(-1234.56, "MXN", "es-MX", "-$1,234.56")]
    [InlineData(1234.56, "USD", "es-MX", "US$1,234.56")]
    [InlineData(1234.56, "USD", "en-US", "$1,234.56")]
    [InlineData(-1234.56, "USD", "en-US", "-$1,234.56")]
    [InlineData(1234.56, "EUR", "en-US", "€1,234.56")]
    [InlineData(1234.56, "CHF", "en-US", "CHF 1,234.56")]
    [InlineData(-1234.56, "CHF", "en-US", "-CHF 1,234.56")]
    [InlineData(1234.56, "GBP", "en-GB", "£1,234.56")]
    [InlineData(1234.56, "USD", "en-GB", "US$1,234.56")]
    [InlineData(1234.56, "EUR", "en-GB", "€1,234.56")]
    [InlineData(1234, "CLP", "es-CL", "$1.234")]
    [InlineData(-1234, "CLP", "es-CL", "$-1.234")]
    [InlineData(1234.56, "EUR", "fr-FR", "1\u202F234,56 €")]
    [InlineData(12345678.9, "INR", "en-IN", "₹1,23,45,678.90")]
    [InlineData(1234.56, "EUR", "es", "1.234,56 €")]
    public void ToString_Culture_UsesCulturePatternAndMoneysCurrency(double amount, string currency, string culture, string expected)
        => Assert.Equal(expected, Format((decimal)amount, currency, culture));

    [Fact]
    public void ToString_EsEs_EmitsPlainSpaceBeforeSymbol()
    {
        string text = Money.Of(1234.56m, Currency.EUR).ToString(CultureInfo.GetCultureInfo("es-ES"));
        Assert.Equal('\u0020', text[^2]);
        Assert.DoesNotContain('\u00A0', text);
    }

    [Theory]
    [InlineData(1234.56, "EUR", "es-ES", "C", "1.234,56 EUR")]
    [InlineData(1234.56, "EUR", "en-US", "C", "EUR 1,234.56")]
    [InlineData(-1234.56, "COP", "es-CO", "c", "-COP 1.234,56")]
    [InlineData(1234.56, "EUR", "es-ES", "N", "1.234,56")]
    [InlineData(-1234.5, "USD", "en-US", "N", "-1,234.50")]
    [InlineData(1234.56, "EUR", "es-ES", "I", "1234.56 EUR")]
    [InlineData(1234.56, "EUR", "es-ES", "", "1.234,56 €")]
    public void ToString_Format_SelectsForm(double amount, string currency, string culture, string format, string expected)
        => Assert.Equal(expected, Format((decimal)amount, currency, culture, format));

    [Theory]
    [InlineData("1234.56", "EUR", "1234.56 EUR")]
    [InlineData("-0.5", "EUR", "-0.50 EUR")]
    [InlineData("0", "USD", "0.00 USD")]
    [InlineData("1235", "JPY", "1235 JPY")]
    [InlineData("1234.5", "CLF", "1234.5000 CLF")]
    [InlineData("1.005", "EUR", "1.005 EUR")] // unrounded: formatting shows every significant decimal
    [InlineData("1.50000", "EUR", "1.50 EUR")]
    [InlineData("12.345", "KWD", "12.345 KWD")]
    public void ToString_NoArguments_IsInvariantForm(string amount, string currency, string expected)
        => Assert.Equal(expected, Money.Of(decimal.Parse(amount, CultureInfo.InvariantCulture), currency).ToString());

    [Fact]
    public void ToString_InvariantForm_IgnoresCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1234.56 EUR", Money.Of(1234.56m, Currency.EUR).ToString());
            Assert.Equal("1.234,56 €", Money.Of(1234.56m, Currency.EUR).ToString((IFormatProvider?)null));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ToString_CustomNumberFormat_UsesItsSeparatorsAndPatterns()
    {
        var info = new NumberFormatInfo
        {
            CurrencyDecimalSeparator = "'",
            CurrencyGroupSeparator = "_",
            CurrencyGroupSizes = [2],
            CurrencyPositivePattern = 1,
            CurrencyNegativePattern = 0,
        };
        Assert.Equal("1_23_45'60€", Money.Of(12345.6m, Currency.EUR).ToString(info));
        Assert.Equal("(€1_23_45'60)", Money.Of(-12345.6m, Currency.EUR).ToString(info));
    }

    [Fact]
    public void ToString_InvariantCulture_GivesInvariantForm()
    {
        var money = Money.Of(1234.56m, Currency.EUR);
        Assert.Equal("1234.56 EUR", money.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(money.ToString(), string.Create(CultureInfo.InvariantCulture, $"{money}"));
        // Other formats still honour the invariant culture's separators.
        Assert.Equal("1,234.56", money.ToString("N", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToString_CustomCurrency_UsesCode()
        => Assert.Equal("1.235 COP", Money.Of(1235m, Currency.Custom("COP", 170, 0, "Peso")).ToString(CultureInfo.GetCultureInfo("es-ES")));

    [Fact]
    public void ToString_UnknownFormat_ThrowsNamingFormat()
    {
        var ex = Assert.Throws<FormatException>(() => Money.Of(1m, Currency.EUR).ToString("X2", CultureInfo.InvariantCulture));
        Assert.Contains("'X2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Interpolation_UsesFormatString()
        => Assert.Equal("1234.56 EUR", string.Create(CultureInfo.GetCultureInfo("es-ES"), $"{Money.Of(1234.56m, Currency.EUR):I}"));
}
