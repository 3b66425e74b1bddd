using System;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// A business-day convention together with the id of the calendar it applies with, as stored in configuration
/// (Strata's <c>BusinessDayAdjustment</c>). The calendar is resolved through an <see cref="IBusinessCalendarProvider"/>
/// when the adjustment is applied.
/// </summary>
/// <param name="Convention">The convention.</param>
/// <param name="CalendarId">The calendar id; may be null only with <see cref="BusinessDayConvention.Unadjusted"/>.</param>
public readonly record struct BusinessDayAdjustment(BusinessDayConvention Convention, string? CalendarId)
{
    /// <summary>No adjustment: dates are left as they are.</summary>
    public static BusinessDayAdjustment None => new(BusinessDayConvention.Unadjusted, null);

    /// <summary>
    /// Adjusts <paramref name="date"/>. With <see cref="BusinessDayConvention.Unadjusted"/> the date is returned as is
    /// and no calendar is looked up.
    /// </summary>
    /// <param name="date">The date.</param>
    /// <param name="calendars">Resolves <see cref="CalendarId"/>.</param>
    /// <returns>The adjusted date.</returns>
    /// <exception cref="InvalidOperationException">A convention other than Unadjusted without a calendar id.</exception>
    public LocalDate Adjust(LocalDate date, IBusinessCalendarProvider calendars)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        if (Convention == BusinessDayConvention.Unadjusted)
        {
            return date;
        }

        if (string.IsNullOrWhiteSpace(CalendarId))
        {
            throw new InvalidOperationException(
                $"BusinessDayAdjustment with convention {Convention} has no CalendarId (was '{CalendarId}'); only Unadjusted may omit it.");
        }

        return calendars.Get(CalendarId).Adjust(date, Convention);
    }

    /// <inheritdoc/>
    public override string ToString() => CalendarId is null ? Convention.ToString() : $"{Convention} {CalendarId}";
}
