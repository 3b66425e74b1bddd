using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Cobranza.PostgreSql;

/// <summary>
/// <see cref="ICollectionJournal"/> over PostgreSQL (table <c>journal</c>). A first claim is one
/// <c>INSERT … ON CONFLICT (idempotency_key) DO NOTHING</c>: exactly one concurrent caller inserts. A take-over (a due
/// retry, an expired lease) is one conditional <c>UPDATE … WHERE state … RETURNING</c> on the locked row. Both travel in
/// one round trip with the read that classifies a refusal. A lease starts when the claim is granted (or renewed), by the
/// journal's clock — the database server's <c>clock_timestamp()</c> by default, see <see cref="PostgreSqlOptions.LeaseClock"/>
/// and <see cref="PostgreSqlOptions.Clock"/> — and the same clock judges its expiry; retries are due by the run's
/// instant. A record or renewal is accepted only while the key is claimed by that worker for that attempt.
/// </summary>
public sealed class PostgreSqlCollectionJournal : ICollectionJournal
{
    internal const string DecisionColumns = """
        idempotency_key, account_id, policy_id, policy_version, stage_id, action, tone, channel, template_key, language,
        item_ids, currency, principal_amount, interest_amount, fee_amount, occurrence, decided_at, not_before, explanation,
        promised_date, open_balance, charges, provisional_interest, settled_by, paid_amount, credited_amount, remaining_amount
        """;

    /// <summary>How many columns <see cref="DecisionColumns"/> lists (the columns selected after them start at this ordinal).</summary>
    internal const int DecisionColumnCount = 27;

    internal const string HistoryColumns = "idempotency_key, stage_id, action, channel, occurrence, decided_at, state, recorded_at, attempts, last_error";

    private readonly PostgreSqlDatabase _database;
    private readonly string _claimSql;
    private readonly string _takeOverSql;
    private readonly string _stateSql;
    private readonly string _recordSql;
    private readonly string _pendingSql;
    private readonly string _historySql;
    private readonly string _renewSql;

    /// <summary>Creates the journal over a database (migrated: see <see cref="PostgreSqlDatabase.MigrateAsync"/>).</summary>
    /// <param name="database">The database.</param>
    /// <exception cref="ArgumentNullException">database is null.</exception>
    public PostgreSqlCollectionJournal(PostgreSqlDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        var journal = database.Table("journal");
        var now = UsesDatabaseClock(database.Options) ? "clock_timestamp()" : "@now";
        _claimSql = $"""
            INSERT INTO {journal} ({DecisionColumns}, partition_hash, state, attempts, worker_id, claimed_at, lease_expires_at, recorded_at)
            VALUES (@key, @account, @policy, @version, @stage, @action, @tone, @channel, @template, @language,
                    @items, @currency, @overdue, @interest, @fee, @occurrence, @decided, @notBefore, @explanation,
                    @promised, @open, @charges, @provisional, @settledBy, @paid, @credited, @remaining, @hash, 'Claimed', 1, @worker, {now}, {now} + @lease, @at)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING attempts
            """;
        _takeOverSql = $"""
            UPDATE {journal} AS j
            SET state = 'Claimed', attempts = j.attempts + 1, worker_id = @worker, claimed_at = {now},
                lease_expires_at = {now} + @lease, retry_at = NULL, recorded_at = @at
            FROM (SELECT idempotency_key, state FROM {journal} WHERE idempotency_key = @key FOR UPDATE) AS old
            WHERE j.idempotency_key = old.idempotency_key
              AND ((j.state = 'Failed' AND j.retry_at <= @at) OR (j.state = 'Claimed' AND j.lease_expires_at <= {now}))
            RETURNING j.attempts, old.state
            """;
        _stateSql = $"""
            SELECT state, attempts, lease_expires_at <= {now}, retry_at <= @at
            FROM {journal} WHERE idempotency_key = @key
            """;
        _recordSql = $"""
            UPDATE {journal}
            SET state = @state, recorded_at = @at, reference = @reference, last_error = @error, retry_at = @retry, lease_expires_at = NULL
            WHERE idempotency_key = @key AND state = 'Claimed' AND worker_id = @worker AND attempts = @attempt
            """;
        _pendingSql = $"""
            SELECT {DecisionColumns}, state, attempts, last_error,
                   CASE WHEN state = 'Failed' THEN retry_at ELSE lease_expires_at END AS due_at
            FROM {journal}
            WHERE ((state = 'Failed' AND retry_at <= @at) OR (state = 'Claimed' AND lease_expires_at <= {now}))
              AND (@count <= 1 OR partition_hash % @count = @index)
            ORDER BY due_at, idempotency_key
            LIMIT @limit
            """;
        _historySql = $"SELECT {HistoryColumns} FROM {journal} WHERE account_id = @id ORDER BY seq";
        _renewSql = $"""
            UPDATE {journal}
            SET claimed_at = {now}, lease_expires_at = {now} + @lease
            WHERE idempotency_key = @key AND state = 'Claimed' AND worker_id = @worker AND attempts = @attempt AND lease_expires_at > {now}
            """;
    }

    /// <inheritdoc/>
    public async ValueTask<CollectionHistory> GetHistoryAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        if (_database.Options.PrefetchHistories && _database.Prefetch.TryTake(accountId, out var prefetched))
        {
            return prefetched;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_historySql, connection);
        command.Parameters.AddWithValue("id", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = ImmutableArray.CreateBuilder<CollectionHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadHistoryEntry(reader, 0));
        }

        return entries.Count == 0 ? CollectionHistory.Empty : CollectionHistory.Of(entries.ToImmutable());
    }

    /// <inheritdoc/>
    public async ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var d = request.Decision;
        _database.Prefetch.Invalidate(d.AccountId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        for (int round = 1; ; round++)
        {
            await using var batch = new NpgsqlBatch(connection);
            var insert = new NpgsqlBatchCommand(_claimSql);
            var p = insert.Parameters;
            p.AddWithValue("key", d.IdempotencyKey);
            p.AddWithValue("account", d.AccountId);
            p.AddWithValue("policy", d.PolicyId);
            p.AddWithValue("version", d.PolicyVersion);
            p.AddWithValue("stage", d.StageId);
            p.AddWithValue("action", d.Action.ToString());
            p.AddWithValue("tone", d.Tone.ToString());
            p.AddWithValue("channel", NpgsqlDbType.Text, PgValues.OrNull(d.Channel?.ToString()));
            p.AddWithValue("template", NpgsqlDbType.Text, PgValues.OrNull(d.TemplateKey));
            p.AddWithValue("language", d.Language.Tag); // the tag as text (a Language object would fail only when sent)
            p.AddWithValue("items", NpgsqlDbType.Array | NpgsqlDbType.Text, d.ItemIds.IsDefault ? Array.Empty<string>() : System.Linq.ImmutableArrayExtensions.ToArray(d.ItemIds));
            p.AddWithValue("currency", d.PrincipalAmount.Currency.Code);
            p.AddWithValue("overdue", d.PrincipalAmount.Amount);
            p.AddWithValue("open", d.OpenBalance.Amount);
            p.AddWithValue("charges", NpgsqlDbType.Jsonb, LateChargeJson.Write(d.Charges));
            p.AddWithValue("provisional", NpgsqlDbType.Jsonb, ProvisionalInterestJson.Write(d.ProvisionalInterest));
            p.AddWithValue("interest", d.InterestAmount.Amount);
            p.AddWithValue("fee", d.FeeAmount.Amount);
            p.AddWithValue("occurrence", d.Occurrence);
            p.AddWithValue("decided", PgValues.Timestamp(d.DecidedAt));
            p.AddWithValue("notBefore", PgValues.Timestamp(d.NotBefore));
            p.AddWithValue("explanation", d.Explanation);
            p.AddWithValue("promised", NpgsqlDbType.Date, d.PromisedDate is { } promised ? PgValues.Date(promised) : DBNull.Value);
            var settlement = d.Settlement;
            p.AddWithValue("settledBy", NpgsqlDbType.Text, settlement is null ? DBNull.Value : settlement.SettledBy.ToString());
            p.AddWithValue("paid", NpgsqlDbType.Numeric, settlement is null ? DBNull.Value : settlement.Paid.Amount);
            p.AddWithValue("credited", NpgsqlDbType.Numeric, settlement is null ? DBNull.Value : settlement.Credited.Amount);
            p.AddWithValue("remaining", NpgsqlDbType.Numeric, settlement is null ? DBNull.Value : settlement.Remaining.Amount);
            p.AddWithValue("hash", PgValues.Hash(d.AccountId));
            AddClaimParameters(p, request);
            batch.BatchCommands.Add(insert);

            var takeOver = new NpgsqlBatchCommand(_takeOverSql);
            takeOver.Parameters.AddWithValue("key", d.IdempotencyKey);
            AddClaimParameters(takeOver.Parameters, request);
            batch.BatchCommands.Add(takeOver);

            var state = new NpgsqlBatchCommand(_stateSql);
            state.Parameters.AddWithValue("key", d.IdempotencyKey);
            state.Parameters.AddWithValue("at", PgValues.Timestamp(request.At));
            AddNow(state.Parameters, request.ClaimedAt);
            batch.BatchCommands.Add(state);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new ClaimResult(ClaimStatus.Claimed, 1, null);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new ClaimResult(ClaimStatus.Claimed, reader.GetInt32(0), ParseOutcome(reader.GetString(1)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var outcome = ParseOutcome(reader.GetString(0));
                int attempts = reader.GetInt32(1);
                bool leaseExpired = !reader.IsDBNull(2) && reader.GetBoolean(2);
                bool retryDue = !reader.IsDBNull(3) && reader.GetBoolean(3);
                switch (outcome)
                {
                    case DecisionOutcome.Dispatched or DecisionOutcome.Skipped or DecisionOutcome.Poisoned:
                        return new ClaimResult(ClaimStatus.AlreadyCompleted, attempts, outcome);
                    case DecisionOutcome.Claimed when !leaseExpired:
                        return new ClaimResult(ClaimStatus.InFlight, attempts, outcome);
                    case DecisionOutcome.Failed when !retryDue:
                        return new ClaimResult(ClaimStatus.RetryNotDue, attempts, outcome);
                }
            }

            // The row changed between the statements of the batch (another worker claimed or recorded it): read again.
            if (round >= 16)
            {
                throw new InvalidOperationException($"claim of key '{d.IdempotencyKey}' kept racing with other workers after {round} rounds; the journal row changes faster than it can be read.");
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RecordAsync(DispatchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        if (record.Outcome == DecisionOutcome.Claimed)
        {
            throw new ArgumentException($"record.Outcome must be an outcome of an attempt, not {record.Outcome}.", nameof(record));
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_recordSql, connection);
        var p = command.Parameters;
        p.AddWithValue("state", record.Outcome.ToString());
        p.AddWithValue("at", PgValues.Timestamp(record.RecordedAt));
        p.AddWithValue("reference", NpgsqlDbType.Text, PgValues.OrNull(record.Reference));
        p.AddWithValue("error", NpgsqlDbType.Text, PgValues.OrNull(record.Error));
        p.AddWithValue("retry", NpgsqlDbType.TimestampTz, record.RetryAt is { } retry ? PgValues.WakeUp(retry) : DBNull.Value);
        p.AddWithValue("key", record.IdempotencyKey);
        p.AddWithValue("worker", record.WorkerId);
        p.AddWithValue("attempt", record.Attempt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RenewAsync(ClaimRenewal renewal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_renewSql, connection);
        command.Parameters.AddWithValue("key", renewal.IdempotencyKey);
        command.Parameters.AddWithValue("worker", renewal.WorkerId);
        command.Parameters.AddWithValue("attempt", renewal.Attempt);
        command.Parameters.AddWithValue("lease", renewal.Lease.ToTimeSpan());
        AddNow(command.Parameters, renewal.Now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<PendingDispatch>> GetPendingAsync(Instant at, Partition partition, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, $"maxCount must be positive (was {maxCount}).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        partition = partition.Count == 0 ? Partition.All : partition;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_pendingSql, connection);
        command.Parameters.AddWithValue("at", PgValues.Timestamp(at));
        command.Parameters.AddWithValue("count", (long)partition.Count);
        command.Parameters.AddWithValue("index", (long)partition.Index);
        command.Parameters.AddWithValue("limit", maxCount);
        AddNow(command.Parameters, at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingDispatch>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(new PendingDispatch(
                ReadDecision(reader),
                ParseOutcome(reader.GetString(DecisionColumnCount)),
                reader.GetInt32(DecisionColumnCount + 1),
                reader.IsDBNull(DecisionColumnCount + 2) ? null : reader.GetString(DecisionColumnCount + 2),
                PgValues.Instant(reader, DecisionColumnCount + 3)));
        }

        return pending;
    }

    internal static CollectionHistoryEntry ReadHistoryEntry(NpgsqlDataReader reader, int o)
    {
        var decidedAt = PgValues.Instant(reader, o + 5);
        var recordedAt = PgValues.Instant(reader, o + 7);
        return new CollectionHistoryEntry(
            reader.GetString(o),
            reader.GetString(o + 1),
            Enum.Parse<EscalationActionKind>(reader.GetString(o + 2)),
            reader.IsDBNull(o + 3) ? null : Enum.Parse<NotificationChannel>(reader.GetString(o + 3)),
            reader.GetInt32(o + 4),
            decidedAt,
            ParseOutcome(reader.GetString(o + 6)),
            recordedAt < decidedAt ? decidedAt : recordedAt,
            Math.Max(1, reader.GetInt32(o + 8)),
            reader.IsDBNull(o + 9) ? null : reader.GetString(o + 9));
    }

    private void AddClaimParameters(NpgsqlParameterCollection p, ClaimRequest request)
    {
        p.AddWithValue("worker", request.WorkerId);
        p.AddWithValue("at", PgValues.Timestamp(request.At));
        p.AddWithValue("lease", request.Lease.ToTimeSpan());
        AddNow(p, request.ClaimedAt);
    }

    /// <summary>The lease clock's now as a parameter, unless the database's clock is read in SQL.</summary>
    private void AddNow(NpgsqlParameterCollection p, Instant callerNow)
    {
        var options = _database.Options;
        if (UsesDatabaseClock(options))
        {
            return;
        }

        p.AddWithValue("now", PgValues.Timestamp(options.Clock is { } clock ? clock.GetCurrentInstant() : callerNow));
    }

    private static bool UsesDatabaseClock(PostgreSqlOptions options) => options.Clock is null && options.LeaseClock == LeaseClock.Database;

    private static DecisionOutcome ParseOutcome(string text) => Enum.Parse<DecisionOutcome>(text);

    /// <summary>A stored decision's language: its tag as written (<c>es</c>), read through <see cref="Language.TryFromTag"/>.</summary>
    /// <exception cref="InvalidOperationException">The stored text is not a language tag (a corrupt row), naming the decision.</exception>
    internal static Language StoredLanguage(string idempotencyKey, string tag)
        => Language.TryFromTag(tag, out var language)
            ? language
            : throw new InvalidOperationException($"journal row '{idempotencyKey}' has language '{tag}', not a BCP 47 language tag such as 'es' or 'en-GB'.");

    private static EscalationDecision ReadDecision(NpgsqlDataReader reader)
    {
        var currency = Currency.FromCode(reader.GetString(11).Trim());
        Money M(int ordinal) => Money.Of(reader.GetDecimal(ordinal), currency);
        return new EscalationDecision(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetInt32(3),
            reader.GetString(4),
            Enum.Parse<EscalationActionKind>(reader.GetString(5)),
            Enum.Parse<EscalationTone>(reader.GetString(6)),
            reader.IsDBNull(7) ? null : Enum.Parse<NotificationChannel>(reader.GetString(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            StoredLanguage(reader.GetString(0), reader.GetString(9)),
            [.. reader.GetFieldValue<string[]>(10)],
            M(12),
            M(13),
            M(14),
            M(20),
            reader.GetInt32(15),
            PgValues.Instant(reader, 16),
            PgValues.Instant(reader, 17),
            reader.GetString(18))
        {
            PromisedDate = reader.IsDBNull(19) ? null : PgValues.LocalDate(reader, 19),
            Charges = LateChargeJson.Read(reader.GetString(21), currency),
            ProvisionalInterest = ProvisionalInterestJson.Read(reader.GetString(22)),
            Settlement = reader.IsDBNull(23) ? null : new SettlementFigures(Enum.Parse<SettlementMeans>(reader.GetString(23)), M(24), M(25), M(26)),
        };
    }
}
