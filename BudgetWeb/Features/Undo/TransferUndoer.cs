using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// A transfer is undone by moving the money back, which needs it still to be available where it went, in that month
/// and in every later one it carried into; the transfer row goes, and a redo puts it back with its id.
/// </summary>
public sealed class TransferUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.BudgetTransferred;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, moved) = (context.Scope, context.Details<Moved>());
        var (from, to) = context.Redo ? (moved.FromCategoryId, moved.ToCategoryId) : (moved.ToCategoryId, moved.FromCategoryId);
        var names = await scope.Db.CategoryNamesAsync(from, to, scope.CancellationToken);
        if (names.Count < 2)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        // One read: this month's available (the funds check) and every later month's (checked again after the change).
        var guard = await ShortfallGuard.WatchAsync(scope.Db, scope.UserId, from, names[from], moved.Month, scope.CancellationToken);
        var available = guard.Month.AvailableCents;
        if (available < moved.AmountCents)
        {
            return Result.Fail(FailureKind.InsufficientFunds,
                $"{names[from]} has only {Formatting.Money(Math.Max(available, 0))} available in {Formatting.Month(moved.Month)}; {(context.Redo ? "redoing" : "undoing")} this transfer needs {Formatting.Money(moved.AmountCents)}.");
        }

        await scope.ChangeAllocationAsync(from, moved.Month, -moved.AmountCents, context.Redo ? JournalEntryKind.TransferOut : JournalEntryKind.Undo);
        await scope.ChangeAllocationAsync(to, moved.Month, moved.AmountCents, context.Redo ? JournalEntryKind.TransferIn : JournalEntryKind.Undo);
        if (context.Redo)
        {
            scope.Db.Transfers.Add(new Transfer
            {
                Id = moved.TransferId,
                UserId = scope.UserId,
                FromCategoryId = moved.FromCategoryId,
                ToCategoryId = moved.ToCategoryId,
                Month = moved.Month,
                AmountCents = moved.AmountCents,
                Note = moved.Note,
                OperationId = context.Original.Id,
                CreatedAt = context.Original.CreatedAt,
            });
            await scope.Db.SaveWithOwnIdsAsync<Transfer>(true, scope.CancellationToken);
        }
        else
        {
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            await scope.Db.Transfers.Where(t => t.Id == moved.TransferId && t.UserId == scope.UserId).ExecuteDeleteAsync(scope.CancellationToken);
        }

        // Money taken out of this month is missing from every later month it would have carried into.
        return await guard.FindShortfallAsync(-moved.AmountCents, scope.CancellationToken) is { } shortfall
            ? Result.Fail(FailureKind.InsufficientFunds, shortfall)
            : Result.Ok("");
    }

    private sealed record Moved(long TransferId, int FromCategoryId, int ToCategoryId, DateOnly Month, long AmountCents, string? Note);
}
