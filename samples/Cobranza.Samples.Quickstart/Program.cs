using System;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Samples.Quickstart;
using Cobranza.Samples.Quickstart.Storage;

// The quickstart: a seeded portfolio in SQLite, 90 simulated days of collections, notices in an .eml outbox.
// See docs/quickstart.md.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

SampleOptions options;
try
{
    options = SampleOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (SampleUsageException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    await Console.Error.WriteLineAsync(SampleOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SampleOptions.Usage);
    return 0;
}

try
{
    if (options.Audit)
    {
        return await SampleAudit.RunAsync(options, Console.Out, Console.Error, cancel.Token) == 0 ? 0 : 1;
    }

    var result = await new Simulation(options, Console.Out).RunAsync(cancel.Token);
    return result.Poisoned + result.AccountFailures == 0 ? 0 : 1;
}
catch (SampleUsageException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 2;
}
catch (SampleBusyException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 3;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Stopped. The days completed are stored; run again to continue.");
    return 130;
}
