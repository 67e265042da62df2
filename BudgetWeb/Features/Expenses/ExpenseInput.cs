using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Categories;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>What the expense dialog edits. Date is a DateTime because that is what the date picker binds to.</summary>
public sealed class ExpenseInput
{
    public DateTime? Date { get; set; }
    public string Description { get; set; } = "";
    public decimal? Amount { get; set; }

    /// <summary>Money back (a return, a refund): stored as a negative amount that reduces the category's spending. Amount stays positive.</summary>
    public bool Refund { get; set; }

    public int? CategoryId { get; set; }
    public string? Note { get; set; }

    /// <summary>What is stored: the amount in cents, negative for a refund.</summary>
    public long SignedCents() => Money.ToCents(Refund ? -Amount!.Value : Amount!.Value);
}

public sealed class ExpenseInputValidator : AbstractValidator<ExpenseInput>
{
    public ExpenseInputValidator(IDbContextFactory<BudgetDbContext> factory, TimeProvider clock)
    {
        Include(new ExpenseFieldsValidator(clock));
        RuleFor(x => x.CategoryId).MustBeAnExistingCategory(factory);
    }
}

/// <summary>The rules for an expense's own fields, without the database: the CSV importer checks every row with them.</summary>
// Internal so that the validator scan doesn't register it as a second IValidator<ExpenseInput> (the last one registered wins).
internal sealed class ExpenseFieldsValidator : AbstractValidator<ExpenseInput>
{
    public ExpenseFieldsValidator(TimeProvider clock)
    {
        RuleFor(x => x.Date).NotNull().WithMessage("Date is required.").MustBeAPlausibleDate(clock);
        RuleFor(x => x.Description)
            .Must(d => !string.IsNullOrWhiteSpace(d)).WithMessage("Description is required.")
            .Must(d => d is null || d.Trim().Length <= Expense.DescriptionMaxLength).WithMessage($"Description can be at most {Expense.DescriptionMaxLength} characters.");
        RuleFor(x => x.Amount).MustBeAnAmount();
        RuleFor(x => x.Note).MaximumLength(Expense.NoteMaxLength).WithMessage($"Note can be at most {Expense.NoteMaxLength} characters.");
    }
}

public sealed class SplitPartInput
{
    public int? CategoryId { get; set; }
    public decimal? Amount { get; set; }
}

/// <summary>One expense into two or more parts; <see cref="OriginalAmount"/> is what the parts must add up to.</summary>
public sealed class SplitInput
{
    public decimal OriginalAmount { get; set; }
    public List<SplitPartInput> Parts { get; set; } = [];

    public decimal Remainder => OriginalAmount - Parts.Sum(p => p.Amount ?? 0);
}

public sealed class SplitPartInputValidator : AbstractValidator<SplitPartInput>
{
    public SplitPartInputValidator(IDbContextFactory<BudgetDbContext> factory)
    {
        RuleFor(x => x.Amount).MustBeAnAmount();
        RuleFor(x => x.CategoryId).MustBeAnExistingCategory(factory);
    }
}

public sealed class SplitInputValidator : AbstractValidator<SplitInput>
{
    public SplitInputValidator(IValidator<SplitPartInput> part)
    {
        RuleFor(x => x.Parts).Must(parts => parts.Count >= 2).WithMessage("A split needs at least two parts.");
        RuleForEach(x => x.Parts).SetValidator(part);
        RuleFor(x => x.Remainder)
            .Equal(0m).WithMessage(x => x.Remainder > 0
                ? $"The parts must add up to {Formatting.Money(Money.ToCents(x.OriginalAmount))}: {Formatting.Money(Money.ToCents(x.Remainder))} is left."
                : $"The parts must add up to {Formatting.Money(Money.ToCents(x.OriginalAmount))}: they are {Formatting.Money(Money.ToCents(-x.Remainder))} over.");
    }
}

/// <summary>"Move my expenses": the signed-in user's expenses from one category to another, optionally one month only.</summary>
public sealed class MoveExpensesInput
{
    public int? FromCategoryId { get; set; }
    public int? ToCategoryId { get; set; }
    public DateTime? Month { get; set; }
}

public sealed class MoveExpensesInputValidator : AbstractValidator<MoveExpensesInput>
{
    public MoveExpensesInputValidator(IDbContextFactory<BudgetDbContext> factory)
    {
        RuleFor(x => x.FromCategoryId).MustBeAnExistingCategory(factory, "Choose the category to move expenses from.");
        RuleFor(x => x.ToCategoryId).MustBeAnExistingCategory(factory, "Choose the category to move expenses to.")
            .MustDifferFrom(x => x.FromCategoryId);
    }
}
