using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Import;

/// <summary>
/// The SQLite setting an import's connection needs for its transaction. SQLite backs an INSERT out on its own if it is
/// refused (how a refused row is isolated), so for each row it first copies every page the row will change (eight
/// indexes, the table, the monthly totals) into a statement journal; above 64 KB that journal is a temporary file, and
/// writing it was a third of an import's time (a million small writes per 100,000 rows). With temp_store = MEMORY it
/// stays in memory; SQLite reads the setting when the transaction begins, so the connection is opened and set first.
/// Every other use of a pooled connection gets the default back when it opens it (<see cref="SqliteConnectionSetup"/>),
/// so a large sort elsewhere still spills to disk. Other databases need nothing.
/// </summary>
public static class ImportConnection
{
    /// <summary>Opens the context's connection (the context closes it when disposed) with the import's settings.</summary>
    public static async Task OpenAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY;", cancellationToken);
        }
    }
}
