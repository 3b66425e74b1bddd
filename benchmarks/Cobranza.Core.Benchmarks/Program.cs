using BenchmarkDotNet.Running;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Cobranza.Core.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
