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
/// The conformance suite of an <see cref="IAccountHierarchyStore"/> (a receivable store that knows which accounts
/// another pays for, <see cref="CustomerProfile.PaidByAccountId"/>): inherit it, implement
/// <see cref="CreateStoreAsync"/> (a fresh store holding exactly the seeded accounts) and every test runs against your
/// store: the paid accounts of a payer, current and complete, in ordinal order of account id; none for an account that
/// pays for no other, for a paid account, or for an unknown id; a bad id refused.
/// </summary>
public abstract class AccountHierarchyStoreConformanceTests
{
    private static readonly LocalDate Due = new(2026, 1, 31);

    /// <summary>Creates a fresh store holding exactly <paramref name="accounts"/>.</summary>
    /// <param name="accounts">The accounts (unique ids), some paid by others.</param>
    /// <returns>The store.</returns>
    protected abstract Task<IAccountHierarchyStore> CreateStoreAsync(IReadOnlyList<CustomerAccount> accounts);

    /// <summary>A paid account as the suite seeds it: one open item, the profile naming its payer.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="paidBy">The paying account's id, or <see langword="null"/> for an account that pays for itself.</param>
    /// <param name="amount">The item's amount in EUR.</param>
    /// <returns>The snapshot.</returns>
    protected static CustomerAccount Paid(string accountId, string? paidBy, decimal amount)
    {
        var account = TestData.Account(accountId, Due, Money.Of(amount, Currency.EUR));
        return new CustomerAccount(accountId, account.Currency, new CustomerProfile(account.Customer.Id, account.Customer.DisplayName, account.Customer.Language, account.Customer.TimeZone) { PaidByAccountId = paidBy }, account.Items);
    }

    /// <summary>A payer's paid accounts come back complete, with their items, in ordinal order of id (upper case before lower case), and nobody else's.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadPaidAccounts_Payer_EveryPaidAccountInOrdinalOrder()
    {
        var store = await CreateStoreAsync(
        [
            Paid("P", null, 1000m),
            Paid("c-2", "P", 20m),
            Paid("C-1", "P", 10m),
            Paid("b", "P", 30.50m),
            Paid("Q", null, 5m),
            Paid("q-1", "Q", 7m),
            Paid("X", null, 9m),
        ]);

        var paid = await store.LoadPaidAccountsAsync("P", CancellationToken.None);
        Assert.Equal(new[] { "C-1", "b", "c-2" }, paid.Select(a => a.Id));
        Assert.All(paid, a => Assert.Equal("P", a.Customer.PaidByAccountId));
        Assert.Equal(new[] { 10m, 30.50m, 20m }, paid.Select(a => Assert.Single(a.Items).Amount.Amount));
        Assert.Equal(new[] { "C-1-1", "b-1", "c-2-1" }, paid.Select(a => a.Items[0].Id));
        Assert.Equal(new[] { "q-1" }, (await store.LoadPaidAccountsAsync("Q", CancellationToken.None)).Select(a => a.Id));
    }

    /// <summary>An account that pays for none, a paid account and an unknown id pay for nobody: empty (not default).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadPaidAccounts_NoPaidAccounts_Empty()
    {
        var store = await CreateStoreAsync([Paid("P", null, 1m), Paid("C", "P", 2m), Paid("X", null, 3m)]);
        foreach (var id in new[] { "X", "C", "unknown", "p" })
        {
            var paid = await store.LoadPaidAccountsAsync(id, CancellationToken.None);
            Assert.False(paid.IsDefault, id);
            Assert.Empty(paid);
        }
    }

    /// <summary>A null or blank id is refused with an <see cref="ArgumentException"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadPaidAccounts_NullOrBlankId_Refused()
    {
        var store = await CreateStoreAsync([Paid("P", null, 1m)]);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.LoadPaidAccountsAsync(null!, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.LoadPaidAccountsAsync(" ", CancellationToken.None));
    }
}
