using System.Collections.Generic;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>
/// The rate schedules resolved during one call (one evaluation of an account, one <see cref="AccountInterest.ForItems"/>),
/// by first and last day: items that accrue over the same days under the same terms resolve their rates once. A local
/// of the call, never kept across calls (a host's rates may change between them); resolving is deterministic for given
/// days, so a shared schedule is the one each item would have resolved (<c>AccountInterestReferenceProperties</c> and
/// <c>EscalationDifferentialProperties</c> compare the figures with the frozen references). The first schedule is held
/// in fields: one item allocates nothing here.
/// </summary>
internal struct ResolvedSchedules
{
    private LateInterestTerms? _terms;
    private LocalDate _first;
    private LocalDate _last;
    private RateSchedule? _schedule;
    private List<(LateInterestTerms Terms, LocalDate First, LocalDate Last, RateSchedule Schedule)>? _more;

    /// <summary><see cref="LateInterestRate.Resolve"/> of <paramref name="terms"/>' rate over [<paramref name="first"/>, <paramref name="last"/>], once per call.</summary>
    /// <exception cref="ReferenceRateUnavailableException">As <see cref="LateInterestRate.Resolve"/> (nothing is kept).</exception>
    public RateSchedule Resolve(LateInterestTerms terms, LocalDate first, LocalDate last)
    {
        if (_schedule is not null && ReferenceEquals(_terms, terms) && _first == first && _last == last)
        {
            return _schedule;
        }

        if (_more is not null)
        {
            foreach (var r in _more)
            {
                if (ReferenceEquals(r.Terms, terms) && r.First == first && r.Last == last)
                {
                    return r.Schedule;
                }
            }
        }

        var schedule = terms.Rate.Resolve(first, last, terms.Host, terms.MissingRates);
        if (_schedule is null)
        {
            (_terms, _first, _last, _schedule) = (terms, first, last, schedule);
        }
        else
        {
            (_more ??= new List<(LateInterestTerms, LocalDate, LocalDate, RateSchedule)>(2)).Add((terms, first, last, schedule));
        }

        return schedule;
    }
}
