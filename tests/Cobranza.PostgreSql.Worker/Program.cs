using System;
using System.Globalization;
using System.Threading;
using Cobranza.Core.Ports;
using Cobranza.PostgreSql;
using Cobranza.PostgreSql.Worker;
using NodaTime;

// Usage: Cobranza.PostgreSql.Worker <connection string> <schema> <run instant, Unix ms> <partition index>/<count> <worker id> <lease seconds> <parallelism>
// Runs one collection cycle and prints one line of counts. Exit code 0 when the cycle completed.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: Cobranza.PostgreSql.Worker <connection string> <schema> <run instant, Unix ms> <index>/<count> <worker id> <lease seconds> <parallelism>");
    return 2;
}

var parts = args[3].Split('/');
var partition = new Partition(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
var at = Instant.FromUnixTimeMilliseconds(long.Parse(args[2], CultureInfo.InvariantCulture));
await using var database = new PostgreSqlDatabase(args[0], new PostgreSqlOptions { Schema = args[1] });
var summary = await CycleWorker.RunAsync(database, at, partition, args[4], Duration.FromSeconds(int.Parse(args[5], CultureInfo.InvariantCulture)), int.Parse(args[6], CultureInfo.InvariantCulture), CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker {args[4]} partition {partition}: {summary.AccountsEvaluated} evaluated, {summary.AccountFailures.Length} failures"));
return summary.AccountFailures.Length == 0 ? 0 : 1;
