using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Categories;
using FluentValidation;

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
    // No database here: the transfer checks that both categories exist inside its transaction.
    public TransferInputValidator()
    {
        RuleFor(x => x.FromCategoryId).NotNull().WithMessage("Choose the category to move budget from.");
        RuleFor(x => x.ToCategoryId).NotNull().WithMessage("Choose the category to move budget to.")
            .MustDifferFrom(x => x.FromCategoryId);
        RuleFor(x => x.Month).NotNull().WithMessage("Month is required.");
        RuleFor(x => x.Amount).MustBeAnAmount();
        RuleFor(x => x.Note).MaximumLength(Expense.NoteMaxLength).WithMessage($"Note can be at most {Expense.NoteMaxLength} characters.");
    }
}
