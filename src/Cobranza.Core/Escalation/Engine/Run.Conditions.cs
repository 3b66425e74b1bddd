// Rule family: stage conditions and the minimum balance (docs/escalation.md, "Suppressions"; StageConditions).
// Rules: minimum overdue amount and items, customer segments included/excluded, payment behaviour (on-time share,
// average and worst days late), the last payment attempts failed (Run.FailedPayments), any-of groups; nothing fires when the scope's open balance is below the policy's
// minimum balance for the account's currency.
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

public sealed partial class EscalationEngine
{
    private partial struct Run
    {
        private readonly bool BelowMinimumBalance(ref Facts f)
        {
            if (_policy.Suppressions.MinimumBalances.IsEmpty)
            {
                return false;
            }

            EnsureAmounts(ref f);
            foreach (var min in _policy.Suppressions.MinimumBalances)
            {
                if (min.Currency == _account.Currency && f.Open < min.Amount)
                {
                    return true;
                }
            }

            return false;
        }

        private bool HoldsConditions(StageConditions c, ref Facts f)
        {
            if (c.IsEmpty)
            {
                return true;
            }

            if (!c.MinOverdueAmounts.IsEmpty)
            {
                EnsureAmounts(ref f);
            }

            foreach (var min in c.MinOverdueAmounts)
            {
                if (min.Currency == _account.Currency && f.Overdue < min.Amount)
                {
                    return false;
                }
            }

            if (c.MinOverdueItems is { } n && f.OverdueCount < n)
            {
                return false;
            }

            var customer = _account.Customer;
            if (!c.IncludedSegments.IsEmpty)
            {
                bool any = false;
                foreach (var seg in c.IncludedSegments)
                {
                    any |= customer.HasSegment(seg);
                }

                if (!any)
                {
                    return false;
                }
            }

            foreach (var seg in c.ExcludedSegments)
            {
                if (customer.HasSegment(seg))
                {
                    return false;
                }
            }

            if (c.MaxOnTimeShare is not null || c.MinAverageDaysLate is not null || c.MinMaxDaysLate is not null)
            {
                var b = _behaviour ??= PaymentBehaviour.Of(_account, Today);
                if ((c.MaxOnTimeShare is { } share && b.OnTimeShare > share)
                    || (c.MinAverageDaysLate is { } avg && b.AverageDaysLate < avg)
                    || (c.MinMaxDaysLate is { } worst && b.MaxDaysLate < worst))
                {
                    return false;
                }
            }

            if (c.LastPaymentFailed is { } failed && !HoldsFailedPayment(failed))
            {
                return false;
            }

            foreach (var group in c.AnyOf)
            {
                bool any = false;
                foreach (var member in group.Members)
                {
                    if (HoldsConditions(member, ref f))
                    {
                        any = true;
                        break;
                    }
                }

                if (!any)
                {
                    return false;
                }
            }

            return true;
        }

        private readonly bool HoldsConditionsReadOnly(StageConditions conditions, ref Facts facts)
        {
            var copy = this; // HoldsConditions caches the payment behaviour on the run; a copy keeps this method readonly
            return copy.HoldsConditions(conditions, ref facts);
        }
    }
}
