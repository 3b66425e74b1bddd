using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cobranza.Core.Tests.Running;

/// <summary>
/// Issue 15 §5 and docs/errors.md: every configuration error family is caught by the documented filter, and each
/// error names its field. The filter below is the one the page tells hosts to paste; keep them the same.
/// </summary>
public sealed class ConfigurationErrorCatchListTests
{
    private static bool IsCobranzaConfigurationError(Exception ex) => ex switch
    {
        AggregateException a => a.InnerExceptions.All(IsCobranzaConfigurationError),
        CobranzaConfigurationException
            or OptionsValidationException
            or FluentValidation.ValidationException
            or System.Text.Json.JsonException
            or FormatException
            or ArgumentException => true,
        _ => false,
    };

    private static ServiceProvider Misconfigured()
    {
        var services = new ServiceCollection();
        services.AddCobranza(b => b.ConfigureRun(RunOptions.Default));
        services.Configure<RunSettings>(s => s.PageSize = 0);
        return services.BuildServiceProvider();
    }

    public static TheoryData<string, string> Families() => new()
    {
        { "CobranzaConfigurationException", "Cobranza:Run:PageSize" },
        { "OptionsValidationException", "Cobranza:Run:PageSize" },
        { "ValidationException", "portions" },
        { "JsonException", "$.portions" },
        { "FormatException (rate file)", "line 2" },
        { "FormatException (notation)", "'30-60-90'" },
        { "ArgumentException", "language" },
        { "InvalidTemplateException", "{{customer.nmae}}" },
    };

    private static readonly Dictionary<string, Action> Throwers = new()
    {
        ["CobranzaConfigurationException"] = () => { using var sp = Misconfigured(); sp.ValidateCobranza(); },
        ["OptionsValidationException"] = () => { using var sp = Misconfigured(); _ = sp.GetRequiredService<IOptions<RunSettings>>().Value; },
        ["ValidationException"] = () => PaymentTermsJson.Deserialize(
            """{"portions":[{"share":{"kind":"Percent","percent":60},"rule":{"kind":"CalendarDays","days":30}}]}"""),
        ["JsonException"] = () => PaymentTermsJson.Deserialize("""{"portions":[{"share":{"kind":"Percent","percent":60}""" + "}"),
        ["FormatException (rate file)"] = () => ReferenceRateFile.ParseCsv("start,end,rate_percent,source\n2026-07-01,2026-12-31,ten,BOE\n"),
        ["FormatException (notation)"] = () => PaymentTermsNotation.Parse("30-60-90"),
        ["ArgumentException"] = () => _ = new CustomerProfile("C-1", "Talleres Martín", Language.FromTag("español"), DateTimeZone.Utc),
        ["InvalidTemplateException"] = () => _ = new MessageTemplate(
            "reminder", Cobranza.Core.Escalation.NotificationChannel.Email, Language.Spanish, "Aviso", "Hola {{customer.nmae}}"),
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Family_CaughtByTheDocumentedFilter_NamesTheField(string family, string field)
    {
        Exception? caught = null;
        try
        {
            Throwers[family]();
        }
        catch (Exception ex) when (IsCobranzaConfigurationError(ex))
        {
            caught = ex;
        }

        Assert.NotNull(caught);
        string text = caught switch
        {
            System.Text.Json.JsonException j => j.Path + " " + j.Message,
            FluentValidation.ValidationException v => string.Join("; ", v.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)),
            _ => caught.Message,
        };
        Assert.Contains(field, text, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAConfigurationError_NotCaught()
    {
        // A missing rate is data the run needs, not a configuration mistake (docs/errors.md).
        Assert.False(IsCobranzaConfigurationError(new ReferenceRateUnavailableException("ES-LATE", new LocalDate(2026, 7, 1), null, "no rate for 2026-07-01")));
        Assert.False(IsCobranzaConfigurationError(new AggregateException(new InvalidOperationException("x"), new FormatException("y"))));
    }
}
