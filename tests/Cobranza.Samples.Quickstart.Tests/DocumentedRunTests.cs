using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// The README's command as docs/quickstart.md (and its Spanish translation) show it: the default run's output ("What
/// you see") and what running it again does ("Running it twice"), line for line, read from the docs themselves so a
/// change that moves a figure, or docs that drift from the program, fail here. The simulation runs in-process with the
/// default options (300 customers, seed 20251201, 90 days) over a database and outbox in a temporary
/// <c>cobranza-quickstart</c> folder, exactly what the command does in the repository's folder.
/// </summary>
public sealed class DocumentedRunTests(DocumentedRunTests.Runs runs) : IClassFixture<DocumentedRunTests.Runs>
{
    private const string Command = "$ dotnet run --project samples/Cobranza.Samples.Quickstart -c Release";

    [Theory]
    [InlineData("docs/quickstart.md", "## What you see")]
    [InlineData("docs/quickstart.es.md", "## Qué se ve")]
    public void DefaultRun_PrintsWhatTheDocsShow(string page, string section)
    {
        var block = Block(page, section);
        Assert.DoesNotContain(block, line => line.StartsWith("$ ", StringComparison.Ordinal));
        AssertShows(runs.Output(0), block, $"{page}, {section}");
    }

    [Theory]
    [InlineData("docs/quickstart.md", "## Running it twice")]
    [InlineData("docs/quickstart.es.md", "## Ejecutarlo dos veces")]
    public void RunAgain_PrintsWhatTheDocsShow(string page, string section)
    {
        // Each "$ command" line of the block is one more invocation after the default run, in order.
        var block = Block(page, section);
        var commands = block.Select((line, i) => (line, i)).Where(p => p.line.StartsWith("$ ", StringComparison.Ordinal)).Select(p => p.i).ToList();
        Assert.Equal(runs.Count - 1, commands.Count);
        for (int k = 0; k < commands.Count; k++)
        {
            string command = block[commands[k]];
            Assert.StartsWith(Command, command, StringComparison.Ordinal);
            Assert.Equal(Runs.Arguments[k + 1], command[Command.Length..].Trim());
            int end = k + 1 < commands.Count ? commands[k + 1] : block.Count;
            AssertShows(runs.Output(k + 1), block.Skip(commands[k] + 1).Take(end - commands[k] - 1).ToList(), $"{page}, {section}, {command}");
        }
    }

    [Fact]
    public void SecondRun_StopsOnTheLastDayTheRateTablesCover_WithoutFailures()
    {
        // Before the fix the second run went on to 2026-05-29 and failed 2,220 account evaluations from 2026-04-01:
        // Colombia's usury cap reads the certified interés bancario corriente, bundled up to 2026-03-31.
        var (first, second, third) = (runs.Result(0)!, runs.Result(1)!, runs.Result(2)!);
        Assert.Equal((0, 89, 0, 0, null), (first.FirstDay, first.LastDay, first.Poisoned, first.AccountFailures, first.StoppedAtCoverage));
        Assert.Equal((90, 120, 0, 0), (second.FirstDay, second.LastDay, second.Poisoned, second.AccountFailures));
        Assert.Equal(ReferenceRateTables.ColombiaBankingCurrentRateId, second.StoppedAtCoverage!.Table.Id);
        Assert.Equal(new LocalDate(2026, 3, 31), second.StoppedAtCoverage.LastDay);
        Assert.Equal(ReferenceRateTables.ColombiaBankingCurrentRate.CoveredUntil, Simulation.DefaultStartDate.PlusDays(second.LastDay));
        Assert.Equal((121, 120, 0, 0, 0), (third.FirstDay, third.LastDay, third.NoticesWritten, third.Poisoned, third.AccountFailures));
        Assert.NotNull(third.StoppedAtCoverage);
        Assert.Null(runs.Result(3)); // --through past the coverage: refused
    }

    /// <summary>
    /// Asserts <paramref name="output"/> shows <paramref name="expected"/>: a line "…" stands for any number of lines, a
    /// "…" inside a line for any text; runs of lines between them appear consecutively and in order; a block that does
    /// not start (end) with "…" starts (ends) where the output does.
    /// </summary>
    private static void AssertShows(IReadOnlyList<string> output, IReadOnlyList<string> expected, string where)
    {
        var chunks = new List<List<Regex>> { new() };
        foreach (var line in expected)
        {
            if (line.Trim() == "…")
            {
                chunks.Add([]);
            }
            else
            {
                chunks[^1].Add(new Regex("^" + string.Join(".*", line.TrimEnd().Split('…').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant));
            }
        }

        bool anchoredStart = chunks[0].Count > 0, anchoredEnd = chunks[^1].Count > 0;
        int at = 0;
        for (int c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            if (chunk.Count == 0)
            {
                continue;
            }

            int found = -1;
            for (int start = at; start + chunk.Count <= output.Count && found < 0; start++)
            {
                if (chunk.Select((pattern, i) => pattern.IsMatch(output[start + i].TrimEnd())).All(m => m))
                {
                    found = start;
                }

                if (c == 0 && anchoredStart)
                {
                    break;
                }
            }

            Assert.True(found >= 0, $"{where}: the output does not show, {(c == 0 && anchoredStart ? "from its first line" : "after what matched before")}, the lines\n{string.Join('\n', chunk)}\n--- output ---\n{string.Join('\n', output)}");
            at = found + chunk.Count;
        }

        Assert.True(!anchoredEnd || at == output.Count, $"{where}: the output goes on after the block's last line\n--- output ---\n{string.Join('\n', output)}");
    }

    /// <summary>The lines of the first fenced block of <paramref name="section"/> of a docs page.</summary>
    private static List<string> Block(string page, string section)
    {
        var lines = File.ReadAllLines(Path.Combine(Runs.RepoRoot(), page));
        int heading = Array.IndexOf(lines, section);
        Assert.True(heading >= 0, $"{page} has no heading '{section}'");
        int open = Array.FindIndex(lines, heading + 1, l => l == "```" || l.StartsWith("## ", StringComparison.Ordinal));
        Assert.True(open > 0 && lines[open] == "```", $"{page}, {section}: no fenced block");
        int close = Array.IndexOf(lines, "```", open + 1);
        return lines[(open + 1)..close].ToList();
    }

    /// <summary>The README's command four times on one database: the default run, twice more, then with --through past the coverage.</summary>
    public sealed class Runs : IAsyncLifetime
    {
        /// <summary>The arguments after <c>--</c> of each invocation.</summary>
        public static readonly string[] Arguments = ["", "", "", "-- --through 2026-04-30"];

        private readonly TempDirectory _temp = new();
        private readonly List<(List<string> Output, SimulationResult? Result)> _runs = [];

        public int Count => _runs.Count;

        public IReadOnlyList<string> Output(int run) => _runs[run].Output;

        internal SimulationResult? Result(int run) => _runs[run].Result;

        public async Task InitializeAsync()
        {
            string folder = _temp.File("cobranza-quickstart");
            foreach (var arguments in Arguments)
            {
                var args = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                    .Concat(["--db", Path.Combine(folder, "quickstart.db"), "--outbox", Path.Combine(folder, "outbox")]).ToList();
                var options = SampleOptions.Parse(args, _ => null);
                using var output = new StringWriter();
                SimulationResult? result = null;
                try
                {
                    result = await new Simulation(options, output).RunAsync(CancellationToken.None);
                }
                catch (SampleUsageException ex)
                {
                    output.WriteLine("error: " + ex.Message); // as Program.cs prints it (exit code 2)
                }

                _runs.Add((output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').ToList(), result));
            }
        }

        public Task DisposeAsync()
        {
            _temp.Dispose();
            return Task.CompletedTask;
        }

        internal static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cobranza.Core.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cobranza.Core.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
