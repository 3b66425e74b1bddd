using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.PostgreSql;

/// <summary>
/// The journal's <c>charges</c> column (jsonb): the postings of a charge decision as
/// <c>[{"kind":"Interest"|"Fee","item":…,"postedOn":"yyyy-MM-dd","through":"yyyy-MM-dd"|null,"key":…,"amount":"1.23","description":…,"provisional":true (only when set)}]</c>
/// (amounts as invariant decimal strings, exact; the currency is the row's).
/// </summary>
internal static class LateChargeJson
{
    public static string Write(ImmutableArray<LateCharge> charges)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var c in charges)
            {
                json.WriteStartObject();
                json.WriteString("kind", c.Kind.ToString());
                json.WriteString("item", c.ItemId);
                json.WriteString("postedOn", LocalDatePattern.Iso.Format(c.PostedOn));
                if (c.Through is { } through)
                {
                    json.WriteString("through", LocalDatePattern.Iso.Format(through));
                }
                else
                {
                    json.WriteNull("through");
                }

                json.WriteString("key", c.Key);
                json.WriteString("amount", c.Amount.Amount.ToString(CultureInfo.InvariantCulture));
                json.WriteString("description", c.Description);
                if (c.Provisional)
                {
                    json.WriteBoolean("provisional", true); // written only when set: rows from before version 3 read as published
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ImmutableArray<LateCharge> Read(string text, Currency currency)
    {
        using var document = JsonDocument.Parse(text);
        var charges = ImmutableArray.CreateBuilder<LateCharge>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string Text(string name) => e.GetProperty(name).GetString() ?? throw new FormatException($"journal charges: '{name}' is null in {text}.");
            LocalDate Date(string name) => LocalDatePattern.Iso.Parse(Text(name)).GetValueOrThrow();
            var amount = Money.Of(decimal.Parse(Text("amount"), NumberStyles.Number, CultureInfo.InvariantCulture), currency);
            var charge = Text("kind") switch
            {
                nameof(ChargeKind.Interest) => LateCharge.Interest(Text("item"), Date("postedOn"), Date("through"), amount, Text("description")),
                nameof(ChargeKind.Fee) => LateCharge.Fee(Text("key"), Text("item"), Date("postedOn"), amount, Text("description")),
                var other => throw new FormatException($"journal charges: unknown kind '{other}' in {text}."),
            };
            charges.Add(e.TryGetProperty("provisional", out var provisional) && provisional.ValueKind == JsonValueKind.True ? charge with { Provisional = true } : charge);
        }

        return charges.ToImmutable();
    }
}
