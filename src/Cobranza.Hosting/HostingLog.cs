using System;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cobranza.Hosting;

/// <summary>The hosted runner's log messages (event ids 2001-2099).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(2001, LogLevel.Information, "Cobranza runner started: {Schedule}, partition {Partition}, worker {WorkerId}; first cycle at {Next}")]
    public static partial void Started(ILogger logger, string schedule, string partition, string workerId, Instant next);

    [LoggerMessage(2002, LogLevel.Information, "Cobranza cycle at {At} completed: {Accounts} accounts, {Dispatched} dispatched, {Poisoned} poisoned, {AccountFailures} account failures")]
    public static partial void CycleCompleted(ILogger logger, Instant at, int accounts, int dispatched, int poisoned, int accountFailures);

    [LoggerMessage(2003, LogLevel.Error, "Cobranza cycle at {At} failed; the schedule goes on")]
    public static partial void CycleFailed(ILogger logger, Instant at, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "Cobranza cycle at {At} was cancelled by the host's shutdown timeout; its claims expire and a later run resumes them")]
    public static partial void CycleCancelled(ILogger logger, Instant at);

    [LoggerMessage(2005, LogLevel.Warning, "Cobranza cycle at {At} ran until {End}, past the next scheduled start {Next}: the next cycle starts now")]
    public static partial void Outlasted(ILogger logger, Instant at, Instant end, Instant next);

    [LoggerMessage(2006, LogLevel.Warning, "A {Event} handler threw; the cycle goes on")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(2007, LogLevel.Information, "Cobranza runner stopped")]
    public static partial void Stopped(ILogger logger);
}
