using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// The wording of the built-in catalog (<see cref="TemplateCatalog.Default"/>): every key in Spanish and English for
/// e-mail (HTML), SMS, WhatsApp and letter, and the call task for the phone. Polite, direct, one step firmer per
/// tone; every reminder says what to do if already paid or if an invoice is disputed; consequences are only those a
/// creditor may lawfully take (interest and recovery costs under the terms and the law, suspension under the terms,
/// hand-over to an agency, legal action).
/// </summary>
internal static class DefaultTemplates
{
    private sealed record Wording(string Subject, string[] Paragraphs, string Sms, bool PayLine = true, bool Footer = true, bool InterestNote = true);

    /// <summary>
    /// The provisional-interest note (a block: nothing when the interest uses published rates only), before the payment
    /// line of every notice that asks for payment of overdue items (not the friendly reminders before and on the due
    /// date, which state no interest; docs/templates.md).
    /// </summary>
    private const string ProvisionalNote = "{{" + TemplatePlaceholders.InterestProvisional + "}}";


    internal static IEnumerable<MessageTemplate> Create()
    {
        foreach (var (key, es, en) in Notices())
        {
            foreach (var (language, wording) in new[] { (Language.Spanish, es), (Language.English, en) })
            {
                bool spanish = language == Language.Spanish;
                yield return new MessageTemplate(key, NotificationChannel.Email, language, wording.Subject, Email(wording, spanish));
                yield return new MessageTemplate(key, NotificationChannel.Sms, language, null, wording.Sms);
                yield return new MessageTemplate(key, NotificationChannel.WhatsApp, language, null, WhatsApp(wording, spanish));
                yield return new MessageTemplate(key, NotificationChannel.Letter, language, wording.Subject, Letter(wording, spanish));
            }
        }

        yield return new MessageTemplate(TemplateKeys.TaskCallCustomer, NotificationChannel.PhoneCall, Language.Spanish, null,
            "Llamar a {{customer.name}} (cuenta {{account.id}}) por el impago de {{amount.principal}} vencido el {{date.due}} ({{days.status}}).\n"
            + "{{items.table}}\n"
            + "Objetivo: confirmar que ha recibido las facturas, preguntar si hay alguna incidencia y acordar una fecha concreta de pago; registrar la promesa de pago.\n"
            + "Métodos de pago aceptados: {{payment.methods}}. Enlace de pago: {{payment.link}}");
        yield return new MessageTemplate(TemplateKeys.TaskCallCustomer, NotificationChannel.PhoneCall, Language.English, null,
            "Call {{customer.name}} (account {{account.id}}) about the unpaid {{amount.principal}} due on {{date.due}} ({{days.status}}).\n"
            + "{{items.table}}\n"
            + "Goal: confirm the invoices were received, ask whether there is any issue and agree a specific payment date; record the promise to pay.\n"
            + "Accepted payment methods: {{payment.methods}}. Payment link: {{payment.link}}");
    }

    private static string Email(Wording w, bool es)
    {
        var b = new StringBuilder();
        b.Append("<p>").Append(es ? "Estimado/a {{customer.name}}:" : "Dear {{customer.name}},").Append("</p>\n");
        foreach (string p in w.Paragraphs)
        {
            b.Append(p == "{{items.table}}" ? p : "<p>" + p + "</p>").Append('\n');
        }

        if (w.PayLine)
        {
            b.Append(w.InterestNote ? ProvisionalNote : string.Empty); // renders nothing unless the interest stated is provisional

            b.Append(es
                ? "<p>Puede pagar en línea en <a href=\"{{payment.link}}\">{{payment.link}}</a> o mediante {{payment.methods}}.</p>\n"
                : "<p>You can pay online at <a href=\"{{payment.link}}\">{{payment.link}}</a> or by {{payment.methods}}.</p>\n");
        }

        if (w.Footer)
        {
            b.Append("<p>").Append(Footer(es)).Append("</p>\n");
        }

        b.Append(es ? "<p>Atentamente,<br>{{company.name}}</p>" : "<p>Kind regards,<br>{{company.name}}</p>");
        return b.ToString();
    }

    private static string WhatsApp(Wording w, bool es)
    {
        var b = new StringBuilder();
        b.Append(es ? "Hola, {{customer.name}}:" : "Hello {{customer.name}},").Append("\n\n");
        foreach (string p in w.Paragraphs)
        {
            b.Append(p).Append("\n\n");
        }

        if (w.PayLine)
        {
            b.Append(w.InterestNote ? ProvisionalNote : string.Empty);
            b.Append(es ? "Puede pagar en {{payment.link}} o mediante {{payment.methods}}.\n\n" : "You can pay at {{payment.link}} or by {{payment.methods}}.\n\n");
        }

        if (w.Footer)
        {
            b.Append(es ? "Si ya ha pagado, no tenga en cuenta este mensaje; si tiene alguna duda, respóndanos.\n\n" : "If you have already paid, please disregard this message; if you have any questions, just reply.\n\n");
        }

        b.Append("{{company.name}}");
        return b.ToString();
    }

    private static string Letter(Wording w, bool es)
    {
        var b = new StringBuilder();
        b.Append(es ? "Cuenta: {{account.id}}\n\nEstimado/a {{customer.name}}:\n\n" : "Account: {{account.id}}\n\nDear {{customer.name}},\n\n");
        foreach (string p in w.Paragraphs)
        {
            b.Append(p).Append("\n\n");
        }

        if (w.PayLine)
        {
            b.Append(w.InterestNote ? ProvisionalNote : string.Empty);
            b.Append(es ? "Puede pagar en {{payment.link}} o mediante {{payment.methods}}.\n\n" : "You can pay at {{payment.link}} or by {{payment.methods}}.\n\n");
        }

        if (w.Footer)
        {
            b.Append(Footer(es)).Append("\n\n");
        }

        b.Append(es ? "Atentamente,\n\n{{company.name}}" : "Yours sincerely,\n\n{{company.name}}");
        return b.ToString();
    }

    private static string Footer(bool es) => es
        ? "Si ya ha realizado el pago, le rogamos que no tenga en cuenta este mensaje. Si tiene alguna duda o no está conforme con alguna factura, contáctenos y lo revisaremos."
        : "If you have already paid, please disregard this message. If you have any questions or disagree with an invoice, please contact us and we will look into it.";

    private static IEnumerable<(string Key, Wording Es, Wording En)> Notices()
    {
        yield return (TemplateKeys.ReminderBeforeDue,
            new("Recordatorio: su pago vence el {{date.due}}",
                ["Le recordamos que el {{date.due}} vence el pago de {{amount.total}} de las siguientes facturas:", "{{items.table}}"],
                "{{company.name}}: le recordamos que su pago de {{amount.total}} vence el {{date.due}}. Puede pagar en {{payment.link}}. Si ya pagó, ignore este mensaje.",
                InterestNote: false),
            new("Reminder: your payment is due on {{date.due}}",
                ["This is a friendly reminder that payment of {{amount.total}} for the invoices below is due on {{date.due}}:", "{{items.table}}"],
                "{{company.name}}: a reminder that your payment of {{amount.total}} is due on {{date.due}}. Pay at {{payment.link}}. If you have already paid, please ignore this message.",
                InterestNote: false));

        // Worded without "today": a due-day reminder that the quiet rules defer past a weekend or holiday is sent on
        // the next allowed day (docs/escalation.md, "Deferred notices"), and each item's status says where it stands then.
        yield return (TemplateKeys.ReminderDueToday,
            new("Vencimiento de su pago de {{amount.total}}: {{date.due}}",
                ["Le recordamos el pago de {{amount.total}} de las siguientes facturas, con vencimiento el {{date.due}}:", "{{items.table}}"],
                "{{company.name}}: le recordamos su pago de {{amount.total}} con vencimiento el {{date.due}}. Puede pagar en {{payment.link}}. Si ya pagó, ignore este mensaje.",
                InterestNote: false),
            new("Your payment of {{amount.total}} due on {{date.due}}",
                ["A reminder of the payment of {{amount.total}} for the invoices below, due on {{date.due}}:", "{{items.table}}"],
                "{{company.name}}: a reminder of your payment of {{amount.total}} due on {{date.due}}. Pay at {{payment.link}}. If you have already paid, please ignore this message.",
                InterestNote: false));

        yield return (TemplateKeys.ReminderFirm,
            new("Pago pendiente: {{amount.principal}} vencido el {{date.due}}",
                [
                    "No hemos recibido el pago de {{amount.principal}}, vencido el {{date.due}} ({{days.status}}):",
                    "{{items.table}}",
                    "A la fecha de este aviso, el importe pendiente asciende a {{amount.total}}: {{amount.principal}} de principal, {{amount.interest}} de intereses de demora y {{amount.fees}} de costes de cobro.",
                    "Le rogamos que lo abone a la mayor brevedad. Le recordamos que, conforme a nuestras condiciones de pago y a la ley, los importes vencidos devengan intereses de demora desde la fecha de vencimiento.",
                ],
                "{{company.name}}: su pago de {{amount.principal}} venció el {{date.due}}. Los importes vencidos devengan intereses de demora. Pague en {{payment.link}} o contáctenos."),
            new("Overdue payment: {{amount.principal}} due on {{date.due}}",
                [
                    "We have not received payment of {{amount.principal}}, which was due on {{date.due}} ({{days.status}}):",
                    "{{items.table}}",
                    "As at the date of this notice, the amount outstanding is {{amount.total}}: {{amount.principal}} principal, {{amount.interest}} late-payment interest and {{amount.fees}} recovery costs.",
                    "Please make the payment as soon as possible. Under our payment terms and the law, overdue amounts accrue late-payment interest from the due date.",
                ],
                "{{company.name}}: your payment of {{amount.principal}} was due on {{date.due}}. Overdue amounts accrue late-payment interest. Pay at {{payment.link}} or contact us."));

        yield return (TemplateKeys.NoticeFinal,
            new("Último aviso: deuda vencida de {{amount.total}}",
                [
                    "A pesar de nuestros recordatorios anteriores, siguen pendientes de pago las siguientes facturas, vencidas desde el {{date.due}}:",
                    "{{items.table}}",
                    "El importe adeudado asciende a {{amount.total}}: {{amount.principal}} de principal, {{amount.interest}} de intereses de demora y {{amount.fees}} de costes de cobro.",
                    "Le rogamos que abone esta cantidad en los próximos días. Si no recibimos el pago ni noticias suyas, aplicaremos las medidas previstas en nuestras condiciones, que pueden incluir la suspensión del servicio.",
                ],
                "{{company.name}}: último aviso. Su deuda vencida asciende a {{amount.total}}, con intereses y costes de cobro. Pague en {{payment.link}} o contáctenos para evitar la suspensión del servicio."),
            new("Final notice: overdue balance of {{amount.total}}",
                [
                    "Despite our previous reminders, the following invoices, overdue since {{date.due}}, remain unpaid:",
                    "{{items.table}}",
                    "The amount owed is {{amount.total}}: {{amount.principal}} principal, {{amount.interest}} late-payment interest and {{amount.fees}} recovery costs.",
                    "Please pay this amount within the next few days. If we receive neither payment nor a reply, we will take the steps set out in our terms, which may include suspending the service.",
                ],
                "{{company.name}}: final notice. Your overdue balance is {{amount.total}}, including interest and recovery costs. Pay at {{payment.link}} or contact us to avoid suspension of the service."));

        yield return (TemplateKeys.NoticeServiceSuspended,
            new("Servicio suspendido por impago",
                [
                    "Al no haber recibido el pago de las facturas vencidas, hemos suspendido el servicio de la cuenta {{account.id}}, tal como le anunciamos.",
                    "{{items.table}}",
                    "El importe pendiente es de {{amount.total}}, con intereses de demora y costes de cobro. Restableceremos el servicio en cuanto recibamos el pago de este importe.",
                ],
                "{{company.name}}: hemos suspendido el servicio de la cuenta {{account.id}} por impago de {{amount.total}}. Lo restableceremos al recibir el pago: {{payment.link}}"),
            new("Service suspended for non-payment",
                [
                    "As we have not received payment of the overdue invoices, we have suspended the service on account {{account.id}}, as we told you we would.",
                    "{{items.table}}",
                    "The outstanding amount is {{amount.total}}, including late-payment interest and recovery costs. We will restore the service as soon as we receive payment of this amount.",
                ],
                "{{company.name}}: the service on account {{account.id}} is suspended for non-payment of {{amount.total}}. We will restore it once this is paid: {{payment.link}}"));

        yield return (TemplateKeys.NoticeSubscriptionCancelled,
            new("Cancelación de su suscripción por impago",
                [
                    "Al no haber recibido el pago de las facturas vencidas, cancelamos la suscripción de la cuenta {{account.id}}, tal como prevén las condiciones del contrato.",
                    "{{items.table}}",
                    "La cancelación no extingue la deuda. El importe pendiente es de {{amount.total}}, con intereses de demora y costes de cobro.",
                ],
                "{{company.name}}: hemos cancelado la suscripción de la cuenta {{account.id}} por impago. Sigue pendiente {{amount.total}}: {{payment.link}}"),
            new("Subscription cancelled for non-payment",
                [
                    "As we have not received payment of the overdue invoices, we are cancelling the subscription on account {{account.id}}, as the terms of the contract provide.",
                    "{{items.table}}",
                    "Cancelling does not settle the debt. The outstanding amount is {{amount.total}}, including late-payment interest and recovery costs.",
                ],
                "{{company.name}}: the subscription on account {{account.id}} is cancelled for non-payment. {{amount.total}} is still outstanding: {{payment.link}}"));

        yield return (TemplateKeys.NoticeAgencyHandover,
            new("Traslado de su deuda a una agencia de gestión de cobro",
                [
                    "Pese a nuestras comunicaciones anteriores, siguen pendientes de pago las siguientes facturas, vencidas desde el {{date.due}}:",
                    "{{items.table}}",
                    "Le informamos de que hemos encargado el cobro de la deuda, que asciende a {{amount.total}} con intereses de demora y costes de cobro, a una agencia de gestión de cobro, que se pondrá en contacto con usted.",
                    "Si paga el importe completo o acuerda con nosotros un plan de pagos, daremos la gestión por terminada.",
                ],
                "{{company.name}}: hemos encargado el cobro de su deuda de {{amount.total}} a una agencia de gestión de cobro. Para pagar o acordar un plan de pagos: {{payment.link}}"),
            new("Your debt is being passed to a collection agency",
                [
                    "Despite our previous letters, the following invoices, overdue since {{date.due}}, remain unpaid:",
                    "{{items.table}}",
                    "We have instructed a collection agency to recover the debt, which amounts to {{amount.total}} including late-payment interest and recovery costs. The agency will contact you.",
                    "If you pay the full amount or agree a payment plan with us, we will close the case.",
                ],
                "{{company.name}}: we have instructed a collection agency to recover your debt of {{amount.total}}. To pay or agree a payment plan: {{payment.link}}"));

        yield return (TemplateKeys.NoticeLegal,
            new("Requerimiento formal de pago",
                [
                    "Por medio de la presente le requerimos formalmente el pago de {{amount.total}}, correspondiente a las siguientes facturas vencidas e impagadas, con los intereses de demora y los costes de cobro devengados:",
                    "{{items.table}}",
                    "Principal: {{amount.principal}}. Intereses de demora: {{amount.interest}}. Costes de cobro: {{amount.fees}}.",
                    "Si en el plazo de diez días desde la recepción de este requerimiento no hemos recibido el pago o una propuesta de pago aceptable, podremos iniciar las acciones judiciales que correspondan para reclamar la deuda.",
                ],
                "{{company.name}}: le hemos enviado un requerimiento formal de pago de {{amount.total}}. Para pagar o hablar con nosotros: {{payment.link}}"),
            new("Formal demand for payment",
                [
                    "We hereby formally demand payment of {{amount.total}} for the following overdue and unpaid invoices, together with the late-payment interest and recovery costs accrued:",
                    "{{items.table}}",
                    "Principal: {{amount.principal}}. Late-payment interest: {{amount.interest}}. Recovery costs: {{amount.fees}}.",
                    "If we have not received payment or an acceptable payment proposal within ten days of receipt of this demand, we may start legal proceedings to recover the debt.",
                ],
                "{{company.name}}: we have sent you a formal demand for payment of {{amount.total}}. To pay or talk to us: {{payment.link}}"));

        // Thank-you and service restored: {{settlement.text}} says what happened — a payment, a credit note, applied
        // credit — so the wording is true however the account was settled or the block lifted (issue 13).
        yield return (TemplateKeys.PaymentThankYou,
            new("Su cuenta está al corriente",
                ["{{settlement.text}} Su cuenta {{account.id}} queda al corriente.", "Muchas gracias por su confianza."],
                "{{company.name}}: {{settlement.text}} Su cuenta está al corriente. Gracias.",
                PayLine: false, Footer: false),
            new("Your account is up to date",
                ["{{settlement.text}} Your account {{account.id}} is now up to date.", "Thank you for your business."],
                "{{company.name}}: {{settlement.text}} Your account is up to date. Thank you.",
                PayLine: false, Footer: false));

        yield return (TemplateKeys.PaymentPartialAck,
            new("Hemos recibido su pago de {{amount.paid}}",
                ["Hemos recibido su pago de {{amount.paid}}. Muchas gracias.", "Queda pendiente un importe de {{amount.remaining}} de las siguientes facturas:", "{{items.table}}"],
                "{{company.name}}: hemos recibido su pago de {{amount.paid}}. Gracias. Queda pendiente {{amount.remaining}}; puede pagarlo en {{payment.link}}"),
            new("We have received your payment of {{amount.paid}}",
                ["We have received your payment of {{amount.paid}}. Thank you.", "A balance of {{amount.remaining}} remains outstanding on the following invoices:", "{{items.table}}"],
                "{{company.name}}: we have received your payment of {{amount.paid}}. Thank you. {{amount.remaining}} remains outstanding; you can pay it at {{payment.link}}"));

        yield return (TemplateKeys.NoticeServiceRestored,
            new("Servicio restablecido",
                ["{{settlement.text}} Hemos restablecido el servicio de la cuenta {{account.id}}.", "Gracias por su confianza."],
                "{{company.name}}: {{settlement.text}} El servicio de la cuenta {{account.id}} está restablecido.",
                PayLine: false, Footer: false),
            new("Service restored",
                ["{{settlement.text}} We have restored the service on account {{account.id}}.", "Thank you for your business."],
                "{{company.name}}: {{settlement.text}} The service on account {{account.id}} is restored.",
                PayLine: false, Footer: false));

        yield return (TemplateKeys.PromiseBroken,
            new("No hemos recibido el pago comprometido para el {{promise.date}}",
                [
                    "Usted se comprometió a pagar el {{promise.date}}, pero no hemos recibido el pago. Sigue pendiente un importe de {{amount.total}}:",
                    "{{items.table}}",
                    "Le rogamos que lo abone de inmediato o que se ponga en contacto con nosotros hoy mismo.",
                ],
                "{{company.name}}: no hemos recibido el pago que se comprometió a hacer el {{promise.date}}. Pendiente: {{amount.total}}. Pague en {{payment.link}} o llámenos hoy."),
            new("We have not received the payment promised for {{promise.date}}",
                [
                    "You agreed to pay by {{promise.date}}, but we have not received the payment. {{amount.total}} remains outstanding:",
                    "{{items.table}}",
                    "Please pay it now or contact us today.",
                ],
                "{{company.name}}: we have not received the payment you promised for {{promise.date}}. Outstanding: {{amount.total}}. Pay at {{payment.link}} or call us today."));

        yield return (TemplateKeys.PlanInstallmentOverdue,
            new("Cuota vencida de su plan de pagos",
                [
                    "No hemos recibido el pago de la cuota de su plan de pagos que venció el {{date.due}}. El importe vencido es de {{amount.total}}:",
                    "{{items.table}}",
                    "Le rogamos que la abone cuanto antes para mantener el plan en vigor. Si tiene dificultades, contáctenos y buscaremos una solución.",
                ],
                "{{company.name}}: la cuota de {{amount.total}} de su plan de pagos venció el {{date.due}}. Pague en {{payment.link}} para mantener el plan en vigor."),
            new("Overdue installment on your payment plan",
                [
                    "We have not received the installment of your payment plan that was due on {{date.due}}. The overdue amount is {{amount.total}}:",
                    "{{items.table}}",
                    "Please pay it as soon as possible to keep the plan in force. If you are having difficulties, contact us and we will look for a solution.",
                ],
                "{{company.name}}: the installment of {{amount.total}} on your payment plan was due on {{date.due}}. Pay at {{payment.link}} to keep the plan in force."));
    }
}
