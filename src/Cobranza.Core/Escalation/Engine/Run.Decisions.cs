// Emitting decisions (docs/escalation.md, "Quiet rules", "Suppressions": opt-out).
// Rules: a notice through a channel the customer opted out of goes through the first of Email → Sms → WhatsApp → Letter
// not opted out of (none left: no notice; phone calls unaffected); the decision's language is the customer's (es/en)
// or the policy's fallback; decisions are returned ordered by NotBefore, then by the order they were made.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private struct Pending
    {
        public EscalationDecision Decision;
        public int Sequence;
    }

    private partial struct Run
    {
        private readonly bool ResolveChannel(NotificationChannel requested, out NotificationChannel? channel)
        {
            var customer = _account.Customer;
            if (requested == NotificationChannel.PhoneCall || !customer.HasOptedOutOf(requested))
            {
                channel = requested;
                return true;
            }

            foreach (var c in FallbackOrder)
            {
                if (c != requested && !customer.HasOptedOutOf(c))
                {
                    channel = c;
                    return true;
                }
            }

            channel = null;
            return false;
        }

        private void Emit(string key, string stageId, EscalationActionKind kind, EscalationTone tone, NotificationChannel? channel, string? template, ImmutableArray<string> items,
            in DecisionAmounts amounts, int occurrence, bool notice, bool dunning, DeferredExplanation explanation, LocalDate? promisedDate = null, ImmutableArray<LateCharge> charges = default,
            ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> provisional = default, SettlementFigures? settlement = null)
        {
            var notBefore = notice ? SendTime(dunning) : _now;
            var currency = _account.Currency;
            if (notBefore > _now)
            {
                explanation.DeferTo(notBefore, _zone); // the text names the send time
            }

            var decision = new EscalationDecision(key, _account.Id, _policy.Id, _policy.Version, stageId, kind, tone, channel, template, Language(),
                items, Money.Of(amounts.Principal, currency), Money.Of(amounts.Interest, currency), Money.Of(amounts.Fees, currency),
                Money.Of(OpenBalanceOf(amounts), currency), occurrence, _now, notBefore,
                explanation)
            {
                PromisedDate = promisedDate,
                Charges = charges,
                ProvisionalInterest = provisional,
                Settlement = settlement,
            };
            var pending = new Pending { Decision = decision, Sequence = _sequence++ };
            if (FiredCount++ == 0)
            {
                _first = pending;
            }
            else
            {
                (_more ??= new List<Pending>(4)).Add(pending);
            }
        }

        /// <summary><c>a + b</c>: the decimal operator's result, by the exact integer sum when it applies (decision 0003).</summary>
        private static decimal Sum(decimal a, decimal b) => Cobranza.Core.Interest.ExactDecimal.TryAdd(a, b, out decimal sum) ? sum : a + b;

        /// <summary>The open balance a decision states: its listed principal, interest and fees plus what the account owes on its other open items.</summary>
        private static decimal OpenBalanceOf(in DecisionAmounts amounts) => Sum(Sum(Sum(amounts.Principal, amounts.Interest), amounts.Fees), amounts.Others);

        /// <summary>The customer's primary language when the library writes it (es-CO → es), else the policy's fallback (decisions 0028, 0030).</summary>
        private readonly Language Language()
        {
            var language = _account.Customer.Language;
            return language.HasLibraryTexts ? language.Primary : _policy.FallbackLanguage;
        }

        public readonly ImmutableArray<EscalationDecision> SortedDecisions()
        {
            if (_more is null)
            {
                return ImmutableArray.Create(_first.Decision);
            }

            var list = _more;
            list.Insert(0, _first);
            // Insertion sort by (NotBefore, generation order): few decisions, stable, no delegate.
            for (int i = 1; i < list.Count; i++)
            {
                var x = list[i];
                int j = i - 1;
                while (j >= 0 && (list[j].Decision.NotBefore > x.Decision.NotBefore
                    || (list[j].Decision.NotBefore == x.Decision.NotBefore && list[j].Sequence > x.Sequence)))
                {
                    list[j + 1] = list[j];
                    j--;
                }

                list[j + 1] = x;
            }

            var builder = ImmutableArray.CreateBuilder<EscalationDecision>(list.Count);
            foreach (var p in list)
            {
                builder.Add(p.Decision);
            }

            return builder.MoveToImmutable();
        }
    }
}
