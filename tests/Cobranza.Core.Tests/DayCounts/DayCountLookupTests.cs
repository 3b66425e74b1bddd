using System;
using System.Linq;
using Cobranza.Core.DayCounts;
using DC = Cobranza.Core.DayCounts.DayCounts;

namespace Cobranza.Core.Tests.DayCounts;

public sealed class DayCountLookupTests
{
    // Names from ISDA 2006 §4.16 (b), (d)-(h) and the market aliases documented in docs/day-counts.md.
    [Theory]
    [InlineData("ACT/360", "ACT/360")]
    [InlineData("Actual/360", "ACT/360")]
    [InlineData("A/360", "ACT/360")]
    [InlineData("ACT/365F", "ACT/365F")]
    [InlineData("ACT/365 FIXED", "ACT/365F")]
    [InlineData("Actual/365 (Fixed)", "ACT/365F")]
    [InlineData("A/365F", "ACT/365F")]
    [InlineData("ACT/ACT ISDA", "ACT/ACT ISDA")]
    [InlineData("Actual/Actual (ISDA)", "ACT/ACT ISDA")]
    [InlineData("30/360", "30/360")]        // ISDA 2006 §4.16(f): "30/360", "360/360" or "Bond Basis"
    [InlineData("360/360", "30/360")]
    [InlineData("30/360 US", "30/360")]
    [InlineData("Bond Basis", "30/360")]
    [InlineData("30U/360", "30/360")]
    [InlineData("30/360 SIA", "30/360 SIA")]
    [InlineData("30E/360", "30E/360")]
    [InlineData("Eurobond Basis", "30E/360")] // ISDA 2006 §4.16(g)
    [InlineData("30E/360 ISDA", "30E/360 ISDA")]
    [InlineData("30E/360 (ISDA)", "30E/360 ISDA")] // ISDA 2006 §4.16(h)
    [InlineData("NL/365", "NL/365")]
    [InlineData("  act/365   fixed ", "ACT/365F")] // case and white space are ignored
    public void Of_KnownName_ReturnsConvention(string name, string canonical)
    {
        Assert.Equal(canonical, DayCount.Of(name).Name);
        Assert.True(DayCount.TryOf(name, out DayCount? found));
        Assert.Same(DayCount.Of(name), found);
    }

    [Fact]
    public void Of_EveryCanonicalNameAndAlias_RoundTrips()
    {
        foreach (DayCount dayCount in DC.All)
        {
            Assert.Same(dayCount, DayCount.Of(dayCount.Name));
            Assert.Same(dayCount, DayCount.Of(dayCount.ToString()));
            Assert.All(dayCount.Aliases, alias => Assert.Same(dayCount, DayCount.Of(alias)));
            Assert.False(string.IsNullOrWhiteSpace(dayCount.Description));
        }
    }

    [Fact]
    public void Of_UnknownName_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => DayCount.Of("ACT/364"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'ACT/364'", ex.Message, StringComparison.Ordinal);
        Assert.All(DC.All, dc => Assert.Contains(dc.Name, ex.Message, StringComparison.Ordinal));
        Assert.Contains("EUROBOND BASIS", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ACT/ACT", "ICMA")]        // ISDA 2006 §4.16(b) vs (c): bond markets mean ICMA
    [InlineData("Actual/Actual", "ICMA")]
    [InlineData("ACT/365", "ACT/365F")]    // ISDA 2006 §4.16(b) lists "Actual/365" as Actual/Actual (ISDA)
    [InlineData("30/360 ISDA", "Strata")]  // QuantLib: 30E/360 ISDA; Strata: Bond Basis
    public void Of_AmbiguousName_ThrowsWithTheReason(string name, string reasonFragment)
    {
        var ex = Assert.Throws<ArgumentException>(() => DayCount.Of(name));
        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reasonFragment, ex.Message, StringComparison.Ordinal);
        Assert.False(DayCount.TryOf(name, out _));
    }

    [Fact]
    public void Of_NullOrBlank_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DayCount.Of(null!));
        var ex = Assert.Throws<ArgumentException>(() => DayCount.Of("   "));
        Assert.Equal("name", ex.ParamName);
        Assert.False(DayCount.TryOf(null, out DayCount? none));
        Assert.Null(none);
    }

    [Fact]
    public void All_EightDistinctConventions_WithDistinctNames()
    {
        Assert.Equal(8, DC.All.Count);
        Assert.Equal(8, DC.All.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(8, DC.All.Distinct().Count());
        var names = DC.All.SelectMany(d => d.Aliases.Prepend(d.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Equals_SameConvention_EqualAndSameHash()
    {
        Assert.True(DC.Actual360.Equals(DayCount.Of("A/360")));
        Assert.True(DC.Actual360 == DayCount.Of("ACT/360"));
        Assert.True(DC.Actual360 != DC.Actual365Fixed);
        Assert.False(DC.Actual360.Equals((object?)null));
        Assert.False(DC.Actual360 == null);
        Assert.Equal(DC.Actual360.GetHashCode(), DayCount.Of("actual/360").GetHashCode());
        Assert.Equal("30E/360 ISDA", DC.ThirtyE360Isda.ToString());
    }
}
