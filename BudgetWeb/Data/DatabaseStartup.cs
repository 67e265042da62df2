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
            var path = Path.GetFullPath(db.Database.GetDbConnection().DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (await MigrationFileLock.AcquireAsync(path, cancellationToken))
            {
                // Holding the file lock, no other process is migrating: a row in EF's lock table was left by a process
                // killed while it migrated, and EF would wait for it forever (dotnet/efcore#38958). Every start-up
                // migrates, so one kill at the wrong moment would otherwise keep the app from ever starting again.
                await ClearLeftOverSqliteMigrationLockAsync(db, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }

            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }
        else if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    private static async Task ClearLeftOverSqliteMigrationLockAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0)
            {
                command.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
