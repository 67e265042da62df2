using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BudgetWeb.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{BudgetDbContext}"/> for the configured provider. Services open one
    /// short-lived context per operation from it. A scoped <see cref="BudgetDbContext"/> exists only for Identity,
    /// Data Protection and health checks, which work per HTTP request.
    /// Configuration is read when the factory is first resolved, so settings layered on late (test hosts,
    /// the EF tools' command line) are honoured.
    /// </summary>
    public static IServiceCollection AddBudgetDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions());

        services.AddDbContextFactory<SqliteBudgetDbContext>((sp, builder) =>
        {
            var options = sp.GetRequiredService<DatabaseOptions>();
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            builder.UseBudgetSqlite(SqliteConnectionString(options, contentRoot), options.BusyTimeoutSeconds)
                .AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddDbContextFactory<SqlServerBudgetDbContext>((sp, builder) =>
            builder.UseBudgetSqlServer(SqlServerConnectionString(sp.GetRequiredService<IConfiguration>()))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddDbContextFactory<PostgreSqlBudgetDbContext>((sp, builder) =>
            builder.UseBudgetPostgreSql(PostgreSqlConnectionString(sp.GetRequiredService<IConfiguration>()))
                .AddInterceptors(sp.GetServices<IInterceptor>()));

        services.AddSingleton<IDbContextFactory<BudgetDbContext>>(sp => sp.GetRequiredService<DatabaseOptions>().Provider switch
        {
            DatabaseProvider.Sqlite => new BudgetDbContextFactory<SqliteBudgetDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteBudgetDbContext>>()),
            DatabaseProvider.SqlServer => new BudgetDbContextFactory<SqlServerBudgetDbContext>(sp.GetRequiredService<IDbContextFactory<SqlServerBudgetDbContext>>()),
            DatabaseProvider.PostgreSql => new BudgetDbContextFactory<PostgreSqlBudgetDbContext>(sp.GetRequiredService<IDbContextFactory<PostgreSqlBudgetDbContext>>()),
            var unknown => throw new InvalidOperationException($"Unknown Database:Provider '{unknown}'. Use Sqlite, SqlServer or PostgreSql."),
        });

        services.AddScoped<BudgetDbContext>(sp => sp.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContext());
        return services;
    }

    public static DbContextOptionsBuilder UseBudgetSqlite(this DbContextOptionsBuilder builder, string connectionString, int busyTimeoutSeconds = 120) =>
        builder
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(BudgetDbContext).Assembly.FullName))
            .AddInterceptors(new SqliteConnectionSetup(busyTimeoutSeconds));

    public static DbContextOptionsBuilder UseBudgetSqlServer(this DbContextOptionsBuilder builder, string? connectionString) =>
        builder.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(10), errorNumbersToAdd: null));

    public static DbContextOptionsBuilder UseBudgetPostgreSql(this DbContextOptionsBuilder builder, string? connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.ExecutionStrategy(dependencies => new PostgreSqlExecutionStrategy(dependencies)));

    public static string SqliteConnectionString(DatabaseOptions options, string contentRoot) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = SqliteFilePath(options, contentRoot),
            ForeignKeys = true,
            DefaultTimeout = options.BusyTimeoutSeconds,
            Pooling = true,
        }.ToString();

    public static string SqliteFilePath(DatabaseOptions options, string contentRoot) =>
        Path.Combine(Path.GetFullPath(options.DataFolder, contentRoot), options.SqliteFileName);

    private static string? PostgreSqlConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("PostgreSql");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return EF.IsDesignTime ? null : throw new InvalidOperationException(
                "Database:Provider is PostgreSql but ConnectionStrings:PostgreSql is empty. See README, 'Using PostgreSQL'.");
        }

        return connectionString;
    }

    private static string? SqlServerConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("SqlServer");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // The EF tools build the host to add migrations and generate scripts; they need no server.
            return EF.IsDesignTime ? null : throw new InvalidOperationException(
                "Database:Provider is SqlServer but ConnectionStrings:SqlServer is empty. See README, 'Using SQL Server'.");
        }

        // With MARS on, EF Core skips savepoints, which the importer relies on to isolate bad rows.
        if (new SqlConnectionStringBuilder(connectionString).MultipleActiveResultSets)
        {
            throw new InvalidOperationException("Remove MultipleActiveResultSets=True from ConnectionStrings:SqlServer: BudgetWeb relies on savepoints, which EF Core skips under MARS.");
        }

        return connectionString;
    }
}

/// <summary>Hands out the provider's subclass as the one model type the rest of the app knows.</summary>
internal sealed class BudgetDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<BudgetDbContext>
    where TContext : BudgetDbContext
{
    public BudgetDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<BudgetDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
