using System.Text.RegularExpressions;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BudgetWeb.Data;

/// <summary>
/// The one model on PostgreSQL, with its own migrations (Data/Migrations/PostgreSql). Two things differ from the
/// other providers: bare column names in CHECK and index-filter SQL are quoted, and descriptions get a trigram index.
/// </summary>
public sealed partial class PostgreSqlBudgetDbContext(DbContextOptions<PostgreSqlBudgetDbContext> options) : BudgetDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            QuoteColumnNames(entity);
        }

        // Text search (ILIKE '%text%') uses this index as SQLite's searches use the FTS5 trigram table.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Expense>().HasIndex(e => e.Description, "IX_Expenses_Description_Trigram")
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
    }

    /// <summary>
    /// The configurations write SQL such as "AmountCents > 0", which SQLite and SQL Server read as written; PostgreSQL
    /// folds unquoted names to lower case and would look for a column "amountcents".
    /// </summary>
    private static void QuoteColumnNames(IMutableEntityType entity)
    {
        var columns = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
        string Quote(string sql) => BareName().Replace(sql, m => columns.Contains(m.Value) ? $"\"{m.Value}\"" : m.Value);

        foreach (var check in entity.GetCheckConstraints().ToList())
        {
            entity.RemoveCheckConstraint(check.ModelName);
            entity.AddCheckConstraint(check.ModelName, Quote(check.Sql));
        }

        foreach (var index in entity.GetIndexes())
        {
            if (index.GetFilter() is { } filter)
            {
                index.SetFilter(Quote(filter));
            }
        }
    }

    [GeneratedRegex("""(?<!")\b[A-Za-z_]\w*\b(?!")""")]
    private static partial Regex BareName();
}
