using Cobranza.Core.Ports;
using NodaTime;

namespace Cobranza.Core.Running;

/// <summary>
/// How far a collection cycle has come, reported after each page of due accounts (its accounts processed and their
/// wake-ups stored), so that a host can show progress on a long cycle. Pages can complete out of order when several
/// workers run; the counts only grow.
/// </summary>
/// <param name="At">The instant of the run.</param>
/// <param name="Partition">The partition being run.</param>
/// <param name="PagesCompleted">Pages completed so far.</param>
/// <param name="AccountsProcessed">Due accounts of those pages (evaluated, missing or failed).</param>
public sealed record RunProgress(Instant At, Partition Partition, int PagesCompleted, int AccountsProcessed);
