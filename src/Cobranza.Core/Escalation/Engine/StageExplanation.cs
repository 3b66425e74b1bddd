// Formatting: the explanation of a stage decision, kept as the values the stage rule saw and written on first read
// (ExplanationText.Stage; decision 0024).
namespace Cobranza.Core.Escalation;

/// <summary>The values of <see cref="ExplanationText.Stage"/>, written into its text when the explanation is first read.</summary>
internal sealed class StageExplanation : DeferredExplanation
{
    private readonly int _today;
    private readonly int _overdueCount;
    private readonly AmountText _overdue;
    private readonly AmountText _open;
    private readonly EscalationStage _stage;
    private readonly EscalationAction _action;
    private readonly NotificationChannel? _channel;
    private readonly int _k;
    private readonly int _triggeredDay;
    private readonly int _anchorDay;
    private readonly string? _anchorItem;
    private readonly bool _byBrokenPromise;

    /// <summary>Keeps the values; the parameters are those of <see cref="ExplanationText.Stage"/>.</summary>
    public StageExplanation(int today, int overdueCount, AmountText overdue, AmountText open, EscalationStage stage, EscalationAction action, NotificationChannel? channel,
        int k, int triggeredDay, int anchorDay, string? anchorItem, bool byBrokenPromise)
    {
        _today = today;
        _overdueCount = overdueCount;
        _overdue = overdue;
        _open = open;
        _stage = stage;
        _action = action;
        _channel = channel;
        _k = k;
        _triggeredDay = triggeredDay;
        _anchorDay = anchorDay;
        _anchorItem = anchorItem;
        _byBrokenPromise = byBrokenPromise;
    }

    /// <summary>When the decision takes a lifted block again (Run.Levels): its occurrence (0: not taken again).</summary>
    public int ReappliedOccurrence { get; init; }

    /// <inheritdoc/>
    protected override string WriteRule()
    {
        string text = ExplanationText.Stage(_today, _overdueCount, _overdue, _open, _stage, _action, _channel, _k, _triggeredDay, _anchorDay, _anchorItem, _byBrokenPromise);
        return ReappliedOccurrence > 0 ? ExplanationText.Reapplied(text, ReappliedOccurrence) : text;
    }
}
