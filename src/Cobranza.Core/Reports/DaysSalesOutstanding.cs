using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Reports;

/// <summary>
/// Days sales outstanding (DSO, "periodo medio de cobro") by the standard (period-end) method:
/// <c>DSO = receivables at the end of the period ÷ credit sales in the period × days in the period</c>.
/// </summary>
/// <remarks>
/// <para>
/// Source of the formula: the usual textbook definition, e.g. Intuit QuickBooks, "Days sales outstanding" (DSO =
/// accounts receivable / total credit sales × number of days; worked example: January, sales 450,000, receivables
/// 300,000, 31 days → 20.67 days), and Investopedia, "Days Sales Outstanding (DSO)".
/// </para>
/// <para>
/// From account snapshots: <em>receivables at the end</em> is the principal still owed at the end of the period on
/// items issued on or before it (what is owed now plus the principal and discounts of payments received after the
/// period, which the snapshot records by date). Interest and fees are not sales and are left out of both sides.
/// <em>Credit sales</em> are the amounts of the items issued in the period, net of the credit notes applied to them
/// (a snapshot does not date credit notes, so they count as applied by the end of the period). Days in the period
/// count both ends (a calendar month of January is 31 days).
/// </para>
/// </remarks>
public sealed record DaysSalesOutstanding
{
    private DaysSalesOutstanding(ReportPeriod period, Money receivablesAtEnd, Money creditSales)
    {
        Period = period;
        ReceivablesAtEnd = receivablesAtEnd;
        CreditSales = creditSales;
        Value = creditSales.IsZero ? null : receivablesAtEnd.Amount * period.Days / creditSales.Amount;
    }

    /// <summary>The period.</summary>
    public ReportPeriod Period { get; }

    /// <summary>The currency of the figures.</summary>
    public Currency Currency => CreditSales.Currency;

    /// <summary>Receivables (principal) owed at the end of the period.</summary>
    public Money ReceivablesAtEnd { get; }

    /// <summary>Credit sales in the period.</summary>
    public Money CreditSales { get; }

    /// <summary>
    /// The DSO in days, unrounded (<c>receivables × days ÷ sales</c>, multiplied before dividing; <see cref="decimal"/>
    /// keeps 28 significant digits); <see langword="null"/> when there were no credit sales in the period (undefined).
    /// </summary>
    public decimal? Value { get; }

    /// <summary>The DSO rounded to <paramref name="decimals"/> decimals with an explicit midpoint rule.</summary>
    /// <param name="decimals">Decimals, 0 to 28.</param>
    /// <param name="mode">The midpoint rule (e.g. <see cref="MidpointRounding.AwayFromZero"/>).</param>
    /// <returns>The rounded DSO, or <see langword="null"/> when undefined.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is out of range.</exception>
    public decimal? Rounded(int decimals, MidpointRounding mode) =>
        Value is { } v ? decimal.Round(v, Guard.InRange(decimals, 0, 28), mode) : null;

    /// <summary>The DSO from its two figures.</summary>
    /// <param name="receivablesAtEnd">Receivables at the end of the period (not negative).</param>
    /// <param name="creditSales">Credit sales in the period (not negative, same currency).</param>
    /// <param name="period">The period.</param>
    /// <returns>The DSO.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/> is null.</exception>
    /// <exception cref="ArgumentException">An amount is negative or default, or the currencies differ.</exception>
    public static DaysSalesOutstanding Compute(Money receivablesAtEnd, Money creditSales, ReportPeriod period)
    {
        Guard.NotNull(period);
        CheckAmount(receivablesAtEnd, nameof(receivablesAtEnd));
        CheckAmount(creditSales, nameof(creditSales));
        if (receivablesAtEnd.Currency != creditSales.Currency)
        {
            throw new ArgumentException(
                $"receivablesAtEnd ({receivablesAtEnd}) and creditSales ({creditSales}) must be in the same currency.", nameof(creditSales));
        }

        return new DaysSalesOutstanding(period, receivablesAtEnd, creditSales);
    }

    /// <summary>The DSO of one account over <paramref name="period"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="period">The period.</param>
    /// <returns>The DSO, in the account's currency.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DaysSalesOutstanding ForAccount(CustomerAccount account, ReportPeriod period)
    {
        Guard.NotNull(account);
        Guard.NotNull(period);
        var (receivables, sales) = Figures(account, period);
        return new DaysSalesOutstanding(period, Money.Of(receivables, account.Currency), Money.Of(sales, account.Currency));
    }

    /// <summary>
    /// The DSO of a portfolio, one per currency (ordered by code): the receivables and sales of its accounts added
    /// up per currency, then the formula applied once — not an average of the accounts' DSOs.
    /// </summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="period">The period.</param>
    /// <returns>One DSO per currency present.</returns>
    /// <exception cref="ArgumentNullException">An argument or an account is null.</exception>
    public static ImmutableArray<DaysSalesOutstanding> ForPortfolio(IEnumerable<CustomerAccount> accounts, ReportPeriod period)
    {
        Guard.NotNull(accounts);
        Guard.NotNull(period);
        var currencies = new List<Currency>(2);
        var receivables = new List<decimal>(2);
        var sales = new List<decimal>(2);
        int index = 0;
        foreach (var account in accounts)
        {
            if (account is null)
            {
                throw new ArgumentNullException(nameof(accounts), $"accounts[{index}] is null.");
            }

            int slot = currencies.IndexOf(account.Currency);
            if (slot < 0)
            {
                slot = currencies.Count;
                currencies.Add(account.Currency);
                receivables.Add(0m);
                sales.Add(0m);
            }

            var (r, s) = Figures(account, period);
            receivables[slot] += r;
            sales[slot] += s;
            index++;
        }

        var result = new DaysSalesOutstanding[currencies.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new DaysSalesOutstanding(period, Money.Of(receivables[i], currencies[i]), Money.Of(sales[i], currencies[i]));
        }

        Array.Sort(result, static (a, b) => a.Currency.CompareTo(b.Currency));
        return ImmutableArray.Create(result);
    }

    /// <summary>The DSO of a portfolio that must be in one currency.</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="period">The period.</param>
    /// <param name="currency">The currency every account must be in.</param>
    /// <returns>The DSO (zero figures and an undefined value when there are no accounts).</returns>
    /// <exception cref="ArgumentNullException">An argument or an account is null.</exception>
    /// <exception cref="ArgumentException">An account is in another currency (the message names it and both currencies).</exception>
    public static DaysSalesOutstanding ForPortfolio(IEnumerable<CustomerAccount> accounts, ReportPeriod period, Currency currency)
    {
        Guard.NotNull(accounts);
        Guard.NotNull(period);
        Guard.NotNull(currency);
        decimal receivables = 0m, sales = 0m;
        int index = 0;
        foreach (var account in accounts)
        {
            if (account is null)
            {
                throw new ArgumentNullException(nameof(accounts), $"accounts[{index}] is null.");
            }

            if (account.Currency != currency)
            {
                throw new ArgumentException(
                    $"every account must be in {currency.Code} but account '{account.Id}' (accounts[{index}]) is in {account.Currency.Code}.", nameof(accounts));
            }

            var (r, s) = Figures(account, period);
            receivables += r;
            sales += s;
            index++;
        }

        return new DaysSalesOutstanding(period, Money.Of(receivables, currency), Money.Of(sales, currency));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"DSO {Period}: {ReceivablesAtEnd} / {CreditSales} × {Period.Days} = {(Value is { } v ? decimal.Round(v, 2, MidpointRounding.AwayFromZero).ToString(System.Globalization.CultureInfo.InvariantCulture) : "undefined")}";

    private static (decimal Receivables, decimal Sales) Figures(CustomerAccount account, ReportPeriod period)
    {
        decimal receivables = 0m, sales = 0m;
        var end = period.End;
        foreach (var item in account.Items)
        {
            if (item.IssueDate > end)
            {
                continue;
            }

            if (item.IssueDate >= period.Start)
            {
                sales += item.Amount.Amount - item.Credited.Amount;
            }

            if (item.SettledOn is not { } settledOn || settledOn > end)
            {
                receivables += item.PrincipalOutstanding.Amount;
            }
        }

        // Add back what payments received after the period took off items that were open at its end.
        foreach (var payment in account.Payments)
        {
            if (payment.ReceivedOn <= end)
            {
                continue;
            }

            foreach (var allocation in payment.Allocations)
            {
                if (account.TryGetItem(allocation.ItemId, out var item) && item.IssueDate <= end)
                {
                    receivables += allocation.Principal.Amount + allocation.Discount.Amount;
                }
            }
        }

        return (receivables, sales);
    }

    private static void CheckAmount(Money amount, string name)
    {
        if (amount == default)
        {
            throw new ArgumentException($"{name} must be an amount with a currency (was default(Money)).", name);
        }

        if (amount.Amount < 0m)
        {
            throw new ArgumentException($"{name} must not be negative (was {amount}).", name);
        }
    }
}
