using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using NodaTime;
using Xunit.Abstractions;

namespace Cobranza.Core.Tests.Calendars;

/// <summary>
/// Cross-check against QuantLib 1.29 (golden vectors from GoldenVectors/generate_calendars.py). QuantLib's calendars
/// are mostly exchange or settlement calendars and 1.29 predates several law changes; where QuantLib and the law
/// differ, the law wins and the difference is listed in <see cref="KnownDifferences"/> (also in docs/calendars.md).
/// </summary>
public sealed partial class QuantLibCrossCheckTests
{
    private readonly ITestOutputHelper _output;

    public QuantLibCrossCheckTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> CalendarIds => new() { "TARGET2", "GB", "US", "DE", "FR", "IT", "BR", "AR", "MX", "CL" };

    [Theory]
    [MemberData(nameof(CalendarIds))]
    public void WeekdayHolidays_ComparedWithQuantLib_DifferOnlyByKnownDifferences(string id)
    {
        var calendar = BusinessCalendars.Of(id);
        var quantLib = GoldenCsv.QuantLibHolidays(id);
        var ours = new HashSet<LocalDate>();
        for (var d = calendar.FirstDate; d <= calendar.LastDate; d = d.PlusDays(1))
        {
            if (!calendar.IsWeekend(d) && calendar.IsHoliday(d))
            {
                ours.Add(d);
            }
        }

        // QuantLib's Argentina data is checked only over our supported range.
        quantLib.RemoveWhere(d => d < calendar.FirstDate || d > calendar.LastDate);

        var exceptions = KnownDifferences.Where(k => k.CalendarId == id).ToList();
        var unexplained = new List<string>();
        var used = new HashSet<KnownDifference>();
        foreach (var d in quantLib.Except(ours).Select(d => (Date: d, Side: Side.OnlyQuantLib))
                     .Concat(ours.Except(quantLib).Select(d => (Date: d, Side: Side.OnlyLaw)))
                     .OrderBy(x => x.Date))
        {
            var reason = exceptions.FirstOrDefault(k => k.Side == d.Side && k.Matches(d.Date));
            if (reason is null)
            {
                unexplained.Add($"{d.Date:uuuu-MM-dd ddd} {d.Side}");
            }
            else
            {
                used.Add(reason);
            }
        }

        foreach (var line in unexplained)
        {
            _output.WriteLine(line);
        }

        Assert.True(unexplained.Count == 0, $"{id}: {unexplained.Count} unexplained differences with QuantLib: {string.Join("; ", unexplained.Take(60))}");
        var stale = exceptions.Where(k => !used.Contains(k)).Select(k => k.Reason).ToList();
        Assert.True(stale.Count == 0, $"{id}: known differences that no longer occur (remove them): {string.Join("; ", stale)}");
    }

    [Fact]
    public void Adjust_CalendarBuiltFromQuantLibHolidays_MatchesQuantLibForAllConventions()
    {
        int checkedCount = 0;
        foreach (var group in GoldenCsv.Rows("calendars_quantlib_adjust.csv").GroupBy(r => r[0]))
        {
            var calendar = FromQuantLib(group.Key);
            foreach (var row in group)
            {
                var date = GoldenCsv.Date(row[1]);
                var convention = BusinessDayConventions.Parse(row[2]);
                Assert.True(GoldenCsv.Date(row[3]) == calendar.Adjust(date, convention), $"{group.Key} {row[1]} {row[2]}: QuantLib {row[3]}, ours {calendar.Adjust(date, convention)}");
                checkedCount++;
            }
        }

        Assert.Equal(18000, checkedCount);
    }

    [Fact]
    public void AddBusinessDays_CalendarBuiltFromQuantLibHolidays_MatchesQuantLibAdvance()
    {
        int checkedCount = 0;
        foreach (var group in GoldenCsv.Rows("calendars_quantlib_advance.csv").GroupBy(r => r[0]))
        {
            var calendar = FromQuantLib(group.Key);
            foreach (var row in group)
            {
                var date = GoldenCsv.Date(row[1]);
                int n = GoldenCsv.Int(row[2]);
                Assert.True(GoldenCsv.Date(row[3]) == calendar.AddBusinessDays(date, n), $"{group.Key} {row[1]} {n}: QuantLib {row[3]}, ours {calendar.AddBusinessDays(date, n)}");
                checkedCount++;
            }
        }

        Assert.Equal(3000, checkedCount);
    }

    /// <summary>A calendar whose holidays are exactly QuantLib's weekday holidays (to test the engine alone).</summary>
    private static BusinessCalendar FromQuantLib(string id)
        => BusinessCalendar.Create(
            "QL-" + id,
            "QuantLib " + id,
            [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday],
            GoldenCsv.QuantLibHolidays(id).Select(d => HolidayRule.OneOff("QuantLib holiday", d)),
            2000,
            2050);

    internal enum Side
    {
        /// <summary>QuantLib has a weekday holiday that the law (our calendar) does not.</summary>
        OnlyQuantLib,

        /// <summary>Our calendar (the law) has a weekday holiday that QuantLib 1.29 does not.</summary>
        OnlyLaw,
    }

    internal sealed record KnownDifference(string CalendarId, Side Side, string Reason, Func<LocalDate, bool> Matches);
}
