using System.Collections.Generic;
using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>Builders for accounts, instants and day-by-day runs used by the escalation tests.</summary>
internal static class EscalationFixtures
{
    public static readonly EscalationEngine Engine = new(BuiltInCalendarProvider.Instance);

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static CustomerProfile Customer(
        string zone = "Europe/Madrid",
        string? calendar = "ES",
        string language = "es-ES",
        NotificationChannel[]? optedOut = null,
        string[]? segments = null)
        => new("C-1", "Talleres Ruiz S.L.", Language.FromTag(language), Zone(zone), calendar,
            segments is null ? default : ImmutableArray.Create(segments),
            optedOut is null ? default : ImmutableArray.Create(optedOut));

    public static AccountItem Open(string id, LocalDate due, decimal amount = 1210m, decimal paid = 0m, ItemDispute? dispute = null, Currency? currency = null)
        => new(id, "F-" + id, 0, due.PlusDays(-30), due, Money.Of(amount, currency ?? Currency.EUR),
            principalPaid: paid == 0m ? null : Money.Of(paid, currency ?? Currency.EUR), dispute: dispute);

    public static AccountItem Settled(string id, LocalDate due, LocalDate settledOn, decimal amount = 1210m, Currency? currency = null)
        => new(id, "F-" + id, 0, due.PlusDays(-30), due, Money.Of(amount, currency ?? Currency.EUR),
            principalPaid: Money.Of(amount, currency ?? Currency.EUR), settledOn: settledOn);

    public static AccountPayment Payment(string reference, LocalDate on, decimal amount, string itemId, Currency? currency = null)
    {
        var c = currency ?? Currency.EUR;
        return new AccountPayment(reference, on, Money.Of(amount, c), "transfer",
            ImmutableArray.Create(new PaymentAllocation(itemId, Money.Zero(c), Money.Zero(c), Money.Of(amount, c), Money.Zero(c))));
    }

    public static CustomerAccount Account(
        CustomerProfile? customer = null,
        AccountItem[]? items = null,
        AccountPayment[]? payments = null,
        PaymentPromise[]? promises = null,
        PlanEnrollment[]? plans = null,
        LegalHold? hold = null,
        Currency? currency = null)
        => new("ACC-1", currency ?? Currency.EUR, customer ?? Customer(),
            items is null ? default : ImmutableArray.Create(items),
            payments is null ? default : ImmutableArray.Create(payments),
            promises: promises is null ? default : ImmutableArray.Create(promises),
            plans: plans is null ? default : ImmutableArray.Create(plans),
            legalHold: hold);

    /// <summary>The instant of <paramref name="time"/> local time on <paramref name="date"/> in the customer's zone (earlier on overlaps).</summary>
    public static Instant At(CustomerAccount account, LocalDate date, int hour = 10, int minute = 0)
        => account.Customer.TimeZone.AtLeniently(date.At(new LocalTime(hour, minute))).ToInstant();

    public static string Local(CustomerAccount account, Instant instant)
        => instant.InZone(account.Customer.TimeZone).LocalDateTime.ToString("uuuu-MM-dd HH:mm", null);

    /// <summary>Records every decision as dispatched at its NotBefore.</summary>
    public static CollectionHistory Record(CollectionHistory history, EvaluationResult result)
    {
        foreach (var d in result.Decisions)
        {
            history = history.Add(CollectionHistoryEntry.For(d, DecisionOutcome.Dispatched, d.NotBefore));
        }

        return history;
    }

    /// <summary>
    /// Evaluates once a day at <paramref name="hour"/> local time from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive), feeding every decision back into the history; returns one line per decision:
    /// "evaluation date: stage action channel template → local NotBefore".
    /// </summary>
    public static List<string> DayByDay(System.Func<LocalDate, CustomerAccount> accountOn, EscalationPolicy policy, LocalDate from, LocalDate to, int hour = 10, CollectionHistory? history = null)
    {
        var lines = new List<string>();
        history ??= CollectionHistory.Empty;
        for (var day = from; day <= to; day = day.PlusDays(1))
        {
            var account = accountOn(day);
            var result = Engine.Evaluate(account, history, policy, At(account, day, hour));
            foreach (var d in result.Decisions)
            {
                lines.Add($"{day:uuuu-MM-dd}: {d.StageId} {d.Action} {(d.Channel?.ToString() ?? "-")} {d.TemplateKey ?? "-"} -> {Local(account, d.NotBefore)}");
            }

            history = Record(history, result);
        }

        return lines;
    }
}
