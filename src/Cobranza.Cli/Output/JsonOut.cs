using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cobranza.Core;
using NodaTime;

namespace Cobranza.Cli.Output;

/// <summary>
/// Writes the <c>--json</c> documents in the library's shapes: money as <c>{"amount": 605.00, "currency": "EUR"}</c>
/// (<see cref="Core.Serialization.MoneyDto"/>, the amount keeps its scale), dates as ISO <c>"2026-12-31"</c>, rates
/// as annual fractions.
/// </summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    internal static void Money(Utf8JsonWriter writer, string name, Money money)
    {
        writer.WritePropertyName(name);
        Money(writer, money);
    }

    internal static void Money(Utf8JsonWriter writer, Money money)
    {
        writer.WriteStartObject();
        writer.WriteNumber("amount", money.Amount);
        writer.WriteString("currency", money.Currency.Code);
        writer.WriteEndObject();
    }

    internal static void Date(Utf8JsonWriter writer, string name, LocalDate date) => writer.WriteString(name, Format.Iso(date));

    internal static void Date(Utf8JsonWriter writer, string name, LocalDate? date)
    {
        if (date is { } value)
        {
            Date(writer, name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Embeds a JSON document the library wrote (terms, settings, a policy) as the value of a property.</summary>
    internal static void Raw(Utf8JsonWriter writer, string name, string json)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(json);
    }
}
