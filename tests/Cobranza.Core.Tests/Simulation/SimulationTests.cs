using System.Collections.Generic;
using System.Threading.Tasks;
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
