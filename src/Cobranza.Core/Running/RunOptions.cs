using System;
using NodaTime;
using Cobranza.Core.Ports;

namespace Cobranza.Core.Running;

/// <summary>How a collection cycle runs: paging, parallelism, partition, leases, retries and back-off.</summary>
public sealed record RunOptions
{
    private readonly int _pageSize = 1000;
    private readonly int _maxDegreeOfParallelism = 4;
    private readonly string _workerId = "cobranza-worker";
    private readonly Duration _lease = Duration.FromMinutes(10);
    private readonly int _maxAttempts = 5;
    private readonly Duration _retryBaseDelay = Duration.FromMinutes(15);
    private readonly Duration _retryMaxDelay = Duration.FromDays(1);
    private readonly int _maxPendingPerRun = 10_000;
    private readonly TimeSpan? _dispatchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The defaults: pages of 1,000, 4 accounts at a time, the whole portfolio, 10-minute leases, 5 attempts, back-off 15 min doubling up to 1 day, 30 s per dispatch.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>Accounts read per page (1 to 100,000).</summary>
    public int PageSize { get => _pageSize; init => _pageSize = Guard.InRange(value, 1, 100_000); }

    /// <summary>Accounts processed concurrently (1 to 1,024).</summary>
    public int MaxDegreeOfParallelism { get => _maxDegreeOfParallelism; init => _maxDegreeOfParallelism = Guard.InRange(value, 1, 1024); }

    /// <summary>The slice of the portfolio this worker runs.</summary>
    public Partition Partition { get; init; } = Partition.All;

    /// <summary>This worker's id, stored with its claims (not empty).</summary>
    public string WorkerId { get => _workerId; init => _workerId = Guard.NotNullOrWhiteSpace(value); }

    /// <summary>How long a claim holds before another worker may take it over; longer than any dispatch (positive).</summary>
    public Duration Lease
    {
        get => _lease;
        init => _lease = value > Duration.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"Lease must be positive (was {value}).");
    }

    /// <summary>Attempts before a decision is poisoned (1 to 100).</summary>
    public int MaxAttempts { get => _maxAttempts; init => _maxAttempts = Guard.InRange(value, 1, 100); }

    /// <summary>The delay before the first retry; attempt n waits <c>base × 2^(n−1)</c>, capped by <see cref="RetryMaxDelay"/> (positive).</summary>
    public Duration RetryBaseDelay
    {
        get => _retryBaseDelay;
        init => _retryBaseDelay = value > Duration.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"RetryBaseDelay must be positive (was {value}).");
    }

    /// <summary>The longest delay between retries (at least <see cref="RetryBaseDelay"/> when both are set; positive).</summary>
    public Duration RetryMaxDelay
    {
        get => _retryMaxDelay;
        init => _retryMaxDelay = value > Duration.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"RetryMaxDelay must be positive (was {value}).");
    }

    /// <summary>Failed or stale dispatches resumed from the journal per run (1 to 1,000,000); the rest wait for the next run.</summary>
    public int MaxPendingPerRun { get => _maxPendingPerRun; init => _maxPendingPerRun = Guard.InRange(value, 1, 1_000_000); }

    /// <summary>Wall-clock time allowed to one dispatch (render + send or handle) before it counts as failed; <see langword="null"/> for none.</summary>
    public TimeSpan? DispatchTimeout
    {
        get => _dispatchTimeout;
        init => _dispatchTimeout = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"DispatchTimeout must be positive (was {value}).");
    }

    /// <summary>The delay before retrying after failed attempt <paramref name="attempt"/>: <c>min(base × 2^(attempt−1), max)</c>.</summary>
    /// <param name="attempt">The attempt that failed (positive).</param>
    /// <returns>The delay.</returns>
    public Duration RetryDelayAfter(int attempt)
    {
        Guard.Positive(attempt);
        var max = RetryMaxDelay < RetryBaseDelay ? RetryBaseDelay : RetryMaxDelay;
        var delay = RetryBaseDelay;
        for (int i = 1; i < attempt && delay < max; i++)
        {
            delay += delay;
        }

        return delay < max ? delay : max;
    }
}
