namespace Cobranza.Core.Escalation;

/// <summary>A channel through which a notice reaches a customer.</summary>
public enum NotificationChannel
{
    /// <summary>E-mail.</summary>
    Email = 0,

    /// <summary>SMS text message.</summary>
    Sms = 1,

    /// <summary>WhatsApp message.</summary>
    WhatsApp = 2,

    /// <summary>Postal letter (including a registered letter / burofax for legal notices).</summary>
    Letter = 3,

    /// <summary>A phone call, carried out by a person: the decision becomes a call task.</summary>
    PhoneCall = 4,
}

/// <summary>How firm a stage or a notice is. Ordered: a higher value is firmer.</summary>
public enum EscalationTone
{
    /// <summary>A friendly reminder ("recordatorio amable").</summary>
    Friendly = 0,

    /// <summary>A firm reminder ("requerimiento").</summary>
    Firm = 1,

    /// <summary>A final notice before consequences ("último aviso").</summary>
    Final = 2,

    /// <summary>Legal action or a formal demand ("requerimiento fehaciente", "reclamación judicial").</summary>
    Legal = 3,
}

/// <summary>What a decision asks the host to do.</summary>
public enum EscalationActionKind
{
    /// <summary>Send a notice to the customer through a channel, with a template.</summary>
    SendNotice = 0,

    /// <summary>Charge the late fee / fixed recovery compensation (applied once per item).</summary>
    ApplyLateFee = 1,

    /// <summary>Start charging late interest (or report the interest accrued so far).</summary>
    ChargeLateInterest = 2,

    /// <summary>Create a manual task for a person (e.g. "call within 24 hours and agree a date").</summary>
    CreateTask = 3,

    /// <summary>Stop working for the customer. Reversed by <see cref="ResumeWork"/>.</summary>
    StopWork = 4,

    /// <summary>Resume work after <see cref="StopWork"/> (nothing in its scope overdue any more).</summary>
    ResumeWork = 5,

    /// <summary>Suspend the service. Reversed by <see cref="RestoreService"/>.</summary>
    SuspendService = 6,

    /// <summary>Restore the service after <see cref="SuspendService"/> (nothing in its scope overdue any more).</summary>
    RestoreService = 7,

    /// <summary>Block new orders. Reversed by <see cref="UnblockOrders"/>.</summary>
    BlockOrders = 8,

    /// <summary>Unblock new orders after <see cref="BlockOrders"/> (nothing in its scope overdue any more).</summary>
    UnblockOrders = 9,

    /// <summary>Hand the debt over to a collection agency.</summary>
    HandOverToAgency = 10,

    /// <summary>Send a legal notice (formal demand) or hand over to a lawyer.</summary>
    LegalNotice = 11,

    /// <summary>Propose writing the debt off (a person decides).</summary>
    ProposeWriteOff = 12,

    /// <summary>
    /// Cancel the customer's subscription at once (Kill Bill overdue <c>subscriptionCancellationPolicy</c> IMMEDIATE).
    /// Final: the engine never reverses it (a customer who pays subscribes again through the host). Carries no message;
    /// pair it with a notice (template <c>notice-subscription-cancelled</c>).
    /// </summary>
    CancelSubscription = 13,

    /// <summary>
    /// Cancel the customer's subscription at the end of its current term, without renewal (Kill Bill overdue
    /// <c>subscriptionCancellationPolicy</c> END_OF_TERM); the host knows the term. Final, never reversed by the engine.
    /// </summary>
    CancelSubscriptionAtTermEnd = 14,
}
