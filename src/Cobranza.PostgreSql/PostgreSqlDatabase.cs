using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Cobranza.PostgreSql;

/// <summary>
/// One Cobranza database: the data source, the settings and what the adapters of one process share (the journal
/// histories read with a page of due accounts). Create one per process and pass it to every adapter.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable
{
    private readonly bool _ownsDataSource;

    /// <summary>Uses an existing data source (the caller keeps owning it) with <see cref="PostgreSqlOptions.Default"/>.</summary>
    /// <param name="dataSource">The data source (its own type mappings are not needed: instants travel as UTC timestamps).</param>
    /// <exception cref="ArgumentNullException">dataSource is null.</exception>
    public PostgreSqlDatabase(NpgsqlDataSource dataSource)
        : this(dataSource, null)
    {
    }

    /// <summary>Uses an existing data source (the caller keeps owning it).</summary>
    /// <param name="dataSource">The data source (its own type mappings are not needed: instants travel as UTC timestamps).</param>
    /// <param name="options">The settings (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <exception cref="ArgumentNullException">dataSource is null.</exception>
    public PostgreSqlDatabase(NpgsqlDataSource dataSource, PostgreSqlOptions? options)
    {
        DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        Options = options ?? PostgreSqlOptions.Default;
    }

    /// <summary>Creates a data source from a connection string (this object owns and disposes it), with <see cref="PostgreSqlOptions.Default"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=erp;Username=cobranza;Password=…</c>.</param>
    /// <exception cref="ArgumentException">connectionString is empty or not a valid Npgsql connection string.</exception>
    public PostgreSqlDatabase(string connectionString)
        : this(connectionString, null)
    {
    }

    /// <summary>Creates a data source from a connection string (this object owns and disposes it).</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=erp;Username=cobranza;Password=…</c>.</param>
    /// <param name="options">The settings (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <exception cref="ArgumentException">connectionString is empty or not a valid Npgsql connection string.</exception>
    public PostgreSqlDatabase(string connectionString, PostgreSqlOptions? options)
        : this(CreateDataSource(connectionString), options)
    {
        _ownsDataSource = true;
    }

    /// <summary>The data source.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The settings.</summary>
    public PostgreSqlOptions Options { get; }

    /// <summary>Histories read with a page of due accounts, taken once by the journal.</summary>
    internal HistoryPrefetch Prefetch { get; } = new();

    /// <summary>Applies pending migrations (see <see cref="PostgreSqlMigrations.ApplyAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The versions applied by this call.</returns>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
        => PostgreSqlMigrations.ApplyAsync(DataSource, Options, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
        => await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    internal string Table(string name) => Options.QuotedSchema + "." + name;

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("connectionString must not be empty.", nameof(connectionString));
        }

        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"connectionString is not a valid Npgsql connection string: {e.Message}", nameof(connectionString), e);
        }
    }
}
