using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using NodaTime;
using Xunit;

namespace Cobranza.Testing.Conformance;

/// <summary>An account to seed a store with, and its next evaluation.</summary>
/// <param name="Account">The snapshot.</param>
/// <param name="NextEvaluationAt">Its next evaluation, or <see langword="null"/> for none.</param>
/// <remarks>Equality is the synthesized record equality: <see cref="Account"/> is compared by reference (a <see cref="CustomerAccount"/> is a snapshot class without value equality).</remarks>
public sealed record StoreSeed(CustomerAccount Account, Instant? NextEvaluationAt);

/// <summary>
/// The conformance suite of an <see cref="IReceivableStore"/> adapter: inherit it in a test project, implement
/// <see cref="CreateStoreAsync"/> (a fresh, isolated store holding exactly the seeded accounts) and every test
/// runs against your store: paging without gaps or repeats at every page size, ordering by next evaluation,
/// due-set membership, partitions disjoint and complete, wake-ups saved while paging, loads and concurrent saves.
/// </summary>
public abstract class ReceivableStoreConformanceTests
{
    /// <summary>The instant the tests page at.</summary>
    protected static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 6, 0);

    /// <summary>Creates a fresh store holding exactly <paramref name="accounts"/>.</summary>
    /// <param name="accounts">The accounts and their next evaluations (unique ids).</param>
    /// <returns>The store.</returns>
    protected abstract Task<IReceivableStore> CreateStoreAsync(IReadOnlyList<StoreSeed> accounts);

    /// <summary>Every due account is returned exactly once, whatever the page size.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetDueAccounts_AnyPageSize_ReturnsEachDueAccountExactlyOnce()
    {
        var seeds = Seeds(57);
        foreach (int pageSize in new[] { 1, 2, 7, 56, 57, 58, 1000 })
        {
            var store = await CreateStoreAsync(seeds);
            var ids = await ReadAllAsync(store, Now, pageSize, Partition.All);
            var expected = seeds.Where(s => s.NextEvaluationAt <= Now).Select(s => s.Account.Id).OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(expected, ids.Select(d => d.AccountId).OrderBy(x => x, StringComparer.Ordinal));
        }
    }

    /// <summary>Pages are ordered by next evaluation.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetDueAccounts_Always_OrderedByNextEvaluation()
    {
        var store = await CreateStoreAsync(Seeds(40));
        var due = await ReadAllAsync(store, Now, 6, Partition.All);
        Assert.NotEmpty(due);
        for (int i = 1; i < due.Count; i++)
        {
            Assert.True(due[i - 1].NextEvaluationAt <= due[i].NextEvaluationAt, $"{due[i - 1].AccountId} ({due[i - 1].NextEvaluationAt}) came before {due[i].AccountId} ({due[i].NextEvaluationAt}).");
        }
    }

    /// <summary>Accounts due later, or with no wake-up, are not returned; one due exactly now is.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetDueAccounts_LaterOrNoWakeUp_Excluded()
    {
        var store = await CreateStoreAsync(
        [
            new StoreSeed(TestData.Account("now"), Now),
            new StoreSeed(TestData.Account("later"), Now + Duration.FromTicks(1)),
            new StoreSeed(TestData.Account("never"), null),
            new StoreSeed(TestData.Account("past"), Now - Duration.FromDays(400)),
        ]);
        var due = await ReadAllAsync(store, Now, 10, Partition.All);
        Assert.Equal(new[] { "now", "past" }, due.Select(d => d.AccountId).OrderBy(x => x, StringComparer.Ordinal));
    }

    /// <summary>Moving accounts already returned to a later wake-up while paging (what the runner does) neither skips nor repeats an account.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetDueAccounts_WakeUpsSavedWhilePaging_NoGapsNoRepeats()
    {
        var seeds = Seeds(50);
        var store = await CreateStoreAsync(seeds);
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await store.GetDueAccountsAsync(new DueAccountsQuery(Now, 4, token), CancellationToken.None);
            foreach (var due in page.Accounts)
            {
                seen.Add(due.AccountId);
                await store.SaveNextEvaluationAsync(due.AccountId, Now + Duration.FromDays(1), CancellationToken.None);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        var expected = seeds.Where(s => s.NextEvaluationAt <= Now).Select(s => s.Account.Id).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, seen.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Empty(await ReadAllAsync(store, Now, 10, Partition.All));
    }

    /// <summary>Partitions are disjoint, cover the due set, and follow <see cref="Partition.Contains"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetDueAccounts_Partitions_DisjointCompleteAndStable()
    {
        var seeds = Seeds(60);
        var store = await CreateStoreAsync(seeds);
        var all = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var partition = new Partition(i, 3);
            var ids = (await ReadAllAsync(store, Now, 5, partition)).Select(d => d.AccountId).ToList();
            Assert.All(ids, id => Assert.True(partition.Contains(id), $"{id} is not in partition {partition}."));
            all.AddRange(ids);
        }

        var expected = seeds.Where(s => s.NextEvaluationAt <= Now).Select(s => s.Account.Id).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, all.OrderBy(x => x, StringComparer.Ordinal));
    }

    /// <summary>A known account loads with its id and version; an unknown one is null.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadAccount_KnownAndUnknown_SnapshotOrNull()
    {
        var store = await CreateStoreAsync([new StoreSeed(TestData.Account("A-1"), Now)]);
        var loaded = await store.LoadAccountAsync("A-1", CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal("A-1", loaded.Id);
        Assert.Equal(TestData.Account("A-1").Outstanding, loaded.Outstanding);
        Assert.Null(await store.LoadAccountAsync("nobody", CancellationToken.None));
    }

    /// <summary>Saving a later wake-up or none removes the account from the due set; an earlier one brings it back.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SaveNextEvaluation_LaterNoneOrEarlier_DueSetFollows()
    {
        var store = await CreateStoreAsync([new StoreSeed(TestData.Account("A"), Now), new StoreSeed(TestData.Account("B"), Now)]);
        await store.SaveNextEvaluationAsync("A", Now + Duration.FromHours(1), CancellationToken.None);
        await store.SaveNextEvaluationAsync("B", null, CancellationToken.None);
        Assert.Empty(await ReadAllAsync(store, Now, 10, Partition.All));
        Assert.Equal(new[] { "A" }, (await ReadAllAsync(store, Now + Duration.FromHours(1), 10, Partition.All)).Select(d => d.AccountId));
        await store.SaveNextEvaluationAsync("B", Now - Duration.FromHours(1), CancellationToken.None);
        Assert.Equal(new[] { "B" }, (await ReadAllAsync(store, Now, 10, Partition.All)).Select(d => d.AccountId));
    }

    /// <summary>Concurrent saves for different accounts are all applied.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SaveNextEvaluation_Concurrent_AllApplied()
    {
        var seeds = Enumerable.Range(0, 200).Select(i => new StoreSeed(TestData.Account($"C-{i:D3}"), Now)).ToList();
        var store = await CreateStoreAsync(seeds);
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) =>
            await store.SaveNextEvaluationAsync(s.Account.Id, Now + Duration.FromDays(2), ct));
        Assert.Empty(await ReadAllAsync(store, Now + Duration.FromDays(1), 50, Partition.All));
        Assert.Equal(200, (await ReadAllAsync(store, Now + Duration.FromDays(2), 50, Partition.All)).Count);
    }

    /// <summary>A batch of wake-ups has the effect of saving each one in order: later, none and earlier wake-ups, and a later entry for the same account wins.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SaveNextEvaluations_Batch_SameEffectAsOneByOneInOrder()
    {
        var store = await CreateStoreAsync([new StoreSeed(TestData.Account("A"), Now), new StoreSeed(TestData.Account("B"), Now), new StoreSeed(TestData.Account("C"), null), new StoreSeed(TestData.Account("D"), Now)]);
        await store.SaveNextEvaluationsAsync(
            [
                new NextEvaluation("A", Now + Duration.FromHours(1)),
                new NextEvaluation("B", null),
                new NextEvaluation("C", Now - Duration.FromHours(1)),
                new NextEvaluation("D", Now - Duration.FromDays(1)),
                new NextEvaluation("D", Now + Duration.FromHours(2)),
            ],
            CancellationToken.None);
        Assert.Equal(new[] { "C" }, (await ReadAllAsync(store, Now, 10, Partition.All)).Select(d => d.AccountId));
        Assert.Equal(new[] { "A", "C" }, (await ReadAllAsync(store, Now + Duration.FromHours(1), 10, Partition.All)).Select(d => d.AccountId).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { "A", "C", "D" }, (await ReadAllAsync(store, Now + Duration.FromHours(2), 10, Partition.All)).Select(d => d.AccountId).OrderBy(x => x, StringComparer.Ordinal));
    }

    /// <summary>An empty batch changes nothing; a null batch or a default entry is rejected with the argument (and the entry's index) named.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SaveNextEvaluations_EmptyNullOrDefaultEntry_NoChangeOrRejected()
    {
        var store = await CreateStoreAsync([new StoreSeed(TestData.Account("A"), Now)]);
        await store.SaveNextEvaluationsAsync(Array.Empty<NextEvaluation>(), CancellationToken.None);
        Assert.Equal(new[] { "A" }, (await ReadAllAsync(store, Now, 10, Partition.All)).Select(d => d.AccountId));
        var none = await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveNextEvaluationsAsync(null!, CancellationToken.None));
        Assert.Equal("nextEvaluations", none.ParamName);
        var bad = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveNextEvaluationsAsync([default], CancellationToken.None));
        Assert.Equal("nextEvaluations", bad.ParamName);
        Assert.Contains("nextEvaluations[0]", bad.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What the runner does with several workers: it reads the next page before the wake-ups of the previous one are
    /// saved, then saves them as one batch; no account is skipped or repeated.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SaveNextEvaluations_PageBatchesSavedAfterReadingAhead_NoGapsNoRepeats()
    {
        var seeds = Seeds(50);
        var store = await CreateStoreAsync(seeds);
        var seen = new List<string>();
        var page = await store.GetDueAccountsAsync(new DueAccountsQuery(Now, 4), CancellationToken.None);
        while (true)
        {
            seen.AddRange(page.Accounts.Select(d => d.AccountId));
            var next = page.ContinuationToken is null ? null : await store.GetDueAccountsAsync(new DueAccountsQuery(Now, 4, page.ContinuationToken), CancellationToken.None);
            await store.SaveNextEvaluationsAsync(page.Accounts.Select(d => new NextEvaluation(d.AccountId, Now + Duration.FromDays(1))).ToList(), CancellationToken.None);
            if (next is null)
            {
                break;
            }

            page = next;
        }

        var expected = seeds.Where(s => s.NextEvaluationAt <= Now).Select(s => s.Account.Id).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, seen.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Empty(await ReadAllAsync(store, Now, 10, Partition.All));
    }

    /// <summary>Reads every page.</summary>
    /// <param name="store">The store.</param>
    /// <param name="at">The instant.</param>
    /// <param name="pageSize">The page size.</param>
    /// <param name="partition">The partition.</param>
    /// <returns>The due accounts in page order.</returns>
    protected static async Task<List<DueAccount>> ReadAllAsync(IReceivableStore store, Instant at, int pageSize, Partition partition)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<DueAccount>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = await store.GetDueAccountsAsync(new DueAccountsQuery(at, pageSize, token, partition), CancellationToken.None);
            Assert.True(page.Accounts.Length <= pageSize, $"A page of size {pageSize} held {page.Accounts.Length} accounts.");
            Assert.True(++pages < 100_000, "Paging did not end.");
            all.AddRange(page.Accounts);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(all.Count, all.Select(d => d.AccountId).Distinct(StringComparer.Ordinal).Count());
        return all;
    }

    /// <summary>Seeds with varied next evaluations: past (some equal), now, later, and none.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The seeds.</returns>
    protected static IReadOnlyList<StoreSeed> Seeds(int count)
        => Enumerable.Range(0, count).Select(i => new StoreSeed(
            TestData.Account($"ACC-{(i * 7919) % 1000:D4}-{i}"),
            (i % 5) switch
            {
                0 => Now - Duration.FromHours(i % 3),
                1 => Now,
                2 => Now + Duration.FromMinutes(i),
                3 => null,
                _ => Now - Duration.FromDays(i),
            })).ToList();
}
