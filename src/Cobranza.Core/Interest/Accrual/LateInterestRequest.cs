using System;
using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// What <see cref="LateInterestCalculator.Calculate"/> needs: the due date, the date up to which interest is
/// computed, the balance at the due date and its dated changes, the rates and the conventions, and any fees to
/// carry into the statement.
/// </summary>
/// <remarks>
/// Each property is validated when set; the currency checks across properties run in <see cref="LateInterestCalculator.Calculate"/>.
/// Equality compares every property, the balance changes and the fees element by element (in order); <see cref="Rates"/>
/// is compared with its own equality, which is by reference (a <see cref="RateSchedule"/> is a class without value
/// equality): two requests are equal only when they share the same schedule instance.
/// </remarks>
public sealed record LateInterestRequest
{
    /// <summary>Creates a request with no balance changes, no fees and <see cref="AccrualConventions.StatutoryDefault"/>.</summary>
    /// <param name="dueDate">The last day on which payment was on time.</param>
    /// <param name="calculateUntil">The day up to which interest is computed (e.g. the payment date or today).</param>
    /// <param name="openingBalance">The overdue balance at the due date.</param>
    /// <param name="rates">The annual rates; must cover every accruing day.</param>
    /// <exception cref="ArgumentException">A date is not ISO, or <paramref name="openingBalance"/> is <c>default(Money)</c>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rates"/> is null.</exception>
    public LateInterestRequest(LocalDate dueDate, LocalDate calculateUntil, Money openingBalance, RateSchedule rates)
    {
        DueDate = dueDate;
        CalculateUntil = calculateUntil;
        OpeningBalance = openingBalance;
        Rates = rates;
    }

    /// <summary>The last day on which payment was on time.</summary>
    public LocalDate DueDate
    {
        get;
        init => field = Iso(value, nameof(DueDate));
    }

    /// <summary>The day up to which interest is computed; <see cref="AccrualConventions.End"/> says whether it accrues itself.</summary>
    public LocalDate CalculateUntil
    {
        get;
        init => field = Iso(value, nameof(CalculateUntil));
    }

    /// <summary>The overdue balance at the due date (after any change dated on or before it).</summary>
    public Money OpeningBalance
    {
        get;
        init => field = !value.Equals(default(Money))
            ? value
            : throw new ArgumentException($"{nameof(OpeningBalance)} must have a currency (was default(Money)).", nameof(OpeningBalance));
    }

    /// <summary>The annual rates; they must cover every accruing day.</summary>
    public RateSchedule Rates
    {
        get;
        init => field = Guard.NotNull(value, nameof(Rates));
    }

    /// <summary>Dated changes after the due date, in any order (sorted by date, stable, when calculated).</summary>
    /// <value>Default empty.</value>
    /// <exception cref="ArgumentNullException">Set to null, or an element is null (the message gives its index).</exception>
    public IReadOnlyList<BalanceChange> BalanceChanges
    {
        get;
        init => field = CopyWithoutNulls(value, nameof(BalanceChanges));
    } = [];

    /// <summary>The accrual conventions.</summary>
    /// <value>Default <see cref="AccrualConventions.StatutoryDefault"/>.</value>
    public AccrualConventions Conventions
    {
        get;
        init => field = Guard.NotNull(value, nameof(Conventions));
    } = AccrualConventions.StatutoryDefault;

    /// <summary>Fees to carry into the statement (each code at most once).</summary>
    /// <value>Default empty.</value>
    /// <exception cref="ArgumentNullException">Set to null, or an element is null (the message gives its index).</exception>
    public IReadOnlyList<FeeLine> Fees
    {
        get;
        init => field = CopyWithoutNulls(value, nameof(Fees));
    } = [];

    /// <summary>
    /// Value equality: every property, <see cref="BalanceChanges"/> and <see cref="Fees"/> compared element by element
    /// (in order); <see cref="Rates"/> by reference.
    /// </summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when both requests carry the same values, changes and fees, and the same schedule.</returns>
    public bool Equals(LateInterestRequest? other)
        => other is not null && (ReferenceEquals(this, other) || (
            DueDate == other.DueDate && CalculateUntil == other.CalculateUntil && OpeningBalance == other.OpeningBalance
            && Equals(Rates, other.Rates) && ValueEquality.SequenceEqual(BalanceChanges, other.BalanceChanges)
            && Conventions == other.Conventions && ValueEquality.SequenceEqual(Fees, other.Fees)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(DueDate);
        hash.Add(CalculateUntil);
        hash.Add(OpeningBalance);
        hash.Add(Rates);
        ValueEquality.AddSequence(ref hash, BalanceChanges);
        hash.Add(Conventions);
        ValueEquality.AddSequence(ref hash, Fees);
        return hash.ToHashCode();
    }

    private static LocalDate Iso(LocalDate value, string name)
        => ReferenceEquals(value.Calendar, CalendarSystem.Iso)
            ? value
            : throw new ArgumentException($"{name} must be a date in the ISO calendar (was {value} in {value.Calendar.Id}).", name);

    private static T[] CopyWithoutNulls<T>(IReadOnlyList<T>? items, string name)
        where T : class
    {
        IReadOnlyList<T> list = Guard.NotNull(items, name);
        var copy = new T[list.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = list[i] ?? throw new ArgumentNullException(name, $"{name}[{i}] must not be null.");
        }

        return copy;
    }
}
