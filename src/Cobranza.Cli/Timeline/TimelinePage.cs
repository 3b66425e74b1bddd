using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Cli.Timeline;

/// <summary>
/// The timeline as a self-contained page: a horizontal chart (lanes for due dates, stages, notices, other actions,
/// payments and failed payments, promises, disputes and holds, items excluded from dunning and enforcement off; tone as colour), the balance and interest over time as a line chart, and
/// the notices as the customer would read them (each in a sandboxed frame; the page's content security policy loads
/// nothing from outside).
/// </summary>
internal static class TimelinePage
{
    private const int Width = 1000;
    private const int LabelWidth = 150;
    private const int RightMargin = 20;
    private const int AxisHeight = 30;
    private const int LaneHeight = 36;

    internal static string ToneColour(EscalationTone tone) => tone switch
    {
        EscalationTone.Friendly => "#16a34a",
        EscalationTone.Firm => "#d97706",
        EscalationTone.Final => "#dc2626",
        _ => "#7c3aed",
    };

    internal static string Render(TimelineResult timeline, Language language)
    {
        var file = timeline.File;
        var title = Format.Text(language, $"Cronología de cobro: {file.Customer.DisplayName}", $"Collection timeline: {file.Customer.DisplayName}");
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n<p class=\"lead\">")
            .Append(Html.Encode(Format.Text(language,
                $"Cuenta {file.AccountId} · política {timeline.Policy.Id} v{timeline.Policy.Version} · del {Format.Date(timeline.From, language)} al {Format.Date(timeline.To, language)} · {file.Customer.TimeZone.Id}",
                $"Account {file.AccountId} · policy {timeline.Policy.Id} v{timeline.Policy.Version} · {Format.Date(timeline.From, language)} to {Format.Date(timeline.To, language)} · {file.Customer.TimeZone.Id}")))
            .Append("</p>\n");
        body.Append(Chart(timeline, language));
        body.Append("<div class=\"legend\">");
        foreach (var tone in Enum.GetValues<EscalationTone>())
        {
            body.Append(string.Create(CultureInfo.InvariantCulture, $"<span><i style=\"background:{ToneColour(tone)}\"></i>{tone}</span>"));
        }

        body.Append("</div>\n");

        var currency = file.Currency;
        string Amount(decimal value) => Format.Money(Money.Of(decimal.Round(value, currency.MinorUnits), currency), language);
        string Day(LocalDate date) => Format.Date(date, language);
        body.Append("<h2>").Append(Html.Encode(Format.Text(language, "Saldo e intereses", "Balance and interest"))).Append("</h2>\n");
        body.Append(LineChart.Render("balance-chart", Format.Text(language, "Saldo e intereses a lo largo del tiempo", "Balance and interest over time"),
        [
            new ChartSeries("outstanding", Format.Text(language, "Saldo abierto", "Open balance"), "#2563eb", [.. timeline.Days.Select(d => (d.Date, d.Outstanding.Amount))], Steps: true),
            new ChartSeries("overdue", Format.Text(language, "Vencido", "Overdue"), "#dc2626", [.. timeline.Days.Select(d => (d.Date, d.Overdue.Amount))], Steps: true),
        ], Amount, Day));
        body.Append(LineChart.Render("interest-chart", Format.Text(language, "Intereses adeudados a lo largo del tiempo", "Interest owed over time"),
        [
            new ChartSeries("interest", Format.Text(language, "Intereses adeudados (devengados y cargados, sin pagar)", "Interest owed (accrued and posted, unpaid)"), "#d97706", [.. timeline.Days.Select(d => (d.Date, d.InterestOwed.Amount))], Steps: false),
        ], Amount, Day));

        body.Append("<h2>").Append(Html.Encode(Format.Text(language, "Decisiones y avisos", "Decisions and notices"))).Append("</h2>\n");
        body.Append("<table class=\"decisions\"><thead><tr>");
        foreach (var header in new[]
                 {
                     Format.Text(language, "Cuándo", "When"), Format.Text(language, "Etapa", "Stage"), Format.Text(language, "Acción", "Action"),
                     Format.Text(language, "Canal", "Channel"), Format.Text(language, "A pagar", "Amount due"), Format.Text(language, "Intereses", "Interest"),
                     Format.Text(language, "Costes", "Fees"),
                 })
        {
            body.Append("<th>").Append(Html.Encode(header)).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var step in timeline.Steps)
        {
            foreach (var entry in step.Decisions.Where(d => d.Done))
            {
                var d = entry.Decision;
                body.Append("<tr class=\"decision\"><td>").Append(Html.Encode(TimelineOutput.When(step.Local, language)))
                    .Append(string.Create(CultureInfo.InvariantCulture, $"</td><td><span style=\"color:{ToneColour(d.Tone)}\">&#9679;</span> "))
                    .Append(Html.Encode(d.StageId)).Append("</td><td>").Append(Html.Encode(d.Action.ToString()))
                    .Append("</td><td>").Append(Html.Encode(d.Channel?.ToString() ?? "—"))
                    .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Money(d.AmountDue, language)))
                    .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Money(d.InterestAmount, language)))
                    .Append("</td><td class=\"num\">").Append(Html.Encode(Format.Money(d.FeeAmount, language))).Append("</td></tr>");
                if (entry.Notice is { } notice)
                {
                    body.Append("<tr><td></td><td colspan=\"6\"><strong>").Append(Html.Encode(notice.Subject)).Append("</strong>");
                    if (notice.MediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
                    {
                        body.Append("<iframe class=\"notice\" sandbox=\"\" title=\"").Append(Html.Encode(notice.Subject))
                            .Append("\" srcdoc=\"").Append(Html.Encode(notice.Body)).Append("\"></iframe>");
                    }
                    else
                    {
                        body.Append("<pre class=\"notice\">").Append(Html.Encode(notice.Body)).Append("</pre>");
                    }

                    body.Append("</td></tr>");
                }
            }
        }

        body.Append("</tbody></table>\n");
        return Html.Page(language, title, body.ToString());
    }

    private static string Chart(TimelineResult timeline, Language language)
    {
        var from = timeline.From;
        var span = Math.Max(1, Period.DaysBetween(from, timeline.To.PlusDays(1)));
        var zone = timeline.File.Customer.TimeZone;
        double X(LocalDate date)
        {
            var clamped = date < from ? from : date > timeline.To.PlusDays(1) ? timeline.To.PlusDays(1) : date;
            return LabelWidth + ((double)Period.DaysBetween(from, clamped) / span * (Width - LabelWidth - RightMargin));
        }

        double XAt(Instant instant)
        {
            var local = instant.InZone(zone).LocalDateTime;
            return X(local.Date) + (local.TimeOfDay.TickOfDay / (double)NodaConstants.TicksPerDay / span * (Width - LabelWidth - RightMargin));
        }

        // The lane of exclusions and pauses only when the file has one (the pages of other accounts stay as they were).
        var pauses = timeline.Inputs.Any(i => i.Kind is "excludedFromDunning" or "enforcementOff");
        string[] lanes =
        [
            Format.Text(language, "Vencimientos", "Due dates"),
            Format.Text(language, "Etapas", "Stages"),
            Format.Text(language, "Avisos", "Notices"),
            Format.Text(language, "Otras acciones", "Other actions"),
            Format.Text(language, "Pagos y abonos", "Payments, credits"),
            Format.Text(language, "Promesas", "Promises"),
            Format.Text(language, "Disputas y bloqueos", "Disputes, holds"),
            .. pauses ? [Format.Text(language, "Exclusiones y pausas", "Exclusions, pauses")] : Array.Empty<string>(),
        ];
        var height = AxisHeight + (lanes.Length * LaneHeight) + 10;
        double LaneY(int lane) => AxisHeight + (lane * LaneHeight);
        double Mid(int lane) => LaneY(lane) + (LaneHeight / 2.0);
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg id=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Html.Encode(Format.Text(language, "Cronología", "Timeline"))}\">"));
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            svg.Append(Inv($"<rect class=\"lane\" x=\"0\" y=\"{LaneY(lane)}\" width=\"{Width}\" height=\"{LaneHeight}\" fill=\"{(lane % 2 == 0 ? "#f8fafc" : "#ffffff")}\"/>"));
            svg.Append(Inv($"<text class=\"lane-label\" x=\"8\" y=\"{Mid(lane) + 4:0.#}\">{Html.Encode(lanes[lane])}</text>"));
        }

        // Month ticks (and the first day).
        for (var day = from; day <= timeline.To; day = day.PlusDays(1))
        {
            if (day.Day == 1 || day == from)
            {
                var x = X(day);
                svg.Append(Inv($"<line class=\"tick\" x1=\"{x:0.#}\" y1=\"{AxisHeight - 6}\" x2=\"{x:0.#}\" y2=\"{height - 10}\" stroke=\"#cbd2d9\" stroke-dasharray=\"2,3\"/>"));
                svg.Append(Inv($"<text class=\"date-label\" x=\"{x + 3:0.#}\" y=\"{AxisHeight - 10}\">{Html.Encode(Format.Date(day, language))}</text>"));
            }
        }

        // Due dates of every item the account had.
        foreach (var item in timeline.FinalAccount.Items.Where(i => i.DueDate >= from && i.DueDate <= timeline.To))
        {
            var x = X(item.DueDate) + 1;
            var y = Mid(0);
            svg.Append(Inv($"<path class=\"due-date\" d=\"M{x:0.#},{y - 7:0.#} L{x + 7:0.#},{y:0.#} L{x:0.#},{y + 7:0.#} L{x - 7:0.#},{y:0.#} Z\" fill=\"#1f2933\"><title>{Html.Encode($"{item.Id}: {Format.Money(item.Amount, language)} · {Format.Date(item.DueDate, language)}")}</title></path>"));
        }

        // Stages: from each stage the engine acted on until the next, until nothing is overdue, or until enforcement is
        // turned off (no stage is in force then: docs/escalation.md "Write-off and enforcement off"). The reversal of a
        // stage's block (restore, resume, unblock) carries the stage's id but starts nothing.
        var stageIds = timeline.Policy.Stages.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var stageStarts = timeline.Steps
            .SelectMany(s => s.Decisions.Where(d => d.Done && stageIds.Contains(d.Decision.StageId) && !IsReversal(d.Decision.Action)).Select(d => (s.At, d.Decision)))
            .GroupBy(p => p.Decision.StageId + "@" + p.At.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture))
            .Select(g => g.First())
            .ToList();
        for (var i = 0; i < stageStarts.Count; i++)
        {
            var (at, decision) = stageStarts[i];
            if (i + 1 < stageStarts.Count && stageStarts[i + 1].Decision.StageId == decision.StageId)
            {
                continue;
            }

            var startDate = at.InZone(zone).Date;
            var next = stageStarts.Skip(i + 1).FirstOrDefault(p => p.Decision.StageId != decision.StageId);
            var endDate = next.Decision is not null ? next.At.InZone(zone).Date : timeline.To.PlusDays(1);
            var cleared = timeline.Days.FirstOrDefault(d => d.Date > startDate && d.Date < endDate && d.Overdue.IsZero);
            if (cleared is not null)
            {
                endDate = cleared.Date;
            }

            if (timeline.Inputs.FirstOrDefault(input => input.Kind == "enforcementOff" && input.On > startDate && input.On < endDate) is { } off)
            {
                endDate = off.On;
            }

            var x1 = X(startDate);
            var x2 = Math.Max(x1 + 3, X(endDate));
            svg.Append(Inv($"<rect class=\"stage\" data-stage=\"{Html.Encode(decision.StageId)}\" x=\"{x1:0.#}\" y=\"{LaneY(1) + 7}\" width=\"{x2 - x1:0.#}\" height=\"{LaneHeight - 14}\" rx=\"3\" fill=\"{ToneColour(decision.Tone)}\" fill-opacity=\"0.85\"><title>{Html.Encode($"{decision.StageId} ({decision.Tone}) · {Format.Date(startDate, language)}")}</title></rect>"));
            if (x2 - x1 > 40)
            {
                svg.Append(Inv($"<text class=\"stage-label\" x=\"{x1 + 4:0.#}\" y=\"{Mid(1) + 4:0.#}\" style=\"fill:#fff\">{Html.Encode(decision.StageId)}</text>"));
            }
        }

        // Notices (messages) and other actions the engine had done, coloured by tone.
        foreach (var step in timeline.Steps)
        {
            foreach (var entry in step.Decisions.Where(d => d.Done))
            {
                var d = entry.Decision;
                var x = XAt(step.At);
                var label = Html.Encode($"{TimelineOutput.When(step.Local, language)} · {d.StageId} · {d.Action} · {d.Channel?.ToString() ?? "—"} · {Format.Money(d.AmountDue, language)}{(entry.Notice is { } n ? " · " + n.Subject : string.Empty)}");
                if (d.TemplateKey is not null)
                {
                    svg.Append(Inv($"<circle class=\"notice\" data-stage=\"{Html.Encode(d.StageId)}\" cx=\"{x:0.#}\" cy=\"{Mid(2):0.#}\" r=\"7\" fill=\"{ToneColour(d.Tone)}\" stroke=\"#fff\" stroke-width=\"1.5\"><title>{label}</title></circle>"));
                }
                else
                {
                    svg.Append(Inv($"<rect class=\"action\" data-action=\"{d.Action}\" x=\"{x - 6:0.#}\" y=\"{Mid(3) - 6:0.#}\" width=\"12\" height=\"12\" fill=\"{ToneColour(d.Tone)}\"><title>{label}</title></rect>"));
                }
            }
        }

        // Payments, credits, reversals, promises, disputes, holds, exclusions and pauses from the account file.
        var inputs = timeline.Inputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            var x = X(input.On) + 1;
            var label = Html.Encode($"{Format.Date(input.On, language)} · {TimelineOutput.KindLabel(input.Kind, language)} {input.Label}");
            switch (input.Kind)
            {
                case "payment" or "creditNote":
                    var y = Mid(4);
                    svg.Append(Inv($"<path class=\"payment\" d=\"M{x:0.#},{y - 8:0.#} L{x + 8:0.#},{y + 6:0.#} L{x - 8:0.#},{y + 6:0.#} Z\" fill=\"#2563eb\"><title>{label}</title></path>"));
                    break;
                case "promise" when input.Until is { } promised:
                    Bar(svg, "promise", x, X(promised.PlusDays(1)), LaneY(5), "#0ea5e9", label);
                    break;
                case "paymentReversed":
                    // A failed payment: the triangle upside down, in red.
                    var yr = Mid(4);
                    svg.Append(Inv($"<path class=\"payment-reversed\" d=\"M{x:0.#},{yr + 8:0.#} L{x + 8:0.#},{yr - 6:0.#} L{x - 8:0.#},{yr - 6:0.#} Z\" fill=\"#dc2626\"><title>{label}</title></path>"));
                    break;
                case "dispute" or "legalHold":
                    var closing = input.Kind == "dispute" ? "disputeResolved" : "legalHoldReleased";
                    var end = inputs.Skip(i + 1).FirstOrDefault(o => o.Kind == closing && (input.Kind == "legalHold" || o.Label == input.Label));
                    Bar(svg, input.Kind == "dispute" ? "hold dispute" : "hold legal-hold", x, X(end?.On ?? timeline.To.PlusDays(1)), LaneY(6), input.Kind == "dispute" ? "#64748b" : "#1f2933", label);
                    break;
                case "excludedFromDunning" when input.Events is [ItemExcludedFromDunning excluded]:
                    var returned = inputs.Skip(i + 1).FirstOrDefault(o => o.Events is [ItemReturnedToDunning back] && back.ItemId == excluded.ItemId);
                    Bar(svg, "pause excluded", x, X(returned?.On ?? timeline.To.PlusDays(1)), LaneY(7), "#a16207", label);
                    break;
                case "enforcementOff":
                    var on = inputs.Skip(i + 1).FirstOrDefault(o => o.Kind == "enforcementOn");
                    Bar(svg, "pause enforcement-off", x, X(on?.On ?? timeline.To.PlusDays(1)), LaneY(7), "#9333ea", label);
                    break;
            }
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static bool IsReversal(EscalationActionKind action)
        => action is EscalationActionKind.RestoreService or EscalationActionKind.ResumeWork or EscalationActionKind.UnblockOrders;

    private static void Bar(StringBuilder svg, string cssClass, double x1, double x2, double laneTop, string colour, string label)
        => svg.Append(Inv($"<rect class=\"{cssClass}\" x=\"{x1:0.#}\" y=\"{laneTop + 9}\" width=\"{Math.Max(3, x2 - x1):0.#}\" height=\"{LaneHeight - 18}\" rx=\"3\" fill=\"{colour}\" fill-opacity=\"0.75\"><title>{label}</title></rect>"));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
