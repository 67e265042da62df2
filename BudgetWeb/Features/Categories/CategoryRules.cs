using BudgetWeb.Common;
using BudgetWeb.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Categories;

/// <summary>Rules and lookups every input that names a category shares.</summary>
public static class CategoryRules
{
    public const string SameCategory = "From and To must be different categories.";

    /// <summary>For a From/To pair: To, when chosen, is not From.</summary>
    public static IRuleBuilderOptions<T, int?> MustDifferFrom<T>(this IRuleBuilder<T, int?> rule, Func<T, int?> from) =>
        rule.Must((input, to) => to is null || to != from(input)).WithMessage(SameCategory);

    /// <summary>A category chosen (else <paramref name="whenMissing"/>) that still exists.</summary>
    public static IRuleBuilderOptions<T, int?> MustBeAnExistingCategory<T>(this IRuleBuilder<T, int?> rule, IDbContextFactory<BudgetDbContext> factory, string whenMissing = "Category is required.") =>
        rule.NotNull().WithMessage(whenMissing).MustAsync(factory.CategoryExistsAsync).WithMessage(UserMessages.CategoryMissing);

    /// <summary>Names of the given categories that exist, by id.</summary>
    public static Task<Dictionary<int, string>> CategoryNamesAsync(this BudgetDbContext db, int first, int second, CancellationToken cancellationToken) =>
        db.Categories.Where(c => c.Id == first || c.Id == second).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

    /// <summary>For validators: does the category exist (categories are shared, so no user filter)?</summary>
    public static async Task<bool> CategoryExistsAsync(this IDbContextFactory<BudgetDbContext> factory, int? categoryId, CancellationToken cancellationToken)
    {
        if (categoryId is null)
        {
            return true; // NotNull reports the missing value.
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken);
    }
}
