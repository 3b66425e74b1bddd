using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;

namespace Cobranza.Cli.Timeline;

/// <summary>One decision of an evaluation: done at that instant (notice rendered, charges posted) or deferred.</summary>
/// <param name="Decision">The engine's decision.</param>
/// <param name="Done">Whether it was due at the instant (done or skipped), rather than deferred.</param>
/// <param name="Notice">The rendered message, for a message action.</param>
/// <param name="Posted">The ledger events its charges posted.</param>
/// <param name="Skipped">Why it was recorded skipped instead of done (provisional interest, as the ready handler's default), or null.</param>
internal sealed record TimelineDecision(EscalationDecision Decision, bool Done, RenderedNotice? Notice, ImmutableArray<AccountEvent> Posted, string? Skipped = null);

/// <summary>One evaluation by the engine: when, what it decided, and when it asked to look again.</summary>
internal sealed record TimelineStep(Instant At, LocalDateTime Local, ImmutableArray<TimelineDecision> Decisions, Instant? NextEvaluationAt);

/// <summary>The account at the end of one local day, for the chart (the library's figures).</summary>
internal sealed record TimelineDay(LocalDate Date, Money Outstanding, Money Overdue, Money InterestOwed);

/// <summary>The timeline's <c>--rates</c>, <c>--rates-table</c>, <c>--covered-until</c> and <c>--provisional</c>.</summary>
internal sealed record TimelineRates(string? Path, string? TableId, LocalDate? CoveredUntil, bool Provisional)
{
    internal IReferenceRateProvider? Host(LateInterestPreset preset) => Interest.RateFiles.Provider(Path, TableId, CoveredUntil, preset);
}

/// <summary>What <see cref="TimelineRun.Run"/> returns.</summary>
internal sealed record TimelineResult(
    AccountFile File,
    EscalationPolicy Policy,
    LocalDate From,
    LocalDate To,
    ImmutableArray<AccountInput> Inputs,
    ImmutableArray<TimelineStep> Steps,
    ImmutableArray<TimelineDay> Days,
    CustomerAccount FinalAccount);

/// <summary>
/// Replays an account through the library's <see cref="EscalationEngine"/> as a runner would: it evaluates at the
/// start of <c>from</c>, then whenever the engine asks (<see cref="EvaluationResult.NextEvaluationAt"/>), whenever a
/// deferred decision may go (<see cref="EscalationDecision.NotBefore"/>) and at the start of each day with an event.
/// A decision due at the instant is done as the ready handlers do it: a message is rendered with the
/// <see cref="CatalogNoticeRenderer"/>, charges are posted with <see cref="AccountInterest.Post(CustomerAccount, IEnumerable{LateCharge})"/>
/// / <see cref="AccountFees.Post"/>, and the decision is recorded as dispatched in the <see cref="CollectionHistory"/>.
/// Nothing is decided here: every stage, amount and date is the engine's.
/// </summary>
internal static class TimelineRun
{
    /// <summary>The most evaluations one timeline makes (a bound against a policy that never settles).</summary>
    internal const int MaxEvaluations = 20_000;

    internal static TimelineResult Run(AccountFile file, EscalationPolicy policy, TemplateCatalog catalog, LocalDate from, LocalDate to, TimelineRates? rates = null)
    {
        if (to < from)
        {
            throw new CliInputException(
                $"--to no debe ser anterior a --from (era {to:uuuu-MM-dd} < {from:uuuu-MM-dd}).",
                $"--to must not be before --from (was {to:uuuu-MM-dd} < {from:uuuu-MM-dd}).");
        }

        if (Period.DaysBetween(from, to) > 3660)
        {
            throw new CliInputException(
                $"--from y --to pueden distar como mucho 3660 días (distaban {Period.DaysBetween(from, to)}).",
                $"--from and --to may be at most 3660 days apart (were {Period.DaysBetween(from, to)}).");
        }

        var zone = file.Customer.TimeZone;
        var lateTerms = file.LateChargePreset is { } preset
            ? LateChargeTerms.FromPreset(preset, rates?.Host(preset), rates?.Provisional == true ? MissingRatePolicy.CarryForwardProvisional : MissingRatePolicy.Fail)
            : null;
        IEscalationEngine engine = lateTerms is null
            ? new EscalationEngine(BuiltInCalendarProvider.Instance)
            : new EscalationEngine(BuiltInCalendarProvider.Instance, new FixedLateChargeTerms(lateTerms));
        var renderer = new CatalogNoticeRenderer(catalog, file.Company, policy.FallbackLanguage);
        var account = file.Empty;
        var history = CollectionHistory.Empty;
        var steps = ImmutableArray.CreateBuilder<TimelineStep>();
        var days = ImmutableArray.CreateBuilder<TimelineDay>();
        var pending = file.Inputs.Where(i => i.On <= to).ToList();
        var end = to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var now = from.AtStartOfDayInZone(zone).ToInstant();
        var lastRecordedDay = from.PlusDays(-1);
        var evaluations = 0;

        while (now < end)
        {
            var today = now.InZone(zone).Date;
            // The days that ended before this instant, at their end-of-day state.
            while (lastRecordedDay.PlusDays(1) < today)
            {
                lastRecordedDay = lastRecordedDay.PlusDays(1);
                if (lastRecordedDay >= from)
                {
                    days.Add(Day(account, lastRecordedDay, lateTerms));
                }
            }

            while (pending.Count > 0 && pending[0].On <= today)
            {
                foreach (var accountEvent in pending[0].Events)
                {
                    account = account.Apply(accountEvent);
                }

                pending.RemoveAt(0);
            }

            // Decide at this instant until nothing more is due now (a done decision can change what follows, e.g. a
            // posted charge); the decisions done in every round are listed, the deferred ones as the last round left them.
            Instant? next = null;
            var done = ImmutableArray.CreateBuilder<TimelineDecision>();
            var deferred = ImmutableArray<TimelineDecision>.Empty;
            for (var round = 0; ; round++)
            {
                if (++evaluations > MaxEvaluations || round > 50)
                {
                    throw new InvalidOperationException($"The timeline stopped after {evaluations} evaluations at {now}: the engine kept returning decisions due at the same instant.");
                }

                var result = engine.Evaluate(account, history, policy, now);
                var later = ImmutableArray.CreateBuilder<TimelineDecision>();
                var doneThisRound = false;
                next = result.NextEvaluationAt;
                foreach (var decision in result.Decisions)
                {
                    if (decision.NotBefore > now)
                    {
                        later.Add(new TimelineDecision(decision, Done: false, Notice: null, Posted: []));
                        next = next is { } n && n <= decision.NotBefore ? n : decision.NotBefore;
                        continue;
                    }

                    RenderedNotice? notice = decision.TemplateKey is not null && decision.Channel is not null
                        ? renderer.Render(decision, account, paymentLink: null)
                        : null;
                    // As ChargeLateInterestHandler by default: provisional interest (a rate carried forward) is not posted;
                    // the decision is recorded Skipped with the reason.
                    var provisional = decision.Action == EscalationActionKind.ChargeLateInterest && decision.Charges.Any(c => c.Provisional);
                    var posting = decision.Action switch
                    {
                        EscalationActionKind.ChargeLateInterest when !provisional => AccountInterest.Post(account, decision.Charges),
                        EscalationActionKind.ApplyLateFee => AccountFees.Post(account, decision.Charges),
                        _ => null,
                    };
                    if (posting is not null)
                    {
                        account = posting.Account;
                    }

                    var skipped = provisional
                        ? "provisional interest (a reference rate carried forward) is not posted, as ChargeLateInterestHandler does by default"
                        : null;
                    history = history.Add(CollectionHistoryEntry.For(decision, skipped is null ? DecisionOutcome.Dispatched : DecisionOutcome.Skipped, now, error: skipped));
                    done.Add(new TimelineDecision(decision, Done: true, notice, posting?.Posted ?? [], skipped));
                    doneThisRound = true;
                }

                deferred = later.ToImmutable();
                if (!doneThisRound)
                {
                    break;
                }
            }

            if (done.Count > 0 || deferred.Length > 0)
            {
                steps.Add(new TimelineStep(now, now.InZone(zone).LocalDateTime, [.. done, .. deferred], next));
            }

            // The next instant: the engine's, a deferred decision's, or the start of the next day with an event.
            if (pending.Count > 0)
            {
                var eventStart = pending[0].On.AtStartOfDayInZone(zone).ToInstant();
                next = next is { } n && n <= eventStart ? n : eventStart;
            }

            if (next is not { } following || following >= end)
            {
                break;
            }

            now = following > now ? following : now + Duration.FromMinutes(1);
        }

        while (lastRecordedDay < to)
        {
            lastRecordedDay = lastRecordedDay.PlusDays(1);
            if (lastRecordedDay >= from)
            {
                days.Add(Day(account, lastRecordedDay, lateTerms));
            }
        }

        return new TimelineResult(file, policy, from, to, [.. file.Inputs.Where(i => i.On <= to)], steps.ToImmutable(), days.ToImmutable(), account);
    }

    /// <summary>The account's open and overdue balance and the interest owed (posted and unpaid, plus accrued and not posted) on a day.</summary>
    private static TimelineDay Day(CustomerAccount account, LocalDate date, LateChargeTerms? terms)
    {
        var interest = Money.Zero(account.Currency);
        foreach (var item in account.Items)
        {
            interest += item.InterestOutstanding;
        }

        if (terms?.Interest is { } interestTerms)
        {
            foreach (var accrual in AccountInterest.ForItems(account, date, interestTerms))
            {
                interest += accrual.Accrued;
            }
        }

        return new TimelineDay(date, account.Outstanding, account.OverdueOn(date), interest);
    }

    /// <summary>The same late-charge terms for every account (the account file names one preset).</summary>
    private sealed class FixedLateChargeTerms(LateChargeTerms terms) : ILateChargeTermsProvider
    {
        public LateChargeTerms For(CustomerAccount account) => terms;
    }
}
