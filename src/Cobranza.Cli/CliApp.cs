using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Cobranza.Cli.Interest;
using Cobranza.Cli.Plans;
using Cobranza.Cli.Terms;
using Cobranza.Cli.Timeline;
using Cobranza.Cli.Validation;

namespace Cobranza.Cli;

/// <summary>
/// Builds the command tree and runs one command line. Parsing errors (unknown command or option, a required option
/// missing) are usage errors, exit code 2; what the library or the command refuses is exit code 1 with its message.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs <paramref name="args"/> writing to the given writers; returns the exit code.</summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            "cobranza: payment terms, late interest, installment plans, configuration checks and escalation timelines " +
            "computed by Cobranza.Core.");
        globals.AddTo(root);
        var io = new CommandIo(output, error, globals);
        root.Subcommands.Add(TermsCommand.Create(io));
        root.Subcommands.Add(InterestCommand.Create(io));
        root.Subcommands.Add(PlanCommand.Create(io));
        root.Subcommands.Add(ValidateCommand.Create(io));
        root.Subcommands.Add(TimelineCommand.Create(io));

        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                error.WriteLine("error: " + parseError.Message);
            }

            error.WriteLine("Run 'cobranza --help' (or 'cobranza <command> --help') for the usage.");
            return ExitCodes.Usage;
        }

        return result.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
