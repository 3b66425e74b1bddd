using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Ports;

/// <summary>
/// Carries out the non-message actions of decisions (suspend a service, create a task, hand over to an agency,
/// charge interest or a fee in the host's ledger…). Several handlers may be registered; the first whose
/// <see cref="CanHandle"/> is true gets the decision.
/// </summary>
/// <remarks>
/// <b>Idempotent by key.</b> A decision may be handed over more than once: a crash between the action and the record
/// of its outcome, or an answer lost after the action was carried out, makes a later run hand it over again (the
/// at-least-once window, docs/running.md). Handled again for the same <see cref="EscalationDecision.IdempotencyKey"/>,
/// a handler carries out nothing and returns the original result — a repeated interest charge posts nothing and
/// returns the interest it posted, never "nothing accrued".
/// </remarks>
public interface IActionHandler
{
    /// <summary>Whether this handler carries out <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    bool CanHandle(EscalationActionKind action);

    /// <summary>Carries out an action.</summary>
    /// <param name="request">The decision, the account and the rendered template (for tasks and letters).</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What became of it.</returns>
    /// <exception cref="System.Exception">Any exception marks the attempt failed; the run retries it later.</exception>
    ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken);
}

/// <summary>An action to carry out.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Account">The account snapshot.</param>
/// <param name="Content">The rendered template when the decision has one, otherwise <see langword="null"/>.</param>
/// <remarks>Equality is the synthesized record equality: <see cref="Account"/> is compared by reference (a <see cref="CustomerAccount"/> is a snapshot class without value equality).</remarks>
public sealed record ActionRequest(EscalationDecision Decision, CustomerAccount Account, RenderedNotice? Content);

/// <summary>What became of an action.</summary>
public sealed record ActionResult
{
    private ActionResult(bool done, string? text)
    {
        IsDone = done;
        Reference = done ? text : null;
        SkipReason = done ? null : text;
    }

    /// <summary>Whether the action was carried out (otherwise deliberately skipped).</summary>
    public bool IsDone { get; }

    /// <summary>The host's reference of the action (task id, ticket…), or <see langword="null"/>.</summary>
    public string? Reference { get; }

    /// <summary>Why the action was skipped, or <see langword="null"/> when done.</summary>
    public string? SkipReason { get; }

    /// <summary>The action was carried out.</summary>
    /// <param name="reference">The host's reference, if any.</param>
    /// <returns>The result.</returns>
    public static ActionResult Done(string? reference = null) => new(true, reference);

    /// <summary>The action was deliberately not carried out (never retried).</summary>
    /// <param name="reason">Why (not empty).</param>
    /// <returns>The result.</returns>
    public static ActionResult Skipped(string reason) => new(false, Guard.NotNullOrWhiteSpace(reason));
}
