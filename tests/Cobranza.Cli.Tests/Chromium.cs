using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Cobranza.Cli.Tests;

/// <summary>
/// Debian's Chromium, headless, for the tests that render the HTML pages in a real browser. The binary is the one in
/// COBRANZA_CHROMIUM, else `chromium` or `chromium-browser` on PATH. Without one every browser test fails with the way
/// to install it (never skipped: in CI a missing browser is a failure; .ci/run installs it and sets the variable).
/// </summary>
internal static class Chromium
{
    internal const string Variable = "COBRANZA_CHROMIUM";

    internal static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
            {
                return File.Exists(configured)
                    ? configured
                    : throw new InvalidOperationException($"{Variable} is '{configured}', which does not exist. Install Chromium (Debian: `sudo apt-get update && sudo apt-get install -y chromium`) and set {Variable}=$(command -v chromium).");
            }

            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
                .SelectMany(dir => new[] { System.IO.Path.Combine(dir, "chromium"), System.IO.Path.Combine(dir, "chromium-browser") })
                .FirstOrDefault(File.Exists);
            return found ?? throw new InvalidOperationException(
                "No Chromium for the HTML page tests of Cobranza.Cli: install Debian's Chromium (`sudo apt-get update && sudo apt-get install -y chromium`, " +
                $"or without sudo as root) or set {Variable} to a Chromium/Chrome binary. .ci/run installs it before `dotnet test`.");
        }
    }

    /// <summary>The DOM after the browser parsed and laid out the page (<c>--dump-dom</c>).</summary>
    internal static string DumpDom(string htmlPath) => Run("--dump-dom", new Uri(htmlPath).AbsoluteUri);

    /// <summary>Takes a screenshot of the page into <paramref name="pngPath"/>.</summary>
    internal static void Screenshot(string htmlPath, string pngPath, int width, int height)
        => Run($"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri);

    private static string Run(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("cobranza-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--virtual-time-budget=3000", $"--user-data-dir={profile}" }.Concat(arguments))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Path}.");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path} did not finish in 120 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path} exited with {process.ExitCode}: {error.Result}");
            }

            return output;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
