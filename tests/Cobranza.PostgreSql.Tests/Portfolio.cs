using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

/// <summary>
/// A seeded portfolio for the multi-process test: Spanish customers (Europe/Madrid, EUR), 1–3 invoices each, and a
/// plan of dated ledger events — payments in full or in part, promises (kept or broken), disputes opened and resolved.
/// </summary>
internal sealed class Portfolio
{
    private Portfolio(LocalDate start, int days, IReadOnlyList<(string Id, List<AccountItem> Items)> accounts, IReadOnlyList<PlannedEvent> plan)
    {
        Start = start;
        Days = days;
        Accounts = accounts;
        Plan = plan;
    }

    public LocalDate Start { get; }

    public int Days { get; }

    public IReadOnlyList<(string Id, List<AccountItem> Items)> Accounts { get; }

    public IReadOnlyList<PlannedEvent> Plan { get; }

    /// <summary>The run instant of a day: 15:30 UTC, inside Madrid's 09:00–18:00 send window.</summary>
    public Instant RunAt(int day) => Start.PlusDays(day).At(new LocalTime(15, 30)).InUtc().ToInstant();

    public static Portfolio Generate(int seed, int accountCount, int days)
    {
        var random = new Random(seed);
        var start = new LocalDate(2026, 3, 2);
        var accounts = new List<(string, List<AccountItem>)>(accountCount);
        var plan = new List<PlannedEvent>();
        for (int a = 0; a < accountCount; a++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"ACC-{a:D6}");
            var items = new List<AccountItem>();
            int invoices = 1 + random.Next(3);
            for (int n = 0; n < invoices; n++)
            {
                var issue = start.PlusDays(-random.Next(10, 75));
                var due = issue.PlusDays(30);
                var amount = Money.Of(random.Next(10_000, 500_000) / 100m, Currency.EUR);
                var invoiceId = string.Create(CultureInfo.InvariantCulture, $"INV-{a:D6}-{n}");
                var item = new AccountItem(ItemAdded.ItemIdOf(invoiceId, 0), invoiceId, 0, issue, due, amount);
                items.Add(item);
                int dueDay = Period.Between(start, due, PeriodUnits.Days).Days;
                double roll = random.NextDouble();
                if (roll < 0.35)
                {
                    Add(plan, days, dueDay + random.Next(-5, 40), id, new PaymentReceived($"PAY-{invoiceId}-1", default, amount, AllocationStrategy.OldestDueFirst));
                }
                else if (roll < 0.60)
                {
                    var part = Money.Of(Math.Round(amount.Amount * 0.4m, 2, MidpointRounding.ToEven), Currency.EUR);
                    Add(plan, days, dueDay + random.Next(0, 30), id, new PaymentReceived($"PAY-{invoiceId}-1", default, part, AllocationStrategy.OldestDueFirst));
                }
                else if (roll < 0.75)
                {
                    int made = Math.Max(0, dueDay + random.Next(5, 15));
                    var promise = new PaymentPromise($"PR-{invoiceId}", default, default, amount, [item.Id]);
                    Add(plan, days, made, id, new PromiseRecorded(promise));
                    if (random.NextDouble() < 0.6)
                    {
                        Add(plan, days, made + 7, id, new PaymentReceived($"PAY-{invoiceId}-P", default, amount, AllocationStrategy.OldestDueFirst));
                    }
                }
                else if (roll < 0.82)
                {
                    int opened = Math.Max(0, dueDay + random.Next(0, 20));
                    Add(plan, days, opened, id, new DisputeOpened(item.Id, new ItemDispute(default, "disputed quantity")));
                    Add(plan, days, opened + 10, id, new DisputeResolved(item.Id, default));
                }
            }

            accounts.Add((id, items));
        }

        // Dates are those of the day the event is applied.
        var dated = plan.Select(p => p with { Event = Dated(p.Event, start.PlusDays(p.Day)) }).OrderBy(p => p.Day).ThenBy(p => p.AccountId, StringComparer.Ordinal).ToList();
        return new Portfolio(start, days, accounts, dated);
    }

    public async Task SeedAsync(PostgreSqlAccountStore store)
    {
        var profileZone = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Accounts.Select(async account =>
        {
            await gate.WaitAsync();
            try
            {
                var customer = new CustomerProfile(account.Id, "Cliente " + account.Id, Language.Spanish, profileZone);
                await store.OpenAsync(account.Id, Currency.EUR, customer, RunAt(0));
                await store.AppendAsync(account.Id, 0, account.Items.Select(i => (AccountEvent)new ItemAdded(i)).ToList(), RunAt(0));
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Applies a day's events in plan order; an event the ledger refuses at that point (e.g. a promise on a settled item) is left out, the same way in every run.</summary>
    public async Task<int> ApplyDayAsync(PostgreSqlAccountStore store, int day)
    {
        int applied = 0;
        foreach (var group in Plan.Where(p => p.Day == day).GroupBy(p => p.AccountId))
        {
            foreach (var planned in group)
            {
                var (_, version) = (await store.LoadWithVersionAsync(planned.AccountId))!.Value;
                try
                {
                    await store.AppendAsync(planned.AccountId, version, [planned.Event], RunAt(day));
                    applied++;
                }
                catch (ArgumentException)
                {
                }
            }
        }

        return applied;
    }

    private static void Add(List<PlannedEvent> plan, int days, int day, string accountId, AccountEvent e)
    {
        if (day >= 0 && day < days)
        {
            plan.Add(new PlannedEvent(day, accountId, e));
        }
    }

    private static AccountEvent Dated(AccountEvent e, LocalDate on) => e switch
    {
        PaymentReceived p => new PaymentReceived(p.Reference, on, p.Amount, p.Strategy),
        PromiseRecorded r => new PromiseRecorded(new PaymentPromise(r.Promise.PromiseId, on, on.PlusDays(7), r.Promise.Amount, r.Promise.ItemIds)),
        DisputeOpened d => new DisputeOpened(d.ItemId, new ItemDispute(on, d.Dispute.Reason)),
        DisputeResolved r => new DisputeResolved(r.ItemId, on),
        _ => e,
    };
}

internal sealed record PlannedEvent(int Day, string AccountId, AccountEvent Event);
