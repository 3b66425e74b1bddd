using System;
using Cobranza.Core.Reports;

namespace Cobranza.Core.Tests.Reports;

public sealed class AgingBucketsTests
{
    [Fact]
    public void Default_IsCurrentThen30DayBucketsAndOver120()
    {
        Assert.Equal("[..0, 1..30, 31..60, 61..90, 91..120, 121..]", AgingBuckets.Default.ToString());
        Assert.Equal(6, AgingBuckets.Default.Count);
    }

    [Fact]
    public void Create_ValidBuckets_EqualToFromUpperBounds()
    {
        var created = AgingBuckets.Create([new AgingBucket(null, 0), new AgingBucket(1, 45), new AgingBucket(46, null)]);
        Assert.Equal(AgingBuckets.FromUpperBounds(0, 45), created);
        Assert.Equal(AgingBuckets.FromUpperBounds(0, 45).GetHashCode(), created.GetHashCode());
    }

    [Fact]
    public void Create_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingBuckets.Create([]));
        Assert.StartsWith("buckets must hold at least one bucket (was empty).", ex.Message);
        Assert.Equal("buckets", ex.ParamName);
    }

    [Fact]
    public void Create_OverlapGapAndClosedEnds_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingBuckets.Create(
        [
            new AgingBucket(-10, 0),
            new AgingBucket(1, 30),
            new AgingBucket(25, 60),
            new AgingBucket(70, 90),
        ]));
        Assert.StartsWith(
            "Invalid aging buckets: buckets[0] (-10..0) must have no lower end (FromDays null) so that every item falls in a bucket (was -10); " +
            "buckets[3] (70..90) must have no upper end (ToDays null) so that every item falls in a bucket (was 90); " +
            "buckets[2] (25..60) overlaps buckets[1] (1..30): it must start on day 31; " +
            "buckets[3] (70..90) leaves a gap after buckets[2] (25..60): days 61..69 are in no bucket.",
            ex.Message);
    }

    [Fact]
    public void Create_OpenEndInTheMiddle_Overlaps()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingBuckets.Create([new AgingBucket(null, null), new AgingBucket(null, null)]));
        Assert.Contains("buckets[0] (..) has no upper end, so it overlaps buckets[1] (..)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AgingBucket_FromAfterTo_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AgingBucket(31, 30));
        Assert.StartsWith("fromDays (31) must not be after toDays (30) in an aging bucket.", ex.Message);
    }

    [Fact]
    public void AgingBucket_BoundOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AgingBucket(1, 40_000));
        Assert.Equal("toDays", ex.ParamName);
        Assert.Equal(40_000, ex.ActualValue);
    }

    [Fact]
    public void FromUpperBounds_NotIncreasingOrEmpty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingBuckets.FromUpperBounds(0, 30, 30));
        Assert.StartsWith("upperBounds must strictly increase (upperBounds[2] = 30 follows 30).", ex.Message);
        var empty = Assert.Throws<ArgumentException>(() => AgingBuckets.FromUpperBounds());
        Assert.StartsWith("upperBounds must hold at least one bound (was empty).", empty.Message);
    }

    [Fact]
    public void IndexOf_CustomBuckets_ByInclusiveBounds()
    {
        // Not-yet-due split: due in more than 30 days, due in 0–30 days (incl. today), then 1–60 past due, over 60.
        var buckets = AgingBuckets.FromUpperBounds(-31, 0, 60);
        Assert.Equal(0, buckets.IndexOf(-31));
        Assert.Equal(1, buckets.IndexOf(-30));
        Assert.Equal(1, buckets.IndexOf(0));
        Assert.Equal(2, buckets.IndexOf(60));
        Assert.Equal(3, buckets.IndexOf(61));
        Assert.True(buckets.Buckets[2].Contains(1));
        Assert.False(buckets.Buckets[2].Contains(61));
    }
}
