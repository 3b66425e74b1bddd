using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Template rendering (per notice sent) and policy/catalog JSON (per configuration load). No targets in the issue;
/// the figures are for reference.
/// </summary>
[MemoryDiagnoser]
public class EscalationTemplateBenchmarks
{
    private TemplateValues _values = null!;
    private MessageTemplate _sms = null!;
    private MessageTemplate _email = null!;
    private string _policyJson = null!;
    private string _catalogJson = null!;
    private static readonly Language SpanishColombia = Language.FromTag("es-CO"); // parsed once, outside the measured call

    [GlobalSetup]
    public void Setup()
    {
        var eur = Currency.EUR;
        var items = Enumerable.Range(1, 5)
            .Select(i => new NoticeItemLine($"F-2027-{i:000}", new LocalDate(2027, 1, i * 3), 20 - (i * 3), Money.Of(100m * i + 0.55m, eur)))
            .ToImmutableArray();
        _values = new TemplateValues("Ferretería López & Hijos S.L.", "ACC-7", items, Money.Of(1502.75m, eur), Money.Of(12.40m, eur), Money.Of(40m, eur), Money.Of(1555.15m, eur),
            new LocalDate(2027, 1, 3), 17, "https://pay.example.com/acc-7?x=1&y=2", ["transferencia bancaria", "tarjeta", "Bizum"], "Suministros Norte S.A.");
        _sms = TemplateCatalog.Default.Find(TemplateKeys.ReminderFirm, NotificationChannel.Sms, Language.Spanish, EscalationPolicies.Default.FallbackLanguage);
        _email = TemplateCatalog.Default.Find(TemplateKeys.NoticeFinal, NotificationChannel.Email, Language.Spanish, EscalationPolicies.Default.FallbackLanguage);
        _policyJson = EscalationPolicyJson.Serialize(EscalationPolicies.Default);
        _catalogJson = EscalationPolicyJson.SerializeCatalog(TemplateCatalog.Default);
    }

    [Benchmark(Baseline = true)]
    public RenderedMessage Render_Sms() => _sms.Render(_values);

    [Benchmark]
    public RenderedMessage Render_EmailHtml_5Items() => _email.Render(_values);

    [Benchmark]
    public MessageTemplate Find_WithRegionFallback() => TemplateCatalog.Default.Find(TemplateKeys.NoticeFinal, NotificationChannel.Email, SpanishColombia, EscalationPolicies.Default.FallbackLanguage);

    [Benchmark]
    public string Serialize_DefaultPolicy() => EscalationPolicyJson.Serialize(EscalationPolicies.Default);

    [Benchmark]
    public EscalationPolicy Deserialize_DefaultPolicy_Validated() => EscalationPolicyJson.Deserialize(_policyJson, TemplateCatalog.Default.Keys);

    [Benchmark]
    public TemplateCatalog Deserialize_DefaultCatalog_98Templates() => EscalationPolicyJson.DeserializeCatalog(_catalogJson);
}
