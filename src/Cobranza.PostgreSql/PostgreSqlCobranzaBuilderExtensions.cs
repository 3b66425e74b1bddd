using System;
using System.Threading;
using Cobranza.Core;
using Cobranza.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Cobranza.PostgreSql;

/// <summary>Registers the PostgreSQL adapters with <c>AddCobranza</c>.</summary>
public static class PostgreSqlCobranzaBuilderExtensions
{
    /// <summary>
    /// Uses PostgreSQL for the journal (<see cref="PostgreSqlCollectionJournal"/>), the receivable store
    /// (<see cref="PostgreSqlReceivableStore"/> over the event-sourced <see cref="PostgreSqlAccountStore"/>, unless an
    /// <see cref="IAccountSnapshotSource"/> is registered) and registers the <see cref="PostgreSqlDatabase"/> and the
    /// account store. With <see cref="PostgreSqlOptions.MigrateAtStart"/> (the default) pending migrations are applied
    /// when the first adapter is created (safe when several processes start at once).
    /// </summary>
    /// <param name="builder">The Cobranza builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">builder is null or connectionString is empty.</exception>
    public static CobranzaBuilder UsePostgreSql(this CobranzaBuilder builder, string connectionString)
        => UsePostgreSql(builder, connectionString, null);

    /// <summary>As <see cref="UsePostgreSql(CobranzaBuilder, string)"/>, with settings.</summary>
    /// <param name="builder">The Cobranza builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The settings (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">builder is null or connectionString is empty.</exception>
    public static CobranzaBuilder UsePostgreSql(this CobranzaBuilder builder, string connectionString, PostgreSqlOptions? options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Register(builder, _ => new PostgreSqlDatabase(connectionString, options));
    }

    /// <summary>As <see cref="UsePostgreSql(CobranzaBuilder, string)"/>, over a data source the host owns.</summary>
    /// <param name="builder">The Cobranza builder.</param>
    /// <param name="dataSource">The data source (not disposed by Cobranza).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CobranzaBuilder UsePostgreSql(this CobranzaBuilder builder, NpgsqlDataSource dataSource)
        => UsePostgreSql(builder, dataSource, null);

    /// <summary>As <see cref="UsePostgreSql(CobranzaBuilder, string)"/>, over a data source the host owns, with settings.</summary>
    /// <param name="builder">The Cobranza builder.</param>
    /// <param name="dataSource">The data source (not disposed by Cobranza).</param>
    /// <param name="options">The settings (null: <see cref="PostgreSqlOptions.Default"/>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">builder or dataSource is null.</exception>
    public static CobranzaBuilder UsePostgreSql(this CobranzaBuilder builder, NpgsqlDataSource dataSource, PostgreSqlOptions? options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, _ => new PostgreSqlDatabase(dataSource, options));
    }

    private static CobranzaBuilder Register(CobranzaBuilder builder, Func<IServiceProvider, PostgreSqlDatabase> create)
    {
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var database = create(sp);
            return new MigratedDatabase(database);
        }));
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<MigratedDatabase>().Get()));
        services.Replace(ServiceDescriptor.Singleton(sp => new PostgreSqlAccountStore(sp.GetRequiredService<PostgreSqlDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<ICollectionJournal>(sp => new PostgreSqlCollectionJournal(sp.GetRequiredService<PostgreSqlDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IReceivableStore>(sp => new PostgreSqlReceivableStore(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetService<IAccountSnapshotSource>() ?? sp.GetRequiredService<PostgreSqlAccountStore>())));
        return builder;
    }

    /// <summary>The database, migrated once before first use when the options say so.</summary>
    private sealed class MigratedDatabase(PostgreSqlDatabase database)
    {
        private readonly Lazy<PostgreSqlDatabase> _migrated = new(() =>
        {
            if (database.Options.MigrateAtStart)
            {
                // DI factories are synchronous; this runs once per process, before the first adapter exists.
                database.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            return database;
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        public PostgreSqlDatabase Get() => _migrated.Value;
    }
}
