using System;

namespace Cobranza.Core.Ports;

/// <summary>
/// An append to an account's ledger (<see cref="IAccountLedgerStore.AppendAsync"/>) expected a version the account no
/// longer has (another writer appended first) or an account that no longer exists, or an account to open exists
/// already. Reload the account, re-decide, and append again. Every store of this library throws it on a version
/// conflict (the in-memory store of <c>Cobranza.Testing</c>, <c>Cobranza.PostgreSql</c>'s event store); the
/// <c>Cobranza.Testing.Xunit</c> conformance suite asserts it of a host's store.
/// </summary>
public sealed class AccountVersionConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="expectedVersion">The version the caller expected (−1: that the account did not exist).</param>
    /// <param name="actualVersion">The version found (−1: the account does not exist).</param>
    /// <exception cref="ArgumentException">accountId is null or empty.</exception>
    public AccountVersionConflictException(string accountId, long expectedVersion, long actualVersion)
        : base(Describe(Guard.NotNullOrWhiteSpace(accountId), expectedVersion, actualVersion))
    {
        AccountId = accountId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The account.</summary>
    public string AccountId { get; }

    /// <summary>The version the caller expected (−1: that the account did not exist).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found (−1: the account does not exist).</summary>
    public long ActualVersion { get; }

    private static string Describe(string accountId, long expected, long actual) => (expected, actual) switch
    {
        (-1, _) => $"account '{accountId}' exists already (version {actual}); it cannot be opened again.",
        (_, -1) => $"account '{accountId}' does not exist; open it before appending events.",
        _ => $"account '{accountId}' is at version {actual}, not the expected {expected}: another writer appended first; reload and try again.",
    };
}
