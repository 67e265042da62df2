using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>
/// SQLite's full-text index of descriptions ("ExpenseSearch", trigram FTS5, kept by triggers on Expenses; an import
/// fills it for its rows in bulk, <see cref="ExpenseBulkFill"/>): what the integrity check compares with the expenses.
/// </summary>
public static class ExpenseSearchIndex
{
    /// <summary>
    /// For the integrity check, read-only, each ordered and described: expenses the index doesn't hold, rows it holds
    /// that are no expense (FTS5 keeps one "docsize" row per indexed rowid), and any of its triggers missing (an import
    /// takes the insert trigger off inside its transaction and puts it back before it commits, <see cref="ExpenseBulkFill"/>).
    /// Queries, so the check counts them and reads only its first few examples in the database.
    /// </summary>
    public static IReadOnlyList<IQueryable<string>> Mismatches(BudgetDbContext db) =>
    [
        db.Database.SqlQueryRaw<long>("""
            SELECT e."Id" AS "Value" FROM "Expenses" e WHERE NOT EXISTS (SELECT 1 FROM "ExpenseSearch_docsize" d WHERE d."id" = e."Id")
            """).OrderBy(id => id).Select(id => "expense " + id.ToString() + " is not in the search index"),
        db.Database.SqlQueryRaw<long>("""
            SELECT d."id" AS "Value" FROM "ExpenseSearch_docsize" d WHERE NOT EXISTS (SELECT 1 FROM "Expenses" e WHERE e."Id" = d."id")
            """).OrderBy(id => id).Select(id => "the search index holds row " + id.ToString() + ", which is no expense"),
        SqliteTriggers.Missing(db, "Expenses_Search_Insert", "Expenses_Search_Update", "Expenses_Search_Delete")
            .Select(name => "the search index's trigger " + name + " is missing"),
    ];
}
