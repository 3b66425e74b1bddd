using System;
using System.Globalization;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing for the suite (issue 14 §5): each target runs a bounded number of cases in CI, the same cases on
/// every machine. By hand: <c>COBRANZA_FUZZ_CASES=1000000</c> runs that many cases per target and
/// <c>COBRANZA_FUZZ_SEED=n</c> draws other cases; a failure names the target, the seed and the case to rerun it.
/// </summary>
internal static class Fuzz
{
    /// <summary>The environment variable giving the number of cases per target (default: each target's CI count).</summary>
    public const string CasesVariable = "COBRANZA_FUZZ_CASES";

    /// <summary>The environment variable giving the base seed (default 20261207).</summary>
    public const string SeedVariable = "COBRANZA_FUZZ_SEED";

    public static int Cases(int ciDefault)
        => int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : ciDefault;

    public static int Seed
        => int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 20261207;

    /// <summary>Runs <paramref name="body"/> once per case with a Random seeded by (seed, target, case); rethrows the first failure with what reproduces it.</summary>
    public static void Run(string target, int ciCases, Action<Random> body)
    {
        int cases = Cases(ciCases);
        int seed = Seed ^ StableHash(target);
        for (int i = 0; i < cases; i++)
        {
            var random = new Random(unchecked(seed + (i * 7919)));
            try
            {
                body(random);
            }
            catch (Exception e)
            {
                throw new FuzzFailure($"Fuzz target '{target}', base seed {Seed}, case {i}: {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}

/// <summary>A fuzz case that threw an exception its API does not document (or broke an invariant).</summary>
internal sealed class FuzzFailure(string message, Exception inner) : Exception(message, inner);
