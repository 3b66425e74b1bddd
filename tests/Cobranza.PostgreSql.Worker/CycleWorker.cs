using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.InMemory;
using NodaTime;
using Npgsql;

namespace Cobranza.PostgreSql.Worker;

/// <summary>
/// One collection cycle over a Cobranza PostgreSQL schema with the real engine and default policy. Every delivery
/// (notice sent, action carried out) is written to the test's <c>deliveries</c> table (no unique key: a key delivered
/// twice shows twice). Late fees are posted to the event store under the decision's key (idempotent, as a host does).
/// </summary>
public static class CycleWorker
{
    /// <summary>Creates the deliveries table of a schema.</summary>
    public static async Task CreateDeliveriesAsync(PostgreSqlDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {Deliveries(database)} (seq bigint GENERATED ALWAYS AS IDENTITY, idempotency_key text NOT NULL, worker_id text NOT NULL, kind text NOT NULL, delivered_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<RunSummary> RunAsync(PostgreSqlDatabase database, Instant at, Partition partition, string workerId, Duration lease, int parallelism, CancellationToken cancellationToken)
    {
        var accounts = new PostgreSqlAccountStore(database);
        var store = new PostgreSqlReceivableStore(database, accounts);
        var journal = new PostgreSqlCollectionJournal(database);
        var evaluator = new PolicyAccountEvaluator(new EscalationEngine(new BuiltInCalendarProvider([])), EscalationPolicyRegistry.DefaultOnly);
        var runner = new CollectionRunner(store, journal, evaluator, new PlainTextNoticeRenderer(), new RecordingSender(database, workerId), [new LedgerActionHandler(database, accounts, workerId)]);
        var options = RunOptions.Default with
        {
            WorkerId = workerId,
            Partition = partition,
            Lease = lease,
            MaxDegreeOfParallelism = parallelism,
            PageSize = 500,
        };
        return await runner.RunCycleAsync(at, options, cancellationToken);
    }

    internal static string Deliveries(PostgreSqlDatabase database) => $"\"{database.Options.Schema}\".deliveries";

    internal static async Task RecordDeliveryAsync(PostgreSqlDatabase database, string key, string workerId, string kind, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"INSERT INTO {Deliveries(database)} (idempotency_key, worker_id, kind) VALUES (@key, @worker, @kind)");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("worker", workerId);
        command.Parameters.AddWithValue("kind", kind);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class RecordingSender(PostgreSqlDatabase database, string workerId) : INotificationSender
    {
        public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            await RecordDeliveryAsync(database, message.IdempotencyKey, workerId, message.Channel.ToString(), cancellationToken);
            return "sent:" + message.IdempotencyKey;
        }
    }

    private sealed class LedgerActionHandler(PostgreSqlDatabase database, PostgreSqlAccountStore accounts, string workerId) : IActionHandler
    {
        public bool CanHandle(EscalationActionKind action) => true;

        public async ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
        {
            var decision = request.Decision;
            if (decision.Action == EscalationActionKind.ApplyLateFee && decision.FeeAmount.IsPositive && decision.ItemIds.Length > 0)
            {
                var on = decision.DecidedAt.InZone(request.Account.Customer.TimeZone).Date;
                var fee = new FeeCharged(decision.IdempotencyKey, on, decision.ItemIds[0], decision.FeeAmount, "Late fee");
                for (int round = 0; ; round++)
                {
                    var current = await accounts.LoadWithVersionAsync(decision.AccountId, cancellationToken)
                        ?? throw new InvalidOperationException($"account '{decision.AccountId}' vanished.");
                    try
                    {
                        await accounts.AppendAsync(decision.AccountId, current.Version, [fee], wakeAt: null, cancellationToken);
                        break;
                    }
                    catch (AccountVersionConflictException) when (round < 20)
                    {
                        // another writer appended first: reload and post again (the fee key makes a repeat a no-op)
                    }
                }
            }

            await RecordDeliveryAsync(database, decision.IdempotencyKey, workerId, decision.Action.ToString(), cancellationToken);
            return ActionResult.Done("done:" + decision.IdempotencyKey);
        }
    }
}
