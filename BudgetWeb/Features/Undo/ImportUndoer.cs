using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// An import is undone by removing its rows and its batch ("Revert this import"), refused while any of them was edited, moved or
/// split since: every imported row carries the import's version until something changes it. A redo puts the rows back.
/// </summary>
public sealed class ImportUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.ImportCompleted;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, import) = (context.Scope, context.Details<Imported>());
        var batch = await scope.Db.ImportBatches.FirstOrDefaultAsync(b => b.Id == import.BatchId && b.UserId == scope.UserId, scope.CancellationToken);
        if (context.Redo)
        {
            if (batch is not null)
            {
                return Result.Fail(FailureKind.Conflict, UndoService.AlreadyUndone);
            }

            var removed = context.TargetDetails<Removed>();
            var b = removed.Batch;
            scope.Db.ImportBatches.Add(new ImportBatch
            {
                Id = b.Id,
                UserId = scope.UserId,
                FileName = b.FileName,
                FileHash = b.FileHash,
                TotalRows = b.TotalRows,
                ImportedRows = b.ImportedRows,
                Status = b.Status,
                CreatedAt = b.CreatedAt,
                OperationId = context.Original.Id,
            });
            await scope.Db.SaveWithOwnIdsAsync<ImportBatch>(true, scope.CancellationToken);
            foreach (var category in removed.Categories ?? [])
            {
                var restored = new Category(category.Name) { Id = category.Id, CreatedAt = category.CreatedAt };
                if (await scope.Db.Categories.AnyAsync(c => c.NormalizedName == restored.NormalizedName, scope.CancellationToken))
                {
                    return Result.Fail(FailureKind.Duplicate, $"A category named '{restored.Name}' exists again; rename it before undoing this.");
                }

                scope.Db.Categories.Add(restored);
                await scope.Db.SaveWithOwnIdsAsync<Category>(true, scope.CancellationToken);
            }

            return await ExpenseRows.RewindAsync(context, removed.Rows.Select(r => new ExpenseChange(null, r)).ToList());
        }

        if (batch is null)
        {
            return Result.Fail(FailureKind.Conflict, UndoService.AlreadyUndone);
        }

        var rows = await scope.Db.Expenses.AsNoTracking().Where(e => e.ImportBatchId == batch.Id && e.UserId == scope.UserId).OrderBy(e => e.Id)
            .Select(ExpenseRecord.Projection)
            .ToListAsync(scope.CancellationToken);
        var changed = rows.Count(r => r.Version != import.Version) + Math.Max(batch.ImportedRows - rows.Count, 0);
        if (changed > 0)
        {
            return Result.Fail(FailureKind.Conflict,
                $"{(changed == 1 ? "1 imported expense was" : $"{changed} imported expenses were")} edited, moved, split or deleted after this import. Undo those changes first.");
        }

        var rewound = await ExpenseRows.RewindAsync(context, rows.Select(r => new ExpenseChange(null, r)).ToList());
        if (!rewound.Succeeded)
        {
            return rewound;
        }

        // The batch goes with its rows, so that the file can be imported again, and so do the categories the import
        // created, unless something uses them by now; a redo puts them all back with their ids.
        scope.Db.ImportBatches.Remove(batch);
        var created = await scope.Db.Categories
            .Where(c => import.CreatedCategories.Contains(c.Id) && c.CreatedAt == context.Original.CreatedAt)
            .Where(c => !scope.Db.Expenses.Any(e => e.CategoryId == c.Id) && !scope.Db.BudgetAllocations.Any(a => a.CategoryId == c.Id)
                && !scope.Db.Transfers.Any(t => t.FromCategoryId == c.Id || t.ToCategoryId == c.Id))
            .ToListAsync(scope.CancellationToken);
        scope.Db.Categories.RemoveRange(created);
        await scope.Db.SaveChangesAsync(scope.CancellationToken);
        scope.Record(new Removed(BatchRecord.Of(batch), rows, created.Select(c => new CategoryRecord(c.Id, c.Name, c.CreatedAt)).ToList()));
        return rewound;
    }

    private sealed record Imported(long BatchId, Guid Version, List<int> CreatedCategories);

    private sealed record Removed(BatchRecord Batch, List<ExpenseRecord> Rows, List<CategoryRecord>? Categories);

    private sealed record CategoryRecord(int Id, string Name, DateTime CreatedAt);

    private sealed record BatchRecord(long Id, string FileName, string FileHash, int TotalRows, int ImportedRows, ImportBatchStatus Status, DateTime CreatedAt)
    {
        public static BatchRecord Of(ImportBatch b) => new(b.Id, b.FileName, b.FileHash, b.TotalRows, b.ImportedRows, b.Status, b.CreatedAt);
    }
}
