using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Collections;
using Cobranza.Samples.Quickstart.Storage;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// Issue 14 §4: after a crash between posting interest and recording the outcome, the retried charge posted nothing
/// and was recorded "no late interest accrued" while interest had been posted. A handler is idempotent by decision.
/// </summary>
public sealed class ActionHandlerIdempotencyTests : System.IDisposable
{
    private readonly TempDirectory _temp = new();

    // A Spanish customer (calendar ES: Ley 3/2004 preset, ECB reference rate + 8 points) with 10,000.00 EUR due
    // 2025-01-31; the final stage decided on 2025-03-03 charges late interest and the recovery fee.
    private static readonly Instant DecidedAt = Instant.FromUtc(2025, 3, 3, 10, 0);

    [Fact]
    public async Task ChargeLateInterest_SameDecisionTwice_PostsOnceAndReturnsTheOriginalResult()
    {
        var (store, account) = Setup();
        var handler = new TalliedChargeHandler(at => new SqliteAccountLedger(store, at), new ActionTally(), EscalationActionKind.ChargeLateInterest);
        var request = new ActionRequest(Decision(account, EscalationActionKind.ChargeLateInterest), account, null);

        var first = await handler.HandleAsync(request, CancellationToken.None);
        var after = await store.LoadAccountAsync(account.Id, CancellationToken.None);
        var second = await handler.HandleAsync(request with { Account = after! }, CancellationToken.None);
        var final = await store.LoadAccountAsync(account.Id, CancellationToken.None);

        Assert.True(first.IsDone, first.SkipReason);
        Assert.True(second.IsDone, second.SkipReason);
        Assert.Equal(first.Reference, second.Reference);
        // Every field of every charge, compared by value (two loads of the store give two arrays).
        static string Charges(CustomerAccount a) => string.Join(";", a.Charges.Select(c => $"{c.Key}|{c.ItemId}|{c.ChargedOn:uuuu-MM-dd}|{c.Kind}|{c.Amount}|{c.Description}|{c.Through:uuuu-MM-dd}"));
        Assert.Equal(Charges(after!), Charges(final!));
        Assert.Single(final!.Charges, c => c.Kind == ChargeKind.Interest);
    }

    [Fact]
    public async Task ApplyLateFee_SameDecisionTwice_ChargesOnceAndReturnsTheOriginalResult()
    {
        var (store, account) = Setup();
        var handler = new TalliedChargeHandler(at => new SqliteAccountLedger(store, at), new ActionTally(), EscalationActionKind.ApplyLateFee);
        var request = new ActionRequest(Decision(account, EscalationActionKind.ApplyLateFee), account, null);

        var first = await handler.HandleAsync(request, CancellationToken.None);
        var second = await handler.HandleAsync(request, CancellationToken.None);
        var final = await store.LoadAccountAsync(account.Id, CancellationToken.None);

        Assert.True(first.IsDone, first.SkipReason);
        Assert.Equal("fees 40.00 EUR (1 posting)", first.Reference); // Ley 3/2004 art. 8: EUR 40 per invoice
        Assert.True(second.IsDone, second.SkipReason);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Single(final!.Charges, c => c.Kind == ChargeKind.Fee);
    }

    public void Dispose() => _temp.Dispose();

    private (SqliteReceivableStore Store, CustomerAccount Account) Setup()
    {
        var store = new SqliteReceivableStore(new SampleDatabase(_temp.File("handlers.db")));
        var customer = new CustomerProfile("C-1", "Cliente Uno", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
        var item = new AccountItem("C-1-1", "F-2025-001", 0, new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31), Money.Of(10_000m, Currency.EUR));
        var account = new CustomerAccount("C-1", Currency.EUR, customer, [item]);
        store.Import(account, null);
        return (store, account);
    }

    /// <summary>The engine's decision (with the sample's late-charge terms, so it carries the postings the handler makes).</summary>
    private static EscalationDecision Decision(CustomerAccount account, EscalationActionKind action)
        => new EscalationEngine(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance, new CountryLateCharges())
            .Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, DecidedAt).Decisions
            .Single(d => d.StageId == "final" && d.Action == action);
}
