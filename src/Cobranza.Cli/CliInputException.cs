using System;

namespace Cobranza.Cli;

/// <summary>
/// Input the command line itself refuses before calling the library (an option that is not a date, a number or a
/// file that cannot be read). The message names the option and the value; the exit code is 1.
/// </summary>
internal sealed class CliInputException(string message) : Exception(message);
