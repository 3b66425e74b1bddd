using System;
using System.Globalization;

namespace Cobranza.Core.Tests.Simulation;

/// <summary>
/// The size and chaos of a simulation. The CI configuration is <see cref="Ci"/>; every value can be overridden by an
/// environment variable (COBRANZA_SIM_SEED, COBRANZA_SIM_ACCOUNTS, COBRANZA_SIM_YEARS, COBRANZA_SIM_FAULT_RATE,
/// COBRANZA_SIM_CRASH_RATE) to replay another seed or run a larger portfolio by hand.
/// </summary>
public sealed record SimulationSettings(int Seed, int Accounts, int Years, double FaultRate, double CrashRate)
{
    /// <summary>The configuration of issue 7 §6: 2,000 accounts, 3 years, 5 % adapter faults, a crash on ~3 % of the days.</summary>
    public static SimulationSettings Ci { get; } = new(20261123, 2000, 3, 0.05, 0.03);

    /// <summary>Days simulated after the chaotic period with faults and crashes off, so every retry can finish.</summary>
    public int SettleDays { get; init; } = 10;

    /// <summary>The CI settings overridden by the environment.</summary>
    public static SimulationSettings FromEnvironment(SimulationSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with
        {
            Seed = Int("COBRANZA_SIM_SEED") ?? defaults.Seed,
            Accounts = Int("COBRANZA_SIM_ACCOUNTS") ?? defaults.Accounts,
            Years = Int("COBRANZA_SIM_YEARS") ?? defaults.Years,
            FaultRate = Dbl("COBRANZA_SIM_FAULT_RATE") ?? defaults.FaultRate,
            CrashRate = Dbl("COBRANZA_SIM_CRASH_RATE") ?? defaults.CrashRate,
        };
    }

    private static int? Int(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;

    private static double? Dbl(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"seed={Seed} accounts={Accounts} years={Years} faultRate={FaultRate} crashRate={CrashRate} settleDays={SettleDays} (replay: COBRANZA_SIM_SEED={Seed} COBRANZA_SIM_ACCOUNTS={Accounts} COBRANZA_SIM_YEARS={Years})");
}
