using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Data;

/// <summary>
/// SQLite's triggers that keep what is derived from Expenses (the search index, the monthly totals), looked up by name:
/// an import takes two of them off inside its transaction and puts them back from their stored definitions before it
/// commits (<see cref="Features.Expenses.ExpenseBulkFill"/>), so the integrity check reports one that is missing.
/// </summary>
public static class SqliteTriggers
{
    /// <summary>The stored CREATE TRIGGER statements of those of <paramref name="names"/> the database has.</summary>
    public static IQueryable<string> Definitions(BudgetDbContext db, params string[] names)
    {
        var wanted = JsonSerializer.Serialize(names);
        return db.Database.SqlQuery<string>($"""
            SELECT m."sql" AS "Value" FROM sqlite_master m
            WHERE m."type" = 'trigger' AND m."name" IN (SELECT j."value" FROM json_each({wanted}) j)
            """);
    }

    /// <summary>Those of <paramref name="names"/> the database has no trigger by, in order; a query, so the check reads only what it shows.</summary>
    public static IQueryable<string> Missing(BudgetDbContext db, params string[] names)
    {
        var wanted = JsonSerializer.Serialize(names);
        return db.Database.SqlQuery<string>($"""
            SELECT j."value" AS "Value" FROM json_each({wanted}) j
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m."type" = 'trigger' AND m."name" = j."value")
            """).OrderBy(name => name);
    }
}
