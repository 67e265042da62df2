using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// Expense added, edited, deleted, deleted all in a category, split: each recorded the rows as it found and left them,
/// so one rewind serves them all.
/// </summary>
public sealed class ExpenseUndoer(OperationKind kind, Func<UndoContext, IReadOnlyList<ExpenseChange>> changes) : IUndoer
{
    public OperationKind Kind => kind;

    public Task<Result> ApplyAsync(UndoContext context) => ExpenseRows.RewindAsync(context, changes(context));

    public static IEnumerable<IUndoer> All() =>
    [
        new ExpenseUndoer(OperationKind.ExpenseAdded, c => [new(null, c.Details<AddedDetails>().Added)]),
        new ExpenseUndoer(OperationKind.ExpenseEdited, c => c.Details<Edited>() is var d ? [new(d.Before, d.After)] : []),
        new ExpenseUndoer(OperationKind.ExpenseDeleted, c => [new(c.Details<DeletedDetails>().Deleted, null)]),
        new ExpenseUndoer(OperationKind.ExpensesDeleted, c => c.Details<DeletedAll>().Deleted.Select(r => new ExpenseChange(r, null)).ToList()),
        new ExpenseUndoer(OperationKind.ExpenseSplit, c => c.Details<Split>() is var d
            ? [new(d.Original, null), .. d.Parts.Select(p => new ExpenseChange(null, p))]
            : []),
    ];

    private sealed record AddedDetails(ExpenseRecord Added);

    private sealed record Edited(ExpenseRecord Before, ExpenseRecord After);

    private sealed record DeletedDetails(ExpenseRecord Deleted);

    private sealed record DeletedAll(List<ExpenseRecord> Deleted);

    private sealed record Split(ExpenseRecord Original, List<ExpenseRecord> Parts);
}
