using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// Issue 13: no notice is lost to the quiet rules. A notice whose trigger day falls on a Saturday, a Sunday or a
/// holiday is deferred to the next business day at 09:00 (the default quiet rules) and sent then, even when a later
/// stage (the `call` task) has become current in between; the catch-up rule applies to missed runs only. The driver
/// below runs as the CollectionRunner does: it wakes at NextEvaluationAt and at each deferred NotBefore, dispatches
/// what is due and records it.
/// </summary>
public sealed class DeferredNoticeTests
{
    private static readonly string[] NoticeStages = ["pre-due", "due-today", "firm", "final", "suspend", "agency", "legal"];

    /// <summary>Offsets of the default policy (docs/escalation.md, "Default policy").</summary>
    private static readonly Dictionary<string, int> Offsets = new()
    {
        ["pre-due"] = -3, ["due-today"] = 0, ["firm"] = 3, ["final"] = 15, ["suspend"] = 30, ["agency"] = 60, ["legal"] = 90,
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string stage in NoticeStages)
        {
            // Saturday 03/10/2026, Sunday 04/10/2026, the holiday Tuesday 08/12/2026 (Inmaculada Concepción, ES) and its
            // eve, Monday 07/12/2026 (a business day: the notice goes out that day).
            foreach (string day in new[] { "2026-10-03", "2026-10-04", "2026-12-08", "2026-12-07" })
            {
                data.Add(stage, day);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DefaultPolicy_TriggerOnAQuietDay_EveryNoticeSentOnceOnTheNextBusinessDay(string stage, string triggerDay)
    {
        var trigger = LocalDate.FromDateTime(DateTime.Parse(triggerDay, System.Globalization.CultureInfo.InvariantCulture));
        var due = trigger.PlusDays(-Offsets[stage]);
        var account = Account(items: [Open("A", due, 1000m)]);

        var sent = Simulate(account, due.PlusDays(-10), due.PlusDays(100));

        var notices = sent.Where(d => EscalationEngine.IsNotice(d.Action, d.Channel)).ToList();
        Assert.Equal(NoticeStages, notices.Select(d => d.StageId)); // every stage's notice, once, in order
        var calendar = Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance.Get("ES");
        var expectedDay = trigger;
        while (!calendar.IsBusinessDay(expectedDay))
        {
            expectedDay = expectedDay.PlusDays(1);
        }

        var notice = notices.Single(d => d.StageId == stage);
        Assert.Equal(expectedDay.At(new LocalTime(9, 0)), notice.NotBefore.InZone(account.Customer.TimeZone).LocalDateTime);
    }

    [Fact]
    public void DueOnSaturday_DueDayReminderSentMondayWithTheTrueStatus()
    {
        // Due Saturday 03/10/2026. Default quiet rules: business days 09:00–18:00. Timeline (docs/escalation.md,
        // "Deferred notices"): Sat 00:00 due-today deferred to Mon 09:00; Sun 00:00 'call' current (task at once),
        // due-today still deferred; Mon 09:00 due-today sent — stating where the item stands on Monday: 2 days overdue.
        var due = new LocalDate(2026, 10, 3);
        var account = Account(items: [Open("A", due, 1000m)]);
        var sent = Simulate(account, due.PlusDays(-1), due.PlusDays(3));
        Assert.Equal(
            ["call CreateTask 2026-10-04 00:00", "due-today SendNotice 2026-10-05 09:00"],
            sent.Where(d => d.StageId is "due-today" or "call").Select(d => $"{d.StageId} {d.Action} {Local(account, d.NotBefore)}"));

        var dueToday = sent.Single(d => d.StageId == "due-today");
        var renderer = new CatalogNoticeRenderer(Cobranza.Core.Escalation.Templates.TemplateCatalog.Default, new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]));
        var body = renderer.Render(dueToday, account, null).Body;
        Assert.Contains("con vencimiento el 03/10/2026", body, StringComparison.Ordinal);
        Assert.Contains("<td>2 días de retraso</td><td>1.000,00 €</td>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void MissedRunOnABusinessDay_CatchUpStillDropsTheSupersededReminder()
    {
        // Due Wednesday 07/10/2026: due-today on a business day. The runner is down until Thursday 10:00 ('call' is
        // current): the reminder was missed, not deferred, so LatestOnly drops it and only the call task fires.
        var due = new LocalDate(2026, 10, 7);
        var account = Account(items: [Open("A", due, 1000m)]);
        var history = Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, due.PlusDays(-3), 9)));
        var result = Engine.Evaluate(account, history, EscalationPolicies.Default, At(account, due.PlusDays(1)));
        Assert.Equal(["call CreateTask"], result.Decisions.Select(d => $"{d.StageId} {d.Action}"));
    }

    /// <summary>Runs as the runner does from the start of <paramref name="from"/> to <paramref name="to"/>: returns the decisions dispatched, in order.</summary>
    internal static List<EscalationDecision> Simulate(CustomerAccount account, LocalDate from, LocalDate to, EscalationEngine? engine = null)
    {
        engine ??= Engine;
        var end = At(account, to, 0);
        var now = At(account, from, 0);
        var history = CollectionHistory.Empty;
        var sent = new List<EscalationDecision>();
        for (int guard = 0; guard < 1000; guard++)
        {
            var result = engine.Evaluate(account, history, EscalationPolicies.Default, now);
            Instant? next = result.NextEvaluationAt;
            foreach (var d in result.Decisions)
            {
                if (d.NotBefore <= now)
                {
                    sent.Add(d);
                    history = history.Add(CollectionHistoryEntry.For(d, DecisionOutcome.Dispatched, now));
                }
                else if (next is null || d.NotBefore < next)
                {
                    next = d.NotBefore;
                }
            }

            if (next is not { } n || n > end)
            {
                return sent;
            }

            now = n;
        }

        throw new InvalidOperationException("the simulation did not settle");
    }
}
