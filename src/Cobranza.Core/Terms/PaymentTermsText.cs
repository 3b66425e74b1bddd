using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Cobranza.Core.Discounts;

namespace Cobranza.Core.Terms;

/// <summary>
/// The payment terms of one invoice as a sentence for a person, in Spanish or English, with the exact dates and
/// amounts of its schedule: <c>50 % (605,00 €) vence el 15/01/2027; 50 % (605,00 €) vence el 15/02/2027. Descuento
/// del 2 % (24,20 €) si paga hasta el 25/12/2026.</c>
/// </summary>
/// <remarks>
/// <para>One clause per portion in the order of the terms: its share (percent rounded to two decimals for display;
/// the amount is exact), its amount and its due date. A single portion is just its amount and date. A fixed-amount
/// portion shows its amount only; the balance portion shows the percent it leaves, or "resto"/"balance" when fixed
/// amounts make that percent meaningless.</para>
/// <para>Then one sentence per discount window: portions whose tiers have the same percent (or amount) and the same
/// last day are grouped and their discount amounts added (a percent offer's amounts are an allocation of the offer
/// rounded once, see <see cref="PaymentSchedule.Create"/>, so "2 %" over 12.100,00 € says 242,00 €); when a window does not cover every portion the sentence
/// names the portions (numbered from 1). The last day is included: "hasta el" / "by".</para>
/// </remarks>
public static class PaymentTermsText
{
    /// <summary>Describes a schedule.</summary>
    /// <param name="schedule">The schedule of an invoice.</param>
    /// <param name="language">The language.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not defined.</exception>
    public static string Describe(PaymentSchedule schedule, Language language)
    {
        Guard.NotNull(schedule);
        TextFormat.Culture(language);
        bool es = Language.IsSpanishText(language);
        var portions = schedule.Portions;
        var text = new StringBuilder();
        bool hasFixed = portions.Any(p => p.Portion.Share is AmountShare);
        decimal percents = portions.Sum(p => p.Portion.Share is PercentShare s ? s.Percent : 0m);
        for (int i = 0; i < portions.Count; i++)
        {
            var p = portions[i];
            if (i > 0)
            {
                text.Append("; ");
            }

            string amount = TextFormat.Money(p.Amount, language);
            string share = portions.Count == 1
                ? amount
                : p.Portion.Share switch
                {
                    PercentShare s => $"{DisplayPercent(s.Percent, language)} ({amount})",
                    BalanceShare when !hasFixed => $"{DisplayPercent(100m - percents, language)} ({amount})",
                    BalanceShare => es ? $"resto ({amount})" : $"balance ({amount})",
                    _ => amount,
                };
            string date = TextFormat.Date(p.DueDate, language);
            text.Append(es ? $"{share} vence el {date}" : $"{share} due {date}");
        }

        text.Append('.');
        foreach (var group in DiscountGroups(portions))
        {
            var tier = group.Group.Tier;
            string total = TextFormat.Money(group.Total, language);
            string what = tier.ValueKind == DiscountValueKind.Percent
                ? (es ? $"Descuento del {TextFormat.Percent(tier.Percent, language)} ({total})" : $"{TextFormat.Percent(tier.Percent, language)} discount ({total})")
                : (es ? $"Descuento de {total}" : $"Discount of {total}");
            string on = group.Portions.Count == portions.Count
                ? string.Empty
                : es
                    ? (group.Portions.Count == 1 ? " sobre la fracción " : " sobre las fracciones ") + List(group.Portions, "y")
                    : (group.Portions.Count == 1 ? " on portion " : " on portions ") + List(group.Portions, "and");
            string date = TextFormat.Date(group.Group.LastDate, language);
            text.Append(es ? $" {what}{on} si paga hasta el {date}." : $" {what}{on} if paid by {date}.");
        }

        return text.ToString();
    }

    /// <summary>
    /// A due-date rule in words: "a 30 días, día 10 del mes siguiente" / "30 days, then the 10th of the following
    /// month"; "fin de mes + 45 días" / "end of month + 45 days"; "el próximo día 10" / "the next 10th of a month".
    /// Compositions without a usual phrase list their steps ("+ 2 meses, fin de mes, + 10 días").
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <param name="language">The language.</param>
    /// <returns>The words.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="rule"/> is null.</exception>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="language"/> is not defined.</exception>
    public static string DescribeRule(DueDateRule rule, Language language)
    {
        Guard.NotNull(rule);
        TextFormat.Culture(language);
        return RuleText.Describe(rule, Language.IsSpanishText(language));
    }

    /// <summary>
    /// Each portion's rule in words with its exact due date: "a 30 días, día 10 del mes siguiente: vence el 10/03/2026."
    /// / "30 days, then the 10th of the following month: due 10 Mar 2026."; with several portions each clause starts
    /// with its share ("50 %, a 30 días: vence el …; 50 %, …").
    /// </summary>
    /// <remarks>The date is the schedule's due date, after the customer's payment days, excluded periods and the
    /// business-day adjustment; when those moved it, the rule's own date follows in brackets ("(regla: 08/03/2026)" /
    /// "(rule: 8 Mar 2026)").</remarks>
    /// <param name="schedule">The schedule.</param>
    /// <param name="language">The language.</param>
    /// <returns>The text.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="language"/> is not defined.</exception>
    public static string DescribeDueDates(PaymentSchedule schedule, Language language)
    {
        Guard.NotNull(schedule);
        TextFormat.Culture(language);
        bool es = Language.IsSpanishText(language);
        var clauses = schedule.Portions.Select(p =>
        {
            string share = schedule.Portions.Count == 1
                ? string.Empty
                : (p.Portion.Share is PercentShare s ? DisplayPercent(s.Percent, language) : TextFormat.Money(p.Amount, language)) + ", ";
            string moved = p.DueDate == p.RuleDate
                ? string.Empty
                : es ? $" (regla: {TextFormat.Date(p.RuleDate, language)})" : $" (rule: {TextFormat.Date(p.RuleDate, language)})";
            string rule = RuleText.Describe(p.Portion.Rule, es);
            string date = TextFormat.Date(p.DueDate, language);
            return es ? $"{share}{rule}: vence el {date}{moved}" : $"{share}{rule}: due {date}{moved}";
        });
        return string.Join("; ", clauses) + ".";
    }

    private static string DisplayPercent(decimal percent, Language language)
        => TextFormat.Percent(decimal.Round(percent, 2, MidpointRounding.AwayFromZero), language);

    private static string List(List<int> numbers, string and)
    {
        var shown = numbers.Select(n => (n + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        return shown.Length == 1 ? shown[0] : string.Join(", ", shown[..^1]) + " " + and + " " + shown[^1];
    }

    private static List<(DiscountWindowGroup Group, Money Total, List<int> Portions)> DiscountGroups(IReadOnlyList<ScheduledPortion> portions)
    {
        var windows = new ScheduledDiscount[portions.Count][];
        for (int i = 0; i < windows.Length; i++)
        {
            windows[i] = portions[i].DiscountSpan.ToArray();
        }

        var groups = new List<(DiscountWindowGroup Group, Money Total, List<int> Portions)>();
        foreach (var group in DiscountWindowGroup.Build(windows))
        {
            var (first, tier) = group.Members[0];
            var total = windows[first][tier].Amount;
            var members = new List<int>(group.Members.Count) { first };
            for (int k = 1; k < group.Members.Count; k++)
            {
                var (p, t) = group.Members[k];
                total += windows[p][t].Amount;
                members.Add(p);
            }

            groups.Add((group, total, members));
        }

        return groups.OrderBy(g => g.Group.LastDate).ThenBy(g => g.Portions[0]).ToList();
    }
}
