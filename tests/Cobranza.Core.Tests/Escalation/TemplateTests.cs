using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using NodaTime;

namespace Cobranza.Core.Tests.Escalation;

public sealed class TemplateTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");

    internal static TemplateValues Values(string customer = "Ferretería López S.L.") => new(
        customer,
        "ACC-7",
        [
            new NoticeItemLine("F-2027-001", new LocalDate(2027, 1, 15), 3, new Money(1234.56m, Eur)),
            new NoticeItemLine("F-2027-002", new LocalDate(2027, 1, 20), -2, new Money(100m, Eur)),
        ],
        new Money(1334.56m, Eur),
        new Money(1.10m, Eur),
        new Money(40m, Eur),
        new Money(2375.66m, Eur), // the account's open balance: 1,375.66 asked + 1,000.00 on another item
        new LocalDate(2027, 1, 15),
        3,
        "https://pay.example.com/acc-7?x=1&y=2",
        ["transferencia bancaria", "tarjeta", "Bizum"],
        "Suministros Norte S.A.");

    private static MessageTemplate Sms(string body, string key = "custom") => new(key, NotificationChannel.Sms, Language.Spanish, null, body);

    [Fact]
    public void Render_SmsSpanish_ExactText()
    {
        // Money in es-ES: "1.375,66 €" (1334.56 + 1.10 + 40), dates dd/MM/yyyy, as the terms text (docs/money.md).
        var message = TemplateCatalog.Default.Render(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.FromTag("es-CO"), Values(), Language.Spanish);
        Assert.Equal(
            "Suministros Norte S.A.: su pago de 1.334,56 € venció el 15/01/2027. Los importes vencidos devengan intereses de demora. Pague en https://pay.example.com/acc-7?x=1&y=2 o contáctenos.",
            message.Body);
        Assert.Null(message.Subject);
        Assert.Same(Language.Spanish, message.Language); // es-CO finds the es template: the message is in es
        Assert.Equal(TemplateBodyFormat.Text, message.BodyFormat);
    }

    [Fact]
    public void Render_SmsEnglish_ExactText()
    {
        var message = TemplateCatalog.Default.Render(TemplateKeys.NoticeFinal, NotificationChannel.Sms, Language.FromTag("en-GB"), Values(), Language.English);
        Assert.Equal(
            "Suministros Norte S.A.: final notice. Your overdue balance is €1,375.66, including interest and recovery costs. Pay at https://pay.example.com/acc-7?x=1&y=2 or contact us to avoid suspension of the service.",
            message.Body);
    }

    [Fact]
    public void Render_EmailSpanish_ExactHtmlWithEscapedValuesAndTable()
    {
        var message = TemplateCatalog.Default.Render(TemplateKeys.ReminderFirm, NotificationChannel.Email, Language.Spanish, Values("López & <Hijos>"), Language.Spanish);
        Assert.Equal("Pago pendiente: 1.334,56 € vencido el 15/01/2027", message.Subject);
        Assert.Equal(
            "<p>Estimado/a López &amp; &lt;Hijos&gt;:</p>\n"
            + "<p>No hemos recibido el pago de 1.334,56 €, vencido el 15/01/2027 (3 días de retraso):</p>\n"
            + "<table><thead><tr><th>Factura</th><th>Vencimiento</th><th>Situación</th><th>Importe</th></tr></thead><tbody>"
            + "<tr><td>F-2027-001</td><td>15/01/2027</td><td>3 días de retraso</td><td>1.234,56 €</td></tr>"
            + "<tr><td>F-2027-002</td><td>20/01/2027</td><td>vence en 2 días</td><td>100,00 €</td></tr></tbody></table>\n"
            // 1,334.56 principal + 1.10 interest + 40.00 fees = 1,375.66.
            + "<p>A la fecha de este aviso, el importe pendiente asciende a 1.375,66 €: 1.334,56 € de principal, 1,10 € de intereses de demora y 40,00 € de costes de cobro.</p>\n"
            + "<p>Le rogamos que lo abone a la mayor brevedad. Le recordamos que, conforme a nuestras condiciones de pago y a la ley, los importes vencidos devengan intereses de demora desde la fecha de vencimiento.</p>\n"
            + "<p>Puede pagar en línea en <a href=\"https://pay.example.com/acc-7?x=1&amp;y=2\">https://pay.example.com/acc-7?x=1&amp;y=2</a> o mediante transferencia bancaria, tarjeta y Bizum.</p>\n"
            + "<p>Si ya ha realizado el pago, le rogamos que no tenga en cuenta este mensaje. Si tiene alguna duda o no está conforme con alguna factura, contáctenos y lo revisaremos.</p>\n"
            + "<p>Atentamente,<br>Suministros Norte S.A.</p>",
            message.Body);
        Assert.Equal(TemplateBodyFormat.Html, message.BodyFormat);
    }

    [Fact]
    public void Render_EmailSubject_NotHtmlEscaped()
    {
        var template = new MessageTemplate("custom", NotificationChannel.Email, Language.English, "For {{customer.name}}", "<p>{{customer.name}}</p>");
        var message = template.Render(Values("A & B"));
        Assert.Equal("For A & B", message.Subject);
        Assert.Equal("<p>A &amp; B</p>", message.Body);
    }

    [Fact]
    public void Render_LetterEnglishWithItems_ExactText()
    {
        var message = TemplateCatalog.Default.Render(TemplateKeys.NoticeLegal, NotificationChannel.Letter, Language.English, Values(), Language.English);
        Assert.Equal("Formal demand for payment", message.Subject);
        Assert.Equal(
            "Account: ACC-7\n\nDear Ferretería López S.L.,\n\n"
            + "We hereby formally demand payment of €1,375.66 for the following overdue and unpaid invoices, together with the late-payment interest and recovery costs accrued:\n\n"
            + "- Invoice F-2027-001, due 15 Jan 2027, 3 days overdue: €1,234.56\n"
            + "- Invoice F-2027-002, due 20 Jan 2027, due in 2 days: €100.00\n\n"
            + "Principal: €1,334.56. Late-payment interest: €1.10. Recovery costs: €40.00.\n\n"
            + "If we have not received payment or an acceptable payment proposal within ten days of receipt of this demand, we may start legal proceedings to recover the debt.\n\n"
            + "You can pay at https://pay.example.com/acc-7?x=1&y=2 or by transferencia bancaria, tarjeta and Bizum.\n\n"
            + "If you have already paid, please disregard this message. If you have any questions or disagree with an invoice, please contact us and we will look into it.\n\n"
            + "Yours sincerely,\n\nSuministros Norte S.A.",
            message.Body);
    }

    [Fact]
    public void Render_PartialPaymentAck_UsesPaidAndRemaining()
    {
        var values = Values().WithPayment(new Money(1000m, Eur), new Money(375.66m, Eur));
        var message = TemplateCatalog.Default.Render(TemplateKeys.PaymentPartialAck, NotificationChannel.Sms, Language.Spanish, values, Language.Spanish);
        Assert.Equal(
            "Suministros Norte S.A.: hemos recibido su pago de 1.000,00 €. Gracias. Queda pendiente 375,66 €; puede pagarlo en https://pay.example.com/acc-7?x=1&y=2",
            message.Body);
    }

    [Fact]
    public void Render_PromiseBrokenEnglish_UsesPromiseDate()
    {
        var message = TemplateCatalog.Default.Render(
            TemplateKeys.PromiseBroken, NotificationChannel.Sms, Language.English, Values().WithPromiseDate(new LocalDate(2027, 2, 1)), Language.English);
        Assert.Equal(
            "Suministros Norte S.A.: we have not received the payment you promised for 1 Feb 2027. Outstanding: €1,375.66. Pay at https://pay.example.com/acc-7?x=1&y=2 or call us today.",
            message.Body);
    }

    [Fact]
    public void Render_EventValueMissing_ThrowsNamingPlaceholder()
    {
        var ex = Assert.Throws<InvalidOperationException>(
            () => TemplateCatalog.Default.Render(TemplateKeys.PaymentThankYou, NotificationChannel.Sms, Language.Spanish, Values(), Language.Spanish));
        Assert.Contains("{{settlement.text}}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithSettlement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CallTaskSpanish_ExactText()
    {
        var message = TemplateCatalog.Default.Render(TemplateKeys.TaskCallCustomer, NotificationChannel.PhoneCall, Language.Spanish, Values(), Language.Spanish);
        Assert.Equal(
            "Llamar a Ferretería López S.L. (cuenta ACC-7) por el impago de 1.334,56 € vencido el 15/01/2027 (3 días de retraso).\n"
            + "- Factura F-2027-001, vencimiento 15/01/2027, 3 días de retraso: 1.234,56 €\n"
            + "- Factura F-2027-002, vencimiento 20/01/2027, vence en 2 días: 100,00 €\n"
            + "Objetivo: confirmar que ha recibido las facturas, preguntar si hay alguna incidencia y acordar una fecha concreta de pago; registrar la promesa de pago.\n"
            + "Métodos de pago aceptados: transferencia bancaria, tarjeta y Bizum. Enlace de pago: https://pay.example.com/acc-7?x=1&y=2",
            message.Body);
    }

    [Theory]
    [InlineData("a {{{{b}}}} c", "a {{b}} c")]
    [InlineData("{ single } braces", "{ single } braces")]
    [InlineData("{{ customer.name }}!", "Ana!")]
    [InlineData("{{{{{{customer.name}}}}}}", "{{Ana}}")]
    public void Render_BraceEscapes_Literal(string body, string expected)
        => Assert.Equal(expected, Sms(body).Render(Values("Ana")).Body);

    [Fact]
    public void Constructor_SeveralErrors_AllReportedWithPositions()
    {
        var ex = Assert.Throws<InvalidTemplateException>(
            () => new MessageTemplate("reminder-firm", NotificationChannel.Email, Language.Spanish, null, "Hola {{customer.nam}}\nvea {{promise.date}} }} y {{ roto"));
        Assert.Equal(
            new[]
            {
                "reminder-firm (Email, es) subject, line 1, column 1: a subject is required for Email.",
                "reminder-firm (Email, es) body, line 1, column 6: unknown placeholder {{customer.nam}} (known: customer.name, account.id, items.table, amount.principal, amount.interest, amount.fees, amount.total, amount.open, amount.remaining, amount.paid, date.due, days.overdue, days.status, payment.link, payment.methods, company.name, promise.date, interest.provisional, settlement.text).",
                "reminder-firm (Email, es) body, line 2, column 5: placeholder {{promise.date}} is not available in template 'reminder-firm' (its value exists only for 'promise-broken').",
                "reminder-firm (Email, es) body, line 2, column 22: unbalanced '}}' (write '}}}}' for a literal '}}').",
                "reminder-firm (Email, es) body, line 2, column 27: malformed placeholder: expected {{name}} with a name of letters, digits, '.', '-' or '_' (write '{{{{' for a literal '{{').",
            },
            ex.Errors.Select(e => e.ToString()).ToArray());
        Assert.Equal(5, ex.Errors[1].Position);
        Assert.Equal("body", ex.ParamName);
    }

    [Fact]
    public void Constructor_EmptyAndOverLong_Errors()
    {
        Assert.Equal("the body is empty.", Assert.Single(Assert.Throws<InvalidTemplateException>(() => Sms("  ")).Errors).Message);
        var longBody = new string('x', 481);
        var error = Assert.Single(Assert.Throws<InvalidTemplateException>(() => Sms(longBody)).Errors);
        Assert.Equal("the body has 481 characters; at most 480 are accepted for Sms.", error.Message);
        Assert.Equal(480, error.Position);
    }

    [Fact]
    public void Constructor_SubjectRules_Enforced()
    {
        Assert.Contains(
            "a subject must be left out for Sms",
            Assert.Throws<InvalidTemplateException>(() => new MessageTemplate("custom", NotificationChannel.Sms, Language.Spanish, "x", "y")).Message,
            StringComparison.Ordinal);
        var tableInSubject = Assert.Single(Assert.Throws<InvalidTemplateException>(
            () => new MessageTemplate("custom", NotificationChannel.Letter, Language.Spanish, "{{items.table}}", "y")).Errors);
        Assert.Equal("placeholder {{items.table}} cannot be used in a subject.", tableInSubject.Message);
        Assert.Equal(TemplatePart.Subject, tableInSubject.Part);
    }

    [Theory]
    [InlineData("Reminder")]
    [InlineData("a--b")]
    [InlineData("-a")]
    [InlineData("a b")]
    public void Constructor_MalformedKey_Throws(string key)
        => Assert.Contains($"(was '{key}')", Assert.Throws<ArgumentException>(() => Sms("x", key)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("fr")]
    [InlineData("fr-CA")]
    [InlineData("pt-BR")]
    public void Constructor_UnsupportedLanguage_ThrowsNamingIt(string language)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MessageTemplate("custom", NotificationChannel.Sms, Language.FromTag(language), null, "x"));
        Assert.Equal("language", ex.ParamName);
        Assert.Contains($"(was '{language}')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullLanguage_ThrowsArgumentNull()
        => Assert.Equal("language", Assert.Throws<ArgumentNullException>(() => new MessageTemplate("custom", NotificationChannel.Sms, null!, null, "x")).ParamName);

    [Fact]
    public void Check_InvalidTemplate_ReturnsErrorsWithoutThrowing()
    {
        Assert.Empty(MessageTemplate.Check("custom", NotificationChannel.Sms, Language.Spanish, null, "ok {{customer.name}}"));
        Assert.Single(MessageTemplate.Check("custom", NotificationChannel.Sms, Language.Spanish, null, "bad {{x}}"));
    }

    [Fact]
    public void Default_EveryKeyEveryNoticeChannelBothLanguages_Present()
    {
        var catalog = TemplateCatalog.Default;
        Assert.Equal(TemplateKeys.All.Order(StringComparer.Ordinal), catalog.Keys);
        foreach (string key in TemplateKeys.All)
        {
            var channels = key == TemplateKeys.TaskCallCustomer
                ? new[] { NotificationChannel.PhoneCall }
                : new[] { NotificationChannel.Email, NotificationChannel.Sms, NotificationChannel.WhatsApp, NotificationChannel.Letter };
            foreach (var channel in channels)
            {
                foreach (var language in new[] { Language.Spanish, Language.English })
                {
                    Assert.True(catalog.TryFind(key, channel, language, language, out var t), $"{key} {channel} {language}");
                    Assert.Equal(language, t!.Language);
                }
            }
        }

        Assert.Equal((13 * 4 * 2) + 2, catalog.Templates.Length); // 13 notice keys (issue 20 added notice-subscription-cancelled)
    }

    [Fact]
    public void Default_EveryTemplate_RevalidatesAndRendersInItsLanguage()
    {
        var values = Values().WithPayment(new Money(10m, Eur), new Money(5m, Eur)).WithPromiseDate(new LocalDate(2027, 2, 1));
        foreach (var t in TemplateCatalog.Default.Templates)
        {
            Assert.Empty(MessageTemplate.Check(t.Key, t.Channel, t.Language, t.Subject, t.Body, t.BodyFormat));
            var message = t.Render(values);
            Assert.DoesNotContain("{{", message.Body, StringComparison.Ordinal);
            Assert.Equal(t.Language, message.Language);
            Assert.DoesNotContain(t.Language == Language.Spanish ? "€1" : "0 €", message.Body + message.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Default_Tones_FirmMentionsInterestFriendlyDoesNot()
    {
        // The firm reminder mentions late interest (agreed vocabulary: "reminder-firm — mentions late interest").
        Assert.Contains("intereses de demora", TemplateCatalog.Default.Find(TemplateKeys.ReminderFirm, NotificationChannel.Email, Language.Spanish, Language.Spanish).Body, StringComparison.Ordinal);
        Assert.Contains("late-payment interest", TemplateCatalog.Default.Find(TemplateKeys.ReminderFirm, NotificationChannel.Email, Language.English, Language.English).Body, StringComparison.Ordinal);

        // Friendly reminders mention neither interest nor consequences.
        foreach (var t in TemplateCatalog.Default.Templates.Where(t => t.Key is TemplateKeys.ReminderBeforeDue or TemplateKeys.ReminderDueToday))
        {
            Assert.DoesNotContain("interes", t.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("interest", t.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Placeholders_All_ExactlyTheAgreedList()
    {
        // The agreed vocabulary (escalation keys contract shared by engine, templates and runner).
        Assert.Equal(
            new[]
            {
                "customer.name", "account.id", "items.table", "amount.principal", "amount.interest", "amount.fees", "amount.total",
                "amount.open", "amount.remaining", "amount.paid", "date.due", "days.overdue",
                "days.status", // the status in words, the noun in the right number ("1 día", not "1 días")
                "payment.link", "payment.methods", "company.name", "promise.date",
                "interest.provisional", // issue 16 §1: the provisional-interest note
                "settlement.text", // issue 13: what a payment-event notice acknowledges (payment, credit note, applied credit)
            },
            TemplatePlaceholders.All);
    }

    [Fact]
    public void Render_EveryPlaceholder_Supported()
    {
        // A provisional figure: 2027-H1 not loaded, the 2026-H2 value (10,15 % here, for the example) carried forward.
        var values = Values().WithPayment(new Money(1000m, Eur), new Money(375.66m, Eur)).WithPromiseDate(new LocalDate(2027, 2, 1))
            .WithProvisionalInterest([new Cobranza.Core.Interest.ProvisionalInterestPeriod(new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 18), 0.1015m,
                new Cobranza.Core.Interest.CarriedReferenceRate("ES-LATE-PAYMENT-COMMERCIAL", 0.1015m, new LocalDate(2026, 7, 1), new LocalDate(2026, 12, 31)))]);
        var expected = new Dictionary<string, (string Es, string En)>
        {
            ["customer.name"] = ("Ferretería López S.L.", "Ferretería López S.L."),
            ["account.id"] = ("ACC-7", "ACC-7"),
            ["items.table"] = (
                "- Factura F-2027-001, vencimiento 15/01/2027, 3 días de retraso: 1.234,56 €\n- Factura F-2027-002, vencimiento 20/01/2027, vence en 2 días: 100,00 €",
                "- Invoice F-2027-001, due 15 Jan 2027, 3 days overdue: €1,234.56\n- Invoice F-2027-002, due 20 Jan 2027, due in 2 days: €100.00"),
            ["amount.principal"] = ("1.334,56 €", "€1,334.56"),
            ["amount.interest"] = ("1,10 €", "€1.10"),
            ["amount.fees"] = ("40,00 €", "€40.00"),
            ["amount.total"] = ("1.375,66 €", "€1,375.66"), // 1,334.56 + 1.10 + 40.00
            ["amount.open"] = ("2.375,66 €", "€2,375.66"),
            ["amount.remaining"] = ("375,66 €", "€375.66"),
            ["amount.paid"] = ("1.000,00 €", "€1,000.00"),
            ["date.due"] = ("15/01/2027", "15 Jan 2027"),
            ["days.overdue"] = ("3", "3"),
            ["days.status"] = ("3 días de retraso", "3 days overdue"),
            ["payment.link"] = ("https://pay.example.com/acc-7?x=1&y=2", "https://pay.example.com/acc-7?x=1&y=2"),
            ["payment.methods"] = ("transferencia bancaria, tarjeta y Bizum", "transferencia bancaria, tarjeta and Bizum"),
            ["company.name"] = ("Suministros Norte S.A.", "Suministros Norte S.A."),
            ["promise.date"] = ("01/02/2027", "1 Feb 2027"),
            ["settlement.text"] = ("Hemos recibido su pago de 1.000,00 €.", "We have received your payment of €1,000.00."), // WithPayment: a payment
            ["interest.provisional"] = (
                "Intereses provisionales: del 01/01/2027 al 18/01/2027 el tipo oficial aún no está publicado; se ha aplicado provisionalmente el último conocido, del 10,15 % (vigente del 01/07/2026 al 31/12/2026). El importe de los intereses se recalculará cuando se publique el tipo oficial.\n\n",
                "Provisional interest: from 1 Jan 2027 to 18 Jan 2027 the official rate has not been published yet; the last known rate, 10.15% (in force from 1 Jul 2026 to 31 Dec 2026), has been applied provisionally. The interest will be recalculated when the official rate is published.\n\n"),
        };
        Assert.Equal(TemplatePlaceholders.All.Order(StringComparer.Ordinal), expected.Keys.Order(StringComparer.Ordinal));
        foreach (string name in TemplatePlaceholders.All)
        {
            string key = name switch
            {
                "amount.remaining" => TemplateKeys.PaymentPartialAck,
                "amount.paid" => TemplateKeys.PaymentThankYou,
                "settlement.text" => TemplateKeys.NoticeServiceRestored,
                "promise.date" => TemplateKeys.PromiseBroken,
                _ => "custom",
            };
            Assert.Equal(expected[name].Es, new MessageTemplate(key, NotificationChannel.Sms, Language.Spanish, null, "{{" + name + "}}").Render(values).Body);
            Assert.Equal(expected[name].En, new MessageTemplate(key, NotificationChannel.Sms, Language.English, null, "{{" + name + "}}").Render(values).Body);
        }
    }

    [Theory]
    [InlineData(1, "1 día de retraso", "1 day overdue")]
    [InlineData(2, "2 días de retraso", "2 days overdue")]
    [InlineData(0, "vence hoy", "due today")]
    [InlineData(-1, "vence en 1 día", "due in 1 day")]
    [InlineData(-5, "vence en 5 días", "due in 5 days")]
    public void DaysStatus_NounAgreesWithTheNumber(int daysOverdue, string es, string en)
    {
        // The default call task and firm notice read "(1 días de retraso)" on an item one day overdue when they wrote a
        // noun after {{days.overdue}}; {{days.status}} says it in words (RAE: "día" singular with 1).
        var dueDate = new LocalDate(2027, 1, 15);
        var values = new TemplateValues("Cliente", "ACC-1", [new NoticeItemLine("F-1", dueDate, daysOverdue, new Money(10m, Eur))],
            new Money(10m, Eur), new Money(0m, Eur), new Money(0m, Eur), new Money(10m, Eur), dueDate, daysOverdue, "https://pay.example.com/a",
            ["transferencia"], "Empresa");
        Assert.Equal(es, new MessageTemplate("custom", NotificationChannel.Sms, Language.Spanish, null, "({{days.status}})").Render(values).Body.Trim('(', ')'));
        Assert.Equal(en, new MessageTemplate("custom", NotificationChannel.Sms, Language.English, null, "({{days.status}})").Render(values).Body.Trim('(', ')'));
    }

    [Fact]
    public void Find_LanguageFallback_RegionThenPrimaryThenPolicy()
    {
        var catalog = TemplateCatalog.Create(
        [
            new MessageTemplate("custom", NotificationChannel.Sms, Language.Spanish, null, "es"),
            new MessageTemplate("custom", NotificationChannel.Sms, Language.FromTag("es-CO"), null, "es-CO"),
            new MessageTemplate("custom", NotificationChannel.Sms, Language.English, null, "en"),
        ]);
        Assert.Equal("es-CO", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("es-co"), Language.Spanish).Body);
        Assert.Equal("es", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("es-MX"), Language.Spanish).Body);
        Assert.Equal("en", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("en-US"), Language.English).Body);
        Assert.Equal("en", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("fr-FR"), Language.English).Body);
        Assert.Equal("es", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("fr"), Language.Spanish).Body);
        Assert.Equal("es-CO", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("fr"), Language.FromTag("es-CO")).Body); // the fallback's own region first
        Assert.Equal("en", catalog.Find("custom", NotificationChannel.Sms, Language.FromTag("fr"), Language.FromTag("en-GB")).Body); // then its primary language
        Assert.Throws<KeyNotFoundException>(() => catalog.Find("custom", NotificationChannel.Email, Language.Spanish, Language.Spanish));
        Assert.False(catalog.TryFind("other", NotificationChannel.Sms, Language.Spanish, Language.Spanish, out _));
    }

    [Fact]
    public void Create_Duplicates_ThrowsListingThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => TemplateCatalog.Create([Sms("a"), Sms("b")]));
        Assert.Contains("custom (Sms, es)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_Override_ReplacesOnlyThatTemplate()
    {
        var custom = new MessageTemplate(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.Spanish, null, "{{company.name}}: pague {{amount.principal}}.");
        var catalog = TemplateCatalog.Default.With([custom]);
        Assert.Equal(TemplateCatalog.Default.Templates.Length, catalog.Templates.Length);
        Assert.Same(custom, catalog.Find(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.Spanish, Language.Spanish));
        Assert.Equal(
            TemplateCatalog.Default.Find(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.English, Language.English),
            catalog.Find(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.English, Language.English));
    }

    [Fact]
    public void TemplateValues_BadLink_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TemplateValues(
            "A", "B", [], new Money(1m, Eur), new Money(0m, Eur), new Money(0m, Eur), new Money(1m, Eur), new LocalDate(2027, 1, 1), 0, "javascript:alert(1)", ["x"], "C"));
        Assert.Equal("paymentLink", ex.ParamName);
        Assert.Contains("javascript:alert(1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplateValues_MixedCurrencies_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TemplateValues(
            "A", "B", [], new Money(1m, Eur), new Money(0m, Currency.FromCode("USD")), new Money(0m, Eur), new Money(1m, Eur), new LocalDate(2027, 1, 1), 0, "https://x.example", ["x"], "C"));
        Assert.Equal("amountInterest", ex.ParamName);
    }
}
