using System.Collections.Generic;

namespace Cobranza.Samples.Quickstart.Tests;

public sealed class SampleOptionsTests
{
    private static readonly System.Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Parse_NoArguments_Defaults()
    {
        var options = SampleOptions.Parse([], NoEnvironment);
        Assert.Equal(90, options.Days);
        Assert.Null(options.Seed);
        Assert.False(options.Reset);
        Assert.Null(options.Smtp);
    }

    [Fact]
    public void Parse_EveryOption_Read()
    {
        var options = SampleOptions.Parse(["--days", "10", "--db", "x.db", "--outbox", "out", "--reset", "--seed", "5", "--customers", "30"], NoEnvironment);
        Assert.Equal((10, "x.db", "out", true, 5, 30), (options.Days, options.DatabasePath, options.OutboxPath, options.Reset, options.Seed, options.Customers));
    }

    [Fact]
    public void Parse_SmtpHostFromEnvironment_SmtpSettings()
    {
        var env = new Dictionary<string, string> { ["COBRANZA_SMTP_HOST"] = "smtp.example.com", ["COBRANZA_SMTP_USER"] = "u" };
        var options = SampleOptions.Parse(["--smtp-port", "2525"], k => env.GetValueOrDefault(k));
        Assert.NotNull(options.Smtp);
        Assert.Equal(("smtp.example.com", 2525, "u"), (options.Smtp.Host, options.Smtp.Port, options.Smtp.User));
    }

    [Theory]
    [InlineData("--days", "0", "option --days must be a whole number from 1 to 3650 (was '0').")]
    [InlineData("--days", "ten", "option --days must be a whole number from 1 to 3650 (was 'ten').")]
    [InlineData("--seed", "-1", "option --seed must be a whole number from 0 to 2147483647 (was '-1').")]
    public void Parse_BadValue_NamesOptionAndValue(string option, string value, string expected)
    {
        var ex = Assert.Throws<SampleUsageException>(() => SampleOptions.Parse([option, value], NoEnvironment));
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Parse_UnknownOrValueless_Explains()
    {
        Assert.Equal("unknown option '--dayz'; see --help.", Assert.Throws<SampleUsageException>(() => SampleOptions.Parse(["--dayz", "3"], NoEnvironment)).Message);
        Assert.Equal("option --db needs a value.", Assert.Throws<SampleUsageException>(() => SampleOptions.Parse(["--db"], NoEnvironment)).Message);
        Assert.Equal("option --db needs a value.", Assert.Throws<SampleUsageException>(() => SampleOptions.Parse(["--db", "--reset"], NoEnvironment)).Message);
    }

    [Fact]
    public void Parse_ThroughAndAudit_Read()
    {
        var options = SampleOptions.Parse(["--through", "2025-12-14", "--audit"], NoEnvironment);
        Assert.Equal((new NodaTime.LocalDate(2025, 12, 14), true), (options.Through, options.Audit));
    }

    [Fact]
    public void Parse_ThroughBadOrWithDays_Explains()
    {
        Assert.Equal("option --through must be a date written yyyy-MM-dd (was '14/12/2025').", Assert.Throws<SampleUsageException>(() => SampleOptions.Parse(["--through", "14/12/2025"], NoEnvironment)).Message);
        Assert.Equal("give --days or --through, not both.", Assert.Throws<SampleUsageException>(() => SampleOptions.Parse(["--days", "3", "--through", "2025-12-14"], NoEnvironment)).Message);
    }
}
