using System;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Tests.Calendars;

/// <summary>Issue 16 §5: one-off calendar changes as data.</summary>
public sealed class CalendarChangeTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Argentina2020_MalvinasMovedTo31March_PorUnicaVez()
    {
        // Announced 19 March 2020 "excepcional y por única vez": Malvinas (Thursday 2 April, immovable under Ley 27.399
        // art. 4) observed on Tuesday 31 March 2020 (diariochaco.com.ar, eldoce.tv, 20 March 2020). Monday 30 March
        // stayed a working day (Ministerio de Trabajo; banks open, masternews.com.ar 27 March 2020).
        BusinessCalendar ar = BusinessCalendars.Argentina;
        Assert.False(ar.IsBusinessDay(D(2020, 3, 31)));
        Assert.True(ar.IsBusinessDay(D(2020, 4, 2)));
        Assert.True(ar.IsBusinessDay(D(2020, 3, 30)));
        Assert.Contains(ar.GetHolidays(2020), h => h.Date == D(2020, 3, 31) && h.Name.StartsWith("Día del Veterano", StringComparison.Ordinal));
        Assert.DoesNotContain(ar.GetHolidays(2020), h => h.Date == D(2020, 4, 2));
        // Only 2020: 2 April stays a holiday in other years (Ley 27.399 art. 4).
        Assert.False(ar.IsBusinessDay(D(2021, 4, 2)));
        Assert.False(ar.IsBusinessDay(D(2024, 4, 2)));
        Assert.Equal(D(2020, 4, 1), ar.Adjust(D(2020, 3, 31), BusinessDayConvention.Following));
        CalendarChange change = Assert.Single(ar.Changes);
        Assert.Equal(CalendarChangeKind.Move, change.Kind);
        Assert.Contains("2020", change.Source, StringComparison.Ordinal);
        Assert.Equal("AR", ar.Id);
    }

    [Fact]
    public void WithChanges_HostClosingDayAndCancellation_OnABuiltInCalendar()
    {
        // A company's closing day (Thursday 24 December 2026) and a cancelled holiday, added by the host.
        BusinessCalendar spain = BusinessCalendars.Spain.WithChanges(
        [
            CalendarChange.Closure(D(2026, 12, 24), "Cierre de la empresa", "Acuerdo interno 3/2026"),
            CalendarChange.Cancellation(D(2026, 12, 8), "Inmaculada Concepción", "test: not observed"),
        ]);
        Assert.Equal("ES", spain.Id);
        Assert.True(BusinessCalendars.Spain.IsBusinessDay(D(2026, 12, 24)));
        Assert.False(spain.IsBusinessDay(D(2026, 12, 24)));
        Assert.False(BusinessCalendars.Spain.IsBusinessDay(D(2026, 12, 8)));
        Assert.True(spain.IsBusinessDay(D(2026, 12, 8)));
        Assert.Equal(D(2026, 12, 28), spain.Adjust(D(2026, 12, 24), BusinessDayConvention.Following)); // 25 Dec holiday, 26-27 weekend
        Assert.Equal(2, spain.Changes.Count);
    }

    [Fact]
    public void WithChanges_MovingADayThatIsNoHoliday_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => BusinessCalendars.Spain.WithChanges(
            [CalendarChange.Move(D(2026, 3, 3), D(2026, 3, 2), "Nada", "test")]));
        Assert.Contains("has no holiday on 2026-03-03", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithChanges_DateOutsideTheRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendars.Argentina.WithChanges(
            [CalendarChange.Closure(D(2060, 1, 5), "Cierre", "test")]));
    }

    [Fact]
    public void Move_SameDay_Throws()
    {
        Assert.Throws<ArgumentException>(() => CalendarChange.Move(D(2020, 4, 2), D(2020, 4, 2), "x", "y"));
    }

    [Fact]
    public void WithChanges_IsConsistentWithTheBusinessDayCount()
    {
        // The moved holiday keeps the year's count of business days: one holiday left a Thursday for a Tuesday.
        BusinessCalendar ar = BusinessCalendars.Argentina;
        BusinessCalendar withoutMove = BusinessCalendar.Create("AR0", "Argentina without changes", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], ar.Rules, 2018, 2050);
        Assert.Equal(withoutMove.BusinessDaysBetween(D(2020, 1, 1), D(2021, 1, 1)), ar.BusinessDaysBetween(D(2020, 1, 1), D(2021, 1, 1)));
        Assert.Equal(
            withoutMove.GetHolidays(2020).Select(h => h.Date).Where(d => d != D(2020, 4, 2)).Append(D(2020, 3, 31)).Order(),
            ar.GetHolidays(2020).Select(h => h.Date));
    }
}
