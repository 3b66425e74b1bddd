using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;

namespace Cobranza.Samples.Quickstart.Collections;

/// <summary>
/// <see cref="INoticeRenderer"/> over the library's default es/en template catalog: the library's own
/// <see cref="CatalogNoticeRenderer"/> (which fills every event placeholder by the engine's rules, e.g. the promise
/// the engine judged broken), with the creditor's payment methods listed in the customer's language.
/// </summary>
internal sealed class SampleNoticeRenderer : INoticeRenderer
{
    /// <summary>The creditor the sample collects for.</summary>
    public const string CompanyName = "Suministros Cobranza Demo";

    private static readonly Uri DefaultPaymentLink = new("https://pay.example.com/cobranza/");

    private readonly CatalogNoticeRenderer _spanish;
    private readonly CatalogNoticeRenderer _english;

    public SampleNoticeRenderer()
        : this(TemplateCatalog.Default)
    {
    }

    public SampleNoticeRenderer(TemplateCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _spanish = new CatalogNoticeRenderer(catalog, new CompanyDetails(CompanyName, DefaultPaymentLink, ["transferencia bancaria", "tarjeta en el enlace de pago"]));
        _english = new CatalogNoticeRenderer(catalog, new CompanyDetails(CompanyName, DefaultPaymentLink, ["bank transfer", "card via the payment link"]));
    }

    /// <inheritdoc/>
    public RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var renderer = decision.Language.Code == "en" ? _english : _spanish;
        return renderer.Render(decision, account, paymentLink ?? SamplePaymentLinks.For(decision.AccountId));
    }
}

/// <summary>The sample's payment links (a real host asks its payment provider for a signed link).</summary>
internal sealed class SamplePaymentLinks : IPaymentLinkProvider
{
    public static Uri For(string accountId) => new("https://pay.example.com/cobranza/" + Uri.EscapeDataString(accountId));

    public ValueTask<Uri?> GetPaymentLinkAsync(CustomerAccount account, EscalationDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ValueTask.FromResult<Uri?>(For(account.Id));
    }
}
