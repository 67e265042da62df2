using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Data;

public static class DatabaseStartup
{
    /// <summary>
    /// SQLite: create the data folder if missing, apply migrations and switch the file to WAL.
    /// SQL Server and PostgreSQL: apply migrations only when Database:MigrateOnStartup is true (otherwise run the documented command).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        var factory = services.GetRequiredService<IDbContextFactory<BudgetDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var path = db.Database.GetDbConnection().DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }
        else if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}
