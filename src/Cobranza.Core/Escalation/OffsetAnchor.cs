namespace Cobranza.Core.Escalation;

/// <summary>
/// The date a stage's offset counts from (<see cref="StageTrigger.Anchor"/>). In account scope the dates are those of
/// the scope's anchor item: its oldest open (overdue, or next due) item.
/// </summary>
/// <remarks>
/// Peers: Invoice Ninja's reminder schedules (<c>after_invoice_date</c>, <c>before_due_date</c>, <c>after_due_date</c>
/// and endless reminders counted from the last reminder sent), OCA <c>account_credit_control</c> (a level's delay from
/// the previous level's date, <c>previous_date</c>) and Business Central reminder levels (grace period from the due
/// date or from the previous reminder's date). See docs/escalation.md, "Anchors".
/// </remarks>
public enum OffsetAnchor
{
    /// <summary>Default: the due date.</summary>
    DueDate = 0,

    /// <summary>The invoice (issue) date (<see cref="Receivables.AccountItem.IssueDate"/>).</summary>
    InvoiceDate = 1,

    /// <summary>The last day of the due date's month (a due date of 2026-01-10 anchors on 2026-01-31).</summary>
    EndOfDueMonth = 2,

    /// <summary>
    /// The local day on which the previous stage's notice (<see cref="EscalationActionKind.SendNotice"/> or
    /// <see cref="EscalationActionKind.LegalNotice"/>) was actually sent to the scope in the current episode: its history
    /// entry is <see cref="DecisionOutcome.Dispatched"/>, dated by its <see cref="CollectionHistoryEntry.RecordedAt"/>
    /// in the customer's zone. Until that notice is recorded as sent, the stage is not reached. The first stage cannot
    /// use it, and the previous stage must have a notice (the validator checks both).
    /// </summary>
    PreviousNotice = 3,
}
