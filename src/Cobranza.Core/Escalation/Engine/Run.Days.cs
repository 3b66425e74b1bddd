// Local days and wake-ups (docs/escalation.md, "NextEvaluationAt").
// Rules: dates are day numbers in the customer's zone; the start of a local day is found by integer arithmetic inside
// the evaluation's zone interval and through NodaTime near a transition; every rule that could change its answer on a
// later day considers that day, and the earliest becomes NextEvaluationAt.
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private void Consider(LocalDate date)
        {
            if (date > Today)
            {
                Consider(DayNumbers.Of(date));
            }
        }

        private void Consider(int day)
        {
            if (day > _todayDay && (!_hasNext || day < _next))
            {
                _next = day;
                _hasNext = true;
            }
        }

        /// <summary><paramref name="day"/> + <paramref name="days"/>; out of NodaTime's range, the same exception as <see cref="LocalDate.PlusDays"/>.</summary>
        private static int PlusDays(int day, int days)
        {
            long result = (long)day + days;
            return result >= DayNumbers.Min && result <= DayNumbers.Max ? (int)result : DayNumbers.Of(DayNumbers.ToDate(day).PlusDays(days));
        }

        /// <summary>The first instant of the day with number <paramref name="day"/> (<see cref="StartOfDay(LocalDate)"/>, no date arithmetic in the common case).</summary>
        private readonly Instant StartOfDay(int day)
        {
            long known = (day * NodaConstants.TicksPerDay) - _offsetTicks;
            if (known >= _safeMidnightFrom && known <= _safeMidnightTo)
            {
                return Instant.FromUnixTimeTicks(known); // midnight lies well inside the offset interval of the evaluation instant: no look-up
            }

            return StartOfDay(DayNumbers.ToDate(day));
        }

        private static int FloorDay(long ticks)
        {
            long day = ticks / NodaConstants.TicksPerDay;
            return (int)(ticks % NodaConstants.TicksPerDay < 0 ? day - 1 : day);
        }

        /// <summary>The instant in ticks, rounded up (interval starts are whole seconds in practice; exact anyway).</summary>
        private static long CeilingTicks(Instant instant)
        {
            long ticks = instant.ToUnixTimeTicks(); // rounded down
            return Instant.FromUnixTimeTicks(ticks) == instant ? ticks : ticks + 1;
        }

        /// <summary>
        /// The first instant of <paramref name="date"/> in the customer's zone, as <see cref="DateTimeZone.AtStartOfDay"/>
        /// gives it, without allocating in the common case (no transition near midnight).
        /// </summary>
        private readonly Instant StartOfDay(LocalDate date)
        {
            var asUtc = date.AtMidnight().InUtc().ToInstant();
            var known = asUtc.Minus(Duration.FromSeconds(_interval.WallOffset.Seconds));
            if ((!_interval.HasStart || known - _interval.Start >= Duration.FromDays(1)) && (!_interval.HasEnd || _interval.End - known >= Duration.FromDays(1)))
            {
                return known; // midnight lies well inside the offset interval of the evaluation instant: no look-up
            }

            var offset = _zone.GetUtcOffset(asUtc);
            var candidate = asUtc.Minus(Duration.FromSeconds(offset.Seconds));
            var interval = _zone.GetZoneInterval(candidate);
            if (interval.WallOffset == offset && (!interval.HasStart || candidate - interval.Start >= Duration.FromDays(1))
                && (!interval.HasEnd || interval.End - candidate >= Duration.FromDays(1)))
            {
                return candidate;
            }

            return _zone.AtStartOfDay(date).ToInstant(); // a transition within a day of midnight: let NodaTime resolve it
        }
    }
}
