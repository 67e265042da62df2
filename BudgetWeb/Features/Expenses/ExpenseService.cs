using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Categories;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>The signed-in user's expenses. Every query and change is filtered by that user: another user's ids are simply not found.</summary>
public sealed partial class ExpenseService(
    IDbContextFactory<BudgetDbContext> factory,
    TransactionRunner runner,
    CurrentUser currentUser,
    IValidator<ExpenseInput> validator,
    IValidator<SplitInput> splitValidator,
    IValidator<MoveExpensesInput> moveValidator)
{
    public const string NotFound = "That expense no longer exists.";
    public const string RefundNotSplit = "A refund can't be split; edit its category instead.";

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
                return Result.Fail(FailureKind.NotFound, $"There are no expenses in {Formatting.InMonth(current.Category, current.Month)} to delete.");
            }

            var doomed = InCategory(scope.Db, userId, confirmed.CategoryId, confirmed.Month);
            var records = await doomed.OrderBy(e => e.Id)
                .Select(ExpenseRecord.Projection)
                .ToListAsync(scope.CancellationToken);
            var deleted = await doomed.ExecuteDeleteAsync(scope.CancellationToken);
            scope.Record(new { confirmed.CategoryId, confirmed.Month, Deleted = records });
            return Result.Ok($"Deleted {Formatting.Count(deleted, "expense")} from {Formatting.InMonth(current.Category, current.Month)}.");
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

            if (original.AmountCents < 0)
            {
                return Result.Fail(FailureKind.Validation, RefundNotSplit);
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
            var where = Formatting.InMonth(names[fromId], month);
            if (moving.Count == 0)
            {
                return Result.Fail(FailureKind.NotFound, $"You have no expenses in {where} to move.");
            }

            var version = Guid.NewGuid();
            var moved = await mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.CategoryId, toId).SetProperty(e => e.Version, version), scope.CancellationToken);

            // The versions before and after let an undo move back exactly these rows, and only if none changed since.
            scope.Record(new { FromCategoryId = fromId, ToCategoryId = toId, Month = month, ExpenseIds = moving.Select(e => e.Id), VersionsBefore = moving.Select(e => e.Version), Version = version });
            return Result.Ok($"Moved {Formatting.Count(moved, "expense")} from {where} to {names[toId]}.");
        }, cancellationToken);
    }

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
        expense.AmountCents = input.SignedCents();
        expense.CategoryId = input.CategoryId!.Value;
        expense.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }
}
