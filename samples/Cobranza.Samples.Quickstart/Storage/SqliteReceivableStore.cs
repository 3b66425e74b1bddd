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
/// (customers, invoices, payments, charges) that a real host would keep in its own ledger. Knows which accounts
/// another pays for (<see cref="IAccountHierarchyStore"/>, <see cref="CustomerProfile.PaidByAccountId"/> in the
/// <c>paid_by_account_id</c> column), so the run duns a paying account with the items of the accounts it pays for.
/// </summary>
internal sealed class SqliteReceivableStore : IReceivableStore, IAccountHierarchyStore
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
    /// <remarks>One read transaction: the paid accounts as they stand together at one moment.</remarks>
    public ValueTask<ImmutableArray<CustomerAccount>> LoadPaidAccountsAsync(string payingAccountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payingAccountId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var ids = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT account_id FROM accounts WHERE paid_by_account_id = $payer";
            command.Parameters.AddWithValue("$payer", payingAccountId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        // Ordinal order of .NET strings (SQLite's BINARY collation compares UTF-8 bytes, which differs past U+FFFF).
        ids.Sort(StringComparer.Ordinal);
        var paid = ImmutableArray.CreateBuilder<CustomerAccount>(ids.Count);
        foreach (var id in ids)
        {
            paid.Add(Load(connection, id, transaction) ?? throw new InvalidOperationException($"account '{id}' vanished while the accounts paid by '{payingAccountId}' were read."));
        }

        transaction.Commit();
        return ValueTask.FromResult(paid.MoveToImmutable());
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

    /// <inheritdoc/>
    /// <remarks>One connection, one transaction and one prepared statement for the whole batch (a page of the run).</remarks>
    public ValueTask SaveNextEvaluationsAsync(IReadOnlyList<NextEvaluation> nextEvaluations, CancellationToken cancellationToken)
    {
        NextEvaluation.Validate(nextEvaluations);
        cancellationToken.ThrowIfCancellationRequested();
        if (nextEvaluations.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE accounts SET next_evaluation_at = $next WHERE account_id = $id";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var next = command.Parameters.Add("$next", SqliteType.Integer);
        command.Prepare();
        foreach (var entry in nextEvaluations)
        {
            id.Value = entry.AccountId;
            next.Value = entry.NextEvaluationAt is { } at ? Sql.Ticks(at) : DBNull.Value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
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
            command.Parameters.AddWithValue("$language", customer.Language.Tag); // text: AddWithValue(object) would take a Language and fail only when sent
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

    /// <summary>
    /// Stores a whole account snapshot (profile, items, payments, charges) with its next evaluation: how a host
    /// migrates existing receivables into the store, and how the conformance suite seeds it. Credit notes, disputes,
    /// promises and plans are not kept by the sample's schema (it never creates them).
    /// </summary>
    /// <exception cref="ArgumentException">The account is already stored.</exception>
    public void Import(CustomerAccount account, Instant? nextEvaluationAt)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO accounts (account_id, display_name, language, time_zone, calendar_id, currency, email, behaviour, partition_hash, next_evaluation_at, unapplied_credit, version, paid_by_account_id)
                VALUES ($id, $name, $language, $zone, $calendar, $currency, $email, 'Imported', $hash, $next, '0', $version, $paidBy)
                ON CONFLICT (account_id) DO NOTHING
                """;
            var customer = account.Customer;
            command.Parameters.AddWithValue("$id", account.Id);
            command.Parameters.AddWithValue("$name", customer.DisplayName);
            command.Parameters.AddWithValue("$language", customer.Language.Tag);
            command.Parameters.AddWithValue("$zone", customer.TimeZone.Id);
            command.Parameters.AddWithValue("$calendar", customer.CalendarId ?? string.Empty);
            command.Parameters.AddWithValue("$currency", account.Currency.Code);
            command.Parameters.AddWithValue("$email", $"cobros+{account.Id.ToLowerInvariant()}@example.com");
            command.Parameters.AddWithValue("$hash", (long)Partition.StableHash(account.Id));
            command.Parameters.AddWithValue("$next", nextEvaluationAt is { } next ? Sql.Ticks(next) : DBNull.Value);
            command.Parameters.AddWithValue("$version", account.Version);
            command.Parameters.AddWithValue("$paidBy", Sql.Nullable(customer.PaidByAccountId));
            if (command.ExecuteNonQuery() == 0)
            {
                throw new ArgumentException($"account '{account.Id}' is already in the store.", nameof(account));
            }
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO items (item_id, account_id, invoice_id, portion_index, issue_date, due_date, amount, pay_share)
                VALUES ($id, $account, $invoice, $portion, $issue, $due, $amount, '0')
                """;
            foreach (var item in account.Items)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$id", item.Id);
                insert.Parameters.AddWithValue("$account", account.Id);
                insert.Parameters.AddWithValue("$invoice", item.InvoiceId);
                insert.Parameters.AddWithValue("$portion", item.PortionIndex);
                insert.Parameters.AddWithValue("$issue", Sql.Date(item.IssueDate));
                insert.Parameters.AddWithValue("$due", Sql.Date(item.DueDate));
                insert.Parameters.AddWithValue("$amount", Sql.Decimal(item.Amount.Amount));
                insert.ExecuteNonQuery();
            }
        }

        Save(connection, transaction, account);
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
    /// <paramref name="day"/>, the <see cref="PlannedPayment"/>, applied with <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>.
    /// </summary>
    /// <returns>The payments made.</returns>
    public IReadOnlyList<Money> ApplyPlannedPayments(LocalDate day, Instant wakeAt)
    {
        var due = new List<(string ItemId, string AccountId, decimal Share, bool IsRest)>();
        using (var connection = _database.Open())
        using (var select = connection.CreateCommand())
        {
            select.CommandText = """
                SELECT item_id, account_id, pay_share, rest_on = $day
                FROM items
                WHERE settled_on IS NULL AND (pay_on = $day OR rest_on = $day)
                ORDER BY account_id, item_id
                """;
            select.Parameters.AddWithValue("$day", Sql.Date(day));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                due.Add((reader.GetString(0), reader.GetString(1), Sql.Decimal(reader.GetString(2)), !reader.IsDBNull(3) && reader.GetInt64(3) == 1));
            }
        }

        var paid = new List<Money>();
        foreach (var (itemId, accountId, share, isRest) in due)
        {
            Update(accountId, wakeAt, account =>
            {
                if (PlannedPayment.Of(account, itemId, day, share, isRest) is not { } payment)
                {
                    return account;
                }

                var after = Ledger.Apply(account, payment);
                if (!ReferenceEquals(after, account) && after.Payments.Length > account.Payments.Length)
                {
                    paid.Add(payment.Amount);
                }

                return after;
            });
        }

        return paid;
    }

    /// <summary>
    /// Loads an account, applies <paramref name="change"/> and stores the result in one transaction (the write lock
    /// is taken first, so two writers of the same account serialise). Wakes the account at <paramref name="wakeAt"/>
    /// when something changed.
    /// </summary>
    /// <returns>The account after the change (null when the account does not exist).</returns>
    public CustomerAccount? Update(string accountId, Instant wakeAt, Func<CustomerAccount, CustomerAccount> change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentNullException.ThrowIfNull(change);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var before = Load(connection, accountId, transaction);
        if (before is null)
        {
            return null;
        }

        var after = change(before);
        if (ReferenceEquals(after, before))
        {
            return before;
        }

        Save(connection, transaction, after);
        Touch(connection, transaction, accountId, wakeAt);
        transaction.Commit();
        return after;
    }

    private static void Save(SqliteConnection connection, SqliteTransaction transaction, CustomerAccount account)
    {
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE accounts SET unapplied_credit = $credit WHERE account_id = $id";
            command.Parameters.AddWithValue("$credit", Sql.Decimal(account.UnappliedCredit.Amount));
            command.Parameters.AddWithValue("$id", account.Id);
            command.ExecuteNonQuery();
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE items SET principal_paid = $pp, credited = $cr, discount_taken = $dt, interest_charged = $ic,
                    interest_paid = $ip, fees_charged = $fc, fees_paid = $fp, settled_on = $settled, interest_posted_through = $through
                WHERE item_id = $id AND account_id = $account
                """;
            foreach (var item in account.Items)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$pp", Sql.Decimal(item.PrincipalPaid.Amount));
                command.Parameters.AddWithValue("$cr", Sql.Decimal(item.Credited.Amount));
                command.Parameters.AddWithValue("$dt", Sql.Decimal(item.DiscountTaken.Amount));
                command.Parameters.AddWithValue("$ic", Sql.Decimal(item.InterestCharged.Amount));
                command.Parameters.AddWithValue("$ip", Sql.Decimal(item.InterestPaid.Amount));
                command.Parameters.AddWithValue("$fc", Sql.Decimal(item.FeesCharged.Amount));
                command.Parameters.AddWithValue("$fp", Sql.Decimal(item.FeesPaid.Amount));
                command.Parameters.AddWithValue("$settled", item.SettledOn is { } settled ? Sql.Date(settled) : DBNull.Value);
                command.Parameters.AddWithValue("$through", item.InterestPostedThrough is { } through ? Sql.Date(through) : DBNull.Value);
                command.Parameters.AddWithValue("$id", item.Id);
                command.Parameters.AddWithValue("$account", account.Id);
                if (command.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"item '{item.Id}' of account '{account.Id}' is not in the store; the sample adds items with AddItems only.");
                }
            }
        }

        foreach (var payment in account.Payments)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO payments (reference, account_id, received_on, amount, method) VALUES ($ref, $account, $on, $amount, $method) ON CONFLICT (reference) DO NOTHING";
            command.Parameters.AddWithValue("$ref", payment.Reference);
            command.Parameters.AddWithValue("$account", account.Id);
            command.Parameters.AddWithValue("$on", Sql.Date(payment.ReceivedOn));
            command.Parameters.AddWithValue("$amount", Sql.Decimal(payment.Amount.Amount));
            command.Parameters.AddWithValue("$method", Sql.Nullable(payment.Method));
            if (command.ExecuteNonQuery() == 0)
            {
                continue; // stored before, with its allocations
            }

            foreach (var allocation in payment.Allocations)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO allocations (reference, item_id, fees, interest, principal, discount) VALUES ($ref, $item, $fees, $interest, $principal, $discount)";
                insert.Parameters.AddWithValue("$ref", payment.Reference);
                insert.Parameters.AddWithValue("$item", allocation.ItemId);
                insert.Parameters.AddWithValue("$fees", Sql.Decimal(allocation.Fees.Amount));
                insert.Parameters.AddWithValue("$interest", Sql.Decimal(allocation.Interest.Amount));
                insert.Parameters.AddWithValue("$principal", Sql.Decimal(allocation.Principal.Amount));
                insert.Parameters.AddWithValue("$discount", Sql.Decimal(allocation.Discount.Amount));
                insert.ExecuteNonQuery();
            }
        }

        foreach (var charge in account.Charges)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO charges (charge_key, account_id, item_id, charged_on, kind, amount, description, through)
                VALUES ($key, $account, $item, $on, $kind, $amount, $description, $through)
                ON CONFLICT (account_id, charge_key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", charge.Key);
            command.Parameters.AddWithValue("$account", account.Id);
            command.Parameters.AddWithValue("$item", charge.ItemId);
            command.Parameters.AddWithValue("$on", Sql.Date(charge.ChargedOn));
            command.Parameters.AddWithValue("$kind", (int)charge.Kind);
            command.Parameters.AddWithValue("$amount", Sql.Decimal(charge.Amount.Amount));
            command.Parameters.AddWithValue("$description", charge.Description);
            command.Parameters.AddWithValue("$through", charge.Through is { } through ? Sql.Date(through) : DBNull.Value);
            command.ExecuteNonQuery();
        }
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

    private const string ItemColumns = "item_id, invoice_id, portion_index, issue_date, due_date, amount, principal_paid, interest_charged, interest_paid, fees_charged, fees_paid, settled_on, credited, discount_taken, interest_posted_through";

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
            settledOn: reader.IsDBNull(11) ? null : Sql.Date(reader.GetString(11)),
            credited: M(12),
            discountTaken: M(13))
        {
            InterestPostedThrough = reader.IsDBNull(14) ? null : Sql.Date(reader.GetString(14)),
        };
    }

    private static CustomerAccount? Load(SqliteConnection connection, string accountId, SqliteTransaction? transaction)
    {
        CustomerProfile profile;
        Currency currency;
        long version;
        decimal unapplied;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT display_name, language, time_zone, calendar_id, currency, version, unapplied_credit, paid_by_account_id FROM accounts WHERE account_id = $id";
            command.Parameters.AddWithValue("$id", accountId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var zone = DateTimeZoneProviders.Tzdb[reader.GetString(2)];
            var calendar = reader.GetString(3);
            profile = new CustomerProfile(accountId, reader.GetString(0), Language.FromTag(reader.GetString(1)), zone, calendar.Length == 0 ? null : calendar)
            {
                PaidByAccountId = reader.IsDBNull(7) ? null : reader.GetString(7),
            };
            currency = Currency.FromCode(reader.GetString(4));
            version = reader.GetInt64(5);
            unapplied = Sql.Decimal(reader.GetString(6));
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
        var payments = new List<(string Reference, LocalDate On, Money Amount, string? Method)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT p.reference, p.received_on, p.amount, p.method, a.item_id, a.fees, a.interest, a.principal, a.discount
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
                    payments.Add((reference, Sql.Date(reader.GetString(1)), Money.Of(Sql.Decimal(reader.GetString(2)), currency), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }

                if (!reader.IsDBNull(4))
                {
                    Money M(int ordinal) => Money.Of(Sql.Decimal(reader.GetString(ordinal)), currency);
                    builder.Add(new PaymentAllocation(reader.GetString(4), M(5), M(6), M(7), M(8)));
                }
            }
        }

        var accountPayments = payments
            .Select(p => new AccountPayment(p.Reference, p.On, p.Amount, p.Method, allocations[p.Reference].ToImmutable()))
            .ToImmutableArray();
        var charges = ImmutableArray.CreateBuilder<AccountCharge>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT charge_key, item_id, charged_on, kind, amount, description, through FROM charges WHERE account_id = $id ORDER BY rowid";
            command.Parameters.AddWithValue("$id", accountId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                charges.Add(new AccountCharge(
                    reader.GetString(0),
                    reader.GetString(1),
                    Sql.Date(reader.GetString(2)),
                    (ChargeKind)reader.GetInt32(3),
                    Money.Of(Sql.Decimal(reader.GetString(4)), currency),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : Sql.Date(reader.GetString(6))));
            }
        }

        return new CustomerAccount(accountId, currency, profile, items.ToImmutable(), accountPayments, Money.Of(unapplied, currency), version: version)
        {
            Charges = charges.ToImmutable(),
        };
    }
}
