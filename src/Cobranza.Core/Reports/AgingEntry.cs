using System;
using NodaTime;

namespace Cobranza.Core.Reports;

/// <summary>
/// One open item in the flat form a host can project from its store for a large aging run: what is still owed
/// (principal + interest + fees), the due and invoice dates and whether it is disputed. 40 bytes, no allocation.
/// </summary>
public readonly struct AgingEntry
{
    private readonly decimal _amount;
    private readonly Currency? _currency;

    /// <summary>Creates an entry.</summary>
    /// <param name="outstanding">What is still owed on the item (not negative; zero means settled and is skipped).</param>
    /// <param name="dueDate">The due date (ISO calendar).</param>
    /// <param name="invoiceDate">The invoice (issue) date (ISO calendar, not after <paramref name="dueDate"/>).</param>
    /// <param name="disputed">Whether the item is in dispute.</param>
    /// <exception cref="ArgumentException"><paramref name="outstanding"/> is negative or <c>default</c>, or <paramref name="invoiceDate"/> is after <paramref name="dueDate"/>.</exception>
    public AgingEntry(Money outstanding, LocalDate dueDate, LocalDate invoiceDate, bool disputed = false)
    {
        if (outstanding == default)
        {
            throw new ArgumentException("outstanding must be an amount with a currency (was default(Money)).", nameof(outstanding));
        }

        if (outstanding.Amount < 0m)
        {
            throw new ArgumentException($"outstanding must not be negative (was {outstanding}).", nameof(outstanding));
        }

        if (invoiceDate > dueDate)
        {
            throw new ArgumentException(
                $"invoiceDate ({invoiceDate:uuuu-MM-dd}) must not be after dueDate ({dueDate:uuuu-MM-dd}).", nameof(invoiceDate));
        }

        _amount = outstanding.Amount;
        _currency = outstanding.Currency;
        DueDate = dueDate;
        InvoiceDate = invoiceDate;
        Disputed = disputed;
    }

    /// <summary>What is still owed on the item.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(AgingEntry)</c>.</exception>
    public Money Outstanding => _currency is null
        ? throw new InvalidOperationException("default(AgingEntry) has no amount: create entries with the constructor.")
        : new Money(_amount, _currency);

    /// <summary>The due date.</summary>
    public LocalDate DueDate { get; }

    /// <summary>The invoice (issue) date.</summary>
    public LocalDate InvoiceDate { get; }

    /// <summary>Whether the item is in dispute.</summary>
    public bool Disputed { get; }

    /// <summary>The amount owed, for the hot loop.</summary>
    internal decimal Amount => _amount;

    /// <summary>The currency, or null for <c>default(AgingEntry)</c>.</summary>
    internal Currency? CurrencyOrNull => _currency;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{(_currency is null ? "default(AgingEntry)" : Outstanding.ToString())} due {DueDate:uuuu-MM-dd} invoiced {InvoiceDate:uuuu-MM-dd}{(Disputed ? " disputed" : string.Empty)}";
}
