using System;

namespace Cobranza.Core.Reports;

/// <summary>The date an item's age is counted from.</summary>
public enum AgingBasis
{
    /// <summary>Days past the due date (the default): the due date is day 0, so an item due today is current.</summary>
    DueDate = 0,

    /// <summary>Days since the invoice (issue) date: the invoice date is day 0.</summary>
    InvoiceDate = 1,
}

/// <summary>What an aging report does with items in dispute.</summary>
public enum DisputedItems
{
    /// <summary>Disputed items are aged in the buckets like any other item.</summary>
    Include = 0,

    /// <summary>
    /// Disputed items are left out of the buckets and shown in a separate line (the default); the total still
    /// equals the open balance.
    /// </summary>
    Separate = 1,

    /// <summary>
    /// Disputed items are left out of the report: the total is the open balance minus the disputed amount, which
    /// the report states (<see cref="CurrencyAging.Disputed"/>) so it can be reconciled.
    /// </summary>
    Exclude = 2,
}

/// <summary>How an aging report is built. Every property has a documented default.</summary>
public sealed record AgingOptions
{
    private readonly AgingBuckets _buckets = AgingBuckets.Default;
    private readonly AgingBasis _basis;
    private readonly DisputedItems _disputed = DisputedItems.Separate;

    /// <summary>The default options: <see cref="AgingBuckets.Default"/>, due-date basis, disputed items separate.</summary>
    public static AgingOptions Default { get; } = new();

    /// <summary>The buckets.</summary>
    /// <value>Default: <see cref="AgingBuckets.Default"/> (current, 1–30, 31–60, 61–90, 91–120, over 120).</value>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public AgingBuckets Buckets
    {
        get => _buckets;
        init => _buckets = Guard.NotNull(value, nameof(Buckets));
    }

    /// <summary>The date the age is counted from.</summary>
    /// <value>Default: <see cref="AgingBasis.DueDate"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to an undefined value.</exception>
    public AgingBasis Basis
    {
        get => _basis;
        init => _basis = value is AgingBasis.DueDate or AgingBasis.InvoiceDate
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Basis), value, $"Basis must be DueDate or InvoiceDate (was {(int)value}).");
    }

    /// <summary>What to do with disputed items.</summary>
    /// <value>Default: <see cref="DisputedItems.Separate"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to an undefined value.</exception>
    public DisputedItems Disputed
    {
        get => _disputed;
        init => _disputed = value is DisputedItems.Include or DisputedItems.Separate or DisputedItems.Exclude
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Disputed), value, $"Disputed must be Include, Separate or Exclude (was {(int)value}).");
    }

    /// <summary>
    /// When set, every item must be in this currency: one in another currency throws
    /// <see cref="ArgumentException"/> naming both, instead of getting a section of its own.
    /// </summary>
    /// <value>Default: <see langword="null"/> (one section per currency).</value>
    public Currency? RequiredCurrency { get; init; }
}
