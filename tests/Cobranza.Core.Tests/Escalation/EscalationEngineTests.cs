using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

// Dates: 2026 calendars. Spain: Good Friday 2026-04-03 (Easter Sunday 2026-04-05), 1 May Labour Day (Estatuto de los
// Trabajadores art. 37.2; Real Decreto 2001/1983). Colombia: Ley 51 de 1983 (Emiliani: San José moved to Monday
// 2026-03-23). Mexico: Ley Federal del Trabajo art. 74 (third Monday of March: 2026-03-16).
public class EscalationEngineTests
{
    private static readonly LocalDate Due = new(2026, 4, 15); // a Wednesday

    [Fact]
    public void Evaluate_DefaultPolicyOverAMonthDayByDay_ExactDecisions()
    {
        // The default policy table (docs/escalation.md, agreed vocabulary): -3, 0, +1, +3, +15, +30 calendar days.
        var account = Account(items: new[] { Open("A", Due) });
        var lines = DayByDay(_ => account, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(31));
        Assert.Equal(
            new[]
            {
                // -3 is Sunday 2026-04-12: deferred to Monday 09:00 (no sends on weekends).
                "2026-04-12: pre-due SendNotice Email reminder-before-due -> 2026-04-13 09:00",
                "2026-04-15: due-today SendNotice Email reminder-due-today -> 2026-04-15 10:00",
                "2026-04-16: call CreateTask PhoneCall task-call-customer -> 2026-04-16 10:00",
                // +3 is Saturday 2026-04-18: deferred to Monday 2026-04-20 09:00.
                "2026-04-18: firm SendNotice Email reminder-firm -> 2026-04-20 09:00",
                "2026-04-30: final SendNotice Email notice-final -> 2026-04-30 10:00",
                "2026-04-30: final ChargeLateInterest - - -> 2026-04-30 10:00",
                "2026-04-30: final ApplyLateFee - - -> 2026-04-30 10:00",
                "2026-05-15: suspend SuspendService - - -> 2026-05-15 10:00",
                "2026-05-15: suspend SendNotice Email notice-service-suspended -> 2026-05-15 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_PolicyCopiedWithWith_CopyValidatesItselfAndDecidesTheSame()
    {
        // The engine caches its precomputed stage data on the policy instance; a `with` copy must not inherit it.
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(20), 500m) });
        var policy = EscalationPolicies.Default with { };
        var original = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(3)));
        Assert.NotNull(policy.Validated);
        var copy = policy with { };
        Assert.Null(copy.Validated);
        Assert.Equal(policy, copy);
        var again = Engine.Evaluate(account, CollectionHistory.Empty, copy, At(account, Due.PlusDays(3)));
        Assert.NotNull(copy.Validated);
        Assert.NotSame(policy.Validated, copy.Validated);
        Assert.Equal(original.Decisions.Single().IdempotencyKey, again.Decisions.Single().IdempotencyKey);
        Assert.Equal(original.NextEvaluationAt, again.NextEvaluationAt);
    }

    [Fact]
    public void Explanation_FirstReadByManyThreadsAtOnce_EveryReaderGetsTheSameText()
    {
        // A stage decision's explanation is written when first read (decision 0024); this one is also deferred by the
        // quiet rules (Saturday 2026-04-18 → Monday 09:00), so the suffix is written then too. Readers racing on the
        // first read all get the engine's text (the frozen engine's: EscalationDifferentialProperties), and equality,
        // which reads both explanations, still holds.
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(20), 500m) });
        var now = At(account, Due.PlusDays(3));
        string expected = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now).Decisions.Single().Explanation;
        Assert.EndsWith("Deferred by the quiet rules to 2026-04-20 09:00 local time (Europe/Madrid).", expected, StringComparison.Ordinal);
        for (int round = 0; round < 20; round++)
        {
            var decision = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now).Decisions.Single();
            var texts = new string[8];
            System.Threading.Tasks.Parallel.For(0, texts.Length, i => texts[i] = decision.Explanation);
            Assert.All(texts, text => Assert.Equal(expected, text));
            Assert.Equal(decision, Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now).Decisions.Single());
        }
    }

    [Fact]
    public void Evaluate_StageDecision_KeyFormatExplanationAndAmounts()
    {
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(20), 500m) });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(3)));
        var d = Assert.Single(result.Decisions);
        // Key format of the agreed vocabulary: {policyId}|{stageId}|{action}|{channel or -}|{scope}|{occurrence}.
        Assert.Equal("cobranza-default|firm|SendNotice|Email|ACC-1|1", d.IdempotencyKey);
        Assert.Equal(EscalationTone.Firm, d.Tone);
        Assert.Equal(Language.Spanish, d.Language);
        Assert.Equal(new[] { "A" }, d.ItemIds.ToArray()); // B is not overdue yet
        Assert.Equal(Money.Of(1210m, Currency.EUR), d.PrincipalAmount); // A only: what is overdue and asked for
        Assert.Equal(Money.Of(1710m, Currency.EUR), d.OpenBalance); // A 1,210.00 + B 500.00 (not yet due): the account's balance, labelled as such
        Assert.Equal(
            "On 2026-04-18 1 item(s) are overdue for 1210.00 EUR (open 1710.00 EUR); stage 'firm' (Firm reminder mentioning late interest) triggers +3 calendar days from the due date 2026-04-15 of item A, i.e. on 2026-04-18. Tone Firm. Action: SendNotice by Email with template 'reminder-firm'. Deferred by the quiet rules to 2026-04-20 09:00 local time (Europe/Madrid).",
            d.Explanation);
        // Next: B's due-today... no: account scope anchors at A; the next change is B becoming overdue? No — A's final on +15 (04-30)
        // comes after B's due date + 1 (05-06)? 04-30 is earlier.
        Assert.Equal(At(account, new LocalDate(2026, 4, 30), 0), result.NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_StageDecisionWithFallbackChannelAndRepetition_ExactExplanation()
    {
        // Pins every optional part of a stage explanation: business-day trigger, fallback channel, repetition.
        var policy = EscalationPolicyBuilder.Create("p")
            .Stage("nudge", "Nudge", StageTrigger.BusinessDays(2), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm").RepeatEvery(7, 3))
            .Build();
        var account = Account(customer: Customer(optedOut: new[] { NotificationChannel.Email }), items: new[] { Open("A", Due) });
        // 2 business days after Wednesday 2026-04-15 is Friday 2026-04-17; the second repetition is 7 days later, 2026-04-24.
        var now = At(account, new LocalDate(2026, 4, 24));
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 4, 17))));
        var d = Assert.Single(Engine.Evaluate(account, history, policy, now).Decisions);
        Assert.Equal(
            "On 2026-04-24 1 item(s) are overdue for 1210.00 EUR (open 1210.00 EUR); stage 'nudge' (Nudge) triggers +2 business days from the due date 2026-04-15 of item A, i.e. on 2026-04-17, repetition 2 of 3 (every 7 days). Tone Firm. Action: SendNotice by Sms with template 'reminder-firm' (Email opted out; fallback Sms).",
            d.Explanation);
    }

    [Fact]
    public void Evaluate_RunHourlyWithHistory_NeverRepeatsALateFee()
    {
        var account = Account(items: new[] { Open("A", Due) });
        var history = CollectionHistory.Empty;
        int fees = 0;
        for (int hour = 0; hour < 24 * 3; hour++)
        {
            var now = At(account, Due.PlusDays(15), 0).Plus(Duration.FromHours(hour));
            var result = Engine.Evaluate(account, history, EscalationPolicies.Default, now);
            fees += result.Decisions.Count(d => d.Action == EscalationActionKind.ApplyLateFee);
            history = Record(history, result);
        }

        Assert.Equal(1, fees);
    }

    [Fact]
    public void Evaluate_PaymentTheDayBeforeAStage_NoStageOnlyOneThankYou()
    {
        var paidOn = Due.PlusDays(14); // the day before 'final'
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due) })
            : Account(items: new[] { Settled("A", Due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var lines = DayByDay(On, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(40)).Where(l => string.CompareOrdinal(l, "2026-04-19") >= 0);
        Assert.Equal(new[] { "2026-04-29: payment-thank-you SendNotice Email payment-thank-you -> 2026-04-29 10:00" }, lines);
    }

    [Fact]
    public void Evaluate_FullyPaidAndThanked_NothingAndNoNextEvaluation()
    {
        var account = Account(items: new[] { Settled("A", Due, Due) }, payments: new[] { Payment("P1", Due, 1210m, "A") });
        var now = At(account, Due.PlusDays(1));
        var first = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now);
        Assert.Equal("cobranza-default|payment-thank-you|SendNotice|Email|ACC-1|1", Assert.Single(first.Decisions).IdempotencyKey);
        var again = Engine.Evaluate(account, Record(CollectionHistory.Empty, first), EscalationPolicies.Default, now.Plus(Duration.FromDays(3)));
        Assert.Empty(again.Decisions);
        Assert.Null(again.NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_PartialPayment_AcknowledgedWithRemainingAndStageNotReset()
    {
        var paidOn = Due.PlusDays(5);
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due) })
            : Account(items: new[] { Open("A", Due, paid: 400m) }, payments: new[] { Payment("P1", paidOn, 400m, "A") });
        var lines = DayByDay(On, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(15)).Where(l => string.CompareOrdinal(l, "2026-04-19") >= 0);
        Assert.Equal(
            new[]
            {
                "2026-04-20: payment-partial-ack SendNotice Email payment-partial-ack -> 2026-04-20 10:00",
                // 'final' stays at +15 from the due date: a partial payment does not reset the stage (default).
                "2026-04-30: final SendNotice Email notice-final -> 2026-04-30 10:00",
                "2026-04-30: final ChargeLateInterest - - -> 2026-04-30 10:00",
                "2026-04-30: final ApplyLateFee - - -> 2026-04-30 10:00",
            },
            lines);
        var ack = Engine.Evaluate(On(paidOn), CollectionHistory.Empty, EscalationPolicies.Default, At(On(paidOn), paidOn)).Decisions
            .Single(d => d.StageId == EscalationEngine.PartialAckStageId);
        Assert.Equal(Money.Of(810m, Currency.EUR), ack.AmountDue); // 1,210.00 − 400.00 remaining
    }

    // A payment is partial only when, after it, something that was overdue on the payment date is still owed
    // (docs/escalation.md, "Payment events"). The next four tests pin each case with the exact decisions.
    [Fact]
    public void Evaluate_PaymentSettlesSomeOverdueItemsOthersRemainOverdue_AcknowledgedAsPartial()
    {
        var paidOn = Due.PlusDays(5); // Monday 2026-04-20
        var account = Account(
            items: new[] { Settled("A", Due, paidOn), Open("B", Due.PlusDays(1), 500m) },
            payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, paidOn));
        Assert.Equal(
            new[]
            {
                // B (due 2026-04-16) was overdue on the payment date and is still owed: partial.
                "cobranza-default|payment-partial-ack|SendNotice|Email|ACC-1|1 -> 2026-04-20 10:00 amount 500.00 EUR",
                // B's own escalation goes on: +3 from 2026-04-16 is 2026-04-19, 'firm' (latest only on catch-up).
                "cobranza-default|firm|SendNotice|Email|ACC-1|1 -> 2026-04-20 10:00 amount 500.00 EUR",
            },
            result.Decisions.Select(d => $"{d.IdempotencyKey} -> {Local(account, d.NotBefore)} amount {d.AmountDue}"));
    }

    [Fact]
    public void Evaluate_PaymentSettlesTheOverdueItemOnlyNotYetDueItemsRemain_NoAcknowledgementNoThankYou()
    {
        var paidOn = Due.PlusDays(5); // Monday 2026-04-20; C is due 2026-05-05
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due), Open("C", Due.PlusDays(20), 500m) })
            : Account(items: new[] { Settled("A", Due, paidOn), Open("C", Due.PlusDays(20), 500m) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var lines = DayByDay(On, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(21)).Where(l => string.CompareOrdinal(l, "2026-04-20") >= 0);
        Assert.Equal(
            new[]
            {
                // Nothing on the payment date: nothing overdue is left, and the account is not paid in full.
                // C's own reminders: -3 is Saturday 2026-05-02, deferred past the weekend to Monday 09:00; then its due date.
                "2026-05-02: pre-due SendNotice Email reminder-before-due -> 2026-05-04 09:00",
                "2026-05-05: due-today SendNotice Email reminder-due-today -> 2026-05-05 10:00",
                "2026-05-06: call CreateTask PhoneCall task-call-customer -> 2026-05-06 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_PaymentSettlesOverdueAndNotYetDueItemsOnlyNotYetDueRemain_NoAcknowledgement()
    {
        var paidOn = Due.PlusDays(1); // Thursday 2026-04-16: A is overdue, B (due 2026-04-25) and C (due 2026-05-05) are not
        var account = Account(
            items: new[] { Settled("A", Due, paidOn), Settled("B", Due.PlusDays(10), paidOn, 300m), Open("C", Due.PlusDays(20), 500m) },
            payments: new[] { Payment("P1", paidOn, 1210m, "A"), Payment("P2", paidOn, 300m, "B") });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, paidOn));
        Assert.Empty(result.Decisions);
        // The next change: C's 'pre-due' on 2026-05-02 (-3 from 2026-05-05).
        Assert.Equal(At(account, new LocalDate(2026, 5, 2), 0), result.NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_EarlyPaymentOfANotYetDueItemWhileAnItemIsOverdue_AcknowledgedAsPartial()
    {
        var paidOn = Due.PlusDays(5); // Monday 2026-04-20: A (due 2026-04-15) overdue and untouched; B paid early
        var account = Account(
            items: new[] { Open("A", Due), Settled("B", Due.PlusDays(10), paidOn, 300m), Open("C", Due.PlusDays(20), 500m) },
            payments: new[] { Payment("P1", paidOn, 300m, "B") });
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(3))));
        var result = Engine.Evaluate(account, history, EscalationPolicies.Default, At(account, paidOn));
        // A was overdue on the payment date and is still owed after it: partial; the amount is the remaining balance (A + C).
        var d = Assert.Single(result.Decisions);
        Assert.Equal("cobranza-default|payment-partial-ack|SendNotice|Email|ACC-1|1", d.IdempotencyKey);
        Assert.Equal(Money.Of(1710m, Currency.EUR), d.AmountDue); // 1,210.00 + 500.00
        Assert.Equal(new[] { "A", "C" }, d.ItemIds.ToArray()); // the open items the remaining balance is made of
    }

    [Fact]
    public void Evaluate_PaymentSettlesAnItemNotYetDueNothingOverdue_NoAcknowledgement()
    {
        var paidOn = Due.PlusDays(-10); // 2026-04-05: nothing is overdue; B is paid ahead of its due date
        var account = Account(
            items: new[] { Open("A", Due), Settled("B", Due.PlusDays(-5), paidOn, 300m) },
            payments: new[] { Payment("P1", paidOn, 300m, "B") });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, paidOn.PlusDays(1)));
        Assert.Empty(result.Decisions);
        Assert.Equal(At(account, Due.PlusDays(-3), 0), result.NextEvaluationAt); // A's 'pre-due'
    }

    [Fact]
    public void Evaluate_PartialPaymentResetsStageWhenPolicySaysSo_OffsetsCountFromThePayment()
    {
        var policy = EscalationPolicies.CreateDefault(paymentEvents: new PaymentEventSettings(partialPaymentResetsStage: true, acknowledgePartialPayments: false));
        var paidOn = Due.PlusDays(5);
        var account = Account(items: new[] { Open("A", Due, paid: 400m) }, payments: new[] { Payment("P1", paidOn, 400m, "A") });
        var lines = DayByDay(_ => account, policy, paidOn, paidOn.PlusDays(3), history: CollectionHistory.Empty);
        Assert.Equal(
            new[]
            {
                "2026-04-21: call CreateTask PhoneCall task-call-customer -> 2026-04-21 10:00",
                "2026-04-23: firm SendNotice Email reminder-firm -> 2026-04-23 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_AllOverdueItemsDisputed_AccountPaused()
    {
        var dispute = new ItemDispute(Due.PlusDays(1), "goods damaged");
        var account = Account(items: new[] { Open("A", Due, dispute: dispute) });
        Assert.Empty(DayByDay(_ => account, EscalationPolicies.Default, Due, Due.PlusDays(40)));
    }

    [Fact]
    public void Evaluate_OneItemDisputed_LeftOutOfTheMessage()
    {
        var dispute = new ItemDispute(Due.PlusDays(1), "price");
        var account = Account(items: new[] { Open("A", Due.PlusDays(-2), dispute: dispute), Open("B", Due, 300m) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(3))).Decisions);
        Assert.Equal("firm", d.StageId); // anchored on B (the oldest undisputed item), not on the disputed A
        Assert.Equal(new[] { "B" }, d.ItemIds.ToArray());
        Assert.Equal(Money.Of(300m, Currency.EUR), d.PrincipalAmount);
    }

    [Fact]
    public void Evaluate_PromiseKept_PausedThenThankYou()
    {
        var promise = new PaymentPromise("PR1", Due.PlusDays(1), Due.PlusDays(8), Money.Of(1210m, Currency.EUR), ImmutableArray<string>.Empty);
        var paidOn = Due.PlusDays(8);
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due) }, promises: new[] { promise })
            : Account(items: new[] { Settled("A", Due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") }, promises: new[] { promise });
        var lines = DayByDay(On, EscalationPolicies.Default, Due.PlusDays(1), Due.PlusDays(20));
        // Made on +1 before the call task was recorded: the promise pauses everything, so neither 'call' nor 'firm' runs.
        Assert.Equal(new[] { "2026-04-23: payment-thank-you SendNotice Email payment-thank-you -> 2026-04-23 10:00" }, lines);
    }

    [Fact]
    public void Evaluate_PromiseBroken_NoticeAndAtOnceToTheNamedStage()
    {
        // Promise made +1 to pay by +5; 2 days of grace (default): broken on +8 (2026-04-23, a Thursday).
        var promise = new PaymentPromise("PR1", Due.PlusDays(1), Due.PlusDays(5), Money.Of(1210m, Currency.EUR), ImmutableArray<string>.Empty);
        var policy = EscalationPolicies.CreateDefault(suppressions: new SuppressionSettings(brokenPromiseStageId: "final"));
        var account = Account(items: new[] { Open("A", Due) }, promises: new[] { promise });
        var lines = DayByDay(_ => account, policy, Due.PlusDays(1), Due.PlusDays(9));
        Assert.Equal(
            new[]
            {
                "2026-04-23: promise-broken SendNotice Email promise-broken -> 2026-04-23 10:00",
                "2026-04-23: final ChargeLateInterest - - -> 2026-04-23 10:00",
                "2026-04-23: final ApplyLateFee - - -> 2026-04-23 10:00",
                // One dunning notice per local day: the final notice goes out the next day.
                "2026-04-23: final SendNotice Email notice-final -> 2026-04-24 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_PromiseBroken_NoticeCarriesThePromisedDate()
    {
        // Two promises for the same item: PR1 (made +1, by +5, kept by a payment of 600 on +4) and PR2 (made +6, by +9,
        // not kept). With 2 days of grace PR2 breaks on +12; the notice is about PR2 and says so in PromisedDate, which
        // the renderer quotes as {{promise.date}}; the other decisions of the day carry none.
        var kept = new PaymentPromise("PR1", Due.PlusDays(1), Due.PlusDays(5), Money.Of(600m, Currency.EUR), ImmutableArray<string>.Empty);
        var broken = new PaymentPromise("PR2", Due.PlusDays(6), Due.PlusDays(9), Money.Of(610m, Currency.EUR), ImmutableArray<string>.Empty);
        var account = Account(
            items: new[] { Open("A", Due) },
            payments: new[] { Payment("P1", Due.PlusDays(4), 600m, "A") },
            promises: new[] { kept, broken });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(12)));

        var notice = Assert.Single(result.Decisions, d => d.TemplateKey == TemplateKeys.PromiseBroken);
        Assert.Equal(Due.PlusDays(9), notice.PromisedDate);
        Assert.All(result.Decisions.Where(d => d.TemplateKey != TemplateKeys.PromiseBroken), d => Assert.Null(d.PromisedDate));
    }

    [Fact]
    public void Evaluate_OptedOutOfEmail_FallsBackToSms()
    {
        var account = Account(customer: Customer(optedOut: new[] { NotificationChannel.Email }), items: new[] { Open("A", Due) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due)).Decisions);
        Assert.Equal(NotificationChannel.Sms, d.Channel);
        Assert.Equal("cobranza-default|due-today|SendNotice|Sms|ACC-1|1", d.IdempotencyKey);
        Assert.Contains("Email opted out; fallback Sms", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OptedOutOfEmailAndSms_FallsBackToWhatsApp()
    {
        var account = Account(customer: Customer(optedOut: new[] { NotificationChannel.Email, NotificationChannel.Sms }), items: new[] { Open("A", Due) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due)).Decisions);
        Assert.Equal(NotificationChannel.WhatsApp, d.Channel);
    }

    [Fact]
    public void Evaluate_LanguageUnknown_PolicyFallback()
    {
        var account = Account(customer: Customer(language: "fr-FR"), items: new[] { Open("A", Due) });
        var en = EscalationPolicies.CreateDefault(fallbackLanguage: Language.English);
        Assert.Equal(Language.English, Engine.Evaluate(account, CollectionHistory.Empty, en, At(account, Due)).Decisions[0].Language);
        var co = Account(customer: Customer(language: "en-US"), items: new[] { Open("A", Due) });
        Assert.Equal(Language.English, Engine.Evaluate(co, CollectionHistory.Empty, EscalationPolicies.Default, At(co, Due)).Decisions[0].Language); // en-US: the resolved primary language, as journals stored it
    }

    [Fact]
    public void Evaluate_LegalHold_StopsEverything()
    {
        var account = Account(items: new[] { Open("A", Due) }, hold: new LegalHold(Due, "concurso de acreedores"));
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(40)));
        Assert.Empty(result.Decisions);
        Assert.Null(result.NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_SuspendedThenPaidInFull_RestoreServiceAndNoticeOnce()
    {
        var paidOn = Due.PlusDays(33);
        CustomerAccount On(LocalDate day) => day < paidOn
            ? Account(items: new[] { Open("A", Due) })
            : Account(items: new[] { Settled("A", Due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var lines = DayByDay(On, EscalationPolicies.Default, Due.PlusDays(-5), Due.PlusDays(45)).Where(l => string.CompareOrdinal(l, "2026-05-15") >= 0);
        Assert.Equal(
            new[]
            {
                "2026-05-15: suspend SuspendService - - -> 2026-05-15 10:00",
                "2026-05-15: suspend SendNotice Email notice-service-suspended -> 2026-05-15 10:00",
                "2026-05-18: suspend RestoreService - - -> 2026-05-18 10:00",
                "2026-05-18: service-restored SendNotice Email notice-service-restored -> 2026-05-18 10:00",
                "2026-05-18: payment-thank-you SendNotice Email payment-thank-you -> 2026-05-18 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_OutageLatestOnly_MostAdvancedStageAndPendingNonMessageActions()
    {
        var account = Account(items: new[] { Open("A", Due) });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due.PlusDays(31)));
        Assert.Equal(
            new[]
            {
                "cobranza-default|final|ChargeLateInterest|-|ACC-1|1",
                "cobranza-default|final|ApplyLateFee|-|ACC-1|1",
                "cobranza-default|suspend|SuspendService|-|ACC-1|1",
                "cobranza-default|suspend|SendNotice|Email|ACC-1|1",
            },
            result.Decisions.Select(d => d.IdempotencyKey).ToArray());
    }

    [Fact]
    public void Evaluate_OutageCatchUpAll_EveryStageOnce()
    {
        var policy = EscalationPolicies.CreateDefault(catchUp: CatchUpMode.All, quietRules: new QuietRules(minimumGapHours: 0, oneNoticePerDay: false));
        var account = Account(items: new[] { Open("A", Due) });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(16)));
        // +16 is Friday 1 May 2026, Labour Day (ES), then a weekend: every notice waits for Monday 2026-05-04 09:00,
        // while the task and the non-message actions are due at once.
        Assert.Equal(
            new[]
            {
                "call CreateTask 2026-05-01 10:00", "final ChargeLateInterest 2026-05-01 10:00", "final ApplyLateFee 2026-05-01 10:00",
                "pre-due SendNotice 2026-05-04 09:00", "due-today SendNotice 2026-05-04 09:00", "firm SendNotice 2026-05-04 09:00", "final SendNotice 2026-05-04 09:00",
            },
            result.Decisions.Select(d => $"{d.StageId} {d.Action} {Local(account, d.NotBefore)}").ToArray());
    }

    [Fact]
    public void Evaluate_RepeatingStage_EveryNDaysAtMostMTimes()
    {
        var policy = EscalationPolicyBuilder.Create("repeat")
            .Stage("reminder", "Reminder", StageTrigger.CalendarDays(1), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-firm").RepeatEvery(7, 3))
            .Build();
        var account = Account(items: new[] { Open("A", Due) });
        var lines = DayByDay(_ => account, policy, Due, Due.PlusDays(40));
        Assert.Equal(
            new[]
            {
                "2026-04-16: reminder SendNotice Email reminder-firm -> 2026-04-16 10:00",
                "2026-04-23: reminder SendNotice Email reminder-firm -> 2026-04-23 10:00",
                "2026-04-30: reminder SendNotice Email reminder-firm -> 2026-04-30 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_ActivePlan_OnlyPlanArrearsEscalate()
    {
        var definition = new Cobranza.Core.Installments.InstallmentPlanDefinition
        {
            Amount = Money.Of(1200m, Currency.EUR),
            StartDate = Due,
            FirstDueDate = Due.PlusDays(10), // 2026-04-25
            InstallmentCount = 3,
        };
        var plan = Cobranza.Core.Installments.TrackedPlan.Start(definition.CreateSchedule(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance));
        var enrollment = new PlanEnrollment("PL-1", Due, ImmutableArray.Create("A"), plan, true);
        var account = Account(items: new[] { Open("A", Due.PlusDays(-10)) }, plans: new[] { enrollment });
        var lines = DayByDay(_ => account, EscalationPolicies.Default, Due, Due.PlusDays(12));
        // No item stage although A is 10+ days overdue; the first installment (due 2026-04-25, a Saturday) is unpaid the
        // next day: notice decided on Sunday 04-26, sent Monday 09:00.
        Assert.Equal(new[] { "2026-04-26: plan-arrears SendNotice Email plan-installment-overdue -> 2026-04-27 09:00" }, lines);
    }

    [Fact]
    public void Evaluate_BelowMinimumBalance_NoEscalation()
    {
        var policy = EscalationPolicies.CreateDefault(suppressions: new SuppressionSettings(minimumBalances: ImmutableArray.Create(Money.Of(5m, Currency.EUR))));
        var account = Account(items: new[] { Open("A", Due, 4.99m) });
        Assert.Empty(Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(20))).Decisions);
    }

    [Fact]
    public void Evaluate_ConditionsWithOrGroup_StageSkippedUnlessAGroupMemberHolds()
    {
        var conditions = new StageConditions(
            excludedSegments: ImmutableArray.Create("vip"),
            anyOf: ImmutableArray.Create(new ConditionGroup(ImmutableArray.Create(
                new StageConditions(minOverdueAmounts: ImmutableArray.Create(Money.Of(1000m, Currency.EUR))),
                new StageConditions(minOverdueItems: 2)))));
        var policy = EscalationPolicyBuilder.Create("cond")
            .Stage("firm", "Firm", StageTrigger.CalendarDays(3), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm").When(conditions))
            .Build();
        var small = Account(items: new[] { Open("A", Due, 500m) });
        var large = Account(items: new[] { Open("A", Due, 1500m) });
        var two = Account(items: new[] { Open("A", Due, 500m), Open("B", Due.PlusDays(-1), 100m) });
        var vip = Account(customer: Customer(segments: new[] { "VIP" }), items: new[] { Open("A", Due, 1500m) });
        Instant now = At(small, Due.PlusDays(4));
        Assert.Empty(Engine.Evaluate(small, CollectionHistory.Empty, policy, now).Decisions);
        Assert.Single(Engine.Evaluate(large, CollectionHistory.Empty, policy, now).Decisions);
        Assert.Single(Engine.Evaluate(two, CollectionHistory.Empty, policy, now).Decisions);
        Assert.Empty(Engine.Evaluate(vip, CollectionHistory.Empty, policy, now).Decisions);
    }

    [Fact]
    public void Evaluate_ItemScope_EachItemItsOwnKeyAndStage()
    {
        var policy = EscalationPolicies.CreateDefault(scope: EscalationScope.Item);
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(2), 100m) });
        var keys = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(3))).Decisions.Select(d => d.IdempotencyKey).ToArray();
        Assert.Equal(new[] { "cobranza-default|call|CreateTask|PhoneCall|B|1", "cobranza-default|firm|SendNotice|Email|A|1" }, keys);
    }

    [Fact]
    public void Evaluate_NewInvoiceAfterPaidEpisode_RemindedAgainWithNextOccurrence()
    {
        var account1 = Account(items: new[] { Open("A", Due) });
        var first = Engine.Evaluate(account1, CollectionHistory.Empty, EscalationPolicies.Default, At(account1, Due));
        var history = Record(CollectionHistory.Empty, first);
        var next = Due.PlusMonths(1);
        var account2 = Account(items: new[] { Settled("A", Due, Due.PlusDays(1)), Open("B", next) }, payments: new[] { Payment("P1", Due.PlusDays(1), 1210m, "A") });
        var d = Assert.Single(Engine.Evaluate(account2, history, EscalationPolicies.Default, At(account2, next)).Decisions);
        Assert.Equal("cobranza-default|due-today|SendNotice|Email|ACC-1|2", d.IdempotencyKey);
    }

    [Fact]
    public void Evaluate_NewPolicyVersion_DoesNotResendAStageAlreadyDone()
    {
        var account = Account(items: new[] { Open("A", Due) });
        var v1 = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due));
        var v2 = Engine.Evaluate(account, Record(CollectionHistory.Empty, v1), EscalationPolicies.CreateDefault(version: 2), At(account, Due, 12));
        Assert.Empty(v2.Decisions);
    }

    [Fact]
    public void Evaluate_InvalidPolicy_ThrowsNamingTheErrors()
    {
        var bad = EscalationPolicyBuilder.Create("bad").Suppressions(new SuppressionSettings(brokenPromiseStageId: "firm")).BuildUnvalidated();
        var account = Account(items: new[] { Open("A", Due) });
        var ex = Assert.Throws<ArgumentException>(() => Engine.Evaluate(account, CollectionHistory.Empty, bad, At(account, Due)));
        Assert.Contains("Suppressions.BrokenPromiseStageId 'firm' is not the id of a stage.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownCalendar_ThrowsNamingIt()
    {
        var account = Account(customer: Customer(calendar: "XX"), items: new[] { Open("A", Due) });
        var ex = Assert.Throws<ArgumentException>(() => Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, Due)));
        Assert.Contains("'XX'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingFires_AllocatesNothing()
    {
        // Issue 6 §6: the no-fire path allocates 0 bytes (measured with the allocation counter, not with time).
        var account = Account(items: new[] { Open("A", Due), Open("B", Due.PlusDays(3)), Open("C", Due.PlusDays(30)) });
        var now = At(account, Due.PlusDays(5), 11);
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now));
        var engine = new EscalationEngine(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance);
        var warm = engine.Evaluate(account, history, EscalationPolicies.Default, now);
        Assert.Empty(warm.Decisions);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            engine.Evaluate(account, history, EscalationPolicies.Default, now);
        }

        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
