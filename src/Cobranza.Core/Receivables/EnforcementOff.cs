using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// Dunning enforcement is turned off for the account: a pause that is not a legal hold (docs/escalation.md,
/// "Write-off and enforcement off"). Kill Bill's <c>OVERDUE_ENFORCEMENT_OFF</c> account tag.
/// </summary>
/// <remarks>
/// While it is on the account, no stage fires (no notice, block or charge; no broken-promise or plan-arrears notice), and
/// every block, suspension or stop-work in force is reversed with its notices — Kill Bill clears the overdue state when
/// the tag is set (<c>OverdueListener.handleTagInsert</c> → <c>CLEAR</c>) and applies nothing while it is there
/// (<c>OverdueWrapper.refreshWithLock</c>). Payments are still thanked and acknowledged. When it is removed, the stages
/// are evaluated again from the account's facts and a lifted block is taken again (Kill Bill refreshes on removal).
/// A legal hold, by contrast, stops everything, reversals and payment notices included.
/// </remarks>
/// <param name="Since">The date enforcement was turned off (informational: it is off while this is on the account).</param>
/// <param name="Reason">Why (free text, not empty): "negotiating a settlement", "key account, handled by sales", …</param>
public sealed record EnforcementOff(LocalDate Since, string Reason)
{
    /// <summary>Why enforcement is off.</summary>
    public string Reason { get; } = Guard.NotNullOrWhiteSpace(Reason);
}
