namespace Cobranza.Core.Interest;

/// <summary>
/// The result of <see cref="LateFee.Decide(string, Money, System.Collections.Generic.IEnumerable{string}, Language)"/>: the fee line to apply, or none with the reason. Carries a
/// deterministic <see cref="IdempotencyKey"/> (<c>invoiceId/code</c>) for the host's journal.
/// </summary>
public sealed record FeeDecision
{
    internal FeeDecision(string invoiceId, string code, FeeOutcome outcome, FeeLine? line, string reason)
    {
        InvoiceId = invoiceId;
        Code = code;
        Outcome = outcome;
        Line = line;
        Reason = reason;
    }

    /// <summary>The invoice decided on.</summary>
    public string InvoiceId { get; }

    /// <summary>The fee's code.</summary>
    public string Code { get; }

    /// <summary>What was decided.</summary>
    public FeeOutcome Outcome { get; }

    /// <summary>The fee to apply when <see cref="Outcome"/> is <see cref="FeeOutcome.Applied"/>; otherwise <see langword="null"/>.</summary>
    public FeeLine? Line { get; }

    /// <summary>Whether a fee applies now.</summary>
    public bool IsApplied => Line is not null;

    /// <summary>The reason, in the language asked for (exact strings documented in <c>docs/interest.md</c>).</summary>
    public string Reason { get; }

    /// <summary>A deterministic key, <c>invoiceId + "/" + code</c>: record it with the fee so a re-run finds it in the history.</summary>
    public string IdempotencyKey => InvoiceId + "/" + Code;
}
