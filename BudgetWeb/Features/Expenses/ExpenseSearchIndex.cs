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
    /// For the integrity check, read-only, each ordered and described: expenses the index doesn't hold, rows it holds
    /// that are no expense (FTS5 keeps one "docsize" row per indexed rowid), and import batches still waiting to be
    /// indexed. Queries, so the check counts them and reads only its first few examples in the database.
    /// </summary>
    public static IReadOnlyList<IQueryable<string>> Mismatches(BudgetDbContext db) =>
    [
        db.Database.SqlQueryRaw<long>("""
            SELECT e."Id" AS "Value" FROM "Expenses" e WHERE NOT EXISTS (SELECT 1 FROM "ExpenseSearch_docsize" d WHERE d."id" = e."Id")
            """).OrderBy(id => id).Select(id => "expense " + id.ToString() + " is not in the search index"),
        db.Database.SqlQueryRaw<long>("""
            SELECT d."id" AS "Value" FROM "ExpenseSearch_docsize" d WHERE NOT EXISTS (SELECT 1 FROM "Expenses" e WHERE e."Id" = d."id")
            """).OrderBy(id => id).Select(id => "the search index holds row " + id.ToString() + ", which is no expense"),
        db.Database.SqlQueryRaw<long>("""SELECT "ImportBatchId" AS "Value" FROM "ExpenseSearchDeferred" """)
            .OrderBy(batch => batch).Select(batch => "import batch " + batch.ToString() + " is still waiting for its rows to be indexed"),
    ];
}
