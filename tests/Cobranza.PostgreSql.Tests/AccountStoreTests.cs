using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Testing;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

public sealed class AccountStoreTests : DatabaseTestBase
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 6, 0);
    private static readonly CustomerProfile Customer = new("C-1", "Cliente Uno", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES", ["vip"], [Cobranza.Core.Escalation.NotificationChannel.Sms], "strict");

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    /// <summary>Every event type the store keeps, in an order the ledger accepts.</summary>
    private static List<AccountEvent> History() =>
    [
        new ItemAdded(new AccountItem("INV-1/0", "INV-1", 0, new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), Eur(1000.00m))),
        new ItemAdded(new AccountItem("INV-2/0", "INV-2", 0, new LocalDate(2026, 1, 10), new LocalDate(2026, 2, 9), Eur(250.50m))),
        new PaymentReceived("PAY-1", new LocalDate(2026, 2, 1), Eur(300.25m), AllocationStrategy.OldestDueFirst) { Method = "transfer" },
        new FeeCharged("FEE-1", new LocalDate(2026, 2, 2), "INV-1/0", Eur(40.00m), "Late fee"),
        new InterestPosted("INV-1/0", new LocalDate(2026, 2, 3), new LocalDate(2026, 2, 3), Eur(3.17m)),
        new CreditNoteIssued("CN-1", new LocalDate(2026, 2, 4), "INV-2/0", Eur(50.50m), "returned goods"),
        new DisputeOpened("INV-2/0", new ItemDispute(new LocalDate(2026, 2, 5), "wrong quantity")),
        new DisputeResolved("INV-2/0", new LocalDate(2026, 2, 6)),
        new PromiseRecorded(new PaymentPromise("PR-1", new LocalDate(2026, 2, 7), new LocalDate(2026, 2, 14), Eur(200.00m), ["INV-1/0"])),
        new PaymentReceived("PAY-2", new LocalDate(2026, 2, 8), Eur(120.00m), AllocationStrategy.Explicit) { Allocations = [new ExplicitAllocation("INV-2/0", Eur(120.00m))] },
        new PaymentReversed("PAY-2", new LocalDate(2026, 2, 9), "bounced"),
        new LegalHoldSet(new LegalHold(new LocalDate(2026, 2, 10), "insolvency filing")),
        new LegalHoldReleased(new LocalDate(2026, 2, 11)),
    ];

    [Fact]
    public async Task LedgerPort_FeeHandler_PostsTheDecisionsFeeOnceAndKeepsTheStreamVersion()
    {
        // The ready fee handler over the event store (IAccountLedgerStore): the decision's EUR 40 (Ley 3/2004 art. 8.1)
        // is appended once; handled again with the same key it posts nothing and the stream version stays.
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("ledger"));
        await store.OpenAsync("A", Currency.EUR, Customer, Now);
        await store.AppendAsync("A", 0, History(), Now);
        var before = (await store.LoadWithVersionAsync("A"))!.Value;
        var decision = TestData.Decision("A", "final", Cobranza.Core.Escalation.EscalationActionKind.ApplyLateFee, decidedAt: Now, fees: Eur(40m),
            charges: ImmutableArray.Create(Cobranza.Core.Escalation.LateCharge.Fee("INV-1/0/EU-RECOVERY-40", "INV-1/0", new LocalDate(2026, 3, 2), Eur(40m), "Indemnización por costes de cobro (40 EUR)")));
        var handler = new Cobranza.Core.Running.ApplyLateFeeHandler(store);

        var first = await handler.PostAsync(new ActionRequest(decision, before.Account, null), default);
        var afterFirst = (await store.LoadWithVersionAsync("A"))!.Value;
        var second = await handler.PostAsync(new ActionRequest(decision, afterFirst.Account, null), default);
        var afterSecond = (await store.LoadWithVersionAsync("A"))!.Value;

        Assert.Equal(Eur(40m), first.Amount);
        Assert.Single(first.Posted);
        Assert.True(second.IsEmpty);
        Assert.Equal(before.Version + 1, afterFirst.Version);
        Assert.Equal(afterFirst.Version, afterSecond.Version);
        Assert.Equal(before.Account.Outstanding + Eur(40m), afterSecond.Account.Outstanding);
        Assert.Equal(before.Account.Items.Single(i => i.Id == "INV-1/0").FeesCharged + Eur(40m), afterSecond.Account.Items.Single(i => i.Id == "INV-1/0").FeesCharged);
    }

    [Fact]
    public async Task Append_EveryEventType_RebuildsTheSameSnapshotAsTheLedger()
    {
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("events"));
        await store.OpenAsync("A", Currency.EUR, Customer, Now);
        var events = History();
        var (appended, version) = await store.AppendAsync("A", 0, events, Now);
        var expected = Ledger.Apply(CustomerAccount.Open("A", Currency.EUR, Customer), events);

        var (loaded, loadedVersion) = (await store.LoadWithVersionAsync("A"))!.Value;
        Assert.Equal(events.Count, version);
        Assert.Equal(version, loadedVersion);
        Assert.Equal(expected.Version, loaded.Version);
        Assert.Equal(expected.Outstanding, loaded.Outstanding);
        Assert.Equal(appended.Outstanding, loaded.Outstanding);
        Assert.Equal(expected.UnappliedCredit, loaded.UnappliedCredit);
        Assert.Equal(expected.Items.Select(i => (i.Id, i.Outstanding, i.PrincipalPaid, i.FeesCharged, i.InterestCharged, i.Credited, i.IsDisputed)),
                     loaded.Items.Select(i => (i.Id, i.Outstanding, i.PrincipalPaid, i.FeesCharged, i.InterestCharged, i.Credited, i.IsDisputed)));
        Assert.Equal(expected.Promises.Select(Describe), loaded.Promises.Select(Describe));
        Assert.Equal(expected.LegalHold, loaded.LegalHold);
        Assert.Equal(Customer.TimeZone, loaded.Customer.TimeZone);
        Assert.Equal(Customer.Segments.AsEnumerable(), loaded.Customer.Segments.AsEnumerable());
        Assert.Equal(Customer.OptedOutChannels.AsEnumerable(), loaded.Customer.OptedOutChannels.AsEnumerable());
        Assert.Equal("strict", loaded.Customer.EscalationPolicyId);
        var stored = await store.ReadEventsAsync("A");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), stored.Select(e => e.Version));
        Assert.Equal(events, stored.Select(e => e.Event), new EventTypeAndAmountComparer());
    }

    [Fact]
    public async Task Append_StaleExpectedVersion_ConflictAndNothingStored()
    {
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("conflict"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        var events = History();
        await store.AppendAsync("A", 0, events.Take(2).ToList(), null);
        var e = await Assert.ThrowsAsync<AccountVersionConflictException>(() => store.AppendAsync("A", 0, events.Skip(2).Take(1).ToList(), null));
        Assert.Equal((0L, 2L), (e.ExpectedVersion, e.ActualVersion));
        Assert.Equal(2, (await store.ReadEventsAsync("A")).Count);
        await Assert.ThrowsAsync<AccountVersionConflictException>(() => store.OpenAsync("A", Currency.EUR, Customer, null));
        await Assert.ThrowsAsync<AccountVersionConflictException>(() => store.AppendAsync("nobody", 0, events.Take(1).ToList(), null));
    }

    [Fact]
    public async Task Append_TenConcurrentWritersAtOneVersion_ExactlyOneWins()
    {
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("writers"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        await store.AppendAsync("A", 0, History().Take(1).ToList(), null);
        var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.AppendAsync("A", 1, [new FeeCharged($"FEE-{i}", new LocalDate(2026, 2, 2), "INV-1/0", Eur(10m + i), "fee")], null);
                return true;
            }
            catch (AccountVersionConflictException)
            {
                return false;
            }
        })).ToArray();
        var outcomes = await Task.WhenAll(attempts);
        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await store.ReadEventsAsync("A")).Count);
    }

    [Fact]
    public async Task Append_EventThatDoesNotFit_ThrowsLedgerErrorAndStoresNothing()
    {
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("misfit"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        var fee = new FeeCharged("FEE-1", new LocalDate(2026, 2, 2), "NO-SUCH-ITEM", Eur(40m), "Late fee");
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("A", 0, [History()[0], fee], null));
        Assert.Empty(await store.ReadEventsAsync("A"));
    }

    [Fact]
    public async Task Append_IdempotentRepeat_NotStoredVersionUnchanged()
    {
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("repeat"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        var events = History().Take(4).ToList();
        await store.AppendAsync("A", 0, events, null);
        var (_, version) = await store.AppendAsync("A", 4, [events[3]], null); // the same fee key again
        Assert.Equal(4, version);
        Assert.Equal(4, (await store.ReadEventsAsync("A")).Count);
    }

    [Fact]
    public async Task Append_DiscountTermsAndConversion_StoredAndRebuiltAsApplied()
    {
        // Refused with NotSupportedException before: an item with discount terms, a payment in USD converted by a
        // host converter. Stored, read back and applied, they give the snapshot the ledger gave when appended.
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("shapes"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        var tier = Cobranza.Core.Discounts.DiscountTier.PercentWithinDays(2m, 10);
        var item = new AccountItem("INV-9/0", "INV-9", 0, new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), Eur(1000.00m))
        {
            DiscountTerms = [new Cobranza.Core.Discounts.ScheduledDiscount(0, tier, new LocalDate(2026, 1, 11), Eur(20.00m))], // 2 % of 1,000.00
        };
        var converted = new PaymentReceived("PAY-X", new LocalDate(2026, 1, 5), Money.Of(100m, Currency.USD), AllocationStrategy.OldestDueFirst)
        {
            Conversion = CurrencyConversion.Using((m, _) => m.Amount * 0.9237m),
        };
        var (appended, _) = await store.AppendAsync("A", 0, [new ItemAdded(item), converted], null);

        var loaded = (await store.LoadWithVersionAsync("A"))!.Value.Account;
        Assert.Equal(AccountEventJsonProperties.Fingerprint(appended), AccountEventJsonProperties.Fingerprint(loaded));
        Assert.Equal(Eur(92.37m), loaded.Payments.Single().Amount); // 100 USD × 0.9237
        Assert.Equal(Eur(20.00m), loaded.Items.Single().DiscountTerms.Single().Amount);
    }

    [Fact]
    public async Task Append_PlanStartedAndPlanPayment_RestoredAsAgreed()
    {
        // A plan over INV-1/0 (1,000.00 EUR in 2 monthly installments of 500.00, no interest) and a payment towards it:
        // stored, read back and applied, the account holds the same plan (its rows as agreed) and payment.
        var store = new PostgreSqlAccountStore(await NewDatabaseAsync("plans"));
        await store.OpenAsync("A", Currency.EUR, Customer, null);
        var definition = new Cobranza.Core.Installments.InstallmentPlanDefinition
        {
            Amount = Eur(1000.00m),
            StartDate = new LocalDate(2026, 2, 1),
            FirstDueDate = new LocalDate(2026, 3, 1),
            InstallmentCount = 2,
        };
        var plan = Cobranza.Core.Installments.TrackedPlan.Start(definition.CreateSchedule(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance));
        var started = new PlanStarted(new PlanEnrollment("PL-1", new LocalDate(2026, 2, 1), ["INV-1/0"], plan, FreezesLateInterest: true));
        var paid = new PlanPaymentReceived("PL-1", "PP-1", new LocalDate(2026, 3, 1), Eur(500.00m));
        var (appended, version) = await store.AppendAsync("A", 0, [History()[0], started, paid], null);

        var (loaded, loadedVersion) = (await store.LoadWithVersionAsync("A"))!.Value;
        Assert.Equal(3, version);
        Assert.Equal(version, loadedVersion);
        Assert.Equal(AccountEventJsonProperties.Fingerprint(appended), AccountEventJsonProperties.Fingerprint(loaded));
        var restored = Assert.Single(loaded.Plans).Plan;
        Assert.Equal([Eur(500.00m), Eur(500.00m)], restored.Schedule.Installments.Select(r => r.Principal)); // 1,000.00 / 2
        Assert.Equal(Eur(500.00m), restored.TotalPaid);
    }

    [Fact]
    public async Task Append_WakeAt_MovesTheWakeUpEarlierNeverLater()
    {
        var database = await NewDatabaseAsync("wake");
        var store = new PostgreSqlAccountStore(database);
        var schedule = new PostgreSqlReceivableStore(database, store);
        await store.OpenAsync("A", Currency.EUR, Customer, Now);
        await store.AppendAsync("A", 0, History().Take(1).ToList(), Now + Duration.FromDays(1));
        Assert.Single((await schedule.GetDueAccountsAsync(new DueAccountsQuery(Now, 10), default)).Accounts);
        await schedule.SaveNextEvaluationAsync("A", null, default);
        await store.AppendAsync("A", 1, History().Skip(1).Take(1).ToList(), Now + Duration.FromDays(1));
        Assert.Empty((await schedule.GetDueAccountsAsync(new DueAccountsQuery(Now, 10), default)).Accounts);
        Assert.Single((await schedule.GetDueAccountsAsync(new DueAccountsQuery(Now + Duration.FromDays(1), 10), default)).Accounts);
    }

    [Fact]
    public async Task GetDueAccounts_ContinuationTokenOfAnotherStore_ArgumentException()
    {
        var database = await NewDatabaseAsync("token");
        var schedule = new PostgreSqlReceivableStore(database);
        await Assert.ThrowsAsync<ArgumentException>(async () => await schedule.GetDueAccountsAsync(new DueAccountsQuery(Now, 10, "offset=20"), default));
    }

    // PaymentPromise's synthesized equality compares its ImmutableArray of item ids by reference.
    private static string Describe(PaymentPromise p) => $"{p.PromiseId}|{p.MadeOn}|{p.PromisedDate}|{p.Amount}|{string.Join(",", p.ItemIds)}";

    private sealed class EventTypeAndAmountComparer : IEqualityComparer<AccountEvent>
    {
        // Records compare nested snapshots (AccountItem) by reference; compare ItemAdded by its item's figures.
        public bool Equals(AccountEvent? x, AccountEvent? y) => (x, y) switch
        {
            (ItemAdded a, ItemAdded b) => a.Item.Id == b.Item.Id && a.Item.Amount == b.Item.Amount && a.Item.DueDate == b.Item.DueDate && a.Item.IssueDate == b.Item.IssueDate,
            (PromiseRecorded a, PromiseRecorded b) => Describe(a.Promise) == Describe(b.Promise),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(AccountEvent obj) => obj.GetType().GetHashCode();
    }
}
