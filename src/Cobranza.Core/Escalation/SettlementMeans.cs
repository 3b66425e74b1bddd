using System;

namespace Cobranza.Core.Escalation;

/// <summary>
/// What reduced the account (or the item) on the date a payment-event decision speaks of
/// (<see cref="SettlementFigures.SettledBy"/>): money received, a credit note, credit already held applied to items — or
/// nothing, when a block is lifted only because what is still overdue is below the policy's tolerance. Flags: one date
/// can have several.
/// </summary>
[Flags]
public enum SettlementMeans
{
    /// <summary>Nothing was paid or credited on that date (a block lifted within the tolerance alone).</summary>
    None = 0,

    /// <summary>Payments received (<see cref="Receivables.PaymentReceived"/>, <see cref="Receivables.PlanPaymentReceived"/>): <see cref="SettlementFigures.Paid"/>.</summary>
    Payment = 1,

    /// <summary>Credit notes issued (<see cref="Receivables.CreditNoteIssued"/>): part of <see cref="SettlementFigures.Credited"/>.</summary>
    CreditNote = 2,

    /// <summary>Unapplied credit the account already held, applied to items (<see cref="Receivables.UnappliedCreditApplied"/>): part of <see cref="SettlementFigures.Credited"/>.</summary>
    AppliedCredit = 4,
}
