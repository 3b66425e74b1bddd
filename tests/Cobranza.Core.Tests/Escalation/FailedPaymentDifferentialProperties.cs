using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// The failed-payment condition (Run.FailedPayments) against the frozen <see cref="ReferenceEscalationEngine"/>, which
/// has no such condition. The reference is given the same policy with the condition replaced by what it means on the
/// evaluation day, as decided by an oracle written here independently (every attempt listed, sorted, the trailing
/// failures counted): when the oracle says it holds, the stage keeps its other conditions; when not, the stage gets a
/// condition that can never hold (<c>minOverdueItems</c> = <see cref="int.MaxValue"/>). Decisions, keys, amounts,
/// explanations and NextEvaluationAt must then be identical, for the evaluation, the prior runs of the history and the
/// next evaluation asked for. The accounts, histories and policies of <see cref="EscalationDifferentialProperties"/>
/// are reused; every case adds attempts: payments that stand and reversed payments, some reversed after the day.
/// </summary>
public sealed class FailedPaymentDifferentialProperties
{
    private static readonly ReferenceEscalationEngine Reference = new(BuiltInCalendarProvider.Instance);

    private static readonly string[] ReasonTexts = { "AM04: fondos insuficientes", "AC04", "MD06: refund requested", "DO_NOT_HONOR", "am04" };

    private static readonly string?[] MethodTexts = { "direct-debit", "card", null, "Direct-Debit" };

    /// <summary>An attempt <paramref name="DaysAgo"/> days before the evaluation day; reversed <paramref name="ReversedAfter"/> days after it (negative: it stands).</summary>
    public sealed record Attempt(int DaysAgo, int ReversedAfter, int Reason, int Method);

    /// <summary>The condition: reasons and methods by index (empty for any), and the attempts in a row.</summary>
    public sealed record Condition(int[] Reasons, int[] Methods, int MinAttempts);

    public sealed record Case(EscalationDifferentialProperties.Case Base, Attempt[] Attempts, Condition Condition)
    {
        public override string ToString()
            => $"{Base} attempts=[{string.Join("; ", Attempts.Select(a => a.ToString()))}] condition=({string.Join(",", Condition.Reasons)} / {string.Join(",", Condition.Methods)} / {Condition.MinAttempts})";
    }

    public static class Arbitraries
    {
        private static readonly Gen<Attempt> Attempts =
            from days in Gen.Choose(-3, 60)
            from reversed in Gen.Frequency((2, Gen.Constant(-1)), (3, Gen.Choose(0, 12)))
            from reason in Gen.Choose(0, ReasonTexts.Length - 1)
            from method in Gen.Choose(0, MethodTexts.Length - 1)
            select new Attempt(days, reversed, reason, method);

        private static readonly Gen<Condition> Conditions =
            from reasons in Gen.Frequency((2, Gen.Constant(Array.Empty<int>())), (3, Gen.SubListOf(new[] { 0, 1, 3 }).Select(l => l.ToArray())))
            from methods in Gen.Frequency((3, Gen.Constant(Array.Empty<int>())), (1, Gen.Elements(new[] { 0 }, new[] { 1 }, new[] { 0, 1 })))
            from min in Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(2, 4)))
            select new Condition(reasons, methods, min);

        public static Arbitrary<Case> Cases() =>
            (from c in EscalationDifferentialProperties.Arbitraries.Cases().Generator
             from count in Gen.Choose(0, 5)
             from attempts in Gen.ArrayOf(Attempts, count)
             from condition in Conditions
             select new Case(c, attempts, condition)).ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Evaluate_LastPaymentFailed_SameResultAsTheReferenceWithTheConditionDecided(Case c)
    {
        var account = WithAttempts(c.Base.Account(), c);
        var now = c.Base.Now(account);
        var condition = new FailedPaymentCondition(
            [.. c.Condition.Reasons.Select(i => ReasonTexts[i])], [.. c.Condition.Methods.Select(i => MethodTexts[i]!)], c.Condition.MinAttempts);
        var policy = WithCondition(c.Base.Policy, s => new StageConditions(
            s.MinOverdueAmounts, s.MinOverdueItems, s.IncludedSegments, s.ExcludedSegments, s.MaxOnTimeShare, s.MinAverageDaysLate, s.MinMaxDaysLate, s.AnyOf, condition));

        var history = CollectionHistory.Empty;
        if (c.Base.PriorDays > 0)
        {
            var at = now.Minus(Duration.FromDays(c.Base.PriorDays));
            var prior = EscalationDifferentialProperties.Evaluate(Reference, account, history, Decided(c.Base.Policy, account, condition, at), at);
            history = prior.Result is { } r ? EscalationFixtures.Record(history, r) : history;
        }

        var expected = EscalationDifferentialProperties.Evaluate(Reference, account, history, Decided(c.Base.Policy, account, condition, now), now);
        var actual = EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, account, history, policy, now);
        AssertSame(expected, actual, c);

        if (expected.Result?.NextEvaluationAt is { } next && actual.Result is not null)
        {
            var later = EscalationFixtures.Record(history, expected.Result);
            AssertSame(
                EscalationDifferentialProperties.Evaluate(Reference, account, later, Decided(c.Base.Policy, account, condition, next), next),
                EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, account, later, policy, next), c);
        }
    }

    /// <summary>The oracle: whether <paramref name="condition"/> holds for <paramref name="account"/> on the local day of <paramref name="at"/>.</summary>
    internal static bool Oracle(CustomerAccount account, FailedPaymentCondition condition, Instant at)
    {
        var today = at.InZone(account.Customer.TimeZone).Date;
        // (value date, failed, order of reversal, reversal): a payment reversed after today still stood today.
        var attempts = new List<(LocalDate On, bool Failed, int Order, PaymentReversal? Reversal)>();
        attempts.AddRange(account.Payments.Where(p => p.ReceivedOn <= today).Select(p => (p.ReceivedOn, false, -1, (PaymentReversal?)null)));
        attempts.AddRange(account.Reversals.Select((r, i) => (r, i)).Where(x => x.r.Payment.ReceivedOn <= today)
            .Select(x => (x.r.Payment.ReceivedOn, x.r.ReversedOn <= today, x.i, (PaymentReversal?)x.r)));

        // Sorted by date; on a date, those that stand first (so a failure is "after" only when strictly later), then by reversal order.
        var sorted = attempts.OrderBy(a => a.On).ThenBy(a => a.Failed).ThenBy(a => a.Order).ToList();
        int trailing = 0;
        for (int i = sorted.Count - 1; i >= 0 && sorted[i].Failed; i--)
        {
            trailing++;
        }

        // A failure on the same day as a payment that stands does not count: drop failures dated on the last standing day.
        var lastStanding = sorted.Where(a => !a.Failed).Select(a => (LocalDate?)a.On).DefaultIfEmpty(null).Max();
        var failures = sorted.Skip(sorted.Count - trailing).Where(a => lastStanding is null || a.On > lastStanding).ToList();
        if (failures.Count == 0 || failures.Count < condition.MinAttempts)
        {
            return false;
        }

        var last = failures[^1].Reversal!;
        bool reason = condition.Reasons.IsEmpty || condition.Reasons.Any(r =>
            string.Equals(r, last.Reason, StringComparison.OrdinalIgnoreCase)
            || (last.Reason.Contains(':', StringComparison.Ordinal) && string.Equals(r.Trim(), last.Reason.Split(':')[0].Trim(), StringComparison.OrdinalIgnoreCase)));
        bool method = condition.Methods.IsEmpty || condition.Methods.Any(m => string.Equals(m, last.Payment.Method, StringComparison.OrdinalIgnoreCase));
        return reason && method;
    }

    private static EscalationPolicy Decided(EscalationPolicy p, CustomerAccount account, FailedPaymentCondition condition, Instant at)
        => Oracle(account, condition, at) ? p : WithCondition(p, _ => new StageConditions(minOverdueItems: int.MaxValue));

    private static EscalationPolicy WithCondition(EscalationPolicy p, Func<StageConditions, StageConditions> conditions)
        => new EscalationPolicy(p.Id, p.Version, p.Scope,
            [.. p.Stages.Select(s => new EscalationStage(s.Id, s.Name, s.Trigger, s.Tone, s.Actions, conditions(s.Conditions), s.Repeat, s.Fee))],
            p.QuietRules, p.CatchUp, p.PaymentEvents, p.Suppressions, p.FallbackLanguage) { Reinstatement = p.Reinstatement };

    private static CustomerAccount WithAttempts(CustomerAccount a, Case c)
    {
        var today = c.Base.Today;
        var payments = a.Payments.ToList();
        var reversals = new List<PaymentReversal>();
        for (int i = 0; i < c.Attempts.Length; i++)
        {
            var t = c.Attempts[i];
            var on = today.PlusDays(-t.DaysAgo);
            var payment = new AccountPayment("A" + i, on, Money.Of(10m + i, a.Currency), MethodTexts[t.Method], ImmutableArray<PaymentAllocation>.Empty);
            if (t.ReversedAfter < 0)
            {
                payments.Add(payment);
            }
            else
            {
                reversals.Add(new PaymentReversal(payment, on.PlusDays(t.ReversedAfter), ReasonTexts[t.Reason]));
            }
        }

        return new CustomerAccount(a.Id, a.Currency, a.Customer, a.Items, [.. payments], a.UnappliedCredit, a.Promises, a.Plans, a.LegalHold)
        {
            Reversals = [.. reversals],
        };
    }

    private static void AssertSame((EvaluationResult? Result, Exception? Error) expected, (EvaluationResult? Result, Exception? Error) actual, Case c)
    {
        if (expected.Error is { } error)
        {
            Assert.Equal(error.GetType(), actual.Error?.GetType());
            return;
        }

        Assert.True(actual.Error is null, $"{c}: {actual.Error}");
        var e = expected.Result!;
        var a = actual.Result!;
        Assert.True(e.NextEvaluationAt == a.NextEvaluationAt, $"{c}: next {e.NextEvaluationAt} vs {a.NextEvaluationAt}");
        Assert.True(e.Decisions.Select(d => d.IdempotencyKey).SequenceEqual(a.Decisions.Select(d => d.IdempotencyKey)),
            $"{c}: [{string.Join(", ", e.Decisions.Select(d => d.IdempotencyKey))}] vs [{string.Join(", ", a.Decisions.Select(d => d.IdempotencyKey))}]");
        for (int i = 0; i < e.Decisions.Length; i++)
        {
            Assert.Equal(e.Decisions[i].Explanation, a.Decisions[i].Explanation);
            Assert.Equal(e.Decisions[i].NotBefore, a.Decisions[i].NotBefore);
            Assert.Equal(e.Decisions[i].AmountDue, a.Decisions[i].AmountDue);
            Assert.Equal(e.Decisions[i].ItemIds.ToArray(), a.Decisions[i].ItemIds.ToArray());
        }
    }
}
