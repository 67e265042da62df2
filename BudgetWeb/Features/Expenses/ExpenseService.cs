using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

public enum ExpenseSort { Date, Description, Amount, Category }

public sealed record ExpenseFilter(DateOnly? Month = null, int? CategoryId = null, string? Text = null);

public sealed record ExpenseQuery(ExpenseFilter Filter, int Page = 0, int PageSize = 25, ExpenseSort SortBy = ExpenseSort.Date, bool Descending = true);

public sealed record ExpenseRow(long Id, DateOnly Date, string Description, long AmountCents, int CategoryId, string Category, string? Note, bool IsSplit, Guid Version);

public sealed record ExpensePage(IReadOnlyList<ExpenseRow> Rows, int TotalCount);

/// <summary>An expense as the edit dialog loads it: <see cref="Version"/> detects a change made elsewhere meanwhile.</summary>
public sealed record EditableExpense(long Id, Guid Version, ExpenseInput Input);

/// <summary>What "Delete all in category" showed the user; the delete goes ahead only if it still holds.</summary>
public sealed record DeletionPreview(int CategoryId, string Category, DateOnly? Month, int Count, long TotalCents, long LastId);

/// <summary>Every column of a removed or replaced expense, kept in its Operation so that it can be restored.</summary>
/// <see cref="Version"/> and <see cref="CreatedAt"/> let an undo check the row is still as the operation left it, and restore it exactly.
public sealed record ExpenseRecord(long Id, DateOnly Date, string Description, long AmountCents, int CategoryId, string? Note, Guid? SplitGroupId, long? ImportBatchId, string? ImportKey, Guid Version = default, DateTime CreatedAt = default)
{
    public static ExpenseRecord Of(Expense e) => new(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Note, e.SplitGroupId, e.ImportBatchId, e.ImportKey, e.Version, e.CreatedAt);
}

/// <summary>The signed-in user's expenses. Every query and change is filtered by that user: another user's ids are simply not found.</summary>
public sealed class ExpenseService(
    IDbContextFactory<BudgetDbContext> factory,
    TransactionRunner runner,
    CurrentUser currentUser,
    IValidator<ExpenseInput> validator,
    IValidator<SplitInput> splitValidator,
    IValidator<MoveExpensesInput> moveValidator)
{
    public const string NotFound = "That expense no longer exists.";

    public async Task<ExpensePage> PageAsync(ExpenseQuery query, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var expenses = Filtered(db, userId, query.Filter);
        var total = await expenses.CountAsync(cancellationToken);
        var rows = await Sorted(expenses, query.SortBy, query.Descending)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(e => new ExpenseRow(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Category!.Name, e.Note, e.SplitGroupId != null, e.Version))
            .ToListAsync(cancellationToken);
        return new ExpensePage(rows, total);
    }

    public async Task<EditableExpense?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Expenses.AsNoTracking()
            .Where(e => e.Id == id && e.UserId == userId)
            .Select(e => new EditableExpense(e.Id, e.Version, new ExpenseInput
            {
                Date = e.Date.ToDateTime(TimeOnly.MinValue),
                Description = e.Description,
                Amount = e.AmountCents / 100m,
                CategoryId = e.CategoryId,
                Note = e.Note,
            }))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Result> AddAsync(ExpenseInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpenseAdded, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var expense = new Expense { UserId = userId, CreatedAt = scope.Now };
            Apply(input, expense);
            scope.Db.Expenses.Add(expense);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { Added = ExpenseRecord.Of(expense) });
            return Result.Ok($"Added {expense.Description} ({Formatting.Money(expense.AmountCents)}).");
        }, cancellationToken);
    }

    public async Task<Result> UpdateAsync(long id, Guid version, ExpenseInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpenseEdited, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var expense = await FindForChangeAsync(scope, id, version);
            if (expense is null)
            {
                return Result.Fail(FailureKind.NotFound, NotFound);
            }

            var before = ExpenseRecord.Of(expense);
            Apply(input, expense);
            expense.Version = Guid.NewGuid();
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { Before = before, After = ExpenseRecord.Of(expense) });
            return Result.Ok($"Saved {expense.Description}.");
        }, cancellationToken);
    }

    public async Task<Result> DeleteAsync(long id, Guid version, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpenseDeleted, operationKey), async scope =>
        {
            var expense = await FindForChangeAsync(scope, id, version);
            if (expense is null)
            {
                return Result.Fail(FailureKind.NotFound, NotFound);
            }

            scope.Db.Expenses.Remove(expense);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { Deleted = ExpenseRecord.Of(expense) });
            return Result.Ok($"Deleted {expense.Description} ({Formatting.Money(expense.AmountCents)}).");
        }, cancellationToken);
    }

    /// <summary>How many of my expenses "Delete all in category" would remove, for the confirmation.</summary>
    public async Task<Result<DeletionPreview>> PreviewDeleteAllAsync(int categoryId, DateOnly? month, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var preview = await PreviewAsync(db, userId, categoryId, month, cancellationToken);
        return preview is null
            ? Result.Fail<DeletionPreview>(FailureKind.MissingReference, UserMessages.CategoryMissing)
            : Result.Ok(preview, $"{preview.Count} expenses");
    }

    /// <summary>Removes exactly the expenses the user confirmed; if any were added, changed or removed since, nothing happens.</summary>
    public async Task<Result> DeleteAllInCategoryAsync(DeletionPreview confirmed, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpensesDeleted, operationKey), async scope =>
        {
            var current = await PreviewAsync(scope.Db, userId, confirmed.CategoryId, confirmed.Month, scope.CancellationToken);
            if (current is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            if (current != confirmed)
            {
                return Result.Fail(FailureKind.Concurrency, UserMessages.Concurrency);
            }

            if (current.Count == 0)
            {
                return Result.Fail(FailureKind.NotFound, $"There are no expenses in {Where(current)} to delete.");
            }

            var doomed = InCategory(scope.Db, userId, confirmed.CategoryId, confirmed.Month);
            var records = await doomed.OrderBy(e => e.Id)
                .Select(e => new ExpenseRecord(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Note, e.SplitGroupId, e.ImportBatchId, e.ImportKey, e.Version, e.CreatedAt))
                .ToListAsync(scope.CancellationToken);
            var deleted = await doomed.ExecuteDeleteAsync(scope.CancellationToken);
            scope.Record(new { confirmed.CategoryId, confirmed.Month, Deleted = records });
            return Result.Ok($"Deleted {Count(deleted)} from {Where(current)}.");
        }, cancellationToken);
    }

    /// <summary>Replaces one expense by parts across categories that add up to it exactly; the parts share a split group.</summary>
    public async Task<Result> SplitAsync(long id, Guid version, SplitInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpenseSplit, operationKey), async scope =>
        {
            if (await splitValidator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var original = await FindForChangeAsync(scope, id, version);
            if (original is null)
            {
                return Result.Fail(FailureKind.NotFound, NotFound);
            }

            if (original.AmountCents != Money.ToCents(input.OriginalAmount))
            {
                return Result.Fail(FailureKind.Concurrency, UserMessages.Concurrency);
            }

            var group = original.SplitGroupId ?? Guid.NewGuid();
            var parts = input.Parts.Select((part, index) => new Expense
            {
                UserId = userId,
                Date = original.Date,
                Description = original.Description,
                Note = original.Note,
                AmountCents = Money.ToCents(part.Amount!.Value),
                CategoryId = part.CategoryId!.Value,
                SplitGroupId = group,
                ImportBatchId = original.ImportBatchId,
                ImportKey = index == 0 ? original.ImportKey : null, // the import's duplicate key stays with one part
                CreatedAt = scope.Now,
            }).ToList();

            var record = ExpenseRecord.Of(original);
            scope.Db.Expenses.Remove(original);
            await scope.Db.SaveChangesAsync(scope.CancellationToken); // frees the import key before a part takes it
            scope.Db.Expenses.AddRange(parts);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { Original = record, SplitGroupId = group, Parts = parts.Select(ExpenseRecord.Of) });
            return Result.Ok($"Split {original.Description} into {parts.Count} parts.");
        }, cancellationToken);
    }

    /// <summary>Moves only the signed-in user's expenses; the From category stays, since others may use it.</summary>
    public async Task<Result> MoveToCategoryAsync(MoveExpensesInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ExpensesMoved, operationKey), async scope =>
        {
            if (await moveValidator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var (fromId, toId) = (input.FromCategoryId!.Value, input.ToCategoryId!.Value);
            var month = input.Month is { } m ? Formatting.FirstOfMonth(m) : (DateOnly?)null;
            var names = await scope.Db.CategoryNamesAsync(fromId, toId, scope.CancellationToken);
            var mine = Filtered(scope.Db, userId, new ExpenseFilter(month, fromId));
            var moving = await mine.OrderBy(e => e.Id).Select(e => new { e.Id, e.Version }).ToListAsync(scope.CancellationToken);
            var where = month is { } shown ? $"{names[fromId]} ({Formatting.Month(shown)})" : names[fromId];
            if (moving.Count == 0)
            {
                return Result.Fail(FailureKind.NotFound, $"You have no expenses in {where} to move.");
            }

            var version = Guid.NewGuid();
            var moved = await mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.CategoryId, toId).SetProperty(e => e.Version, version), scope.CancellationToken);

            // The versions before and after let an undo move back exactly these rows, and only if none changed since.
            scope.Record(new { FromCategoryId = fromId, ToCategoryId = toId, Month = month, ExpenseIds = moving.Select(e => e.Id), VersionsBefore = moving.Select(e => e.Version), Version = version });
            return Result.Ok($"Moved {Count(moved)} from {where} to {names[toId]}.");
        }, cancellationToken);
    }

    private static IQueryable<Expense> Filtered(BudgetDbContext db, string userId, ExpenseFilter filter)
    {
        var expenses = db.Expenses.AsNoTracking().Where(e => e.UserId == userId);
        if (filter.Month is { } month)
        {
            var first = Formatting.FirstOfMonth(month);
            var next = first.AddMonths(1);
            expenses = expenses.Where(e => e.Date >= first && e.Date < next);
        }

        if (filter.CategoryId is { } categoryId)
        {
            expenses = expenses.Where(e => e.CategoryId == categoryId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            expenses = WhereDescriptionContains(db, expenses, filter.Text.Trim());
        }

        return expenses;
    }

    /// <summary>
    /// Text anywhere in the description, ignoring case. On SQLite, terms of three or more characters use the trigram
    /// full-text index (migration ExpenseSearch), which finds the same rows as LIKE without reading every expense.
    /// </summary>
    private static IQueryable<Expense> WhereDescriptionContains(BudgetDbContext db, IQueryable<Expense> expenses, string text)
    {
        if (db.Database.IsSqlite() && text.Length >= 3)
        {
            var phrase = "\"" + text.Replace("\"", "\"\"") + "\"";
            var matches = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"ExpenseSearch\" WHERE \"ExpenseSearch\" MATCH {phrase}");
            return expenses.Where(e => matches.Contains(e.Id));
        }

        var pattern = "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        return expenses.Where(e => EF.Functions.Like(e.Description, pattern, @"\"));
    }

    private static IQueryable<Expense> Sorted(IQueryable<Expense> expenses, ExpenseSort sortBy, bool descending) => (sortBy, descending) switch
    {
        (ExpenseSort.Description, false) => expenses.OrderBy(e => e.Description).ThenBy(e => e.Id),
        (ExpenseSort.Description, true) => expenses.OrderByDescending(e => e.Description).ThenByDescending(e => e.Id),
        (ExpenseSort.Amount, false) => expenses.OrderBy(e => e.AmountCents).ThenBy(e => e.Id),
        (ExpenseSort.Amount, true) => expenses.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id),
        (ExpenseSort.Category, false) => expenses.OrderBy(e => e.Category!.Name).ThenBy(e => e.Id),
        (ExpenseSort.Category, true) => expenses.OrderByDescending(e => e.Category!.Name).ThenByDescending(e => e.Id),
        (_, false) => expenses.OrderBy(e => e.Date).ThenBy(e => e.Id),
        (_, true) => expenses.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id),
    };

    private static IQueryable<Expense> InCategory(BudgetDbContext db, string userId, int categoryId, DateOnly? month) =>
        Filtered(db, userId, new ExpenseFilter(month, categoryId));

    private static async Task<DeletionPreview?> PreviewAsync(BudgetDbContext db, string userId, int categoryId, DateOnly? month, CancellationToken cancellationToken)
    {
        var category = await db.Categories.Where(c => c.Id == categoryId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (category is null)
        {
            return null;
        }

        var normalizedMonth = month is { } m ? Formatting.FirstOfMonth(m) : (DateOnly?)null;
        var totals = await InCategory(db, userId, categoryId, normalizedMonth)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Total = g.Sum(e => e.AmountCents), LastId = g.Max(e => e.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return new DeletionPreview(categoryId, category, normalizedMonth, totals?.Count ?? 0, totals?.Total ?? 0, totals?.LastId ?? 0);
    }

    /// <summary>The user's own expense, tracked, with the version the caller saw: saving fails if it changed since.</summary>
    private static async Task<Expense?> FindForChangeAsync(OperationScope scope, long id, Guid version)
    {
        var expense = await scope.Db.Expenses.FirstOrDefaultAsync(e => e.Id == id && e.UserId == scope.UserId, scope.CancellationToken);
        if (expense is not null)
        {
            scope.Db.Entry(expense).Property(e => e.Version).OriginalValue = version;
        }

        return expense;
    }

    private static void Apply(ExpenseInput input, Expense expense)
    {
        expense.Date = DateOnly.FromDateTime(input.Date!.Value);
        expense.Description = input.Description.Trim();
        expense.AmountCents = Money.ToCents(input.Amount!.Value);
        expense.CategoryId = input.CategoryId!.Value;
        expense.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }

    private static string Count(int expenses) => expenses == 1 ? "1 expense" : $"{expenses} expenses";

    private static string Where(DeletionPreview preview) =>
        preview.Month is { } month ? $"{preview.Category} ({Formatting.Month(month)})" : preview.Category;
}
