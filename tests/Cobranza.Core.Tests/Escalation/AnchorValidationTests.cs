using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;

namespace Cobranza.Core.Tests.Escalation;

public sealed class AnchorValidationTests
{
    private static EscalationStage Stage(string id, StageTrigger trigger, StageRepetition? repeat = null, bool notice = true)
        => new(id, id, trigger, EscalationTone.Firm,
            notice ? ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Email, "reminder-firm")) : ImmutableArray.Create(EscalationAction.Of(EscalationActionKind.ApplyLateFee)),
            repeat: repeat);

    private static string[] Errors(QuietRules? quiet, params EscalationStage[] stages)
        => [.. new EscalationPolicyValidator().Validate(new EscalationPolicy("p", 1, EscalationScope.Account, ImmutableArray.Create(stages), quiet,
            suppressions: new SuppressionSettings(brokenPromiseStageId: null))).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")];

    [Fact]
    public void Validate_AnchorAndRepeatMistakes_EveryErrorAtOnce()
    {
        var errors = Errors(
            new QuietRules(minimumGapHours: 48),
            Stage("a", StageTrigger.CalendarDays(3).From(OffsetAnchor.PreviousNotice)),
            Stage("fee", StageTrigger.CalendarDays(5), notice: false),
            Stage("b", StageTrigger.CalendarDays(0).From(OffsetAnchor.PreviousNotice), StageRepetition.UntilPaidEvery(1, RepeatPeriod.Days)),
            Stage("c", StageTrigger.CalendarDays(2).From(OffsetAnchor.PreviousNotice)),
            Stage("d", StageTrigger.CalendarDays(1), new StageRepetition(7, null))); // 'd' follows a previous-notice stage: its offset is not compared

        Assert.Equal(
            new[]
            {
                "Stages[0].Trigger.Anchor: Stages[0].Trigger.Anchor PreviousNotice needs a stage before it with a notice (was the first stage).",
                "Stages[2].Trigger.Anchor: Stages[2].Trigger.Anchor PreviousNotice counts from the notice of the stage before it, 'fee', which sends none.",
                "Stages[2].Trigger.Offset: Stages[2].Trigger.Offset must be at least 1 after the previous notice (was 0).",
                "Stages[2].Repeat.Every: Stages[2].Repeat.Every of 1 days repeating until paid is shorter than QuietRules.MinimumGapHours (48 h): an endless repeat is bounded by the minimum gap.",
                "Stages[3].Trigger.Anchor: Stages[3].Trigger.Anchor PreviousNotice would never be reached: the stage before it, 'b', repeats until paid.",
                "Stages[4].Repeat.MaxTimes: Stages[4].Repeat.MaxTimes is required: a repeat every 7 days needs a limit (was none).",
            },
            errors.Where(e => !e.Contains("Tone", System.StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void Validate_OffsetsFromDifferentAnchors_NotComparedWithEachOther()
    {
        // Invoice Ninja's reminder1 'after_invoice_date' 30 days may come after reminder2 'before_due_date' 3 days in list
        // order: offsets from different anchors (or in months against days) are not ordered by the validator.
        Assert.Empty(Errors(
            null,
            Stage("r1", StageTrigger.CalendarDays(30).From(OffsetAnchor.InvoiceDate)),
            Stage("r2", StageTrigger.CalendarDays(-3)),
            Stage("r3", StageTrigger.CalendarMonths(1)),
            Stage("r4", StageTrigger.CalendarDays(10))));
    }

    [Fact]
    public void Constructors_OutOfRange_NameTheArgument()
    {
        var months = Assert.Throws<System.ArgumentOutOfRangeException>(() => StageTrigger.CalendarMonths(121));
        Assert.Equal("offset", months.ParamName);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new StageTrigger(1, OffsetDays.Calendar, (OffsetAnchor)9));
        var both = Assert.Throws<System.ArgumentException>(() => new StageRepetition(1, RepeatPeriod.Months, 3, untilPaid: true));
        Assert.Equal("maxTimes", both.ParamName);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => StageRepetition.Monthly(121, 2));
    }

    [Fact]
    public void Json_AnchorsMonthsAndUntilPaid_RoundTripAndLeaveOutDefaults()
    {
        const string json = """
            {
              "id": "ninja",
              "suppressions": { "brokenPromiseStageId": null },
              "stages": [
                { "id": "r1", "name": "Reminder 1", "trigger": { "offset": 10, "anchor": "InvoiceDate" }, "tone": "Friendly",
                  "actions": [ { "kind": "SendNotice", "channel": "Email", "templateKey": "reminder-due-today" } ] },
                { "id": "r3", "name": "Reminder 3", "trigger": { "offset": 15 }, "tone": "Firm",
                  "actions": [ { "kind": "SendNotice", "channel": "Email", "templateKey": "reminder-firm" } ] },
                { "id": "endless", "name": "Endless", "trigger": { "offset": 1, "days": "CalendarMonths", "anchor": "PreviousNotice" }, "tone": "Firm",
                  "actions": [ { "kind": "SendNotice", "channel": "Email", "templateKey": "reminder-firm" } ],
                  "repeat": { "everyMonths": 1, "untilPaid": true } }
              ]
            }
            """;
        var policy = EscalationPolicyJson.Deserialize(json);
        Assert.Equal(OffsetAnchor.InvoiceDate, policy.Stages[0].Trigger.Anchor);
        Assert.Equal(StageTrigger.CalendarMonths(1).From(OffsetAnchor.PreviousNotice), policy.Stages[2].Trigger);
        Assert.Equal(StageRepetition.UntilPaidEvery(1, RepeatPeriod.Months), policy.Stages[2].Repeat);
        string written = EscalationPolicyJson.Serialize(policy);
        Assert.Equal(policy, EscalationPolicyJson.Deserialize(written));
        Assert.DoesNotContain("DueDate", written, System.StringComparison.Ordinal); // the default anchor is left out
        Assert.Contains("\"untilPaid\": true", written, System.StringComparison.Ordinal);
        Assert.DoesNotContain("everyDays", written, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RepeatShapeMistakes_EveryErrorWithItsPath()
    {
        const string json = """
            {
              "id": "p",
              "stages": [
                { "id": "a", "name": "A", "trigger": { "offset": 200, "days": "CalendarMonths" }, "tone": "Friendly",
                  "actions": [ { "kind": "SendNotice", "channel": "Email", "templateKey": "reminder-firm" } ],
                  "repeat": { "everyDays": 3, "everyMonths": 1, "maxTimes": 2, "untilPaid": true } }
              ]
            }
            """;
        var e = Assert.Throws<FluentValidation.ValidationException>(() => EscalationPolicyJson.Deserialize(json));
        var paths = e.Errors.Select(x => x.PropertyName).ToArray();
        Assert.Contains("stages[0].trigger.offset", paths);
        Assert.Contains("stages[0].repeat", paths);
        Assert.Contains("stages[0].repeat.maxTimes", paths);
    }

    [Fact]
    public void PolicySchema_ListsTheNewEnums()
    {
        var defs = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(EscalationPolicyJsonTests.RepoRoot(), "docs", "schema", "escalation-policy.schema.json"))).RootElement.GetProperty("$defs");
        Assert.Equal(System.Enum.GetNames<OffsetAnchor>(), defs.GetProperty("offsetAnchor").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(System.Enum.GetNames<System.MidpointRounding>(), defs.GetProperty("stageFee").GetProperty("properties").GetProperty("rounding").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(StageTrigger.MaxMonthsOffset, defs.GetProperty("repeat").GetProperty("properties").GetProperty("everyMonths").GetProperty("maximum").GetInt32());
    }
}
