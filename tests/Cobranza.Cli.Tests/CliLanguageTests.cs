using System;
using System.IO;

namespace Cobranza.Cli.Tests;

/// <summary>The command line's own error messages follow <c>--lang</c> (es or en); the library's messages stay English.</summary>
public sealed class CliLanguageTests : IDisposable
{
    private const string BadZoneAccount = """{"accountId": "A", "currency": "EUR", "customer": {"id": "C", "name": "N", "language": "es", "timeZone": "Mars/Olympus"}, "company": {"name": "X", "paymentLink": "https://x.example/", "paymentMethods": ["Transferencia"]}, "events": []}""";
    private readonly string _directory = Directory.CreateTempSubdirectory("cobranza-cli-lang-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("es", "error: --invoice-date debe ser una fecha escrita aaaa-MM-dd (era '15/03/2026').")]
    [InlineData("en", "error: --invoice-date must be a date written yyyy-MM-dd (was '15/03/2026').")]
    public void Terms_BadDate_MessageInTheLanguageAsked(string lang, string expected)
    {
        var result = Cli.Run("terms", "Net 30", "--invoice-date", "15/03/2026", "--amount", "100", "--currency", "EUR", "--lang", lang);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    [Fact]
    public void Plan_OptionWithoutItsPartner_Spanish()
    {
        var result = Cli.Run("plan", "--amount", "1200", "--currency", "EUR", "--count", "3", "--start", "2026-01-01", "--day-count", "ACT/365F", "--lang", "es");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--day-count necesita --rate.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("needs", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es", "$.customer.timeZone debe ser una zona horaria IANA como Europe/Madrid (era 'Mars/Olympus').")]
    [InlineData("en", "$.customer.timeZone must be an IANA time zone such as Europe/Madrid (was 'Mars/Olympus').")]
    public void Timeline_BadAccountFile_PathAndValueInTheLanguageAsked(string lang, string expected)
    {
        var account = Write("account.json", BadZoneAccount);

        var result = Cli.Run("timeline", "--account", account, "--from", "2026-01-01", "--to", "2026-01-31", "--lang", lang);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(account + ": " + expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_PeriodReversed_Spanish()
    {
        var account = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m));

        var result = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-02-01", "--lang", "es");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--to no debe ser anterior a --from (era 2026-02-01 < 2026-03-01).", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_InvalidPolicyFile_ValidationHeaderSpanish_LibraryMessageAsWritten()
    {
        var account = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m));
        var policy = Write("policy.json", """{"id": "p", "version": 0, "stages": []}""");

        var result = Cli.Run("timeline", "--policy", policy, "--account", account, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "es");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("errores de validación:", result.Error, StringComparison.Ordinal);
        Assert.Contains("version must be positive (was 0).", result.Error, StringComparison.Ordinal); // the library's own text
    }

    [Fact]
    public void Validate_UnknownDocument_Spanish()
    {
        var other = Write("other.json", """{"hello": 1}""");

        var result = Cli.Run("validate", other, "--lang", "es");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no se puede saber qué tipo de documento es", result.Error, StringComparison.Ordinal);
        Assert.Contains("--kind policy|terms|catalog|customer", result.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
