namespace Cobranza.Cli.Validation;

/// <summary>One error or warning the library reported for a document, with its JSON path (<c>$.stages[1].tone</c>).</summary>
internal sealed record ConfigurationIssue(string Path, string Message, bool IsWarning, string? Code);
