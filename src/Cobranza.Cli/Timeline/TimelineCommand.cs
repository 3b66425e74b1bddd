using System.CommandLine;
namespace Cobranza.Cli.Timeline;
internal static class TimelineCommand { internal static Command Create(CommandIo io) => new("timeline"); }
