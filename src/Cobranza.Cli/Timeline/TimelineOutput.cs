using System.Globalization;
using System.IO;
using System.Linq;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Cli.Timeline;

/// <summary>Writes a <see cref="TimelineResult"/> as text (es/en) or JSON.</summary>
internal static class TimelineOutput
{
    internal static string When(LocalDateTime local, Language language)
        => Format.Date(local.Date, language) + " " + local.TimeOfDay.ToString("HH':'mm", CultureInfo.InvariantCulture);

    internal static string KindLabel(string kind, Language language) => kind switch
    {
        "invoice" => Format.Text(language, "factura", "invoice"),
        "item" => Format.Text(language, "partida", "item"),
        "payment" => Format.Text(language, "pago", "payment"),
        "promise" => Format.Text(language, "promesa de pago", "promise to pay"),
        "dispute" => Format.Text(language, "disputa", "dispute"),
        "disputeResolved" => Format.Text(language, "disputa resuelta", "dispute resolved"),
        "creditNote" => Format.Text(language, "abono", "credit note"),
        "legalHold" => Format.Text(language, "bloqueo legal", "legal hold"),
        "legalHoldReleased" => Format.Text(language, "fin del bloqueo legal", "legal hold released"),
        "paymentReversed" => Format.Text(language, "pago devuelto (fallido)", "payment reversed (failed)"),
        "excludedFromDunning" => Format.Text(language, "excluida de la reclamación", "excluded from dunning"),
        "returnedToDunning" => Format.Text(language, "vuelve a la reclamación", "returned to dunning"),
        "enforcementOff" => Format.Text(language, "reclamación desactivada", "enforcement off"),
        "enforcementOn" => Format.Text(language, "reclamación reactivada", "enforcement on"),
        _ => kind,
    };

    internal static void WriteText(TextWriter output, TimelineResult timeline, Language language, bool notices)
    {
        var file = timeline.File;
        var zone = file.Customer.TimeZone;
        output.WriteLine(Format.Text(language,
            $"Cuenta {file.AccountId} ({file.Customer.DisplayName}), política {timeline.Policy.Id} v{timeline.Policy.Version}, del {Format.Date(timeline.From, language)} al {Format.Date(timeline.To, language)} ({zone.Id})",
            $"Account {file.AccountId} ({file.Customer.DisplayName}), policy {timeline.Policy.Id} v{timeline.Policy.Version}, {Format.Date(timeline.From, language)} to {Format.Date(timeline.To, language)} ({zone.Id})"));
        output.WriteLine();
        output.WriteLine(Format.Text(language, "Hechos de la cuenta:", "Account events:"));
        foreach (var input in timeline.Inputs)
        {
            var until = input.Until is { } date ? Format.Text(language, " para el ", " for ") + Format.Date(date, language) : string.Empty;
            output.WriteLine($"  {Format.Date(input.On, language),-12} {KindLabel(input.Kind, language)} {input.Label}{until}".TrimEnd());
        }

        output.WriteLine();
        output.WriteLine(Format.Text(language, "Decisiones del motor:", "Engine decisions:"));
        if (timeline.Steps.Length == 0)
        {
            output.WriteLine(Format.Text(language, "  (ninguna en el periodo)", "  (none in the period)"));
        }

        foreach (var step in timeline.Steps)
        {
            foreach (var entry in step.Decisions)
            {
                var decision = entry.Decision;
                var state = entry.Done
                    ? string.Empty
                    : Format.Text(language, "  [aplazada hasta ", "  [deferred until ") + When(decision.NotBefore.InZone(zone).LocalDateTime, language) + "]";
                output.WriteLine($"  {When(step.Local, language)}  {decision.StageId} · {decision.Action} · {decision.Tone} · {decision.Channel?.ToString() ?? "—"}{(decision.TemplateKey is { } key ? " · " + key : string.Empty)}{state}");
                output.WriteLine("      " + Format.Text(language,
                    $"partidas {string.Join(", ", decision.ItemIds)}; principal {Format.Money(decision.PrincipalAmount, language)}, intereses {Format.Money(decision.InterestAmount, language)}, costes {Format.Money(decision.FeeAmount, language)}, a pagar {Format.Money(decision.AmountDue, language)}, saldo de la cuenta {Format.Money(decision.OpenBalance, language)}",
                    $"items {string.Join(", ", decision.ItemIds)}; principal {Format.Money(decision.PrincipalAmount, language)}, interest {Format.Money(decision.InterestAmount, language)}, fees {Format.Money(decision.FeeAmount, language)}, amount due {Format.Money(decision.AmountDue, language)}, account balance {Format.Money(decision.OpenBalance, language)}"));
                if (entry.Skipped is { } reason)
                {
                    output.WriteLine("      " + Format.Text(language, "omitida: ", "skipped: ") + reason);
                }

                foreach (var charge in decision.Charges.Where(_ => entry.Done && entry.Skipped is null))
                {
                    output.WriteLine("      " + Format.Text(language, "cargo: ", "charge: ") + $"{charge.Kind} {Format.Money(charge.Amount, language)} → {charge.ItemId} ({charge.Description})");
                }

                if (notices && entry.Notice is { } notice)
                {
                    output.WriteLine("      " + Format.Text(language, "Asunto: ", "Subject: ") + notice.Subject);
                    foreach (var line in notice.Body.Split('\n'))
                    {
                        output.WriteLine("      | " + line.TrimEnd('\r'));
                    }
                }
            }

            output.WriteLine("    " + Format.Text(language, "siguiente revisión: ", "next look: ") +
                (step.NextEvaluationAt is { } next ? When(next.InZone(zone).LocalDateTime, language) : Format.Text(language, "ninguna (nada cambiará sin un hecho nuevo)", "none (nothing changes without a new event)")));
        }

        var final = timeline.Days.Length > 0 ? timeline.Days[^1] : null;
        if (final is not null)
        {
            output.WriteLine();
            output.WriteLine(Format.Text(language,
                $"Al final del {Format.Date(final.Date, language)}: saldo {Format.Money(final.Outstanding, language)}, vencido {Format.Money(final.Overdue, language)}, intereses {Format.Money(final.InterestOwed, language)}.",
                $"At the end of {Format.Date(final.Date, language)}: balance {Format.Money(final.Outstanding, language)}, overdue {Format.Money(final.Overdue, language)}, interest {Format.Money(final.InterestOwed, language)}."));
        }
    }

    internal static void WriteJson(TextWriter output, TimelineResult timeline)
    {
        var zone = timeline.File.Customer.TimeZone;
        JsonOut.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("accountId", timeline.File.AccountId);
            writer.WriteString("policyId", timeline.Policy.Id);
            writer.WriteNumber("policyVersion", timeline.Policy.Version);
            writer.WriteString("timeZone", zone.Id);
            JsonOut.Date(writer, "from", timeline.From);
            JsonOut.Date(writer, "to", timeline.To);
            writer.WriteStartArray("events");
            foreach (var input in timeline.Inputs)
            {
                writer.WriteStartObject();
                JsonOut.Date(writer, "on", input.On);
                writer.WriteString("kind", input.Kind);
                writer.WriteString("label", input.Label);
                JsonOut.Date(writer, "until", input.Until);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("evaluations");
            foreach (var step in timeline.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("at", InstantPattern.ExtendedIso.Format(step.At));
                writer.WriteString("local", LocalDateTimePattern.ExtendedIso.Format(step.Local));
                if (step.NextEvaluationAt is { } next)
                {
                    writer.WriteString("nextEvaluationAt", InstantPattern.ExtendedIso.Format(next));
                }
                else
                {
                    writer.WriteNull("nextEvaluationAt");
                }

                writer.WriteStartArray("decisions");
                foreach (var entry in step.Decisions)
                {
                    WriteDecision(writer, entry);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("days");
            foreach (var day in timeline.Days)
            {
                writer.WriteStartObject();
                JsonOut.Date(writer, "date", day.Date);
                JsonOut.Money(writer, "outstanding", day.Outstanding);
                JsonOut.Money(writer, "overdue", day.Overdue);
                JsonOut.Money(writer, "interestOwed", day.InterestOwed);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteDecision(System.Text.Json.Utf8JsonWriter writer, TimelineDecision entry)
    {
        var decision = entry.Decision;
        writer.WriteStartObject();
        writer.WriteBoolean("done", entry.Done);
        if (entry.Skipped is { } skipped)
        {
            writer.WriteString("skipped", skipped);
        }

        writer.WriteString("idempotencyKey", decision.IdempotencyKey);
        writer.WriteString("accountId", decision.AccountId);
        writer.WriteString("policyId", decision.PolicyId);
        writer.WriteNumber("policyVersion", decision.PolicyVersion);
        writer.WriteString("stageId", decision.StageId);
        writer.WriteString("action", decision.Action.ToString());
        writer.WriteString("tone", decision.Tone.ToString());
        if (decision.Channel is { } channel)
        {
            writer.WriteString("channel", channel.ToString());
        }
        else
        {
            writer.WriteNull("channel");
        }

        if (decision.TemplateKey is { } key)
        {
            writer.WriteString("templateKey", key);
        }
        else
        {
            writer.WriteNull("templateKey");
        }

        writer.WriteString("language", decision.Language.Tag);
        writer.WriteStartArray("itemIds");
        foreach (var item in decision.ItemIds)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
        JsonOut.Money(writer, "principalAmount", decision.PrincipalAmount);
        JsonOut.Money(writer, "interestAmount", decision.InterestAmount);
        JsonOut.Money(writer, "feeAmount", decision.FeeAmount);
        JsonOut.Money(writer, "amountDue", decision.AmountDue);
        JsonOut.Money(writer, "openBalance", decision.OpenBalance);
        writer.WriteNumber("occurrence", decision.Occurrence);
        writer.WriteString("decidedAt", InstantPattern.ExtendedIso.Format(decision.DecidedAt));
        writer.WriteString("notBefore", InstantPattern.ExtendedIso.Format(decision.NotBefore));
        JsonOut.Date(writer, "promisedDate", decision.PromisedDate);
        if (decision.Settlement is { } settlement)
        {
            writer.WriteStartObject("settlement");
            writer.WriteString("settledBy", settlement.SettledBy.ToString());
            JsonOut.Money(writer, "paid", settlement.Paid);
            JsonOut.Money(writer, "credited", settlement.Credited);
            JsonOut.Money(writer, "remaining", settlement.Remaining);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("settlement");
        }

        writer.WriteString("explanation", decision.Explanation);
        writer.WriteStartArray("charges");
        foreach (var charge in decision.Charges)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", charge.Kind.ToString());
            writer.WriteString("key", charge.Key);
            writer.WriteString("itemId", charge.ItemId);
            JsonOut.Date(writer, "postedOn", charge.PostedOn);
            JsonOut.Date(writer, "through", charge.Through);
            JsonOut.Money(writer, "amount", charge.Amount);
            writer.WriteString("description", charge.Description);
            writer.WriteBoolean("provisional", charge.Provisional);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (entry.Notice is { } notice)
        {
            writer.WriteStartObject("notice");
            writer.WriteString("subject", notice.Subject);
            writer.WriteString("body", notice.Body);
            writer.WriteString("mediaType", notice.MediaType);
            writer.WriteString("language", notice.Language.Tag);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("notice");
        }

        writer.WriteEndObject();
    }
}
