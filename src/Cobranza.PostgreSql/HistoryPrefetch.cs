using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using Cobranza.Core.Escalation;

namespace Cobranza.PostgreSql;

/// <summary>
/// Journal histories read in one query with a page of due accounts (instead of one query per account). The journal
/// takes an entry once, if it is younger than <see cref="MaxAge"/>; anything else is read from the table. A history
/// read with the page is as fresh as the snapshot read with it; claims remain the synchronisation point, so a key
/// another worker handled in between is answered by the claim (AlreadyCompleted, InFlight).
/// </summary>
internal sealed class HistoryPrefetch
{
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, (CollectionHistory History, long ReadAt)> _entries = new(StringComparer.Ordinal);

    public void Put(string accountId, CollectionHistory history)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // entries nobody took (failed accounts, another runner): drop them rather than grow
        }

        _entries[accountId] = (history, Stopwatch.GetTimestamp());
    }

    public void Invalidate(string accountId) => _entries.TryRemove(accountId, out _);

    public bool TryTake(string accountId, out CollectionHistory history)
    {
        if (_entries.TryRemove(accountId, out var entry) && Stopwatch.GetElapsedTime(entry.ReadAt) < MaxAge)
        {
            history = entry.History;
            return true;
        }

        history = CollectionHistory.Empty;
        return false;
    }
}
