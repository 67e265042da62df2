using BudgetWeb.Data;
using BudgetWeb.Data.Configurations;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>
/// On SQLite, what triggers keep for every expense row (the full-text index "ExpenseSearch" and the monthly totals) an
/// import fills for its rows in one statement each, after the last row. Inside the import's transaction
/// <see cref="StartAsync"/> takes the two insert triggers off and <see cref="FinishAsync"/> fills both and puts the
/// triggers back exactly as they were stored, so no other write ever sees them gone: the transaction holds SQLite's only
/// write lock, readers see the schema as of their own snapshot, and a failed or interrupted import rolls the drop back
/// with its rows. Row by row, FTS5 wrote out a tiny index segment per row, the totals' upsert was half of writing a row,
/// and a trigger present at all, even one skipped, cost a statement journal per row (all measured; migration
/// ImportTriggersOff). The other providers keep both per statement, not per row: there both calls do nothing.
/// </summary>
public sealed class ExpenseBulkFill
{
    /// <summary>The insert triggers of migrations ExpenseSearch and ExpenseMonthTotals.</summary>
    private static readonly string[] InsertTriggers = ["Expenses_Search_Insert", ExpenseMonthTotalConfiguration.Trigger];

    private readonly BudgetDbContext _db;
    private readonly long _importBatchId;
    private readonly IReadOnlyList<string> _triggers;

    private ExpenseBulkFill(BudgetDbContext db, long importBatchId, IReadOnlyList<string> triggers) =>
        (_db, _importBatchId, _triggers) = (db, importBatchId, triggers);

    /// <summary>From now until <see cref="FinishAsync"/>, in this transaction, inserted rows are neither indexed nor counted.</summary>
    public static async Task<ExpenseBulkFill> StartAsync(BudgetDbContext db, long importBatchId, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return new ExpenseBulkFill(db, importBatchId, []);
        }

        var triggers = await SqliteTriggers.Definitions(db, InsertTriggers).ToListAsync(cancellationToken);
        if (triggers.Count != InsertTriggers.Length)
        {
            var missing = await SqliteTriggers.Missing(db, InsertTriggers).ToListAsync(cancellationToken);
            throw new InvalidOperationException($"The database lacks the trigger {string.Join(", ", missing)}: it can't be put back after an import.");
        }

        foreach (var name in InsertTriggers)
        {
            // A name of ours, not input (DROP TRIGGER takes no parameters).
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"" + name + "\";", cancellationToken);
#pragma warning restore EF1003
        }

        return new ExpenseBulkFill(db, importBatchId, triggers);
    }

    /// <summary>Indexes and counts every row of the batch and puts the triggers back: in the same transaction, after the last row.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_triggers.Count == 0)
        {
            return;
        }

        await _db.Database.ExecuteSqlAsync($"""INSERT INTO "ExpenseSearch" (rowid, "Description") SELECT "Id", "Description" FROM "Expenses" WHERE "ImportBatchId" = {_importBatchId}""", cancellationToken);
        // The totals trigger's upsert, once per (user, month, category) instead of once per row.
        await _db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
            SELECT "UserId", substr("Date", 1, 8) || '01', "CategoryId", COUNT(*), SUM("AmountCents") FROM "Expenses" WHERE "ImportBatchId" = {_importBatchId}
            GROUP BY "UserId", substr("Date", 1, 8) || '01', "CategoryId"
            ON CONFLICT ("UserId", "Month", "CategoryId") DO UPDATE SET
                "ExpenseCount" = "ExpenseCount" + excluded."ExpenseCount", "AmountCents" = "AmountCents" + excluded."AmountCents"
            """, cancellationToken);
        foreach (var trigger in _triggers)
        {
            // The trigger's own stored definition, not user input. Raw SQL goes through string.Format: braces doubled.
#pragma warning disable EF1002
            await _db.Database.ExecuteSqlRawAsync(trigger.Replace("{", "{{").Replace("}", "}}"), cancellationToken);
#pragma warning restore EF1002
        }
    }
}
