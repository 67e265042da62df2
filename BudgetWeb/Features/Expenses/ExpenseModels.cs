using System.Linq.Expressions;
using BudgetWeb.Data.Entities;

namespace BudgetWeb.Features.Expenses;

public enum ExpenseSort { Date, Description, Amount, Category }

public sealed record ExpenseFilter(DateOnly? Month = null, int? CategoryId = null, string? Text = null);

public sealed record ExpenseQuery(ExpenseFilter Filter, int Page = 0, int PageSize = 25, ExpenseSort SortBy = ExpenseSort.Date, bool Descending = true);

public sealed record ExpenseRow(long Id, DateOnly Date, string Description, long AmountCents, int CategoryId, string Category, string? Note, bool IsSplit, Guid Version);

/// <param name="CountCapped">A text search with more matches than it counts: <see cref="TotalCount"/> is <see cref="ExpenseService.SearchCountCap"/> and there are more.</param>
public sealed record ExpensePage(IReadOnlyList<ExpenseRow> Rows, int TotalCount, bool CountCapped = false);

/// <summary>An expense as the edit dialog loads it: <see cref="Version"/> detects a change made elsewhere meanwhile.</summary>
public sealed record EditableExpense(long Id, Guid Version, ExpenseInput Input);

/// <summary>What "Delete all in category" showed the user; the delete goes ahead only if it still holds.</summary>
public sealed record DeletionPreview(int CategoryId, string Category, DateOnly? Month, int Count, long TotalCents, long LastId);

/// <summary>
/// Every column of a removed or replaced expense, kept in its Operation so that it can be restored. <see cref="Version"/>
/// and <see cref="CreatedAt"/> let an undo check the row is still as the operation left it, and restore it exactly.
/// </summary>
public sealed record ExpenseRecord(long Id, DateOnly Date, string Description, long AmountCents, int CategoryId, string? Note, Guid? SplitGroupId, long? ImportBatchId, string? ImportKey, Guid Version = default, DateTime CreatedAt = default)
{
    /// <summary>The one projection: in a query (<c>.Select(ExpenseRecord.Projection)</c>) or on a loaded expense (<see cref="Of"/>).</summary>
    public static readonly Expression<Func<Expense, ExpenseRecord>> Projection =
        e => new ExpenseRecord(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Note, e.SplitGroupId, e.ImportBatchId, e.ImportKey, e.Version, e.CreatedAt);

    private static readonly Func<Expense, ExpenseRecord> Compiled = Projection.Compile();

    public static ExpenseRecord Of(Expense e) => Compiled(e);
}
