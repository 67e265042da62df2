using BudgetWeb.Data.Entities;
using FluentValidation;

namespace BudgetWeb.Features.Categories;

public sealed class CategoryInput
{
    public string Name { get; set; } = "";
}

public sealed class CategoryInputValidator : AbstractValidator<CategoryInput>
{
    public CategoryInputValidator()
    {
        RuleFor(x => x.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("Name is required.")
            .Must(name => name is null || name.Trim().Length <= Category.NameMaxLength).WithMessage($"Name can be at most {Category.NameMaxLength} characters.");
    }
}
