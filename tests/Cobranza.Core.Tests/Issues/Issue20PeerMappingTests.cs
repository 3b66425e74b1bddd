using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// The worked examples of docs/escalation.md, "How to state a Kill Bill overdue.xml or an OCA credit-control policy":
/// each builds and validates (with the default catalog's keys) and behaves as the peer's test says.
/// </summary>
public sealed class Issue20PeerMappingTests
{
    private static readonly LocalDate Due = new(2012, 6, 1);

    // Kill Bill TestOverdueIntegration (killbill/killbill, beatrix/.../integration/overdue/TestOverdueIntegration.java):
    // OD1 at 30 days blocks changes, OD2 at 40 and OD3 at 50 days disable the entitlement; paying every unpaid invoice
    // returns the account to the clear state.
    private static EscalationPolicy KillBill() => EscalationPolicyBuilder.Create("killbill-od", 1)
        .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(30), EscalationTone.Final, s => s.Do(EscalationActionKind.BlockOrders))
        .Stage("OD2", "Reached OD2", StageTrigger.CalendarDays(40), EscalationTone.Final, s => s
            .Do(EscalationActionKind.SuspendService).Notice(NotificationChannel.Email, TemplateKeys.NoticeServiceSuspended))
        .Stage("OD3", "Reached OD3", StageTrigger.CalendarDays(50), EscalationTone.Final, s => s
            .Do(EscalationActionKind.CancelSubscriptionAtTermEnd).Notice(NotificationChannel.Email, TemplateKeys.NoticeSubscriptionCancelled))
        .Build();

    [Fact]
    public void KillBillOverdueXml_StatesInOrderThenClearOnPayment()
    {
        Assert.Empty(new EscalationPolicyValidator(TemplateCatalog.Default.Keys).Validate(KillBill()).Errors);
        var paidOn = Due.PlusDays(52);
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(customer: Customer("UTC", calendar: null), items: new[] { Open("I1", Due, 249.95m) })
            : Account(customer: Customer("UTC", calendar: null), items: new[] { Settled("I1", Due, paidOn, 249.95m) }, payments: new[] { Payment("P1", paidOn, 249.95m, "I1") });
        var actions = DayByDay(On, KillBill(), Due, Due.PlusDays(60)).Select(l => l[..l.IndexOf(" -> ", System.StringComparison.Ordinal)]);
        Assert.Equal(
            new[]
            {
                "2012-07-01: OD1 BlockOrders - -",
                "2012-07-11: OD2 SuspendService - -",
                "2012-07-11: OD2 SendNotice Email notice-service-suspended",
                "2012-07-21: OD3 CancelSubscriptionAtTermEnd - -",
                "2012-07-21: OD3 SendNotice Email notice-subscription-cancelled",
                "2012-07-23: OD1 UnblockOrders - -", // clear: the blocks are lifted, the cancellation stays
                "2012-07-23: OD2 RestoreService - -",
                "2012-07-23: service-restored SendNotice Email notice-service-restored",
                "2012-07-23: payment-thank-you SendNotice Email payment-thank-you",
            },
            actions);
    }

    [Fact]
    public void OcaThreeTimePolicy_ValidatesAndRaisesOneLevelPerRun()
    {
        var policy = EscalationPolicyBuilder.Create("oca-3-time", 1)
            .Stage("3_time_1", "First reminder", StageTrigger.CalendarDays(30), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderDueToday))
            .Stage("3_time_2", "Second reminder", StageTrigger.CalendarDays(60), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm))
            .Stage("3_time_3", "Last reminder", StageTrigger.CalendarDays(90), EscalationTone.Final, s => s.Notice(NotificationChannel.Letter, TemplateKeys.NoticeFinal))
            .CatchUp(CatchUpMode.OneStagePerRun)
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null, minimumBalances: ImmutableArray.Create(Money.Of(10m, Currency.EUR))))
            .Build();
        Assert.Empty(new EscalationPolicyValidator(TemplateCatalog.Default.Keys).Validate(policy).Errors);

        // First run 100 days after the due date: the three levels on three consecutive runs (OCA: one level per run).
        var account = Account(customer: Customer("UTC", calendar: null), items: new[] { Open("I1", Due, 500m) });
        var stages = DayByDay(_ => account, policy, Due.PlusDays(100), Due.PlusDays(104)).Select(l => l[..l.IndexOf(" SendNotice", System.StringComparison.Ordinal)]);
        Assert.Equal(new[] { "2012-09-09: 3_time_1", "2012-09-10: 3_time_2", "2012-09-11: 3_time_3" }, stages);

        // Below the tolerance (9.99 EUR open) nothing is sent.
        var small = Account(customer: Customer("UTC", calendar: null), items: new[] { Open("I1", Due, 9.99m) });
        Assert.Empty(DayByDay(_ => small, policy, Due.PlusDays(100), Due.PlusDays(104)));
    }
}
