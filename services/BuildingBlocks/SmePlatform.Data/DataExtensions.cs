using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Data;

public static class DataExtensions
{
    public const string ConnectionStringName = "Database";

    /// <summary>How many statements each connection keeps prepared, unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 100;

    /// <summary>
    /// The service key of a second <see cref="NpgsqlDataSource"/> on the same database whose statements are never
    /// prepared, so PostgreSQL plans every execution with its parameters' values. For searches whose best plan depends
    /// on the values (a name pattern): once a statement is prepared, PostgreSQL may switch to a generic plan after five
    /// executions, and a generic plan cannot know whether a pattern is rare or common, or too short for a trigram index
    /// (docs/performance.md, "Generic plans"). Everything else keeps its prepared plans.
    /// </summary>
    public const string PlannedPerQuery = "planned-per-query";

    /// <summary>
    /// The service's own database: one NpgsqlDataSource, units of work, a readiness check, and the platform's and
    /// the service's migrations (embedded in the assembly of <typeparamref name="TService"/>) applied at start.
    /// </summary>
    public static WebApplicationBuilder AddServiceDatabase<TService>(this WebApplicationBuilder builder)
    {
        DapperTypes.Register();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");
        builder.Services.AddSingleton(services =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
            // A service runs the same few dozen statements all day: prepared once per connection, PostgreSQL skips their
            // parse and plan on every later use (measured on partner-bank submissions, docs/performance.md). A connection
            // string that sets Max Auto Prepare (0 turns it off, e.g. behind a transaction-pooling proxy) decides instead.
            if (!HasSetting(connectionString, "Max Auto Prepare"))
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
            }

            return dataSource.Build();
        });
        builder.Services.AddKeyedSingleton(PlannedPerQuery, (services, _) =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 0;
            return dataSource.Build();
        });
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IAuditTrail, AuditTrail>();
        builder.Services.AddSingleton<UnitOfWorkFactory>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddSingleton<IHostedService>(services => new MigrationsAtStart(
            services.GetRequiredService<NpgsqlDataSource>(),
            Migrations.ForService(typeof(TService).Assembly),
            services.GetRequiredService<ILogger<MigrationsAtStart>>()));
        return builder;
    }

    private static bool HasSetting(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString } is var settings
        && (settings.ContainsKey(keyword) || settings.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal)));
}

/// <summary>
/// Applies migrations in the host's Starting phase, which runs before any hosted service and before Kestrel
/// accepts a request, so no request ever meets an old schema; a failure stops the start.
/// </summary>
internal sealed class MigrationsAtStart(NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> scripts, ILogger<MigrationsAtStart> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Migrations.ApplyAsync(dataSource, scripts, logger, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
