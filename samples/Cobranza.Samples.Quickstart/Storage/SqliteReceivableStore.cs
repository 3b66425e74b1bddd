using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Portfolio;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// <see cref="IReceivableStore"/> over the sample's SQLite database. Paging is a keyset over
/// (next_evaluation_at, account_id) with the partition filtered in SQL on a stored stable hash, so saving a later
/// wake-up for an account already returned never shifts a page. Also holds the sample's bookkeeping writes
/// (customers, invoices, payments, charges) that a real host would keep in its own ledger.
/// </summary>
internal sealed class SqliteReceivableStore : IReceivableStore
{
    private readonly SampleDatabase _database;

    public SqliteReceivableStore(SampleDatabase database) => _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public ValueTask<DueAccountPage> GetDueAccountsAsync(DueAccountsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        long afterTicks = long.MinValue;
        string afterId = string.Empty;
        if (query.ContinuationToken is { } token)
        {
            var separator = token.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0 || !long.TryParse(token.AsSpan(0, separator), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out afterTicks))
            {
                throw new ArgumentException($"continuation token '{token}' was not issued by this store.", nameof(query));
            }

            afterId = token[(separator + 1)..];
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, next_evaluation_at FROM accounts
            WHERE next_evaluation_at IS NOT NULL AND next_evaluation_at <= $at
              AND (next_evaluation_at, account_id) > ($afterTicks, $afterId)
              AND ($count <= 1 OR partition_hash % $count = $index)
            ORDER BY next_evaluation_at, account_id
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$at", Sql.Ticks(query.DueAtOrBefore));
        command.Parameters.AddWithValue("$afterTicks", afterTicks);
        command.Parameters.AddWithValue("$afterId", afterId);
        command.Parameters.AddWithValue("$count", query.Partition.Count);
        command.Parameters.AddWithValue("$index", query.Partition.Index);
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        var accounts = ImmutableArray.CreateBuilder<DueAccount>(query.PageSize);
        bool more = false;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (accounts.Count == query.PageSize)
                {
                    more = true;
                    break;
                }

                accounts.Add(new DueAccount(reader.GetString(0), Sql.Instant(reader.GetInt64(1))));
            }
        }

        string? next = null;
        if (more)
        {
            var last = accounts[^1];
            next = string.Create(CultureInfo.InvariantCulture, $"{Sql.Ticks(last.NextEvaluationAt)}|{last.AccountId}");
        }

        return ValueTask.FromResult(new DueAccountPage(accounts.ToImmutable(), next));
    }

    /// <inheritdoc/>
    public ValueTask<CustomerAccount?> LoadAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        return ValueTask.FromResult(Load(connection, accountId, null));
    }

    /// <inheritdoc/>
    public ValueTask SaveNextEvaluationAsync(string accountId, Instant? nextEvaluationAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET next_evaluation_at = $next WHERE account_id = $id";
        command.Parameters.AddWithValue("$id", accountId);
        command.Parameters.AddWithValue("$next", nextEvaluationAt is { } next ? Sql.Ticks(next) : DBNull.Value);
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    /// <summary>Inserts customers (ignored when already there) without a wake-up.</summary>
    public void AddCustomers(IEnumerable<SampleCustomer> customers)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO accounts (account_id, display_name, language, time_zone, calendar_id, currency, email, behaviour, partition_hash)
            VALUES ($id, $name, $language, $zone, $calendar, $currency, $email, $behaviour, $hash)
            ON CONFLICT (account_id) DO NOTHING
            """;
        foreach (var customer in customers)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", customer.AccountId);
            command.Parameters.AddWithValue("$name", customer.DisplayName);
            command.Parameters.AddWithValue("$language", customer.Language);
            command.Parameters.AddWithValue("$zone", customer.TimeZoneId);
            command.Parameters.AddWithValue("$calendar", customer.CalendarId);
            command.Parameters.AddWithValue("$currency", customer.Currency.Code);
            command.Parameters.AddWithValue("$email", customer.Email);
            command.Parameters.AddWithValue("$behaviour", customer.Payer.ToString());
            command.Parameters.AddWithValue("$hash", (long)Partition.StableHash(customer.AccountId));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Inserts invoice items (ignored when already there) and wakes their accounts at <paramref name="wakeAt"/>.</summary>
    /// <returns>How many items were new.</returns>
    public int AddItems(IEnumerable<SampleItem> items, Instant wakeAt)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO items (item_id, account_id, invoice_id, portion_index, issue_date, due_date, amount, pay_on, pay_share, rest_on)
            VALUES ($id, $account, $invoice, $portion, $issue, $due, $amount, $payOn, $share, $restOn)
            ON CONFLICT (item_id) DO NOTHING
            """;
        int added = 0;
        foreach (var item in items)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", item.ItemId);
            insert.Parameters.AddWithValue("$account", item.AccountId);
            insert.Parameters.AddWithValue("$invoice", item.InvoiceId);
            insert.Parameters.AddWithValue("$portion", item.PortionIndex);
            insert.Parameters.AddWithValue("$issue", Sql.Date(item.IssueDate));
            insert.Parameters.AddWithValue("$due", Sql.Date(item.DueDate));
            insert.Parameters.AddWithValue("$amount", Sql.Decimal(item.Amount.Amount));
            insert.Parameters.AddWithValue("$payOn", item.PayOn is { } payOn ? Sql.Date(payOn) : DBNull.Value);
            insert.Parameters.AddWithValue("$share", Sql.Decimal(item.PayShare));
            insert.Parameters.AddWithValue("$restOn", item.RestOn is { } restOn ? Sql.Date(restOn) : DBNull.Value);
            if (insert.ExecuteNonQuery() == 1)
            {
                added++;
                Touch(connection, transaction, item.AccountId, wakeAt);
            }
        }

        transaction.Commit();
        return added;
    }

    /// <summary>
    /// Records today's planned payments: for each open item whose planned payment (or planned rest) falls on
    /// <paramref name="day"/>, a payment applied to that item fees first, then interest, then principal. A payment's
    /// reference is derived from the item and the day, so replaying a day cannot pay twice.
    /// </summary>
    /// <returns>The payments made, per currency.</returns>
    public IReadOnlyList<Money> ApplyPlannedPayments(LocalDate day, Instant wakeAt)
    {
        var paid = new List<Money>();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var due = new List<(string ItemId, string AccountId, Currency Currency, decimal Share, bool IsRest)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """
                SELECT i.item_id, i.account_id, a.currency, i.pay_share, i.rest_on = $day
                FROM items i JOIN accounts a ON a.account_id = i.account_id
                WHERE i.settled_on IS NULL AND (i.pay_on = $day OR i.rest_on = $day)
                ORDER BY i.item_id
                """;
            select.Parameters.AddWithValue("$day", Sql.Date(day));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                due.Add((reader.GetString(0), reader.GetString(1), Currency.FromCode(reader.GetString(2)), Sql.Decimal(reader.GetString(3)), !reader.IsDBNull(4) && reader.GetInt64(4) == 1));
            }
        }

        foreach (var (itemId, accountId, currency, share, isRest) in due)
        {
            var reference = $"PAY-{itemId}-{day:yyyyMMdd}";
            if (Exists(connection, transaction, "SELECT 1 FROM payments WHERE reference = $id", reference))
            {
                continue;
            }

            var item = ReadItem(connection, transaction, itemId, currency);
            var outstanding = item.Outstanding;
            if (!outstanding.IsPositive)
            {
                continue;
            }

            // The first of two instalments pays a share of what is owed now; the last pays all that is left.
            var amount = isRest || share >= 1m ? outstanding : (outstanding * share).Round(MidpointRounding.ToEven);
            var fees = Money.Min(amount, item.FeesOutstanding);
            var interest = Money.Min(amount - fees, item.InterestOutstanding);
            var principal = amount - fees - interest;
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO payments (reference, account_id, received_on, amount, currency) VALUES ($ref, $account, $day, $amount, $currency);
                    INSERT INTO allocations (reference, item_id, fees, interest, principal) VALUES ($ref, $item, $fees, $interest, $principal);
                    UPDATE items SET fees_paid = $feesPaid, interest_paid = $interestPaid, principal_paid = $principalPaid,
                        settled_on = CASE WHEN $settled THEN $day ELSE NULL END
                    WHERE item_id = $item;
                    """;
                command.Parameters.AddWithValue("$ref", reference);
                command.Parameters.AddWithValue("$account", accountId);
                command.Parameters.AddWithValue("$day", Sql.Date(day));
                command.Parameters.AddWithValue("$amount", Sql.Decimal(amount.Amount));
                command.Parameters.AddWithValue("$currency", currency.Code);
                command.Parameters.AddWithValue("$item", itemId);
                command.Parameters.AddWithValue("$fees", Sql.Decimal(fees.Amount));
                command.Parameters.AddWithValue("$interest", Sql.Decimal(interest.Amount));
                command.Parameters.AddWithValue("$principal", Sql.Decimal(principal.Amount));
                command.Parameters.AddWithValue("$feesPaid", Sql.Decimal((item.FeesPaid + fees).Amount));
                command.Parameters.AddWithValue("$interestPaid", Sql.Decimal((item.InterestPaid + interest).Amount));
                command.Parameters.AddWithValue("$principalPaid", Sql.Decimal((item.PrincipalPaid + principal).Amount));
                command.Parameters.AddWithValue("$settled", amount == outstanding);
                command.ExecuteNonQuery();
            }

            Touch(connection, transaction, accountId, wakeAt);
            paid.Add(amount);
        }

        transaction.Commit();
        return paid;
    }

    /// <summary>
    /// Adds late interest or a fee decided by the engine, spread over the decision's open items by their
    /// outstanding principal with <see cref="Money.Allocate(decimal[])"/> (the parts add up to the cent). Idempotent by
    /// the decision's key.
    /// </summary>
    /// <returns>The amount charged now (zero when it was charged before or nothing is open).</returns>
    public Money Charge(EscalationDecision decision, bool isInterest, Instant at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var amount = isInterest ? decision.InterestAmount : decision.FeeAmount;
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        if (!amount.IsPositive || Exists(connection, transaction, "SELECT 1 FROM charges WHERE idempotency_key = $id", decision.IdempotencyKey))
        {
            return Money.Zero(amount.Currency);
        }

        var items = decision.ItemIds
            .Select(id => ReadItem(connection, transaction, id, amount.Currency))
            .Where(item => !item.IsSettled && item.PrincipalOutstanding.IsPositive)
            .ToList();
        if (items.Count == 0)
        {
            return Money.Zero(amount.Currency);
        }

        var parts = amount.Allocate(items.Select(item => item.PrincipalOutstanding.Amount).ToArray());
        for (int i = 0; i < items.Count; i++)
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = isInterest
                ? "UPDATE items SET interest_charged = $value WHERE item_id = $id"
                : "UPDATE items SET fees_charged = $value WHERE item_id = $id";
            var value = (isInterest ? items[i].InterestCharged : items[i].FeesCharged) + parts[i];
            update.Parameters.AddWithValue("$value", Sql.Decimal(value.Amount));
            update.Parameters.AddWithValue("$id", items[i].ItemId);
            update.ExecuteNonQuery();
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO charges (idempotency_key, account_id, kind, amount, currency, charged_at) VALUES ($key, $account, $kind, $amount, $currency, $at)";
            insert.Parameters.AddWithValue("$key", decision.IdempotencyKey);
            insert.Parameters.AddWithValue("$account", decision.AccountId);
            insert.Parameters.AddWithValue("$kind", isInterest ? "interest" : "fee");
            insert.Parameters.AddWithValue("$amount", Sql.Decimal(amount.Amount));
            insert.Parameters.AddWithValue("$currency", amount.Currency.Code);
            insert.Parameters.AddWithValue("$at", Sql.Ticks(at));
            insert.ExecuteNonQuery();
        }

        Touch(connection, transaction, decision.AccountId, at);
        transaction.Commit();
        return amount;
    }

    /// <summary>The e-mail address of an account's customer.</summary>
    public string EmailOf(string accountId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT email FROM accounts WHERE account_id = $id";
        command.Parameters.AddWithValue("$id", accountId);
        return command.ExecuteScalar() as string ?? throw new ArgumentException($"account '{accountId}' is not in the store.", nameof(accountId));
    }

    /// <summary>Every account snapshot, in id order (for reports).</summary>
    public IReadOnlyList<CustomerAccount> AllAccounts()
    {
        using var connection = _database.Open();
        var ids = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT account_id FROM accounts ORDER BY account_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids.Select(id => Load(connection, id, null)!).ToList();
    }

    private static void Touch(SqliteConnection connection, SqliteTransaction transaction, string accountId, Instant wakeAt)
    {
        // An event moves the wake-up earlier (never later) and bumps the snapshot version.
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE accounts SET version = version + 1,
                next_evaluation_at = CASE WHEN next_evaluation_at IS NULL OR next_evaluation_at > $at THEN $at ELSE next_evaluation_at END
            WHERE account_id = $id
            """;
        command.Parameters.AddWithValue("$id", accountId);
        command.Parameters.AddWithValue("$at", Sql.Ticks(wakeAt));
        command.ExecuteNonQuery();
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction, string sql, string id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is not null;
    }

    private const string ItemColumns = "item_id, invoice_id, portion_index, issue_date, due_date, amount, principal_paid, interest_charged, interest_paid, fees_charged, fees_paid, settled_on";

    private static AccountItem ReadItem(SqliteConnection connection, SqliteTransaction? transaction, string itemId, Currency currency)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {ItemColumns} FROM items WHERE item_id = $id";
        command.Parameters.AddWithValue("$id", itemId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new ArgumentException($"item '{itemId}' is not in the store.", nameof(itemId));
        }

        return ReadItem(reader, currency);
    }

    private static AccountItem ReadItem(SqliteDataReader reader, Currency currency)
    {
        Money M(int ordinal) => Money.Of(Sql.Decimal(reader.GetString(ordinal)), currency);
        return new AccountItem(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            Sql.Date(reader.GetString(3)),
            Sql.Date(reader.GetString(4)),
            M(5),
            principalPaid: M(6),
            interestCharged: M(7),
            interestPaid: M(8),
            feesCharged: M(9),
            feesPaid: M(10),
            settledOn: reader.IsDBNull(11) ? null : Sql.Date(reader.GetString(11)));
    }

    private static CustomerAccount? Load(SqliteConnection connection, string accountId, SqliteTransaction? transaction)
    {
        CustomerProfile profile;
        Currency currency;
        long version;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT display_name, language, time_zone, calendar_id, currency, version FROM accounts WHERE account_id = $id";
            command.Parameters.AddWithValue("$id", accountId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var zone = DateTimeZoneProviders.Tzdb[reader.GetString(2)];
            profile = new CustomerProfile(accountId, reader.GetString(0), reader.GetString(1), zone, reader.GetString(3));
            currency = Currency.FromCode(reader.GetString(4));
            version = reader.GetInt64(5);
        }

        var items = ImmutableArray.CreateBuilder<AccountItem>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {ItemColumns} FROM items WHERE account_id = $id ORDER BY due_date, item_id";
            command.Parameters.AddWithValue("$id", accountId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(ReadItem(reader, currency));
            }
        }

        var allocations = new Dictionary<string, ImmutableArray<PaymentAllocation>.Builder>(StringComparer.Ordinal);
        var payments = new List<(string Reference, LocalDate On, Money Amount)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT p.reference, p.received_on, p.amount, a.item_id, a.fees, a.interest, a.principal
                FROM payments p LEFT JOIN allocations a ON a.reference = p.reference
                WHERE p.account_id = $id ORDER BY p.received_on, p.reference, a.item_id
                """;
            command.Parameters.AddWithValue("$id", accountId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var reference = reader.GetString(0);
                if (!allocations.TryGetValue(reference, out var builder))
                {
                    builder = ImmutableArray.CreateBuilder<PaymentAllocation>();
                    allocations.Add(reference, builder);
                    payments.Add((reference, Sql.Date(reader.GetString(1)), Money.Of(Sql.Decimal(reader.GetString(2)), currency)));
                }

                if (!reader.IsDBNull(3))
                {
                    Money M(int ordinal) => Money.Of(Sql.Decimal(reader.GetString(ordinal)), currency);
                    builder.Add(new PaymentAllocation(reader.GetString(3), M(4), M(5), M(6), Money.Zero(currency)));
                }
            }
        }

        var accountPayments = payments
            .Select(p => new AccountPayment(p.Reference, p.On, p.Amount, "transfer", allocations[p.Reference].ToImmutable()))
            .ToImmutableArray();
        return new CustomerAccount(accountId, currency, profile, items.ToImmutable(), accountPayments, version: version);
    }
}
