using System;
using System.IO;
using Cobranza.Core.Tests.Escalation;
using Json.Schema;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>The published JSON Schemas, each read once (JsonSchema.Net registers a schema by its $id and refuses a second registration).</summary>
internal static class PublishedSchemas
{
    private static readonly Lazy<JsonSchema> PolicySchema = new(() => Load("escalation-policy.schema.json"));
    private static readonly Lazy<JsonSchema> CatalogSchema = new(() => Load("template-catalog.schema.json"));

    public static JsonSchema Policy => PolicySchema.Value;

    public static JsonSchema Catalog => CatalogSchema.Value;

    public static JsonSchema Get(string file) => file == "escalation-policy.schema.json" ? Policy : Catalog;

    private static JsonSchema Load(string file)
        => JsonSchema.FromText(File.ReadAllText(Path.Combine(EscalationPolicyJsonTests.RepoRoot(), "docs", "schema", file)));
}
