using System;
using System.Text.RegularExpressions;
using NodaTime;

namespace Cobranza.PostgreSql;

/// <summary>Settings shared by the PostgreSQL adapters.</summary>
public sealed record PostgreSqlOptions
{
    private static readonly Regex SchemaName = new("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant);

    /// <summary>The default settings: schema <c>cobranza</c>, database-clock leases.</summary>
    public static PostgreSqlOptions Default { get; } = new();

    /// <summary>
    /// The schema holding the tables (default <c>cobranza</c>): lower-case letters, digits and underscores, starting
    /// with a letter or underscore, at most 63 characters.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a plain lower-case identifier.</exception>
    public string Schema
    {
        get => field;
        init => field = value is not null && SchemaName.IsMatch(value)
            ? value
            : throw new ArgumentException($"Schema must be a lower-case identifier (letters, digits, underscores; at most 63 characters), was '{value}'.", nameof(Schema));
    } = "cobranza";

    /// <summary>Which clock starts and judges claim leases (default <see cref="LeaseClock.Database"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="PostgreSql.LeaseClock"/>.</exception>
    public LeaseClock LeaseClock
    {
        get => field;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(LeaseClock), value, $"LeaseClock is not a LeaseClock (was {(int)value}).");
    } = LeaseClock.Database;

    /// <summary>
    /// A clock the journal reads for leases instead of the database server's (tests with a manual clock; a simulation on
    /// simulated time). Null by default: the database's clock, or the callers' readings with <see cref="LeaseClock.Request"/>.
    /// </summary>
    public IClock? Clock { get; init; }

    /// <summary>Whether <c>UsePostgreSql</c> applies pending migrations when the adapters are first created (default <see langword="true"/>).</summary>
    public bool MigrateAtStart { get; init; } = true;

    /// <summary>
    /// Whether the receivable store reads the journal histories of a page of due accounts in one query with the page,
    /// and the journal answers <c>GetHistoryAsync</c> from them once (default <see langword="true"/>; one query per page
    /// instead of one per account). Needs the store and the journal to share one <see cref="PostgreSqlDatabase"/>.
    /// </summary>
    public bool PrefetchHistories { get; init; } = true;

    /// <summary>The schema name as a quoted SQL identifier.</summary>
    internal string QuotedSchema => "\"" + Schema + "\"";
}

/// <summary>Which clock a claim's lease is measured by.</summary>
public enum LeaseClock
{
    /// <summary>
    /// The database server's clock (<c>clock_timestamp()</c>) at the moment of the claim starts the lease, and the same
    /// clock judges whether it expired: worker clocks may be skewed and a run may last longer than its lease without
    /// another worker taking a live claim over. The default for production.
    /// </summary>
    Database = 0,

    /// <summary>
    /// The callers' readings start and judge leases (<c>ClaimRequest.ClaimedAt</c>, <c>ClaimRenewal.Now</c>, the run's
    /// instant in <c>GetPendingAsync</c>): for simulations on simulated time. Safe only when every worker reads one clock.
    /// </summary>
    Request = 1,
}
