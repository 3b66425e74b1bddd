using System;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using NodaTime;
using Xunit;

namespace Cobranza.Core.Tests;

public sealed class LanguageTests
{
    [Theory]
    [InlineData("es", "es", "es")]
    [InlineData("EN", "en", "en")]
    [InlineData("es-co", "es-CO", "es")] // RFC 5646 §2.1.1: region upper case
    [InlineData("ES-CO", "es-CO", "es")]
    [InlineData("zh-hant-tw", "zh-Hant-TW", "zh")] // script title case
    [InlineData("es-419", "es-419", "es")] // UN M.49 region (Latin America)
    public void FromTag_WellFormed_KeptInBcp47Case(string tag, string expected, string code)
    {
        var language = Language.FromTag(tag);
        Assert.Equal(expected, language.Tag);
        Assert.Equal(code, language.Code);
        Assert.Equal(expected, language.ToString());
    }

    [Fact]
    public void FromTag_SpanishAndEnglish_TheSharedInstances()
    {
        Assert.Same(Language.Spanish, Language.FromTag("es"));
        Assert.Same(Language.English, Language.FromTag("En"));
        Assert.Equal("es", Language.Spanish.Tag);
        Assert.Equal("en", Language.English.Tag);
    }

    [Theory]
    [InlineData("español")] // the name, not the ISO 639 code; and not ASCII
    [InlineData("es_CO")] // underscore is not a BCP 47 separator (RFC 5646 §2.1)
    [InlineData("e")]
    [InlineData("es-")]
    [InlineData("")]
    [InlineData("es-toolongsubtag")]
    public void FromTag_NotWellFormed_RefusedNamingTheValue(string tag)
    {
        var ex = Assert.Throws<ArgumentException>(() => Language.FromTag(tag));
        Assert.Equal("tag", ex.ParamName);
        Assert.Contains($"(was '{tag}')", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not its name", ex.Message, StringComparison.Ordinal);
        Assert.False(Language.TryFromTag(tag, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void FromTag_EnglishNameOfTheLanguage_WellFormedButWithoutLibraryTexts()
    {
        // RFC 5646 §2.2.1: a primary subtag of 5–8 letters is well-formed (reserved for registered languages), so
        // "Spanish" passes the form check; it is not Spanish: the library writes no text in it and says so.
        var language = Language.FromTag("Spanish");
        Assert.False(language.HasLibraryTexts);
        var ex = Assert.Throws<ArgumentException>(() => PaymentTermsText.DescribeRule(Assert.Single(PaymentTermsNotation.Parse("Net 30").Portions).Rule, language));
        Assert.Contains("(was 'spanish')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTag_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Language.FromTag(null!));
        Assert.False(Language.TryFromTag(null, out _));
    }

    [Fact]
    public void Equality_ByTagWhateverTheCaseWritten()
    {
        var a = Language.FromTag("es-co");
        var b = Language.FromTag("ES-CO");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(Language.Spanish, a);
        Assert.True(Language.Spanish != a);
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"es-CO"));
    }

    [Theory]
    [InlineData("es", true)]
    [InlineData("es-MX", true)]
    [InlineData("en-US", true)]
    [InlineData("pt-BR", false)]
    [InlineData("eus", false)]
    public void HasLibraryTexts_SpanishOrEnglishInAnyRegion(string tag, bool expected)
        => Assert.Equal(expected, Language.FromTag(tag).HasLibraryTexts);

    [Fact]
    public void LibraryTexts_RegionalSpanish_TheSpanishText()
    {
        // The same statement text for es and es-CO; a language without texts is refused, naming it.
        var issue = new PaymentTermIssue("T", TermIssueSeverity.Warning, "$", 90, 60, "texto", "text", "Ley 3/2004 art. 4");
        Assert.Equal("texto", issue.Message(Language.FromTag("es-CO")));
        Assert.Equal("text", issue.Message(Language.FromTag("en-US")));
        var ex = Assert.Throws<ArgumentException>(() => issue.Message(Language.FromTag("pt-BR")));
        Assert.Equal("language", ex.ParamName);
        Assert.Contains("(was 'pt-BR')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerProfile_NullLanguage_ThrowsArgumentNull()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new CustomerProfile("C-1", "Talleres Ruiz S.L.", null!, DateTimeZone.Utc));
        Assert.Equal("language", ex.ParamName);
    }

    [Fact]
    public void CustomerProfile_RegionalTag_KeptAndChoosesSpanishNotices()
    {
        var profile = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-co"), DateTimeZone.Utc);
        Assert.Equal("es-CO", profile.Language.Tag);
        Assert.Equal("es", profile.Language.Code);
    }
}
