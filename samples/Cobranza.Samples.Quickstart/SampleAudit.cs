using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Receivables;
using Cobranza.Core.Escalation;
using Cobranza.Samples.Quickstart.Messaging;
using Cobranza.Samples.Quickstart.Storage;
using MimeKit;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Samples.Quickstart;

/// <summary>
/// <c>--audit</c>: checks the outbox against the journal and prints the stored state as sorted lines, so that two
/// databases (one run straight through, one killed and resumed) can be compared with <c>diff</c>. The checks: every
/// <c>.eml</c> file carries one idempotency key and no key is in two files; every notice the journal records as
/// dispatched to the outbox has its file, under the key it names; every file has a dispatched journal entry; no
/// temporary file is left. The lines: <c>decision</c> (action, key, outcome, reference), <c>payment</c> (with its
/// allocations), <c>charge</c>, <c>item</c> (what was paid and charged on it) and <c>outbox</c> (file, key, SHA-256
/// of its bytes). Worker ids, attempt counts and recording instants are left out: they differ from run to run by design.
/// </summary>
internal static class SampleAudit
{
    /// <summary>Runs the audit; the lines go to <paramref name="output"/>, the problems to <paramref name="problems"/>.</summary>
    /// <returns>How many problems were found.</returns>
    /// <exception cref="SampleBusyException">A run holds the database or the outbox.</exception>
    /// <exception cref="SampleUsageException">There is no database at the path.</exception>
    public static int Run(SampleOptions options, TextWriter output, TextWriter problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(problems);
        if (!File.Exists(options.DatabasePath))
        {
            throw new SampleUsageException($"option --db: there is no database at '{Path.GetFullPath(options.DatabasePath)}' to audit.");
        }

        using var gate = SampleLock.Acquire(options.DatabasePath, options.OutboxPath);
        var database = new SampleDatabase(options.DatabasePath);
        var lines = new List<string>();
        var journal = Rows(database, """
            SELECT idempotency_key, action, state, IFNULL(reference, '') FROM journal
            """, r => (Key: r.GetString(0), Action: (EscalationActionKind)r.GetInt32(1), State: (DecisionOutcome)r.GetInt32(2), Reference: r.GetString(3)));
        lines.AddRange(journal.Select(j => $"decision {j.Action} {j.Key} {j.State} {j.Reference}"));
        lines.AddRange(Rows(database, """
            SELECT p.reference, p.account_id, p.received_on, p.amount, IFNULL(p.method, ''), a.item_id, a.fees, a.interest, a.principal, a.discount
            FROM payments p LEFT JOIN allocations a ON a.reference = p.reference
            """, r => "payment " + string.Join(' ', Enumerable.Range(0, 10).Select(i => r.IsDBNull(i) ? "-" : r.GetString(i)))));
        lines.AddRange(Rows(database, """
            SELECT account_id, charge_key, item_id, charged_on, kind, amount, description, IFNULL(through, '-') FROM charges
            """, r => "charge " + string.Join(' ', Enumerable.Range(0, 8).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
        lines.AddRange(Rows(database, """
            SELECT item_id, principal_paid, credited, discount_taken, interest_charged, interest_paid, fees_charged, fees_paid,
                   IFNULL(interest_posted_through, '-'), IFNULL(settled_on, '-') FROM items
            """, r => "item " + string.Join(' ', Enumerable.Range(0, 10).Select(r.GetString))));

        return Check(journal, lines, options.OutboxPath, output, problems);
    }

    /// <summary>
    /// <c>--audit</c> with <c>--postgres</c>: the same checks and lines from the PostgreSQL journal and the event store's
    /// snapshots (each line written as the SQLite audit writes it, so the two audits of one seed compare with <c>diff</c>).
    /// </summary>
    /// <returns>How many problems were found.</returns>
    /// <exception cref="SampleBusyException">A run holds the schema or the outbox.</exception>
    /// <exception cref="SampleUsageException">The schema holds no quickstart database.</exception>
    public static async Task<int> RunAsync(SampleOptions options, TextWriter output, TextWriter problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is null)
        {
            return Run(options, output, problems);
        }

        if (!await PostgresSampleStorage.HoldsASampleAsync(options, cancellationToken).ConfigureAwait(false))
        {
            throw new SampleUsageException($"option --schema: schema '{options.Schema}' holds no quickstart database to audit.");
        }

        await using var storage = await PostgresSampleStorage.OpenAsync(options with { Reset = false }, cancellationToken).ConfigureAwait(false);
        if (await storage.GetMetaAsync("initialised", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new SampleUsageException($"option --schema: the {storage.Description} holds no quickstart database to audit.");
        }

        var journal = await storage.JournalEntriesAsync(cancellationToken).ConfigureAwait(false);
        var lines = journal.Select(j => $"decision {j.Action} {j.Key} {j.State} {j.Reference}").ToList();
        foreach (var account in await storage.AllAccountsAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.AddRange(StateLines(account));
        }

        return Check(journal, lines, options.OutboxPath, output, problems);
    }

    /// <summary>An account's payments, charges and items as the SQLite audit's lines.</summary>
    private static IEnumerable<string> StateLines(CustomerAccount account)
    {
        static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        static string Date(LocalDate? d) => d is { } day ? LocalDatePattern.Iso.Format(day) : "-";
        foreach (var p in account.Payments)
        {
            var head = $"payment {p.Reference} {account.Id} {Date(p.ReceivedOn)} {N(p.Amount.Amount)} {p.Method ?? string.Empty}";
            if (p.Allocations.IsEmpty)
            {
                yield return head + " - - - - -";
            }

            foreach (var a in p.Allocations)
            {
                yield return $"{head} {a.ItemId} {N(a.Fees.Amount)} {N(a.Interest.Amount)} {N(a.Principal.Amount)} {N(a.Discount.Amount)}";
            }
        }

        foreach (var c in account.Charges)
        {
            yield return $"charge {account.Id} {c.Key} {c.ItemId} {Date(c.ChargedOn)} {(int)c.Kind} {N(c.Amount.Amount)} {c.Description} {Date(c.Through)}";
        }

        foreach (var i in account.Items)
        {
            yield return $"item {i.Id} {N(i.PrincipalPaid.Amount)} {N(i.Credited.Amount)} {N(i.DiscountTaken.Amount)} {N(i.InterestCharged.Amount)} {N(i.InterestPaid.Amount)} " +
                $"{N(i.FeesCharged.Amount)} {N(i.FeesPaid.Amount)} {Date(i.InterestPostedThrough)} {Date(i.SettledOn)}";
        }
    }

    private static int Check(
        IReadOnlyList<(string Key, EscalationActionKind Action, DecisionOutcome State, string Reference)> journal,
        List<string> lines,
        string outboxPath,
        TextWriter output,
        TextWriter problems)
    {
        var found = new List<string>();
        var outbox = Path.GetFullPath(outboxPath);
        var files = Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [];
        var fileOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var keys = MimeMessage.Load(file).Headers.Where(h => h.Field.Equals(NoticeMessage.IdempotencyHeader, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            if (keys.Count != 1)
            {
                found.Add($"{name} carries {keys.Count} {NoticeMessage.IdempotencyHeader} headers, not one.");
                continue;
            }

            if (!fileOfKey.TryAdd(keys[0], name))
            {
                found.Add($"key {keys[0]} is in two files: {fileOfKey[keys[0]]} and {name}.");
            }

            lines.Add($"outbox {name} {keys[0]} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))}");
        }

        var dispatched = journal.Where(j => j.State == DecisionOutcome.Dispatched && j.Reference.StartsWith("eml:", StringComparison.Ordinal)).ToList();
        foreach (var (key, _, _, reference) in dispatched)
        {
            if (!fileOfKey.TryGetValue(key, out var name))
            {
                found.Add($"the journal records {key} as dispatched to {reference}, but no .eml file carries that key.");
            }
            else if (reference != "eml:" + name)
            {
                found.Add($"the journal records {key} as dispatched to {reference}, but the file carrying it is {name}.");
            }
        }

        var recorded = dispatched.Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        found.AddRange(fileOfKey.Where(f => !recorded.Contains(f.Key)).Select(f => $"{f.Value} carries {f.Key}, which the journal does not record as dispatched."));
        if (Directory.Exists(outbox))
        {
            found.AddRange(Directory.GetFiles(outbox, ".*.tmp").Select(f => $"temporary file {Path.GetFileName(f)} left in the outbox."));
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        foreach (var problem in found)
        {
            problems.WriteLine("audit: " + problem);
        }

        return found.Count;
    }

    private static List<T> Rows<T>(SampleDatabase database, string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> read)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
