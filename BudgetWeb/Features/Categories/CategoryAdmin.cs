using System.Data;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Categories;

/// <summary>How much points at a category: what stops it from being deleted.</summary>
/// <param name="Rules">Users' categorization rules that put imported rows into it.</param>
public sealed record CategoryUsage(int Id, string Name, Guid Version, int Expenses, int Budgets, int Transfers, int Users, int Rules = 0)
{
    public bool InUse => Expenses + Budgets + Transfers + Rules > 0;
}

/// <summary>An admin's view of the household's categories: usage, rename, delete when unused.</summary>
public sealed class CategoryAdmin(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, CurrentUser currentUser, IValidator<CategoryInput> validator)
{
    public const string AdminsOnly = "Only an administrator can manage categories.";

    public async Task<Result<IReadOnlyList<CategoryUsage>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync<IReadOnlyList<CategoryUsage>>(AdminsOnly) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var expenses = await db.Expenses.GroupBy(e => e.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var budgets = await db.BudgetAllocations.GroupBy(a => a.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var transfers = await db.Transfers.Select(t => t.FromCategoryId).Concat(db.Transfers.Select(t => t.ToCategoryId))
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var rules = await db.CategorizationRules.GroupBy(r => r.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var users = await db.Expenses.Select(e => new { e.CategoryId, e.UserId })
            .Union(db.BudgetAllocations.Select(a => new { a.CategoryId, a.UserId }))
            .Union(db.Transfers.Select(t => new { CategoryId = t.FromCategoryId, t.UserId }))
            .Union(db.Transfers.Select(t => new { CategoryId = t.ToCategoryId, t.UserId }))
            .Union(db.CategorizationRules.Select(r => new { r.CategoryId, r.UserId }))
            .GroupBy(x => x.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var rows = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.Version }).ToListAsync(cancellationToken);
        IReadOnlyList<CategoryUsage> usage = rows
            .Select(c => new CategoryUsage(c.Id, c.Name, c.Version, expenses.GetValueOrDefault(c.Id), budgets.GetValueOrDefault(c.Id), transfers.GetValueOrDefault(c.Id), users.GetValueOrDefault(c.Id), rules.GetValueOrDefault(c.Id)))
            .ToList();
        return Result.Ok(usage, $"{usage.Count} categories");
    }

    public async Task<Result> RenameAsync(int categoryId, Guid version, CategoryInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync(AdminsOnly) is { } refused)
        {
            return refused;
        }

        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.CategoryRenamed, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var category = await scope.Db.Categories.FirstOrDefaultAsync(c => c.Id == categoryId, scope.CancellationToken);
            if (category is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            var newName = input.Name.Trim();
            var normalized = Category.Normalize(newName);
            if (await scope.Db.Categories.AnyAsync(c => c.NormalizedName == normalized && c.Id != categoryId, scope.CancellationToken))
            {
                return Result.Fail(FailureKind.Duplicate, UserMessages.CategoryExists(newName));
            }

            var oldName = category.Name;
            if (oldName == newName)
            {
                return Result.Unchanged($"{oldName} already has that name; nothing was changed.");
            }

            scope.Db.Entry(category).Property(c => c.Version).OriginalValue = version;
            category.Rename(newName);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { CategoryId = categoryId, OldName = oldName, NewName = category.Name });
            return Result.Ok($"Renamed {oldName} to {category.Name}.");
        }, cancellationToken);
    }

    /// <summary>Deletes a category nothing points at; one that is in use can only be merged into another.</summary>
    public async Task<Result> DeleteAsync(int categoryId, Guid version, Guid operationKey, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync(AdminsOnly) is { } refused)
        {
            return refused;
        }

        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.CategoryDeleted, operationKey), async scope =>
        {
            var category = await scope.Db.Categories.FirstOrDefaultAsync(c => c.Id == categoryId, scope.CancellationToken);
            if (category is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            var inUse = await scope.Db.Expenses.AnyAsync(e => e.CategoryId == categoryId, scope.CancellationToken)
                || await scope.Db.BudgetAllocations.AnyAsync(a => a.CategoryId == categoryId, scope.CancellationToken)
                || await scope.Db.Transfers.AnyAsync(t => t.FromCategoryId == categoryId || t.ToCategoryId == categoryId, scope.CancellationToken)
                || await scope.Db.CategorizationRules.AnyAsync(r => r.CategoryId == categoryId, scope.CancellationToken);
            if (inUse)
            {
                return Result.Fail(FailureKind.Conflict, $"{category.Name} is still in use: merge it into another category instead.");
            }

            scope.Db.Entry(category).Property(c => c.Version).OriginalValue = version;
            scope.Db.Categories.Remove(category);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { CategoryId = categoryId, category.Name, category.CreatedAt });
            return Result.Ok($"Deleted category {category.Name}.");
        }, IsolationLevel.Serializable, cancellationToken);
    }
}
