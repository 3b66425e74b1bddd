using System;
using System.Collections.Immutable;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;
using Xunit;

namespace Cobranza.Core.Tests.Running;

/// <summary>
/// The event templates rendered through <see cref="CatalogNoticeRenderer"/>: the expected texts are the built-in
/// templates of <c>DefaultTemplates</c> (agreed keys and placeholders in docs/escalation-templates) with the values the
/// renderer takes from the account snapshot; money and dates in the es-ES / en-GB formats of the terms text.
/// </summary>
public sealed class CatalogNoticeRendererTests
{
    private static readonly Uri Link = new("https://pay.example.com/c1");
    private static readonly CatalogNoticeRenderer Renderer = new(
        TemplateCatalog.Default, new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]));

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static CustomerAccount Account(ImmutableArray<AccountItem> items, ImmutableArray<AccountPayment> payments, ImmutableArray<PaymentPromise> promises = default)
        => new("C1", Currency.EUR, new CustomerProfile("C1", "Cliente Uno", Language.Spanish, DateTimeZone.Utc), items, payments, promises: promises);

    private static AccountItem Item(decimal amount, decimal principalPaid = 0m, LocalDate? settledOn = null)
        => new("C1-1", "F-001", 0, new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), Eur(amount), principalPaid: Eur(principalPaid), settledOn: settledOn);

    private static AccountPayment Payment(string reference, LocalDate on, decimal amount)
        => new(reference, on, Eur(amount), "transfer", [new PaymentAllocation("C1-1", Eur(0m), Eur(0m), Eur(amount), Eur(0m))]);

    private static EscalationDecision Decision(string stageId, string templateKey, Language language, Instant at, decimal overdue, NotificationChannel channel = NotificationChannel.Sms, ImmutableArray<string> itemIds = default)
        => new($"cobranza-default|{stageId}|SendNotice|{channel}|C1|1", "C1", "cobranza-default", 1, stageId, EscalationActionKind.SendNotice, EscalationTone.Friendly,
            channel, templateKey, language, itemIds.IsDefault ? ImmutableArray<string>.Empty : itemIds, Eur(overdue), Eur(0m), Eur(0m), Eur(overdue), 1, at, at, "test");

    private static EscalationDecision WithSettlement(EscalationDecision d, SettlementMeans by, decimal paid, decimal credited, decimal remaining)
        => new(d.IdempotencyKey, d.AccountId, d.PolicyId, d.PolicyVersion, d.StageId, d.Action, d.Tone, d.Channel, d.TemplateKey, d.Language, d.ItemIds,
            d.PrincipalAmount, d.InterestAmount, d.FeeAmount, d.OpenBalance, d.Occurrence, d.DecidedAt, d.NotBefore, d.Explanation)
        {
            Settlement = new SettlementFigures(by, Eur(paid), Eur(credited), Eur(remaining)),
        };

    [Fact]
    public void Render_ThankYou_StatesTheDecisionsFiguresNotTheSnapshots()
    {
        // The snapshot's latest payment is 60.00 on 10 Feb; the decision says 75.00 was paid (the engine's figure, computed
        // when it decided). The renderer formats the decision's figure: it never recomputes money.
        var account = Account(
            [Item(100m, principalPaid: 100m, settledOn: new LocalDate(2026, 2, 10))],
            [Payment("P1", new LocalDate(2026, 2, 1), 40m), Payment("P2", new LocalDate(2026, 2, 10), 60m)]);
        var decision = WithSettlement(
            Decision(EscalationEngine.ThankYouStageId, TemplateKeys.PaymentThankYou, Language.Spanish, Instant.FromUtc(2026, 2, 11, 9, 0), 0m), SettlementMeans.Payment, 75m, 0m, 0m);

        var notice = Renderer.Render(decision, account, Link);

        // DefaultTemplates, payment-thank-you, SMS (es): "{{company.name}}: {{settlement.text}} Su cuenta está al corriente. Gracias."
        Assert.Equal("ACME: Hemos recibido su pago de 75,00 €. Su cuenta está al corriente. Gracias.", notice.Body);
    }

    [Fact]
    public void Render_PartialAck_PaidAndRemainingFromTheDecision()
    {
        // 250.00 invoiced, 100.00 paid on 5 Feb: the engine states paid 100.00 and remaining 150.00.
        var account = Account([Item(250m, principalPaid: 100m)], [Payment("P1", new LocalDate(2026, 2, 5), 100m)]);
        var decision = WithSettlement(
            Decision(EscalationEngine.PartialAckStageId, TemplateKeys.PaymentPartialAck, Language.English, Instant.FromUtc(2026, 2, 6, 9, 0), 150m), SettlementMeans.Payment, 100m, 0m, 150m);

        var notice = Renderer.Render(decision, account, Link);

        // DefaultTemplates, payment-partial-ack, SMS (en): "{{company.name}}: we have received your payment of {{amount.paid}}. Thank you.
        // {{amount.remaining}} remains outstanding; you can pay it at {{payment.link}}"
        Assert.Equal("ACME: we have received your payment of €100.00. Thank you. €150.00 remains outstanding; you can pay it at https://pay.example.com/c1", notice.Body);
    }

    [Fact]
    public void Render_PartialAckEmail_SubjectCarriesThePaidAmount()
    {
        var account = Account([Item(250m, principalPaid: 100m)], [Payment("P1", new LocalDate(2026, 2, 5), 100m)]);
        var decision = WithSettlement(
            Decision(EscalationEngine.PartialAckStageId, TemplateKeys.PaymentPartialAck, Language.Spanish, Instant.FromUtc(2026, 2, 6, 9, 0), 150m, NotificationChannel.Email),
            SettlementMeans.Payment, 100m, 0m, 150m);

        var notice = Renderer.Render(decision, account, Link);

        // DefaultTemplates, payment-partial-ack, e-mail subject (es): "Hemos recibido su pago de {{amount.paid}}"; body line
        // "Queda pendiente un importe de {{amount.remaining}} de las siguientes facturas:".
        Assert.Equal("Hemos recibido su pago de 100,00 €", notice.Subject);
        Assert.Contains("Queda pendiente un importe de 150,00 € de las siguientes facturas:", notice.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SettlementMeans.Payment, 250, 0, "es", "ACME: Hemos recibido su pago de 250,00 €. El servicio de la cuenta C1 está restablecido.")]
    [InlineData(SettlementMeans.CreditNote, 0, 300, "es", "ACME: Hemos abonado 300,00 € en sus facturas mediante nota de crédito. El servicio de la cuenta C1 está restablecido.")]
    [InlineData(SettlementMeans.AppliedCredit, 0, 300, "en", "ACME: We have applied €300.00 of your credit balance to your invoices. The service on account C1 is restored.")]
    [InlineData(SettlementMeans.Payment | SettlementMeans.CreditNote, 200, 100, "en", "ACME: We have received your payment of €200.00 and credited €100.00 to your invoices. The service on account C1 is restored.")]
    [InlineData(SettlementMeans.CreditNote | SettlementMeans.AppliedCredit, 0, 300, "es", "ACME: Hemos abonado 300,00 € en sus facturas. El servicio de la cuenta C1 está restablecido.")]
    [InlineData(SettlementMeans.None, 0, 0, "es", "ACME: Hemos revisado el estado de su cuenta. El servicio de la cuenta C1 está restablecido.")]
    public void Render_ServiceRestored_SaysWhatLiftedTheBlock(SettlementMeans by, int paid, int credited, string language, string expected)
    {
        // DefaultTemplates, notice-service-restored, SMS: "{{company.name}}: {{settlement.text}} El servicio de la cuenta
        // {{account.id}} está restablecido." — a payment is called a payment only when money was received.
        var account = Account([Item(300m, principalPaid: 300m, settledOn: new LocalDate(2026, 3, 20))], []);
        var decision = WithSettlement(
            Decision(EscalationEngine.ServiceRestoredStageId, TemplateKeys.NoticeServiceRestored, Language.FromTag(language), Instant.FromUtc(2026, 3, 21, 9, 0), 0m), by, paid, credited, 0m);

        Assert.Equal(expected, Renderer.Render(decision, account, Link).Body);
    }

    [Fact]
    public void Render_PaymentTemplateWithoutSettlement_ThrowsNamingTheDecision()
    {
        // A decision made by another engine, or recorded before the journal carried the figures: the renderer does not
        // guess them from the snapshot.
        var account = Account([Item(100m, principalPaid: 100m, settledOn: new LocalDate(2026, 2, 10))], [Payment("P1", new LocalDate(2026, 2, 10), 100m)]);
        var decision = Decision(EscalationEngine.ThankYouStageId, TemplateKeys.PaymentThankYou, Language.Spanish, Instant.FromUtc(2026, 2, 11, 9, 0), 0m);

        var error = Assert.Throws<ArgumentException>(() => Renderer.Render(decision, account, Link));
        Assert.Contains("cobranza-default|payment-thank-you|SendNotice|Sms|C1|1", error.Message, StringComparison.Ordinal);
        Assert.Contains("carries no Settlement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PromiseBroken_DateOfTheUnpaidPromise()
    {
        // Promise A (made 1 Feb, 100.00 by 8 Feb) was not kept: only 30.00 arrived since. Promise B (made 12 Feb, 30.00 by
        // 16 Feb) was kept on 16 Feb. The broken promise is A, although B is later.
        var account = Account(
            [Item(250m, principalPaid: 30m)],
            [Payment("P1", new LocalDate(2026, 2, 16), 30m)],
            [
                new PaymentPromise("A", new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 8), Eur(100m), ImmutableArray<string>.Empty),
                new PaymentPromise("B", new LocalDate(2026, 2, 12), new LocalDate(2026, 2, 16), Eur(30m), ImmutableArray<string>.Empty),
            ]);
        var decision = Decision(EscalationEngine.PromiseBrokenStageId, TemplateKeys.PromiseBroken, Language.Spanish, Instant.FromUtc(2026, 2, 18, 9, 0), 220m);

        var notice = Renderer.Render(decision, account, Link);

        // DefaultTemplates, promise-broken, SMS (es): "{{company.name}}: no hemos recibido el pago que se comprometió a hacer el
        // {{promise.date}}. Pendiente: {{amount.total}}. Pague en {{payment.link}} o llámenos hoy."
        Assert.Equal("ACME: no hemos recibido el pago que se comprometió a hacer el 08/02/2026. Pendiente: 220,00 €. Pague en https://pay.example.com/c1 o llámenos hoy.", notice.Body);
    }

    [Fact]
    public void Render_PromiseBrokenWithTheEnginesPromisedDate_QuotesItRatherThanGuessing()
    {
        // The same account as above, whose promises alone point at A (8 Feb); the engine judged B broken (16 Feb) and
        // said so on the decision: the notice quotes the decision's date.
        var account = Account(
            [Item(250m, principalPaid: 30m)],
            [Payment("P1", new LocalDate(2026, 2, 16), 30m)],
            [
                new PaymentPromise("A", new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 8), Eur(100m), ImmutableArray<string>.Empty),
                new PaymentPromise("B", new LocalDate(2026, 2, 12), new LocalDate(2026, 2, 16), Eur(30m), ImmutableArray<string>.Empty),
            ]);
        var guessed = Decision(EscalationEngine.PromiseBrokenStageId, TemplateKeys.PromiseBroken, Language.Spanish, Instant.FromUtc(2026, 2, 18, 9, 0), 220m);
        var stated = new EscalationDecision(
            guessed.IdempotencyKey, guessed.AccountId, guessed.PolicyId, guessed.PolicyVersion, guessed.StageId, guessed.Action, guessed.Tone, guessed.Channel,
            guessed.TemplateKey, guessed.Language, guessed.ItemIds, guessed.PrincipalAmount, guessed.InterestAmount, guessed.FeeAmount, guessed.OpenBalance, guessed.Occurrence,
            guessed.DecidedAt, guessed.NotBefore, guessed.Explanation)
        {
            PromisedDate = new LocalDate(2026, 2, 16),
        };

        Assert.Contains("el 08/02/2026.", Renderer.Render(guessed, account, Link).Body, StringComparison.Ordinal);
        Assert.Equal("ACME: no hemos recibido el pago que se comprometió a hacer el 16/02/2026. Pendiente: 220,00 €. Pague en https://pay.example.com/c1 o llámenos hoy.", Renderer.Render(stated, account, Link).Body);
    }

    [Fact]
    public void Render_PromiseBrokenEnglishEmail_SubjectCarriesThePromisedDate()
    {
        var account = Account(
            [Item(250m)],
            ImmutableArray<AccountPayment>.Empty,
            [new PaymentPromise("A", new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 8), Eur(100m), ["C1-1"])]);
        var decision = Decision(EscalationEngine.PromiseBrokenStageId, TemplateKeys.PromiseBroken, Language.English, Instant.FromUtc(2026, 2, 12, 9, 0), 250m, NotificationChannel.Email, ["C1-1"]);

        var notice = Renderer.Render(decision, account, Link);

        // DefaultTemplates, promise-broken, e-mail subject (en): "We have not received the payment promised for {{promise.date}}".
        Assert.Equal("We have not received the payment promised for 8 Feb 2026", notice.Subject);
    }
}
