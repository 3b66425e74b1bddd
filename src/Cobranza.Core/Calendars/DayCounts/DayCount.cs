using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// A day-count convention: how many days a period counts and which fraction of a year it is, so that
/// <c>interest = annual amount × year fraction</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every method takes the period as <c>[start, end)</c>: the start date accrues, the end date does not (ISDA 2006
/// §4.16: the Calculation Period runs "from and including" its first day "to but excluding" its last).
/// A period with <c>end == start</c> is zero. A period with <c>end &lt; start</c> is the negative of the swapped
/// period: <c>YearFraction(start, end) == -YearFraction(end, start)</c>, by definition for every convention. For
/// the 30/360 family this is a choice (the day-of-month adjustments are not symmetric, and QuantLib, for example,
/// applies them to the reversed dates as given); see <c>docs/day-counts.md</c>.
/// </para>
/// <para>
/// <b>Precision.</b> Results are <see cref="decimal"/>. A year fraction is a rational number <c>n / d</c> that
/// decimal cannot always hold (1/360 does not terminate), so <see cref="YearFraction(LocalDate, LocalDate)"/> is
/// that rational rounded once, to the nearest value decimal can represent: the error is at most half a unit in
/// the 28th significant digit (at most <c>5 × 10^-28 × max(1, |result|)</c>). To accrue money, use
/// <see cref="Accrue(decimal, LocalDate, LocalDate)"/>, which computes <c>annualAmount × n / d</c> with the
/// division last, so that an amount that lands exactly on a half cent is exactly a half cent and rounds the way
/// an accountant's exact computation does.
/// </para>
/// <para>
/// <b>Closed set.</b> The constructor is not accessible outside this library: the conventions are exactly those
/// in <see cref="DayCounts"/>, each checked against QuantLib and the ISDA text, and <see cref="Of(string)"/> can
/// list them all. A convention a host needs beyond these belongs in this library, with its own reference tests.
/// Instances are immutable singletons and safe to share between threads.
/// </para>
/// </remarks>
public abstract class DayCount : IEquatable<DayCount>
{
    private protected DayCount(string name, string description, params string[] aliases)
    {
        Name = name;
        Description = description;
        Aliases = aliases;
    }

    /// <summary>The canonical name, e.g. <c>ACT/360</c>; <see cref="Of(string)"/> accepts it.</summary>
    public string Name { get; }

    /// <summary>Other names <see cref="Of(string)"/> accepts for this convention (case-insensitive).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>A one-line description of the rule and its source, e.g. for a configuration screen.</summary>
    public string Description { get; }

    /// <summary>
    /// The number of days the convention counts in <c>[start, end)</c>: calendar days for the Actual
    /// conventions, 30/360 days for the 30/360 family, calendar days without 29 February for NL/365. Negative when
    /// <paramref name="end"/> is before <paramref name="start"/>.
    /// </summary>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <returns>The day count.</returns>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    public abstract int DaysBetween(LocalDate start, LocalDate end);

    /// <summary>
    /// The day count with the period's termination date, which only 30E/360 ISDA (ISDA 2006 §4.16(h)) uses: there,
    /// an <paramref name="end"/> on the last day of February is not moved to the 30th when it is the termination
    /// date. Every other convention ignores <paramref name="terminationDate"/>.
    /// </summary>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <param name="terminationDate">The termination (maturity) date of the whole schedule.</param>
    /// <returns>The day count.</returns>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    public virtual int DaysBetween(LocalDate start, LocalDate end, LocalDate terminationDate)
    {
        CivilDate.RequireIso(terminationDate);
        return DaysBetween(start, end);
    }

    /// <summary>
    /// The fraction of a year that <c>[start, end)</c> is under this convention; negative when
    /// <paramref name="end"/> is before <paramref name="start"/>, zero when they are equal.
    /// </summary>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <returns>The year fraction, rounded once to decimal precision (see the class remarks).</returns>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    public abstract decimal YearFraction(LocalDate start, LocalDate end);

    /// <summary>
    /// The year fraction with the period's termination date, which only 30E/360 ISDA (ISDA 2006 §4.16(h)) uses;
    /// every other convention ignores <paramref name="terminationDate"/>.
    /// </summary>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <param name="terminationDate">The termination (maturity) date of the whole schedule.</param>
    /// <returns>The year fraction.</returns>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    public virtual decimal YearFraction(LocalDate start, LocalDate end, LocalDate terminationDate)
    {
        CivilDate.RequireIso(terminationDate);
        return YearFraction(start, end);
    }

    /// <summary>
    /// <paramref name="annualAmount"/> × year fraction of <c>[start, end)</c>, computed as
    /// <c>annualAmount × numerator / denominator</c> with the division last (e.g. <c>amount × days / 360</c>), so
    /// that the result is exact whenever the true value is a terminating decimal, and otherwise rounded once.
    /// </summary>
    /// <param name="annualAmount">The amount for a whole year, e.g. principal × annual rate. May be negative.</param>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <returns>The accrued amount, unrounded: round it at the currency's minor unit where the contract says.</returns>
    /// <remarks>
    /// The multiplication is exact as long as <c>annualAmount × numerator</c> fits in decimal's 28–29 significant
    /// digits (any realistic money amount does). If the product would exceed decimal's range although the result
    /// does not, the year fraction is applied instead (rounded twice). <c>Accrue(a, s, e) == -Accrue(a, e, s)</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    /// <exception cref="OverflowException">The result is outside the range of decimal.</exception>
    public virtual decimal Accrue(decimal annualAmount, LocalDate start, LocalDate end)
        => Ratio(start, end, null).Apply(annualAmount);

    /// <summary>
    /// <see cref="Accrue(decimal, LocalDate, LocalDate)"/> with the period's termination date, which only
    /// 30E/360 ISDA (ISDA 2006 §4.16(h)) uses; every other convention ignores <paramref name="terminationDate"/>.
    /// </summary>
    /// <param name="annualAmount">The amount for a whole year, e.g. principal × annual rate. May be negative.</param>
    /// <param name="start">First day of the period (accrues).</param>
    /// <param name="end">Day after the last day of the period (does not accrue).</param>
    /// <param name="terminationDate">The termination (maturity) date of the whole schedule.</param>
    /// <returns>The accrued amount, unrounded.</returns>
    /// <exception cref="ArgumentException">A date is not in the ISO calendar.</exception>
    /// <exception cref="OverflowException">The result is outside the range of decimal.</exception>
    public virtual decimal Accrue(decimal annualAmount, LocalDate start, LocalDate end, LocalDate terminationDate)
    {
        CivilDate.RequireIso(terminationDate);
        return Ratio(start, end, terminationDate).Apply(annualAmount);
    }

    /// <summary>The exact year fraction as numerator / denominator, before any decimal rounding.</summary>
    internal abstract YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate);

    /// <summary>
    /// For conventions whose day count is the calendar days and whose year fraction is those days over a fixed
    /// denominator (Actual/360, Actual/365 Fixed): that denominator, so that a caller already holding day numbers
    /// can skip <see cref="DaysBetween(LocalDate, LocalDate)"/> and <see cref="Ratio"/> with the same result.
    /// Zero for every other convention.
    /// </summary>
    internal virtual int CalendarDaysDenominator => 0;

    /// <summary>
    /// The convention with the given name or alias (case-insensitive; surrounding and repeated white space are
    /// ignored), e.g. <c>ACT/360</c>, <c>Actual/365 Fixed</c>, <c>30E/360</c>.
    /// </summary>
    /// <param name="name">A canonical name or alias, as listed in <see cref="DayCounts.All"/>.</param>
    /// <returns>The convention.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is not a known name; the message lists the valid names. Names that mean different
    /// conventions in different markets (<c>ACT/ACT</c>, <c>ACT/365</c>, <c>30/360 ISDA</c>) are refused with the
    /// reason.
    /// </exception>
    public static DayCount Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (DayCountNames.TryFind(name, out DayCount? dayCount))
        {
            return dayCount;
        }

        throw new ArgumentException(DayCountNames.UnknownNameMessage(name), nameof(name));
    }

    /// <summary>Looks a convention up by name or alias, as <see cref="Of(string)"/> does, without throwing.</summary>
    /// <param name="name">A canonical name or alias; null gives false.</param>
    /// <param name="dayCount">The convention, when found.</param>
    /// <returns>Whether <paramref name="name"/> is a known name.</returns>
    public static bool TryOf(string? name, [NotNullWhen(true)] out DayCount? dayCount)
    {
        if (name is null)
        {
            dayCount = null;
            return false;
        }

        return DayCountNames.TryFind(name, out dayCount);
    }

    /// <summary>Whether <paramref name="other"/> is the same convention.</summary>
    /// <param name="other">Another convention.</param>
    /// <returns>True when both are the same convention.</returns>
    public bool Equals(DayCount? other) => other is not null && (ReferenceEquals(this, other) || other.GetType() == GetType());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DayCount other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The canonical name, e.g. <c>ACT/360</c>.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;

    /// <summary>Whether two conventions are the same.</summary>
    /// <param name="left">A convention or null.</param>
    /// <param name="right">A convention or null.</param>
    /// <returns>True when both are null or the same convention.</returns>
    public static bool operator ==(DayCount? left, DayCount? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two conventions differ.</summary>
    /// <param name="left">A convention or null.</param>
    /// <param name="right">A convention or null.</param>
    /// <returns>False when both are null or the same convention.</returns>
    public static bool operator !=(DayCount? left, DayCount? right) => !(left == right);
}
