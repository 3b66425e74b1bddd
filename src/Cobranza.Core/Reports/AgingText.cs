using System;
using System.Globalization;
using System.Text;

namespace Cobranza.Core.Reports;

/// <summary>The Spanish and English rendering of an aging report.</summary>
internal static class AgingText
{
    internal static bool IsSpanish(CultureInfo culture, string what)
    {
        Guard.NotNull(culture);
        return culture.TwoLetterISOLanguageName switch
        {
            "es" => true,
            "en" => false,
            _ => throw new ArgumentException(
                $"culture must be a Spanish (es-*) or English (en-*) culture for {what} (was '{culture.Name}').", nameof(culture)),
        };
    }

    /// <summary>A date in the language's one document style (Spanish <c>31/07/2025</c>, English <c>31 Jul 2025</c>).</summary>
    internal static string Date(NodaTime.LocalDate date, bool es)
        => Terms.TextFormat.Date(date, es ? Language.Spanish : Language.English);

    internal static string Render(AgingReport report, CultureInfo culture)
    {
        bool es = IsSpanish(culture, "an aging report");
        bool byDueDate = report.Options.Basis == AgingBasis.DueDate;
        var sb = new StringBuilder(512);
        sb.Append(es ? "## Antigüedad de saldos al " : "## Aging as of ").Append(Date(report.AsOf, es)).Append("\n\n");
        sb.Append(byDueDate
            ? es
                ? "Días vencidos contados desde la fecha de vencimiento: el día del vencimiento es el día 0 (corriente)."
                : "Days past due counted from the due date: the due date is day 0 (current)."
            : es
                ? "Días contados desde la fecha de factura: la fecha de factura es el día 0."
                : "Days counted from the invoice date: the invoice date is day 0.");
        sb.Append('\n');
        if (report.Options.Disputed == DisputedItems.Exclude)
        {
            sb.Append(es ? "Las partidas en disputa no se incluyen.\n" : "Disputed items are not included.\n");
        }

        if (report.Sections.IsEmpty)
        {
            sb.Append('\n').Append(es ? "No hay partidas abiertas.\n" : "No open items.\n");
            return sb.ToString();
        }

        foreach (var section in report.Sections)
        {
            sb.Append("\n### ").Append(section.Currency.Code).Append("\n\n");
            sb.Append(es ? "| Tramo (días) | Partidas | Importe |\n" : "| Bucket (days) | Items | Amount |\n");
            sb.Append("|:--|--:|--:|\n");
            foreach (var line in section.Lines)
            {
                Row(sb, Label(line.Bucket, byDueDate, es), line.Count, line.Amount, culture, bold: false);
            }

            if (section.DisputedHandling == DisputedItems.Separate)
            {
                Row(sb, es ? "En disputa" : "Disputed", section.DisputedCount, section.Disputed, culture, bold: false);
            }

            Row(sb, "Total", section.TotalCount, section.Total, culture, bold: true);
            if (section.DisputedHandling == DisputedItems.Exclude && section.DisputedCount > 0)
            {
                sb.Append('\n')
                  .Append(es ? "Partidas en disputa no incluidas: " : "Disputed items not included: ")
                  .Append(section.DisputedCount.ToString(CultureInfo.InvariantCulture))
                  .Append(" (").Append(section.Disputed.ToString(culture)).Append(").\n");
            }

            if (!section.UnappliedCredit.IsZero)
            {
                sb.Append('\n')
                  .Append(es ? "Cobros no aplicados: " : "Unapplied credit: ").Append(section.UnappliedCredit.ToString(culture))
                  .Append(es ? ". Saldo neto: " : ". Net balance: ").Append(section.NetBalance.ToString(culture)).Append(".\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The label of a bucket: <c>Corriente</c>/<c>Current</c> for the due-date bucket that ends on day 0 with no
    /// lower end; <c>hasta N</c>/<c>up to N</c> for another bucket with no lower end; <c>más de N</c>/<c>over N</c>
    /// for the last bucket (N = its first day − 1); <c>A–B</c> (en dash) or a single day otherwise.
    /// </summary>
    internal static string Label(AgingBucket bucket, bool byDueDate, bool es)
    {
        var inv = CultureInfo.InvariantCulture;
        return (bucket.FromDays, bucket.ToDays) switch
        {
            (null, 0) when byDueDate => es ? "Corriente" : "Current",
            (null, { } to) => (es ? "hasta " : "up to ") + to.ToString(inv),
            ({ } from, null) => (es ? "más de " : "over ") + (from - 1).ToString(inv),
            ({ } from, { } to) when from == to => from.ToString(inv),
            ({ } from, { } to) => from.ToString(inv) + "–" + to.ToString(inv),
            _ => es ? "todos" : "all",
        };
    }

    private static void Row(StringBuilder sb, string label, int count, Money amount, CultureInfo culture, bool bold)
    {
        string b = bold ? "**" : string.Empty;
        sb.Append("| ").Append(b).Append(label).Append(b)
          .Append(" | ").Append(b).Append(count.ToString(CultureInfo.InvariantCulture)).Append(b)
          .Append(" | ").Append(b).Append(amount.ToString(culture)).Append(b)
          .Append(" |\n");
    }
}
