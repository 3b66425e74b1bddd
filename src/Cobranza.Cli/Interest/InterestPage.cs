using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Interest;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Cli.Interest;

/// <summary>The interest statement as a page: the balance and the accrued interest over time, then the segments.</summary>
internal static class InterestPage
{
    internal static string Render(InterestInput input, InterestStatement statement, Language language)
    {
        var body = new StringBuilder();
        var title = Format.Text(language, "Liquidación de intereses de demora", "Late-payment interest statement");
        body.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n<p class=\"lead\">")
            .Append(Html.Encode(input.Preset.Name + " · " + input.Preset.LegalSource)).Append("</p>\n");
        body.Append("<table class=\"summary\"><tbody>");
        Row(body, Format.Text(language, "Vencimiento", "Due date"), Format.Date(statement.DueDate, language));
        Row(body, Format.Text(language, "Calculado hasta", "Calculated until"), Format.Date(statement.CalculateUntil, language));
        Row(body, Format.Text(language, "Intereses", "Interest"), Format.Money(statement.Interest, language));
        Row(body, Format.Text(language, "Costes", "Fees"), Format.Money(statement.FeesTotal, language));
        Row(body, Format.Text(language, "Total", "Total"), Format.Money(statement.Total, language));
        body.Append("</tbody></table>\n");

        var balance = new List<(LocalDate, decimal)>();
        var accrued = new List<(LocalDate, decimal)>();
        var sum = Money.Zero(statement.Currency);
        foreach (var segment in statement.Segments)
        {
            if (accrued.Count == 0)
            {
                accrued.Add((segment.Start, 0m));
            }

            balance.Add((segment.Start, segment.Balance.Amount));
            balance.Add((segment.LastDay, segment.Balance.Amount));
            sum += segment.Amount;
            accrued.Add((segment.LastDay, sum.Amount));
        }

        string Amount(decimal value) => Format.Money(Money.Of(decimal.Round(value, statement.Currency.MinorUnits), statement.Currency), language);
        string Day(LocalDate date) => Format.Date(date, language);
        body.Append("<h2>").Append(Html.Encode(Format.Text(language, "Saldo vencido", "Overdue balance"))).Append("</h2>\n");
        body.Append(LineChart.Render("balance-chart", Format.Text(language, "Saldo vencido", "Overdue balance"),
            [new ChartSeries("balance", Format.Text(language, "Saldo", "Balance"), "#2563eb", balance, Steps: true)], Amount, Day));
        body.Append("<h2>").Append(Html.Encode(Format.Text(language, "Intereses devengados", "Accrued interest"))).Append("</h2>\n");
        body.Append(LineChart.Render("interest-chart", Format.Text(language, "Intereses devengados", "Accrued interest"),
            [new ChartSeries("accrued-interest", Format.Text(language, "Intereses acumulados", "Accrued interest"), "#d97706", accrued, Steps: false)], Amount, Day));

        body.Append("<h2>").Append(Html.Encode(Format.Text(language, "Tramos", "Segments"))).Append("</h2>\n<table class=\"segments\"><thead><tr>");
        foreach (var header in new[]
                 {
                     Format.Text(language, "Desde", "From"), Format.Text(language, "Hasta", "To"), Format.Text(language, "Días", "Days"),
                     Format.Text(language, "Saldo", "Balance"), Format.Text(language, "Tipo", "Rate"), Format.Text(language, "Importe", "Amount"),
                 })
        {
            body.Append("<th>").Append(Html.Encode(header)).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var segment in statement.Segments)
        {
            body.Append("<tr><td>").Append(Day(segment.Start)).Append("</td><td>").Append(Day(segment.LastDay))
                .Append("</td><td class=\"num\">").Append(segment.Days.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Money(segment.Balance, language)))
                .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Rate(segment.AnnualRate, language)))
                .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Money(segment.Amount, language))).Append("</td></tr>");
        }

        body.Append("</tbody></table>\n");
        return Html.Page(language, title, body.ToString());
    }

    private static void Row(StringBuilder body, string label, string value)
        => body.Append("<tr><th>").Append(Html.Encode(label)).Append("</th><td class=\"num\">").Append(Html.Encode(value)).Append("</td></tr>");
}
