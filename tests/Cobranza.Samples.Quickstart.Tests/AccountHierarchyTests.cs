using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Samples.Quickstart.Storage;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// Account hierarchies over the sample's SQLite store (docs/decisions/0025): a subsidiary whose invoices its group pays
/// is dunned with the group, never alone. Before, the store kept no payer: the subsidiary was dunned on its own.
/// </summary>
public sealed class AccountHierarchyTests : System.IDisposable
{
    private static readonly LocalDate Due = new(2026, 3, 2);
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task RunCycle_SubsidiaryPaidByTheGroup_DunnedWithTheGroupOnly()
    {
        var store = new SqliteReceivableStore(new SampleDatabase(_temp.File("hierarchy.db")));
        var start = At(Due.PlusDays(-5));
        store.Import(Account("GRP", "Grupo Ruiz S.A.", null, ("G-1", 1000m)), start);
        store.Import(Account("N", "Ruiz Norte S.L.", "GRP", ("N-1", 500m)), start); // item ids are unique across the sample's items table
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store, new InMemoryCollectionJournal(),
            new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);

        var failures = new List<string>();
        for (var day = Due.PlusDays(-5); day <= Due.PlusDays(10); day = day.PlusDays(1))
        {
            var summary = await runner.RunCycleAsync(At(day), RunOptions.Default);
            failures.AddRange(summary.AccountFailures.Select(f => f.ToString()));
        }

        Assert.Empty(failures);
        Assert.NotEmpty(sender.Sent);
        Assert.All(sender.Sent, n => Assert.Equal(("GRP", "GRP"), (n.Decision.AccountId, n.Customer.Id)));
        Assert.All(sender.Sent.GroupBy(n => n.IdempotencyKey), g => Assert.Single(g));
        // The group's notices carry the subsidiary's item under its qualified id (AccountHierarchy.Consolidate).
        Assert.Contains(sender.Sent, n => n.Decision.ItemIds.SequenceEqual(["G-1", "N/N-1"]));
        Assert.Equal(["N"], (await store.LoadPaidAccountsAsync("GRP", CancellationToken.None)).Select(a => a.Id));
        Assert.Equal("GRP", (await store.LoadAccountAsync("N", CancellationToken.None))!.Customer.PaidByAccountId);
        // The subsidiary is never due on its own: the run cleared its wake-up (the group's covers its items).
        using var connection = new SampleDatabase(_temp.File("hierarchy.db")).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_evaluation_at IS NULL FROM accounts WHERE account_id = 'N'";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    public void Dispose() => _temp.Dispose();

    private static Instant At(LocalDate day) => Simulation.InstantOf(day);

    private static CustomerAccount Account(string id, string name, string? paidBy, params (string Item, decimal Amount)[] items)
        => new(id, Currency.EUR,
            new CustomerProfile(id, name, Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES") { PaidByAccountId = paidBy },
            [.. items.Select(i => new AccountItem(i.Item, "F-" + id + "-" + i.Item, 0, Due.PlusDays(-30), Due, Money.Of(i.Amount, Currency.EUR)))]);
}
