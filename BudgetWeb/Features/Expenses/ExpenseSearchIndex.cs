using BudgetWeb.Data;
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
    /// For the integrity check, read-only: expenses the index doesn't hold, rows it holds that are no expense (FTS5 keeps
    /// one "docsize" row per indexed rowid), and import batches still waiting to be indexed, described.
    /// </summary>
    public static async Task<List<string>> MismatchesAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        var missing = await db.Database.SqlQueryRaw<long>("""
            SELECT e."Id" AS "Value" FROM "Expenses" e WHERE NOT EXISTS (SELECT 1 FROM "ExpenseSearch_docsize" d WHERE d."id" = e."Id") ORDER BY 1
            """).ToListAsync(cancellationToken);
        var extra = await db.Database.SqlQueryRaw<long>("""
            SELECT d."id" AS "Value" FROM "ExpenseSearch_docsize" d WHERE NOT EXISTS (SELECT 1 FROM "Expenses" e WHERE e."Id" = d."id") ORDER BY 1
            """).ToListAsync(cancellationToken);
        var waiting = await db.Database.SqlQueryRaw<long>("""SELECT "ImportBatchId" AS "Value" FROM "ExpenseSearchDeferred" ORDER BY 1""").ToListAsync(cancellationToken);
        return
        [
            .. missing.Select(id => $"expense {id} is not in the search index"),
            .. extra.Select(id => $"the search index holds row {id}, which is no expense"),
            .. waiting.Select(batch => $"import batch {batch} is still waiting for its rows to be indexed"),
        ];
    }
}
