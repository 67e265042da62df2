using BudgetWeb.Common;
using BudgetWeb.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

public sealed class BudgetInput
{
    public int? CategoryId { get; set; }

    /// <summary>Any day of the month; the budget is for the whole month.</summary>
    public DateOnly? Month { get; set; }

    public decimal? Amount { get; set; }
}

public sealed class BudgetInputValidator : AbstractValidator<BudgetInput>
{
    public BudgetInputValidator(IDbContextFactory<BudgetDbContext> factory)
    {
        RuleFor(x => x.Month).NotNull().WithMessage("Month is required.");
        RuleFor(x => x.Amount).MustBeAnAmount(allowZero: true);
        RuleFor(x => x.CategoryId).MustBeAnExistingCategory(factory);
    }
}

public static class CategoryRules
{
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
