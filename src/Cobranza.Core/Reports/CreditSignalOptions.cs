using System;
using System.Collections.Generic;

namespace Cobranza.Core.Reports;

/// <summary>The credit signal of a customer, from best to worst: what a credit decision or a policy can condition on.</summary>
public enum CreditSignal
{
    /// <summary>Enough history and nothing worrying.</summary>
    Good = 0,

    /// <summary>Too little history to judge (a new customer): fewer settled items than <see cref="CreditSignalOptions.MinimumSettledItems"/>.</summary>
    NoHistory = 1,

    /// <summary>Some lateness: a watch threshold was crossed.</summary>
    Watch = 2,

    /// <summary>A risky payer: a risk threshold was crossed.</summary>
    Risky = 3,
}

/// <summary>Why a profile got its signal (every reason that applies is listed).</summary>
public enum CreditReason
{
    /// <summary>Fewer settled items in the window than <see cref="CreditSignalOptions.MinimumSettledItems"/>.</summary>
    NoHistory = 0,

    /// <summary>The amount-weighted average days late exceeds <see cref="CreditSignalOptions.WatchAverageDaysLate"/>.</summary>
    AverageDaysLateAboveWatch = 1,

    /// <summary>The amount-weighted average days late exceeds <see cref="CreditSignalOptions.RiskyAverageDaysLate"/>.</summary>
    AverageDaysLateAboveRisky = 2,

    /// <summary>The share of items paid on time is below <see cref="CreditSignalOptions.WatchOnTimeShare"/>.</summary>
    OnTimeShareBelowWatch = 3,

    /// <summary>The share of items paid on time is below <see cref="CreditSignalOptions.RiskyOnTimeShare"/>.</summary>
    OnTimeShareBelowRisky = 4,

    /// <summary>An undisputed open item is more than <see cref="CreditSignalOptions.WatchOverdueDays"/> days overdue.</summary>
    OverdueAboveWatch = 5,

    /// <summary>An undisputed open item is more than <see cref="CreditSignalOptions.RiskyOverdueDays"/> days overdue.</summary>
    OverdueAboveRisky = 6,
}

/// <summary>
/// The thresholds of the credit signal and the deposit recommendation. Every default is documented; each
/// property is checked when set, and <see cref="Validate"/> checks them together.
/// </summary>
/// <remarks>
/// The rules, applied by <see cref="CustomerPaymentProfile.Of"/>: the behaviour counts items settled in the last
/// <see cref="WindowDays"/> days. With fewer than <see cref="MinimumSettledItems"/> settled items the customer has
/// <see cref="CreditSignal.NoHistory"/> and the lateness averages are not judged (too few to mean anything); the
/// overdue rule applies always. A figure strictly beyond a threshold crosses it (an average of exactly 15 days is
/// not above 15). The signal is the worst level reached; the recommended deposit share is the largest of the shares
/// of the levels reached (no history, watch, risky).
/// </remarks>
public sealed record CreditSignalOptions
{
    private readonly int _windowDays = 365;
    private readonly int _minimumSettledItems = 3;
    private readonly decimal _watchAverageDaysLate = 5m;
    private readonly decimal _riskyAverageDaysLate = 15m;
    private readonly decimal _watchOnTimeShare = 0.9m;
    private readonly decimal _riskyOnTimeShare = 0.7m;
    private readonly int _watchOverdueDays = 30;
    private readonly int _riskyOverdueDays = 60;
    private readonly decimal _noHistoryDepositShare = 0.3m;
    private readonly decimal _watchDepositShare;
    private readonly decimal _riskyDepositShare = 0.5m;

    /// <summary>The default thresholds.</summary>
    public static CreditSignalOptions Default { get; } = new();

    /// <summary>How many days back (ending on the date of the question, included) settled items count.</summary>
    /// <value>Default: 365.</value>
    public int WindowDays { get => _windowDays; init => _windowDays = Positive(value, nameof(WindowDays)); }

    /// <summary>Settled items needed to judge lateness; fewer means <see cref="CreditSignal.NoHistory"/>.</summary>
    /// <value>Default: 3.</value>
    public int MinimumSettledItems { get => _minimumSettledItems; init => _minimumSettledItems = Positive(value, nameof(MinimumSettledItems)); }

    /// <summary>Amount-weighted average days late above which the customer is watched.</summary>
    /// <value>Default: 5.</value>
    public decimal WatchAverageDaysLate { get => _watchAverageDaysLate; init => _watchAverageDaysLate = NotNegative(value, nameof(WatchAverageDaysLate)); }

    /// <summary>Amount-weighted average days late above which the customer is risky.</summary>
    /// <value>Default: 15.</value>
    public decimal RiskyAverageDaysLate { get => _riskyAverageDaysLate; init => _riskyAverageDaysLate = NotNegative(value, nameof(RiskyAverageDaysLate)); }

    /// <summary>Share of items paid on time (0–1) below which the customer is watched.</summary>
    /// <value>Default: 0.9.</value>
    public decimal WatchOnTimeShare { get => _watchOnTimeShare; init => _watchOnTimeShare = Share(value, nameof(WatchOnTimeShare)); }

    /// <summary>Share of items paid on time (0–1) below which the customer is risky.</summary>
    /// <value>Default: 0.7.</value>
    public decimal RiskyOnTimeShare { get => _riskyOnTimeShare; init => _riskyOnTimeShare = Share(value, nameof(RiskyOnTimeShare)); }

    /// <summary>Days overdue of the oldest undisputed open item above which the customer is watched.</summary>
    /// <value>Default: 30.</value>
    public int WatchOverdueDays { get => _watchOverdueDays; init => _watchOverdueDays = NotNegative(value, nameof(WatchOverdueDays)); }

    /// <summary>Days overdue of the oldest undisputed open item above which the customer is risky.</summary>
    /// <value>Default: 60.</value>
    public int RiskyOverdueDays { get => _riskyOverdueDays; init => _riskyOverdueDays = NotNegative(value, nameof(RiskyOverdueDays)); }

    /// <summary>The deposit (advance, "anticipo") to ask of a customer with no history, as a share of the order, 0–1.</summary>
    /// <value>Default: 0.3 (30 %).</value>
    public decimal NoHistoryDepositShare { get => _noHistoryDepositShare; init => _noHistoryDepositShare = Share(value, nameof(NoHistoryDepositShare)); }

    /// <summary>The deposit to ask of a watched customer, 0–1.</summary>
    /// <value>Default: 0 (no deposit).</value>
    public decimal WatchDepositShare { get => _watchDepositShare; init => _watchDepositShare = Share(value, nameof(WatchDepositShare)); }

    /// <summary>The deposit to ask of a risky customer, 0–1.</summary>
    /// <value>Default: 0.5 (50 %).</value>
    public decimal RiskyDepositShare { get => _riskyDepositShare; init => _riskyDepositShare = Share(value, nameof(RiskyDepositShare)); }

    /// <summary>Checks the thresholds together: each watch threshold is no stricter than its risky one.</summary>
    /// <exception cref="ArgumentException">The thresholds contradict each other; the message lists every problem.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (RiskyAverageDaysLate < WatchAverageDaysLate)
        {
            errors.Add($"RiskyAverageDaysLate ({RiskyAverageDaysLate}) must not be below WatchAverageDaysLate ({WatchAverageDaysLate})");
        }

        if (RiskyOnTimeShare > WatchOnTimeShare)
        {
            errors.Add($"RiskyOnTimeShare ({RiskyOnTimeShare}) must not be above WatchOnTimeShare ({WatchOnTimeShare})");
        }

        if (RiskyOverdueDays < WatchOverdueDays)
        {
            errors.Add($"RiskyOverdueDays ({RiskyOverdueDays}) must not be below WatchOverdueDays ({WatchOverdueDays})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid credit signal options: " + string.Join("; ", errors) + ".", "options");
        }
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (was {value}).");

    private static int NotNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (was {value}).");

    private static decimal NotNegative(decimal value, string name) =>
        value >= 0m ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (was {value}).");

    private static decimal Share(decimal value, string name) =>
        value is >= 0m and <= 1m ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1 (was {value}).");
}
