using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MimeKit;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// Issue 13: the notices in the sample's outbox tell the truth, read back from the .eml files alone. For every notice:
/// each line's status and days agree with its due date and the notice's local date (the Date header is the
/// decision's instant; the customer's zone is the country's), the lines add up to the principal stated, and the total
/// stated is principal + interest + fees (or, on a reminder, the lines' sum). <c>.ci/run</c> runs this over its smoke
/// run's outbox (<c>COBRANZA_CHECK_OUTBOX</c>); without the variable the test makes its own 40-day outbox.
/// </summary>
public sealed class OutboxTruthTests : IDisposable
{
    private static readonly Regex Row = new("<tr><td>(?<inv>[^<]*)</td><td>(?<due>[^<]*)</td><td>(?<status>[^<]*)</td><td>(?<amount>[^<]*)</td></tr>", RegexOptions.CultureInvariant);
    private static readonly Regex Line = new("^- (?:Factura|Invoice) (?<inv>.+?), (?:vencimiento|due) (?<due>[^,]+), (?<status>[^:]+): (?<amount>.+)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private const string M = "(?:(?:COP|MXN|EUR) )?[^ :]+(?: (?:€|EUR|COP|MXN))?";
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task OutboxNotices_LinesStatusesAndTotalsAgree()
    {
        string? outbox = Environment.GetEnvironmentVariable("COBRANZA_CHECK_OUTBOX");
        if (string.IsNullOrEmpty(outbox))
        {
            outbox = _temp.File("outbox");
            using var output = new StringWriter();
            await new Simulation(new SampleOptions { Days = 40, Customers = 60, DatabasePath = _temp.File("q.db"), OutboxPath = outbox }, output).RunAsync(CancellationToken.None);
        }

        var files = Directory.GetFiles(outbox, "*.eml");
        Assert.NotEmpty(files);
        var errors = new List<string>();
        int lines = 0, totals = 0;
        foreach (string file in files)
        {
            var message = MimeMessage.Load(file);
            string key = message.Headers["X-Cobranza-Idempotency-Key"] ?? throw new InvalidDataException($"{file} has no idempotency key header");
            string account = key.Split('|')[4];
            var zone = DateTimeZoneProviders.Tzdb[account[..2] switch { "ES" => "Europe/Madrid", "CO" => "America/Bogota", _ => "America/Mexico_City" }];
            var date = Instant.FromDateTimeOffset(message.Date).InZone(zone).Date;
            string body = message.HtmlBody ?? message.TextBody ?? string.Empty;
            bool html = message.HtmlBody is not null;
            string text = WebUtility.HtmlDecode(Regex.Replace(body, "<[^>]+>", " "));
            bool es = !Regex.IsMatch(text, "Dear |Invoice ", RegexOptions.CultureInvariant);
            var matches = html ? Row.Matches(body) : Line.Matches(body.Replace("\r", string.Empty, StringComparison.Ordinal));
            decimal sum = 0m;
            foreach (Match m in matches)
            {
                lines++;
                var due = es
                    ? LocalDate.FromDateTime(DateTime.ParseExact(m.Groups["due"].Value, "dd/MM/yyyy", CultureInfo.InvariantCulture))
                    : LocalDate.FromDateTime(DateTime.ParseExact(m.Groups["due"].Value, "d MMM yyyy", CultureInfo.InvariantCulture));
                int days = Period.DaysBetween(due, date);
                string status = days switch
                {
                    0 => es ? "vence hoy" : "due today",
                    1 => es ? "1 día de retraso" : "1 day overdue",
                    -1 => es ? "vence en 1 día" : "due in 1 day",
                    > 1 => es ? $"{days} días de retraso" : $"{days} days overdue",
                    _ => es ? $"vence en {-days} días" : $"due in {-days} days",
                };
                if (WebUtility.HtmlDecode(m.Groups["status"].Value).Trim() != status)
                {
                    errors.Add($"{Path.GetFileName(file)}: line '{m.Value}' on {date:dd/MM/yyyy} should read '{status}'");
                }

                sum += Parse(WebUtility.HtmlDecode(m.Groups["amount"].Value), es);
            }

            var breakdown = Regex.Match(text, es
                ? $"asciende a (?<t>{M}): (?<p>{M}) de principal, (?<i>{M}) de intereses de demora y (?<f>{M}) de costes de cobro"
                : $"is (?<t>{M}): (?<p>{M}) principal, (?<i>{M}) late-payment interest and (?<f>{M}) recovery costs");
            if (breakdown.Success)
            {
                totals++;
                decimal t = Parse(breakdown.Groups["t"].Value, es), p = Parse(breakdown.Groups["p"].Value, es), i = Parse(breakdown.Groups["i"].Value, es), f = Parse(breakdown.Groups["f"].Value, es);
                if (t != p + i + f || p != sum)
                {
                    errors.Add($"{Path.GetFileName(file)}: total {t}, principal {p} + interest {i} + fees {f}, lines {sum}");
                }
            }

            // Issue 13: a payment-event notice acknowledges a payment only when money was received (a credit note or applied
            // credit is worded as such, {{settlement.text}}): never "su pago de 0,00 €".
            const string Amount = "(?:(?:COP|MXN|EUR) )?€?[0-9][^ :]*(?: (?:€|EUR|COP|MXN))?";
            var nothingPaid = Regex.Match(text, es ? $"pago de (?<t>{Amount})" : $"payment of (?<t>{Amount})");
            for (; nothingPaid.Success; nothingPaid = nothingPaid.NextMatch())
            {
                if (Parse(nothingPaid.Groups["t"].Value, es) == 0m)
                {
                    errors.Add($"{Path.GetFileName(file)}: states a payment of {nothingPaid.Groups["t"].Value}");
                }
            }

            var reminder = Regex.Match(text, es
                ? $"(?:vence el pago de|Le recordamos el pago de) (?<t>{M}) de las siguientes"
                : $"(?:payment of|the payment of) (?<t>{M}) for the invoices below");
            if (reminder.Success)
            {
                totals++;
                if (Parse(reminder.Groups["t"].Value, es) != sum)
                {
                    errors.Add($"{Path.GetFileName(file)}: asks for {reminder.Groups["t"].Value}, its lines add up to {sum}");
                }
            }
        }

        Assert.True(lines > 0 && totals > 0, $"nothing checked in {files.Length} notices");
        Assert.True(errors.Count == 0, $"{errors.Count} notice(s) in {outbox} disagree:\n" + string.Join("\n", errors.Take(30)));
    }

    public void Dispose() => _temp.Dispose();

    private static decimal Parse(string text, bool es)
    {
        string digits = new(text.Where(c => char.IsDigit(c) || c is '.' or ',').ToArray());
        digits = es ? digits.Replace(".", string.Empty, StringComparison.Ordinal).Replace(',', '.') : digits.Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.Parse(digits.Trim('.'), NumberStyles.Number, CultureInfo.InvariantCulture);
    }
}
