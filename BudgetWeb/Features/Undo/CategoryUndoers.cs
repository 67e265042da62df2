using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// Category created, renamed, deleted. Categories are shared, so what blocks an undo is usually someone else's later
/// change: a name taken again, or a category now in use.
/// </summary>
public sealed class CategoryUndoer(OperationKind kind) : IUndoer
{
    public OperationKind Kind => kind;

    public static IEnumerable<IUndoer> All() =>
        [new CategoryUndoer(OperationKind.CategoryCreated), new CategoryUndoer(OperationKind.CategoryRenamed), new CategoryUndoer(OperationKind.CategoryDeleted)];

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var details = context.Details<Details>();
        return (kind, context.Redo) switch
        {
            (OperationKind.CategoryCreated, false) or (OperationKind.CategoryDeleted, true) => await RemoveAsync(context, details),
            (OperationKind.CategoryCreated, true) or (OperationKind.CategoryDeleted, false) => await RestoreAsync(context, details),
            _ => context.Redo ? await RenameAsync(context, details.CategoryId, details.OldName!, details.NewName!) : await RenameAsync(context, details.CategoryId, details.NewName!, details.OldName!),
        };
    }

    private static async Task<Result> RemoveAsync(UndoContext context, Details details)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == details.CategoryId, ct);
        if (category is null)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        var inUse = await db.Expenses.AnyAsync(e => e.CategoryId == category.Id, ct)
            || await db.BudgetAllocations.AnyAsync(a => a.CategoryId == category.Id, ct)
            || await db.Transfers.AnyAsync(t => t.FromCategoryId == category.Id || t.ToCategoryId == category.Id, ct)
            || await db.CategorizationRules.AnyAsync(r => r.CategoryId == category.Id, ct);
        if (inUse)
        {
            return Result.Fail(FailureKind.Conflict, $"'{category.Name}' has been used since (expenses, budgets or transfers), so it stays. Undo those changes first.");
        }

        db.Categories.Remove(category);
        await db.SaveChangesAsync(ct);
        return Result.Ok("");
    }

    private static async Task<Result> RestoreAsync(UndoContext context, Details details)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var category = new Category(details.Name!) { Id = details.CategoryId, CreatedAt = details.CreatedAt ?? context.Original.CreatedAt };
        if (await db.Categories.AnyAsync(c => c.NormalizedName == category.NormalizedName, ct))
        {
            return Result.Fail(FailureKind.Duplicate, $"A category named '{category.Name}' exists again; rename it before undoing this.");
        }

        db.Categories.Add(category);
        await db.SaveWithOwnIdsAsync<Category>(true, ct);
        return Result.Ok("");
    }

    private static async Task<Result> RenameAsync(UndoContext context, int categoryId, string from, string to)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == categoryId, ct);
        if (category is null || category.Name != from)
        {
            return Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince(from));
        }

        if (await db.Categories.AnyAsync(c => c.NormalizedName == Category.Normalize(to) && c.Id != categoryId, ct))
        {
            return Result.Fail(FailureKind.Duplicate, $"A category named '{to}' exists again; rename it before undoing this.");
        }

        category.Rename(to);
        await db.SaveChangesAsync(ct);
        return Result.Ok("");
    }

    private sealed record Details(int CategoryId, string? Name, string? OldName, string? NewName, DateTime? CreatedAt);
}
