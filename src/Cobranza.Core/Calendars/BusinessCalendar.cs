using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// A business calendar: weekend days plus holiday rules, valid for a range of years. A business day is a day that
/// is neither a weekend day nor a holiday.
/// </summary>
/// <remarks>
/// <para><b>Supported range.</b> Every query about a date outside 1 January <see cref="FirstYear"/> to
/// 31 December <see cref="LastYear"/> throws <see cref="ArgumentOutOfRangeException"/> with the range in the
/// message: a calendar never answers "no holidays" for years it does not know. An adjustment or an addition whose
/// result would leave the range throws the same way.</para>
/// <para><b>Performance and threading.</b> Instances are immutable and thread-safe. The first query builds, once, a
/// bitset of business days over the whole range with a rank index (a few tens of kilobytes for 51 years); it is
/// published with a compare-exchange, so concurrent first calls may build it twice but all see a complete one.
/// After that, every query is allocation-free and O(1).</para>
/// </remarks>
public sealed class BusinessCalendar
{
    /// <summary>The smallest year a calendar may support.</summary>
    public const int MinSupportedYear = 1583;

    /// <summary>The largest year a calendar may support.</summary>
    public const int MaxSupportedYear = 9998;

    private readonly HolidayRule[] _ownRules;
    private readonly BusinessCalendar[] _parts;
    private readonly int _weekendMask; // bit (int)IsoDayOfWeek
    private readonly int _firstDayNumber; // DateOnly.DayNumber of 1 January FirstYear
    private readonly int _dayCount;
    private readonly LocalDate _firstDate;
    private readonly LocalDate _lastDate;
    private readonly CalendarChange[] _changes;
    private CalendarData? _data;

    private BusinessCalendar(string id, string name, int weekendMask, HolidayRule[] ownRules, BusinessCalendar[] parts, int firstYear, int lastYear, CalendarChange[]? changes = null)
    {
        _changes = changes ?? [];
        Id = id;
        Name = name;
        _weekendMask = weekendMask;
        _ownRules = ownRules;
        _parts = parts;
        FirstYear = firstYear;
        LastYear = lastYear;
        _firstDate = new LocalDate(firstYear, 1, 1);
        _lastDate = new LocalDate(lastYear, 12, 31);
        _firstDayNumber = _firstDate.ToDateOnly().DayNumber;
        _dayCount = _lastDate.ToDateOnly().DayNumber - _firstDayNumber + 1;
        var weekend = new List<IsoDayOfWeek>();
        for (var d = IsoDayOfWeek.Monday; d <= IsoDayOfWeek.Sunday; d++)
        {
            if ((weekendMask & (1 << (int)d)) != 0)
            {
                weekend.Add(d);
            }
        }

        WeekendDays = weekend.AsReadOnly();
        Rules = ownRules.Concat(parts.SelectMany(p => p.Rules)).ToList().AsReadOnly();
        Changes = parts.SelectMany(p => p.Changes).Concat(_changes).ToList().AsReadOnly();
    }

    /// <summary>The calendar's identifier, e.g. "ES" or "TARGET2".</summary>
    public string Id { get; }

    /// <summary>A human-readable name.</summary>
    public string Name { get; }

    /// <summary>The first supported year (inclusive).</summary>
    public int FirstYear { get; }

    /// <summary>The last supported year (inclusive).</summary>
    public int LastYear { get; }

    /// <summary>The first supported date, 1 January of <see cref="FirstYear"/>.</summary>
    public LocalDate FirstDate => _firstDate;

    /// <summary>The last supported date, 31 December of <see cref="LastYear"/>.</summary>
    public LocalDate LastDate => _lastDate;

    /// <summary>The weekend days, Monday first.</summary>
    public IReadOnlyList<IsoDayOfWeek> WeekendDays { get; }

    /// <summary>
    /// The holiday rules, including those of the calendars it was combined from. For a combined calendar, each source
    /// calendar's substitute days (<see cref="HolidayObservance.NextWorkingDayNotHoliday"/>) are computed within that
    /// source calendar, so combining never changes a source calendar's holidays.
    /// </summary>
    public IReadOnlyList<HolidayRule> Rules { get; }

    /// <summary>Saturday and Sunday as weekend, no holidays, years 1900 to 2200.</summary>
    public static BusinessCalendar WeekendsOnly { get; } = Create(
        "WEEKENDS", "Saturdays and Sundays only", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], [], 1900, 2200);

    /// <summary>Creates a calendar from weekend days and holiday rules.</summary>
    /// <param name="id">The identifier (not blank).</param>
    /// <param name="name">A human-readable name (not blank).</param>
    /// <param name="weekendDays">The weekend days (duplicates are ignored; at least one day of the week must remain a working day).</param>
    /// <param name="rules">The holiday rules. Substitute days are resolved in this order.</param>
    /// <param name="firstYear">The first supported year, from <see cref="MinSupportedYear"/>.</param>
    /// <param name="lastYear">The last supported year, up to <see cref="MaxSupportedYear"/>.</param>
    /// <returns>The calendar.</returns>
    public static BusinessCalendar Create(string id, string name, IEnumerable<IsoDayOfWeek> weekendDays, IEnumerable<HolidayRule> rules, int firstYear, int lastYear)
    {
        Guard.NotNullOrWhiteSpace(id);
        Guard.NotNullOrWhiteSpace(name);
        Guard.NotNull(weekendDays);
        Guard.NotNull(rules);
        int mask = 0;
        foreach (var day in weekendDays)
        {
            if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                throw new ArgumentOutOfRangeException(nameof(weekendDays), day, $"weekendDays contains {day}, which is not Monday to Sunday.");
            }

            mask |= 1 << (int)day;
        }

        CheckWeekendMask(mask, nameof(weekendDays));
        var ruleArray = rules.ToArray();
        for (int i = 0; i < ruleArray.Length; i++)
        {
            if (ruleArray[i] is null)
            {
                throw new ArgumentException($"rules[{i}] is null.", nameof(rules));
            }
        }

        Guard.InRange(firstYear, MinSupportedYear, MaxSupportedYear);
        Guard.InRange(lastYear, firstYear, MaxSupportedYear);
        return new BusinessCalendar(id, name, mask, ruleArray, [], firstYear, lastYear);
    }

    /// <summary>
    /// The union of this calendar and <paramref name="other"/>: a day is a holiday (or weekend day) when it is one in
    /// either calendar, so a day is a business day only when it is one in both. The supported range is the
    /// intersection of the two ranges.
    /// </summary>
    /// <param name="other">The other calendar.</param>
    /// <param name="id">The new calendar's id; default "<c>{Id}+{other.Id}</c>".</param>
    /// <returns>The combined calendar.</returns>
    /// <exception cref="ArgumentException">The two ranges do not overlap.</exception>
    public BusinessCalendar CombineWith(BusinessCalendar other, string? id = null)
    {
        Guard.NotNull(other);
        int first = Math.Max(FirstYear, other.FirstYear);
        int last = Math.Min(LastYear, other.LastYear);
        if (first > last)
        {
            throw new ArgumentException(
                $"Calendars '{Id}' ({FirstYear}-{LastYear}) and '{other.Id}' ({other.FirstYear}-{other.LastYear}) have no year in common.",
                nameof(other));
        }

        int mask = _weekendMask | other._weekendMask;
        CheckWeekendMask(mask, nameof(other));
        string newId = id is null ? $"{Id}+{other.Id}" : Guard.NotNullOrWhiteSpace(id);
        return new BusinessCalendar(newId, $"{Name} + {other.Name}", mask, [], [this, other], first, last);
    }

    /// <summary>
    /// This calendar plus a company's own closing days (each a one-off holiday named "Closing day"). The range is
    /// unchanged.
    /// </summary>
    /// <param name="id">The new calendar's id.</param>
    /// <param name="closingDays">The closing days; each must be within the supported range.</param>
    /// <returns>The new calendar.</returns>
    public BusinessCalendar WithClosingDays(string id, IEnumerable<LocalDate> closingDays)
    {
        Guard.NotNullOrWhiteSpace(id);
        Guard.NotNull(closingDays);
        var rules = new List<HolidayRule>();
        foreach (var day in closingDays)
        {
            CheckInRange(day, nameof(closingDays));
            rules.Add(HolidayRule.OneOff("Closing day", day));
        }

        return new BusinessCalendar(id, $"{Name} + closing days", _weekendMask, rules.ToArray(), [this], FirstYear, LastYear);
    }

    /// <summary>The one-off changes applied to this calendar (its parts' first, then its own), each with its source.</summary>
    public IReadOnlyList<CalendarChange> Changes { get; }

    /// <summary>
    /// This calendar with one-off changes applied after its recurring rules, in order: holidays moved once
    /// (<see cref="CalendarChange.Move"/>), closing days (<see cref="CalendarChange.Closure"/>) and holidays not observed
    /// (<see cref="CalendarChange.Cancellation"/>). The way for a host to add a decreed bridge day or a company's
    /// closing day to a built-in calendar; the range and the weekend are unchanged.
    /// </summary>
    /// <example>
    /// <code>
    /// BusinessCalendar ar = BusinessCalendars.Argentina.WithChanges(
    ///     [CalendarChange.Closure(new LocalDate(2027, 12, 24), "Cierre de la empresa", "Resolución interna 12/2027")]);
    /// // register it with AddCobranza(c => c.AddCalendar(ar)) to replace the built-in "AR"
    /// </code>
    /// </example>
    /// <param name="changes">The changes; each date within the supported range; a moved or cancelled date must be a holiday at that point.</param>
    /// <param name="id">The new calendar's id; default this calendar's id (so a host's version replaces the built-in one by id).</param>
    /// <returns>The new calendar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null or holds null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date is outside the supported range.</exception>
    /// <exception cref="ArgumentException">A moved or cancelled date is not a holiday (the message names it).</exception>
    public BusinessCalendar WithChanges(IEnumerable<CalendarChange> changes, string? id = null)
    {
        var list = new List<CalendarChange>();
        foreach (CalendarChange? change in Guard.NotNull(changes))
        {
            list.Add(change ?? throw new ArgumentNullException(nameof(changes), $"changes[{list.Count}] must not be null."));
        }

        foreach (CalendarChange change in list)
        {
            CheckInRange(change.Date, nameof(changes));
            if (change.MovedTo is { } to)
            {
                CheckInRange(to, nameof(changes));
            }
        }

        // Check each move and cancellation against the holidays at that point (the recurring ones and earlier changes).
        var result = new BusinessCalendar(id is null ? Id : Guard.NotNullOrWhiteSpace(id), Name, _weekendMask, [], [this], FirstYear, LastYear, list.ToArray());
        foreach (CalendarChange change in list)
        {
            if (change.Kind != CalendarChangeKind.Closure && !IsHolidayBefore(change))
            {
                throw new ArgumentException(
                    $"changes: {change} cannot apply: calendar '{Id}' has no holiday on {change.Date:uuuu-MM-dd}.", nameof(changes));
            }
        }

        return result;

        bool IsHolidayBefore(CalendarChange change)
        {
            bool holiday = IsHoliday(change.Date);
            foreach (CalendarChange earlier in list)
            {
                if (ReferenceEquals(earlier, change))
                {
                    break;
                }

                if (earlier.Kind == CalendarChangeKind.Closure && earlier.Date == change.Date)
                {
                    holiday = true;
                }
                else if (earlier.Kind == CalendarChangeKind.Move && earlier.MovedTo == change.Date)
                {
                    holiday = true;
                }
                else if (earlier.Date == change.Date)
                {
                    holiday = false;
                }
            }

            return holiday;
        }
    }

    /// <summary>Whether <paramref name="date"/> is neither a weekend day nor a holiday.</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <returns>True for a business day.</returns>
    public bool IsBusinessDay(LocalDate date)
    {
        int i = IndexOf(date, nameof(date));
        return Data.IsBusiness(i);
    }

    /// <summary>Whether <paramref name="date"/> is a holiday (whatever its weekday; a holiday on a weekend day is still a holiday).</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <returns>True for a holiday.</returns>
    public bool IsHoliday(LocalDate date)
    {
        int i = IndexOf(date, nameof(date));
        return (Data.HolidayBits[i >> 6] & (1UL << (i & 63))) != 0;
    }

    /// <summary>Whether <paramref name="date"/> falls on one of the <see cref="WeekendDays"/>.</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <returns>True for a weekend day.</returns>
    public bool IsWeekend(LocalDate date)
    {
        IndexOf(date, nameof(date));
        return (_weekendMask & (1 << (int)date.DayOfWeek)) != 0;
    }

    /// <summary>Moves <paramref name="date"/> onto a business day with <paramref name="convention"/>; a business day is returned unchanged.</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <param name="convention">The convention.</param>
    /// <returns>The adjusted date.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The date, or the business day the convention needs, is outside the supported range.</exception>
    public LocalDate Adjust(LocalDate date, BusinessDayConvention convention)
    {
        int i = IndexOf(date, nameof(date));
        if (convention == BusinessDayConvention.Unadjusted)
        {
            return date;
        }

        var data = Data;
        if (data.IsBusiness(i))
        {
            if (unchecked((uint)convention > (uint)BusinessDayConvention.Nearest))
            {
                throw BadConvention(convention);
            }

            return date;
        }

        int rank = data.Rank(i); // business days strictly before i = index of the next business day
        switch (convention)
        {
            case BusinessDayConvention.Following:
                return date.PlusDays(NextIndex(data, rank, date, convention) - i);
            case BusinessDayConvention.Preceding:
                return date.PlusDays(PreviousIndex(data, rank, date, convention) - i);
            case BusinessDayConvention.ModifiedFollowing:
            {
                int next = NextIndex(data, rank, date, convention);
                return next - i <= DaysToMonthEnd(date)
                    ? date.PlusDays(next - i)
                    : date.PlusDays(PreviousIndex(data, rank, date, convention) - i);
            }

            case BusinessDayConvention.ModifiedPreceding:
            {
                int previous = PreviousIndex(data, rank, date, convention);
                return i - previous < date.Day
                    ? date.PlusDays(previous - i)
                    : date.PlusDays(NextIndex(data, rank, date, convention) - i);
            }

            case BusinessDayConvention.Nearest:
            {
                bool hasNext = rank < data.BusinessDays.Length;
                bool hasPrevious = rank > 0;
                int next = hasNext ? data.BusinessDays[rank] : 0;
                int previous = hasPrevious ? data.BusinessDays[rank - 1] : 0;

                // Tie (equal distance) goes to the following day, as QuantLib's Nearest. When one side lies beyond
                // the range, its distance is at least the distance to the range's edge; if that could win, we cannot
                // decide and throw rather than guess.
                if (hasNext && hasPrevious)
                {
                    return date.PlusDays((next - i <= i - previous ? next : previous) - i);
                }

                if (hasNext && next - i <= i + 1)
                {
                    return date.PlusDays(next - i);
                }

                if (hasPrevious && i - previous < _dayCount - i)
                {
                    return date.PlusDays(previous - i);
                }

                throw OutOfRangeResult(date, convention);
            }

            default:
                throw BadConvention(convention);
        }
    }

    /// <summary>The first business day strictly after <paramref name="date"/>.</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <returns>The next business day.</returns>
    public LocalDate NextBusinessDay(LocalDate date)
    {
        int i = IndexOf(date, nameof(date));
        var data = Data;
        int rank = data.Rank(i + 1);
        if (rank >= data.BusinessDays.Length)
        {
            throw OutOfRangeResult(date, "the next business day");
        }

        return date.PlusDays(data.BusinessDays[rank] - i);
    }

    /// <summary>The last business day strictly before <paramref name="date"/>.</summary>
    /// <param name="date">A date within the supported range.</param>
    /// <returns>The previous business day.</returns>
    public LocalDate PreviousBusinessDay(LocalDate date)
    {
        int i = IndexOf(date, nameof(date));
        var data = Data;
        int rank = data.Rank(i);
        if (rank == 0)
        {
            throw OutOfRangeResult(date, "the previous business day");
        }

        return date.PlusDays(data.BusinessDays[rank - 1] - i);
    }

    /// <summary>
    /// Moves <paramref name="businessDays"/> business days forward (positive) or backward (negative). The first step
    /// goes to the next (or previous) business day strictly after (before) the date, so from a Saturday, +1 is the
    /// following Monday when it is a business day. Zero returns <paramref name="date"/> unchanged, even when it is not
    /// a business day: the method counts steps and does not adjust; call <see cref="Adjust"/> to adjust. (QuantLib's
    /// <c>advance</c> by 0 days adjusts with Following instead.)
    /// </summary>
    /// <param name="date">A date within the supported range.</param>
    /// <param name="businessDays">The number of business days to move.</param>
    /// <returns>The resulting business day (or the date itself for 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The date or the result is outside the supported range.</exception>
    public LocalDate AddBusinessDays(LocalDate date, int businessDays)
    {
        int i = IndexOf(date, nameof(date));
        if (businessDays == 0)
        {
            return date;
        }

        var data = Data;
        long target = businessDays > 0
            ? (long)data.Rank(i + 1) + businessDays - 1
            : (long)data.Rank(i) + businessDays;
        if (target < 0 || target >= data.BusinessDays.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(businessDays),
                businessDays,
                $"Adding {businessDays} business days to {date:uuuu-MM-dd} leaves calendar '{Id}''s supported range {_firstDate:uuuu-MM-dd} to {_lastDate:uuuu-MM-dd}.");
        }

        return date.PlusDays(data.BusinessDays[(int)target] - i);
    }

    /// <summary>
    /// The number of business days in [<paramref name="start"/>, <paramref name="end"/>): start included, end
    /// excluded. When <paramref name="end"/> is before <paramref name="start"/> the result is the negative of the count
    /// in [end, start). Either date may also be the day after <see cref="LastDate"/>, so a whole last year can be counted.
    /// </summary>
    /// <param name="start">The first day counted.</param>
    /// <param name="end">The day after the last day counted.</param>
    /// <returns>The signed number of business days.</returns>
    public int BusinessDaysBetween(LocalDate start, LocalDate end)
    {
        int s = IndexOfOrEnd(start, nameof(start));
        int e = IndexOfOrEnd(end, nameof(end));
        var data = Data;
        return data.Rank(e) - data.Rank(s);
    }

    /// <summary>The holidays observed in <paramref name="year"/>, in date order (including those on weekend days).</summary>
    /// <param name="year">A supported year.</param>
    /// <returns>The holidays; the same instance on every call for a given year.</returns>
    public IReadOnlyList<Holiday> GetHolidays(int year)
    {
        if (year < FirstYear || year > LastYear)
        {
            throw new ArgumentOutOfRangeException(
                nameof(year), year, $"year {year} is outside calendar '{Id}''s supported range {FirstYear}-{LastYear}.");
        }

        return Data.HolidaysByYear[year - FirstYear];
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Name}, {FirstYear}-{LastYear})";

    private CalendarData Data
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _data) ?? BuildData();
    }

    private static void CheckWeekendMask(int mask, string paramName)
    {
        if (mask == 0b1111_1110)
        {
            throw new ArgumentException($"{paramName} would make every day of the week a weekend day; a calendar needs at least one working weekday.", paramName);
        }
    }

    private static int DaysToMonthEnd(LocalDate date)
    {
        int month = date.Month;
        int daysInMonth = month == 2
            ? (CalendarSystem.Iso.IsLeapYear(date.Year) ? 29 : 28)
            : (month is 4 or 6 or 9 or 11 ? 30 : 31);
        return daysInMonth - date.Day;
    }

    private static ArgumentOutOfRangeException BadConvention(BusinessDayConvention convention)
        => new(nameof(convention), convention, $"convention ({(int)convention}) is not a defined BusinessDayConvention.");

    private int NextIndex(CalendarData data, int rank, LocalDate date, BusinessDayConvention convention)
        => rank < data.BusinessDays.Length ? data.BusinessDays[rank] : throw OutOfRangeResult(date, convention);

    private int PreviousIndex(CalendarData data, int rank, LocalDate date, BusinessDayConvention convention)
        => rank > 0 ? data.BusinessDays[rank - 1] : throw OutOfRangeResult(date, convention);

    private ArgumentOutOfRangeException OutOfRangeResult(LocalDate date, BusinessDayConvention convention)
        => OutOfRangeResult(date, $"adjusting with {convention}");

    private ArgumentOutOfRangeException OutOfRangeResult(LocalDate date, string what)
        => new(nameof(date), date, $"For date {date:uuuu-MM-dd}, {what} needs a business day outside calendar '{Id}''s supported range {_firstDate:uuuu-MM-dd} to {_lastDate:uuuu-MM-dd}.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(LocalDate date, string paramName)
    {
        int year = date.Year;
        if (year < FirstYear || year > LastYear || date.Calendar != CalendarSystem.Iso)
        {
            ThrowOutOfRange(date, paramName);
        }

        return date.ToDateOnly().DayNumber - _firstDayNumber;
    }

    /// <summary>As <see cref="IndexOf"/>, also accepting the day after <see cref="LastDate"/> (an exclusive end).</summary>
    private int IndexOfOrEnd(LocalDate date, string paramName)
    {
        int year = date.Year;
        bool dayAfterEnd = year == LastYear + 1 && date.Month == 1 && date.Day == 1;
        if ((!dayAfterEnd && (year < FirstYear || year > LastYear)) || date.Calendar != CalendarSystem.Iso)
        {
            ThrowOutOfRange(date, paramName);
        }

        return date.ToDateOnly().DayNumber - _firstDayNumber;
    }

    private void CheckInRange(LocalDate date, string paramName) => IndexOf(date, paramName);

    private void ThrowOutOfRange(LocalDate date, string paramName)
    {
        if (date.Calendar != CalendarSystem.Iso)
        {
            throw new ArgumentException($"{paramName} ({date}) must be in the ISO calendar (was {date.Calendar.Id}).", paramName);
        }

        throw new ArgumentOutOfRangeException(
            paramName,
            date,
            $"{paramName} {date:uuuu-MM-dd} is outside calendar '{Id}''s supported range {_firstDate:uuuu-MM-dd} to {_lastDate:uuuu-MM-dd} (years {FirstYear}-{LastYear}).");
    }

    private CalendarData BuildData()
    {
        var built = new CalendarData(this);
        return Interlocked.CompareExchange(ref _data, built, null) ?? built;
    }

    /// <summary>Holidays of this calendar's own rules (not of its parts), keyed by observed date, for years in range.</summary>
    private List<Holiday> ComputeOwnHolidays()
    {
        var result = new List<Holiday>();
        var taken = new HashSet<LocalDate>();
        var nominal = new List<(HolidayRule Rule, LocalDate Date)>();
        for (int year = FirstYear - 1; year <= LastYear + 1; year++)
        {
            if (year < MinSupportedYear - 1 || year > MaxSupportedYear)
            {
                continue;
            }

            nominal.Clear();
            taken.Clear();
            foreach (var rule in _ownRules)
            {
                if (rule.GetDate(year) is LocalDate d)
                {
                    if (d.Calendar != CalendarSystem.Iso)
                    {
                        throw new InvalidOperationException($"Holiday rule '{rule.Name}' returned {d} for {year}, which is not an ISO date.");
                    }

                    nominal.Add((rule, d));
                    taken.Add(d);
                }
            }

            foreach (var (rule, date) in nominal)
            {
                var observed = date;
                if (rule.ShiftObservance == HolidayObservance.NextWorkingDayNotHoliday && IsWeekendDay(date))
                {
                    do
                    {
                        observed = observed.PlusDays(1);
                    }
                    while (IsWeekendDay(observed) || taken.Contains(observed));

                    taken.Add(observed);
                }

                if (observed >= _firstDate && observed <= _lastDate)
                {
                    result.Add(new Holiday(observed, rule.Name));
                }
            }
        }

        return result;
    }

    private bool IsWeekendDay(LocalDate date) => (_weekendMask & (1 << (int)date.DayOfWeek)) != 0;

    private sealed class CalendarData
    {
        internal readonly ulong[] HolidayBits;
        internal readonly ulong[] BusinessBits;
        internal readonly int[] RankBefore; // business days before each 64-day block
        internal readonly int[] BusinessDays; // day indexes of the business days, ascending
        internal readonly ReadOnlyCollection<Holiday>[] HolidaysByYear;

        internal CalendarData(BusinessCalendar calendar)
        {
            int days = calendar._dayCount;
            int blocks = (days >> 6) + 1; // room for index == days (exclusive end)
            HolidayBits = new ulong[blocks];
            BusinessBits = new ulong[blocks];
            RankBefore = new int[blocks];

            var all = calendar.ComputeOwnHolidays();
            foreach (var part in calendar._parts)
            {
                for (int year = calendar.FirstYear; year <= calendar.LastYear; year++)
                {
                    all.AddRange(part.GetHolidays(year));
                }
            }

            foreach (CalendarChange change in calendar._changes)
            {
                if (change.Kind != CalendarChangeKind.Closure)
                {
                    all.RemoveAll(h => h.Date == change.Date);
                }

                if (change.Kind != CalendarChangeKind.Cancellation)
                {
                    all.Add(new Holiday(change.MovedTo ?? change.Date, change.Name));
                }
            }

            var byYear = new List<Holiday>[calendar.LastYear - calendar.FirstYear + 1];
            for (int y = 0; y < byYear.Length; y++)
            {
                byYear[y] = new List<Holiday>();
            }

            foreach (var holiday in all.Distinct().OrderBy(h => h.Date).ThenBy(h => h.Name, StringComparer.Ordinal))
            {
                int i = holiday.Date.ToDateOnly().DayNumber - calendar._firstDayNumber;
                HolidayBits[i >> 6] |= 1UL << (i & 63);
                byYear[holiday.Date.Year - calendar.FirstYear].Add(holiday);
            }

            HolidaysByYear = byYear.Select(l => l.AsReadOnly()).ToArray();

            var businessDays = new List<int>(days);
            var dow = calendar._firstDate.DayOfWeek;
            for (int i = 0; i < days; i++)
            {
                bool weekend = (calendar._weekendMask & (1 << (int)dow)) != 0;
                if (!weekend && (HolidayBits[i >> 6] & (1UL << (i & 63))) == 0)
                {
                    BusinessBits[i >> 6] |= 1UL << (i & 63);
                    businessDays.Add(i);
                }

                dow = dow == IsoDayOfWeek.Sunday ? IsoDayOfWeek.Monday : dow + 1;
            }

            BusinessDays = businessDays.ToArray();
            int running = 0;
            for (int b = 0; b < blocks; b++)
            {
                RankBefore[b] = running;
                running += BitOperations.PopCount(BusinessBits[b]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool IsBusiness(int i) => (BusinessBits[i >> 6] & (1UL << (i & 63))) != 0;

        /// <summary>The number of business days at indexes strictly less than <paramref name="i"/> (0 &lt;= i &lt;= day count).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal int Rank(int i) => RankBefore[i >> 6] + BitOperations.PopCount(BusinessBits[i >> 6] & ((1UL << (i & 63)) - 1));
    }
}
