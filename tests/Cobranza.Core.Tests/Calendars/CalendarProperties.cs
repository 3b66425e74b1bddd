using System;
using System.Linq;
using Cobranza.Core.Calendars;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

public sealed class CalendarProperties
{
    private const int MaxTest = 300;

    [Property(MaxTest = MaxTest)]
    public Property Adjust_ReturnsBusinessDay_AndIsIdempotent()
        => Prop.ForAll(Arbitraries.CalendarDateConvention(), x =>
        {
            var (calendar, date, convention) = x;
            var adjusted = calendar.Adjust(date, convention);
            bool business = convention == BusinessDayConvention.Unadjusted || calendar.IsBusinessDay(adjusted);
            return business && calendar.Adjust(adjusted, convention) == adjusted;
        });

    [Property(MaxTest = MaxTest)]
    public Property ModifiedConventions_StayInTheMonth()
        => Prop.ForAll(Arbitraries.CalendarDate(), x =>
        {
            var (calendar, date) = x;
            var mf = calendar.Adjust(date, BusinessDayConvention.ModifiedFollowing);
            var mp = calendar.Adjust(date, BusinessDayConvention.ModifiedPreceding);
            return mf.Month == date.Month && mp.Month == date.Month;
        });

    [Property(MaxTest = MaxTest)]
    public Property AddBusinessDays_RoundTripsFromBusinessDay()
        => Prop.ForAll(Arbitraries.CalendarDate(), Arbitraries.Steps(), (x, n) =>
        {
            var (calendar, date) = x;
            var start = calendar.Adjust(date, BusinessDayConvention.Following);
            return calendar.AddBusinessDays(calendar.AddBusinessDays(start, n), -n) == start;
        });

    [Property(MaxTest = MaxTest)]
    public Property BusinessDaysBetween_AgreesWithAddBusinessDays()
        => Prop.ForAll(Arbitraries.CalendarDate(), Arbitraries.Steps(), (x, n) =>
        {
            var (calendar, date) = x;
            var start = calendar.Adjust(date, BusinessDayConvention.Following);
            var end = calendar.AddBusinessDays(start, n);
            return calendar.BusinessDaysBetween(start, end) == n && calendar.BusinessDaysBetween(end, start) == -n;
        });

    [Property(MaxTest = MaxTest)]
    public Property CombinedCalendar_BusinessDayIffBusinessDayInBoth()
        => Prop.ForAll(Arbitraries.PairAndDate(), x =>
        {
            var (a, b, date) = x;
            var combined = a.CombineWith(b);
            return combined.IsBusinessDay(date) == (a.IsBusinessDay(date) && b.IsBusinessDay(date));
        });

    private static class Arbitraries
    {
        // Dates kept a month away from the 2018-2050 edges so every result stays inside every calendar's range.
        private static readonly Gen<LocalDate> Dates = Gen.Choose(0, (int)Period.Between(new LocalDate(2018, 2, 1), new LocalDate(2050, 11, 1), PeriodUnits.Days).Days)
            .Select(offset => new LocalDate(2018, 2, 1).PlusDays(offset));

        private static readonly Gen<BusinessCalendar> Calendars = Gen.Elements(BusinessCalendars.All.ToArray());

        internal static Arbitrary<(BusinessCalendar, LocalDate)> CalendarDate()
            => Arb.From(from c in Calendars from d in Dates select (c, d));

        internal static Arbitrary<(BusinessCalendar, LocalDate, BusinessDayConvention)> CalendarDateConvention()
            => Arb.From(from c in Calendars from d in Dates from k in Gen.Elements(Enum.GetValues<BusinessDayConvention>()) select (c, d, k));

        internal static Arbitrary<int> Steps() => Arb.From(Gen.Choose(-25, 25));

        internal static Arbitrary<(BusinessCalendar, BusinessCalendar, LocalDate)> PairAndDate()
            => Arb.From(from a in Calendars from b in Calendars from d in Dates select (a, b, d));
    }
}
