using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using FluentValidation;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>Templates, catalogs, decisions and notices carry a <see cref="Language"/> (issue 15 §5, decision 0028).</summary>
public sealed class LanguageTypeTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    [Fact]
    public void DeserializeCatalog_OldUnderscoreSpellings_LoadAsBcp47Tags_AndAreWrittenWithAHyphen()
    {
        // A catalog file as earlier releases accepted it (docs/schema/template-catalog.schema.json: "-" or "_", any case).
        const string json = """
            {"templates": [
              {"key": "reminder-firm", "channel": "Sms", "language": "es_CO", "body": "{{company.name}}: pague {{amount.principal}}."},
              {"key": "reminder-firm", "channel": "Sms", "language": "EN_gb", "body": "{{company.name}}: please pay {{amount.principal}}."},
              {"key": "reminder-firm", "channel": "Sms", "language": "es-419", "body": "{{company.name}}: pague {{amount.principal}}, por favor."},
              {"key": "reminder-firm", "channel": "Sms", "language": "ES", "body": "{{company.name}}: abone {{amount.principal}}."}
            ]}
            """;
        var catalog = EscalationPolicyJson.DeserializeCatalog(json);

        Assert.Equal(["en-GB", "es", "es-419", "es-CO"], catalog.Templates.Select(t => t.Language.Tag));
        Assert.Same(Language.Spanish, catalog.Templates.Single(t => t.Language.Tag == "es").Language);
        Assert.StartsWith("{{company.name}}: pague", catalog.Find("reminder-firm", NotificationChannel.Sms, Language.FromTag("es-co"), Language.Spanish).Body, StringComparison.Ordinal);
        string written = EscalationPolicyJson.SerializeCatalog(catalog);
        Assert.Contains("\"es-CO\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("es_CO", written, StringComparison.Ordinal);
        Assert.Equal(catalog.Templates.ToArray(), EscalationPolicyJson.DeserializeCatalog(written).Templates.ToArray());
    }

    [Fact]
    public void DeserializeCatalog_SameLanguageInTwoSpellings_IsADuplicate()
    {
        const string json = """
            {"templates": [
              {"key": "reminder-firm", "channel": "Sms", "language": "es_CO", "body": "a"},
              {"key": "reminder-firm", "channel": "Sms", "language": "es-co", "body": "b"}
            ]}
            """;
        var error = Assert.Single(Assert.Throws<ValidationException>(() => EscalationPolicyJson.DeserializeCatalog(json)).Errors);
        Assert.Equal("templates[1]", error.PropertyName);
        Assert.Contains("repeats the key, channel and language of templates[0]", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("es_")]
    [InlineData("español")]
    [InlineData("es-Latn")] // a script subtag: well-formed, but catalog files take a region only (the schema's pattern)
    public void DeserializeCatalog_UnsupportedLanguage_RefusedWithPath(string language)
    {
        string json = $$"""{"templates": [{"key": "reminder-firm", "channel": "Sms", "language": "{{language}}", "body": "a"}]}""";
        var error = Assert.Single(Assert.Throws<ValidationException>(() => EscalationPolicyJson.DeserializeCatalog(json)).Errors);
        Assert.Equal("templates[0].language", error.PropertyName);
        Assert.Contains($"(was '{language}')", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_Create_SameLanguageInAnotherCase_IsADuplicate()
    {
        var a = new MessageTemplate("custom", NotificationChannel.Sms, Language.FromTag("es-CO"), null, "a");
        var b = new MessageTemplate("custom", NotificationChannel.Sms, Language.FromTag("ES-co"), null, "b");
        Assert.Throws<ArgumentException>(() => TemplateCatalog.Create([a, b]));
    }

    [Fact]
    public void Evaluate_RegionalCustomer_DecisionCarriesTheResolvedPrimaryLanguage()
    {
        // es-CO and es-MX customers are written the Spanish text; the journal stores "es", as before the type change.
        foreach (string tag in new[] { "es-CO", "es-MX", "ES" })
        {
            var account = Account(customer: Customer(language: tag), items: [Open("A", Due)]);
            var decision = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(3))).Decisions.First();
            Assert.Same(Language.Spanish, decision.Language);
        }
    }

    [Fact]
    public void Evaluate_CustomerWithoutLibraryTexts_PolicyFallbackLanguage()
    {
        var account = Account(customer: Customer(language: "pt-BR"), items: [Open("A", Due)]);
        var now = At(account, Due.PlusDays(3));
        Assert.Same(Language.Spanish, Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now).Decisions.First().Language);
        var english = EscalationPolicyBuilder.From(EscalationPolicies.Default).FallbackLanguage(Language.English).Build();
        Assert.Same(Language.English, Engine.Evaluate(account, CollectionHistory.Empty, english, now).Decisions.First().Language);
    }

    [Fact]
    public void CatalogNoticeRenderer_CatalogWithoutTheDecisionsLanguage_UsesItsFallback()
    {
        // A host catalog with Spanish SMS only: an English decision is written in the renderer's fallback language,
        // Spanish when none is given (the policy's default fallback, decision 0028), English when asked.
        var spanishOnly = TemplateCatalog.Create(TemplateCatalog.Default.Templates.Where(t => t.Language == Language.Spanish));
        var company = new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]);
        var account = Account(items: [Open("A", Due)]);
        var decision = EnglishSms(account);

        var notice = new CatalogNoticeRenderer(spanishOnly, company).Render(decision, account, null);
        Assert.Same(Language.Spanish, notice.Language);
        Assert.Contains("venció", notice.Body, StringComparison.Ordinal);

        var englishOnly = TemplateCatalog.Create(TemplateCatalog.Default.Templates.Where(t => t.Language == Language.English));
        var spanishDecision = EnglishSms(account, Language.Spanish);
        Assert.Same(Language.English, new CatalogNoticeRenderer(englishOnly, company, Language.English).Render(spanishDecision, account, null).Language);
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => new CatalogNoticeRenderer(englishOnly, company).Render(spanishDecision, account, null));
    }

    [Fact]
    public void RenderedNotice_NullLanguage_ThrowsNamingIt()
        => Assert.Equal("language", Assert.Throws<ArgumentNullException>(() => new RenderedNotice("s", "b", "text/plain", null!)).ParamName);

    [Fact]
    public void Decision_NullLanguage_ThrowsNamingIt()
    {
        var at = Instant.FromUtc(2026, 4, 18, 8, 0);
        var eur = Money.Zero(Currency.EUR);
        var ex = Assert.Throws<ArgumentNullException>(() => new EscalationDecision(
            "k", "ACC-1", "p", 1, "firm", EscalationActionKind.SendNotice, EscalationTone.Firm, NotificationChannel.Sms, "reminder-firm", null!,
            ImmutableArray<string>.Empty, eur, eur, eur, eur, 1, at, at, "x"));
        Assert.Equal("language", ex.ParamName);
    }

    private static EscalationDecision EnglishSms(CustomerAccount account, Language? language = null)
    {
        var at = At(account, Due.PlusDays(3));
        var principal = Money.Of(1210m, Currency.EUR);
        var zero = Money.Zero(Currency.EUR);
        return new EscalationDecision(
            "cobranza-default|firm|SendNotice|Sms|ACC-1|1", "ACC-1", "cobranza-default", 1, "firm", EscalationActionKind.SendNotice, EscalationTone.Firm,
            NotificationChannel.Sms, TemplateKeys.ReminderFirm, language ?? Language.English, ["A"], principal, zero, zero, principal, 1, at, at, "test");
    }
}
