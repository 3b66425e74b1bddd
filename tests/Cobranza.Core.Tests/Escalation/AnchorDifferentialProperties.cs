using System;
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
/// The anchor and repeat rules (Run.Anchors, Run.Repeats: the engine's path for a policy that is not plain) against the
/// frozen <see cref="ReferenceEscalationEngine"/>, which knows only the due date and bounded repeats in days. The frozen
/// engine cannot state the new options, so the generated cases are restricted to where both must agree exactly:
/// every stage counts from the <b>invoice date</b> of items whose invoice date <b>is</b> their due date, and every
/// repeat runs <b>until paid</b> where the reference repeats at most <see cref="int.MaxValue"/> times (more runs than a
/// date range holds). Everything must then be identical — decisions, keys, amounts, NotBefore, NextEvaluationAt, the
/// exception — except the explanation's wording of the anchor and the repeat, which is mapped. The generator of
/// <see cref="EscalationDifferentialProperties"/> (its accounts, histories and six policies) is reused as is. Month
/// arithmetic has no counterpart in the reference: <c>RepeatRuns</c> is checked against counting runs one by one.
/// </summary>
public sealed class AnchorDifferentialProperties
{
    private static readonly ReferenceEscalationEngine Reference = new(BuiltInCalendarProvider.Instance);

    [Property(MaxTest = 300, Arbitrary = [typeof(EscalationDifferentialProperties.Arbitraries)])]
    public void Evaluate_InvoiceDateEqualToDueDateAndRepeatsUntilPaid_SameResultAsTheReferenceEngine(EscalationDifferentialProperties.Case c)
    {
        var original = c.Account();
        var account = WithInvoiceDateOnDueDate(original);
        var now = c.Now(account);
        var referencePolicy = Unbounded(c.Policy);
        var anchored = Anchored(c.Policy);
        var history = CollectionHistory.Empty;
        if (c.PriorDays > 0)
        {
            var prior = EscalationDifferentialProperties.Evaluate(Reference, original, history, referencePolicy, now.Minus(Duration.FromDays(c.PriorDays)));
            history = prior.Result is { } r ? EscalationFixtures.Record(history, r) : history;
        }

        var expected = EscalationDifferentialProperties.Evaluate(Reference, original, history, referencePolicy, now);
        var actual = EscalationDifferentialProperties.Evaluate(EscalationFixtures.Engine, account, history, anchored, now);
        if (expected.Error is { } error)
        {
            Assert.Equal(error.GetType(), actual.Error?.GetType());
            return;
        }

        Assert.True(actual.Error is null, $"{c}: {actual.Error}");
        var e = expected.Result!;
        var a = actual.Result!;
        Assert.Equal(e.NextEvaluationAt, a.NextEvaluationAt);
        Assert.Equal(e.Decisions.Select(d => d.IdempotencyKey), a.Decisions.Select(d => d.IdempotencyKey));
        for (int i = 0; i < e.Decisions.Length; i++)
        {
            var x = e.Decisions[i];
            var y = a.Decisions[i];
            Assert.Equal(Mapped(x.Explanation), y.Explanation);
            Assert.Equal(x.NotBefore, y.NotBefore);
            Assert.Equal(x.ItemIds.ToArray(), y.ItemIds.ToArray());
            Assert.Equal(x.AmountDue, y.AmountDue);
            Assert.Equal(x.FeeAmount, y.FeeAmount);
            Assert.Equal(x.Occurrence, y.Occurrence);
        }
    }

    [Property(MaxTest = 500)]
    public void RunsThrough_Months_CountsTheRunsOneByOne(int start, int length, int every)
    {
        var r = new StageRepetition(1 + (Math.Abs(every % 13)), RepeatPeriod.Months, null, untilPaid: true);
        int t = DayNumbers.Of(new LocalDate(2024, 1, 1)) + Math.Abs(start % 1500);
        int until = t + Math.Abs(length % 2000);
        int k = 1;
        while (RepeatRuns.RunDay(r, t, k + 1) <= until)
        {
            k++;
        }

        Assert.Equal(k, RepeatRuns.RunsThrough(r, t, until));
        var trigger = DayNumbers.ToDate(t);
        Assert.Equal(trigger.PlusMonths((k - 1) * r.Every), DayNumbers.ToDate(RepeatRuns.RunDay(r, t, k)));
    }

    private static string Mapped(string explanation)
        => System.Text.RegularExpressions.Regex.Replace(
            explanation.Replace(" from the due date ", " from the invoice date ", StringComparison.Ordinal),
            @" of 2147483647 \(every (\d+) days\)", " (every $1 days, until paid)");

    private static CustomerAccount WithInvoiceDateOnDueDate(CustomerAccount a)
        => new(a.Id, a.Currency, a.Customer,
            [.. a.Items.Select(i => new AccountItem(i.Id, i.InvoiceId, i.PortionIndex, i.DueDate, i.DueDate, i.Amount,
                principalPaid: i.PrincipalPaid, interestCharged: i.InterestCharged, interestPaid: i.InterestPaid,
                feesCharged: i.FeesCharged, feesPaid: i.FeesPaid, settledOn: i.SettledOn, dispute: i.Dispute))],
            a.Payments, promises: a.Promises, plans: a.Plans, legalHold: a.LegalHold);

    private static EscalationPolicy Unbounded(EscalationPolicy p) => With(p, s => s.Trigger, r => new StageRepetition(r.EveryDays, int.MaxValue));

    private static EscalationPolicy Anchored(EscalationPolicy p) => With(p, s => s.Trigger.From(OffsetAnchor.InvoiceDate), r => StageRepetition.UntilPaidEvery(r.EveryDays, RepeatPeriod.Days));

    private static EscalationPolicy With(EscalationPolicy p, Func<EscalationStage, StageTrigger> trigger, Func<StageRepetition, StageRepetition> repeat)
        => new(p.Id, p.Version, p.Scope,
            [.. p.Stages.Select(s => new EscalationStage(s.Id, s.Name, trigger(s), s.Tone, s.Actions, s.Conditions, s.Repeat is { } r ? repeat(r) : null))],
            p.QuietRules, p.CatchUp, p.PaymentEvents, p.Suppressions, p.FallbackLanguage);
}
