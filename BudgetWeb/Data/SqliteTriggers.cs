using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Data;

/// <summary>
/// SQLite's triggers that keep what is derived from Expenses (the search index, the monthly totals), looked up by name
/// for the integrity check: an import takes two of them off inside its transaction and puts them back before it commits
/// (<see cref="Features.Expenses.ExpenseBulkFill"/>), so one that is missing is a problem to report, not an assumption.
/// </summary>
public static class SqliteTriggers
{
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
