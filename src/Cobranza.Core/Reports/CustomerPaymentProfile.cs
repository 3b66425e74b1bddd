using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Reports;

/// <summary>
/// A customer's payment profile on a date: the payment behaviour over a window, what is open and overdue now, and
/// a credit signal with the reasons for it and a recommended deposit — for escalation policies and credit
/// decisions (ask new or risky customers for an advance). The rules are in <see cref="CreditSignalOptions"/>.
/// </summary>
public sealed record CustomerPaymentProfile
{
    private CustomerPaymentProfile()
    {
    }

    /// <summary>The account id.</summary>
    public string AccountId { get; private init; } = string.Empty;

    /// <summary>The currency of the amounts.</summary>
    public Currency Currency { get; private init; } = Currency.EUR;

    /// <summary>The date of the profile.</summary>
    public LocalDate AsOf { get; private init; }

    /// <summary>The window of settlement dates the behaviour covers (ending on <see cref="AsOf"/>).</summary>
    public ReportPeriod Window { get; private init; } = null!;

    /// <summary>The behaviour of the items settled in the window (counts and amount-weighted figures).</summary>
    public PaymentBehaviour Behaviour { get; private init; } = null!;

    /// <summary>Open items on <see cref="AsOf"/>.</summary>
    public int OpenItems { get; private init; }

    /// <summary>What the open items owe.</summary>
    public Money OpenBalance { get; private init; }

    /// <summary>Open items past their due date on <see cref="AsOf"/> (disputed ones included).</summary>
    public int OverdueItems { get; private init; }

    /// <summary>What the overdue items owe.</summary>
    public Money OverdueBalance { get; private init; }

    /// <summary>Days overdue of the oldest undisputed open item (0 when none is overdue).</summary>
    public int OldestOverdueDays { get; private init; }

    /// <summary>Open items in dispute.</summary>
    public int DisputedItems { get; private init; }

    /// <summary>The credit signal: the worst level reached.</summary>
    public CreditSignal Signal { get; private init; }

    /// <summary>Every reason that applies, in the order of <see cref="CreditReason"/>.</summary>
    public ImmutableArray<CreditReason> Reasons { get; private init; }

    /// <summary>The deposit to ask for on a new order, as a share of it (0–1): the largest share of the levels reached.</summary>
    public decimal RecommendedDepositShare { get; private init; }

    /// <summary>Whether a deposit is recommended (<see cref="RecommendedDepositShare"/> above 0).</summary>
    public bool RecommendsDeposit => RecommendedDepositShare > 0m;

    /// <summary>The profile of <paramref name="account"/> on <paramref name="asOf"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The date of the profile.</param>
    /// <param name="options">The thresholds, or <see langword="null"/> for <see cref="CreditSignalOptions.Default"/>.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException">The options contradict each other (see <see cref="CreditSignalOptions.Validate"/>).</exception>
    public static CustomerPaymentProfile Of(CustomerAccount account, LocalDate asOf, CreditSignalOptions? options = null)
    {
        Guard.NotNull(account);
        options ??= CreditSignalOptions.Default;
        options.Validate();
        var window = ReportPeriod.Ending(asOf, options.WindowDays);
        var behaviour = PaymentBehaviour.Of(account, window.Start, window.End);
        int open = 0, overdue = 0, disputed = 0, oldest = 0;
        decimal openBalance = 0m, overdueBalance = 0m;
        foreach (var item in account.Items)
        {
            if (item.IsSettled)
            {
                continue;
            }

            decimal owed = item.Outstanding.Amount;
            open++;
            openBalance += owed;
            if (item.IsDisputed)
            {
                disputed++;
            }

            if (item.IsOverdueOn(asOf))
            {
                overdue++;
                overdueBalance += owed;
                if (!item.IsDisputed)
                {
                    oldest = Math.Max(oldest, item.DaysOverdueOn(asOf));
                }
            }
        }

        var reasons = new List<CreditReason>(4);
        var signal = CreditSignal.Good;
        decimal deposit = 0m;
        void Reach(CreditReason reason, CreditSignal level, decimal share)
        {
            reasons.Add(reason);
            signal = (CreditSignal)Math.Max((int)signal, (int)level);
            deposit = Math.Max(deposit, share);
        }

        if (behaviour.SettledItems < options.MinimumSettledItems)
        {
            Reach(CreditReason.NoHistory, CreditSignal.NoHistory, options.NoHistoryDepositShare);
        }
        else
        {
            decimal averageLate = behaviour.AverageDaysLateByAmount;
            if (averageLate > options.WatchAverageDaysLate)
            {
                Reach(CreditReason.AverageDaysLateAboveWatch, CreditSignal.Watch, options.WatchDepositShare);
            }

            if (averageLate > options.RiskyAverageDaysLate)
            {
                Reach(CreditReason.AverageDaysLateAboveRisky, CreditSignal.Risky, options.RiskyDepositShare);
            }

            decimal onTime = behaviour.OnTimeShare;
            if (onTime < options.WatchOnTimeShare)
            {
                Reach(CreditReason.OnTimeShareBelowWatch, CreditSignal.Watch, options.WatchDepositShare);
            }

            if (onTime < options.RiskyOnTimeShare)
            {
                Reach(CreditReason.OnTimeShareBelowRisky, CreditSignal.Risky, options.RiskyDepositShare);
            }
        }

        if (oldest > options.WatchOverdueDays)
        {
            Reach(CreditReason.OverdueAboveWatch, CreditSignal.Watch, options.WatchDepositShare);
        }

        if (oldest > options.RiskyOverdueDays)
        {
            Reach(CreditReason.OverdueAboveRisky, CreditSignal.Risky, options.RiskyDepositShare);
        }

        return new CustomerPaymentProfile
        {
            AccountId = account.Id,
            Currency = account.Currency,
            AsOf = asOf,
            Window = window,
            Behaviour = behaviour,
            OpenItems = open,
            OpenBalance = Money.Of(openBalance, account.Currency),
            OverdueItems = overdue,
            OverdueBalance = Money.Of(overdueBalance, account.Currency),
            OldestOverdueDays = oldest,
            DisputedItems = disputed,
            Signal = signal,
            Reasons = reasons.ToImmutableArray(),
            RecommendedDepositShare = deposit,
        };
    }

    /// <summary>Value equality: every figure, and the reasons compared element by element (in order).</summary>
    /// <param name="other">The other profile.</param>
    /// <returns><see langword="true"/> when both profiles carry the same figures and reasons.</returns>
    public bool Equals(CustomerPaymentProfile? other)
        => other is not null && (ReferenceEquals(this, other) || (
            AccountId == other.AccountId && Currency == other.Currency && AsOf == other.AsOf && Window == other.Window
            && Behaviour == other.Behaviour && OpenItems == other.OpenItems && OpenBalance == other.OpenBalance
            && OverdueItems == other.OverdueItems && OverdueBalance == other.OverdueBalance
            && OldestOverdueDays == other.OldestOverdueDays && DisputedItems == other.DisputedItems && Signal == other.Signal
            && Reasons.AsSpan().SequenceEqual(other.Reasons.AsSpan()) && RecommendedDepositShare == other.RecommendedDepositShare));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(AccountId);
        hash.Add(AsOf);
        hash.Add(Signal);
        hash.Add(OpenBalance);
        hash.Add(OverdueBalance);
        foreach (var reason in Reasons)
        {
            hash.Add(reason);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{AccountId}: {Signal} ({string.Join(", ", Reasons)}), deposit {RecommendedDepositShare:P0}, {OverdueItems} overdue of {OpenItems} open";
}

/// <summary>The payment behaviour of the accounts of a portfolio in one currency.</summary>
/// <param name="Currency">The currency of the amounts.</param>
/// <param name="Accounts">How many accounts in that currency.</param>
/// <param name="Behaviour">Their combined behaviour (counts and amounts added).</param>
public sealed record CurrencyPaymentBehaviour(Currency Currency, int Accounts, PaymentBehaviour Behaviour)
{
    /// <summary>The payment behaviour of a portfolio over a window, one entry per currency (ordered by code).</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="window">The settlement dates that count.</param>
    /// <returns>One entry per currency present.</returns>
    /// <exception cref="ArgumentNullException">An argument or an account is null.</exception>
    public static ImmutableArray<CurrencyPaymentBehaviour> ForPortfolio(IEnumerable<CustomerAccount> accounts, ReportPeriod window)
    {
        Guard.NotNull(accounts);
        Guard.NotNull(window);
        var result = new List<CurrencyPaymentBehaviour>(2);
        int index = 0;
        foreach (var account in accounts)
        {
            if (account is null)
            {
                throw new ArgumentNullException(nameof(accounts), $"accounts[{index}] is null.");
            }

            var behaviour = PaymentBehaviour.Of(account, window.Start, window.End);
            int slot = result.FindIndex(r => r.Currency == account.Currency);
            if (slot < 0)
            {
                result.Add(new CurrencyPaymentBehaviour(account.Currency, 1, behaviour));
            }
            else
            {
                var current = result[slot];
                result[slot] = current with { Accounts = current.Accounts + 1, Behaviour = current.Behaviour.Combine(behaviour) };
            }

            index++;
        }

        result.Sort(static (a, b) => a.Currency.CompareTo(b.Currency));
        return result.ToImmutableArray();
    }
}
