using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;
using Xunit;

namespace Cobranza.Testing.Conformance;

/// <summary>
/// The conformance suite of an <see cref="IAccountLedgerStore"/> (the ledger the ready charge handlers post to):
/// inherit it in a test project, implement <see cref="CreateLedgerStoreAsync"/> (a fresh, isolated store holding
/// exactly the seeded accounts) and every test runs against your store: loads, appends at the version read, a stale
/// or unknown version refused with <see cref="AccountVersionConflictException"/> and nothing stored, concurrent
/// appends at one version (exactly one wins), an event that does not fit refused with the ledger's
/// <see cref="ArgumentException"/>.
/// </summary>
public abstract class AccountLedgerStoreConformanceTests
{
    private static readonly LocalDate Day = new(2026, 3, 2);

    /// <summary>Creates a fresh store holding exactly <paramref name="accounts"/>.</summary>
    /// <param name="accounts">The accounts (unique ids; each with open items and nothing paid or charged, as <see cref="TestData.Account(string)"/> makes them).</param>
    /// <returns>The store.</returns>
    protected abstract Task<IAccountLedgerStore> CreateLedgerStoreAsync(IReadOnlyList<CustomerAccount> accounts);

    /// <summary>A stored account loads with its items; an unknown one is null.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Load_KnownAndUnknown_SnapshotOrNull()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);

        var known = await store.LoadAsync("A", CancellationToken.None);
        Assert.NotNull(known);
        Assert.Equal("A", known.Id);
        Assert.Equal(["A-1"], known.Items.Select(i => i.Id));
        Assert.Null(await store.LoadAsync("nobody", CancellationToken.None));
    }

    /// <summary>Events appended at the version read are stored: the account reloads with them and a later version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_AtTheVersionRead_StoredAndVersionMoves()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);
        var before = (await store.LoadAsync("A", CancellationToken.None))!;

        await store.AppendAsync("A", before.Version, [Fee("FEE-1", 40m), Fee("FEE-2", 5m)], CancellationToken.None);

        var after = (await store.LoadAsync("A", CancellationToken.None))!;
        Assert.True(after.Version > before.Version, $"version {after.Version} after appending at {before.Version}");
        Assert.Equal(Money.Of(45m, Currency.EUR), after.Items.Single().FeesCharged);
        Assert.Equal(["FEE-1", "FEE-2"], after.Charges.Select(c => c.Key));
    }

    /// <summary>An append at a version the account no longer has is refused with <see cref="AccountVersionConflictException"/>; nothing is stored.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_StaleVersion_ConflictAndNothingStored()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);
        var read = (await store.LoadAsync("A", CancellationToken.None))!;
        await store.AppendAsync("A", read.Version, [Fee("FEE-1", 40m)], CancellationToken.None);
        var current = (await store.LoadAsync("A", CancellationToken.None))!;

        var e = await Assert.ThrowsAsync<AccountVersionConflictException>(async () => await store.AppendAsync("A", read.Version, [Fee("FEE-2", 5m)], CancellationToken.None));

        Assert.Equal("A", e.AccountId);
        Assert.Equal(read.Version, e.ExpectedVersion);
        Assert.Equal(current.Version, e.ActualVersion);
        var after = (await store.LoadAsync("A", CancellationToken.None))!;
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(["FEE-1"], after.Charges.Select(c => c.Key));
    }

    /// <summary>An append to an account the store does not hold is refused with <see cref="AccountVersionConflictException"/> (actual version −1).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_UnknownAccount_ConflictWithActualVersionMinusOne()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);

        var e = await Assert.ThrowsAsync<AccountVersionConflictException>(async () => await store.AppendAsync("nobody", 0, [Fee("FEE-1", 40m)], CancellationToken.None));

        Assert.Equal("nobody", e.AccountId);
        Assert.Equal(-1, e.ActualVersion);
        Assert.Null(await store.LoadAsync("nobody", CancellationToken.None));
    }

    /// <summary>Eight writers append different fees at one version at once: exactly one is stored, the others get <see cref="AccountVersionConflictException"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_ConcurrentAtOneVersion_ExactlyOneWins()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);
        var read = (await store.LoadAsync("A", CancellationToken.None))!;
        using var start = new ManualResetEventSlim(false);
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await store.AppendAsync("A", read.Version, [Fee($"FEE-{i}", 1m + i)], CancellationToken.None);
                return true;
            }
            catch (AccountVersionConflictException)
            {
                return false;
            }
        })).ToArray();
        start.Set();
        var won = await Task.WhenAll(writers);

        Assert.Equal(1, won.Count(w => w));
        var after = (await store.LoadAsync("A", CancellationToken.None))!;
        Assert.Equal($"FEE-{Array.IndexOf(won, true)}", Assert.Single(after.Charges).Key);
    }

    /// <summary>An event the ledger refuses (a fee on an item the account does not have) throws <see cref="ArgumentException"/> and nothing is stored.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_EventThatDoesNotFit_ArgumentExceptionAndNothingStored()
    {
        var store = await CreateLedgerStoreAsync([TestData.Account("A")]);
        var read = (await store.LoadAsync("A", CancellationToken.None))!;

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.AppendAsync(
            "A", read.Version, [Fee("FEE-1", 40m), new FeeCharged("FEE-X", Day, "no-such-item", Money.Of(1m, Currency.EUR), "Gastos")], CancellationToken.None));

        var after = (await store.LoadAsync("A", CancellationToken.None))!;
        Assert.Equal(read.Version, after.Version);
        Assert.Empty(after.Charges);
    }

    private static FeeCharged Fee(string key, decimal amount) => new(key, Day, "A-1", Money.Of(amount, Currency.EUR), "Gastos de cobro");
}
