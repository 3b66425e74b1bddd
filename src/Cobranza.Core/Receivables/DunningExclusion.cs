using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// An item left out of dunning on purpose — written off for collection, a goodwill gesture, a balance handed to a
/// lawyer outside the policy — without calling it a dispute (docs/escalation.md, "Write-off and enforcement off").
/// </summary>
/// <remarks>
/// The item is still owed: its balance stays open in the ledger, on the statement of account (marked, with the reason)
/// and in a decision's <see cref="Escalation.EscalationDecision.OpenBalance"/>. The escalation engine leaves it out of
/// stages, conditions, the amounts a decision asks for and its item lists, and it never keeps a block, suspension or
/// stop-work in force. To take it off the books, issue a credit note (<see cref="CreditNoteIssued"/>) instead.
/// Kill Bill's <c>WRITTEN_OFF</c> invoice tag, as its overdue engine reads it.
/// </remarks>
/// <param name="Since">The date the item was excluded (informational: the exclusion holds while it is on the item).</param>
/// <param name="Reason">Why (free text, not empty): "written off for collection", "goodwill", …</param>
public sealed record DunningExclusion(LocalDate Since, string Reason)
{
    /// <summary>Why the item is excluded from dunning.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);
}
