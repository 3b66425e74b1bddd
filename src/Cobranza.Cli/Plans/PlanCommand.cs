using System.CommandLine;
namespace Cobranza.Cli.Plans;
internal static class PlanCommand { internal static Command Create(CommandIo io) => new("plan"); }
