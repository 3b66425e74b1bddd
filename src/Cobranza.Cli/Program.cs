using System;

namespace Cobranza.Cli;

/// <summary>The entry point of the <c>cobranza</c> dotnet tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
