using System;
using System.Collections.Immutable;
using System.Globalization;
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

    /// <summary>Value equality: the name, the link and the payment methods compared element by element (in order, ordinal).</summary>
    /// <param name="other">The other details.</param>
    /// <returns><see langword="true"/> when both carry the same name, link and methods in the same order.</returns>
    public bool Equals(CompanyDetails? other)
        => other is not null && (ReferenceEquals(this, other) || (
            Name == other.Name && DefaultPaymentLink == other.DefaultPaymentLink && ValueEquality.SequenceEqual(PaymentMethods, other.PaymentMethods)));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(DefaultPaymentLink);
        ValueEquality.AddSequence(ref hash, PaymentMethods);
        return hash.ToHashCode();
    }
}

/// <summary>
/// The default <see cref="INoticeRenderer"/>: renders a decision with a <see cref="TemplateCatalog"/> (the built-in
/// es/en templates or the host's), filling the agreed placeholders from the decision and the account snapshot.
/// </summary>
/// <param name="catalog">The templates.</param>
/// <param name="company">The creditor's details.</param>
/// <param name="fallbackLanguage">
/// The language used when the catalog has no template in the decision's language (nor its primary language); left out,
/// Spanish, as <see cref="EscalationPolicy.FallbackLanguage"/>'s default (decision 0028). The decision's language is
/// already the policy's fallback when the customer's language has no library texts; this one only covers a catalog
/// that lacks a language.
/// </param>
public sealed class CatalogNoticeRenderer(TemplateCatalog catalog, CompanyDetails company, Language? fallbackLanguage = null) : INoticeRenderer
{
    private readonly TemplateCatalog _catalog = Guard.NotNull(catalog);
    private readonly CompanyDetails _company = Guard.NotNull(company);
    private readonly Language _fallbackLanguage = fallbackLanguage ?? Language.Spanish;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The decision has no template or channel.</exception>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">The catalog has no such template for the channel in the customer's language or the fallback language (start-up validation reports unknown keys before a run: see <see cref="CobranzaServiceCollectionExtensions.ValidateCobranza"/>).</exception>
    public RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink)
    {
        Guard.NotNull(decision);
        Guard.NotNull(account);
        if (decision.TemplateKey is null || decision.Channel is null)
        {
            throw new ArgumentException($"decision '{decision.IdempotencyKey}' has no template or channel to render.", nameof(decision));
        }

        var asOf = decision.DecidedAt.InZone(account.Customer.TimeZone).Date;
        var items = account.Items.Where(i => decision.ItemIds.Contains(i.Id)).ToArray();
        if (items.Length == 0)
        {
            items = account.Items.Where(i => !i.IsSettled).ToArray();
        }

        // Each line: the item's principal still owed and its days past the due date on the notice's date (negative
        // before it: "vence en 5 días"). The amounts stated come from the decision; the lines add up to its principal.
        var lines = items.OrderBy(i => i.DueDate).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new NoticeItemLine(i.InvoiceId, i.DueDate, Period.DaysBetween(i.DueDate, asOf), i.PrincipalOutstanding))
            .ToImmutableArray();
        var dueDate = lines.IsEmpty ? asOf : lines[0].DueDate;
        var values = new TemplateValues(
            account.Customer.DisplayName,
            account.Id,
            lines,
            decision.PrincipalAmount,
            decision.InterestAmount,
            decision.FeeAmount,
            decision.OpenBalance,
            dueDate,
            Period.DaysBetween(dueDate, asOf),
            (paymentLink ?? _company.DefaultPaymentLink).AbsoluteUri,
            _company.PaymentMethods,
            _company.Name);
        values = AddEventValues(values, decision, account, asOf);
        if (decision.IsInterestProvisional)
        {
            values = values.WithProvisionalInterest(decision.ProvisionalInterest); // {{interest.provisional}}: the note, es/en
        }
        var message = _catalog.Render(decision.TemplateKey, decision.Channel.Value, decision.Language, values, _fallbackLanguage);
        return new RenderedNotice(message.Subject ?? string.Empty, message.Body, message.BodyFormat == TemplateBodyFormat.Html ? "text/html" : "text/plain", message.Language);
    }

    /// <summary>
    /// Adds the event values the event templates use: for a payment template (thank-you, partial acknowledgement,
    /// service restored) the decision's <see cref="EscalationDecision.Settlement"/> as the engine computed it
    /// (<c>{{amount.paid}}</c>, <c>{{amount.remaining}}</c>, <c>{{settlement.text}}</c>: formatted, never recomputed);
    /// for the broken-promise template <c>{{promise.date}}</c> = the promised date of the broken promise: the
    /// decision's <see cref="EscalationDecision.PromisedDate"/> (the engine's own judgement), or, for a decision recorded
    /// without it (an older journal), the promise found by <see cref="BrokenPromiseDate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A payment-template decision carries no <see cref="EscalationDecision.Settlement"/> (one made by another engine, or recorded before journal schemas carried it; a pending decision is re-evaluated before it is retried).</exception>
    private static TemplateValues AddEventValues(TemplateValues values, EscalationDecision decision, CustomerAccount account, LocalDate asOf)
    {
        switch (decision.TemplateKey)
        {
            case TemplateKeys.PaymentThankYou or TemplateKeys.PaymentPartialAck or TemplateKeys.NoticeServiceRestored:
                return values.WithSettlement(decision.Settlement ?? throw new ArgumentException(
                    $"decision '{decision.IdempotencyKey}' uses template '{decision.TemplateKey}' but carries no Settlement (the figures of the payment it acknowledges); evaluate the account again to get them.",
                    nameof(decision)));

            case TemplateKeys.PromiseBroken:
                return values.WithPromiseDate(decision.PromisedDate ?? BrokenPromiseDate(decision, account, asOf));

            default:
                return values;
        }
    }

    /// <summary>
    /// The promised date of the promise the decision is about: among the promises made on or before
    /// <paramref name="asOf"/>, promised before it and covering the decision's items, one not paid in full since it was
    /// made (else any), the latest promised date.
    /// </summary>
    private static LocalDate BrokenPromiseDate(EscalationDecision decision, CustomerAccount account, LocalDate asOf)
    {
        LocalDate? unpaid = null;
        LocalDate? any = null;
        foreach (var promise in account.Promises)
        {
            if (promise.MadeOn > asOf || promise.PromisedDate >= asOf || !SameItems(promise.ItemIds, decision.ItemIds))
            {
                continue;
            }

            if (any is null || promise.PromisedDate > any.Value)
            {
                any = promise.PromisedDate;
            }

            decimal paid = 0m;
            foreach (var payment in account.Payments)
            {
                if (payment.ReceivedOn >= promise.MadeOn && payment.ReceivedOn <= asOf)
                {
                    paid += payment.Amount.Amount;
                }
            }

            if (paid < promise.Amount.Amount && (unpaid is null || promise.PromisedDate > unpaid.Value))
            {
                unpaid = promise.PromisedDate;
            }
        }

        return unpaid ?? any ?? throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"decision '{decision.IdempotencyKey}' uses template '{decision.TemplateKey}' but account '{account.Id}' has no promise made on or before and promised before {asOf:uuuu-MM-dd} for its items."),
            nameof(account));
    }

    private static bool SameItems(ImmutableArray<string> promised, ImmutableArray<string> decided)
    {
        if (promised.Length != decided.Length)
        {
            return false;
        }

        foreach (string id in promised)
        {
            if (!decided.Contains(id, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
