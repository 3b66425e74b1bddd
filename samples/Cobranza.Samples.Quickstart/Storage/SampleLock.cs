using System;
using System.Collections.Generic;
using System.IO;

namespace Cobranza.Samples.Quickstart.Storage;

/// <summary>Another run holds the database or the outbox: the message names the file and what to do.</summary>
internal sealed class SampleBusyException(string message, Exception? inner) : Exception(message, inner);

/// <summary>
/// One run at a time per database and per outbox: an exclusive lock on a <c>.lock</c> file beside the database and
/// one inside the outbox, held for the whole run. The operating system releases it when the process ends, however it
/// ends (<c>kill -9</c> included), so a crashed run never leaves a lock behind; a second run started while the first
/// is alive is refused at once instead of racing it for the same claims, payments and files. On Linux and macOS
/// .NET takes the lock with <c>flock</c> (advisory: only programs that ask for it are kept out); on Windows the file
/// is opened without sharing.
/// </summary>
internal sealed class SampleLock : IDisposable
{
    private readonly List<FileStream> _held;

    private SampleLock(List<FileStream> held) => _held = held;

    /// <summary>The lock file of a database: its path plus <c>.lock</c>.</summary>
    public static string FileOfDatabase(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>The lock file of an outbox folder.</summary>
    public static string FileOfOutbox(string outboxPath) => Path.Combine(Path.GetFullPath(outboxPath), ".lock");

    /// <summary>Takes the locks of the database and the outbox (creating their folders), or none of them.</summary>
    /// <exception cref="SampleBusyException">Another process (or another run in this one) holds one of them.</exception>
    public static SampleLock Acquire(string databasePath, string outboxPath)
        => Take([(FileOfDatabase(databasePath), $"the database '{Path.GetFullPath(databasePath)}'"), (FileOfOutbox(outboxPath), $"the outbox '{Path.GetFullPath(outboxPath)}'")]);

    /// <summary>Takes the lock of the outbox only (creating its folder): a PostgreSQL run locks its database on the server.</summary>
    /// <exception cref="SampleBusyException">Another process (or another run in this one) holds it.</exception>
    public static SampleLock AcquireOutbox(string outboxPath)
        => Take([(FileOfOutbox(outboxPath), $"the outbox '{Path.GetFullPath(outboxPath)}'")]);

    private static SampleLock Take(IReadOnlyList<(string File, string What)> locks)
    {
        var held = new List<FileStream>(locks.Count);
        try
        {
            foreach (var (file, what) in locks)
            {
                held.Add(Take(file, what));
            }

            return new SampleLock(held);
        }
        catch
        {
            foreach (var stream in held)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    /// <summary>Releases the locks (the lock files stay; they hold nothing).</summary>
    public void Dispose()
    {
        foreach (var stream in _held)
        {
            stream.Dispose();
        }

        _held.Clear();
    }

    private static FileStream Take(string lockFile, string what)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        try
        {
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new SampleBusyException(
                $"another quickstart run is using {what} (lock file '{lockFile}' is held). Two runs on one database would race for the same decisions and payments: wait for the other run to finish, or stop it, and run again.",
                ex);
        }
    }
}
