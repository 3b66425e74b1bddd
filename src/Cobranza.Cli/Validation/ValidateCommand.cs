using System.CommandLine;
namespace Cobranza.Cli.Validation;
internal static class ValidateCommand { internal static Command Create(CommandIo io) => new("validate"); }
