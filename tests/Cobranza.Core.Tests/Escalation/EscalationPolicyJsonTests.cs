using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using FluentValidation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Escalation;

public sealed class EscalationPolicyJsonTests
{
    private const int MaxTest = 200;

    public static class Arbitraries
    {
        private static readonly Gen<string> Id = Gen.Elements("a", "stage-1", "Etapa ñ", "x y", "k.2", "Ω");

        private static Gen<StageConditions> Conditions(int depth) =>
            from amounts in Gen.Elements(0, 1, 2)
            from items in Gen.Elements<int?>(null, 1, 3)
            from included in Gen.Elements(ImmutableArray<string>.Empty, ["vip"], ["pyme", "retail"])
            from excluded in Gen.Elements(ImmutableArray<string>.Empty, ["gov"])
            from share in Gen.Elements<decimal?>(null, 0m, 0.5m, 0.875m, 1m)
            from avg in Gen.Elements<decimal?>(null, 2.5m, 10m)
            from max in Gen.Elements<int?>(null, 0, 30)
            from groups in depth >= 2 ? Gen.Constant(0) : Gen.Elements(0, 0, 1, 2)
            from anyOf in Gen.ArrayOf(Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Conditions(depth + 1), n)).Select(m => new ConditionGroup([.. m])), groups)
            select new StageConditions(
                amounts == 0 ? default : amounts == 1 ? [Money.Of(100m, Currency.EUR)] : [Money.Of(100.5m, Currency.EUR), Money.Of(250000m, Currency.FromCode("COP"))],
                items, included, excluded, share, avg, max, [.. anyOf]);

        private static Gen<EscalationAction> Action() => Gen.OneOf(
            from channel in Gen.Elements(Enum.GetValues<NotificationChannel>())
            from key in Gen.Elements(TemplateKeys.All.ToArray())
            from kind in Gen.Elements(EscalationActionKind.SendNotice, EscalationActionKind.CreateTask, EscalationActionKind.LegalNotice)
            select new EscalationAction(kind, channel, key),
            Gen.Elements(Enum.GetValues<EscalationActionKind>()).Select(EscalationAction.Of));

        private static Gen<EscalationStage> Stage() =>
            from id in Id
            from name in Gen.Elements("Recordatorio", "Final notice", "Aviso \"legal\" <b>")
            from offset in Gen.Choose(-StageTrigger.MaxOffset, StageTrigger.MaxOffset)
            from days in Gen.Elements(Enum.GetValues<OffsetDays>())
            from anchor in Gen.Elements(Enum.GetValues<OffsetAnchor>())
            from tone in Gen.Elements(Enum.GetValues<EscalationTone>())
            from count in Gen.Choose(0, 4)
            from actions in Gen.ArrayOf(Action(), count)
            from withConditions in Gen.Elements(true, false)
            from conditions in Conditions(0)
            from repeat in Gen.Elements<StageRepetition?>(
                null, new StageRepetition(7, 3), new StageRepetition(1, null), StageRepetition.Monthly(3, 4),
                StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months), StageRepetition.UntilPaidEvery(14, RepeatPeriod.Days), new StageRepetition(12, RepeatPeriod.Months, null, false))
            let trigger = new StageTrigger(days == OffsetDays.CalendarMonths ? offset % (StageTrigger.MaxMonthsOffset + 1) : offset, days, anchor)
            select new EscalationStage(id, name, trigger, tone, [.. actions], withConditions ? conditions : null, repeat);

        public static Arbitrary<EscalationPolicy> Policies() =>
            (from count in Gen.Choose(0, 8)
             from raw in Gen.ArrayOf(Stage(), count)
             let stages = raw.Select((s, i) => new EscalationStage(s.Id + "-" + i, s.Name, s.Trigger, s.Tone, s.Actions, s.Conditions, s.Repeat))
             from version in Gen.Choose(1, int.MaxValue)
             from scope in Gen.Elements(Enum.GetValues<EscalationScope>())
             from catchUp in Gen.Elements(Enum.GetValues<CatchUpMode>())
             from start in Gen.Choose(0, 12 * 60)
             from length in Gen.Choose(1, 11 * 60)
             from seconds in Gen.Elements(0, 30)
             from gap in Gen.Choose(0, 24 * 366)
             from flags in Gen.ArrayOf(Gen.Elements(true, false), 6)
             from channel in Gen.Elements(NotificationChannel.Email, NotificationChannel.Sms, NotificationChannel.WhatsApp, NotificationChannel.Letter)
             from window in Gen.Choose(0, 366)
             from grace in Gen.Choose(0, 90)
             from broken in Gen.Elements<string?>(null, "firm", "whatever")
             from balances in Gen.Elements(ImmutableArray<Money>.Empty, [Money.Of(5m, Currency.EUR)])
             from language in Gen.Elements(Language.Spanish, Language.English, Language.FromTag("pt"))
             from tolerances in Gen.Elements(ImmutableArray<Money>.Empty, [Money.Of(20m, Currency.EUR)], [Money.Of(15m, Currency.USD), Money.Of(0.5m, Currency.EUR)])
             select new EscalationPolicy(
                 "policy|".Replace("|", string.Empty, StringComparison.Ordinal) + version, version, scope, [.. stages],
                 new QuietRules(LocalTime.Midnight.PlusMinutes(start).PlusSeconds(seconds), LocalTime.Midnight.PlusMinutes(start + length + 1), flags[0], gap, flags[1]),
                 catchUp,
                 new PaymentEventSettings(flags[2], flags[3], flags[4], channel, window),
                 new SuppressionSettings(grace, broken, balances, 90 - grace),
                 language) { Reinstatement = new ReinstatementSettings(tolerances) })
            .ToArbitrary();
    }

    [Property(MaxTest = MaxTest, Arbitrary = [typeof(Arbitraries)])]
    public void RoundTrip_AnyPolicy_Lossless(EscalationPolicy policy)
    {
        string json = EscalationPolicyJson.Serialize(policy);
        var back = EscalationPolicyJson.ToModel(EscalationPolicyJson.DeserializeDto(json));
        Assert.Equal(policy, back);
        Assert.Equal(json, EscalationPolicyJson.Serialize(back));
    }

    [Fact]
    public void RoundTrip_DefaultPolicy_EqualAndValid()
    {
        string json = EscalationPolicyJson.Serialize(EscalationPolicies.Default);
        Assert.Equal(EscalationPolicies.Default, EscalationPolicyJson.Deserialize(json, TemplateCatalog.Default.Keys));
    }

    [Fact]
    public void Deserialize_DocumentedExample_IsTheDefaultPolicy()
    {
        // The JSON example published in the "## JSON" section of docs/escalation.md.
        string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "escalation.md"));
        int start = doc.IndexOf("```json\n", doc.IndexOf("\n## JSON\n", StringComparison.Ordinal), StringComparison.Ordinal) + 8;
        string json = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(EscalationPolicies.Default, EscalationPolicyJson.Deserialize(json, TemplateCatalog.Default.Keys));
    }

    [Fact]
    public void Deserialize_MinimalDocument_TakesDefaults()
    {
        var policy = EscalationPolicyJson.Deserialize("""
            {"id": "p", "stages": [{"id": "s", "name": "S", "trigger": {"offset": 0}, "tone": "Friendly",
              "actions": [{"kind": "SendNotice", "channel": "Email", "templateKey": "reminder-due-today"}]}],
             "suppressions": {"brokenPromiseStageId": null}}
            """);
        Assert.Equal(1, policy.Version);
        Assert.Equal(EscalationScope.Account, policy.Scope);
        Assert.Same(Language.Spanish, policy.FallbackLanguage);
        Assert.Equal(QuietRules.Default, policy.QuietRules);
        Assert.Equal(PaymentEventSettings.Default, policy.PaymentEvents);
        Assert.Null(policy.Suppressions.BrokenPromiseStageId);
        Assert.Equal(2, policy.Suppressions.PromiseGraceDays);
        Assert.Equal(OffsetDays.Calendar, policy.Stages[0].Trigger.Days);
    }

    [Fact]
    public void Validate_MalformedFallbackLanguage_ShapeErrorWithPathNoException()
    {
        var dto = EscalationPolicyJson.FromModel(EscalationPolicies.Default);
        dto.FallbackLanguage = "es_CO";
        var error = Assert.Single(EscalationPolicyJson.Validate(dto).Errors);
        Assert.Equal(("fallbackLanguage", "fallbackLanguage must be a well-formed language tag such as 'es' or 'en' (was 'es_CO')."), (error.PropertyName, error.ErrorMessage));
    }

    [Fact]
    public void Validate_ShapeErrors_AllReportedWithJsonPaths()
    {
        var dto = EscalationPolicyJson.DeserializeDto("""
            {"id": "a|b", "version": 0, "fallbackLanguage": "",
             "quietRules": {"windowStart": "18:00", "windowEnd": "9am"},
             "paymentEvents": {"channel": "PhoneCall", "windowDays": 400},
             "suppressions": {"minimumBalances": [{"amount": 5, "currency": "XXY"}]},
             "stages": [
               {"id": "s1", "name": " ", "trigger": {"offset": 4000}, "tone": "Firm", "actions": [null, {"kind": "SendNotice", "templateKey": "Bad Key"}],
                "repeat": {"everyDays": 0, "maxTimes": 0},
                "conditions": {"includedSegments": [""], "anyOf": [{"members": [{"minOverdueAmounts": [{"amount": 1, "currency": "EURO"}]}]}, {}]}},
               null,
               {"id": "s3", "name": "S3", "tone": "Final"}
             ]}
            """);
        var errors = EscalationPolicyJson.Validate(dto).Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToArray();
        Assert.Equal(
            new[]
            {
                ("fallbackLanguage", "fallbackLanguage is required and must not be empty (was '')."),
                ("id", "id must not contain '|' (was 'a|b')."),
                ("paymentEvents.channel", "paymentEvents.channel must be a notice channel, not PhoneCall."),
                ("paymentEvents.windowDays", "paymentEvents.windowDays must be from 0 to 366 (was 400)."),
                ("quietRules.windowEnd", "quietRules.windowEnd must be a local time \"HH:mm\" such as \"09:00\" (was '9am')."),
                ("stages[0].actions[0]", "stages[0].actions[0] must not be null."),
                ("stages[0].actions[1].templateKey", "stages[0].actions[1].templateKey must be 1 to 64 lower-case letters, digits and single hyphens, starting with a letter (was 'Bad Key')."),
                ("stages[0].conditions.anyOf[0].members[0].minOverdueAmounts[0].currency", "stages[0].conditions.anyOf[0].members[0].minOverdueAmounts[0].currency must be an ISO 4217 code (was 'EURO')."),
                ("stages[0].conditions.anyOf[1].members", "stages[0].conditions.anyOf[1].members is required."),
                ("stages[0].conditions.includedSegments[0]", "stages[0].conditions.includedSegments[0] is required and must not be empty (was '')."),
                ("stages[0].name", "stages[0].name is required and must not be empty (was ' ')."),
                ("stages[0].repeat.everyDays", "stages[0].repeat.everyDays must be positive (was 0)."),
                ("stages[0].repeat.maxTimes", "stages[0].repeat.maxTimes must be positive (was 0)."),
                ("stages[0].trigger.offset", "stages[0].trigger.offset must be from -3660 to 3660 (was 4000)."),
                ("stages[1]", "stages[1] must not be null."),
                ("stages[2].actions", "stages[2].actions is required."),
                ("stages[2].trigger", "stages[2].trigger is required."),
                ("suppressions.minimumBalances[0].currency", "suppressions.minimumBalances[0].currency must be an ISO 4217 code (was 'XXY')."),
                ("version", "version must be positive (was 0)."),
            },
            errors.OrderBy(e => e.PropertyName, StringComparer.Ordinal).ThenBy(e => e.ErrorMessage, StringComparer.Ordinal).ToArray());
        Assert.Throws<ValidationException>(() => EscalationPolicyJson.ToModel(dto));
    }

    [Fact]
    public void Deserialize_PolicyRuleErrors_AllReportedWithJsonPaths()
    {
        string json = """
            {"id": "p", "stages": [
              {"id": "a", "name": "A", "trigger": {"offset": 5}, "tone": "Firm", "actions": [{"kind": "SendNotice", "channel": "Email", "templateKey": "no-such-template"}]},
              {"id": "a", "name": "B", "trigger": {"offset": 3}, "tone": "Friendly", "actions": [{"kind": "HandOverToAgency"}],
               "repeat": {"everyDays": 7}}
            ]}
            """;
        var ex = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize(json, TemplateCatalog.Default.Keys));
        var paths = ex.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "stages[0].actions[0].templateKey", "stages[1].actions[0].kind", "stages[1].id", "stages[1].repeat.maxTimes",
                "stages[1].tone", "stages[1].trigger.offset", "suppressions.brokenPromiseStageId",
            },
            paths);
        Assert.Contains(ex.Errors, e => e.ErrorMessage == "Stages[0].Actions[0].TemplateKey 'no-such-template' is not a known template.");
    }

    [Fact]
    public void DeserializeDto_TooLarge_Refused()
    {
        string json = "{\"id\": \"" + new string('x', EscalationPolicyJson.MaxDocumentLength) + "\"}";
        var ex = Assert.Throws<JsonException>(() => EscalationPolicyJson.DeserializeDto(json));
        Assert.Equal($"The document has {json.Length} characters; at most 262144 are accepted.", ex.Message);
    }

    [Fact]
    public void DeserializeDto_TooDeep_Refused()
    {
        // 40 nested OR groups: deeper than MaxDepth (32) long before the end.
        var b = new StringBuilder("{\"id\": \"p\", \"stages\": [{\"id\": \"s\", \"name\": \"S\", \"trigger\": {\"offset\": 0}, \"tone\": \"Friendly\", \"actions\": [], \"conditions\": ");
        for (int i = 0; i < 40; i++)
        {
            b.Append("{\"anyOf\": [{\"members\": [");
        }

        b.Append("{}");
        for (int i = 0; i < 40; i++)
        {
            b.Append("]}]}");
        }

        b.Append("}]}");
        var ex = Assert.Throws<JsonException>(() => EscalationPolicyJson.DeserializeDto(b.ToString()));
        Assert.Contains("32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManyStages_Refused()
    {
        string stage = "{\"id\": \"s\", \"name\": \"S\", \"trigger\": {\"offset\": 0}, \"tone\": \"Friendly\", \"actions\": []}";
        string json = "{\"id\": \"p\", \"stages\": [" + string.Join(",", Enumerable.Repeat(stage, 51)) + "]}";
        var ex = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize(json));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("stages", "stages must have at most 50 stages (has 51)."), (error.PropertyName, error.ErrorMessage));
    }

    [Theory]
    [InlineData("{\"id\": \"p\", \"stages\": [], \"$type\": \"System.Diagnostics.Process\"}", "$.$type")]
    [InlineData("{\"id\": \"p\", \"stages\": [], \"scope\": 1}", "$.scope")]
    [InlineData("{\"id\": \"p\", \"stages\": [{\"tone\": \"Angry\"}]}", "$.stages[0].tone")]
    [InlineData("{\"id\": \"p\", \"stages\": [{\"actions\": [{\"kind\": \"System.IO.File, System.IO\"}]}]}", "$.stages[0].actions[0].kind")]
    [InlineData("{\"id\": \"p\", \"stages\": [{\"actions\": [{\"kind\": \"SendNotice\", \"channel\": \"Fax\"}]}]}", "$.stages[0].actions[0].channel")]
    public void DeserializeDto_UnknownPropertyOrName_RefusedWithPath(string json, string path)
        => Assert.Equal(path, Assert.Throws<JsonException>(() => EscalationPolicyJson.DeserializeDto(json)).Path);

    [Fact]
    public void RoundTrip_DefaultCatalog_Lossless()
    {
        string json = EscalationPolicyJson.SerializeCatalog(TemplateCatalog.Default);
        var back = EscalationPolicyJson.DeserializeCatalog(json);
        Assert.Equal(TemplateCatalog.Default.Templates.ToArray(), back.Templates.ToArray());
        Assert.Equal(json, EscalationPolicyJson.SerializeCatalog(back));
    }

    [Fact]
    public void DeserializeCatalog_BadTemplates_AllErrorsWithPathsAndPositions()
    {
        string json = """
            {"templates": [
              {"key": "reminder-firm", "channel": "Sms", "language": "es", "body": "Hola {{customer.name}}\n{{amount.owed}}"},
              {"key": "Bad", "channel": "Email", "language": "fr", "body": "x"},
              {"key": "custom", "channel": "Email", "language": "en", "body": "<p>{{customer.name}}</p>"},
              {"key": "custom", "channel": "Sms", "language": "en", "body": "a"},
              {"key": "custom", "channel": "Sms", "language": "EN", "body": "b"}
            ]}
            """;
        var ex = Assert.Throws<ValidationException>(() => EscalationPolicyJson.DeserializeCatalog(json));
        Assert.Equal(
            new[]
            {
                ("templates[0].body", "body, line 2, column 1 (template 'reminder-firm'): unknown placeholder {{amount.owed}} (known: customer.name, account.id, items.table, amount.principal, amount.interest, amount.fees, amount.total, amount.open, amount.remaining, amount.paid, date.due, days.overdue, days.status, payment.link, payment.methods, company.name, promise.date, interest.provisional, settlement.text)."),
                ("templates[1].key", "key must be 1 to 64 lower-case letters, digits and single hyphens, starting with a letter (was 'Bad')."),
                ("templates[1].language", "language must be 'es' or 'en', optionally with a region such as 'es-CO' (was 'fr')."),
                ("templates[2].subject", "subject, line 1, column 1 (template 'custom'): a subject is required for Email."),
                ("templates[4]", "templates[4] repeats the key, channel and language of templates[3] (custom (Sms, en))."),
            },
            ex.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToArray());
    }

    [Fact]
    public void DeserializeCatalog_OverLongSms_RefusedWithLimit()
    {
        string json = "{\"templates\": [{\"key\": \"custom\", \"channel\": \"Sms\", \"language\": \"es\", \"body\": \"" + new string('a', 481) + "\"}]}";
        var error = Assert.Single(Assert.Throws<ValidationException>(() => EscalationPolicyJson.DeserializeCatalog(json)).Errors);
        Assert.Equal("body, line 1, column 481 (template 'custom'): the body has 481 characters; at most 480 are accepted for Sms.", error.ErrorMessage);
    }

    [Fact]
    public void DeserializeCatalog_DocumentedExample_Loads()
    {
        // The catalog example published in docs/templates.md.
        string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "templates.md"));
        int start = doc.IndexOf("```json\n", StringComparison.Ordinal) + 8;
        string json = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var catalog = EscalationPolicyJson.DeserializeCatalog(json);
        Assert.Equal(2, catalog.Templates.Length);
        Assert.Equal(
            "<p>Dear A &amp; B,</p>",
            catalog.Find(TemplateKeys.ReminderFirm, NotificationChannel.Email, Language.English, Language.English).Render(TemplateTests.Values("A & B")).Body[..22]);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cobranza.Core.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cobranza.Core.sln not found above " + AppContext.BaseDirectory);
    }
}
