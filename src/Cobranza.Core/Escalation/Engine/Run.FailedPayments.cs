// Rule family: failed payment attempts as a stage condition (docs/escalation.md, "Failed payments"; FailedPaymentCondition).
// Rule: as known on the evaluation day, the attempts are the payments that stand and the reversed payments received on
// or before it (a reversal counts from its own date); the failed attempts in a row are the reversed ones dated strictly
// after the latest payment that stands; the condition holds when there are at least MinAttempts of them and the last
// (latest value date; the later reversal on a tie) matches the reasons and methods. Only read when a stage states the
// condition: a policy without it never reaches this file.
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private bool HoldsFailedPayment(FailedPaymentCondition condition)
        {
            if (_account.Reversals.IsEmpty)
            {
                return false; // no attempt ever failed
            }

            if (!_failuresKnown)
            {
                _failedInARow = FailedInARow(out _lastFailure);
                _failuresKnown = true; // found once per evaluation, whatever the number of stages that ask
            }

            var last = _lastFailure;
            return last is not null && _failedInARow >= condition.MinAttempts
                && condition.MatchesReason(last.Reason) && condition.MatchesMethod(last.Payment.Method);
        }

        private readonly int FailedInARow(out PaymentReversal? last)
        {
            var today = Today;
            bool anyStands = false;
            LocalDate lastStanding = default;
            foreach (var p in _account.Payments)
            {
                if (p.ReceivedOn <= today && (!anyStands || p.ReceivedOn > lastStanding))
                {
                    lastStanding = p.ReceivedOn;
                    anyStands = true;
                }
            }

            // A payment reversed after today still stood today.
            foreach (var r in _account.Reversals)
            {
                var on = r.Payment.ReceivedOn;
                if (r.ReversedOn > today && on <= today && (!anyStands || on > lastStanding))
                {
                    lastStanding = on;
                    anyStands = true;
                }
            }

            int failed = 0;
            last = null;
            foreach (var r in _account.Reversals)
            {
                var on = r.Payment.ReceivedOn;
                if (r.ReversedOn > today || (anyStands && on <= lastStanding))
                {
                    continue;
                }

                failed++;
                if (last is null || on >= last.Payment.ReceivedOn)
                {
                    last = r; // reversals are in the order they were reversed: on a tie, the later one
                }
            }

            return failed;
        }
    }
}
