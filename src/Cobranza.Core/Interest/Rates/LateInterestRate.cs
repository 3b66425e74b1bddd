using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;
using static Cobranza.Core.Interest.ReferenceRateLookup;

namespace Cobranza.Core.Interest;

/// <summary>
/// The definition of a late-payment interest rate: a fixed annual rate, a reference rate (× multiplier) + spread with
/// a fixing rule, a published or host rate table, or any of these capped by a ceiling. A definition
/// <see cref="Resolve"/>s into the concrete <see cref="RateSchedule"/> for the days a debt is late.
/// </summary>
/// <remarks>
/// <para>Immutable and validated at construction. Rates, spreads and caps are annual fractions (<c>0.08m</c> = 8 points).</para>
/// <example>
/// Germany, B2B (§288(2) BGB: base rate + 9 points), for a debt late from 2016-07-01 to 2016-12-31:
/// <code>
/// var rate = LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, 0.09m, RateFixing.AsPublished);
/// RateSchedule schedule = rate.Resolve(new LocalDate(2016, 7, 1), new LocalDate(2016, 12, 31));
/// // one period [2016-07-01, 2017-01-01) at 0.0812 (-0.88 % + 9 points)
/// </code>
/// </example>
/// </remarks>
public abstract record LateInterestRate
{
    private protected LateInterestRate()
    {
    }

    /// <summary>A fixed annual rate (contractual, or statutory like Mexico's 6 %).</summary>
    /// <param name="annualRate">The annual rate as a fraction, between -1 and 10 (-100 % to 1,000 %).</param>
    /// <param name="source">Where the rate comes from, e.g. <c>"Contract clause 7"</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="annualRate"/> is out of bounds.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or empty.</exception>
    public static LateInterestRate Fixed(decimal annualRate, string source) => new FixedRate(annualRate, source);

    /// <summary>A reference rate plus a spread, fixed by <paramref name="fixing"/>: <c>rate = reference + spread</c>.</summary>
    /// <param name="tableId">The reference table, built in (<see cref="ReferenceRateTables"/>) or supplied by the host.</param>
    /// <param name="spread">The spread as a fraction (<c>0.08m</c> = 8 points); between -1 and 10.</param>
    /// <param name="fixing">Which table value applies to which days.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateInterestRate ReferencePlusSpread(string tableId, decimal spread, RateFixing fixing)
        => new ReferenceBasedRate(tableId, fixing, 1m, spread);

    /// <summary>A multiple of a reference rate, fixed by <paramref name="fixing"/>: <c>rate = multiplier × reference</c> (Colombia: usury rate = 1.5 × interés bancario corriente).</summary>
    /// <param name="tableId">The reference table.</param>
    /// <param name="multiplier">The multiplier, greater than 0 and at most 100.</param>
    /// <param name="fixing">Which table value applies to which days.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateInterestRate ReferenceMultiple(string tableId, decimal multiplier, RateFixing fixing)
        => new ReferenceBasedRate(tableId, fixing, multiplier, 0m);

    /// <summary>
    /// The values of a published rate table, used as they are: Spain's half-year statutory table, or a table the host
    /// supplies through <see cref="IReferenceRateProvider"/> under its own id.
    /// </summary>
    /// <param name="tableId">The table, built in or supplied by the host.</param>
    /// <param name="fixing">Which table value applies to which days; default <see cref="RateFixing.AsPublished"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateInterestRate Table(string tableId, RateFixing fixing = RateFixing.AsPublished)
        => new ReferenceBasedRate(tableId, fixing, 1m, 0m);

    /// <summary>
    /// This rate capped by a ceiling: on every day the applied rate is <c>min(this, cap)</c>, and
    /// <see cref="RatePeriod.Capped"/> records the days where the ceiling bit (with the rate it replaced).
    /// </summary>
    /// <param name="cap">The ceiling, e.g. the Colombian usury rate.</param>
    /// <returns>The capped definition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cap"/> is null.</exception>
    public LateInterestRate CappedAt(LateInterestRate cap) => new CappedRate(this, cap);

    /// <summary>
    /// This rate rounded to <paramref name="percentDecimals"/> decimals of a percent on every day, as an authority
    /// announces it: the Colombian usury rate 1.5 × 16.59 % = 24.885 % is announced as 24.89 %.
    /// </summary>
    /// <param name="percentDecimals">Decimals of the percent, 0 to 10 (2: 24.885 % → 24.89 %).</param>
    /// <param name="mode">The midpoint rule; default <see cref="MidpointRounding.AwayFromZero"/>.</param>
    /// <returns>The rounded definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public LateInterestRate RoundedToPercent(int percentDecimals, MidpointRounding mode = MidpointRounding.AwayFromZero)
        => new RoundedRate(this, percentDecimals, mode);

    /// <summary>
    /// This rate with a floor: on every day the applied rate is <c>max(this, floor)</c>; where the floor lifts the
    /// rate, the period's <see cref="RatePeriod.Source"/> says so and names the rate it replaced (France: an agreed
    /// penalty rate may not be below 3 × the taux d'intérêt légal, Code de commerce L441-10 II).
    /// </summary>
    /// <param name="floor">The floor.</param>
    /// <returns>The floored definition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="floor"/> is null.</exception>
    public LateInterestRate FlooredAt(LateInterestRate floor) => new FlooredRate(this, floor);

    /// <summary>
    /// One definition before a date and another from that date on: days before <paramref name="switchDate"/> resolve
    /// with <paramref name="before"/>, days from it with <paramref name="from"/>. For a regime whose reference source
    /// changes over time, e.g. Italy before D.Lgs. 192/2012: the published half-year table while the ECB held
    /// variable-rate tenders, the ECB fixed rate + 7 points from 2009.
    /// </summary>
    /// <param name="before">The definition for the days before <paramref name="switchDate"/>.</param>
    /// <param name="switchDate">The first day <paramref name="from"/> applies (ISO calendar).</param>
    /// <param name="from">The definition from <paramref name="switchDate"/> on.</param>
    /// <returns>The switched definition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="before"/> or <paramref name="from"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="switchDate"/> is not in the ISO calendar.</exception>
    public static LateInterestRate Switch(LateInterestRate before, LocalDate switchDate, LateInterestRate from)
        => new SwitchedRate(before, switchDate, from);

    /// <summary>
    /// Resolves the definition into the rates that apply from <paramref name="firstLateDay"/> to
    /// <paramref name="lastDay"/>, both inclusive: a contiguous <see cref="RateSchedule"/> whose first period starts
    /// on <paramref name="firstLateDay"/> and whose last period ends (exclusive) on the day after
    /// <paramref name="lastDay"/>. Each period names its source and how well it is verified.
    /// </summary>
    /// <param name="firstLateDay">The first day interest runs (for the UK rule, the day statutory interest starts to run).</param>
    /// <param name="lastDay">The last day interest is computed for; not before <paramref name="firstLateDay"/>.</param>
    /// <param name="host">The host's rates, asked before the built-in tables; optional.</param>
    /// <param name="missingRates">
    /// What to do when a reference value is not loaded yet: <see cref="MissingRatePolicy.Fail"/> (the default) throws;
    /// <see cref="MissingRatePolicy.CarryForwardProvisional"/> carries the table's last known value forward and marks
    /// the periods that use it <see cref="RatePeriod.Provisional"/>.
    /// </param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastDay"/> is before <paramref name="firstLateDay"/>, or a resolved rate is out of bounds.</exception>
    /// <exception cref="ReferenceRateUnavailableException">
    /// A needed rate is covered neither by the host nor by the built-in table; the message names the table, the date,
    /// the last covered date, the missing period, the official source and the row to add. A stale value is never
    /// carried forward, unless <paramref name="missingRates"/> asks for provisional figures (and even then not when
    /// the table has no value before the date).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="missingRates"/> is not defined.</exception>
    public RateSchedule Resolve(LocalDate firstLateDay, LocalDate lastDay, IReferenceRateProvider? host = null, MissingRatePolicy missingRates = MissingRatePolicy.Fail)
    {
        if (!Enum.IsDefined(missingRates))
        {
            throw new ArgumentOutOfRangeException(nameof(missingRates), missingRates, $"missingRates must be a defined MissingRatePolicy (was {(int)missingRates}).");
        }

        if (missingRates == MissingRatePolicy.CarryForwardProvisional)
        {
            host = new ProvisionalRateProvider(host);
        }

        if (lastDay < firstLateDay)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDay), lastDay, $"lastDay must not be before firstLateDay {Iso(firstLateDay)} (was {Iso(lastDay)}).");
        }

        var segments = new List<Segment>(1); // usually one period (a late run within one half-year): no room for more up front
        AddSegments(firstLateDay, lastDay, host, segments);
        var periods = new RatePeriod[segments.Count];
        for (int i = 0; i < periods.Length; i++)
        {
            Segment s = segments[i];
            periods[i] = RatePeriod.WithSource(s.Start, s.Last.PlusDays(1), s.Rate, s.Source, s.Capped, s.Capped ? s.UncappedRate : null) with { Provisional = s.Provisional, CarriedForward = s.Carried };
        }

        return RateSchedule.CreateOwned(periods); // the array is the schedule's: no copy
    }

    /// <summary>Appends contiguous segments partitioning <c>[first, last]</c> (both inclusive).</summary>
    internal abstract void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments);

    /// <summary>
    /// A resolved piece: <c>[Start, Last]</c> inclusive. <see cref="Source"/> is the text, or a
    /// <see cref="ReferenceBasedRate.DeferredSource"/> whose <c>ToString()</c> writes it (what an interpolation of it
    /// writes too): the period keeps it and writes the text when asked (<see cref="RatePeriod.Source"/>).
    /// </summary>
    internal readonly record struct Segment(LocalDate Start, LocalDate Last, decimal Rate, object Source, bool Capped, decimal UncappedRate, bool Provisional = false, CarriedReferenceRate? Carried = null);

    /// <summary>
    /// Walks the segments of two rates over <c>[first, last]</c> together and adds, for each run of days where neither
    /// changes, the segment <paramref name="pick"/> makes of the pair (a cap, a floor: <c>pick(day, end, left, right)</c>).
    /// </summary>
    private static void AddPairwise(
        LateInterestRate left, LateInterestRate right, LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments, Func<LocalDate, LocalDate, Segment, Segment, Segment> pick)
    {
        var lefts = new List<Segment>();
        var rights = new List<Segment>();
        left.AddSegments(first, last, host, lefts);
        right.AddSegments(first, last, host, rights);
        int l = 0, r = 0;
        LocalDate day = first;
        while (true)
        {
            Segment sl = lefts[l], sr = rights[r];
            LocalDate end = sl.Last < sr.Last ? sl.Last : sr.Last;
            segments.Add(pick(day, end, sl, sr));
            if (end == last)
            {
                break;
            }

            if (sl.Last == end)
            {
                l++;
            }

            if (sr.Last == end)
            {
                r++;
            }

            day = end.PlusDays(1);
        }
    }

    /// <summary>A fixed annual rate.</summary>
    public sealed record FixedRate : LateInterestRate
    {
        internal FixedRate(decimal annualRate, string source)
        {
            if (annualRate < RatePeriod.MinimumRate || annualRate > RatePeriod.MaximumRate)
            {
                throw new ArgumentOutOfRangeException(nameof(annualRate), annualRate, $"annualRate must be between -1 and 10 (-100 % to 1,000 % a year, as a fraction) (was {annualRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }

            AnnualRate = annualRate;
            Source = Guard.NotNullOrWhiteSpace(source);
        }

        /// <summary>The annual rate as a fraction.</summary>
        public decimal AnnualRate { get; }

        /// <summary>Where the rate comes from.</summary>
        public string Source { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
            => segments.Add(new Segment(first, last, AnnualRate, Source, false, AnnualRate));
    }

    /// <summary>A rate derived from a table: <c>Multiplier × table value + Spread</c>, with a fixing rule.</summary>
    public sealed record ReferenceBasedRate : LateInterestRate
    {
        internal ReferenceBasedRate(string tableId, RateFixing fixing, decimal multiplier, decimal spread)
        {
            TableId = Guard.NotNullOrWhiteSpace(tableId);
            if (!Enum.IsDefined(fixing))
            {
                throw new ArgumentOutOfRangeException(nameof(fixing), fixing, $"fixing must be a defined RateFixing (was {(int)fixing}).");
            }

            if (multiplier <= 0m || multiplier > 100m)
            {
                throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"multiplier must be greater than 0 and at most 100 (was {multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }

            if (spread < RatePeriod.MinimumRate || spread > RatePeriod.MaximumRate)
            {
                throw new ArgumentOutOfRangeException(nameof(spread), spread, $"spread must be between -1 and 10 (a fraction: 0.08 is 8 points) (was {spread.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }

            Fixing = fixing;
            Multiplier = multiplier;
            Spread = spread;
        }

        /// <summary>The table id.</summary>
        public string TableId { get; }

        /// <summary>Which table value applies to which days.</summary>
        public RateFixing Fixing { get; }

        /// <summary>The multiplier applied to the table value (1 unless a multiple, e.g. 1.5 for the Colombian usury rate).</summary>
        public decimal Multiplier { get; }

        /// <summary>The spread added, as a fraction (<c>0.08m</c> = 8 points).</summary>
        public decimal Spread { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
        {
            switch (Fixing)
            {
                case RateFixing.AsPublished:
                    for (LocalDate day = first; day <= last;)
                    {
                        ReferenceRate value = Get(TableId, day, host);
                        LocalDate end = value.End is { } e && e < last ? e : last;
                        segments.Add(Make(day, end, value, day, "from"));
                        if (end == last)
                        {
                            break;
                        }

                        day = end.PlusDays(1);
                    }

                    break;

                case RateFixing.FixedAtPrecedingHalfYearEnd:
                {
                    LocalDate fixingDate = first.Month <= 6 ? new LocalDate(first.Year - 1, 12, 31) : new LocalDate(first.Year, 6, 30);
                    segments.Add(Make(first, last, Get(TableId, fixingDate, host), fixingDate, "in force on"));
                    break;
                }

                default:
                    for (LocalDate periodStart = PeriodStart(first); periodStart <= last;)
                    {
                        LocalDate next = Fixing == RateFixing.MonthlyInForceOnFirstDay ? periodStart.PlusMonths(1) : periodStart.PlusMonths(6);
                        LocalDate fixingDate = Fixing == RateFixing.HalfYearLastBeforeStart ? periodStart.PlusDays(-1) : periodStart;
                        LocalDate start = periodStart < first ? first : periodStart;
                        LocalDate end = next.PlusDays(-1) < last ? next.PlusDays(-1) : last;
                        segments.Add(Make(start, end, Get(TableId, fixingDate, host), fixingDate, "in force on"));
                        periodStart = next;
                    }

                    break;
            }
        }

        /// <summary>
        /// The source of a segment: <c>[{multiplier} × ]{table} {percent} {relation} {date}[ ± {spread} points] = {percent} [{source}; {verification}]</c>,
        /// the text the plain concatenation of <see cref="ReferenceRateLookup.Percent"/>, <see cref="ReferenceRateLookup.Iso"/> and
        /// <see cref="ReferenceRateLookup.Verification"/> gives (<c>RateSourceTextProperties</c> compares them).
        /// </summary>
        internal static string SourceText(decimal multiplier, string tableId, ReferenceRate value, LocalDate fixingDate, string relation, decimal spread, decimal rate)
        {
            // Written in one buffer, without the intermediate strings of the concatenation.
            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
            if (multiplier != 1m)
            {
                text.AppendFormatted(multiplier);
                text.AppendLiteral(" × ");
            }

            text.AppendFormatted(tableId);
            text.AppendLiteral(" ");
            AppendPercentNumber(ref text, value.Rate);
            text.AppendLiteral(" % ");
            text.AppendFormatted(relation);
            text.AppendLiteral(" ");
            text.AppendFormatted(fixingDate, "uuuu-MM-dd");
            if (spread != 0m)
            {
                text.AppendLiteral(spread > 0m ? " + " : " - ");
                AppendPercentNumber(ref text, Math.Abs(spread));
                text.AppendLiteral(" points");
            }

            text.AppendLiteral(" = ");
            AppendPercentNumber(ref text, rate);
            text.AppendLiteral(" % [");
            text.AppendFormatted(value.Source);
            text.AppendLiteral("; ");
            text.AppendFormatted(Verification(value.Verification));
            text.AppendLiteral("]");
            return text.ToStringAndClear();
        }

        /// <summary>The number <see cref="ReferenceRateLookup.Percent"/> writes before its " %".</summary>
        private static void AppendPercentNumber(ref DefaultInterpolatedStringHandler text, decimal fraction)
            => text.AppendFormatted(fraction * 100m, "0.######");

        private LocalDate PeriodStart(LocalDate date) => Fixing == RateFixing.MonthlyInForceOnFirstDay
            ? new LocalDate(date.Year, date.Month, 1)
            : new LocalDate(date.Year, date.Month <= 6 ? 1 : 7, 1);

        private Segment Make(LocalDate start, LocalDate end, ReferenceRate value, LocalDate fixingDate, string relation)
        {
            decimal rate = (Multiplier * value.Rate) + Spread;

            // The text is written when someone reads it (a statement, a message), not on every accrual that only needs the figure.
            var source = new DeferredSource(Multiplier, TableId, value, fixingDate, relation, Spread, rate);
            return new Segment(start, end, rate, source, false, rate, value.Provisional, value.CarriedForward);
        }

        /// <summary>
        /// The source of a segment, kept as its parts (all immutable) and written by <see cref="SourceText"/> when read:
        /// <see cref="ToString"/> returns the same text every time (invariant culture), so a period holding it reads and
        /// compares as one holding the string (decision 0003; <c>RateSourceTextProperties</c>).
        /// </summary>
        internal sealed class DeferredSource(decimal multiplier, string tableId, ReferenceRate value, LocalDate fixingDate, string relation, decimal spread, decimal rate)
        {
            /// <summary>The text: <see cref="SourceText"/> of the parts.</summary>
            /// <returns>The source text.</returns>
            public override string ToString() => SourceText(multiplier, tableId, value, fixingDate, relation, spread, rate);
        }
    }

    /// <summary>A rate rounded to a number of decimals of a percent, as an authority announces it (e.g. the Colombian usury rate 1.5 × 16.59 % = 24.885 %, announced as 24.89 %).</summary>
    public sealed record RoundedRate : LateInterestRate
    {
        internal RoundedRate(LateInterestRate inner, int percentDecimals, MidpointRounding mode)
        {
            Inner = Guard.NotNull(inner);
            PercentDecimals = Guard.InRange(percentDecimals, 0, 10, nameof(percentDecimals));
            Mode = Enum.IsDefined(mode) ? mode : throw new ArgumentOutOfRangeException(nameof(mode), mode, $"mode must be a defined MidpointRounding (was {(int)mode}).");
        }

        /// <summary>The rate rounded.</summary>
        public LateInterestRate Inner { get; }

        /// <summary>Decimals of the percent kept (2: 24.885 % → 24.89 %).</summary>
        public int PercentDecimals { get; }

        /// <summary>The midpoint rule.</summary>
        public MidpointRounding Mode { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
        {
            int from = segments.Count;
            Inner.AddSegments(first, last, host, segments);
            for (int i = from; i < segments.Count; i++)
            {
                Segment s = segments[i];
                decimal rate = Math.Round(s.Rate * 100m, PercentDecimals, Mode) / 100m;
                decimal uncapped = Math.Round(s.UncappedRate * 100m, PercentDecimals, Mode) / 100m;
                bool capped = s.Capped && uncapped > rate;
                segments[i] = s with
                {
                    Rate = rate,
                    UncappedRate = capped ? uncapped : rate,
                    Capped = capped,
                    Source = rate == s.Rate ? s.Source : $"{Percent(s.Rate)} rounded to {Percent(rate)} ({PercentDecimals} decimals, as announced): {s.Source}",
                };
            }
        }
    }

    /// <summary>A rate with a floor: the applied rate is <c>max(Agreed, Floor)</c> on every day.</summary>
    public sealed record FlooredRate : LateInterestRate
    {
        internal FlooredRate(LateInterestRate agreed, LateInterestRate floor)
        {
            Agreed = Guard.NotNull(agreed);
            Floor = Guard.NotNull(floor);
        }

        /// <summary>The agreed rate.</summary>
        public LateInterestRate Agreed { get; }

        /// <summary>The floor.</summary>
        public LateInterestRate Floor { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
            => AddPairwise(Agreed, Floor, first, last, host, segments, static (day, end, sa, sf) => sf.Rate > sa.Rate
                ? new Segment(day, end, sf.Rate, $"floor {sf.Source}; replaces {Percent(sa.Rate)}: {sa.Source}", false, sf.Rate, sa.Provisional || sf.Provisional, sa.Carried ?? sf.Carried)
                : new Segment(day, end, sa.Rate, sa.Source, sa.Capped, sa.UncappedRate, sa.Provisional || sf.Provisional, sa.Carried ?? sf.Carried));
    }

    /// <summary>One definition before <see cref="SwitchDate"/>, another from it on.</summary>
    public sealed record SwitchedRate : LateInterestRate
    {
        internal SwitchedRate(LateInterestRate before, LocalDate switchDate, LateInterestRate from)
        {
            Before = Guard.NotNull(before);
            if (!ReferenceEquals(switchDate.Calendar, CalendarSystem.Iso))
            {
                throw new ArgumentException($"switchDate must be a date in the ISO calendar (was {switchDate} in {switchDate.Calendar.Id}).", nameof(switchDate));
            }

            SwitchDate = switchDate;
            From = Guard.NotNull(from);
        }

        /// <summary>The definition for the days before <see cref="SwitchDate"/>.</summary>
        public LateInterestRate Before { get; }

        /// <summary>The first day <see cref="From"/> applies.</summary>
        public LocalDate SwitchDate { get; }

        /// <summary>The definition from <see cref="SwitchDate"/> on.</summary>
        public LateInterestRate From { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
        {
            if (first < SwitchDate)
            {
                LocalDate dayBefore = SwitchDate.PlusDays(-1);
                Before.AddSegments(first, last < dayBefore ? last : dayBefore, host, segments);
            }

            if (last >= SwitchDate)
            {
                From.AddSegments(first > SwitchDate ? first : SwitchDate, last, host, segments);
            }
        }
    }

    /// <summary>A rate capped by a ceiling: the applied rate is <c>min(Agreed, Cap)</c> on every day.</summary>
    public sealed record CappedRate : LateInterestRate
    {
        internal CappedRate(LateInterestRate agreed, LateInterestRate cap)
        {
            Agreed = Guard.NotNull(agreed);
            Cap = Guard.NotNull(cap);
        }

        /// <summary>The agreed (or statutory) rate.</summary>
        public LateInterestRate Agreed { get; }

        /// <summary>The ceiling.</summary>
        public LateInterestRate Cap { get; }

        internal override void AddSegments(LocalDate first, LocalDate last, IReferenceRateProvider? host, List<Segment> segments)
            => AddPairwise(Agreed, Cap, first, last, host, segments, static (day, end, sa, sc) => sc.Rate < sa.Rate
                ? new Segment(day, end, sc.Rate, $"cap {sc.Source}; replaces {Percent(sa.Rate)}: {sa.Source}", true, sa.Capped ? sa.UncappedRate : sa.Rate, sa.Provisional || sc.Provisional, sa.Carried ?? sc.Carried)
                : new Segment(day, end, sa.Rate, sa.Source, sa.Capped, sa.UncappedRate, sa.Provisional || sc.Provisional, sa.Carried ?? sc.Carried));
    }
}
