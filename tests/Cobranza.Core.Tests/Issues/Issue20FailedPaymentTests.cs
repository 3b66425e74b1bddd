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
/// Issue 20, shape 6: failed payments as a stage condition. Peer behaviour matched: Kill Bill's overdue condition
/// <c>responseForLastFailedPaymentIn</c> (killbill/killbill, overdue/src/main/java/org/killbill/billing/overdue/config/
/// DefaultOverdueCondition.java, <c>evaluate</c>: the condition holds when the response of the last failed payment is one
/// of those listed; tested in overdue/src/test/java/org/killbill/billing/overdue/config/TestCondition.java,
/// <c>testResponseForLastFailedPaymentIn</c>: listed INSUFFICIENT_FUNDS and DO_NOT_HONOR, a LOST_OR_STOLEN_CARD failure
/// does not match, the other two do). Kill Bill's responses are an enum; here a failure is a reversed payment and its
/// response is the reason recorded with the reversal (or the code before its ':').
/// </summary>
public sealed class Issue20FailedPaymentTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    // A direct-debit customer: a friendly reminder at +3 days, and an early firm notice at +1 day only when the debit bounced.
    private static EscalationPolicy Policy(FailedPaymentCondition condition) => EscalationPolicyBuilder.Create("sepa")
        .Stage("bounced", "Direct debit returned", StageTrigger.CalendarDays(1), EscalationTone.Firm,
            s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm).When(new StageConditions(lastPaymentFailed: condition)))
        .Stage("late", "Reminder", StageTrigger.CalendarDays(3), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm))
        .Build();

    private static PaymentReversal Bounced(string reference, LocalDate on, string reason, string? method = "direct-debit", LocalDate? reversedOn = null)
        => new(new AccountPayment(reference, on, Money.Of(1210m, Currency.EUR), method, ImmutableArray<PaymentAllocation>.Empty), reversedOn ?? on, reason);

    private static string[] StagesOn(CustomerAccount account, EscalationPolicy policy, LocalDate day)
        => [.. Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, day)).Decisions.Select(d => d.StageId)];

    private static CustomerAccount With(AccountPayment[] payments, params PaymentReversal[] reversals)
    {
        var a = Cobranza.Core.Tests.Escalation.EscalationFixtures.Account(items: new[] { Open("A", Due) }, payments: payments.Length == 0 ? null : payments);
        return new CustomerAccount(a.Id, a.Currency, a.Customer, a.Items, a.Payments) { Reversals = [.. reversals] };
    }

    private static AccountPayment Stands(string reference, LocalDate on)
        => new(reference, on, Money.Of(5m, Currency.EUR), "transfer", ImmutableArray<PaymentAllocation>.Empty);

    [Theory]
    [InlineData("LOST_OR_STOLEN_CARD", false)] // TestCondition.testResponseForLastFailedPaymentIn: state0 does not match
    [InlineData("INSUFFICIENT_FUNDS", true)] // state1 matches
    [InlineData("DO_NOT_HONOR", true)] // state2 matches
    public void Evaluate_LastFailureReasonListed_StageFiresAsKillBill(string reason, bool fires)
    {
        var policy = Policy(FailedPaymentCondition.WithReasons("INSUFFICIENT_FUNDS", "DO_NOT_HONOR"));
        var account = With([], Bounced("P-1", Due, reason));
        Assert.Equal(fires ? new[] { "bounced" } : [], StagesOn(account, policy, Due.PlusDays(1)));
    }

    [Fact]
    public void Evaluate_KillBillMappingOfDocsEscalation_BouncedStateFirstThenOd1()
    {
        // docs/escalation.md, "How to state a Kill Bill overdue.xml": the policy as printed there.
        var policy = EscalationPolicyBuilder.Create("killbill-bounced", 1)
            .Stage("OD0", "Payment failed", StageTrigger.CalendarDays(1), EscalationTone.Firm, s => s
                .Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm)
                .When(new StageConditions(lastPaymentFailed: FailedPaymentCondition.WithReasons("INSUFFICIENT_FUNDS", "DO_NOT_HONOR"))))
            .Stage("OD1", "Reached OD1", StageTrigger.CalendarDays(30), EscalationTone.Final, s => s.Do(EscalationActionKind.BlockOrders))
            .Build();
        var declined = With([], Bounced("P-1", Due, "DO_NOT_HONOR", method: "card"));
        var lines = DayByDay(_ => declined, policy, Due, Due.PlusDays(31));
        Assert.Equal(new[] { "2026-04-16: OD0 SendNotice Email reminder-firm -> 2026-04-16 10:00", "2026-05-15: OD1 BlockOrders - - -> 2026-05-15 10:00" }, lines);
        Assert.Equal(new[] { "2026-05-15: OD1 BlockOrders - - -> 2026-05-15 10:00" }, DayByDay(_ => With([]), policy, Due, Due.PlusDays(31)));
    }

    [Fact]
    public void Evaluate_SepaReturnCodeBeforeTheColon_Matches()
    {
        // EPC guidance (EPC173-14): AM04 = insufficient funds; banks send it with a text, recorded as the reason.
        var policy = Policy(FailedPaymentCondition.WithReasons("AM04"));
        Assert.Equal(new[] { "bounced" }, StagesOn(With([], Bounced("P-1", Due, "AM04: Devolución por fondos insuficientes")), policy, Due.PlusDays(1)));
        Assert.Empty(StagesOn(With([], Bounced("P-1", Due, "AC04: cuenta cancelada")), policy, Due.PlusDays(1)));
        Assert.Empty(StagesOn(With([], Bounced("P-1", Due, "AM045 other")), policy, Due.PlusDays(1)));
    }

    [Fact]
    public void Evaluate_NoFailureOrALaterPaymentStands_StageSkippedAndTheNextOneFiresOnItsDay()
    {
        var policy = Policy(FailedPaymentCondition.Any);
        Assert.Empty(StagesOn(With([]), policy, Due.PlusDays(1)));

        // The debit of 04-10 bounced; the customer paid something by transfer on 04-13: the last attempt did not fail.
        var paidAfter = With([Stands("T-1", Due.PlusDays(-2))], Bounced("P-1", Due.PlusDays(-5), "AM04"));
        Assert.Empty(StagesOn(paidAfter, policy, Due.PlusDays(1)));
        Assert.Equal(new[] { "late" }, StagesOn(paidAfter, policy, Due.PlusDays(3)));

        // On the same day a payment that stands wins (the customer did pay that day).
        Assert.Empty(StagesOn(With([Stands("T-1", Due)], Bounced("P-1", Due, "AM04")), policy, Due.PlusDays(1)));

        // A payment received after the bounce is still in the future on the evaluation day: the bounce is the last attempt.
        Assert.Equal(new[] { "bounced" }, StagesOn(With([Stands("T-1", Due.PlusDays(5))], Bounced("P-1", Due, "AM04")), policy, Due.PlusDays(1)));
    }

    [Fact]
    public void Evaluate_ReversalDatedAfterTheEvaluationDay_NotYetAFailure()
    {
        var policy = Policy(FailedPaymentCondition.Any);
        var account = With([], Bounced("P-1", Due, "AM04", reversedOn: Due.PlusDays(4)));
        Assert.Empty(StagesOn(account, policy, Due.PlusDays(1)));
        Assert.Equal(new[] { "late" }, StagesOn(account, policy, Due.PlusDays(3)));
    }

    [Fact]
    public void Evaluate_MinAttemptsAndMethods_CountsTheFailuresInARowThroughTheMethodOfTheLast()
    {
        // Stripe-style retries: escalate early only after the second failed attempt in a row, and only for direct debits.
        var policy = Policy(new FailedPaymentCondition(methods: ["Direct-Debit"], minAttempts: 2));
        var once = With([], Bounced("P-1", Due, "AM04"));
        var twice = With([], Bounced("P-1", Due.PlusDays(-7), "AM04"), Bounced("P-2", Due, "AM04"));
        var brokenRun = With([Stands("T-1", Due.PlusDays(-3))], Bounced("P-1", Due.PlusDays(-7), "AM04"), Bounced("P-2", Due, "AM04"));
        var card = With([], Bounced("P-1", Due.PlusDays(-7), "AM04"), Bounced("P-2", Due, "DO_NOT_HONOR", method: "card"));
        Assert.Empty(StagesOn(once, policy, Due.PlusDays(1)));
        Assert.Equal(new[] { "bounced" }, StagesOn(twice, policy, Due.PlusDays(1)));
        Assert.Empty(StagesOn(brokenRun, policy, Due.PlusDays(1)));
        Assert.Empty(StagesOn(card, policy, Due.PlusDays(1)));
    }

    [Fact]
    public void Evaluate_InAnAnyOfGroup_EitherAFailureOrTwoOverdueItems()
    {
        var either = new StageConditions(anyOf: [new ConditionGroup([new StageConditions(lastPaymentFailed: FailedPaymentCondition.Any), new StageConditions(minOverdueItems: 2)])]);
        var policy = EscalationPolicyBuilder.Create("either")
            .Stage("early", "Early firm notice", StageTrigger.CalendarDays(1), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm).When(either))
            .Build();
        Assert.Equal(new[] { "early" }, StagesOn(With([], Bounced("P-1", Due, "AM04")), policy, Due.PlusDays(1)));
        Assert.Empty(StagesOn(With([]), policy, Due.PlusDays(1)));
    }

    [Fact]
    public void Validate_BadFailedPaymentCondition_EveryErrorAtOnceWithPaths()
    {
        var invalid = Assert.Throws<ValidationException>(() => Policy(new FailedPaymentCondition(["AM04", "am04"], ["card", "CARD", "card"], minAttempts: 0)));
        var errors = invalid.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ToArray();
        Assert.Equal(
            new[]
            {
                "Stages[0].Conditions.LastPaymentFailed.MinAttempts: Stages[0].Conditions.LastPaymentFailed.MinAttempts must be between 1 and 1000 (was 0).",
                "Stages[0].Conditions.LastPaymentFailed.Reasons[1]: Stages[0].Conditions.LastPaymentFailed.Reasons[1] repeats 'am04' of Stages[0].Conditions.LastPaymentFailed.Reasons[0] (values are compared case-insensitively).",
                "Stages[0].Conditions.LastPaymentFailed.Methods[1]: Stages[0].Conditions.LastPaymentFailed.Methods[1] repeats 'CARD' of Stages[0].Conditions.LastPaymentFailed.Methods[0] (values are compared case-insensitively).",
                "Stages[0].Conditions.LastPaymentFailed.Methods[2]: Stages[0].Conditions.LastPaymentFailed.Methods[2] repeats 'card' of Stages[0].Conditions.LastPaymentFailed.Methods[0] (values are compared case-insensitively).",
            },
            errors);
        var blank = Assert.Throws<System.ArgumentException>(() => new FailedPaymentCondition([" "]));
        Assert.Equal("reasons", blank.ParamName);
    }

    [Fact]
    public void Json_RoundTripAndErrors_WithJsonPaths()
    {
        var policy = Policy(new FailedPaymentCondition(["AM04", "MS02"], ["direct-debit"], minAttempts: 2));
        string json = EscalationPolicyJson.Serialize(policy);
        Assert.Contains("\"lastPaymentFailed\":{\"reasons\":[\"AM04\",\"MS02\"],\"methods\":[\"direct-debit\"],\"minAttempts\":2}", Compact(json));
        var back = EscalationPolicyJson.Deserialize(json);
        Assert.Equal(policy.Stages[0].Conditions, back.Stages[0].Conditions);
        Assert.Equal(json, EscalationPolicyJson.Serialize(back));
        json = Compact(json);

        // Any failure: an empty object; minAttempts 1 is the default and is left out.
        string any = EscalationPolicyJson.Serialize(Policy(FailedPaymentCondition.Any));
        Assert.Contains("\"conditions\":{\"lastPaymentFailed\":{}}", Compact(any));
        Assert.Equal(FailedPaymentCondition.Any, EscalationPolicyJson.Deserialize(any).Stages[0].Conditions.LastPaymentFailed);

        string bad = json.Replace("\"minAttempts\":2", "\"minAttempts\":0").Replace("\"MS02\"", "\" \"");
        var ex = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize(bad));
        Assert.Equal(new[] { "stages[0].conditions.lastPaymentFailed.reasons[1]" }, ex.Errors.Select(e => e.PropertyName));
        var ex2 = Assert.Throws<ValidationException>(() => EscalationPolicyJson.Deserialize(json.Replace("\"minAttempts\":2", "\"minAttempts\":0")));
        Assert.Equal(new[] { "stages[0].conditions.lastPaymentFailed.minAttempts" }, ex2.Errors.Select(e => e.PropertyName));
    }

    private static string Compact(string json)
        => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);
}
