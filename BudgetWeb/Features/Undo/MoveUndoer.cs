using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>"Move my expenses": moves back exactly the rows that moved, if none of them changed since.</summary>
public sealed class MoveUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.ExpensesMoved;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, moved) = (context.Scope, context.Details<Moved>());
        var before = moved.ExpenseIds.Zip(moved.VersionsBefore).ToDictionary(p => p.First, p => p.Second);
        var rows = await scope.Db.Expenses.Where(e => e.UserId == scope.UserId && moved.ExpenseIds.Contains(e.Id)).ToListAsync(scope.CancellationToken);
        var (fromCategory, toCategory) = context.Redo ? (moved.FromCategoryId, moved.ToCategoryId) : (moved.ToCategoryId, moved.FromCategoryId);
        var changed = rows.FirstOrDefault(e => e.CategoryId != fromCategory || e.Version != (context.Redo ? before[e.Id] : moved.Version));
        if (changed is not null || rows.Count != moved.ExpenseIds.Count)
        {
            return Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince(changed?.Description ?? "An expense that moved"));
        }

        if (!await scope.Db.Categories.AnyAsync(c => c.Id == toCategory, scope.CancellationToken))
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        foreach (var row in rows)
        {
            row.CategoryId = toCategory;
            row.Version = context.Redo ? moved.Version : before[row.Id];
        }

        return Result.Ok("");
    }

    private sealed record Moved(int FromCategoryId, int ToCategoryId, List<long> ExpenseIds, List<Guid> VersionsBefore, Guid Version);
}
