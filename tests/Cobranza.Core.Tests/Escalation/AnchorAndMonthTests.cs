using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

// Anchors (invoice date, end of the due date's month, previous notice) and calendar months (offsets, repeats, until
// paid), each matched against the peer behaviour it reproduces. Dates: 2026 Spanish calendar (weekends; Good Friday
// 2026-04-03, 1 May); Europe/Madrid; evaluations at 10:00 local time, so a notice on a business day goes at once.
public sealed class AnchorAndMonthTests
{
    private static EscalationStage Notice(string id, StageTrigger trigger, EscalationTone tone = EscalationTone.Friendly, StageRepetition? repeat = null, string template = "reminder-firm")
        => new(id, id, trigger, tone, ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Email, template)), repeat: repeat);

    private static EscalationPolicy Policy(params EscalationStage[] stages)
        => new("p", 1, EscalationScope.Account, ImmutableArray.Create(stages), QuietRules.Default, CatchUpMode.LatestOnly,
            PaymentEventSettings.Default, new SuppressionSettings(brokenPromiseStageId: null), Language.Spanish);

    private static AccountItem Invoice(string id, LocalDate issued, LocalDate due, decimal amount = 1210m)
        => new(id, "F-" + id, 0, issued, due, Money.Of(amount, Currency.EUR));

    [Fact]
    public void Evaluate_InvoiceNinjaSchedule_RemindersAfterInvoiceDateBeforeAndAfterDueDate()
    {
        // Invoice Ninja (invoiceninja/invoiceninja app/Utils/Traits/MakesReminders.php, setReminder / inReminderWindow):
        // reminder1 'after_invoice_date' 10 days, reminder2 'before_due_date' 2 days, reminder3 'after_due_date' 5 days.
        // Invoice dated Tue 2026-03-10, due Wed 2026-04-15: reminder1 on 03-20 (Fri), reminder2 on 04-13 (Mon),
        // reminder3 on 04-20 (Mon).
        var policy = Policy(
            Notice("reminder1", StageTrigger.CalendarDays(10).From(OffsetAnchor.InvoiceDate)),
            Notice("reminder2", StageTrigger.CalendarDays(-2)),
            Notice("reminder3", StageTrigger.CalendarDays(5), EscalationTone.Firm));
        Assert.Empty(new EscalationPolicyValidator().Validate(policy).Errors);
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 3, 10), new LocalDate(2026, 4, 15)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 3, 10), new LocalDate(2026, 4, 30));
        Assert.Equal(
            new[]
            {
                "2026-03-20: reminder1 SendNotice Email reminder-firm -> 2026-03-20 10:00",
                "2026-04-13: reminder2 SendNotice Email reminder-firm -> 2026-04-13 10:00",
                "2026-04-20: reminder3 SendNotice Email reminder-firm -> 2026-04-20 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_InvoiceDateAnchor_ExplanationNamesTheInvoiceDate()
    {
        var policy = Policy(Notice("r1", StageTrigger.CalendarDays(10).From(OffsetAnchor.InvoiceDate)));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 3, 10), new LocalDate(2026, 4, 15)) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 3, 20))).Decisions);
        Assert.Contains("stage 'r1' (r1) triggers +10 calendar days from the invoice date 2026-03-10 of item A, i.e. on 2026-03-20", d.Explanation, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EndOfDueMonthAnchor_CountsFromTheLastDayOfTheDueMonth()
    {
        // A due date of 2026-01-10 anchors on 2026-01-31 (the last day of January); +5 days = Thu 2026-02-05. The end of the
        // current month is Business Central's date formula "CM" (used in reminder levels' "Grace Period" and "Due Date
        // Calculation"), and "fin de mes" is a payment custom (PRACTICES.md, practice 2).
        var policy = Policy(Notice("eom", StageTrigger.CalendarDays(5).From(OffsetAnchor.EndOfDueMonth)));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2025, 12, 11), new LocalDate(2026, 1, 10)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 28));
        Assert.Equal(new[] { "2026-02-05: eom SendNotice Email reminder-firm -> 2026-02-05 10:00" }, lines);
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 2, 5))).Decisions);
        Assert.Contains("+5 calendar days from the end of the due date's month 2026-01-31 of item A, i.e. on 2026-02-05", d.Explanation, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CalendarMonthOffset_ClampsTheEndOfAShorterMonth()
    {
        // Kill Bill overdue (killbill/killbill overdue/.../config/DefaultDuration.java: a duration in MONTHS is added with
        // Joda-Time plusMonths) and NodaTime LocalDate.PlusMonths: 2026-01-31 + 1 month = 2026-02-28 (February 2026 has 28
        // days; the day is clamped, never rolled into March). 2026-02-28 is a Saturday: the notice waits for Mon 03-02 09:00.
        var policy = Policy(Notice("month", StageTrigger.CalendarMonths(1)));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 1, 31), new LocalDate(2026, 3, 31));
        Assert.Equal(new[] { "2026-02-28: month SendNotice Email reminder-firm -> 2026-03-02 09:00" }, lines);
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 2, 28))).Decisions);
        Assert.Contains("triggers +1 calendar months from the due date 2026-01-31 of item A, i.e. on 2026-02-28", d.Explanation, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MonthlyRepeatUntilPaid_FromTheTriggerDateNotMonthAfterMonth()
    {
        // Invoice Ninja's endless reminder with frequency "monthly" (MakesReminders.php, checkEndlessReminder /
        // addTimeInterval) repeats while the invoice is unpaid. Runs are counted from the trigger date (31 Jan): 28 Feb
        // (clamped), then 31 Mar — not 28 Mar, as adding one month to the previous run would give — 30 Apr, 31 May.
        // Weekend runs wait for Monday 09:00 (28 Feb → 2 Mar; 31 May is a Sunday → 1 Jun). Paid on 2026-06-10: the
        // thank-you, and no further run.
        var policy = Policy(Notice("monthly", StageTrigger.CalendarDays(0), repeat: StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months)));
        var due = new LocalDate(2026, 1, 31);
        var open = Account(items: new[] { Invoice("A", new LocalDate(2026, 1, 1), due) });
        var paidOn = new LocalDate(2026, 6, 10);
        var paid = Account(items: new[] { Settled("A", due, paidOn) }, payments: new[] { Payment("P1", paidOn, 1210m, "A") });
        var lines = DayByDay(d => d < paidOn ? open : paid, policy, due, new LocalDate(2026, 8, 31));
        Assert.Equal(
            new[]
            {
                "2026-01-31: monthly SendNotice Email reminder-firm -> 2026-02-02 09:00",
                "2026-02-28: monthly SendNotice Email reminder-firm -> 2026-03-02 09:00",
                "2026-03-31: monthly SendNotice Email reminder-firm -> 2026-03-31 10:00",
                "2026-04-30: monthly SendNotice Email reminder-firm -> 2026-04-30 10:00",
                "2026-05-31: monthly SendNotice Email reminder-firm -> 2026-06-01 09:00",
                "2026-06-10: payment-thank-you SendNotice Email payment-thank-you -> 2026-06-10 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_MonthlyRepeatUntilPaid_OccurrencesNumberTheRunsAndWakeUpNamesTheNextRun()
    {
        var policy = Policy(Notice("monthly", StageTrigger.CalendarDays(0), repeat: StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months)));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)) });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 3, 31)));
        var d = Assert.Single(result.Decisions); // catch-up LatestOnly: the latest run due, the third
        Assert.Equal(3, d.Occurrence);
        Assert.Equal("p|monthly|SendNotice|Email|ACC-1|3", d.IdempotencyKey);
        Assert.Contains("repetition 3 (every 1 months, until paid)", d.Explanation, System.StringComparison.Ordinal);
        Assert.Equal(account.Customer.TimeZone.AtStartOfDay(new LocalDate(2026, 4, 30)).ToInstant(), result.NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_QuarterlyRepeatAtMostFourTimes_StopsAfterTheFourth()
    {
        // Invoice Ninja's endless frequencies include quarterly (3 months); Kill Bill's MONTHS durations likewise. Four runs:
        // 2026-01-15, 04-15, 07-15, 10-15; nothing after.
        var policy = Policy(Notice("quarterly", StageTrigger.CalendarDays(0), repeat: StageRepetition.Monthly(3, 4)));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2025, 12, 16), new LocalDate(2026, 1, 15)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 1, 15), new LocalDate(2027, 2, 1));
        Assert.Equal(
            new[]
            {
                "2026-01-15: quarterly SendNotice Email reminder-firm -> 2026-01-15 10:00",
                "2026-04-15: quarterly SendNotice Email reminder-firm -> 2026-04-15 10:00",
                "2026-07-15: quarterly SendNotice Email reminder-firm -> 2026-07-15 10:00",
                "2026-10-15: quarterly SendNotice Email reminder-firm -> 2026-10-15 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_PreviousNoticeAnchor_CountsFromTheDayThePreviousNoticeWasActuallySent()
    {
        // OCA account_credit_control (OCA/account-financial-tools, credit.control.policy.level: a level with
        // computation_mode "previous_date" is due 'delay_days' after the date of the previous level's credit line).
        // Level 1 is decided on Wed 2026-04-15 but its e-mail fails and is only sent on Fri 04-17 10:00; level 2 counts 10
        // days from that send, so it fires on Mon 04-27, not on 04-25.
        var policy = Policy(
            Notice("level1", StageTrigger.CalendarDays(0)),
            Notice("level2", StageTrigger.CalendarDays(10).From(OffsetAnchor.PreviousNotice), EscalationTone.Firm));
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 3, 16), new LocalDate(2026, 4, 15)) });
        var first = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 4, 15))).Decisions);
        Assert.Equal("level1", first.StageId);

        // Only claimed, or failed: not sent, so level 2 is not reached (and is no wake-up).
        var failed = CollectionHistory.Empty.Add(CollectionHistoryEntry.For(first, DecisionOutcome.Failed, At(account, new LocalDate(2026, 4, 15), 11)));
        var whileFailed = Engine.Evaluate(account, failed, policy, At(account, new LocalDate(2026, 4, 30)));
        Assert.Empty(whileFailed.Decisions);
        Assert.Null(whileFailed.NextEvaluationAt);

        var sent = failed.Add(CollectionHistoryEntry.For(first, DecisionOutcome.Dispatched, At(account, new LocalDate(2026, 4, 17)), attempts: 2));
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 4, 17), new LocalDate(2026, 5, 15), history: sent);
        Assert.Equal(new[] { "2026-04-27: level2 SendNotice Email reminder-firm -> 2026-04-27 10:00" }, lines);
        var d = Assert.Single(Engine.Evaluate(account, sent, policy, At(account, new LocalDate(2026, 4, 27))).Decisions);
        Assert.Contains("+10 calendar days from the previous stage's notice sent on 2026-04-17, i.e. on 2026-04-27", d.Explanation, System.StringComparison.Ordinal);
        Assert.Equal(account.Customer.TimeZone.AtStartOfDay(new LocalDate(2026, 4, 27)).ToInstant(),
            Engine.Evaluate(account, sent, policy, At(account, new LocalDate(2026, 4, 20))).NextEvaluationAt);
    }

    [Fact]
    public void Evaluate_InvoiceNinjaEndlessReminder_MonthlyAfterTheThirdReminderWasSent()
    {
        // Invoice Ninja: after reminder3, the endless reminder repeats at its frequency counted from the last reminder sent
        // (MakesReminders.php, checkEndlessReminder($this->reminder_last_sent, endless_reminder_frequency_id)). Stated in
        // Cobranza: a stage one month after the previous notice, repeating monthly until paid. reminder3 due+15 =
        // 2026-04-30 (Thu); endless on 05-30 (Sat → Mon 06-01 09:00), 06-30, 07-30.
        var policy = Policy(
            Notice("reminder1", StageTrigger.CalendarDays(0)),
            Notice("reminder3", StageTrigger.CalendarDays(15), EscalationTone.Firm),
            Notice("endless", StageTrigger.CalendarMonths(1).From(OffsetAnchor.PreviousNotice), EscalationTone.Firm, StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months)));
        Assert.Empty(new EscalationPolicyValidator().Validate(policy).Errors);
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 3, 16), new LocalDate(2026, 4, 15)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 4, 15), new LocalDate(2026, 8, 15));
        Assert.Equal(
            new[]
            {
                "2026-04-15: reminder1 SendNotice Email reminder-firm -> 2026-04-15 10:00",
                "2026-04-30: reminder3 SendNotice Email reminder-firm -> 2026-04-30 10:00",
                "2026-05-30: endless SendNotice Email reminder-firm -> 2026-06-01 09:00",
                "2026-06-30: endless SendNotice Email reminder-firm -> 2026-06-30 10:00",
                "2026-07-30: endless SendNotice Email reminder-firm -> 2026-07-30 10:00",
            },
            lines);
    }

    [Fact]
    public void Evaluate_DocsInvoiceNinjaExample_DayByDay()
    {
        // The policy of docs/escalation.md "How to state an Invoice Ninja reminder schedule in Cobranza", as written there.
        var policy = EscalationPolicyBuilder.Create("invoice-ninja")
            .PerItem()
            .Stage("reminder1", "Reminder 1", StageTrigger.CalendarDays(10).From(OffsetAnchor.InvoiceDate), EscalationTone.Friendly, s => s
                .Notice(NotificationChannel.Email, "reminder-before-due"))
            .Stage("reminder2", "Reminder 2", StageTrigger.CalendarDays(-3), EscalationTone.Friendly, s => s
                .Notice(NotificationChannel.Email, "reminder-before-due"))
            .Stage("reminder3", "Reminder 3", StageTrigger.CalendarDays(15), EscalationTone.Firm, s => s
                .Notice(NotificationChannel.Email, "reminder-firm")
                .Charging(new StageFee(ImmutableArray.Create(Money.Of(5m, Currency.EUR)), percent: 2m)))
            .Stage("endless", "Endless reminder", StageTrigger.CalendarMonths(1).From(OffsetAnchor.PreviousNotice), EscalationTone.Firm, s => s
                .Notice(NotificationChannel.Email, "reminder-firm")
                .Repeating(StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months)))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .Build();
        // Invoice dated Tue 2026-03-10, due Wed 2026-04-15: reminder1 on 03-20 (Fri), reminder2 on 04-12 (Sun → Mon 04-13
        // 09:00), reminder3 on 04-30 (Thu) with its fee (5.00 + 2 % of 1,210.00 = 29.20 EUR), endless from 05-30 (Sat → Mon
        // 06-01 09:00), 06-30, 07-30.
        var account = Account(items: new[] { Invoice("A", new LocalDate(2026, 3, 10), new LocalDate(2026, 4, 15)) });
        var lines = DayByDay(_ => account, policy, new LocalDate(2026, 3, 10), new LocalDate(2026, 8, 15));
        Assert.Equal(
            new[]
            {
                "2026-03-20: reminder1 SendNotice Email reminder-before-due -> 2026-03-20 10:00",
                "2026-04-12: reminder2 SendNotice Email reminder-before-due -> 2026-04-13 09:00",
                "2026-04-30: reminder3 SendNotice Email reminder-firm -> 2026-04-30 10:00",
                "2026-04-30: reminder3 ApplyLateFee - - -> 2026-04-30 10:00",
                "2026-05-30: endless SendNotice Email reminder-firm -> 2026-06-01 09:00",
                "2026-06-30: endless SendNotice Email reminder-firm -> 2026-06-30 10:00",
                "2026-07-30: endless SendNotice Email reminder-firm -> 2026-07-30 10:00",
            },
            lines);
        var fee = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, new LocalDate(2026, 4, 30)))
            .Decisions.Single(d => d.Action == EscalationActionKind.ApplyLateFee);
        Assert.Equal(Money.Of(29.20m, Currency.EUR), fee.FeeAmount); // 5.00 + 2 % × 1,210.00 = 5.00 + 24.20
    }

    [Fact]
    public void RunDay_JanuaryThirtyFirstPlusMonths_ClampedPerRunNotCumulative()
    {
        // NodaTime LocalDate.PlusMonths truncates to the last day of a shorter month; each run is counted from the trigger.
        var r = StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months);
        int t = Day(new LocalDate(2026, 1, 31));
        Assert.Equal(new LocalDate(2026, 2, 28), Date(RepeatRuns.RunDay(r, t, 2)));
        Assert.Equal(new LocalDate(2026, 3, 31), Date(RepeatRuns.RunDay(r, t, 3)));
        Assert.Equal(new LocalDate(2026, 4, 30), Date(RepeatRuns.RunDay(r, t, 4)));
        Assert.Equal(new LocalDate(2028, 2, 29), Date(RepeatRuns.RunDay(r, t, 26))); // leap February
        Assert.Equal(1, RepeatRuns.RunsThrough(r, t, Day(new LocalDate(2026, 2, 27))));
        Assert.Equal(2, RepeatRuns.RunsThrough(r, t, Day(new LocalDate(2026, 2, 28))));
        Assert.Equal(2, RepeatRuns.RunsThrough(r, t, Day(new LocalDate(2026, 3, 30))));
        Assert.Equal(3, RepeatRuns.RunsThrough(r, t, Day(new LocalDate(2026, 3, 31))));
    }

    private static int Day(LocalDate d) => Cobranza.Core.Calendars.DayNumbers.Of(d);

    private static LocalDate Date(int day) => Cobranza.Core.Calendars.DayNumbers.ToDate(day);
}
