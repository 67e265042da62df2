using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Categories;
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
