using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Tests.Escalation;
using FluentValidation;
using Json.Schema;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 14 §5: the published JSON Schemas and the loaders agree on a fuzzed corpus. Every document the loader
/// accepts validates against the schema; every document the schema accepts is loaded, unless each of the loader's
/// errors is one of the rules the schema's description lists as beyond a JSON Schema (matched by message).
/// </summary>
public sealed class SchemaAgreementTests
{
    /// <summary>The policy rules the schema's description lists as inexpressible, by a fragment of the loader's message.</summary>
    private static readonly string[] PolicyRulesBeyondSchema =
    [
        "is already the id of",                           // stage ids unique
        "must be greater than the offset of the stage before it",
        "must not be softer than the tone of the stage before it",
        "a stage does each action once per channel",
        "must be after quietRules.windowStart",
        "is not the id of a stage",                       // brokenPromiseStageId names a stage
        "must be an ISO 4217 code",
        "give one amount per currency",
        "which IncludedSegments also contains",
        "nests too deep",
        "could not be converted to System.Int32",         // integers without a fraction (30.0 is an integer to a JSON Schema)
        "could not be converted to System.Nullable`1[System.Int32]", // the same rule for an optional integer (minMaxDaysLate: 40.00)
    ];

    private static readonly string[] CatalogRulesBeyondSchema =
    [
        "repeats the key, channel and language",
        "unknown placeholder",
        "is not available in template",
        "cannot be used in a subject",
        "unbalanced",
        "malformed placeholder",
    ];

    [Fact]
    public void PolicySchema_AgreesWithTheLoader_OnAFuzzedCorpus()
        => Agree(
            "policy-schema",
            "escalation-policy.schema.json",
            JsonLoaderFuzzTests.PolicyCorpus(),
            json => EscalationPolicyJson.Deserialize(json),
            PolicyRulesBeyondSchema);

    [Fact]
    public void CatalogSchema_AgreesWithTheLoader_OnAFuzzedCorpus()
        => Agree(
            "catalog-schema",
            "template-catalog.schema.json",
            JsonLoaderFuzzTests.CatalogCorpus(),
            json => EscalationPolicyJson.DeserializeCatalog(json),
            CatalogRulesBeyondSchema);

    private static void Agree(string target, string schemaFile, string[] corpus, Action<string> load, string[] beyondSchema)
    {
        var schema = PublishedSchemas.Get(schemaFile);
        var quick = new EvaluationOptions { OutputFormat = OutputFormat.Flag };
        var detailed = new EvaluationOptions { OutputFormat = OutputFormat.List };
        var fuzzer = new JsonFuzzer(corpus, Cobranza.Core.Escalation.Templates.TemplateCatalog.Default.Keys);
        int accepted = 0, schemaOnly = 0, bothRefused = 0;
        Fuzz.Run(target, 3_000, random =>
        {
            string json = fuzzer.Next(random, textual: false);
            List<string>? loaderErrors = null;
            try
            {
                load(json);
            }
            catch (ValidationException e)
            {
                loaderErrors = [.. e.Errors.Select(x => x.ErrorMessage)];
            }
            catch (JsonException e)
            {
                loaderErrors = [e.Message];
            }

            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, quick);
            if (loaderErrors is null)
            {
                accepted++;
                Assert.True(result.IsValid, $"The loader accepts a document the schema refuses ({Errors(schema.Evaluate(document.RootElement, detailed))}):\n{json}");
            }
            else if (result.IsValid)
            {
                schemaOnly++;
                var unexplained = loaderErrors.Where(e => !beyondSchema.Any(rule => e.Contains(rule, StringComparison.Ordinal))).ToArray();
                Assert.True(unexplained.Length == 0, $"The schema accepts a document the loader refuses for a rule the schema does not list:\n{string.Join("\n", unexplained)}\n{json}");
            }
            else
            {
                bothRefused++;
            }
        });
        Assert.True(accepted > 0 && bothRefused > 0, $"{target}: the corpus must exercise both sides (accepted {accepted}, refused by both {bothRefused}, schema only {schemaOnly})");
    }

    private static string Errors(EvaluationResults result)
        => string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5));
}
