using System;
using Cobranza.Core.Running;
using NodaTime;

namespace Cobranza.Core.Tests.Running;

/// <summary>Issue 14 §5: every run option is bounded and a bad value names the property, not 'value'.</summary>
public sealed class RunOptionsValidationTests
{
    [Fact]
    public void PageSize_Zero_NamesTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RunOptions.Default with { PageSize = 0 });
        Assert.Equal("PageSize", ex.ParamName);
        Assert.StartsWith("RunOptions.PageSize must be between 1 and 100000 (was 0).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DispatchTimeout_SixtyDays_IsRefused()
    {
        // 60 days used to be accepted and then made every CancelAfter throw (timers stop at about 24.8 days).
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RunOptions.Default with { DispatchTimeout = Duration.FromDays(60) });
        Assert.Equal("DispatchTimeout", ex.ParamName);
        Assert.Contains("RunOptions.DispatchTimeout must be positive and at most 1:00:00:00 (was 60:00:00:00)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Duration.FromDays(1), (RunOptions.Default with { DispatchTimeout = Duration.FromDays(1) }).DispatchTimeout);
        Assert.Null((RunOptions.Default with { DispatchTimeout = null }).DispatchTimeout);
    }

    [Theory]
    [InlineData("Lease")]
    [InlineData("RetryBaseDelay")]
    [InlineData("RetryMaxDelay")]
    public void Durations_TwentyThousandYears_AreRefused(string property)
    {
        var huge = Duration.FromDays(20_000 * 365);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => property switch
        {
            "Lease" => RunOptions.Default with { Lease = huge },
            "RetryBaseDelay" => RunOptions.Default with { RetryBaseDelay = huge },
            _ => RunOptions.Default with { RetryMaxDelay = huge },
        });
        Assert.Equal(property, ex.ParamName);
        Assert.StartsWith($"RunOptions.{property} must be positive and at most", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_AtTheirMaximum_AreAccepted()
    {
        var options = RunOptions.Default with { Lease = RunOptions.MaxLease, RetryBaseDelay = RunOptions.MaxRetryDelay, RetryMaxDelay = RunOptions.MaxRetryDelay };
        Assert.Equal(RunOptions.MaxRetryDelay, options.RetryDelayAfter(RunOptions.MaxAttemptsLimit));
    }

    [Theory]
    [InlineData("MaxDegreeOfParallelism", 0)]
    [InlineData("MaxDegreeOfParallelism", 1025)]
    [InlineData("MaxAttempts", 0)]
    [InlineData("MaxAttempts", 101)]
    [InlineData("MaxPendingPerRun", 0)]
    [InlineData("MaxPendingPerRun", 1_000_001)]
    [InlineData("PageSize", 100_001)]
    public void Counts_OutOfRange_NameTheProperty(string property, int value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => property switch
        {
            "MaxDegreeOfParallelism" => RunOptions.Default with { MaxDegreeOfParallelism = value },
            "MaxAttempts" => RunOptions.Default with { MaxAttempts = value },
            "MaxPendingPerRun" => RunOptions.Default with { MaxPendingPerRun = value },
            _ => RunOptions.Default with { PageSize = value },
        });
        Assert.Equal(property, ex.ParamName);
        Assert.StartsWith($"RunOptions.{property} must be between ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("w1\r\nBcc: x")]
    [InlineData("   ")]
    public void WorkerId_BlankOrWithControlCharacters_IsRefused(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => RunOptions.Default with { WorkerId = id });
        Assert.Equal("WorkerId", ex.ParamName);
    }

    [Fact]
    public void WorkerId_TooLong_IsRefusedQuotingAPrefix()
    {
        var ex = Assert.Throws<ArgumentException>(() => RunOptions.Default with { WorkerId = new string('w', 100_000) });
        Assert.Equal("WorkerId", ex.ParamName);
        Assert.True(ex.Message.Length < 400, ex.Message);
    }
}
