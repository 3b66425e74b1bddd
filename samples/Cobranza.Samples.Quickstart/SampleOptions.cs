using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Cobranza.Samples.Quickstart.Messaging;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Samples.Quickstart;

/// <summary>Bad command-line input: the message names the option and the value.</summary>
internal sealed class SampleUsageException(string message) : Exception(message);

/// <summary>The sample's options, from the command line and the environment.</summary>
internal sealed record SampleOptions
{
    public const int DefaultSeed = 20251201;
    public const int DefaultDays = 90;
    public const int DefaultCustomers = 300;

    public const string Usage = """
        Usage: dotnet run --project samples/Cobranza.Samples.Quickstart -c Release -- [options]

          --days N        simulated days to run (1-3650, default 90); a second run continues where the first stopped,
                          up to the last day the bundled reference-rate tables cover (2026-03-31), where it stops
          --through DATE  instead of --days: simulate up to and including DATE (yyyy-MM-dd); nothing when already there;
                          a DATE after the last day the bundled reference-rate tables cover is refused
          --db PATH       SQLite database file (default: cobranza-quickstart/quickstart.db)
          --postgres CS   instead of --db: keep the journal, the schedule and the accounts (an event store) in
                          PostgreSQL (an Npgsql connection string); the same seed gives the same notices as SQLite
          --schema NAME   with --postgres: the schema of the sample's tables (default cobranza_quickstart); --reset
                          drops and recreates it
          --outbox DIR    folder for the .eml notices (default: cobranza-quickstart/outbox)
          --reset         delete the database and the outbox's .eml files first
          --seed N        seed of the sample portfolio (default 20251201; fixed once the database exists)
          --customers N   customers in a new database (1-100000, default 300)
          --smtp-host H   also send the e-mail notices over SMTP (or COBRANZA_SMTP_HOST); --smtp-port P (587),
                          COBRANZA_SMTP_USER / COBRANZA_SMTP_PASSWORD, --from ADDRESS
          --audit         simulate nothing: check the outbox against the journal (every dispatched notice has its
                          one .eml, no key twice) and print the stored state as sorted lines; exit 1 on a mismatch
          --help          this text
        """;

    public int Days { get; init; } = DefaultDays;

    /// <summary>The last day to simulate (instead of <see cref="Days"/>), or null.</summary>
    public LocalDate? Through { get; init; }

    /// <summary>Check and print the stored state instead of simulating.</summary>
    public bool Audit { get; init; }

    public string DatabasePath { get; init; } = Path.Combine("cobranza-quickstart", "quickstart.db");

    public string OutboxPath { get; init; } = Path.Combine("cobranza-quickstart", "outbox");

    public bool Reset { get; init; }

    /// <summary>An Npgsql connection string: the run keeps its state in PostgreSQL instead of the SQLite file.</summary>
    public string? Postgres { get; init; }

    /// <summary>The PostgreSQL schema of the sample's tables (with <see cref="Postgres"/>).</summary>
    public string Schema { get; init; } = DefaultSchema;

    public const string DefaultSchema = "cobranza_quickstart";

    /// <summary>The seed asked for, or null to use the stored (or default) one.</summary>
    public int? Seed { get; init; }

    public int Customers { get; init; } = DefaultCustomers;

    public SmtpSettings? Smtp { get; init; }

    public string From { get; init; } = "cobros@cobranza-demo.example";

    public bool Help { get; init; }

    /// <summary>Parses the arguments; the environment supplies the SMTP settings not given.</summary>
    /// <exception cref="SampleUsageException">An option is unknown, lacks its value or has a bad one.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new SampleOptions();
        string? smtpHost = environment("COBRANZA_SMTP_HOST");
        string? smtpPort = environment("COBRANZA_SMTP_PORT");
        bool daysGiven = false, dbGiven = false, schemaGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new SampleUsageException($"option {arg} needs a value.");
                }

                return args[++i];
            }

            options = arg switch
            {
                "--days" => Given(ref daysGiven, options with { Days = Int(arg, Value(), 1, 3650) }),
                "--through" => options with { Through = Date(arg, Value()) },
                "--audit" => options with { Audit = true },
                "--db" => Given(ref dbGiven, options with { DatabasePath = NotEmpty(arg, Value()) }),
                "--postgres" => options with { Postgres = NotEmpty(arg, Value()) },
                "--schema" => Given(ref schemaGiven, options with { Schema = SchemaName(arg, Value()) }),
                "--outbox" => options with { OutboxPath = NotEmpty(arg, Value()) },
                "--reset" => options with { Reset = true },
                "--seed" => options with { Seed = Int(arg, Value(), 0, int.MaxValue) },
                "--customers" => options with { Customers = Int(arg, Value(), 1, 100_000) },
                "--from" => options with { From = NotEmpty(arg, Value()) },
                "--help" or "-h" => options with { Help = true },
                "--smtp-host" => Set(ref smtpHost, Value(), options),
                "--smtp-port" => Set(ref smtpPort, Value(), options),
                _ => throw new SampleUsageException($"unknown option '{arg}'; see --help."),
            };
        }

        if (daysGiven && options.Through is not null)
        {
            throw new SampleUsageException("give --days or --through, not both.");
        }

        if (dbGiven && options.Postgres is not null)
        {
            throw new SampleUsageException("give --db (SQLite) or --postgres (PostgreSQL), not both.");
        }

        if (schemaGiven && options.Postgres is null)
        {
            throw new SampleUsageException("option --schema names a PostgreSQL schema: give it with --postgres.");
        }

        if (!string.IsNullOrWhiteSpace(smtpHost))
        {
            int port = string.IsNullOrWhiteSpace(smtpPort) ? 587 : Int("--smtp-port", smtpPort, 1, 65535);
            options = options with
            {
                Smtp = new SmtpSettings(smtpHost, port, environment("COBRANZA_SMTP_USER"), environment("COBRANZA_SMTP_PASSWORD"), StartTls: port != 25),
            };
        }

        return options;
    }

    private static SampleOptions Set(ref string? target, string value, SampleOptions options)
    {
        target = value;
        return options;
    }

    private static SampleOptions Given(ref bool given, SampleOptions options)
    {
        given = true;
        return options;
    }

    private static LocalDate Date(string option, string value)
    {
        var parsed = LocalDatePattern.Iso.Parse(value);
        return parsed.Success ? parsed.Value : throw new SampleUsageException($"option {option} must be a date written yyyy-MM-dd (was '{value}').");
    }

    private static string SchemaName(string option, string value)
        => System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z_][a-z0-9_]{0,62}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)
            ? value
            : throw new SampleUsageException($"option {option} must be a lower-case identifier (letters, digits, underscores; at most 63 characters) (was '{value}').");

    private static string NotEmpty(string option, string value)
        => string.IsNullOrWhiteSpace(value) ? throw new SampleUsageException($"option {option} needs a non-empty value (was '{value}').") : value;

    private static int Int(string option, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
        {
            throw new SampleUsageException($"option {option} must be a whole number from {min} to {max} (was '{value}').");
        }

        return n;
    }
}
