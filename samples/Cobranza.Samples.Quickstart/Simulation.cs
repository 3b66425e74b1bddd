using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Reports;
using Cobranza.Core.Running;
using Cobranza.Samples.Quickstart.Collections;
using Cobranza.Samples.Quickstart.Messaging;
using Cobranza.Samples.Quickstart.Portfolio;
using Cobranza.Samples.Quickstart.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cobranza.Samples.Quickstart;

/// <summary>What the simulation did (for the caller and the tests).</summary>
/// <param name="FirstDay">The first day simulated (0 is the start date).</param>
/// <param name="LastDay">The last day simulated (less than <paramref name="FirstDay"/> when nothing was).</param>
/// <param name="NoticesWritten">The notice files written.</param>
/// <param name="Poisoned">Decisions given up after their retries.</param>
/// <param name="AccountFailures">Accounts whose evaluation failed.</param>
/// <param name="StoppedAtCoverage">
/// Set when the run stopped short of the days asked because the bundled reference-rate tables end (the table and its
/// last day); null otherwise.
/// </param>
internal sealed record SimulationResult(int FirstDay, int LastDay, int NoticesWritten, int Poisoned, int AccountFailures, RateCoverage? StoppedAtCoverage = null);

/// <summary>
/// The day-by-day simulation: every simulated day at 15:00 UTC (a business hour in Madrid, Bogotá and Mexico City)
/// it issues that day's invoices, books that day's planned payments, then runs one collection cycle with the
/// library's <see cref="CollectionRunner"/> over the storage's adapters (SQLite, or PostgreSQL with <c>--postgres</c>).
/// The clock is the simulated day, never the machine's. The last day simulated is stored, so a second run continues where the first stopped; every write is
/// idempotent (invoice and payment ids, charge keys, journal claims, one .eml per key), so a crash and a rerun
/// duplicate nothing: the day the crash interrupted is simulated again and reproduces what was stored. One run at a
/// time holds the database and the outbox (<see cref="SampleLock"/>; on PostgreSQL an advisory lock); each run has its
/// own worker id, and the decisions a killed run had claimed without recording an outcome are retried at once.
/// </summary>
internal sealed class Simulation
{
    /// <summary>The first simulated day of a new database (a Monday; the reference-rate tables cover the default 90 days).</summary>
    public static readonly LocalDate DefaultStartDate = new(2025, 12, 1);

    /// <summary>The instant of the daily run: 15:00 UTC.</summary>
    public static readonly LocalTime RunTime = new(15, 0);

    private readonly SampleOptions _options;
    private readonly TextWriter _out;

    public Simulation(SampleOptions options, TextWriter output)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _out = output ?? throw new ArgumentNullException(nameof(output));
    }

    public static Instant InstantOf(LocalDate day) => day.At(RunTime).InUtc().ToInstant();

    /// <summary>A worker id of its own for each run: host, process id and a random suffix (process ids repeat in containers).</summary>
    public static string NewWorkerId()
        => string.Create(CultureInfo.InvariantCulture, $"quickstart@{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    /// <exception cref="SampleBusyException">Another run holds the database or the outbox.</exception>
    /// <exception cref="SampleUsageException">The options do not fit the stored database.</exception>
    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var storage = await SampleStorage.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        var (generator, customers, dayReached) = await InitialiseAsync(storage, cancellationToken).ConfigureAwait(false);
        var start = generator.StartDate;
        int firstDay = dayReached + 1;
        var coverage = RateCoverage.Of(CountryLateCharges.All, start);
        var (lastDay, stoppedAt) = LastDay(start, dayReached, coverage);
        int days = Math.Max(0, lastDay - dayReached);

        // The host's wiring: the library's AddCobranza with the sample's adapters (store and journal over SQLite or
        // PostgreSQL, .eml outbox, renderer, action handlers). The engine, the default policy and the runner come from
        // the library.
        var tally = new ActionTally();
        INotificationSender? relay = _options.Smtp is { } smtp ? new SmtpSender(smtp, storage.EmailOf, _options.From) : null;
        var outbox = new EmlOutboxSender(_options.OutboxPath, storage.EmailOf, _options.From, relay);
        // Under the lock no other run is between a claim and its record, or writing a file: what is half done was left
        // by a run that was killed.
        int abandoned = await storage.ReleaseAbandonedClaimsAsync(cancellationToken).ConfigureAwait(false);
        outbox.RemoveAbandonedTemporaryFiles();
        var services = new ServiceCollection();
        services.AddSingleton(tally);
        services.AddSingleton<INotificationSender>(outbox);
        services.AddCobranza(cobranza => cobranza
            .UseStore(storage.Store)
            .UseJournal(storage.Journal)
            .UseRenderer<SampleNoticeRenderer>()
            .UsePaymentLinks<SamplePaymentLinks>()
            .UseLateCharges<CountryLateCharges>()
            .UseActionHandler(new TalliedChargeHandler(storage.LedgerAt, tally, EscalationActionKind.ChargeLateInterest))
            .UseActionHandler(new TalliedChargeHandler(storage.LedgerAt, tally, EscalationActionKind.ApplyLateFee))
            .UseActionHandler<RecordingActionHandler>()
            // SQLite has one writer at a time: a second worker thread only waits on its lock. (PostgreSQL would take
            // more; one keeps the two storages' runs alike.)
            .ConfigureRun(RunOptions.Default with { WorkerId = NewWorkerId(), MaxDegreeOfParallelism = 1, PageSize = 200 }));
        await using var provider = services.BuildServiceProvider();
        provider.ValidateCobranza();
        var runner = provider.GetRequiredService<CollectionRunner>();
        var runOptions = provider.GetRequiredService<RunOptions>();

        var en = CultureInfo.GetCultureInfo("en-GB");
        _out.WriteLine($"Cobranza.Core quickstart — {customers.Count} customers in Spain, Colombia and Mexico (seed {generator.Seed})");
        _out.WriteLine($"Database: {storage.Description}");
        _out.WriteLine($"Outbox:   {outbox.Outbox}{(relay is null ? string.Empty : $" (and SMTP {_options.Smtp!.Host}:{_options.Smtp.Port})")}");
        _out.WriteLine(dayReached < 0
            ? $"Simulating {days} days from {start:uuuu-MM-dd}."
            : $"Continuing from the stored state: {dayReached + 1} days simulated ({start:uuuu-MM-dd} to {start.PlusDays(dayReached):uuuu-MM-dd}); {days} more.");
        if (abandoned > 0)
        {
            _out.WriteLine(abandoned == 1
                ? "An earlier run was interrupted: 1 decision it had claimed without recording an outcome is retried now."
                : $"An earlier run was interrupted: {abandoned} decisions it had claimed without recording an outcome are retried now.");
        }

        if (days == 0)
        {
            _out.WriteLine(stoppedAt is null
                ? $"Already simulated through {start.PlusDays(dayReached):uuuu-MM-dd}; nothing to do."
                : $"Already simulated through {start.PlusDays(dayReached):uuuu-MM-dd}: {stoppedAt.Describe()} ends on {stoppedAt.LastDay:uuuu-MM-dd} and late interest after it cannot be computed (the library never guesses a rate), so nothing more can be simulated. --reset starts over.");
            return new SimulationResult(firstDay, dayReached, 0, 0, 0, stoppedAt);
        }

        if (stoppedAt is not null)
        {
            _out.WriteLine($"{Capitalised(stoppedAt.Describe())} ends on {stoppedAt.LastDay:uuuu-MM-dd}: late interest after it cannot be computed (the library never guesses a rate), so this run stops there ({days} of the {_options.Days} days asked).");
        }

        _out.WriteLine();
        var before = AgingReport.ForPortfolio(await storage.AllAccountsAsync(cancellationToken).ConfigureAwait(false), start.PlusDays(firstDay));
        _out.WriteLine($"Aging before ({before.AsOf:uuuu-MM-dd}):");
        _out.WriteLine(before.Render(en));

        int poisoned = 0, failures = 0;
        var progress = new ProgressBar(_out, days, Console.IsOutputRedirected || !ReferenceEquals(_out, Console.Out));
        for (int d = firstDay; d <= lastDay; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var day = start.PlusDays(d);
            var at = InstantOf(day);
            await storage.AddItemsAsync(generator.ItemsIssuedOn(day, customers), at, cancellationToken).ConfigureAwait(false);
            await storage.ApplyPlannedPaymentsAsync(day, at, cancellationToken).ConfigureAwait(false);
            var summary = await runner.RunCycleAsync(at, runOptions, cancellationToken).ConfigureAwait(false);
            poisoned += summary.Poisoned.Length;
            failures += summary.AccountFailures.Length;
            foreach (var failure in summary.AccountFailures.Take(3))
            {
                progress.Note($"{day:uuuu-MM-dd}: account {failure.AccountId} failed: {failure.Error}");
            }

            foreach (var p in summary.Poisoned.Take(3))
            {
                progress.Note($"{day:uuuu-MM-dd}: gave up {p.IdempotencyKey} after {p.Attempts} attempts: {p.Reason}");
            }

            await storage.SetMetaAsync("day_reached", d.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            progress.Report(d - firstDay + 1, day, summary.AccountsEvaluated);
        }

        progress.Done();
        var report = await storage.ReportAsync(start.PlusDays(firstDay), start.PlusDays(lastDay), cancellationToken).ConfigureAwait(false);
        var after = AgingReport.ForPortfolio(await storage.AllAccountsAsync(cancellationToken).ConfigureAwait(false), start.PlusDays(lastDay + 1));
        report.Write(_out, outbox.Outbox, tally);
        _out.WriteLine();
        _out.WriteLine($"Aging after ({after.AsOf:uuuu-MM-dd}):");
        _out.WriteLine(after.Render(en));
        if (poisoned + failures > 0)
        {
            _out.WriteLine($"Attention: {poisoned} decisions given up and {failures} account failures (see above; they are in the journal).");
        }

        _out.WriteLine(stoppedAt is null
            ? coverage is null
                ? $"Run it again to continue from {start.PlusDays(lastDay + 1):uuuu-MM-dd}; --reset starts over."
                : $"Run it again to continue from {start.PlusDays(lastDay + 1):uuuu-MM-dd} (up to {coverage.LastDay:uuuu-MM-dd}, the last day the bundled reference-rate tables cover); --reset starts over."
            : $"Simulated through {stoppedAt.LastDay:uuuu-MM-dd}, the last day {stoppedAt.Describe()} covers; --reset starts over.");
        return new SimulationResult(firstDay, lastDay, report.NoticesWritten, poisoned, failures, stoppedAt);
    }

    /// <summary>
    /// The last day to simulate, and the coverage when it stops a <c>--days</c> run short. <c>--through</c> past the
    /// coverage is refused before anything is simulated: the date was asked for and cannot be reached.
    /// </summary>
    private (int LastDay, RateCoverage? StoppedAt) LastDay(LocalDate start, int dayReached, RateCoverage? coverage)
    {
        int covered = coverage is null ? int.MaxValue : Period.DaysBetween(start, coverage.LastDay);
        if (_options.Through is not { } through)
        {
            int asked = dayReached + _options.Days;
            return asked <= covered ? (asked, null) : (Math.Max(covered, dayReached), coverage);
        }

        int last = Period.DaysBetween(start, through);
        if (last < 0 || last - dayReached > 3650)
        {
            throw new SampleUsageException($"option --through must be a date from {start:uuuu-MM-dd} to {start.PlusDays(dayReached + 3650):uuuu-MM-dd} for this database (was {through:uuuu-MM-dd}).");
        }

        if (last > covered)
        {
            throw new SampleUsageException($"option --through {through:uuuu-MM-dd} is after {coverage!.LastDay:uuuu-MM-dd}, the last day {coverage.Describe()} covers: late interest after it cannot be computed (the library never guesses a rate). Give --through {coverage.LastDay:uuuu-MM-dd} or an earlier date.");
        }

        return (last, null);
    }

    private static string Capitalised(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);

    private async Task<(PortfolioGenerator Generator, IReadOnlyList<SampleCustomer> Customers, int DayReached)> InitialiseAsync(ISampleStorage storage, CancellationToken cancellationToken)
    {
        var storedSeed = await storage.GetMetaAsync("seed", cancellationToken).ConfigureAwait(false);
        int seed = _options.Seed ?? (storedSeed is null ? SampleOptions.DefaultSeed : int.Parse(storedSeed, CultureInfo.InvariantCulture));
        if (storedSeed is not null && seed != int.Parse(storedSeed, CultureInfo.InvariantCulture))
        {
            throw new SampleUsageException($"the database '{storage.Description}' was seeded with --seed {storedSeed}, not {seed}; pass --reset to start over with seed {seed}.");
        }

        var storedCustomers = await storage.GetMetaAsync("customers", cancellationToken).ConfigureAwait(false);
        int customerCount = storedCustomers is null ? _options.Customers : int.Parse(storedCustomers, CultureInfo.InvariantCulture);
        var storedStart = await storage.GetMetaAsync("start_date", cancellationToken).ConfigureAwait(false);
        var start = storedStart is null ? DefaultStartDate : Sql.Date(storedStart);
        var generator = new PortfolioGenerator(seed, customerCount, start);
        var customers = generator.Customers();
        if (await storage.GetMetaAsync("initialised", cancellationToken).ConfigureAwait(false) is null)
        {
            // Idempotent inserts: an interrupted initialisation is completed by the next run.
            await storage.SetMetaAsync("seed", seed.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await storage.SetMetaAsync("customers", customerCount.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await storage.SetMetaAsync("start_date", Sql.Date(start), cancellationToken).ConfigureAwait(false);
            await storage.AddCustomersAsync(customers, cancellationToken).ConfigureAwait(false);
            await storage.AddItemsAsync(generator.OpeningItems(customers), InstantOf(start), cancellationToken).ConfigureAwait(false);
            await storage.SetMetaAsync("day_reached", "-1", cancellationToken).ConfigureAwait(false);
            await storage.SetMetaAsync("initialised", "1", cancellationToken).ConfigureAwait(false);
        }

        int dayReached = int.Parse(await storage.GetMetaAsync("day_reached", cancellationToken).ConfigureAwait(false) ?? "-1", CultureInfo.InvariantCulture);
        return (generator, customers, dayReached);
    }
}

/// <summary>A text progress bar (one line redrawn on a terminal; when redirected, a line per day for up to 31 days, else every tenth of the run).</summary>
internal sealed class ProgressBar(TextWriter output, int total, bool redirected)
{
    private const int Width = 30;
    private int _lastStep = -1;

    public void Report(int done, LocalDate day, int accounts)
    {
        int filled = total == 0 ? Width : done * Width / total;
        var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', Width - filled)}] {done,3}/{total} {day:uuuu-MM-dd} ({accounts} accounts evaluated)");
        if (!redirected)
        {
            output.Write("\r" + line);
            return;
        }

        // Redirected: a line per day for a run of up to a month (the crash test waits on them), else every tenth.
        int step = total <= 31 ? done : done * 10 / total;
        if (step != _lastStep || done == total)
        {
            _lastStep = step;
            output.WriteLine(line);
        }
    }

    public void Note(string text)
    {
        if (!redirected)
        {
            output.WriteLine();
        }

        output.WriteLine(text);
    }

    public void Done()
    {
        if (!redirected)
        {
            output.WriteLine();
        }

        output.WriteLine();
    }
}
