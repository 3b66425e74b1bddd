using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Cobranza.Core.Terms;

/// <summary>A due-date rule in words (Spanish or English), for <see cref="PaymentTermsText.DescribeRule"/>.</summary>
internal static class RuleText
{
    internal static string Describe(DueDateRule rule, bool es) => rule switch
    {
        BusinessDaysRule b => es
            ? $"a {Days(b.Days, es)} hábiles (calendario {b.CalendarId})"
            : $"{b.Days.ToString(CultureInfo.InvariantCulture)} business day{(b.Days == 1 ? string.Empty : "s")} ({b.CalendarId} calendar)",
        CutOffDayRule c => es
            ? $"emitidas hasta el día {N(c.CutOffDay)}: {DayOfMonthsLater(c.DayUpToCutOff, c.MonthsUpToCutOff, es)}; después: {DayOfMonthsLater(c.DayAfterCutOff, c.MonthsAfterCutOff, es)}"
            : $"dated up to the {Ordinal(c.CutOffDay)}: {DayOfMonthsLater(c.DayUpToCutOff, c.MonthsUpToCutOff, es)}; later: {DayOfMonthsLater(c.DayAfterCutOff, c.MonthsAfterCutOff, es)}",
        _ => Steps(rule.Steps!, es),
    };

    private static string Steps(IReadOnlyList<DueDateStep> s, bool es)
    {
        static bool Is(DueDateStep step, DueDateStepKind kind) => step.Kind == kind;
        switch (s.Count)
        {
            case 0:
                return es ? "al contado" : "immediately";
            case 1 when Is(s[0], DueDateStepKind.AddDays):
                return es ? $"a {Days(s[0].Value, es)}" : Days(s[0].Value, es);
            case 1 when Is(s[0], DueDateStepKind.AddMonths):
                return es ? $"a {Months(s[0].Value, es)}" : Months(s[0].Value, es);
            case 1 when Is(s[0], DueDateStepKind.NextDayOfMonth):
                return es ? $"el próximo día {N(s[0].Value)}" : $"the next {Ordinal(s[0].Value)} of a month";
            case 2 when Is(s[0], DueDateStepKind.EndOfMonth) && Is(s[1], DueDateStepKind.AddDays):
                return s[1].Value == 0 ? (es ? "fin de mes" : "end of month") : es ? $"fin de mes + {Days(s[1].Value, es)}" : $"end of month + {Days(s[1].Value, es)}";
            case 2 when Is(s[0], DueDateStepKind.AddDays) && Is(s[1], DueDateStepKind.EndOfMonth):
                return es ? $"a {Days(s[0].Value, es)}, fin de mes" : $"{Days(s[0].Value, es)}, end of month";
            case 2 when Is(s[0], DueDateStepKind.AddMonths) && Is(s[1], DueDateStepKind.DayOfMonth):
                return DayOfMonthsLater(s[1].Value, s[0].Value, es);
            case 2 when Is(s[0], DueDateStepKind.AddDays) && Is(s[1], DueDateStepKind.NextDayOfMonth):
                return es ? $"a {Days(s[0].Value, es)}, el próximo día {N(s[1].Value)}" : $"{Days(s[0].Value, es)}, then the next {Ordinal(s[1].Value)} of a month";
            case 3 when Is(s[0], DueDateStepKind.AddDays) && Is(s[1], DueDateStepKind.AddMonths) && Is(s[2], DueDateStepKind.DayOfMonth):
                return es
                    ? $"a {Days(s[0].Value, es)}, {DayOfMonthsLater(s[2].Value, s[1].Value, es)}"
                    : $"{Days(s[0].Value, es)}, then {DayOfMonthsLater(s[2].Value, s[1].Value, es)}";
            case 3 when Is(s[0], DueDateStepKind.AddMonths) && Is(s[1], DueDateStepKind.EndOfMonth) && Is(s[2], DueDateStepKind.AddDays) && s[0].Value == 1:
                return es ? $"fin del mes siguiente + {Days(s[2].Value, es)}" : $"end of the following month + {Days(s[2].Value, es)}";
            default:
                return string.Join(", ", s.Select(step => Step(step, es)));
        }
    }

    private static string Step(DueDateStep step, bool es) => step.Kind switch
    {
        DueDateStepKind.AddDays => "+ " + Days(step.Value, es),
        DueDateStepKind.AddMonths => "+ " + Months(step.Value, es),
        DueDateStepKind.EndOfMonth => es ? "fin de mes" : "end of month",
        DueDateStepKind.DayOfMonth => es ? $"día {N(step.Value)}" : $"the {Ordinal(step.Value)}",
        _ => es ? $"próximo día {N(step.Value)}" : $"the next {Ordinal(step.Value)}",
    };

    private static string DayOfMonthsLater(int day, int months, bool es) => months == 1
        ? (es ? $"día {N(day)} del mes siguiente" : $"the {Ordinal(day)} of the following month")
        : (es ? $"día {N(day)} del mes {N(months)} meses después" : $"the {Ordinal(day)} of the month {N(months)} months later");

    private static string Days(int n, bool es) => N(n) + (es ? (n == 1 ? " día" : " días") : (n == 1 ? " day" : " days"));

    private static string Months(int n, bool es) => N(n) + (es ? (n == 1 ? " mes" : " meses") : (n == 1 ? " month" : " months"));

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => N(n) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
