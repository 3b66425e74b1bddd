using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using FluentValidation;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

public class EscalationPolicyValidatorTests
{
    private static readonly string[] KnownTemplates =
    {
        "reminder-before-due", "reminder-due-today", "task-call-customer", "reminder-firm", "notice-final", "notice-service-suspended",
        "notice-agency-handover", "notice-legal", "payment-thank-you", "payment-partial-ack", "notice-service-restored", "promise-broken",
        "plan-installment-overdue",
    };

    [Theory]
    [InlineData("es_CO")] // underscore is not a BCP 47 separator (RFC 5646 §2.1)
    [InlineData("e")] // primary subtag has 2-3 or 5-8 letters (RFC 5646 §2.1)
    [InlineData("español")] // ASCII letters only
    [InlineData("es-")] // empty subtag
    [InlineData("es--CO")]
    [InlineData("es-CO-toolongsubtag")] // subtags have at most 8 characters
    [InlineData("1es")]
    public void Json_MalformedFallbackLanguage_ThrowsNamingPathAndValue(string tag)
    {
        // The model takes a Language (a malformed tag cannot reach it); the JSON reader refuses the text with its path.
        string json = EscalationPolicyJson.Serialize(EscalationPolicies.Default)
            .Replace("\"fallbackLanguage\": \"es\"", $"\"fallbackLanguage\": {System.Text.Json.JsonSerializer.Serialize(tag)}", System.StringComparison.Ordinal);
        var ex = Assert.ThrowsAny<System.Exception>(() => EscalationPolicyJson.Deserialize(json));
        Assert.Contains("fallbackLanguage", ex.Message, System.StringComparison.Ordinal);
        Assert.Contains($"(was '{tag}')", ex.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_NullFallbackLanguage_ThrowsNamingArgument()
        => Assert.Equal("language", Assert.Throws<System.ArgumentNullException>(() => EscalationPolicyBuilder.Create("p").FallbackLanguage(null!)).ParamName);

    [Fact]
    public void Constructor_NoFallbackLanguage_IsSpanish()
        => Assert.Same(Language.Spanish, new EscalationPolicy("p", 1, EscalationScope.Account, EscalationPolicies.Default.Stages).FallbackLanguage);

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    [InlineData("es-CO")]
    [InlineData("zh-Hant-TW")]
    public void Constructor_WellFormedFallbackLanguage_Kept(string tag)
        => Assert.Equal(tag, new EscalationPolicy("p", 1, EscalationScope.Account, EscalationPolicies.Default.Stages, fallbackLanguage: Language.FromTag(tag)).FallbackLanguage.Tag);

    [Fact]
    public void Validate_WellFormedButUnsupportedFallbackLanguage_ReportedByTheValidatorNotTheConstructor()
    {
        var policy = EscalationPolicies.CreateDefault(fallbackLanguage: Language.FromTag("es-CO")); // well-formed, but templates exist for "es" and "en" only
        var error = Assert.Single(new EscalationPolicyValidator(KnownTemplates).Validate(policy).Errors);
        Assert.Equal("FallbackLanguage", error.PropertyName);
    }

    [Fact]
    public void Validate_DefaultPolicy_ValidWithTheAgreedTemplates()
    {
        var result = new EscalationPolicyValidator(KnownTemplates).Validate(EscalationPolicies.Default);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_DefaultPolicy_MatchesTheAgreedTable()
    {
        var p = EscalationPolicies.Default;
        Assert.Equal("cobranza-default", p.Id);
        Assert.Equal(1, p.Version);
        Assert.Equal(EscalationScope.Account, p.Scope);
        Assert.Equal(
            new[]
            {
                "pre-due -3 Friendly SendNotice(Email,reminder-before-due)",
                "due-today 0 Friendly SendNotice(Email,reminder-due-today)",
                "call 1 Friendly CreateTask(PhoneCall,task-call-customer)",
                "firm 3 Firm SendNotice(Email,reminder-firm)",
                "final 15 Final SendNotice(Email,notice-final) ChargeLateInterest(,) ApplyLateFee(,)",
                "suspend 30 Final SuspendService(,) SendNotice(Email,notice-service-suspended)",
                "agency 60 Legal HandOverToAgency(,) SendNotice(Letter,notice-agency-handover)",
                "legal 90 Legal LegalNotice(Letter,notice-legal)",
            },
            p.Stages.Select(s => $"{s.Id} {s.Trigger.Offset} {s.Tone} {string.Join(" ", s.Actions.Select(a => $"{a.Kind}({a.Channel},{a.TemplateKey})"))}").ToArray());
    }

    [Fact]
    public void Validate_ManyMistakes_EveryErrorAtOnceWithPaths()
    {
        var stages = ImmutableArray.Create(
            new EscalationStage("a", "A", StageTrigger.CalendarDays(5), EscalationTone.Firm, ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Email, "nope"))),
            new EscalationStage("a", "A again", StageTrigger.CalendarDays(3), EscalationTone.Friendly,
                ImmutableArray.Create(new EscalationAction(EscalationActionKind.LegalNotice, NotificationChannel.Letter, "notice-legal")), repeat: new StageRepetition(7, null)),
            new EscalationStage("c", "C", StageTrigger.CalendarDays(9), EscalationTone.Legal, ImmutableArray<EscalationAction>.Empty));
        var policy = new EscalationPolicy("p", 1, EscalationScope.Account, stages, suppressions: new SuppressionSettings(brokenPromiseStageId: "missing"), fallbackLanguage: Language.FromTag("fr"));
        var errors = new EscalationPolicyValidator(KnownTemplates).Validate(policy).Errors.Select(e => e.PropertyName).ToArray();
        Assert.Equal(
            new[]
            {
                "FallbackLanguage",
                "Stages[0].Actions[0].TemplateKey",
                "Stages[1].Id",
                "Stages[1].Trigger.Offset",
                "Stages[1].Tone",
                "Stages[1].Actions[0].Kind",
                "Stages[1].Repeat.MaxTimes",
                "Stages[2].Actions",
                "Suppressions.BrokenPromiseStageId",
            },
            errors);
    }

    [Fact]
    public void Validate_ActionNotAllowedAtTone_MessageNamesToneAndMinimum()
    {
        var policy = EscalationPolicyBuilder.Create("p")
            .Stage("x", "X", StageTrigger.CalendarDays(1), EscalationTone.Firm, s => s.LegalNotice(NotificationChannel.Letter, "notice-legal"))
            .BuildUnvalidated();
        var error = Assert.Single(new EscalationPolicyValidator().Validate(policy).Errors);
        Assert.Equal("Stages[0].Actions[0].Kind", error.PropertyName);
        Assert.Equal("Stages[0].Actions[0].Kind LegalNotice is not allowed at tone Firm (stage 'x'); it needs at least Legal.", error.ErrorMessage);
    }

    [Fact]
    public void Validate_EmptyStagesValidEmptyOrGroupReported()
    {
        // Issue 20: zero stages is the "no dunning" policy for exempt customers, valid (with the default catalog's keys too).
        var empty = new EscalationPolicy("p", 1, EscalationScope.Item, ImmutableArray<EscalationStage>.Empty, suppressions: new SuppressionSettings(brokenPromiseStageId: null));
        Assert.Empty(new EscalationPolicyValidator(Cobranza.Core.Escalation.Templates.TemplateCatalog.Default.Keys).Validate(empty).Errors);
        var group = new StageConditions(anyOf: ImmutableArray.Create(new ConditionGroup(ImmutableArray<StageConditions>.Empty)), maxOnTimeShare: 1.5m);
        var policy = EscalationPolicyBuilder.Create("p")
            .Stage("x", "X", StageTrigger.CalendarDays(1), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm").When(group))
            .BuildUnvalidated();
        Assert.Equal(
            new[] { "Stages[0].Conditions.MaxOnTimeShare", "Stages[0].Conditions.AnyOf[0].Members" },
            new EscalationPolicyValidator().Validate(policy).Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void Validate_ReinstatementInAStageOrNoticeWithoutTemplate_Reported()
    {
        var policy = EscalationPolicyBuilder.Create("p")
            .Stage("x", "X", StageTrigger.CalendarDays(1), EscalationTone.Final, s => s.Do(EscalationActionKind.RestoreService).Do(EscalationActionKind.SendNotice))
            .BuildUnvalidated();
        Assert.Equal(
            new[] { "Stages[0].Actions[0].Kind", "Stages[0].Actions[1].Channel", "Stages[0].Actions[1].TemplateKey" },
            new EscalationPolicyValidator().Validate(policy).Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void Build_Invalid_ThrowsValidationExceptionWithEveryError()
    {
        var builder = EscalationPolicyBuilder.Create("p")
            .Stage("x", "X", StageTrigger.CalendarDays(3), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm"))
            .Stage("x", "Y", StageTrigger.CalendarDays(1), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm"));
        var ex = Assert.Throws<ValidationException>(() => builder.Build());
        Assert.Equal(new[] { "Stages[1].Id", "Stages[1].Trigger.Offset" }, ex.Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void Builder_RebuildingTheDefaultTable_EqualsTheDefaultPolicy()
    {
        var built = EscalationPolicyBuilder.Create("cobranza-default")
            .Stage("pre-due", "Friendly reminder before the due date", StageTrigger.CalendarDays(-3), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-before-due"))
            .Stage("due-today", "Reminder on the due date", StageTrigger.CalendarDays(0), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-due-today"))
            .Stage("call", "Call the customer and agree a date", StageTrigger.CalendarDays(1), EscalationTone.Friendly, s => s.Task(NotificationChannel.PhoneCall, "task-call-customer"))
            .Stage("firm", "Firm reminder mentioning late interest", StageTrigger.CalendarDays(3), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm"))
            .Stage("final", "Final notice with late interest and the recovery fee", StageTrigger.CalendarDays(15), EscalationTone.Final, s => s
                .Notice(NotificationChannel.Email, "notice-final").Do(EscalationActionKind.ChargeLateInterest).Do(EscalationActionKind.ApplyLateFee))
            .Stage("suspend", "Suspend the service", StageTrigger.CalendarDays(30), EscalationTone.Final, s => s
                .Do(EscalationActionKind.SuspendService).Notice(NotificationChannel.Email, "notice-service-suspended"))
            .Stage("agency", "Hand over to a collection agency", StageTrigger.CalendarDays(60), EscalationTone.Legal, s => s
                .Do(EscalationActionKind.HandOverToAgency).Notice(NotificationChannel.Letter, "notice-agency-handover"))
            .Stage("legal", "Legal notice", StageTrigger.CalendarDays(90), EscalationTone.Legal, s => s.LegalNotice(NotificationChannel.Letter, "notice-legal"))
            .Suppressions(SuppressionSettings.Default)
            .Build();
        Assert.Equal(EscalationPolicies.Default, built);
        Assert.NotEqual(EscalationPolicies.CreateDefault(final: 20), built);
    }

    [Fact]
    public void Constructors_BadArguments_ThrowNamingArgumentAndValue()
    {
        var ex = Assert.Throws<System.ArgumentException>(() => new EscalationStage("a|b", "A", StageTrigger.CalendarDays(1), EscalationTone.Firm, default));
        Assert.Equal("id must not contain '|' (was 'a|b'). (Parameter 'id')", ex.Message);
        var window = Assert.Throws<System.ArgumentException>(() => new QuietRules(new NodaTime.LocalTime(18, 0), new NodaTime.LocalTime(9, 0)));
        Assert.Contains("windowEnd (09:00) must be after windowStart (18:00)", window.Message, System.StringComparison.Ordinal);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new StageRepetition(0, 3));
    }
}
