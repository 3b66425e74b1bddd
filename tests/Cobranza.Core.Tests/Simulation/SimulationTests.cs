using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using NodaTime;
using Xunit.Abstractions;

namespace Cobranza.Core.Tests.Simulation;

/// <summary>
/// The deterministic simulation of issue 7 §6 (see docs/simulation.md). The seed and the size come from
/// <see cref="SimulationSettings.Ci"/>, overridable by COBRANZA_SIM_SEED / COBRANZA_SIM_ACCOUNTS / COBRANZA_SIM_YEARS /
/// COBRANZA_SIM_FAULT_RATE / COBRANZA_SIM_CRASH_RATE.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Simulation")]
    public async Task RunAsync_SeededPortfolioWithFaultsAndCrashes_AllInvariantsHold()
    {
        var settings = SimulationSettings.FromEnvironment(SimulationSettings.Ci);
        output.WriteLine($"simulation {settings}");
        var result = await new PortfolioSimulation(settings).RunAsync();
        output.WriteLine(result.Describe());

        // The simulation must have exercised what it claims to check (a run that crashed nowhere proves nothing).
        Assert.True(result.Stats.GetValueOrDefault("crashes") > 0 || settings.CrashRate == 0, result.Describe());
        Assert.True(result.Stats.GetValueOrDefault("faults.injected") > 0 || settings.FaultRate == 0, result.Describe());
        Assert.True(result.Violations.Count == 0, result.Describe());
    }

    [Fact]
    public async Task ProbeStore_ForwardsTheHierarchyPortOfTheFaultyStore()
    {
        // The runner sees the probe, not the decorated store: without the port it would refuse every paid account
        // ("does not implement IAccountHierarchyStore") instead of dunning it with its payer (docs/decisions/0025).
        var memory = new Cobranza.Testing.InMemory.InMemoryReceivableStore();
        var at = Instant.FromUtc(2026, 2, 2, 10, 0);
        var child = Cobranza.Testing.TestData.Account("C");
        memory.Put(Cobranza.Testing.TestData.Account("P"), at);
        memory.Put(new Cobranza.Core.Receivables.CustomerAccount("C", child.Currency, new Cobranza.Core.Receivables.CustomerProfile(child.Customer.Id, child.Customer.DisplayName, child.Customer.Language, child.Customer.TimeZone) { PaidByAccountId = "P" }, child.Items), at);
        IReceivableStore probe = new ProbeStore(new Cobranza.Testing.Faults.FaultyReceivableStore(memory, new Cobranza.Testing.Faults.FaultInjector(1, 0d)), new CrashSwitch());

        var hierarchy = Assert.IsAssignableFrom<IAccountHierarchyStore>(probe);
        Assert.Equal(["C"], System.Linq.Enumerable.Select(await hierarchy.LoadPaidAccountsAsync("P", CancellationToken.None), a => a.Id));
        Assert.Equal("P", (await probe.LoadAccountAsync("C", CancellationToken.None))!.Customer.PaidByAccountId);
    }

    [Fact]
    public async Task RunAsync_SameSeed_SameOutcome()
    {
        // Reproducibility: a small portfolio run twice with one seed gives identical statistics.
        var settings = new SimulationSettings(7, 60, 1, 0.05, 0.05);
        var first = await new PortfolioSimulation(settings).RunAsync();
        var second = await new PortfolioSimulation(settings).RunAsync();
        Assert.Equal(first.Stats, second.Stats);
        Assert.Equal(first.Violations, second.Violations);
        Assert.True(first.Stats["dispatch.total"] > 0, first.Describe());
    }
}

/// <summary>The harness catches what it claims to catch: broken journals make the simulation fail with precise messages.</summary>
public sealed class SimulationHarnessTests
{
    private static readonly SimulationSettings Small = new(11, 60, 1, 0.05, 0.05);

    [Fact]
    public async Task RunAsync_JournalGrantingCompletedKeysAgain_ReportsDoubleDispatch()
    {
        var result = await new PortfolioSimulation(Small, inner => new RegrantingJournal(inner)).RunAsync();
        Assert.Contains(result.Violations, v => v.Contains("dispatched twice", StringComparison.Ordinal) && v.Contains("seed 11", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_JournalLosingClaims_ReportsSilentlyDroppedDecisions()
    {
        var result = await new PortfolioSimulation(Small, inner => new LosingJournal(inner)).RunAsync();
        Assert.Contains(result.Violations, v => v.Contains("silently dropped", StringComparison.Ordinal) && v.Contains("key '", StringComparison.Ordinal));
    }

    // A broken journal: it loses the history (so the engine decides the same keys again) and grants a completed key again.
    private sealed class RegrantingJournal(ICollectionJournal inner) : ICollectionJournal
    {
        public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken) => new(CollectionHistory.Empty);

        public async ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.ClaimAsync(request, cancellationToken);
            return result.Status == ClaimStatus.AlreadyCompleted ? new ClaimResult(ClaimStatus.Claimed, result.Attempt + 1, result.Outcome) : result;
        }

        public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken) => inner.RecordAsync(record, cancellationToken);

        public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken) => inner.RenewAsync(renewal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
            => inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
    }

    // A broken journal: one new key in 50 is answered "in flight" without being stored, so it is never dispatched.
    private sealed class LosingJournal(ICollectionJournal inner) : ICollectionJournal
    {
        private int _claims;

        public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken) => inner.GetHistoryAsync(accountId, cancellationToken);

        public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
            => ++_claims % 50 == 0 ? new ValueTask<ClaimResult>(new ClaimResult(ClaimStatus.InFlight, 1, null)) : inner.ClaimAsync(request, cancellationToken);

        public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken) => inner.RecordAsync(record, cancellationToken);

        public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken) => inner.RenewAsync(renewal, cancellationToken);

        public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
            => inner.GetPendingAsync(at, partition, maxCount, cancellationToken);
    }
}
