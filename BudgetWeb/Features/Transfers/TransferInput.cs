using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Transfers;

/// <summary>What the transfer dialog edits. Month is a DateTime because that is what the picker binds to.</summary>
public sealed class TransferInput
{
    public int? FromCategoryId { get; set; }
    public int? ToCategoryId { get; set; }
    public DateTime? Month { get; set; }
    public decimal? Amount { get; set; }
    public string? Note { get; set; }
}

public sealed class TransferInputValidator : AbstractValidator<TransferInput>
{
    public TransferInputValidator(IDbContextFactory<BudgetDbContext> factory)
    {
        RuleFor(x => x.FromCategoryId).MustBeAnExistingCategory(factory, "Choose the category to move budget from.");
        RuleFor(x => x.ToCategoryId).MustBeAnExistingCategory(factory, "Choose the category to move budget to.")
            .Must((input, to) => to is null || to != input.FromCategoryId).WithMessage("From and To must be different categories.");
        RuleFor(x => x.Month).NotNull().WithMessage("Month is required.");
        RuleFor(x => x.Amount).MustBeAnAmount();
        RuleFor(x => x.Note).MaximumLength(Expense.NoteMaxLength).WithMessage($"Note can be at most {Expense.NoteMaxLength} characters.");
    }
}
