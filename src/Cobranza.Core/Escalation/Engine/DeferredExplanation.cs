// Formatting: a decision's explanation written when it is first read (decision 0024). The rule family passes the values
// it saw; EscalationDecision.Explanation writes the text once, with ExplanationText, exactly as the engine would have
// written it at once.
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>The explanation of an engine decision, written on first read (<see cref="EscalationDecision.Explanation"/>).</summary>
internal abstract class DeferredExplanation
{
    private Instant _deferredTo;
    private DateTimeZone? _zone;

    /// <summary>An explanation already written (rules whose text is short or rare).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The explanation.</returns>
    public static DeferredExplanation Of(string text) => new Written(text);

    /// <summary>An explanation already written (<see cref="Of"/>): the rule families that write their text at once pass it as it is.</summary>
    /// <param name="text">The text.</param>
    public static implicit operator DeferredExplanation(string text) => Of(text);

    /// <summary>
    /// Marks the decision as deferred by the quiet rules to <paramref name="notBefore"/>: the text ends with the local
    /// send time (<see cref="ExplanationText.Deferred"/>). Called by the engine before the decision is made, never after.
    /// </summary>
    /// <param name="notBefore">The send time.</param>
    /// <param name="zone">The customer's zone.</param>
    public void DeferTo(Instant notBefore, DateTimeZone zone)
    {
        _deferredTo = notBefore;
        _zone = zone;
    }

    /// <summary>The text: the rule's, with the deferral when there is one.</summary>
    /// <returns>The explanation.</returns>
    public string Write()
    {
        string text = WriteRule();
        return _zone is null ? text : ExplanationText.Deferred(text, _deferredTo, _zone);
    }

    /// <summary>The rule's text.</summary>
    /// <returns>The text.</returns>
    protected abstract string WriteRule();

    private sealed class Written(string text) : DeferredExplanation
    {
        protected override string WriteRule() => text;
    }
}
