using System;
using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>
/// One holiday rule of a <see cref="BusinessCalendar"/>, as data: it computes the date (if any) on which its holiday
/// is observed in a given year. Rules are immutable; create them with the factory methods (<see cref="Fixed"/>,
/// <see cref="NthWeekday"/>, <see cref="EasterRelative"/>, <see cref="OneOff"/>, <see cref="Computed"/>).
/// </summary>
/// <remarks>
/// <para><see cref="FirstYear"/> and <see cref="LastYear"/> (both inclusive, null = unbounded) give the years in
/// which the rule is law; they refer to the rule's own year, so a 1 January observed on the preceding 31 December
/// (US federal observance) belongs to the rule year of the 1 January.</para>
/// </remarks>
public abstract record HolidayRule
{
    private protected HolidayRule(string name, int? firstYear, int? lastYear)
    {
        Name = Guard.NotNullOrWhiteSpace(name);
        if (firstYear is int f && lastYear is int l && f > l)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lastYear), lastYear, $"lastYear ({l}) must not be before firstYear ({f}) for holiday rule '{name}'.");
        }

        FirstYear = firstYear;
        LastYear = lastYear;
    }

    /// <summary>The holiday's name.</summary>
    public string Name { get; }

    /// <summary>The first year (inclusive) in which the rule applies, or null when it has always applied.</summary>
    public int? FirstYear { get; }

    /// <summary>The last year (inclusive) in which the rule applies, or null when it still applies.</summary>
    public int? LastYear { get; }

    /// <summary>Whether the rule applies in <paramref name="year"/> (between <see cref="FirstYear"/> and <see cref="LastYear"/>).</summary>
    /// <param name="year">The rule year.</param>
    /// <returns>True when the rule is in force that year.</returns>
    public bool AppliesIn(int year) => (FirstYear is not int f || year >= f) && (LastYear is not int l || year <= l);

    /// <summary>
    /// The date on which the rule's holiday is observed for rule year <paramref name="year"/>, or null when the rule
    /// does not apply that year. Observance shifts that depend only on the weekday are applied;
    /// <see cref="HolidayObservance.NextWorkingDayNotHoliday"/> depends on the other holidays and is applied by
    /// <see cref="BusinessCalendar"/> (this method returns the nominal date for it).
    /// </summary>
    /// <param name="year">The rule year.</param>
    /// <returns>The observed date, or null.</returns>
    public LocalDate? GetDate(int year) => AppliesIn(year) ? ComputeDate(year) : null;

    /// <summary>The observance rule, for rules whose date can be shifted; <see cref="HolidayObservance.None"/> otherwise.</summary>
    internal virtual HolidayObservance ShiftObservance => HolidayObservance.None;

    private protected abstract LocalDate? ComputeDate(int year);

    /// <summary>A holiday on the same month and day every year, optionally shifted by an observance rule.</summary>
    /// <param name="name">The holiday's name.</param>
    /// <param name="month">The month, 1-12.</param>
    /// <param name="day">The day of the month (29 February is rejected: it does not exist every year).</param>
    /// <param name="observance">How the date moves when it falls on given weekdays.</param>
    /// <param name="firstYear">The first year the rule applies, or null.</param>
    /// <param name="lastYear">The last year the rule applies, or null.</param>
    /// <returns>The rule.</returns>
    public static HolidayRule Fixed(string name, int month, int day, HolidayObservance observance = HolidayObservance.None, int? firstYear = null, int? lastYear = null)
        => new FixedDateRule(name, month, day, observance, firstYear, lastYear);

    /// <summary>The n-th (1-5) or last (-1) given weekday of a month, e.g. the third Monday of January.</summary>
    /// <param name="name">The holiday's name.</param>
    /// <param name="month">The month, 1-12.</param>
    /// <param name="dayOfWeek">The weekday.</param>
    /// <param name="n">1 to 5 for the n-th occurrence, -1 for the last one. A fifth occurrence that does not exist in a given month gives no holiday that year.</param>
    /// <param name="firstYear">The first year the rule applies, or null.</param>
    /// <param name="lastYear">The last year the rule applies, or null.</param>
    /// <returns>The rule.</returns>
    public static HolidayRule NthWeekday(string name, int month, IsoDayOfWeek dayOfWeek, int n, int? firstYear = null, int? lastYear = null)
        => new NthWeekdayRule(name, month, dayOfWeek, n, firstYear, lastYear);

    /// <summary>A day a fixed number of days from Easter Sunday (Good Friday = -2, Easter Monday = +1, Ascension = +39, Whit Monday = +50, Corpus Christi = +60).</summary>
    /// <param name="name">The holiday's name.</param>
    /// <param name="offsetDays">Days from Easter Sunday, between -100 and 100.</param>
    /// <param name="kind">Which Easter.</param>
    /// <param name="firstYear">The first year the rule applies, or null.</param>
    /// <param name="lastYear">The last year the rule applies, or null.</param>
    /// <returns>The rule.</returns>
    public static HolidayRule EasterRelative(string name, int offsetDays, EasterKind kind = EasterKind.Gregorian, int? firstYear = null, int? lastYear = null)
        => new EasterRelativeRule(name, offsetDays, kind, firstYear, lastYear);

    /// <summary>A holiday on one date only (a royal wedding, a decree-fixed bridge day, a company closing day).</summary>
    /// <param name="name">The holiday's name.</param>
    /// <param name="date">The date (ISO calendar).</param>
    /// <returns>The rule; it applies only in <paramref name="date"/>'s year.</returns>
    public static HolidayRule OneOff(string name, LocalDate date) => new OneOffRule(name, date);

    /// <summary>
    /// A rule computed by a function of the year, for laws that fit none of the other shapes (e.g. a holiday on the
    /// day of the June solstice). The function must be pure and return an ISO date, or null for no holiday.
    /// </summary>
    /// <param name="name">The holiday's name.</param>
    /// <param name="dateForYear">The date of the holiday in a rule year, or null.</param>
    /// <param name="firstYear">The first year the rule applies, or null.</param>
    /// <param name="lastYear">The last year the rule applies, or null.</param>
    /// <returns>The rule.</returns>
    public static HolidayRule Computed(string name, Func<int, LocalDate?> dateForYear, int? firstYear = null, int? lastYear = null)
        => new ComputedRule(name, dateForYear, firstYear, lastYear);

    private static LocalDate Shift(LocalDate date, HolidayObservance observance)
    {
        var dow = date.DayOfWeek;
        return observance switch
        {
            HolidayObservance.SaturdayToFridaySundayToMonday => dow switch
            {
                IsoDayOfWeek.Saturday => date.PlusDays(-1),
                IsoDayOfWeek.Sunday => date.PlusDays(1),
                _ => date,
            },
            HolidayObservance.SundayToMonday => dow == IsoDayOfWeek.Sunday ? date.PlusDays(1) : date,
            HolidayObservance.NextMonday => dow == IsoDayOfWeek.Monday ? date : date.Next(IsoDayOfWeek.Monday),
            HolidayObservance.PreviousMondayIfTuesdayToThursdayNextMondayIfFriday => dow switch
            {
                IsoDayOfWeek.Tuesday or IsoDayOfWeek.Wednesday or IsoDayOfWeek.Thursday => date.Previous(IsoDayOfWeek.Monday),
                IsoDayOfWeek.Friday => date.Next(IsoDayOfWeek.Monday),
                _ => date,
            },
            HolidayObservance.PreviousMondayIfTuesdayOrWednesdayNextMondayIfThursdayOrFriday => dow switch
            {
                IsoDayOfWeek.Tuesday or IsoDayOfWeek.Wednesday => date.Previous(IsoDayOfWeek.Monday),
                IsoDayOfWeek.Thursday or IsoDayOfWeek.Friday => date.Next(IsoDayOfWeek.Monday),
                _ => date,
            },
            _ => date, // None, and NextWorkingDayNotHoliday (applied by the calendar)
        };
    }

    /// <summary>A holiday on the same month and day every year, optionally shifted (<see cref="Fixed"/>).</summary>
    public sealed record FixedDateRule : HolidayRule
    {
        internal FixedDateRule(string name, int month, int day, HolidayObservance observance, int? firstYear, int? lastYear)
            : base(name, firstYear, lastYear)
        {
            Month = Guard.InRange(month, 1, 12);
            Day = Guard.InRange(day, 1, month == 2 ? 28 : CalendarSystem.Iso.GetDaysInMonth(2000, month));
            if (!Enum.IsDefined(observance))
            {
                throw new ArgumentOutOfRangeException(nameof(observance), observance, $"observance ({observance}) is not a defined HolidayObservance.");
            }

            Observance = observance;
        }

        /// <summary>The month, 1-12.</summary>
        public int Month { get; }

        /// <summary>The day of the month.</summary>
        public int Day { get; }

        /// <summary>How the date moves when it falls on given weekdays.</summary>
        public HolidayObservance Observance { get; }

        internal override HolidayObservance ShiftObservance => Observance;

        private protected override LocalDate? ComputeDate(int year) => Shift(new LocalDate(year, Month, Day), Observance);
    }

    /// <summary>The n-th or last weekday of a month (<see cref="NthWeekday"/>).</summary>
    public sealed record NthWeekdayRule : HolidayRule
    {
        internal NthWeekdayRule(string name, int month, IsoDayOfWeek dayOfWeek, int n, int? firstYear, int? lastYear)
            : base(name, firstYear, lastYear)
        {
            Month = Guard.InRange(month, 1, 12);
            if (dayOfWeek is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                throw new ArgumentOutOfRangeException(nameof(dayOfWeek), dayOfWeek, $"dayOfWeek ({dayOfWeek}) must be Monday to Sunday.");
            }

            if (n is 0 or < -1 or > 5)
            {
                throw new ArgumentOutOfRangeException(nameof(n), n, $"n must be 1 to 5, or -1 for the last occurrence (was {n}).");
            }

            DayOfWeek = dayOfWeek;
            N = n;
        }

        /// <summary>The month, 1-12.</summary>
        public int Month { get; }

        /// <summary>The weekday.</summary>
        public IsoDayOfWeek DayOfWeek { get; }

        /// <summary>1 to 5 for the n-th occurrence, -1 for the last.</summary>
        public int N { get; }

        private protected override LocalDate? ComputeDate(int year)
        {
            if (N == -1)
            {
                var last = new LocalDate(year, Month, CalendarSystem.Iso.GetDaysInMonth(year, Month));
                return last.DayOfWeek == DayOfWeek ? last : last.Previous(DayOfWeek);
            }

            var first = new LocalDate(year, Month, 1);
            var firstMatch = first.DayOfWeek == DayOfWeek ? first : first.Next(DayOfWeek);
            var date = firstMatch.PlusWeeks(N - 1);
            return date.Month == Month ? date : null;
        }
    }

    /// <summary>A day at a fixed offset from Easter Sunday (<see cref="EasterRelative"/>).</summary>
    public sealed record EasterRelativeRule : HolidayRule
    {
        internal EasterRelativeRule(string name, int offsetDays, EasterKind kind, int? firstYear, int? lastYear)
            : base(name, firstYear, lastYear)
        {
            OffsetDays = Guard.InRange(offsetDays, -100, 100);
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind ({kind}) is not a defined EasterKind.");
            }

            Kind = kind;
        }

        /// <summary>Days from Easter Sunday.</summary>
        public int OffsetDays { get; }

        /// <summary>Which Easter.</summary>
        public EasterKind Kind { get; }

        private protected override LocalDate? ComputeDate(int year)
            => (Kind == EasterKind.Orthodox ? Easter.Orthodox(year) : Easter.Gregorian(year)).PlusDays(OffsetDays);
    }

    /// <summary>A holiday on one date only (<see cref="OneOff"/>).</summary>
    public sealed record OneOffRule : HolidayRule
    {
        internal OneOffRule(string name, LocalDate date)
            : base(name, date.Year, date.Year)
        {
            if (date.Calendar != CalendarSystem.Iso)
            {
                throw new ArgumentException($"date ({date}) must be in the ISO calendar (was {date.Calendar.Id}).", nameof(date));
            }

            Date = date;
        }

        /// <summary>The date.</summary>
        public LocalDate Date { get; }

        private protected override LocalDate? ComputeDate(int year) => year == Date.Year ? Date : null;
    }

    /// <summary>A rule computed by a function of the year (<see cref="Computed"/>).</summary>
    /// <remarks>Equality is the synthesized record equality: the function is compared as a delegate (same target and method), so two rules built from separately created closures differ.</remarks>
    public sealed record ComputedRule : HolidayRule
    {
        internal ComputedRule(string name, Func<int, LocalDate?> dateForYear, int? firstYear, int? lastYear)
            : base(name, firstYear, lastYear)
        {
            DateForYear = Guard.NotNull(dateForYear);
        }

        /// <summary>The function giving the date in a rule year, or null.</summary>
        public Func<int, LocalDate?> DateForYear { get; }

        private protected override LocalDate? ComputeDate(int year) => DateForYear(year);
    }
}
