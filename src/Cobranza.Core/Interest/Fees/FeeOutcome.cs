namespace Cobranza.Core.Interest;

/// <summary>What <see cref="LateFee.Decide(string, Money, System.Collections.Generic.IEnumerable{string}, Language)"/> decided for one invoice.</summary>
public enum FeeOutcome
{
    /// <summary>The fee applies now; <see cref="FeeDecision.Line"/> holds it.</summary>
    Applied = 0,

    /// <summary>The fee's code is already in the invoice's history: it is never applied again (a re-run changes nothing).</summary>
    AlreadyApplied = 1,

    /// <summary>The invoice has no positive overdue amount, so no fee is owed.</summary>
    NothingOverdue = 2,
}
