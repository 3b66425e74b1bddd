using System;
using Cobranza.Core;

namespace Cobranza.Cli;

/// <summary>
/// Input the command line itself refuses before calling the library (an option that is not a date, a number or a
/// file that cannot be read). The message names the option and the value, in Spanish and in English: the command
/// writes the one of <c>--lang</c> (<see cref="Exception.Message"/> is the English one); the exit code is 1.
/// </summary>
/// <param name="spanish">The message in Spanish.</param>
/// <param name="english">The message in English.</param>
internal sealed class CliInputException(string spanish, string english) : Exception(english)
{
    /// <summary>The message in <paramref name="language"/> (Spanish or English).</summary>
    internal string MessageIn(Language language) => language == Language.Spanish ? spanish : Message;
}
