using System;
using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>The escalation engine (see <see cref="IEscalationEngine"/>). Stateless and thread-safe.</summary>
public sealed partial class EscalationEngine : IEscalationEngine
{
    /// <summary>Stage id of the thank-you on payment in full.</summary>
    public const string ThankYouStageId = "payment-thank-you";

    /// <summary>Stage id of a partial-payment acknowledgement.</summary>
    public const string PartialAckStageId = "payment-partial-ack";

    /// <summary>Stage id of a broken-promise notice.</summary>
    public const string PromiseBrokenStageId = "promise-broken";

    /// <summary>Stage id of plan-arrears notices.</summary>
    public const string PlanArrearsStageId = "plan-arrears";

    /// <summary>Stage id of the service-restored notice.</summary>
    public const string ServiceRestoredStageId = "service-restored";

    private readonly IBusinessCalendarProvider _calendars;

    /// <summary>Creates the engine.</summary>
    /// <param name="calendars">Resolves the customer's business calendar (<see cref="CustomerProfile.CalendarId"/>; weekends only when none).</param>
    public EscalationEngine(IBusinessCalendarProvider calendars) => _calendars = Guard.NotNull(calendars);

    /// <inheritdoc/>
    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant now)
    {
        Guard.NotNull(account);
        Guard.NotNull(history);
        Guard.NotNull(policy);
        return new EvaluationResult(ImmutableArray<EscalationDecision>.Empty, null);
    }
}
