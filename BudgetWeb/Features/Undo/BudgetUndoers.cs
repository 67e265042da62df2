using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// Budget set and budgets copied: each allocation goes back through a journal entry, if it still holds what the operation
/// left and, where that lowers it, if no month from then on is left short.
/// </summary>
public sealed class BudgetSetUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.BudgetSet;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var set = context.Details<Set>();
        var (from, to) = context.Redo ? (set.PreviousCents, set.AmountCents) : (set.AmountCents, set.PreviousCents);
        return await BudgetRewind.SetAsync(context, [(set.CategoryId, from, to)], set.Month);
    }

    private sealed record Set(int CategoryId, DateOnly Month, long PreviousCents, long AmountCents);
}

public sealed class BudgetsCopiedUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.BudgetsCopied;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var copied = context.Details<CopiedDetails>();
        return await BudgetRewind.SetAsync(context,
            copied.Copied.Select(c => context.Redo ? (c.CategoryId, 0L, c.AmountCents) : (c.CategoryId, c.AmountCents, 0L)).ToList(), copied.To);
    }

    private sealed record CopiedDetails(DateOnly To, List<Row> Copied);

    private sealed record Row(int CategoryId, long AmountCents);
}

internal static class BudgetRewind
{
    /// <summary>Moves each allocation from the amount the operation left to the one it found, refusing if any was changed since.</summary>
    public static async Task<Result> SetAsync(UndoContext context, IReadOnlyList<(int CategoryId, long From, long To)> budgets, DateOnly month)
    {
        var scope = context.Scope;
        var ids = budgets.Select(b => b.CategoryId).ToList();
        var current = await scope.Db.BudgetAllocations.Where(a => a.UserId == scope.UserId && a.Month == month && ids.Contains(a.CategoryId))
            .ToDictionaryAsync(a => a.CategoryId, a => a.AmountCents, scope.CancellationToken);
        var changed = budgets.Where(b => current.GetValueOrDefault(b.CategoryId) != b.From).Select(b => (int?)b.CategoryId).FirstOrDefault();
        if (changed is { } changedId)
        {
            var name = await scope.Db.Categories.Where(c => c.Id == changedId).Select(c => c.Name).FirstOrDefaultAsync(scope.CancellationToken);
            return Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince($"{name} budget for {Formatting.Month(month)}"));
        }

        // A lower budget takes money from this month and every later month it carried into: watched before, checked after.
        var guards = new List<(ShortfallGuard Guard, long Delta)>();
        foreach (var (categoryId, from, to) in budgets.Where(b => b.To < b.From))
        {
            var name = await scope.Db.Categories.Where(c => c.Id == categoryId).Select(c => c.Name).SingleAsync(scope.CancellationToken);
            guards.Add((await ShortfallGuard.WatchAsync(scope.Db, scope.UserId, categoryId, name, month, scope.CancellationToken), to - from));
        }

        foreach (var (categoryId, from, to) in budgets)
        {
            await scope.ChangeAllocationAsync(categoryId, month, to - from, JournalEntryKind.Undo);
        }

        await scope.Db.SaveChangesAsync(scope.CancellationToken);
        foreach (var (guard, delta) in guards)
        {
            if (await guard.FindShortfallAsync(delta, scope.CancellationToken) is { } shortfall)
            {
                return Result.Fail(FailureKind.InsufficientFunds, shortfall);
            }
        }

        return Result.Ok("");
    }
}
