using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;

namespace Cobranza.Core.Tests.Escalation;

public sealed class EscalationSchemaTests
{
    private static JsonElement Schema(string file)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(EscalationPolicyJsonTests.RepoRoot(), "docs", "schema", file))).RootElement;

    private static string[] EnumOf(JsonElement schema, string def)
        => [.. schema.GetProperty("$defs").GetProperty(def).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void PolicySchema_ListsEveryEnumValueOfTheModel()
    {
        var schema = Schema("escalation-policy.schema.json");
        Assert.Equal(Enum.GetNames<EscalationScope>(), EnumOf(schema, "scope"));
        Assert.Equal(Enum.GetNames<CatchUpMode>(), EnumOf(schema, "catchUp"));
        Assert.Equal(Enum.GetNames<OffsetDays>(), EnumOf(schema, "offsetDays"));
        Assert.Equal(Enum.GetNames<EscalationTone>(), EnumOf(schema, "tone"));
        Assert.Equal(Enum.GetNames<NotificationChannel>(), EnumOf(schema, "channel"));
        Assert.Equal(Enum.GetNames<EscalationActionKind>(), EnumOf(schema, "actionKind"));
        Assert.Equal(
            Enum.GetNames<NotificationChannel>().Where(n => n != nameof(NotificationChannel.PhoneCall)),
            schema.GetProperty("$defs").GetProperty("paymentEvents").GetProperty("properties").GetProperty("channel").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        // The fallback language: the supported languages, in any letter case (a language tag's case is not significant).
        var fallback = new System.Text.RegularExpressions.Regex(schema.GetProperty("properties").GetProperty("fallbackLanguage").GetProperty("pattern").GetString()!);
        foreach (var language in EscalationPolicyValidator.SupportedLanguages)
        {
            Assert.Matches(fallback, language.Tag);
            Assert.Matches(fallback, language.Tag.ToUpperInvariant());
        }

        Assert.Equal(["es", "en"], EscalationPolicyValidator.SupportedLanguages.Select(l => l.Tag));
        Assert.DoesNotMatch(fallback, "es-CO");
        Assert.DoesNotMatch(fallback, "fr");
    }

    [Fact]
    public void CatalogSchema_ListsEveryEnumValueOfTheModel()
    {
        var schema = Schema("template-catalog.schema.json");
        Assert.Equal(Enum.GetNames<NotificationChannel>(), EnumOf(schema, "channel"));
        Assert.Equal(Enum.GetNames<TemplateBodyFormat>(), EnumOf(schema, "bodyFormat"));
    }

    [Fact]
    public void PolicySchema_StatesTheLoaderLimits()
    {
        var schema = Schema("escalation-policy.schema.json");
        Assert.Equal(EscalationPolicyJson.MaxStages, schema.GetProperty("properties").GetProperty("stages").GetProperty("maxItems").GetInt32());
        var stage = schema.GetProperty("$defs").GetProperty("stage").GetProperty("properties");
        Assert.Equal(EscalationPolicyJson.MaxActions, stage.GetProperty("actions").GetProperty("maxItems").GetInt32());
        Assert.Equal(StageTrigger.MaxOffset, schema.GetProperty("$defs").GetProperty("trigger").GetProperty("properties").GetProperty("offset").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void DefaultPolicyJson_ConformsToSchema()
    {
        var errors = SchemaCheck.Check(Schema("escalation-policy.schema.json"), JsonDocument.Parse(EscalationPolicyJson.Serialize(EscalationPolicies.Default)).RootElement);
        Assert.Empty(errors);
    }

    [Fact]
    public void PolicyWithEveryFeature_ConformsToSchema()
    {
        var policy = EscalationPolicyBuilder.From(EscalationPolicies.Default).Build();
        var dto = EscalationPolicyJson.FromModel(policy);
        dto.Stages![3]!.Conditions = new ConditionsDto
        {
            MinOverdueAmounts = [new() { Amount = 100m, Currency = "EUR" }],
            MinOverdueItems = 2,
            IncludedSegments = ["pyme"],
            ExcludedSegments = ["gov"],
            MaxOnTimeShare = 0.5m,
            MinAverageDaysLate = 3m,
            MinMaxDaysLate = 10,
            AnyOf = [new() { Members = [new() { MinOverdueItems = 3 }, new() { IncludedSegments = ["vip"] }] }],
            LastPaymentFailed = new() { Reasons = ["AM04", "DO_NOT_HONOR"], Methods = ["direct-debit"], MinAttempts = 2 },
        };
        dto.Stages[3]!.Repeat = new RepeatDto { EveryDays = 7, MaxTimes = 3 };
        dto.Suppressions!.MinimumBalances = [new() { Amount = 5m, Currency = "EUR" }];
        string json = JsonSerializer.Serialize(dto, EscalationJsonContext.Default.EscalationPolicyDto);
        Assert.True(EscalationPolicyJson.Validate(EscalationPolicyJson.DeserializeDto(json)).IsValid);
        Assert.Empty(SchemaCheck.Check(Schema("escalation-policy.schema.json"), JsonDocument.Parse(json).RootElement));
    }

    [Fact]
    public void DefaultCatalogJson_ConformsToSchema()
    {
        var errors = SchemaCheck.Check(Schema("template-catalog.schema.json"), JsonDocument.Parse(EscalationPolicyJson.SerializeCatalog(TemplateCatalog.Default)).RootElement);
        Assert.Empty(errors);
    }

    [Fact]
    public void SchemaCheck_BrokenDocument_ReportsEachProblem()
    {
        string json = """
            {"id": "p", "version": 0, "extra": 1, "stages": [{"id": "s", "name": "S", "trigger": {"offset": 9999}, "tone": "Angry", "actions": []}]}
            """;
        var errors = SchemaCheck.Check(Schema("escalation-policy.schema.json"), JsonDocument.Parse(json).RootElement);
        Assert.Equal(
            new[]
            {
                "$.extra: property not allowed",
                "$.stages[0].actions: fewer than 1 items",
                "$.stages[0].tone: 'Angry' not in enum",
                "$.stages[0].trigger.offset: 9999 above maximum 3660",
                "$.version: 0 below minimum 1",
            },
            errors.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>A small JSON Schema checker: $ref (local), type, required, properties, additionalProperties: false, enum, items, min/maxItems, minimum/maximum, min/maxLength, pattern.</summary>
    internal static class SchemaCheck
    {
        public static List<string> Check(JsonElement root, JsonElement document)
        {
            var errors = new List<string>();
            Visit(root, root, document, "$", errors);
            return errors;
        }

        private static void Visit(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var target = root;
                foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                {
                    target = target.GetProperty(part);
                }

                Visit(root, target, value, path, errors);
            }

            if (schema.TryGetProperty("type", out var type))
            {
                var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
                if (!types.Any(t => Is(t, value)))
                {
                    errors.Add($"{path}: not of type {string.Join("|", types)}");
                    return;
                }
            }

            if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.ToString() == value.ToString() && o.ValueKind == value.ValueKind))
            {
                errors.Add($"{path}: '{value}' not in enum");
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    CheckObject(root, schema, value, path, errors);
                    break;
                case JsonValueKind.Array:
                    int count = value.GetArrayLength();
                    if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                    {
                        errors.Add($"{path}: fewer than {minItems.GetInt32()} items");
                    }

                    if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                    {
                        errors.Add($"{path}: more than {maxItems.GetInt32()} items");
                    }

                    if (schema.TryGetProperty("items", out var items))
                    {
                        int i = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Visit(root, items, item, $"{path}[{i++}]", errors);
                        }
                    }

                    break;
                case JsonValueKind.Number:
                    decimal number = value.GetDecimal();
                    if (schema.TryGetProperty("minimum", out var min) && number < min.GetDecimal())
                    {
                        errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} below minimum {min}");
                    }

                    if (schema.TryGetProperty("maximum", out var max) && number > max.GetDecimal())
                    {
                        errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} above maximum {max}");
                    }

                    break;
                case JsonValueKind.String:
                    string text = value.GetString()!;
                    if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                    {
                        errors.Add($"{path}: shorter than {minLength}");
                    }

                    if (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32())
                    {
                        errors.Add($"{path}: longer than {maxLength}");
                    }

                    if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        errors.Add($"{path}: '{text}' does not match {pattern}");
                    }

                    break;
            }
        }

        private static void CheckObject(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        errors.Add($"{path}: missing required '{name}'");
                    }
                }
            }

            schema.TryGetProperty("properties", out var properties);
            bool closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Visit(root, propertySchema, property.Value, $"{path}.{property.Name}", errors);
                }
                else if (closed)
                {
                    errors.Add($"{path}.{property.Name}: property not allowed");
                }
            }
        }

        private static bool Is(string type, JsonElement value) => type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.GetDecimal() == decimal.Truncate(value.GetDecimal()),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => throw new NotSupportedException(type),
        };
    }
}
