using System.IO;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Interest;

namespace Cobranza.Cli.Interest;

/// <summary>Writes an <see cref="InterestStatement"/> and the request it answers as JSON.</summary>
internal static class InterestOutput
{
    internal static void WriteJson(TextWriter output, InterestInput input, LateInterestRequest request, InterestStatement statement, Language language)
    {
        JsonOut.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("preset", input.PresetName);
            writer.WriteString("presetName", input.Preset.Name);
            writer.WriteString("legalSource", input.Preset.LegalSource);
            JsonOut.Date(writer, "dueDate", request.DueDate);
            JsonOut.Date(writer, "calculateUntil", request.CalculateUntil);
            JsonOut.Money(writer, "openingBalance", request.OpeningBalance);
            writer.WriteStartArray("balanceChanges");
            foreach (var change in request.BalanceChanges)
            {
                writer.WriteStartObject();
                JsonOut.Date(writer, "date", change.Date);
                JsonOut.Money(writer, "amount", change.Amount);
                writer.WriteString("description", change.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("segments");
            foreach (var segment in statement.Segments)
            {
                writer.WriteStartObject();
                JsonOut.Date(writer, "start", segment.Start);
                JsonOut.Date(writer, "end", segment.End);
                JsonOut.Date(writer, "lastDay", segment.LastDay);
                writer.WriteNumber("days", segment.Days);
                JsonOut.Money(writer, "balance", segment.Balance);
                writer.WriteNumber("annualRate", segment.AnnualRate);
                writer.WriteString("quotation", segment.Quotation.ToString());
                writer.WriteString("dayCount", segment.DayCount.Name);
                writer.WriteString("rateSource", segment.RateSource);
                writer.WriteBoolean("capped", segment.Capped);
                if (segment.UncappedRate is { } uncapped)
                {
                    writer.WriteNumber("uncappedRate", uncapped);
                }

                writer.WriteNumber("exactAmount", segment.ExactAmount);
                JsonOut.Money(writer, "amount", segment.Amount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("fees");
            foreach (var fee in statement.Fees)
            {
                writer.WriteStartObject();
                writer.WriteString("code", fee.Code);
                writer.WriteString("description", fee.Description);
                JsonOut.Money(writer, "amount", fee.Amount);
                writer.WriteString("legalSource", fee.LegalSource);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            JsonOut.Money(writer, "accruedInterest", statement.AccruedInterest);
            JsonOut.Money(writer, "interest", statement.Interest);
            JsonOut.Money(writer, "feesTotal", statement.FeesTotal);
            JsonOut.Money(writer, "total", statement.Total);
            JsonOut.Date(writer, "firstAccruingDay", statement.FirstAccruingDay);
            JsonOut.Date(writer, "lastAccruingDay", statement.LastAccruingDay);
            writer.WriteBoolean("isProvisional", statement.IsProvisional);
            writer.WriteStartArray("notes");
            foreach (var note in statement.Notes)
            {
                writer.WriteStringValue(note.ToString(Format.Culture(language)));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
