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
        RuleFor(x => x.CategoryId).NotNull().WithMessage("Category is required.")
            .MustAsync(factory.CategoryExistsAsync).WithMessage(UserMessages.CategoryMissing);
    }
}

public static class CategoryRules
{
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
