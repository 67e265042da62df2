using BudgetWeb.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>
/// SQLite's full-text index of descriptions ("ExpenseSearch", trigram FTS5, kept by triggers on Expenses). An import
/// fills it for its rows in one statement at the end of writing them: FTS5 writes out its pending terms after every
/// statement, so indexing row by row costs a tiny index segment per row (half of an import's time, measured). Between
/// <see cref="DeferAsync"/> and <see cref="FillAsync"/>, inside the import's transaction, the insert trigger skips the
/// batch's rows (migration ExpenseSearchInBulk). Other providers index with the table and need neither call.
/// </summary>
public static class ExpenseSearchIndex
{
    /// <summary>The batch's rows are indexed by <see cref="FillAsync"/>, not one by one as they are inserted.</summary>
    public static async Task DeferAsync(BudgetDbContext db, long importBatchId, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "ExpenseSearchDeferred" ("ImportBatchId") VALUES ({importBatchId})""", cancellationToken);
        }
    }

    /// <summary>Indexes every row of the batch in one statement and ends the deferral: call it in the same transaction, after the last row.</summary>
    public static async Task FillAsync(BudgetDbContext db, long importBatchId, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "ExpenseSearch" (rowid, "Description") SELECT "Id", "Description" FROM "Expenses" WHERE "ImportBatchId" = {importBatchId}""", cancellationToken);
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "ExpenseSearchDeferred" WHERE "ImportBatchId" = {importBatchId}""", cancellationToken);
        }
    }

    /// <summary>
    /// For the integrity check: FTS5's own comparison of the index with the descriptions in Expenses. It reports a
    /// mismatch as SQLITE_CORRUPT_VTAB; that is one problem to report, not an error of the check.
    /// </summary>
    public static async Task<string?> MismatchAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "ExpenseSearch" ("ExpenseSearch", rank) VALUES ('integrity-check', 1)""", cancellationToken);
            return null;
        }
        catch (SqliteException exception) when (exception.SqliteExtendedErrorCode == SqliteCorruptVirtualTable)
        {
            return "the search index does not match the expenses' descriptions";
        }
    }

    private const int SqliteCorruptVirtualTable = 267; // SQLITE_CORRUPT_VTAB
}
