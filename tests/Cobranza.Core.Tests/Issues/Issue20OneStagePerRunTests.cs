using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 20, shape 8: one stage per run. Peer behaviour matched: OCA account_credit_control
/// (OCA/account-financial-tools, account_credit_control/models/credit_control_policy.py: a policy level is only
/// computed for lines whose previous level was sent, <c>_previous_level</c>; tested in
/// account_credit_control/tests/test_credit_control_policy.py, <c>test_previous_level</c>): after an outage each run
/// raises a customer by one level and never skips one. The default catch-up rule (latest stage only) is unchanged.
/// </summary>
public sealed class Issue20OneStagePerRunTests
{
    private static readonly LocalDate Due = new(2026, 4, 15);

    // OCA's "3 times" policy shape: three reminder levels 10, 20 and 30 days after the due date.
    private static EscalationPolicy ThreeLevels(CatchUpMode catchUp) => EscalationPolicyBuilder.Create("three-levels")
        .Stage("level-1", "First reminder", StageTrigger.CalendarDays(10), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderDueToday))
        .Stage("level-2", "Second reminder", StageTrigger.CalendarDays(20), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, TemplateKeys.ReminderFirm))
        .Stage("level-3", "Last reminder", StageTrigger.CalendarDays(30), EscalationTone.Final, s => s.Notice(NotificationChannel.Letter, TemplateKeys.NoticeFinal).Do(EscalationActionKind.ApplyLateFee))
        .CatchUp(catchUp)
        .Build();

    [Fact]
    public void Evaluate_FirstRunLongAfterTheDueDate_OneLevelADayNoneSkipped()
    {
        var account = Account(items: new[] { Open("A", Due) });

        // First run 35 days after the due date (Wednesday 2026-05-20): level 1, then 2 on Thursday, then 3 on Friday.
        var lines = DayByDay(_ => account, ThreeLevels(CatchUpMode.OneStagePerRun), Due.PlusDays(35), Due.PlusDays(40));
        Assert.Equal(
            new[]
            {
                "2026-05-20: level-1 SendNotice Email reminder-due-today -> 2026-05-20 10:00",
                "2026-05-21: level-2 SendNotice Email reminder-firm -> 2026-05-21 10:00",
                "2026-05-22: level-3 SendNotice Letter notice-final -> 2026-05-22 10:00",
                "2026-05-22: level-3 ApplyLateFee - - -> 2026-05-22 10:00",
            },
            lines);

        // The default catch-up jumps to the most advanced level at once (its own rule, unchanged).
        var latest = DayByDay(_ => account, ThreeLevels(CatchUpMode.LatestOnly), Due.PlusDays(35), Due.PlusDays(40));
        Assert.Equal(
            new[]
            {
                "2026-05-20: level-3 SendNotice Letter notice-final -> 2026-05-20 10:00",
                "2026-05-20: level-3 ApplyLateFee - - -> 2026-05-20 10:00",
            },
            latest);
    }

    [Fact]
    public void Evaluate_AgainTheSameDayAfterRecording_NextLevelWaitsForTomorrow()
    {
        var account = Account(items: new[] { Open("A", Due) });
        var policy = ThreeLevels(CatchUpMode.OneStagePerRun);
        var first = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(35)));
        Assert.Equal("level-1", Assert.Single(first.Decisions).StageId);
        Assert.Equal(At(account, Due.PlusDays(36), 0), first.NextEvaluationAt); // tomorrow's run raises it one level

        // Recorded, then evaluated again at 17:00 the same day (a payment of another account, a host's retry): nothing.
        var history = Record(CollectionHistory.Empty, first);
        Assert.Empty(Engine.Evaluate(account, history, policy, At(account, Due.PlusDays(35), 17)).Decisions);
        Assert.Equal("level-2", Assert.Single(Engine.Evaluate(account, history, policy, At(account, Due.PlusDays(36))).Decisions).StageId);
    }

    [Fact]
    public void Evaluate_OnTimeRuns_SameAsLatestOnly()
    {
        // Evaluated every day, each level is decided on its own trigger day under both rules.
        var account = Account(items: new[] { Open("A", Due) });
        Assert.Equal(
            DayByDay(_ => account, ThreeLevels(CatchUpMode.LatestOnly), Due, Due.PlusDays(40)),
            DayByDay(_ => account, ThreeLevels(CatchUpMode.OneStagePerRun), Due, Due.PlusDays(40)));
    }
}
