using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using NodaTime;
using NodaTime.Text;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

// Time-zone facts from the IANA tz database (NodaTime's DateTimeZoneProviders.Tzdb):
// Europe/Madrid: CET+1/CEST+2, clocks go forward 2026-03-29 02:00→03:00 and back 2026-10-25 03:00→02:00 (EU Directive 2000/84/EC).
// America/Bogota: UTC−5, no DST. America/Mexico_City: UTC−6; DST last observed 2022-04-03 02:00→03:00 until 2022-10-30
// (abolished by the Ley de los Husos Horarios, DOF 2022-10-28).
public class QuietRulesTests
{
    private static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;

    private static readonly QuietRules EveryDayFrom0230 = new(new LocalTime(2, 30), new LocalTime(18, 0), businessDaysOnly: false);

    [Fact]
    public void NextAllowed_MadridWindowStartInSpringGap_MovedForwardByTheGap()
    {
        // 02:30 does not exist on 2026-03-29 in Madrid: shifted forward by the one-hour gap to 03:30 CEST = 01:30Z.
        var at = QuietWindow.NextAllowed(Utc("2026-03-29T00:00:00Z"), Zone("Europe/Madrid"), EveryDayFrom0230, null);
        Assert.Equal(Utc("2026-03-29T01:30:00Z"), at);
    }

    [Fact]
    public void NextAllowed_MadridWindowStartInAutumnOverlap_EarlierInstant()
    {
        // 02:30 happens twice on 2026-10-25: the earlier one is 02:30 CEST = 00:30Z.
        var at = QuietWindow.NextAllowed(Utc("2026-10-24T22:30:00Z"), Zone("Europe/Madrid"), EveryDayFrom0230, null);
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), at);
    }

    [Fact]
    public void NextAllowed_MadridFridayEveningBeforeSpringForward_MondayNineInSummerTime()
    {
        // Friday 2026-03-27 19:00 CET (18:00Z) is after the window; Monday 2026-03-30 09:00 CEST is 07:00Z (not 08:00Z).
        var at = QuietWindow.NextAllowed(Utc("2026-03-27T18:00:00Z"), Zone("Europe/Madrid"), QuietRules.Default, BusinessCalendars.Spain);
        Assert.Equal(Utc("2026-03-30T07:00:00Z"), at);
    }

    [Fact]
    public void NextAllowed_MadridGoodFriday_DeferredOverTheHolidayAndWeekend()
    {
        // Thursday 2026-04-02 19:00 CEST; Viernes Santo 2026-04-03 is a national holiday (RD 2001/1983 art. 45): Monday 2026-04-06 09:00 CEST = 07:00Z.
        var at = QuietWindow.NextAllowed(Utc("2026-04-02T17:00:00Z"), Zone("Europe/Madrid"), QuietRules.Default, BusinessCalendars.Spain);
        Assert.Equal(Utc("2026-04-06T07:00:00Z"), at);
    }

    [Fact]
    public void NextAllowed_BogotaBeforeSanJoseMonday_Tuesday()
    {
        // Friday 2026-03-20 19:00 −05; Monday 2026-03-23 is San José moved to Monday (Ley 51 de 1983): Tuesday 09:00 −05 = 14:00Z.
        var at = QuietWindow.NextAllowed(Utc("2026-03-21T00:00:00Z"), Zone("America/Bogota"), QuietRules.Default, BusinessCalendars.Colombia);
        Assert.Equal(Utc("2026-03-24T14:00:00Z"), at);
    }

    [Fact]
    public void NextAllowed_MexicoCityAcrossThe2022SpringForward_MondayNineDaylightTime()
    {
        // Friday 2022-04-01 18:30 CST (00:30Z Saturday); clocks went forward 2022-04-03: Monday 2022-04-04 09:00 CDT = 14:00Z.
        var at = QuietWindow.NextAllowed(Utc("2022-04-02T00:30:00Z"), Zone("America/Mexico_City"), QuietRules.Default, BusinessCalendars.Mexico);
        Assert.Equal(Utc("2022-04-04T14:00:00Z"), at);
    }

    [Fact]
    public void NextAllowed_MexicoCityThirdMondayOfMarch_Tuesday()
    {
        // Monday 2026-03-16 is a rest day (LFT art. 74 III, third Monday of March): from Friday 20:00 CST to Tuesday 09:00 CST = 15:00Z.
        var at = QuietWindow.NextAllowed(Utc("2026-03-14T02:00:00Z"), Zone("America/Mexico_City"), QuietRules.Default, BusinessCalendars.Mexico);
        Assert.Equal(Utc("2026-03-17T15:00:00Z"), at);
    }

    [Fact]
    public void NextAllowed_InsideTheWindow_Unchanged()
    {
        var now = Utc("2026-03-18T10:00:00Z"); // Wednesday 11:00 CET
        Assert.Equal(now, QuietWindow.NextAllowed(now, Zone("Europe/Madrid"), QuietRules.Default, BusinessCalendars.Spain));
    }

    [Fact]
    public void Evaluate_DueOnSpringForwardSundayInMadrid_NoticeMondayNineSummerTime()
    {
        // Due Sunday 2026-03-29 (the DST change day); evaluated at 01:30 local (00:30Z): Monday 2026-03-30 09:00 CEST = 07:00Z.
        var due = new LocalDate(2026, 3, 29);
        var account = Account(items: new[] { Open("A", due) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, Utc("2026-03-29T00:30:00Z")).Decisions);
        Assert.Equal("due-today", d.StageId);
        Assert.Equal(Utc("2026-03-30T07:00:00Z"), d.NotBefore);
    }

    [Fact]
    public void Evaluate_DueOnAutumnOverlapDayInMadrid_LocalDateFromTheZone()
    {
        // 2026-10-25T00:30Z is 02:30 CEST on the 25th (the first 02:30): the local date is the 25th, so 'due-today' fires; Sunday → Monday 09:00 CET = 08:00Z.
        var due = new LocalDate(2026, 10, 25);
        var account = Account(items: new[] { Open("A", due) });
        var d = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, Utc("2026-10-25T00:30:00Z")).Decisions);
        Assert.Equal("due-today", d.StageId);
        Assert.Equal(Utc("2026-10-26T08:00:00Z"), d.NotBefore);
    }

    [Fact]
    public void Evaluate_MinimumGap_DefersTheNextNotice()
    {
        // A 48-hour gap: the due-today notice went out Wednesday 2026-04-15 17:00 CEST; the firm notice decided Friday 2026-04-17
        // 10:00 may leave only at 17:00.
        var policy = EscalationPolicies.CreateDefault(firm: 2, quietRules: new QuietRules(minimumGapHours: 48));
        var due = new LocalDate(2026, 4, 15);
        var account = Account(items: new[] { Open("A", due) });
        var sent = Utc("2026-04-15T15:00:00Z");
        var history = CollectionHistory.Of(ImmutableArray.Create(
            new CollectionHistoryEntry("cobranza-default|due-today|SendNotice|Email|ACC-1|1", "due-today", EscalationActionKind.SendNotice, NotificationChannel.Email, 1, Utc("2026-04-15T08:00:00Z"), DecisionOutcome.Dispatched, sent),
            new CollectionHistoryEntry("cobranza-default|call|CreateTask|PhoneCall|ACC-1|1", "call", EscalationActionKind.CreateTask, NotificationChannel.PhoneCall, 1, Utc("2026-04-16T08:00:00Z"), DecisionOutcome.Dispatched, Utc("2026-04-16T08:00:00Z"))));
        var d = Assert.Single(Engine.Evaluate(account, history, policy, At(account, due.PlusDays(2))).Decisions);
        Assert.Equal("firm", d.StageId);
        Assert.Equal(sent.Plus(Duration.FromHours(48)), d.NotBefore);
    }

    [Fact]
    public void Evaluate_BusinessDayOffsets_CountedInTheCustomersCalendar()
    {
        // +2 business days from Thursday 2026-04-30 in Spain: Friday 1 May is a holiday, so Monday 04 and Tuesday 05 → 2026-05-05.
        var policy = EscalationPolicyBuilder.Create("biz")
            .Stage("firm", "Firm", StageTrigger.BusinessDays(2), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm"))
            .Build();
        var due = new LocalDate(2026, 4, 30);
        var account = Account(items: new[] { Open("A", due) });
        var lines = DayByDay(_ => account, policy, due, due.PlusDays(10));
        Assert.Equal(new[] { "2026-05-05: firm SendNotice Email reminder-firm -> 2026-05-05 10:00" }, lines);
    }
}
