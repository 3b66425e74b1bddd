using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Collections;

/// <summary>
/// <see cref="INoticeRenderer"/> over the library's default es/en template catalog: builds the template values from
/// the decision and the account snapshot and renders the decision's template for its channel and language. Unlike
/// the library's <c>CatalogNoticeRenderer</c> it fills <c>amount.paid</c> / <c>amount.remaining</c> from the last
/// payment (the payment-event templates need them) and lists the payment methods in the customer's language.
/// </summary>
internal sealed class SampleNoticeRenderer : INoticeRenderer
{
    /// <summary>The creditor the sample collects for.</summary>
    public const string CompanyName = "Suministros Cobranza Demo";

    private static readonly ImmutableArray<string> MethodsEs = ["transferencia bancaria", "tarjeta en el enlace de pago"];
    private static readonly ImmutableArray<string> MethodsEn = ["bank transfer", "card via the payment link"];

    private readonly TemplateCatalog _catalog;

    public SampleNoticeRenderer()
        : this(TemplateCatalog.Default)
    {
    }

    public SampleNoticeRenderer(TemplateCatalog catalog) => _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    /// <inheritdoc/>
    public RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(account);
        if (decision.TemplateKey is null || decision.Channel is not { } channel)
        {
            throw new ArgumentException($"decision '{decision.IdempotencyKey}' has no template or channel to render.", nameof(decision));
        }

        var today = decision.DecidedAt.InZone(account.Customer.TimeZone).Date;
        var items = account.Items
            .Where(i => decision.ItemIds.Contains(i.ItemId))
            .OrderBy(i => i.DueDate)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .ToList();
        var oldestDue = items.Count > 0 ? items[0].DueDate : today;
        var lines = items.Select(i => new NoticeItemLine(i.InvoiceId, i.DueDate, i.DaysOverdueOn(today), i.Outstanding)).ToImmutableArray();
        bool english = decision.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var values = new TemplateValues(
            account.Customer.DisplayName,
            account.AccountId,
            lines,
            decision.OverdueAmount,
            decision.InterestAmount,
            decision.FeeAmount,
            oldestDue,
            items.Count > 0 ? items[0].DaysOverdueOn(today) : 0,
            (paymentLink ?? SamplePaymentLinks.For(account.AccountId)).AbsoluteUri,
            english ? MethodsEn : MethodsEs,
            CompanyName);
        if (account.Payments.Length > 0)
        {
            var last = account.Payments.OrderBy(p => p.ReceivedOn).ThenBy(p => p.Reference, StringComparer.Ordinal).Last();
            // Payment events (thank-you, partial acknowledgement, service restored) quote the last payment.
            values = values.WithPayment(last.Amount, account.Outstanding);
        }

        if (account.Promises.Length > 0)
        {
            values = values.WithPromiseDate(account.Promises.Max(p => p.PromisedDate));
        }

        var rendered = _catalog.Render(decision.TemplateKey, channel, decision.Language, values);
        return new RenderedNotice(
            rendered.Subject ?? string.Empty,
            rendered.Body,
            rendered.BodyFormat == TemplateBodyFormat.Html ? "text/html" : "text/plain",
            rendered.Language);
    }
}

/// <summary>The sample's payment links (a real host asks its payment provider for a signed link).</summary>
internal sealed class SamplePaymentLinks : IPaymentLinkProvider
{
    public static Uri For(string accountId) => new("https://pay.example.com/cobranza/" + Uri.EscapeDataString(accountId));

    public ValueTask<Uri?> GetPaymentLinkAsync(CustomerAccount account, EscalationDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ValueTask.FromResult<Uri?>(For(account.AccountId));
    }
}
