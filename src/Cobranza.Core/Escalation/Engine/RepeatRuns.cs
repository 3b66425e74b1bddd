// The days of a stage's runs (docs/escalation.md, "Calendar months and repeats until paid"): run k (the first is 1) falls
// on the trigger date + (k − 1) × Every days, or LocalDate.PlusMonths((k − 1) × Every) from the trigger date, so each run
// is clamped on its own (31 Jan, 28 Feb, 31 Mar) and never drifts to the shortest month's day.
using Cobranza.Core.Calendars;

namespace Cobranza.Core.Escalation;

/// <summary>Day numbers of the runs of a repeating stage.</summary>
internal static class RepeatRuns
{
    /// <summary>The day of run <paramref name="k"/> (the first is 1) of a stage triggered on <paramref name="t"/>.</summary>
    internal static int RunDay(StageRepetition r, int t, int k)
    {
        long steps = (long)(k - 1) * r.Every;
        if (r.Period == RepeatPeriod.Days)
        {
            long day = t + steps;
            return day <= DayNumbers.Max ? (int)day : DayNumbers.Of(DayNumbers.ToDate(t).PlusDays(checked((int)steps))); // out of range: NodaTime's exception
        }

        return DayNumbers.Of(DayNumbers.ToDate(t).PlusMonths(checked((int)steps)));
    }

    /// <summary>How many runs of a stage triggered on <paramref name="t"/> fall on or before <paramref name="until"/> (≥ <paramref name="t"/>).</summary>
    internal static int RunsThrough(StageRepetition r, int t, int until)
    {
        if (r.Period == RepeatPeriod.Days)
        {
            return 1 + ((until - t) / r.Every);
        }

        DayNumbers.ToCivil(t, out int y1, out int m1, out _);
        DayNumbers.ToCivil(until, out int y2, out int m2, out _);
        int months = ((y2 - y1) * 12) + (m2 - m1);
        int k = (months / r.Every) + 1;
        return RunDay(r, t, k) <= until ? k : k - 1; // the same month as until, but a later day of it
    }
}
