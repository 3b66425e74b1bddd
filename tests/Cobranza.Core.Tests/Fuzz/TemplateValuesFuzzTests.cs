using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using NodaTime;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 21: hostile customer and invoice data through every template of the default catalog (every channel, both
/// languages). No rendered subject carries a control or format character; no body carries a format character or a
/// control character other than the line feeds of the template itself; no HTML body carries markup from a value; no
/// value is expanded again; every value stays within its maximum; every refusal is a documented exception.
/// </summary>
public sealed class TemplateValuesFuzzTests
{
    private const string Company = "Distribuciones Norte S.L.";

    private static readonly string[] Hostile =
    [
        "ACME\r\nBcc: victim@example.com", "Factura \u202E4321\u202C", "\u2066evil\u2069", "zero\u200Bwidth\u200D", "\uFEFFbom", "soft\u00ADhyphen",
        "<script>alert(1)</script>", "\"onmouseover=\"x", "'single'", "&amp;", "{{company.name}}", "{{{{", "}}", "{{", "tab\there", "nul\0byte",
        "line\u2028separator", "para\u2029graph", "next\u0085line", "bell\u0007", "\uD800unpaired", "emoji 🙂 ok", "Ñandú Pérez", "x",
    ];

    [Fact]
    public void Render_HostileValues_EveryTemplateOfTheDefaultCatalog()
    {
        var templates = TemplateCatalog.Default.Templates.ToArray();
        Assert.Contains(templates, t => t.Language.Code == "es");
        Assert.Contains(templates, t => t.Language.Code == "en");
        Assert.Equal(Enum.GetValues<NotificationChannel>().Length, templates.Select(t => t.Channel).Distinct().Count());
        int rendered = 0;
        Fuzz.Run("template-values", 3_000, random =>
        {
            string customer = Text(random);
            string account = Text(random);
            string invoice = Text(random);
            string method = Text(random);
            TemplateValues values;
            try
            {
                values = Values(customer, account, invoice, method, Company);
            }
            catch (ArgumentException)
            {
                return; // documented: a blank text
            }

            var plain = Values("Plain Customer", "ACC-1", "F-1", "Transferencia", Company);
            var template = templates[random.Next(templates.Length)];
            RenderedMessage message;
            try
            {
                message = template.Render(values);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("at most", StringComparison.Ordinal))
            {
                return; // documented: larger than the channel allows
            }

            rendered++;
            var reference = template.Render(plain);
            if (message.Subject is { } subject)
            {
                Assert.True(TemplateValueLimits.IsClean(subject), $"subject of {template} carries a control or format character: {Escape(subject)}");
                Assert.True(subject.Length <= TemplateValueLimits.MaxRenderedSubjectLength);
            }

            foreach (char c in message.Body)
            {
                var category = char.GetUnicodeCategory(c);
                Assert.False(category == UnicodeCategory.Format || (category == UnicodeCategory.Control && c != '\n'), $"body of {template} carries U+{(int)c:X4}");
            }

            Assert.Equal(Count(reference.Body, '\n'), Count(message.Body, '\n')); // values add no line
            Assert.Equal(Count(reference.Body, Company), Count(message.Body, Company) - (Count(customer + account + invoice + method, Company))); // no re-expansion
            if (message.BodyFormat == TemplateBodyFormat.Html)
            {
                Assert.DoesNotContain("<script", message.Body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("\"onmouseover", message.Body, StringComparison.Ordinal);
                Assert.Equal(Count(reference.Body, '<'), Count(message.Body, '<')); // every tag is the template's
            }

            // No value grows the message beyond the maxima of the values it holds.
            Assert.True(message.Body.Length <= reference.Body.Length + (40 * 1000), $"{template}: body of {message.Body.Length} characters");
        });
        Assert.True(rendered > 0, "no hostile values were rendered");
    }

    [Theory]
    [InlineData("http://pay.example/x", "scheme 'http'")]
    [InlineData("javascript:alert(1)", "scheme 'javascript'")]
    [InlineData("relative/path", "not an absolute URL")]
    [InlineData("ftp://pay.example/x", "only https is accepted")] // an absolute file: URI on Unix, a relative one elsewhere: refused either way
    [InlineData("https://bank.example@evil.example/pay", "user information")]
    [InlineData("https://pay.example/x\r\nBcc: v@example.com", "control or invisible")]
    [InlineData("https://pay.example/\u202Egnp.exe", "control or invisible")]
    [InlineData("https://pay.example/a b", "a space")]
    [InlineData("https://pay.example/\"onclick=", "one of")]
    public void PaymentLink_NotAPlainHttpsUrl_IsRefused(string link, string reason)
    {
        // {{payment.link}} is the only placeholder that holds a URL (TemplatePlaceholders.All).
        Assert.Single(TemplatePlaceholders.All, p => p.Contains("link", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => Values("C", "A", "F", "M", Company, link));
        Assert.Equal("paymentLink", ex.ParamName);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PaymentLink_TooLong_IsRefusedNotCut()
    {
        string link = "https://pay.example/" + new string('a', TemplateValueLimits.MaxPaymentLinkLength);
        var ex = Assert.Throws<ArgumentException>(() => Values("C", "A", "F", "M", Company, link));
        Assert.Contains("at most 2048", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300);
    }

    [Fact]
    public void CustomerName_HeaderInjection_RendersOneLineSubject()
    {
        // Issue 21's example: the subject must not carry "\r\nBcc:" into a raw header.
        var template = new MessageTemplate(TemplateKeys.ReminderFirm, NotificationChannel.Email, Language.Spanish, "Aviso para {{customer.name}}", "<p>Hola {{customer.name}}</p>");
        var message = template.Render(Values("ACME\r\nBcc: victim@example.com", "A-1", "F-1", "Transferencia", Company));
        Assert.Contains("ACME Bcc: victim@example.com", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void InvoiceNumber_BidiOverride_IsRemovedInEveryChannel()
    {
        // "Factura 1234" written with U+202E would display as "Factura 4321" (or worse) in a bidi-aware client.
        var values = Values("C", "A-1", "12\u202E34", "Transferencia", Company);
        foreach (var template in TemplateCatalog.Default.Templates.Where(t => t.Body.Contains("{{items.table}}", StringComparison.Ordinal)))
        {
            var body = template.Render(values).Body;
            Assert.Contains("1234", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CustomerName_OneMegabyte_IsCutWithTheMarker()
    {
        var template = TemplateCatalog.Default.Templates.First(t => t.Channel == NotificationChannel.Email && t.Body.Contains("{{customer.name}}", StringComparison.Ordinal));
        var message = template.Render(Values(new string('A', 1_000_000), "A-1", "F-1", "Transferencia", Company));
        Assert.Contains(new string('A', TemplateValueLimits.MaxCustomerNameLength - 1) + TemplateValueLimits.CutMarker, message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('A', TemplateValueLimits.MaxCustomerNameLength), message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_SubjectWithALineBreak_IsRefused()
    {
        var ex = Assert.Throws<InvalidTemplateException>(() => new MessageTemplate("k", NotificationChannel.Email, Language.Spanish, "Aviso\r\nBcc: x", "Hola"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("a subject is one line", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("Hola", 1)]
    [InlineData("€", 1)] // extension character: 2 septets
    [InlineData("ñ", 1)]
    [InlineData("ç", 1)] // not GSM basic (only Ç is): UCS-2
    public void SmsSegments_ShortTexts(string text, int segments)
        => Assert.Equal(segments, TemplateValueLimits.SmsSegments(text));

    [Fact]
    public void SmsSegments_ConcatenatedLengths()
    {
        // 3GPP TS 23.040: GSM 7-bit 160 in one segment, 153 per concatenated segment; UCS-2 70 and 67.
        Assert.Equal(1, TemplateValueLimits.SmsSegments(new string('a', 160)));
        Assert.Equal(2, TemplateValueLimits.SmsSegments(new string('a', 161)));
        Assert.Equal(2, TemplateValueLimits.SmsSegments(new string('a', 306)));
        Assert.Equal(3, TemplateValueLimits.SmsSegments(new string('a', 307)));
        Assert.Equal(1, TemplateValueLimits.SmsSegments(new string('ç', 70)));
        Assert.Equal(2, TemplateValueLimits.SmsSegments(new string('ç', 71)));
    }

    internal static TemplateValues Values(string customer, string account, string invoice, string method, string company, string link = "https://pay.example/i/1")
    {
        var eur = Currency.EUR;
        return new TemplateValues(
            customer,
            account,
            [new NoticeItemLine(invoice, new LocalDate(2026, 3, 1), 12, Money.Of(1210m, eur))],
            Money.Of(1210m, eur),
            Money.Of(3.58m, eur),
            Money.Of(40m, eur),
            Money.Of(1253.58m, eur),
            new LocalDate(2026, 3, 1),
            12,
            link,
            [method],
            company).WithPayment(Money.Of(100m, eur), Money.Of(1110m, eur)).WithPromiseDate(new LocalDate(2026, 3, 10));
    }

    private static string Text(Random random)
    {
        var builder = new StringBuilder();
        int parts = 1 + random.Next(3);
        for (int i = 0; i < parts; i++)
        {
            builder.Append(Hostile[random.Next(Hostile.Length)]);
        }

        if (random.Next(25) == 0)
        {
            builder.Append('Z', random.Next(4) != 0 ? 5_000 : 1_000_000);
        }

        return builder.ToString();
    }

    private static int Count(string text, char c) => text.Count(x => x == c);

    private static int Count(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < ' ' || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? $"\\u{(int)c:X4}" : c.ToString()));
}
