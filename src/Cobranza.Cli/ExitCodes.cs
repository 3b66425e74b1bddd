namespace Cobranza.Cli;

/// <summary>The exit codes, as the dotnet tools use them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    internal const int Ok = 0;

    /// <summary>The input (a value, a file, a configuration) is invalid: the message says what and where.</summary>
    internal const int InvalidInput = 1;

    /// <summary>The command line is malformed (unknown command or option, missing required option).</summary>
    internal const int Usage = 2;
}
