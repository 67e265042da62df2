using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Categories;

public sealed record CategoryOption(int Id, string Name);

/// <summary>Categories are shared by the household: anyone may list and create them.</summary>
public sealed class CategoryService(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, CurrentUser currentUser, IValidator<CategoryInput> validator)
{
    public async Task<IReadOnlyList<CategoryOption>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new CategoryOption(c.Id, c.Name)).ToListAsync(cancellationToken);
    }

    public async Task<Result> CreateAsync(CategoryInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.CategoryCreated, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var category = new Category(input.Name) { CreatedAt = scope.Now };
            // Checked first for a clear answer; the unique index still decides a race, with the same message.
            if (await scope.Db.Categories.AnyAsync(c => c.NormalizedName == category.NormalizedName, scope.CancellationToken))
            {
                return Result.Fail(FailureKind.Duplicate, UserMessages.CategoryExists(category.Name));
            }

            scope.Db.Categories.Add(category);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { CategoryId = category.Id, category.Name });
            return Result.Ok($"Created category {category.Name}.");
        }, cancellationToken);
    }
}
