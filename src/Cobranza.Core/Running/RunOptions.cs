using System;
using System.Linq;
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
    private readonly Duration? _dispatchTimeout = Duration.FromSeconds(30);

    /// <summary>The defaults: pages of 1,000, 4 accounts at a time, the whole portfolio, 10-minute leases, 5 attempts, back-off 15 min doubling up to 1 day, 30 s per dispatch.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>The largest <see cref="PageSize"/> accepted.</summary>
    public const int MaxPageSize = 100_000;

    /// <summary>The largest <see cref="MaxDegreeOfParallelism"/> accepted.</summary>
    public const int MaxParallelism = 1024;

    /// <summary>The longest <see cref="WorkerId"/> accepted, in characters.</summary>
    public const int MaxWorkerIdLength = 200;

    /// <summary>The largest <see cref="MaxAttempts"/> accepted.</summary>
    public const int MaxAttemptsLimit = 100;

    /// <summary>The largest <see cref="MaxPendingPerRun"/> accepted.</summary>
    public const int MaxPendingLimit = 1_000_000;

    /// <summary>The longest <see cref="Lease"/> accepted: 7 days (a claim that must outlive a week of dispatch is a stuck worker, and a lease of years would overflow every claim's expiry).</summary>
    public static Duration MaxLease { get; } = Duration.FromDays(7);

    /// <summary>The longest <see cref="RetryBaseDelay"/> and <see cref="RetryMaxDelay"/> accepted: 366 days.</summary>
    public static Duration MaxRetryDelay { get; } = Duration.FromDays(366);

    /// <summary>The longest <see cref="DispatchTimeout"/> accepted: 1 day (timers cannot wait longer than about 24.8 days, and a dispatch must end well within its <see cref="Lease"/>).</summary>
    public static Duration MaxDispatchTimeout { get; } = Duration.FromDays(1);

    /// <summary>Accounts read per page (1 to <see cref="MaxPageSize"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public int PageSize { get => _pageSize; init => _pageSize = Between(value, 1, MaxPageSize, nameof(PageSize)); }

    /// <summary>Accounts processed concurrently (1 to <see cref="MaxParallelism"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public int MaxDegreeOfParallelism { get => _maxDegreeOfParallelism; init => _maxDegreeOfParallelism = Between(value, 1, MaxParallelism, nameof(MaxDegreeOfParallelism)); }

    /// <summary>The slice of the portfolio this worker runs.</summary>
    public Partition Partition { get; init; } = Partition.All;

    /// <summary>This worker's id, stored with its claims: 1 to <see cref="MaxWorkerIdLength"/> characters, not blank, no control characters.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Blank, too long or with a control character; the message names the property.</exception>
    public string WorkerId { get => _workerId; init => _workerId = CheckWorkerId(value); }

    /// <summary>How long a claim holds before another worker may take it over; longer than any dispatch (positive, at most <see cref="MaxLease"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public Duration Lease { get => _lease; init => _lease = Between(value, MaxLease, nameof(Lease)); }

    /// <summary>Attempts before a decision is poisoned (1 to <see cref="MaxAttemptsLimit"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public int MaxAttempts { get => _maxAttempts; init => _maxAttempts = Between(value, 1, MaxAttemptsLimit, nameof(MaxAttempts)); }

    /// <summary>The delay before the first retry; attempt n waits <c>base × 2^(n−1)</c>, capped by <see cref="RetryMaxDelay"/> (positive, at most <see cref="MaxRetryDelay"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public Duration RetryBaseDelay { get => _retryBaseDelay; init => _retryBaseDelay = Between(value, MaxRetryDelay, nameof(RetryBaseDelay)); }

    /// <summary>The longest delay between retries (at least <see cref="RetryBaseDelay"/> when both are set; positive, at most <see cref="MaxRetryDelay"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public Duration RetryMaxDelay { get => _retryMaxDelay; init => _retryMaxDelay = Between(value, MaxRetryDelay, nameof(RetryMaxDelay)); }

    /// <summary>Failed or stale dispatches resumed from the journal per run (1 to <see cref="MaxPendingLimit"/>); the rest wait for the next run.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public int MaxPendingPerRun { get => _maxPendingPerRun; init => _maxPendingPerRun = Between(value, 1, MaxPendingLimit, nameof(MaxPendingPerRun)); }

    /// <summary>Wall-clock time allowed to one dispatch (render + send or handle) before it counts as failed (positive, at most <see cref="MaxDispatchTimeout"/>); <see langword="null"/> for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside that range; the message names the property.</exception>
    public Duration? DispatchTimeout
    {
        get => _dispatchTimeout;
        init => _dispatchTimeout = value is not { } v || (v > Duration.Zero && v <= MaxDispatchTimeout)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DispatchTimeout), value, $"RunOptions.DispatchTimeout must be positive and at most {MaxDispatchTimeout} (was {value}).");
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

    private static int Between(int value, int min, int max, string property)
        => value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(property, value, $"RunOptions.{property} must be between {min} and {max} (was {value}).");

    private static Duration Between(Duration value, Duration max, string property)
        => value > Duration.Zero && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(property, value, $"RunOptions.{property} must be positive and at most {max} (was {value}).");

    private static string CheckWorkerId(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(WorkerId), "RunOptions.WorkerId must not be null.");
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxWorkerIdLength || value.Any(char.IsControl))
        {
            string shown = value.Length > 40 ? value[..40] + "…" : value;
            throw new ArgumentException(
                $"RunOptions.WorkerId must be 1 to {MaxWorkerIdLength} characters, not blank, without control characters (was '{shown.ReplaceLineEndings(" ")}', {value.Length} characters).",
                nameof(WorkerId));
        }

        return value;
    }
}
