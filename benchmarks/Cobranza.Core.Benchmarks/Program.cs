using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Cobranza.Core.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // The default two-minute limit on building the generated project is too short on a busy 2-core machine.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
