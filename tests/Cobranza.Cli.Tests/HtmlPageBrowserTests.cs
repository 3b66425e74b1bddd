using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Cobranza.Cli.Tests;

/// <summary>
/// The --html pages rendered by a real browser (Debian's Chromium, headless): the SVG elements are in the DOM the
/// browser built, and a screenshot is saved (to COBRANZA_SCREENSHOTS when set, else beside the test output).
/// </summary>
public sealed class HtmlPageBrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cobranza-cli-html-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("COBRANZA_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static int Count(string dom, string pattern) => Regex.Matches(dom, pattern).Count;

    [Fact]
    public void TimelinePage_RenderedByChromium_HasTheChartElements()
    {
        var account = Path.Combine(_directory, "account.json");
        File.WriteAllText(account, TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-17", "kind": "promise", "id": "PR-1", "promisedDate": "2026-03-24", "amount": 500, "items": ["F-1/0"] },
            { "on": "2026-04-20", "kind": "payment", "reference": "T-1", "amount": 300 },
            { "on": "2026-04-22", "kind": "dispute", "item": "F-1/0", "reason": "Revisión" },
            { "on": "2026-05-04", "kind": "disputeResolved", "item": "F-1/0" }
            """));
        var html = Path.Combine(_directory, "timeline.html");
        var json = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-06-30", "--json");
        var result = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-06-30", "--html", html);
        Assert.Equal(0, result.ExitCode);
        var doneMessages = TimelineCommandTests.Decisions(json.Json())
            .Count(d => d.GetProperty("done").GetBoolean() && d.GetProperty("templateKey").ValueKind != System.Text.Json.JsonValueKind.Null);

        var dom = Chromium.DumpDom(html);

        Assert.Contains("<svg id=\"timeline-chart\"", dom);
        Assert.Contains("<svg id=\"balance-chart\"", dom);
        Assert.Contains("<svg id=\"interest-chart\"", dom);
        Assert.Equal(doneMessages, Count(dom, "<circle class=\"notice\""));
        Assert.True(doneMessages >= 8, dom.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Count(dom, "<rect class=\"stage\"") >= 5);
        Assert.Equal(1, Count(dom, "<path class=\"due-date\""));
        Assert.Equal(1, Count(dom, "<path class=\"payment\""));
        Assert.Equal(1, Count(dom, "<rect class=\"promise\""));
        Assert.Equal(1, Count(dom, "<rect class=\"hold dispute\""));
        Assert.Contains("data-series=\"outstanding\"", dom);
        Assert.Contains("data-series=\"interest\"", dom);
        // Tone as colour: a friendly (green) and a legal (purple) notice.
        Assert.Contains("fill=\"#16a34a\"", dom);
        Assert.Contains("fill=\"#7c3aed\"", dom);

        var png = ScreenshotPath("timeline.png");
        Chromium.Screenshot(html, png, 1040, 1000);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        // A blank page compresses to a few kilobytes; the chart, lanes and text make it far larger.
        Assert.True(bytes.Length > 30_000, $"screenshot {png} has only {bytes.Length} bytes");
    }

    [Fact]
    public void TimelinePage_RenderedByChromium_ShowsFailedPaymentsExclusionsAndPauses()
    {
        var account = Path.Combine(_directory, "account.json");
        File.WriteAllText(account, TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-13", "kind": "payment", "reference": "SDD-1", "amount": 1000, "method": "direct-debit" },
            { "on": "2026-03-18", "kind": "paymentReversed", "reference": "SDD-1", "reason": "AM04: fondos insuficientes" },
            { "on": "2026-03-20", "kind": "excludedFromDunning", "item": "F-1/0", "reason": "goodwill" },
            { "on": "2026-04-10", "kind": "returnedToDunning", "item": "F-1/0" },
            { "on": "2026-04-15", "kind": "enforcementOff", "reason": "negociando un acuerdo" }
            """));
        var html = Path.Combine(_directory, "timeline-pauses.html");
        var result = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-05-31", "--html", html, "--lang", "es");
        Assert.Equal(0, result.ExitCode);

        var dom = Chromium.DumpDom(html);

        Assert.Equal(1, Count(dom, "<path class=\"payment\""));
        Assert.Equal(1, Count(dom, "<path class=\"payment-reversed\""));
        Assert.Equal(1, Count(dom, "<rect class=\"pause excluded\""));
        Assert.Equal(1, Count(dom, "<rect class=\"pause enforcement-off\""));
        Assert.Contains("Exclusiones y pausas", dom);
        // Enforcement off from 15 Apr reverses the suspension (RestoreService, stage id "suspend"; docs/escalation.md
        // "Write-off and enforcement off"): the "suspend" band (its last action, the notice, on 13 Apr) ends on 15 Apr
        // and no band starts at the reversal. Chart: 92 days over 830 px from x = 150 → 13 Apr (day 43) at
        // 150 + 43 × 830 / 92 = 537.9, two days wide = 18.0 (before, it ran to the end of the chart).
        Assert.Equal(1, Count(dom, "<rect class=\"stage\" data-stage=\"suspend\""));
        Assert.Contains("<rect class=\"stage\" data-stage=\"suspend\" x=\"537.9\" y=\"73\" width=\"18\"", dom);
        Chromium.Screenshot(html, ScreenshotPath("timeline-pauses.png"), 1040, 700);
    }

    [Fact]
    public void InterestPage_RenderedByChromium_HasTheLineCharts()
    {
        // docs/interest.md "Requests from a preset": 10,000 EUR due 2025-07-31, 4,000 paid 2025-08-31 → 136.26 EUR.
        var html = Path.Combine(_directory, "interest.html");
        var result = Cli.Run("interest", "--preset", "ES", "--due", "2025-07-31", "--until", "2025-09-30", "--principal", "10000",
            "--currency", "EUR", "--payment", "2025-08-31:4000", "--html", html, "--lang", "es");
        Assert.Equal(0, result.ExitCode);

        var dom = Chromium.DumpDom(html);

        Assert.Contains("<svg id=\"balance-chart\"", dom);
        Assert.Contains("<svg id=\"interest-chart\"", dom);
        Assert.Contains("data-series=\"balance\"", dom);
        Assert.Contains("data-series=\"accrued-interest\"", dom);
        Assert.Contains("136,26 €", dom);
        Assert.Equal(2, Count(dom, "<tr><td>\\d\\d/\\d\\d/\\d{4}</td>"));

        var png = ScreenshotPath("interest.png");
        Chromium.Screenshot(html, png, 1000, 900);
        Assert.True(new FileInfo(png).Length > 20_000);
    }
}
