using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>
/// <see cref="ICollectionJournal"/> over SQLite. The idempotency key is UNIQUE: a first claim is one
/// <c>INSERT … ON CONFLICT DO NOTHING</c> (exactly one concurrent caller inserts); every later transition (take over
/// an expired lease, retry a failed attempt, record an outcome) is a compare-and-set <c>UPDATE … WHERE</c> on the
/// state, worker, attempt and lease read before, so two workers can never both hold the same attempt.
/// </summary>
/// <remarks>
/// Leases: SQLite has no server and so no clock of its own. With an <see cref="IClock"/> the journal measures every
/// lease by it (give every process the same time source); without one, by the worker's readings
/// (<see cref="ClaimRequest.ClaimedAt"/>, <see cref="ClaimRenewal.Now"/>), which is right for the sample's one process
/// per database file.
/// </remarks>
internal sealed class SqliteCollectionJournal : ICollectionJournal
{
    private const string DecisionColumns = """
        idempotency_key, account_id, policy_id, policy_version, stage_id, action, tone, channel, template_key, language,
        item_ids, currency, principal_amount, interest_amount, fee_amount, occurrence, decided_at, not_before, explanation,
        promised_date, open_balance, charges, provisional_interest, settled_by, paid_amount, credited_amount, remaining_amount
        """;

    /// <summary>How many columns <see cref="DecisionColumns"/> lists (the columns selected after them start at this ordinal).</summary>
    private const int DecisionColumnCount = 27;

    private readonly SampleDatabase _database;
    private readonly IClock? _clock;

    public SqliteCollectionJournal(SampleDatabase database, IClock? clock = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _clock = clock;
    }

    /// <inheritdoc/>
    public ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT idempotency_key, stage_id, action, channel, occurrence, decided_at, state, recorded_at, attempts, last_error
            FROM journal WHERE account_id = $id ORDER BY seq
            """;
        command.Parameters.AddWithValue("$id", accountId);
        using var reader = command.ExecuteReader();
        var entries = ImmutableArray.CreateBuilder<CollectionHistoryEntry>();
        while (reader.Read())
        {
            entries.Add(new CollectionHistoryEntry(
                reader.GetString(0),
                reader.GetString(1),
                (EscalationActionKind)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : (NotificationChannel)reader.GetInt32(3),
                reader.GetInt32(4),
                Sql.Instant(reader.GetInt64(5)),
                (DecisionOutcome)reader.GetInt32(6),
                Sql.Instant(reader.GetInt64(7)),
                Math.Max(1, reader.GetInt32(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return ValueTask.FromResult(entries.Count == 0 ? CollectionHistory.Empty : CollectionHistory.Of(entries.ToImmutable()));
    }

    /// <inheritdoc/>
    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var connection = _database.Open();
        var decision = request.Decision;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The lease starts when the claim is granted, as the journal sees it (read again on every try).
            var now = _clock?.GetCurrentInstant() ?? request.ClaimedAt;
            var leaseUntil = now + request.Lease;
            if (TryInsert(connection, request, leaseUntil))
            {
                return ValueTask.FromResult(new ClaimResult(ClaimStatus.Claimed, 1, null));
            }

            var current = ReadState(connection, decision.IdempotencyKey);
            if (current is null)
            {
                continue; // cannot happen (rows are never deleted); read again
            }

            var (state, attempts, workerId, leaseExpires, retryAt) = current.Value;
            switch (state)
            {
                case DecisionOutcome.Dispatched or DecisionOutcome.Skipped or DecisionOutcome.Poisoned:
                    return ValueTask.FromResult(new ClaimResult(ClaimStatus.AlreadyCompleted, attempts, state));
                case DecisionOutcome.Claimed when leaseExpires > now:
                    return ValueTask.FromResult(new ClaimResult(ClaimStatus.InFlight, attempts, state));
                case DecisionOutcome.Failed when retryAt > request.At:
                    return ValueTask.FromResult(new ClaimResult(ClaimStatus.RetryNotDue, attempts, state));
            }

            // A stale claim or a due retry: take it over with a compare-and-set on what was just read.
            using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE journal SET state = $claimed, attempts = attempts + 1, worker_id = $worker, lease_expires_at = $lease, recorded_at = $at
                WHERE idempotency_key = $key AND state = $state AND attempts = $attempts AND worker_id = $oldWorker
                  AND lease_expires_at IS $oldLease
                """;
            update.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
            update.Parameters.AddWithValue("$worker", request.WorkerId);
            update.Parameters.AddWithValue("$lease", Sql.Ticks(leaseUntil));
            update.Parameters.AddWithValue("$at", Sql.Ticks(request.At));
            update.Parameters.AddWithValue("$key", decision.IdempotencyKey);
            update.Parameters.AddWithValue("$state", (int)state);
            update.Parameters.AddWithValue("$attempts", attempts);
            update.Parameters.AddWithValue("$oldWorker", workerId);
            update.Parameters.AddWithValue("$oldLease", leaseExpires is { } old ? Sql.Ticks(old) : DBNull.Value);
            if (update.ExecuteNonQuery() == 1)
            {
                return ValueTask.FromResult(new ClaimResult(ClaimStatus.Claimed, attempts + 1, state));
            }

            // Somebody else moved the row in between: read it again.
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        if (record.Outcome == DecisionOutcome.Claimed)
        {
            throw new ArgumentException($"record.Outcome must be an outcome of an attempt, not {record.Outcome}.", nameof(record));
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE journal SET state = $state, recorded_at = $at, reference = $reference, last_error = $error, retry_at = $retry, lease_expires_at = NULL
            WHERE idempotency_key = $key AND state = $claimed AND worker_id = $worker AND attempts = $attempt
            """;
        command.Parameters.AddWithValue("$state", (int)record.Outcome);
        command.Parameters.AddWithValue("$at", Sql.Ticks(record.RecordedAt));
        command.Parameters.AddWithValue("$reference", Sql.Nullable(record.Reference));
        command.Parameters.AddWithValue("$error", Sql.Nullable(record.Error));
        command.Parameters.AddWithValue("$retry", record.RetryAt is { } retry ? Sql.Ticks(retry) : DBNull.Value);
        command.Parameters.AddWithValue("$key", record.IdempotencyKey);
        command.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
        command.Parameters.AddWithValue("$worker", record.WorkerId);
        command.Parameters.AddWithValue("$attempt", record.Attempt);
        return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock?.GetCurrentInstant() ?? renewal.Now;
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE journal SET lease_expires_at = $lease
            WHERE idempotency_key = $key AND state = $claimed AND worker_id = $worker AND attempts = $attempt AND lease_expires_at > $now
            """;
        command.Parameters.AddWithValue("$lease", Sql.Ticks(now + renewal.Lease));
        command.Parameters.AddWithValue("$key", renewal.IdempotencyKey);
        command.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
        command.Parameters.AddWithValue("$worker", renewal.WorkerId);
        command.Parameters.AddWithValue("$attempt", renewal.Attempt);
        command.Parameters.AddWithValue("$now", Sql.Ticks(now));
        return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, $"maxCount must be positive (was {maxCount}).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        partition = partition.Count == 0 ? Partition.All : partition;
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DecisionColumns}, state, attempts, last_error,
                   CASE state WHEN $failed THEN retry_at ELSE lease_expires_at END AS due_at
            FROM journal
            WHERE ((state = $failed AND retry_at <= $at) OR (state = $claimed AND lease_expires_at <= $leaseNow))
              AND ($count <= 1 OR partition_hash % $count = $index)
            ORDER BY due_at, idempotency_key
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$failed", (int)DecisionOutcome.Failed);
        command.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
        command.Parameters.AddWithValue("$at", Sql.Ticks(at));
        command.Parameters.AddWithValue("$leaseNow", Sql.Ticks(_clock?.GetCurrentInstant() ?? at));
        command.Parameters.AddWithValue("$count", partition.Count);
        command.Parameters.AddWithValue("$index", partition.Index);
        command.Parameters.AddWithValue("$limit", maxCount);
        using var reader = command.ExecuteReader();
        var pending = new List<PendingDispatch>();
        while (reader.Read())
        {
            pending.Add(new PendingDispatch(
                ReadDecision(reader),
                (DecisionOutcome)reader.GetInt32(DecisionColumnCount),
                reader.GetInt32(DecisionColumnCount + 1),
                reader.IsDBNull(DecisionColumnCount + 2) ? null : reader.GetString(DecisionColumnCount + 2),
                Sql.Instant(reader.GetInt64(DecisionColumnCount + 3))));
        }

        return ValueTask.FromResult<IReadOnlyList<PendingDispatch>>(pending);
    }

    /// <summary>
    /// Makes the claims that a run left without an outcome (it was killed between its claim and its record) due at
    /// once: their lease is set to the instant of the claim's run (<c>recorded_at</c>, never later than the claim as
    /// the worker or a journal clock saw it), so the next cycle lists them as pending and takes them over (the usual
    /// compare-and-set, one more attempt) instead of waiting for the lease to run out. Safe only while this
    /// process holds the database's <see cref="SampleLock"/>: no other run can be between a claim and its record then.
    /// The claim logic itself is unchanged.
    /// </summary>
    /// <returns>How many claims were released.</returns>
    public int ReleaseAbandonedClaims()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE journal SET lease_expires_at = recorded_at
            WHERE state = $claimed AND (lease_expires_at IS NULL OR lease_expires_at > recorded_at)
            """;
        command.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
        return command.ExecuteNonQuery();
    }

    private static bool TryInsert(SqliteConnection connection, ClaimRequest request, Instant leaseUntil)
    {
        var d = request.Decision;
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO journal ({DecisionColumns}, partition_hash, state, attempts, worker_id, lease_expires_at, recorded_at)
            VALUES ($key, $account, $policy, $version, $stage, $action, $tone, $channel, $template, $language,
                    $items, $currency, $overdue, $interest, $fee, $occurrence, $decided, $notBefore, $explanation,
                    $promised, $open, $charges, $provisional, $settledBy, $paid, $credited, $remaining, $hash, $claimed, 1, $worker, $lease, $at)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;
        command.Parameters.AddWithValue("$key", d.IdempotencyKey);
        command.Parameters.AddWithValue("$account", d.AccountId);
        command.Parameters.AddWithValue("$policy", d.PolicyId);
        command.Parameters.AddWithValue("$version", d.PolicyVersion);
        command.Parameters.AddWithValue("$stage", d.StageId);
        command.Parameters.AddWithValue("$action", (int)d.Action);
        command.Parameters.AddWithValue("$tone", (int)d.Tone);
        command.Parameters.AddWithValue("$channel", d.Channel is { } channel ? (int)channel : DBNull.Value);
        command.Parameters.AddWithValue("$template", Sql.Nullable(d.TemplateKey));
        command.Parameters.AddWithValue("$language", d.Language.Tag); // text: AddWithValue(object) would take a Language and fail only when sent
        command.Parameters.AddWithValue("$items", string.Join('\n', d.ItemIds));
        command.Parameters.AddWithValue("$currency", d.PrincipalAmount.Currency.Code);
        command.Parameters.AddWithValue("$overdue", Sql.Decimal(d.PrincipalAmount.Amount));
        command.Parameters.AddWithValue("$open", Sql.Decimal(d.OpenBalance.Amount));
        command.Parameters.AddWithValue("$charges", ChargesJson.Write(d.Charges));
        command.Parameters.AddWithValue("$provisional", ProvisionalInterestJson.Write(d.ProvisionalInterest));
        command.Parameters.AddWithValue("$interest", Sql.Decimal(d.InterestAmount.Amount));
        command.Parameters.AddWithValue("$fee", Sql.Decimal(d.FeeAmount.Amount));
        command.Parameters.AddWithValue("$occurrence", d.Occurrence);
        command.Parameters.AddWithValue("$decided", Sql.Ticks(d.DecidedAt));
        command.Parameters.AddWithValue("$notBefore", Sql.Ticks(d.NotBefore));
        command.Parameters.AddWithValue("$explanation", d.Explanation);
        command.Parameters.AddWithValue("$promised", d.PromisedDate is { } promised ? promised.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value);
        var settlement = d.Settlement;
        command.Parameters.AddWithValue("$settledBy", settlement is null ? DBNull.Value : (int)settlement.SettledBy);
        command.Parameters.AddWithValue("$paid", settlement is null ? DBNull.Value : Sql.Decimal(settlement.Paid.Amount));
        command.Parameters.AddWithValue("$credited", settlement is null ? DBNull.Value : Sql.Decimal(settlement.Credited.Amount));
        command.Parameters.AddWithValue("$remaining", settlement is null ? DBNull.Value : Sql.Decimal(settlement.Remaining.Amount));
        command.Parameters.AddWithValue("$hash", (long)Partition.StableHash(d.AccountId));
        command.Parameters.AddWithValue("$claimed", (int)DecisionOutcome.Claimed);
        command.Parameters.AddWithValue("$worker", request.WorkerId);
        command.Parameters.AddWithValue("$lease", Sql.Ticks(leaseUntil));
        command.Parameters.AddWithValue("$at", Sql.Ticks(request.At));
        return command.ExecuteNonQuery() == 1;
    }

    private static (DecisionOutcome State, int Attempts, string WorkerId, Instant? LeaseExpires, Instant? RetryAt)? ReadState(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, attempts, worker_id, lease_expires_at, retry_at FROM journal WHERE idempotency_key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return (
            (DecisionOutcome)reader.GetInt32(0),
            reader.GetInt32(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : Sql.Instant(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : Sql.Instant(reader.GetInt64(4)));
    }

    /// <summary>A stored decision's language: the tag as written (<c>es</c>), read through <see cref="Language.TryFromTag"/>.</summary>
    /// <exception cref="InvalidOperationException">The stored text is not a language tag (a corrupt row), naming the decision.</exception>
    internal static Language StoredLanguage(string idempotencyKey, string tag)
        => Language.TryFromTag(tag, out var language)
            ? language
            : throw new InvalidOperationException($"journal row '{idempotencyKey}' has language '{tag}', not a BCP 47 language tag such as 'es' or 'en-GB'.");

    private static EscalationDecision ReadDecision(SqliteDataReader reader)
    {
        var currency = Currency.FromCode(reader.GetString(11));
        Money M(int ordinal) => Money.Of(Sql.Decimal(reader.GetString(ordinal)), currency);
        var items = reader.GetString(10);
        return new EscalationDecision(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetInt32(3),
            reader.GetString(4),
            (EscalationActionKind)reader.GetInt32(5),
            (EscalationTone)reader.GetInt32(6),
            reader.IsDBNull(7) ? null : (NotificationChannel)reader.GetInt32(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            StoredLanguage(reader.GetString(0), reader.GetString(9)),
            items.Length == 0 ? ImmutableArray<string>.Empty : items.Split('\n').ToImmutableArray(),
            M(12),
            M(13),
            M(14),
            M(20),
            reader.GetInt32(15),
            Sql.Instant(reader.GetInt64(16)),
            Sql.Instant(reader.GetInt64(17)),
            reader.GetString(18))
        {
            PromisedDate = reader.IsDBNull(19) ? null : LocalDatePattern.Iso.Parse(reader.GetString(19)).GetValueOrThrow(),
            Charges = ChargesJson.Read(reader.GetString(21), currency),
            ProvisionalInterest = ProvisionalInterestJson.Read(reader.GetString(22)),
            Settlement = reader.IsDBNull(23) ? null : new SettlementFigures((SettlementMeans)reader.GetInt32(23), M(24), M(25), M(26)),
        };
    }
}

/// <summary>
/// The journal's <c>charges</c> column: the postings of a charge decision as a JSON array of
/// <c>{"kind":"Interest"|"Fee","item":…,"postedOn":"uuuu-MM-dd","through":"uuuu-MM-dd"|null,"key":…,"amount":"1.23","description":…}</c>
/// (amounts as invariant decimal strings, exact; the currency is the row's).
/// </summary>
internal static class ChargesJson
{
    public static string Write(ImmutableArray<LateCharge> charges)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var c in charges)
            {
                json.WriteStartObject();
                json.WriteString("kind", c.Kind.ToString());
                json.WriteString("item", c.ItemId);
                json.WriteString("postedOn", Sql.Date(c.PostedOn));
                if (c.Through is { } through)
                {
                    json.WriteString("through", Sql.Date(through));
                }
                else
                {
                    json.WriteNull("through");
                }

                json.WriteString("key", c.Key);
                json.WriteString("amount", Sql.Decimal(c.Amount.Amount));
                json.WriteString("description", c.Description);
                if (c.Provisional)
                {
                    json.WriteBoolean("provisional", true); // only when set: older rows read as published
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ImmutableArray<LateCharge> Read(string text, Currency currency)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var charges = ImmutableArray.CreateBuilder<LateCharge>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string Text(string name) => e.GetProperty(name).GetString() ?? throw new FormatException($"journal charges: '{name}' is null in {text}.");
            var amount = Money.Of(Sql.Decimal(Text("amount")), currency);
            var postedOn = Sql.Date(Text("postedOn"));
            var charge = Text("kind") switch
            {
                nameof(Cobranza.Core.Receivables.ChargeKind.Interest) => LateCharge.Interest(Text("item"), postedOn, Sql.Date(Text("through")), amount, Text("description")),
                nameof(Cobranza.Core.Receivables.ChargeKind.Fee) => LateCharge.Fee(Text("key"), Text("item"), postedOn, amount, Text("description")),
                var other => throw new FormatException($"journal charges: unknown kind '{other}' in {text}."),
            };
            charges.Add(e.TryGetProperty("provisional", out var provisional) && provisional.ValueKind == System.Text.Json.JsonValueKind.True ? charge with { Provisional = true } : charge);
        }

        return charges.ToImmutable();
    }
}

/// <summary>
/// The journal's <c>provisional_interest</c> column: <see cref="EscalationDecision.ProvisionalInterest"/> as a JSON array of
/// <c>{"from":"uuuu-MM-dd","to":"uuuu-MM-dd","rate":"0.1015","carried":{"table":…,"value":"0.1015","publishedFrom":"uuuu-MM-dd","publishedThrough":"uuuu-MM-dd"|null}|null}</c>
/// (rates as invariant decimal strings, exact).
/// </summary>
internal static class ProvisionalInterestJson
{
    public static string Write(ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> periods)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var p in periods)
            {
                json.WriteStartObject();
                json.WriteString("from", Sql.Date(p.From));
                json.WriteString("to", Sql.Date(p.To));
                json.WriteString("rate", Sql.Decimal(p.AnnualRate));
                if (p.Carried is { } c)
                {
                    json.WriteStartObject("carried");
                    json.WriteString("table", c.TableId);
                    json.WriteString("value", Sql.Decimal(c.Value));
                    json.WriteString("publishedFrom", Sql.Date(c.PublishedFrom));
                    if (c.PublishedThrough is { } through)
                    {
                        json.WriteString("publishedThrough", Sql.Date(through));
                    }
                    else
                    {
                        json.WriteNull("publishedThrough");
                    }

                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("carried");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> Read(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var periods = ImmutableArray.CreateBuilder<Cobranza.Core.Interest.ProvisionalInterestPeriod>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            Cobranza.Core.Interest.CarriedReferenceRate? carried = null;
            if (e.TryGetProperty("carried", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                carried = new Cobranza.Core.Interest.CarriedReferenceRate(
                    Text(c, "table", text),
                    Sql.Decimal(Text(c, "value", text)),
                    Sql.Date(Text(c, "publishedFrom", text)),
                    c.TryGetProperty("publishedThrough", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? Sql.Date(Text(c, "publishedThrough", text)) : null);
            }

            periods.Add(new Cobranza.Core.Interest.ProvisionalInterestPeriod(Sql.Date(Text(e, "from", text)), Sql.Date(Text(e, "to", text)), Sql.Decimal(Text(e, "rate", text)), carried));
        }

        return periods.ToImmutable();
    }

    private static string Text(System.Text.Json.JsonElement e, string name, string text)
        => e.GetProperty(name).GetString() ?? throw new FormatException($"journal provisional_interest: '{name}' is null in {text}.");
}
