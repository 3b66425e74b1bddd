using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>
/// Before a pending decision (a failed attempt whose retry is due, a claim whose lease expired) is dispatched again,
/// the account is evaluated again at the run's instant as if the decision had never been tried: only a decision the
/// engine still makes, with the same idempotency key, is dispatched (its amounts and content from the current
/// snapshot); otherwise the pending decision is skipped with the reason. (Issue 14 §2.)
/// </summary>
internal static class PendingRecheck
{
    /// <summary>The history without <paramref name="key"/>: what the engine would know had the decision never been tried.</summary>
    public static CollectionHistory Without(CollectionHistory history, string key)
    {
        if (!history.Contains(key))
        {
            return history;
        }

        var builder = ImmutableArray.CreateBuilder<CollectionHistoryEntry>(history.Entries.Length - 1);
        foreach (var entry in history.Entries)
        {
            if (!string.Equals(entry.IdempotencyKey, key, StringComparison.Ordinal))
            {
                builder.Add(entry);
            }
        }

        return builder.Count == 0 ? CollectionHistory.Empty : CollectionHistory.Of(builder.ToImmutable());
    }

    /// <summary>
    /// Whether <paramref name="pending"/> is a charge (late interest or a fee) whose every posting the ledger of
    /// <paramref name="account"/> already holds: its handler posted and the worker died before recording the outcome.
    /// Such a decision was carried out; it is dispatched as it was, and its handler (idempotent by key) posts nothing
    /// and returns the original result, so the journal never says "skipped" for interest or fees the ledger holds.
    /// </summary>
    public static bool AlreadyPosted(CustomerAccount account, EscalationDecision pending)
    {
        if (pending.Charges.IsEmpty)
        {
            return false;
        }

        ChargeKind? kind = pending.Action switch
        {
            EscalationActionKind.ChargeLateInterest => ChargeKind.Interest,
            EscalationActionKind.ApplyLateFee => ChargeKind.Fee,
            _ => null,
        };
        return kind is { } k && LedgerChargePoster.Post(account, pending.Charges, k, postProvisional: true).IsEmpty; // only asks what the ledger holds
    }

    /// <summary>The decision of <paramref name="result"/> with <paramref name="key"/>, or <see langword="null"/>.</summary>
    public static EscalationDecision? Find(EvaluationResult result, string key)
    {
        foreach (var decision in result.Decisions)
        {
            if (string.Equals(decision.IdempotencyKey, key, StringComparison.Ordinal))
            {
                return decision;
            }
        }

        return null;
    }

    /// <summary>
    /// Why the engine no longer makes <paramref name="pending"/> at <paramref name="at"/>: the facts of the current
    /// snapshot that stop it (legal hold, settled or disputed items, a promise to pay, a payment plan, the amount now
    /// overdue), and what the engine decides instead.
    /// </summary>
    public static string SkipReason(CustomerAccount account, EscalationDecision pending, EvaluationResult result, Instant at)
    {
        var today = at.InZone(account.Customer.TimeZone).Date;
        var text = new StringBuilder(160);
        text.Append(CultureInfo.InvariantCulture, $"re-evaluated at {at}: the escalation engine no longer decides '{pending.IdempotencyKey}'");
        int facts = 0;
        void Fact(string fact)
        {
            text.Append(facts++ == 0 ? " (" : "; ").Append(fact);
        }

        if (account.LegalHold is { } hold && hold.Since <= today)
        {
            Fact(string.Create(CultureInfo.InvariantCulture, $"legal hold since {Iso(hold.Since)}: {hold.Reason}"));
        }

        if (account.EnforcementOff is { } off)
        {
            Fact(string.Create(CultureInfo.InvariantCulture, $"dunning enforcement off since {Iso(off.Since)}: {off.Reason}"));
        }

        int settled = 0;
        foreach (var id in pending.ItemIds)
        {
            if (!account.TryGetItem(id, out var item))
            {
                Fact($"item {id} no longer exists");
            }
            else if (item.IsSettled)
            {
                settled++;
            }
            else if (item.Dispute is { } dispute)
            {
                Fact(string.Create(CultureInfo.InvariantCulture, $"item {id} disputed since {Iso(dispute.OpenedOn)}: {dispute.Reason}"));
            }
            else if (item.DunningExclusion is { } exclusion)
            {
                Fact(string.Create(CultureInfo.InvariantCulture, $"item {id} excluded from dunning since {Iso(exclusion.Since)}: {exclusion.Reason}"));
            }
        }

        if (settled > 0)
        {
            Fact(settled == pending.ItemIds.Length ? "every item of the decision was settled" : string.Create(CultureInfo.InvariantCulture, $"{settled} of {pending.ItemIds.Length} items settled"));
        }

        foreach (var promise in account.Promises)
        {
            if (promise.MadeOn <= today && Covers(promise.ItemIds, pending.ItemIds))
            {
                Fact(string.Create(CultureInfo.InvariantCulture, $"promise to pay {promise.Amount} by {Iso(promise.PromisedDate)} made on {Iso(promise.MadeOn)}"));
            }
        }

        foreach (var plan in account.Plans)
        {
            if (plan.StartedOn <= today && Covers(plan.ItemIds, pending.ItemIds))
            {
                Fact(string.Create(CultureInfo.InvariantCulture, $"payment plan '{plan.PlanId}' since {Iso(plan.StartedOn)}"));
            }
        }

        if (pending.PrincipalAmount.Amount > 0m)
        {
            var principal = Money.Zero(account.Currency);
            foreach (var item in account.Items)
            {
                if (pending.ItemIds.Contains(item.Id))
                {
                    principal += item.PrincipalOutstanding;
                }
            }

            if (principal != pending.PrincipalAmount)
            {
                Fact(string.Create(CultureInfo.InvariantCulture, $"principal of its items now {principal}, was {pending.PrincipalAmount}"));
            }
        }

        if (facts > 0)
        {
            text.Append(')');
        }

        if (result.Decisions.IsEmpty)
        {
            text.Append("; it decides nothing for the account now");
        }
        else
        {
            text.Append("; it decides instead: ");
            for (int i = 0; i < result.Decisions.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(result.Decisions[i].IdempotencyKey);
            }
        }

        return text.ToString();
    }

    private static bool Covers(ImmutableArray<string> scope, ImmutableArray<string> items)
    {
        if (scope.IsEmpty)
        {
            return true;
        }

        foreach (var id in items)
        {
            if (scope.Contains(id, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
