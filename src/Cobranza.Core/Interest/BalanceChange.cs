using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A dated change of the overdue balance: a positive <see cref="Amount"/> increases what is owed (a new charge),
/// a negative one decreases it (a payment, a credit note).
/// </summary>
public sealed record BalanceChange
{
    /// <summary>Creates a balance change.</summary>
    /// <param name="date">The day of the change (the value date of a payment).</param>
    /// <param name="amount">Positive for a charge, negative for a payment or credit note.</param>
    /// <param name="description">A short text for the statement, e.g. <c>"Payment, transfer 2024-000123"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is <c>default(Money)</c>, or the date is not ISO, or the description is empty.</exception>
    public BalanceChange(LocalDate date, Money amount, string description)
    {
        Date = date;
        Amount = amount;
        Description = description;
    }

    /// <summary>The day of the change; see <see cref="AccrualEnd"/> for whether that day accrues on the old balance.</summary>
    public LocalDate Date
    {
        get;
        init => field = ReferenceEquals(value.Calendar, CalendarSystem.Iso)
            ? value
            : throw new ArgumentException($"{nameof(Date)} must be a date in the ISO calendar (was {value} in {value.Calendar.Id}).", nameof(Date));
    }

    /// <summary>Positive for a charge, negative for a payment or credit note.</summary>
    public Money Amount
    {
        get;
        init => field = !value.Equals(default(Money))
            ? value
            : throw new ArgumentException($"{nameof(Amount)} must have a currency (was default(Money)).", nameof(Amount));
    }

    /// <summary>A short text for the statement.</summary>
    public string Description
    {
        get;
        init => field = Guard.NotNullOrWhiteSpace(value, nameof(Description));
    }
}
