using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Reports;

/// <summary>One bucket of an aging report: how many open items fall in it and what they owe.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Count">How many open items.</param>
/// <param name="Amount">What they owe (principal + interest + fees), exactly.</param>
public sealed record AgingLine(AgingBucket Bucket, int Count, Money Amount);

/// <summary>
/// The aging of one currency: one line per bucket, the disputed items when they are kept apart, and totals that
/// reconcile exactly with the open balance.
/// </summary>
/// <remarks>
/// With <see cref="DisputedItems.Include"/> and <see cref="DisputedItems.Separate"/>, <see cref="Total"/> equals
/// <see cref="OpenBalance"/>; with <see cref="DisputedItems.Exclude"/>, <see cref="Total"/> + <see cref="Disputed"/>
/// equals <see cref="OpenBalance"/>. Amounts are never converted between currencies.
/// </remarks>
public sealed class CurrencyAging
{
    internal CurrencyAging(Currency currency, DisputedItems disputedHandling, ImmutableArray<AgingLine> lines, int disputedCount, Money disputed, Money unappliedCredit)
    {
        Currency = currency;
        DisputedHandling = disputedHandling;
        Lines = lines;
        DisputedCount = disputedCount;
        Disputed = disputed;
        UnappliedCredit = unappliedCredit;
        decimal bucketTotal = 0m;
        int bucketCount = 0;
        foreach (var line in lines)
        {
            bucketTotal += line.Amount.Amount;
            bucketCount += line.Count;
        }

        OpenItems = bucketCount + disputedCount;
        OpenBalance = Money.Of(bucketTotal + disputed.Amount, currency);
        bool includeDisputed = disputedHandling != DisputedItems.Exclude;
        TotalCount = includeDisputed ? OpenItems : bucketCount;
        Total = includeDisputed ? OpenBalance : Money.Of(bucketTotal, currency);
    }

    /// <summary>The currency of every amount in this section.</summary>
    public Currency Currency { get; }

    /// <summary>What the report did with disputed items.</summary>
    public DisputedItems DisputedHandling { get; }

    /// <summary>One line per bucket, in bucket order (every bucket, even when empty).</summary>
    public ImmutableArray<AgingLine> Lines { get; }

    /// <summary>Disputed open items kept out of the buckets (0 with <see cref="DisputedItems.Include"/>).</summary>
    public int DisputedCount { get; }

    /// <summary>What the disputed items kept out of the buckets owe (zero with <see cref="DisputedItems.Include"/>).</summary>
    public Money Disputed { get; }

    /// <summary>Every open item, disputed or not.</summary>
    public int OpenItems { get; }

    /// <summary>What every open item owes, disputed or not: the account's (or portfolio's) open balance.</summary>
    public Money OpenBalance { get; }

    /// <summary>Items in the report's total: <see cref="OpenItems"/>, or without the disputed ones when they are excluded.</summary>
    public int TotalCount { get; }

    /// <summary>The report's total: the lines plus the separated disputed items, or the lines alone when disputed items are excluded.</summary>
    public Money Total { get; }

    /// <summary>Money received and not applied to any item (from accounts; zero for items and entries). Not aged.</summary>
    public Money UnappliedCredit { get; }

    /// <summary><see cref="OpenBalance"/> − <see cref="UnappliedCredit"/>: what the customers owe net of money already received.</summary>
    public Money NetBalance => OpenBalance - UnappliedCredit;

    /// <inheritdoc/>
    public override string ToString() => $"{Currency.Code}: {OpenItems} open items, {OpenBalance}";
}

/// <summary>
/// An aging report ("antigüedad de saldos") on a date: the open items of one account, a portfolio or a flat list
/// grouped into day buckets, one section per currency (amounts in different currencies are never added).
/// </summary>
/// <remarks>
/// <para>
/// The day rule: an item's age on the report date is the number of calendar days from its reference date (the due
/// date by default, or the invoice date) to the report date. The reference date itself is day 0. With the default
/// buckets an item is <em>current</em> on and before its due date, 1 day past due the day after, 30 days past due
/// 30 days after (still in 1–30), and 31 days past due (in 31–60) the next day.
/// </para>
/// <para>
/// An open item is one with something still owed (principal, interest or fees); settled items are not aged. The
/// amount aged is everything still owed on the item, so the buckets add up to the open balance exactly (see
/// <see cref="CurrencyAging"/>). Unapplied credit is reported beside the buckets, not aged.
/// </para>
/// </remarks>
public sealed class AgingReport
{
    private AgingReport(LocalDate asOf, AgingOptions options, ImmutableArray<CurrencyAging> sections)
    {
        AsOf = asOf;
        Options = options;
        Sections = sections;
    }

    /// <summary>The report date.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The options the report was built with.</summary>
    public AgingOptions Options { get; }

    /// <summary>One section per currency, ordered by currency code (empty when nothing is open, unless a currency is required).</summary>
    public ImmutableArray<CurrencyAging> Sections { get; }

    /// <summary>The aging of one customer account.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The report date.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="AgingOptions.Default"/>.</param>
    /// <returns>The report (one section when the account has open items or credit).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException">A currency is required and the account is in another one.</exception>
    public static AgingReport ForAccount(CustomerAccount account, LocalDate asOf, AgingOptions? options = null)
    {
        Guard.NotNull(account);
        var accumulator = new AgingAccumulator(asOf, options);
        AddAccount(accumulator, account);
        return Complete(accumulator, options);
    }

    /// <summary>
    /// The aging of a portfolio: every open item of every account, per currency. Equals the sum of the accounts'
    /// reports, bucket by bucket.
    /// </summary>
    /// <param name="accounts">The accounts (none may be null).</param>
    /// <param name="asOf">The report date.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="AgingOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A currency is required and an account is in another one.</exception>
    public static AgingReport ForPortfolio(IEnumerable<CustomerAccount> accounts, LocalDate asOf, AgingOptions? options = null)
    {
        Guard.NotNull(accounts);
        var accumulator = new AgingAccumulator(asOf, options);
        int index = 0;
        foreach (var account in accounts)
        {
            if (account is null)
            {
                throw new ArgumentNullException(nameof(accounts), $"accounts[{index}] is null.");
            }

            AddAccount(accumulator, account);
            index++;
        }

        return Complete(accumulator, options);
    }

    /// <summary>The aging of a flat list of account items (settled ones are skipped), per currency.</summary>
    /// <param name="items">The items (none may be null).</param>
    /// <param name="asOf">The report date.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="AgingOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A currency is required and an item is in another one.</exception>
    public static AgingReport ForItems(IEnumerable<AccountItem> items, LocalDate asOf, AgingOptions? options = null)
    {
        Guard.NotNull(items);
        var accumulator = new AgingAccumulator(asOf, options);
        int index = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new ArgumentNullException(nameof(items), $"items[{index}] is null.");
            }

            AddItem(accumulator, item);
            index++;
        }

        return Complete(accumulator, options);
    }

    /// <summary>
    /// The aging of a flat span of entries, the fastest path (about 1 million entries in well under 100 ms on one
    /// core, allocation-free apart from the result; see docs/benchmarks.md, "Reports"). Entries owing zero are skipped.
    /// </summary>
    /// <param name="entries">The entries.</param>
    /// <param name="asOf">The report date.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="AgingOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">An entry is <c>default(AgingEntry)</c>, or a currency is required and an entry is in another one.</exception>
    public static AgingReport ForEntries(ReadOnlySpan<AgingEntry> entries, LocalDate asOf, AgingOptions? options = null)
    {
        var accumulator = new AgingAccumulator(asOf, options);
        for (int i = 0; i < entries.Length; i++)
        {
            ref readonly AgingEntry entry = ref entries[i];
            Currency currency = entry.CurrencyOrNull
                ?? throw new ArgumentException($"entries[{i}] is default(AgingEntry): create entries with the constructor.", nameof(entries));
            accumulator.Add(entry.Amount, currency, entry.DueDate, entry.InvoiceDate, entry.Disputed);
        }

        return Complete(accumulator, options);
    }

    /// <summary>The section of <paramref name="currency"/>.</summary>
    /// <param name="currency">The currency.</param>
    /// <param name="section">The section, when the report has one for that currency.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetSection(Currency currency, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CurrencyAging? section)
    {
        Guard.NotNull(currency);
        foreach (var candidate in Sections)
        {
            if (candidate.Currency == currency)
            {
                section = candidate;
                return true;
            }
        }

        section = null;
        return false;
    }

    /// <summary>The only section, for a report that must be in one currency.</summary>
    /// <returns>The section.</returns>
    /// <exception cref="InvalidOperationException">The report has no section or several (the message lists the currencies).</exception>
    public CurrencyAging SingleSection()
    {
        if (Sections.Length == 1)
        {
            return Sections[0];
        }

        if (Sections.IsEmpty)
        {
            throw new InvalidOperationException("The aging report has no section: nothing is open and no currency was required.");
        }

        var codes = new string[Sections.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = Sections[i].Currency.Code;
        }

        throw new InvalidOperationException(
            $"The aging report has {Sections.Length} currencies ({string.Join(", ", codes)}) where one is required; amounts in different currencies are never added.");
    }

    /// <summary>
    /// The report as Markdown (plain text that reads well unrendered) in Spanish or English: a heading with the
    /// date, the day rule, and per currency a table of buckets (items, amount), the disputed line when disputed
    /// items are kept apart, the total, and the unapplied credit when there is any. Amounts use
    /// <see cref="Money.ToString(IFormatProvider?)"/> with <paramref name="culture"/>; dates are in the language's document style
    /// (Spanish <c>31/07/2025</c>, English <c>31 Jul 2025</c>), as on notices and the statement of account.
    /// </summary>
    /// <param name="culture">A Spanish (<c>es-ES</c>, <c>es-CO</c>, ...) or English (<c>en-GB</c>, ...) culture.</param>
    /// <returns>The text, lines separated by <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    /// <exception cref="ArgumentException">The culture's language is neither Spanish nor English.</exception>
    public string Render(CultureInfo culture) => AgingText.Render(this, culture);

    /// <inheritdoc/>
    public override string ToString() => $"Aging as of {AsOf:uuuu-MM-dd}: {string.Join("; ", Sections)}";

    private static void AddAccount(AgingAccumulator accumulator, CustomerAccount account)
    {
        accumulator.CheckCurrency(account.Currency, account.Id);
        foreach (var item in account.Items)
        {
            AddItem(accumulator, item);
        }

        accumulator.AddCredit(account.UnappliedCredit);
    }

    private static void AddItem(AgingAccumulator accumulator, AccountItem item)
    {
        if (item.IsSettled)
        {
            return;
        }

        // AccountItem.Outstanding, skipping the components that are zero (most of them, on most items).
        decimal owed = item.Amount.Amount;
        owed = Less(owed, item.PrincipalPaid.Amount);
        owed = Less(owed, item.Credited.Amount);
        owed = Less(owed, item.DiscountTaken.Amount);
        decimal interest = item.InterestCharged.Amount;
        if (interest != 0m)
        {
            owed += interest - item.InterestPaid.Amount;
        }

        decimal fees = item.FeesCharged.Amount;
        if (fees != 0m)
        {
            owed += fees - item.FeesPaid.Amount;
        }

        accumulator.Add(owed, item.Currency, item.DueDate, item.IssueDate, item.IsDisputed);
    }

    private static decimal Less(decimal value, decimal part) => part == 0m ? value : value - part;

    private static AgingReport Complete(AgingAccumulator accumulator, AgingOptions? options) =>
        new(accumulator.AsOf, options ?? AgingOptions.Default, accumulator.Complete());
}
