using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using FluentValidation.Results;

namespace Cobranza.Cli.Validation;

/// <summary>
/// Runs the library's own loaders and validators over a document and collects every error (and warning) with its
/// JSON path. Nothing is checked here that the library does not check.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>The kind from the document's top-level properties (stages, templates, portions, paymentDays …).</summary>
    internal static ConfigurationKind Detect(string json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("stages", out _))
                {
                    return ConfigurationKind.Policy;
                }

                if (root.TryGetProperty("templates", out _))
                {
                    return ConfigurationKind.Catalog;
                }

                if (root.TryGetProperty("portions", out _))
                {
                    return ConfigurationKind.Terms;
                }

                if (root.TryGetProperty("paymentDays", out _) || root.TryGetProperty("excludedPeriods", out _))
                {
                    return ConfigurationKind.Customer;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the kind cannot be told from the content.
        }

        throw new CliInputException(
            $"{file}: no se puede saber qué tipo de documento es (no hay 'stages', 'templates', 'portions' ni 'paymentDays' en el nivel superior); indique --kind policy|terms|catalog|customer.",
            $"{file}: cannot tell what kind of document this is (no 'stages', 'templates', 'portions' or 'paymentDays' at the top); give --kind policy|terms|catalog|customer.");
    }

    internal static IReadOnlyList<ConfigurationIssue> Check(string json, ConfigurationKind kind, IEnumerable<string> templateKeys)
    {
        try
        {
            return kind switch
            {
                ConfigurationKind.Policy => Policy(json, templateKeys),
                ConfigurationKind.Terms => Terms(json),
                ConfigurationKind.Catalog => Catalog(json),
                ConfigurationKind.Customer => Customer(json),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind is not a ConfigurationKind (was {kind})."),
            };
        }
        catch (JsonException exception)
        {
            return [new ConfigurationIssue(JsonPath(exception.Path), exception.Message, IsWarning: false, Code: null)];
        }
        catch (ValidationException exception)
        {
            return From(exception.Errors);
        }
        catch (ArgumentException exception)
        {
            return [new ConfigurationIssue("$", exception.Message, IsWarning: false, Code: null)];
        }
    }

    private static IReadOnlyList<ConfigurationIssue> Policy(string json, IEnumerable<string> templateKeys)
    {
        var dto = EscalationPolicyJson.DeserializeDto(json);
        var issues = From(EscalationPolicyJson.Validate(dto, templateKeys).Errors);
        if (!issues.Any(i => !i.IsWarning))
        {
            EscalationPolicyJson.ToModel(dto);
        }

        return issues;
    }

    private static IReadOnlyList<ConfigurationIssue> Terms(string json)
    {
        var dto = PaymentTermsJson.DeserializeDto(json);
        var issues = From(new PaymentTermsDtoValidator().Validate(dto).Errors);
        if (!issues.Any(i => !i.IsWarning))
        {
            PaymentTermsMapper.ToModel(dto);
        }

        return issues;
    }

    private static IReadOnlyList<ConfigurationIssue> Catalog(string json)
    {
        EscalationPolicyJson.DeserializeCatalog(json);
        return [];
    }

    private static IReadOnlyList<ConfigurationIssue> Customer(string json)
    {
        PaymentTermsJson.DeserializeCustomer(json);
        return [];
    }

    private static List<ConfigurationIssue> From(IEnumerable<ValidationFailure> failures)
        => failures.Select(f => new ConfigurationIssue(
            JsonPath(f.PropertyName), f.ErrorMessage, f.Severity != Severity.Error, string.IsNullOrEmpty(f.ErrorCode) ? null : f.ErrorCode)).ToList();

    /// <summary>A library path (<c>stages[1].tone</c>, or <c>$.stages[1].tone</c> from a reader) as a JSON path.</summary>
    internal static string JsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "$";
        }

        return path.StartsWith('$') ? path : path.StartsWith('[') ? "$" + path : "$." + path;
    }

    /// <summary>The template keys a policy may name: the default catalog's, or those of the catalog given.</summary>
    internal static IEnumerable<string> TemplateKeys(string? catalogJson)
        => catalogJson is null ? TemplateCatalog.Default.Keys : EscalationPolicyJson.DeserializeCatalog(catalogJson).Keys;
}
