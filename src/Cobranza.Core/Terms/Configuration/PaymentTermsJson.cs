using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Serialization;
using FluentValidation;

namespace Cobranza.Core.Terms.Configuration;

/// <summary>
/// Payment terms and customer settings to and from JSON (System.Text.Json, source-generated, no reflection): camelCase
/// names, enums as their names (numbers are rejected), dates as ISO strings, money as
/// <c>{"amount": 100.00, "currency": "EUR"}</c>. Lossless: <c>Deserialize(Serialize(t)) == t</c>.
/// </summary>
/// <remarks>
/// <para><b>Bounded loading</b>, since the JSON may come from an ERP screen or a file: at most
/// <see cref="MaxDocumentLength"/> characters and <see cref="MaxDepth"/> levels; unknown properties are errors (a
/// typo is never silently ignored); the shape is closed (a <c>kind</c> enum per variant): no type named in the
/// input is ever resolved.</para>
/// <para><b>Errors.</b> Bad JSON (syntax, size, depth, unknown property, wrong type, unknown enum name, bad date) is a
/// <see cref="JsonException"/>; well-formed JSON with invalid terms is a <see cref="ValidationException"/> listing
/// every error with its JSON path. To show all errors on a screen without exceptions, read the DTO with
/// <see cref="DeserializeDto"/> and validate it with <see cref="PaymentTermsDtoValidator"/>.</para>
/// </remarks>
public static class PaymentTermsJson
{
    /// <summary>The largest document accepted, in characters (64 Ki).</summary>
    public const int MaxDocumentLength = 64 * 1024;

    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 16;

    private static readonly PaymentTermsDtoValidator TermsValidator = new();

    /// <summary>Writes terms as JSON.</summary>
    /// <param name="terms">The terms.</param>
    /// <returns>The JSON (indented).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    /// <exception cref="ArgumentException">An amount is in a custom (non-ISO) currency.</exception>
    /// <exception cref="ValidationException">
    /// The terms break a configuration rule the model does not enforce (a discount window ending after a due date it
    /// can be compared with): a document that <see cref="Deserialize"/> would refuse is never written.
    /// </exception>
    public static string Serialize(PaymentTerms terms)
    {
        var dto = PaymentTermsMapper.FromModel(Guard.NotNull(terms));
        TermsValidator.ThrowOnErrors(dto);
        return JsonSerializer.Serialize(dto, PaymentTermsJsonContext.Default.PaymentTermsDto);
    }

    /// <summary>Reads terms from JSON and validates them.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    /// <exception cref="ValidationException">The terms are invalid; every error with its path.</exception>
    public static PaymentTerms Deserialize(string json) => PaymentTermsMapper.ToModel(DeserializeDto(json));

    /// <summary>Reads the terms DTO from JSON without validating the terms (for a screen that shows every error).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    public static PaymentTermsDto DeserializeDto(string json) => Read(json, PaymentTermsJsonContext.Default.PaymentTermsDto);

    /// <summary>Writes a customer's settings as JSON.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The JSON (indented).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static string SerializeCustomer(CustomerPaymentSettings settings)
        => JsonSerializer.Serialize(PaymentTermsMapper.FromModel(Guard.NotNull(settings)), PaymentTermsJsonContext.Default.CustomerPaymentSettingsDto);

    /// <summary>Reads a customer's settings from JSON and validates them.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    /// <exception cref="ValidationException">The settings are invalid; every error with its path.</exception>
    public static CustomerPaymentSettings DeserializeCustomer(string json)
        => PaymentTermsMapper.ToModel(Read(json, PaymentTermsJsonContext.Default.CustomerPaymentSettingsDto));

    private static T Read<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        Guard.NotNull(json);
        if (json.Length > MaxDocumentLength)
        {
            throw new JsonException($"The document has {json.Length} characters; at most {MaxDocumentLength} are accepted.");
        }

        var dto = JsonSerializer.Deserialize(json, typeInfo)
                  ?? throw new JsonException($"The document is null; expected a {typeof(T).Name} object.");

        // After the serializer (which reports syntax, depth and shape errors in its own words): a well-formed
        // document may still name a property twice, which the serializer would let the last one win.
        JsonInput.RejectDuplicateProperties(json, MaxDepth);
        return dto;
    }
}

/// <summary>
/// Enum converter that reads and writes the exact names only: no numbers (so an undefined value cannot slip in), no
/// other letter case and no comma lists (so the loader accepts exactly what the published JSON Schema's enums list).
/// </summary>
internal sealed class StrictEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Enum.GetNames<T>();
    private static readonly T[] Values = Enum.GetValues<T>();

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (reader.ValueTextEquals(Names[i]))
                {
                    return Values[i];
                }
            }
        }

        throw new JsonException($"Expected one of the names {string.Join(", ", Names)} for {typeof(T).Name} (names are case-sensitive; numbers are refused).");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        int i = Array.IndexOf(Values, value);
        if (i < 0)
        {
            throw new JsonException($"{typeof(T).Name} value {value} is not defined and cannot be written.");
        }

        writer.WriteStringValue(Names[i]);
    }
}

/// <summary>The source-generated System.Text.Json context of the terms configuration.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true,
    MaxDepth = PaymentTermsJson.MaxDepth,
    Converters =
    [
        typeof(LocalDateIsoJsonConverter),
        typeof(StrictEnumConverter<BaseDateKind>),
        typeof(StrictEnumConverter<PortionShareKind>),
        typeof(StrictEnumConverter<DueDateRuleKind>),
        typeof(StrictEnumConverter<DueDateStepKind>),
        typeof(StrictEnumConverter<DiscountTierKind>),
        typeof(StrictEnumConverter<DiscountBase>),
        typeof(StrictEnumConverter<PartialPaymentRule>),
        typeof(StrictEnumConverter<BusinessDayConvention>),
    ])]
[JsonSerializable(typeof(PaymentTermsDto))]
[JsonSerializable(typeof(CustomerPaymentSettingsDto))]
internal sealed partial class PaymentTermsJsonContext : JsonSerializerContext
{
}
