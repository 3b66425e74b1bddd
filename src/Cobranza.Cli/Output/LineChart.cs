using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NodaTime;

namespace Cobranza.Cli.Output;

/// <summary>One line of a <see cref="LineChart"/>: dated values (drawn as steps or straight lines between points).</summary>
internal sealed record ChartSeries(string Id, string Label, string Colour, IReadOnlyList<(LocalDate Date, decimal Value)> Points, bool Steps);

/// <summary>
/// A line chart over dates as inline SVG: one <c>path.series</c> per series (its id in <c>data-series</c>), a circle
/// per point, the date axis and the value axis with labels. The figures drawn are the library's; converting them to
/// screen coordinates is the only arithmetic here.
/// </summary>
internal static class LineChart
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 90;
    private const int Right = 20;
    private const int Top = 16;
    private const int Bottom = 40;

    internal static string Render(string id, string title, IReadOnlyList<ChartSeries> series, Func<decimal, string> valueLabel, Func<LocalDate, string> dateLabel)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg id=\"{id}\" class=\"line-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html.Encode(title)}\">"));
        svg.Append("<title>").Append(Html.Encode(title)).Append("</title>");
        if (points.Count == 0)
        {
            svg.Append("</svg>");
            return svg.ToString();
        }

        var first = points.Min(p => p.Date);
        var last = points.Max(p => p.Date);
        var span = Math.Max(1, Period.Between(first, last, PeriodUnits.Days).Days);
        var max = points.Max(p => p.Value);
        var min = Math.Min(0m, points.Min(p => p.Value));
        var range = max == min ? 1m : max - min;
        double X(LocalDate date) => Left + ((double)Period.Between(first, date, PeriodUnits.Days).Days / span * (Width - Left - Right));
        double Y(decimal value) => Top + ((double)((max - value) / range) * (Height - Top - Bottom));

        // Axes and grid: four value lines, date ticks at the first day, the last day and up to four between.
        svg.Append(Inv($"<g class=\"axis\" stroke=\"#cbd2d9\"><line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/></g>"));
        for (var i = 0; i <= 4; i++)
        {
            var value = min + (range * i / 4m);
            var y = Y(value);
            svg.Append(Inv($"<line class=\"grid\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#f0f4f8\"/>"));
            svg.Append(Inv($"<text class=\"value-label\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Html.Encode(valueLabel(value))}</text>"));
        }

        var ticks = points.Select(p => p.Date).Distinct().OrderBy(d => d).ToList();
        var step = Math.Max(1, (ticks.Count + 5) / 6);
        for (var i = 0; i < ticks.Count; i += step)
        {
            var x = X(ticks[i]);
            // Labels near the right edge end at their tick, so they are not cut off.
            var anchor = x > Width - Right - 40 ? "end" : "middle";
            svg.Append(Inv($"<text class=\"date-label\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"{anchor}\">{Html.Encode(dateLabel(ticks[i]))}</text>"));
        }

        foreach (var line in series)
        {
            if (line.Points.Count == 0)
            {
                continue;
            }

            var path = new StringBuilder();
            (LocalDate Date, decimal Value)? previous = null;
            foreach (var point in line.Points)
            {
                if (previous is null)
                {
                    path.Append(Inv($"M{X(point.Date):0.##},{Y(point.Value):0.##}"));
                }
                else if (line.Steps)
                {
                    path.Append(Inv($" H{X(point.Date):0.##} V{Y(point.Value):0.##}"));
                }
                else
                {
                    path.Append(Inv($" L{X(point.Date):0.##},{Y(point.Value):0.##}"));
                }

                previous = point;
            }

            svg.Append(Inv($"<path class=\"series\" data-series=\"{line.Id}\" d=\"{path}\" fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2.5\"/>"));
            // A marker where the value changes (and at both ends), so a daily series stays readable.
            for (var i = 0; i < line.Points.Count; i++)
            {
                var point = line.Points[i];
                var inner = i > 0 && i < line.Points.Count - 1;
                if (inner && (line.Points[i - 1].Value == point.Value || (!line.Steps && line.Points.Count > 40)))
                {
                    continue;
                }

                svg.Append(Inv($"<circle class=\"point\" data-series=\"{line.Id}\" cx=\"{X(point.Date):0.##}\" cy=\"{Y(point.Value):0.##}\" r=\"3\" fill=\"{line.Colour}\"><title>{Html.Encode(dateLabel(point.Date) + ": " + valueLabel(point.Value))}</title></circle>"));
            }
        }

        svg.Append("</svg>");
        svg.Append("<div class=\"legend\">");
        foreach (var line in series)
        {
            svg.Append(Inv($"<span><i style=\"background:{line.Colour}\"></i>{Html.Encode(line.Label)}</span>"));
        }

        svg.Append("</div>");
        return svg.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
