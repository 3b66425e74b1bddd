using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Cobranza.Core.Interest;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.PostgreSql;

/// <summary>
/// The journal's <c>provisional_interest</c> column (jsonb): <see cref="Cobranza.Core.Escalation.EscalationDecision.ProvisionalInterest"/> as
/// <c>[{"from":"yyyy-MM-dd","to":"yyyy-MM-dd","rate":"0.1015","carried":{"table":…,"value":"0.1015","publishedFrom":"yyyy-MM-dd","publishedThrough":"yyyy-MM-dd"|null}|null}]</c>
/// (rates as invariant decimal strings, exact).
/// </summary>
internal static class ProvisionalInterestJson
{
    public static string Write(ImmutableArray<ProvisionalInterestPeriod> periods)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var p in periods)
            {
                json.WriteStartObject();
                json.WriteString("from", LocalDatePattern.Iso.Format(p.From));
                json.WriteString("to", LocalDatePattern.Iso.Format(p.To));
                json.WriteString("rate", p.AnnualRate.ToString(CultureInfo.InvariantCulture));
                if (p.Carried is { } c)
                {
                    json.WriteStartObject("carried");
                    json.WriteString("table", c.TableId);
                    json.WriteString("value", c.Value.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("publishedFrom", LocalDatePattern.Iso.Format(c.PublishedFrom));
                    if (c.PublishedThrough is { } through)
                    {
                        json.WriteString("publishedThrough", LocalDatePattern.Iso.Format(through));
                    }
                    else
                    {
                        json.WriteNull("publishedThrough");
                    }

                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("carried");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ImmutableArray<ProvisionalInterestPeriod> Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var periods = ImmutableArray.CreateBuilder<ProvisionalInterestPeriod>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            CarriedReferenceRate? carried = null;
            if (e.TryGetProperty("carried", out var c) && c.ValueKind == JsonValueKind.Object)
            {
                carried = new CarriedReferenceRate(
                    Text(c, "table", text),
                    Rate(c, "value", text),
                    Date(c, "publishedFrom", text),
                    c.TryGetProperty("publishedThrough", out var t) && t.ValueKind == JsonValueKind.String ? Date(c, "publishedThrough", text) : null);
            }

            periods.Add(new ProvisionalInterestPeriod(Date(e, "from", text), Date(e, "to", text), Rate(e, "rate", text), carried));
        }

        return periods.ToImmutable();
    }

    private static string Text(JsonElement e, string name, string text)
        => e.GetProperty(name).GetString() ?? throw new FormatException($"journal provisional_interest: '{name}' is null in {text}.");

    private static LocalDate Date(JsonElement e, string name, string text) => LocalDatePattern.Iso.Parse(Text(e, name, text)).GetValueOrThrow();

    private static decimal Rate(JsonElement e, string name, string text) => decimal.Parse(Text(e, name, text), NumberStyles.Number, CultureInfo.InvariantCulture);
}
