using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>The creditor's details that notices show.</summary>
public sealed record CompanyDetails
{
    /// <summary>Creates the details.</summary>
    /// <param name="name">The company name (not empty).</param>
    /// <param name="defaultPaymentLink">The link used when no <see cref="IPaymentLinkProvider"/> gives one (absolute http/https).</param>
    /// <param name="paymentMethods">The accepted payment methods (at least one, none empty).</param>
    /// <exception cref="ArgumentException">A value is empty or the link is not absolute.</exception>
    public CompanyDetails(string name, Uri defaultPaymentLink, ImmutableArray<string> paymentMethods)
    {
        Name = Guard.NotNullOrWhiteSpace(name);
        DefaultPaymentLink = Guard.NotNull(defaultPaymentLink).IsAbsoluteUri
            ? defaultPaymentLink
            : throw new ArgumentException($"defaultPaymentLink must be absolute (was '{defaultPaymentLink}').", nameof(defaultPaymentLink));
        if (paymentMethods.IsDefaultOrEmpty || paymentMethods.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("paymentMethods must list at least one method and none empty.", nameof(paymentMethods));
        }

        PaymentMethods = paymentMethods;
    }

    /// <summary>The company name.</summary>
    public string Name { get; }

    /// <summary>The fallback payment link.</summary>
    public Uri DefaultPaymentLink { get; }

    /// <summary>The accepted payment methods.</summary>
    public ImmutableArray<string> PaymentMethods { get; }
}

/// <summary>
/// The default <see cref="INoticeRenderer"/>: renders a decision with a <see cref="TemplateCatalog"/> (the built-in
/// es/en templates or the host's), filling the agreed placeholders from the decision and the account snapshot.
/// </summary>
/// <param name="catalog">The templates.</param>
/// <param name="company">The creditor's details.</param>
/// <param name="fallbackLanguage">The language used when the customer's has no template (default "es").</param>
public sealed class CatalogNoticeRenderer(TemplateCatalog catalog, CompanyDetails company, string fallbackLanguage = TemplateCatalog.DefaultFallbackLanguage) : INoticeRenderer
{
    private readonly TemplateCatalog _catalog = Guard.NotNull(catalog);
    private readonly CompanyDetails _company = Guard.NotNull(company);
    private readonly string _fallbackLanguage = Guard.NotNullOrWhiteSpace(fallbackLanguage);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The decision has no template or channel, or the catalog has no such template.</exception>
    public RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink)
    {
        Guard.NotNull(decision);
        Guard.NotNull(account);
        if (decision.TemplateKey is null || decision.Channel is null)
        {
            throw new ArgumentException($"decision '{decision.IdempotencyKey}' has no template or channel to render.", nameof(decision));
        }

        var asOf = decision.DecidedAt.InZone(account.Customer.TimeZone).Date;
        var items = account.Items.Where(i => decision.ItemIds.Contains(i.ItemId)).ToArray();
        if (items.Length == 0)
        {
            items = account.Items.Where(i => !i.IsSettled).ToArray();
        }

        var lines = items.OrderBy(i => i.DueDate).ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .Select(i => new NoticeItemLine(i.InvoiceId, i.DueDate, Math.Max(0, Period.DaysBetween(i.DueDate, asOf)), i.Outstanding))
            .ToImmutableArray();
        var dueDate = lines.IsEmpty ? asOf : lines[0].DueDate;
        var values = new TemplateValues(
            account.Customer.DisplayName,
            account.AccountId,
            lines,
            decision.OverdueAmount,
            decision.InterestAmount,
            decision.FeeAmount,
            dueDate,
            Period.DaysBetween(dueDate, asOf),
            (paymentLink ?? _company.DefaultPaymentLink).AbsoluteUri,
            _company.PaymentMethods,
            _company.Name);
        var message = _catalog.Render(decision.TemplateKey, decision.Channel.Value, decision.Language, values, _fallbackLanguage);
        return new RenderedNotice(message.Subject ?? string.Empty, message.Body, message.BodyFormat == TemplateBodyFormat.Html ? "text/html" : "text/plain", message.Language);
    }
}
