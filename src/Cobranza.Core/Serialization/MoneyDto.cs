using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Core.Serialization;

/// <summary>A money amount as configured: <c>{"amount": 100.00, "currency": "EUR"}</c> (ISO 4217 code).</summary>
public sealed record MoneyDto
{
    /// <summary>The amount.</summary>
    [JsonRequired]
    public decimal Amount { get; init; }

    /// <summary>The ISO 4217 alphabetic code.</summary>
    public string? Currency { get; init; }

    /// <summary>The DTO of a money amount in an ISO currency.</summary>
    /// <param name="money">The amount.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="ArgumentException">The currency is custom (not the ISO table's): its code alone would not bring it back.</exception>
    public static MoneyDto From(Money money)
    {
        var currency = money.Currency;
        if (!global::Cobranza.Core.Currency.TryFromCode(currency.Code, out var iso) || iso != currency)
        {
            throw new ArgumentException(
                $"money must be in an ISO 4217 currency to be serialized by code (was the custom currency {currency.Code} with {currency.MinorUnits} minor units).", nameof(money));
        }

        return new MoneyDto { Amount = money.Amount, Currency = currency.Code };
    }

    /// <summary>The money amount.</summary>
    /// <returns>The amount.</returns>
    /// <exception cref="ArgumentException">The currency code is unknown or missing.</exception>
    public Money ToMoney()
        => global::Cobranza.Core.Currency.TryFromCode(Currency, out var currency)
            ? new Money(Amount, currency)
            : throw new ArgumentException($"Currency must be an ISO 4217 code (was '{Currency}').", nameof(Currency));
}

/// <summary>Reads and writes a <see cref="LocalDate"/> as an ISO date string (<c>"2026-12-25"</c>), ISO calendar only.</summary>
public sealed class LocalDateIsoJsonConverter : JsonConverter<LocalDate>
{
    /// <inheritdoc/>
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A date must be an ISO string such as \"2026-12-25\" (was a {reader.TokenType}).");
        }

        string? text = reader.GetString();
        var result = LocalDatePattern.Iso.Parse(text ?? string.Empty);
        return result.Success && text!.Length == 10
            ? result.Value
            : throw new JsonException($"A date must be an ISO date yyyy-MM-dd (was \"{text}\").");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
    {
        Guard.NotNull(writer);
        if (value.Calendar != CalendarSystem.Iso)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"value must be in the ISO calendar (was {value.Calendar.Id}).");
        }

        writer.WriteStringValue(value.ToString("uuuu'-'MM'-'dd", CultureInfo.InvariantCulture));
    }
}
