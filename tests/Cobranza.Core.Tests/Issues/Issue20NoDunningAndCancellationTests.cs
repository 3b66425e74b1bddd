using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using FluentValidation;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 9: "no dunning" as a valid policy (zero stages) for exempt customers, and a subscription
/// cancellation action, at once or at the end of the term. Peer behaviour matched: Kill Bill's overdue state
/// <c>subscriptionCancellationPolicy</c> IMMEDIATE / END_OF_TERM (killbill/killbill,
/// beatrix/src/test/java/org/killbill/billing/beatrix/integration/overdue/TestOverdueWithSubscriptionEOTCancellation.java:
/// the subscription is cancelled on entering OD1 and billing ends at the charged-through date, and a later payment does
/// not bring it back); Invoice Ninja's client setting <c>send_reminders = false</c> (no reminder for that client while
/// its payments are still recorded and thanked).
/// </summary>
public sealed class Issue20NoDunningAndCancellationTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    [Fact]
    public void Evaluate_NoDunning_NothingOnOverdueItemsBrokenPromisesOrPlanArrears()
    {
        // 90 days overdue, a promise broken 20 days ago: the default policy would have sent every stage; "no dunning" nothing.
        var promise = new PaymentPromise("PR1", Due.PlusDays(60), Due.PlusDays(68), Money.Of(1210m, Currency.EUR), ImmutableArray<string>.Empty);
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(30), 500m) }, promises: new[] { promise });
        var lines = DayByDay(_ => account, EscalationPolicies.NoDunning, Due.PlusDays(-5), Due.PlusDays(90));
        Assert.Empty(lines);
        Assert.NotEmpty(DayByDay(_ => account, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(90))); // the same account is dunned by the default
    }

    [Fact]
    public void Evaluate_NoDunning_PaymentsStillAcknowledgedAndThanked()
    {
        var paidOn = Due.PlusDays(20);
        var partial = Account(items: new[] { Open("A", Due, 1210m, paid: 210m), Open("B", Due.PlusDays(1), 500m) }, payments: new[] { Payment("P1", paidOn, 210m, "A") });
        Assert.Equal(
            new[] { "cobranza-no-dunning|payment-partial-ack|SendNotice|Email|ACC-1|1" },
            Engine.Evaluate(partial, CollectionHistory.Empty, EscalationPolicies.NoDunning, At(partial, paidOn)).Decisions.Select(d => d.IdempotencyKey));

        var paid = Account(items: new[] { Settled("A", Due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        Assert.Equal(
            new[] { "cobranza-no-dunning|payment-thank-you|SendNotice|Email|ACC-1|1" },
            Engine.Evaluate(paid, CollectionHistory.Empty, EscalationPolicies.NoDunning, At(paid, paidOn)).Decisions.Select(d => d.IdempotencyKey));
    }

    [Fact]
    public void Json_EmptyStagesWrittenExplicitly_IsNoDunningLeftOutIsAnError()
    {
        const string json = """{"id": "cobranza-no-dunning", "stages": [], "suppressions": {"brokenPromiseStageId": null}}""";
        Assert.Equal(EscalationPolicies.NoDunning, EscalationPolicyJson.Deserialize(json, TemplateCatalog.Default.Keys));
        Assert.Equal(EscalationPolicies.NoDunning, EscalationPolicyJson.Deserialize(EscalationPolicyJson.Serialize(EscalationPolicies.NoDunning)));

        var missing = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize("""{"id": "x"}"""));
        Assert.Equal("stages", Assert.Single(missing.Errors).PropertyName);
    }

    private static EscalationPolicy CancelPolicy(EscalationActionKind kind) => EscalationPolicyBuilder.Create("subscriptions")
        .Stage("due-today", "Reminder", StageTrigger.CalendarDays(0), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderDueToday))
        .Stage("firm", "Firm reminder", StageTrigger.CalendarDays(3), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm))
        .Stage("cancel", "Cancel the subscription", StageTrigger.CalendarDays(45), EscalationTone.Final, s => s
            .Do(kind)
            .Notice(NotificationChannel.Email, TemplateKeys.NoticeSubscriptionCancelled))
        .Build();

    [Theory]
    [InlineData(EscalationActionKind.CancelSubscription)]
    [InlineData(EscalationActionKind.CancelSubscriptionAtTermEnd)]
    public void Evaluate_CancelStage_ActionAndNoticeOnceNeverReversed(EscalationActionKind kind)
    {
        var policy = CancelPolicy(kind);
        var paidOn = Due.PlusDays(50);
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due) })
            : Account(items: new[] { Settled("A", Due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var lines = DayByDay(On, policy, Due.PlusDays(-1), Due.PlusDays(70)).Where(l => string.CompareOrdinal(l, "2026-05-30") >= 0);
        Assert.Equal(
            new[]
            {
                $"2026-05-30: cancel {kind} - - -> 2026-05-30 10:00",
                "2026-05-30: cancel SendNotice Email notice-subscription-cancelled -> 2026-06-01 09:00", // Saturday: the notice waits for Monday
                "2026-06-04: payment-thank-you SendNotice Email payment-thank-you -> 2026-06-04 10:00", // paid: thanked, the cancellation stays
            },
            lines);
    }

    [Fact]
    public void Validate_CancelBelowFinal_RefusedWithItsPath()
    {
        var policy = EscalationPolicyBuilder.Create("p")
            .Stage("x", "X", StageTrigger.CalendarDays(10), EscalationTone.Firm, s => s.Do(EscalationActionKind.CancelSubscriptionAtTermEnd))
            .BuildUnvalidated();
        var error = Assert.Single(new EscalationPolicyValidator().Validate(policy).Errors);
        Assert.Equal("Stages[0].Actions[0].Kind", error.PropertyName);
        Assert.Equal("Stages[0].Actions[0].Kind CancelSubscriptionAtTermEnd is not allowed at tone Firm (stage 'x'); it needs at least Final.", error.ErrorMessage);
    }

    [Fact]
    public void Json_CancelActions_RoundTrip()
    {
        var policy = CancelPolicy(EscalationActionKind.CancelSubscriptionAtTermEnd);
        string json = EscalationPolicyJson.Serialize(policy);
        Assert.Contains("\"kind\": \"CancelSubscriptionAtTermEnd\"", json, StringComparison.Ordinal);
        Assert.Equal(policy, EscalationPolicyJson.Deserialize(json, TemplateCatalog.Default.Keys));
    }

    [Theory]
    [InlineData("es", "Cancelación de su suscripción por impago", "La cancelación no extingue la deuda. El importe pendiente es de")]
    [InlineData("en", "Subscription cancelled for non-payment", "Cancelling does not settle the debt. The outstanding amount is")]
    public void Default_CancellationNotice_BothLanguagesStateTheDebtRemains(string language, string subject, string sentence)
    {
        var template = TemplateCatalog.Default.Find(TemplateKeys.NoticeSubscriptionCancelled, NotificationChannel.Email, Language.FromTag(language), Language.Spanish);
        Assert.Equal(subject, template.Subject);
        Assert.Contains(sentence, template.Body, StringComparison.Ordinal);
    }
}
