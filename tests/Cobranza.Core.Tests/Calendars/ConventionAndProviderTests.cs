using System;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

public sealed class ConventionAndProviderTests
{
    [Theory]
    [InlineData("Following", BusinessDayConvention.Following)]
    [InlineData("F", BusinessDayConvention.Following)]
    [InlineData("MODFOLLOWING", BusinessDayConvention.ModifiedFollowing)]
    [InlineData("Modified Following", BusinessDayConvention.ModifiedFollowing)]
    [InlineData("modified_following", BusinessDayConvention.ModifiedFollowing)]
    [InlineData("mf", BusinessDayConvention.ModifiedFollowing)]
    [InlineData("Preceding", BusinessDayConvention.Preceding)]
    [InlineData("MP", BusinessDayConvention.ModifiedPreceding)]
    [InlineData("nearest", BusinessDayConvention.Nearest)]
    [InlineData("None", BusinessDayConvention.Unadjusted)]
    public void Parse_KnownNames_CaseAndSeparatorsIgnored(string name, BusinessDayConvention expected)
        => Assert.Equal(expected, BusinessDayConventions.Parse(name));

    [Fact]
    public void Parse_UnknownName_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => BusinessDayConventions.Parse("Backward"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'Backward'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ModifiedFollowing", ex.Message, StringComparison.Ordinal);
        Assert.False(BusinessDayConventions.TryParse(null, out _));
    }

    [Fact]
    public void Of_UnknownId_ThrowsListingValidIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => BusinessCalendars.Of("XX"));
        Assert.Contains("'XX'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TARGET2", ex.Message, StringComparison.Ordinal);
        Assert.Same(BusinessCalendars.UnitedKingdom, BusinessCalendars.Of("uk"));
        Assert.Same(BusinessCalendars.Colombia, BusinessCalendars.Of("co"));
        Assert.Equal(14, BusinessCalendars.All.Count);
    }

    [Fact]
    public void BuiltInProvider_ExtraCalendarsTakePrecedence()
    {
        var company = BusinessCalendars.Spain.WithClosingDays("ES-ACME", [new LocalDate(2026, 8, 14)]);
        var provider = new BuiltInCalendarProvider([company]);
        Assert.Same(company, provider.Get("es-acme"));
        Assert.Same(BusinessCalendars.Mexico, provider.Get("MX"));
        Assert.False(provider.TryGet("ZZ", out _));
        Assert.Throws<ArgumentException>(() => provider.Get("ZZ"));
    }

    [Fact]
    public void BusinessDayAdjustment_ResolvesCalendarThroughProvider()
    {
        // Sat 15 Aug 2026 (Asunción) in Spain, Following -> Mon 17 Aug 2026.
        var adjustment = new BusinessDayAdjustment(BusinessDayConvention.Following, "ES");
        Assert.Equal(new LocalDate(2026, 8, 17), adjustment.Adjust(new LocalDate(2026, 8, 15), BuiltInCalendarProvider.Instance));
        Assert.Equal(new LocalDate(2026, 8, 15), BusinessDayAdjustment.None.Adjust(new LocalDate(2026, 8, 15), BuiltInCalendarProvider.Instance));
        Assert.Throws<InvalidOperationException>(() => new BusinessDayAdjustment(BusinessDayConvention.Following, null).Adjust(new LocalDate(2026, 8, 15), BuiltInCalendarProvider.Instance));
    }

    [Fact]
    public void HolidayRules_ComputeDates()
    {
        // Orthodox Easter 2024 was 5 May (Gregorian); Western Easter 31 March.
        Assert.Equal(new LocalDate(2024, 5, 5), HolidayRule.EasterRelative("Pascha", 0, EasterKind.Orthodox).GetDate(2024));
        Assert.Equal(new LocalDate(2024, 3, 31), HolidayRule.EasterRelative("Easter", 0).GetDate(2024));
        // Thanksgiving 2024: fourth Thursday of November = 28 Nov.
        Assert.Equal(new LocalDate(2024, 11, 28), HolidayRule.NthWeekday("T", 11, IsoDayOfWeek.Thursday, 4).GetDate(2024));
        // Colombia Ley 51/1983: 6 Jan 2026 (Tuesday) -> Monday 12 Jan.
        Assert.Equal(new LocalDate(2026, 1, 12), HolidayRule.Fixed("Reyes", 1, 6, HolidayObservance.NextMonday).GetDate(2026));
        // Validity years.
        Assert.Null(HolidayRule.Fixed("X", 6, 19, firstYear: 2021).GetDate(2020));
        // A fifth Monday that does not exist.
        Assert.Null(HolidayRule.NthWeekday("X", 2, IsoDayOfWeek.Monday, 5).GetDate(2023));
    }

    [Fact]
    public void HolidayRule_InvalidArguments_ThrowNamingArgument()
    {
        Assert.Equal("day", Assert.Throws<ArgumentOutOfRangeException>(() => HolidayRule.Fixed("X", 2, 29)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => HolidayRule.NthWeekday("X", 1, IsoDayOfWeek.Monday, 0)).ParamName);
        Assert.Equal("lastYear", Assert.Throws<ArgumentOutOfRangeException>(() => HolidayRule.Fixed("X", 1, 1, firstYear: 2020, lastYear: 2019)).ParamName);
    }
}
