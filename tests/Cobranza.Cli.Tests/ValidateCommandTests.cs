using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;

namespace Cobranza.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cobranza-cli-validate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Validate_DefaultPolicyAndCatalog_ValidExitZero()
    {
        var policy = Write("policy.json", EscalationPolicyJson.Serialize(EscalationPolicies.Default));
        var catalog = Write("catalog.json", EscalationPolicyJson.SerializeCatalog(TemplateCatalog.Default));

        var result = Cli.Run("validate", policy, catalog);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("policy.json: valid (policy)", result.Output);
        Assert.Contains("catalog.json: valid (catalog)", result.Output);
    }

    [Fact]
    public void Validate_TermsWithTwoErrors_EveryErrorWithItsJsonPath()
    {
        // docs/payment-terms.md §8: negative days at portions[0].rule.days, two balance portions at portions[2].share.kind.
        var terms = Write("terms.json", """
            { "portions": [
              { "share": { "kind": "Percent", "percent": 30 }, "rule": { "kind": "CalendarDays", "days": -5 } },
              { "share": { "kind": "Balance" }, "rule": { "kind": "CalendarDays", "days": 30 } },
              { "share": { "kind": "Balance" }, "rule": { "kind": "CalendarDays", "days": 60 } } ] }
            """);

        var result = Cli.Run("validate", terms);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error $.portions[0].rule.days: days must be from 0 to 3660 (was -5).", result.Output);
        Assert.Contains("error $.portions[2].share.kind:", result.Output);
    }

    [Fact]
    public void Validate_PolicyRuleErrors_AllReportedWithJsonPaths()
    {
        var json = JsonNode.Parse(EscalationPolicyJson.Serialize(EscalationPolicies.Default))!;
        json["stages"]![0]!["actions"]![0]!["templateKey"] = "no-such-template";
        json["stages"]![4]!["tone"] = "Friendly";
        var policy = Write("policy.json", json.ToJsonString());

        var result = Cli.Run("validate", policy, "--json");

        Assert.Equal(1, result.ExitCode);
        var issues = result.Json().RootElement[0].GetProperty("issues").EnumerateArray().ToList();
        Assert.True(issues.Count >= 2, result.Output);
        Assert.All(issues, i => Assert.StartsWith("$.stages[", i.GetProperty("path").GetString()));
        Assert.Contains(issues, i => i.GetProperty("path").GetString()!.StartsWith("$.stages[0].actions[0]", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.GetProperty("path").GetString()!.StartsWith("$.stages[4]", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownEnumName_JsonPathOfTheReader()
    {
        // docs/escalation.md "Errors": malformed JSON is a JsonException whose Path is the JSON path ($.stages[0].tone).
        var policy = Write("policy.json", """{"id": "p", "stages": [{"id": "s", "name": "S", "tone": "Loud"}]}""");

        var result = Cli.Run("validate", policy);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error $.stages[0].tone:", result.Output);
    }

    [Fact]
    public void Validate_DuplicatePortion_WarningOnlyExitZero()
    {
        // docs/payment-terms.md §8 "Warnings": DUPLICATE_PORTION at portions[1].
        var terms = Write("terms.json", """
            { "portions": [
              { "share": { "kind": "Percent", "percent": 50 }, "rule": { "kind": "CalendarDays", "days": 30 } },
              { "share": { "kind": "Percent", "percent": 50 }, "rule": { "kind": "CalendarDays", "days": 30 } } ] }
            """);

        var result = Cli.Run("validate", terms, "--json");

        Assert.Equal(0, result.ExitCode);
        var issue = Assert.Single(result.Json().RootElement[0].GetProperty("issues").EnumerateArray());
        Assert.Equal("warning", issue.GetProperty("severity").GetString());
        Assert.Equal("$.portions[1]", issue.GetProperty("path").GetString());
        Assert.Equal("DUPLICATE_PORTION", issue.GetProperty("code").GetString());
    }

    [Fact]
    public void Validate_BrokenCatalog_ErrorsWithPaths()
    {
        var catalog = Write("catalog.json", """{"templates": [{"key": "reminder", "channel": "Email", "language": "es", "body": "Hola {{nope}}"}]}""");

        var result = Cli.Run("validate", catalog, "--lang", "es");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error $.templates[0]", result.Output);
    }

    [Fact]
    public void Validate_UnknownDocument_AsksForKind()
    {
        var other = Write("other.json", """{"hello": 1}""");

        var result = Cli.Run("validate", other);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--kind", result.Error);
    }
}
