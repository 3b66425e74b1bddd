using System;

namespace Cobranza.Core.Tests;

/// <summary>Assertions for value equality of records (docs/decisions/0004-record-equality.md).</summary>
internal static class EqualityAssert
{
    /// <summary>
    /// Two values built separately by <paramref name="build"/> are distinct instances, equal both ways (typed and
    /// as objects) and hash equal.
    /// </summary>
    internal static T EqualWhenBuiltTwice<T>(Func<T> build)
        where T : class, IEquatable<T>
    {
        T first = build();
        T second = build();
        Assert.NotSame(first, second);
        Assert.True(first.Equals(second), $"{typeof(T).Name}: two separately built equal values are not Equal.");
        Assert.True(second.Equals(first), $"{typeof(T).Name}: Equals is not symmetric.");
        Assert.True(first.Equals((object)second), $"{typeof(T).Name}: Equals(object) disagrees with Equals(T).");
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.False(first.Equals(null));
        return first;
    }

    /// <summary>Each named variant differs from <paramref name="baseline"/> (both ways, typed and as objects).</summary>
    internal static void EachDiffers<T>(T baseline, params (string Change, T Variant)[] variants)
        where T : class, IEquatable<T>
    {
        Assert.NotEmpty(variants);
        foreach (var (change, variant) in variants)
        {
            Assert.False(baseline.Equals(variant), $"{typeof(T).Name}: still Equal after changing {change}.");
            Assert.False(variant.Equals(baseline), $"{typeof(T).Name}: still Equal (reversed) after changing {change}.");
            Assert.False(baseline.Equals((object)variant), $"{typeof(T).Name}: Equals(object) still true after changing {change}.");
        }
    }
}
