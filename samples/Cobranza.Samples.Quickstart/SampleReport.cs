using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Collections;
using Cobranza.Samples.Quickstart.Storage;
using NodaTime;

namespace Cobranza.Samples.Quickstart;

/// <summary>
/// The summary of a simulated period, read back from the database (so it is the same whether the period ran in one
/// process or was resumed after a crash): decisions by stage, action and channel, interest and fees charged, and
/// payments collected, per currency.
/// </summary>
internal sealed record SampleReport(
    IReadOnlyList<(string Stage, EscalationActionKind Action, NotificationChannel? Channel, DecisionOutcome Outcome, int Count)> Decisions,
    IReadOnlyList<(ChargeKind Kind, string Currency, decimal Amount)> Charges,
    IReadOnlyList<(string Currency, int Count, decimal Amount)> Collected,
    LocalDate From,
    LocalDate Through)
{
    /// <summary>How many notices (messages written to the outbox) the period dispatched.</summary>
    public int NoticesWritten => Decisions
        .Where(d => d.Outcome == DecisionOutcome.Dispatched && d.Channel is not null and not NotificationChannel.PhoneCall
            && d.Action is EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice)
        .Sum(d => d.Count);

    public static SampleReport Read(SampleDatabase database, LocalDate from, LocalDate through)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        var decisions = new List<(string, EscalationActionKind, NotificationChannel?, DecisionOutcome, int)>();
        using (var command = connection.CreateCommand())
        {
            // Decisions made during the period (each simulated day runs at 15:00 UTC, so the day's window is [day, day+1)).
            command.CommandText = """
                SELECT stage_id, action, channel, state, COUNT(*) FROM journal
                WHERE decided_at >= $from AND decided_at < $to
                GROUP BY stage_id, action, channel, state
                ORDER BY MIN(seq)
                """;
            command.Parameters.AddWithValue("$from", Sql.Ticks(from.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()));
            command.Parameters.AddWithValue("$to", Sql.Ticks(through.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                decisions.Add((reader.GetString(0), (EscalationActionKind)reader.GetInt32(1), reader.IsDBNull(2) ? null : (NotificationChannel)reader.GetInt32(2), (DecisionOutcome)reader.GetInt32(3), reader.GetInt32(4)));
            }
        }

        var charges = new List<(ChargeKind, string, decimal)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT c.kind, a.currency, c.amount FROM charges c JOIN accounts a ON a.account_id = c.account_id
                WHERE c.charged_on >= $from AND c.charged_on <= $through
                """;
            command.Parameters.AddWithValue("$from", Sql.Date(from));
            command.Parameters.AddWithValue("$through", Sql.Date(through));
            using var reader = command.ExecuteReader();
            var sums = new SortedDictionary<(int, string), decimal>();
            while (reader.Read())
            {
                var key = (reader.GetInt32(0), reader.GetString(1));
                sums[key] = sums.GetValueOrDefault(key) + Sql.Decimal(reader.GetString(2)); // exact decimal sums, never SQL REAL
            }

            charges.AddRange(sums.Select(s => ((ChargeKind)s.Key.Item1, s.Key.Item2, s.Value)));
        }

        var collected = new List<(string, int, decimal)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT a.currency, p.amount FROM payments p JOIN accounts a ON a.account_id = p.account_id
                WHERE p.received_on >= $from AND p.received_on <= $through
                """;
            command.Parameters.AddWithValue("$from", Sql.Date(from));
            command.Parameters.AddWithValue("$through", Sql.Date(through));
            using var reader = command.ExecuteReader();
            var sums = new SortedDictionary<string, (int Count, decimal Amount)>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var currency = reader.GetString(0);
                var (count, amount) = sums.GetValueOrDefault(currency);
                sums[currency] = (count + 1, amount + Sql.Decimal(reader.GetString(1)));
            }

            collected.AddRange(sums.Select(s => (s.Key, s.Value.Count, s.Value.Amount)));
        }

        return new SampleReport(decisions, charges, collected, from, through);
    }

    /// <summary>
    /// The summary from the journal's decisions of the period and the accounts' ledgers (a storage without tables of
    /// charges and payments: the event store): charges by kind and currency, payments by currency, exact decimal sums.
    /// </summary>
    public static SampleReport FromAccounts(
        IReadOnlyList<(string Stage, EscalationActionKind Action, NotificationChannel? Channel, DecisionOutcome Outcome, int Count)> decisions,
        IReadOnlyList<CustomerAccount> accounts,
        LocalDate from,
        LocalDate through)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(accounts);
        var charges = new SortedDictionary<(int Kind, string Currency), decimal>();
        var collected = new SortedDictionary<string, (int Count, decimal Amount)>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            foreach (var charge in account.Charges.Where(c => c.ChargedOn >= from && c.ChargedOn <= through))
            {
                var key = ((int)charge.Kind, account.Currency.Code);
                charges[key] = charges.GetValueOrDefault(key) + charge.Amount.Amount;
            }

            foreach (var payment in account.Payments.Where(p => p.ReceivedOn >= from && p.ReceivedOn <= through))
            {
                var (count, amount) = collected.GetValueOrDefault(account.Currency.Code);
                collected[account.Currency.Code] = (count + 1, amount + payment.Amount.Amount);
            }
        }

        return new SampleReport(
            decisions,
            [.. charges.Select(c => ((ChargeKind)c.Key.Kind, c.Key.Currency, c.Value))],
            [.. collected.Select(c => (c.Key, c.Value.Count, c.Value.Amount))],
            from,
            through);
    }

    public void Write(TextWriter output, string outbox, ActionTally tally)
    {
        ArgumentNullException.ThrowIfNull(output);
        var en = CultureInfo.GetCultureInfo("en-GB");
        output.WriteLine($"Summary {From:uuuu-MM-dd} to {Through:uuuu-MM-dd}");
        output.WriteLine();
        output.WriteLine("Decisions by stage, action and channel:");
        output.WriteLine($"  {"stage",-20} {"action",-20} {"channel",-10} {"outcome",-11} {"count",7}");
        foreach (var (stage, action, channel, outcome, count) in Decisions)
        {
            output.WriteLine(string.Create(en, $"  {stage,-20} {action,-20} {channel?.ToString() ?? "-",-10} {outcome,-11} {count,7}"));
        }

        if (Decisions.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        output.WriteLine();
        output.WriteLine($"Notices written to {outbox}: {NoticesWritten}");
        output.WriteLine();
        output.WriteLine("Interest and fees charged:");
        foreach (var (kind, currency, amount) in Charges)
        {
            output.WriteLine($"  {(kind == ChargeKind.Interest ? "late interest" : "fees"),-14} {Money.Of(amount, Currency.FromCode(currency)).ToString(null, en),20}");
        }

        if (Charges.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        output.WriteLine();
        output.WriteLine("Collected:");
        foreach (var (currency, count, amount) in Collected)
        {
            output.WriteLine($"  {count,5} payments {Money.Of(amount, Currency.FromCode(currency)).ToString(null, en),24}");
        }

        if (Collected.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        if (tally.Counts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Actions handed to people (this process): " + string.Join(", ", tally.Counts.Select(c => $"{c.Kind} {c.Count}")));
        }
    }
}
