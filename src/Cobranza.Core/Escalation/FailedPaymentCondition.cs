using System;
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation;

/// <summary>
/// A stage condition on the account's last payment attempts (Kill Bill's <c>responseForLastFailedPaymentIn</c>): the
/// last attempt failed — a bounced direct debit, a returned cheque, a declined or charged-back card, recorded as a
/// reversed payment (<see cref="Receivables.PaymentReversed"/>) — with one of <see cref="Reasons"/>, through one of
/// <see cref="Methods"/>, and at least <see cref="MinAttempts"/> attempts in a row have failed since the last payment
/// that stands.
/// </summary>
/// <remarks>
/// <para>Attempts, as known on the evaluation day (the customer's local date): every payment that stands
/// (<see cref="Receivables.CustomerAccount.Payments"/>) received on or before it, and every reversed payment
/// (<see cref="Receivables.CustomerAccount.Reversals"/>) received on or before it — failed when its reversal is dated
/// on or before that day too (until then it stood). They are ordered by the payment's value date; the failed attempts
/// "in a row" are the failed ones dated strictly after the latest attempt that stands (on the same day a payment that
/// stands wins: the customer paid). The last failed attempt is the latest of those (the last reversed, on a tie).</para>
/// <para>A reason matches when it equals a listed value, or when its code — the text before its first ':' (trimmed) —
/// does, ordinal and case-insensitive: <c>AM04</c> matches "AM04: insufficient funds" (the SEPA return reason codes of
/// EPC guidance EPC173-14 are a good vocabulary: AM04 insufficient funds, AC04 account closed, MD06 refund requested,
/// MS02 refused by the debtor; card acquirers have theirs, e.g. INSUFFICIENT_FUNDS, DO_NOT_HONOR). A method matches
/// <see cref="Receivables.AccountPayment.Method"/> the same way (whole value). An empty list matches anything.</para>
/// <para>The condition is about the account (as Kill Bill's, which reads the account's billing state), also in a policy
/// whose scope is <see cref="EscalationScope.Item"/>.</para>
/// </remarks>
public sealed record FailedPaymentCondition
{
    /// <summary>The largest <see cref="MinAttempts"/> accepted.</summary>
    public const int MaxAttempts = 1_000;

    /// <summary>Creates the condition.</summary>
    /// <param name="reasons">The reasons (or reason codes) of the last failed attempt that match; empty for any reason.</param>
    /// <param name="methods">The payment methods of the last failed attempt that match; empty for any method.</param>
    /// <param name="minAttempts">How many attempts in a row must have failed (1 = the last one; the validator requires 1 to <see cref="MaxAttempts"/>).</param>
    /// <exception cref="ArgumentException">A reason or method is null, empty or white space.</exception>
    public FailedPaymentCondition(ImmutableArray<string> reasons = default, ImmutableArray<string> methods = default, int minAttempts = 1)
    {
        Reasons = NoBlanks(reasons, nameof(reasons));
        Methods = NoBlanks(methods, nameof(methods));
        MinAttempts = minAttempts;
    }

    /// <summary>The reasons (or reason codes) that match; empty for any reason.</summary>
    public ImmutableArray<string> Reasons { get; }

    /// <summary>The payment methods that match; empty for any method.</summary>
    public ImmutableArray<string> Methods { get; }

    /// <summary>How many attempts in a row must have failed.</summary>
    /// <value>Default 1: the last attempt failed.</value>
    public int MinAttempts { get; }

    /// <summary>Whether the last attempt failed with any reason, through any method.</summary>
    public static FailedPaymentCondition Any { get; } = new();

    /// <summary>The last attempt failed with one of <paramref name="reasons"/>.</summary>
    /// <param name="reasons">The reasons or reason codes.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">A reason is blank.</exception>
    public static FailedPaymentCondition WithReasons(params string[] reasons) => new([.. Guard.NotNull(reasons)]);

    /// <summary>Whether <paramref name="reason"/> matches <see cref="Reasons"/> (see the remarks of <see cref="FailedPaymentCondition"/>).</summary>
    /// <param name="reason">The reason recorded with the reversal.</param>
    /// <returns><see langword="true"/> when the list is empty, or the reason or its code is listed.</returns>
    public bool MatchesReason(string reason)
    {
        if (Reasons.IsEmpty)
        {
            return true;
        }

        Guard.NotNull(reason);
        var code = reason.AsSpan();
        int colon = code.IndexOf(':');
        code = colon >= 0 ? code[..colon].Trim() : ReadOnlySpan<char>.Empty;
        foreach (var r in Reasons)
        {
            if (string.Equals(r, reason, StringComparison.OrdinalIgnoreCase)
                || (colon >= 0 && code.Equals(r.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="method"/> matches <see cref="Methods"/>.</summary>
    /// <param name="method">The method of the failed payment, or <see langword="null"/> when none was recorded.</param>
    /// <returns><see langword="true"/> when the list is empty, or the method is listed (ordinal, case-insensitive).</returns>
    public bool MatchesMethod(string? method)
    {
        if (Methods.IsEmpty)
        {
            return true;
        }

        foreach (var m in Methods)
        {
            if (string.Equals(m, method, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool Equals(FailedPaymentCondition? other) => other is not null && (ReferenceEquals(this, other) || (
        Seq.Equal(Reasons, other.Reasons) && Seq.Equal(Methods, other.Methods) && MinAttempts == other.MinAttempts));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Reasons.Length, Methods.Length, MinAttempts);

    /// <inheritdoc/>
    public override string ToString()
        => $"last {(MinAttempts == 1 ? "payment attempt" : $"{MinAttempts} payment attempts")} failed"
            + (Reasons.IsEmpty ? string.Empty : $" with {string.Join(" or ", Reasons)}")
            + (Methods.IsEmpty ? string.Empty : $" by {string.Join(" or ", Methods)}");

    private static ImmutableArray<string> NoBlanks(ImmutableArray<string> values, string name)
    {
        if (values.IsDefault)
        {
            return ImmutableArray<string>.Empty;
        }

        foreach (var v in values)
        {
            if (string.IsNullOrWhiteSpace(v))
            {
                throw new ArgumentException($"{name} must not contain an empty value (was '{v}').", name);
            }
        }

        return values;
    }
}
