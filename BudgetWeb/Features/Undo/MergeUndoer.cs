using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// "Categories merged" (admin only, like the merge): the source comes back under its old name with its id, and exactly
/// the rows that moved go back: expenses, budgets (with their journal entries), transfers and carry-over settings.
/// Every row must still be as the merge left it (expenses by version token, budgets by amount), and no user's target may be left short in any month;
/// a redo merges the same rows again under the same conditions.
/// </summary>
public sealed class MergeUndoer : IUndoer
{
    public const string RecordedBeforeUndo = "This merge was made before merges could be undone.";

    public OperationKind Kind => OperationKind.CategoriesMerged;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var merge = context.Details<MergeRecord>();
        if (merge.ExpenseVersion is null || merge.ExpenseVersionsBefore is null || merge.Source.CreatedAt is null)
        {
            return Result.Fail(FailureKind.Validation, RecordedBeforeUndo);
        }

        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var (source, target) = (merge.Source.Id, merge.Target.Id);
        var targetName = await db.Categories.Where(c => c.Id == target).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (targetName is null)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        var refusal = context.Redo ? await CheckRedoAsync(context, merge) : await CheckUndoAsync(context, merge);
        if (refusal is not null)
        {
            return refusal;
        }

        // Watched before any change: the target is the only category whose later months can get worse.
        var guards = new List<ShortfallGuard>();
        foreach (var (userId, month) in await FirstMonthsAsync(context, merge))
        {
            guards.Add(await ShortfallGuard.WatchAsync(db, userId, target, targetName, month, ct));
        }

        if (context.Redo)
        {
            await MergeAgainAsync(context, merge);
        }
        else
        {
            await PutBackAsync(context, merge);
        }

        foreach (var guard in guards)
        {
            if (await guard.FindShortfallAsync(ct) is { } shortfall)
            {
                return Result.Fail(FailureKind.InsufficientFunds, shortfall);
            }
        }

        return Result.Ok("");
    }

    private static async Task<Result?> CheckUndoAsync(UndoContext context, MergeRecord merge)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var target = merge.Target.Id;
        if (await db.Categories.AnyAsync(c => c.NormalizedName == Category.Normalize(merge.Source.Name), ct))
        {
            return Result.Fail(FailureKind.Duplicate, $"A category named '{merge.Source.Name}' exists again; rename it before undoing the merge.");
        }

        var unchanged = await db.Expenses.CountAsync(e => merge.ExpenseIds.Contains(e.Id) && e.CategoryId == target && e.Version == merge.ExpenseVersion, ct);
        if (unchanged != merge.ExpenseIds.Count)
        {
            return ExpensesChanged(merge.ExpenseIds.Count - unchanged);
        }

        foreach (var budget in merge.Budgets)
        {
            var (id, cents) = budget.IntoAllocationId is { } into ? (into, budget.IntoAmountBefore + budget.AmountCents) : (budget.AllocationId, budget.AmountCents);
            if (!await db.BudgetAllocations.AnyAsync(a => a.Id == id && a.CategoryId == target && a.AmountCents == cents, ct))
            {
                return BudgetChanged(merge.Target.Name, budget.Month);
            }
        }

        return await TransfersAsMergedAsync(context, merge, target) ? null : TransfersChanged();
    }

    private static async Task<Result?> CheckRedoAsync(UndoContext context, MergeRecord merge)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var source = merge.Source.Id;
        var name = await db.Categories.Where(c => c.Id == source).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        var before = merge.ExpenseIds.Zip(merge.ExpenseVersionsBefore!).ToDictionary(p => p.First, p => p.Second);
        var rows = await db.Expenses.Where(e => merge.ExpenseIds.Contains(e.Id) && e.CategoryId == source).Select(e => new { e.Id, e.Version }).ToListAsync(ct);
        var changed = merge.ExpenseIds.Count - rows.Count(r => before[r.Id] == r.Version);
        if (changed > 0)
        {
            return ExpensesChanged(changed);
        }

        foreach (var budget in merge.Budgets)
        {
            var asFound = await db.BudgetAllocations.AnyAsync(a => a.Id == budget.AllocationId && a.CategoryId == source && a.AmountCents == budget.AmountCents, ct)
                && (budget.IntoAllocationId is not { } into || await db.BudgetAllocations.AnyAsync(a => a.Id == into && a.AmountCents == budget.IntoAmountBefore, ct));
            if (!asFound)
            {
                return BudgetChanged(budget.IntoAllocationId is null ? name : merge.Target.Name, budget.Month);
            }
        }

        var removed = merge.TransfersRemoved.Select(t => t.Id).ToList();
        if (!await TransfersAsMergedAsync(context, merge, source) || await db.Transfers.CountAsync(t => removed.Contains(t.Id), ct) != removed.Count)
        {
            return TransfersChanged();
        }

        // The merge deletes the source: anything added to it since the undo would be lost or left dangling.
        var usedSince = await db.Expenses.CountAsync(e => e.CategoryId == source, ct) != merge.ExpenseIds.Count
            || await db.BudgetAllocations.CountAsync(a => a.CategoryId == source, ct) != merge.Budgets.Count
            || await db.Transfers.CountAsync(t => t.FromCategoryId == source || t.ToCategoryId == source, ct) != merge.TransfersFromSource.Union(merge.TransfersToSource).Count() + merge.TransfersRemoved.Count
            || await db.CarryOverSettings.CountAsync(s => s.CategoryId == source, ct) != merge.CarryOverSettingsRemoved.Count
            || await db.CategorizationRules.CountAsync(r => r.CategoryId == source, ct) != (merge.RulesToSource?.Count ?? 0);
        return usedSince
            ? Result.Fail(FailureKind.Conflict, $"'{name}' has been used since (expenses, budgets, transfers, carry-over settings or rules). Undo those changes first.")
            : null;
    }

    /// <summary>The transfers the merge repointed still point where the merge (or its undo) left them.</summary>
    private static async Task<bool> TransfersAsMergedAsync(UndoContext context, MergeRecord merge, int category)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        return await db.Transfers.CountAsync(t => merge.TransfersFromSource.Contains(t.Id) && t.FromCategoryId == category, ct) == merge.TransfersFromSource.Count
            && await db.Transfers.CountAsync(t => merge.TransfersToSource.Contains(t.Id) && t.ToCategoryId == category, ct) == merge.TransfersToSource.Count;
    }

    private static Result ExpensesChanged(int count) => Result.Fail(FailureKind.Conflict,
        $"{Formatting.Count(count, "expense")} that the merge moved {(count == 1 ? "was" : "were")} edited, moved, split or deleted after this. Undo those changes first.");

    private static Result BudgetChanged(string category, DateOnly month) =>
        Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince($"{category} budget for {Formatting.Month(month)}"));

    private static Result TransfersChanged() =>
        Result.Fail(FailureKind.Conflict, "A transfer that the merge moved was changed after this. Undo the later change first.");

    /// <summary>Per user, the first month the merge touched: the target's balances can change from there on.</summary>
    private static async Task<List<(string UserId, DateOnly Month)>> FirstMonthsAsync(UndoContext context, MergeRecord merge)
    {
        var expenses = await context.Scope.Db.Expenses.Where(e => merge.ExpenseIds.Contains(e.Id))
            .GroupBy(e => e.UserId).Select(g => new { UserId = g.Key, First = g.Min(e => e.Date) }).ToListAsync(context.Scope.CancellationToken);
        return expenses.Select(e => (e.UserId, Month: Formatting.FirstOfMonth(e.First)))
            .Concat(merge.Budgets.Select(b => (b.UserId, b.Month)))
            .GroupBy(m => m.UserId)
            .Select(g => (g.Key, g.Min(m => m.Month)))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task PutBackAsync(UndoContext context, MergeRecord merge)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var (source, target) = (merge.Source.Id, merge.Target.Id);
        db.Categories.Add(new Category(merge.Source.Name) { Id = source, CreatedAt = merge.Source.CreatedAt!.Value });
        await db.SaveWithOwnIdsAsync<Category>(true, ct);

        var folded = merge.Budgets.Where(b => b.IntoAllocationId is not null).ToList();
        db.BudgetAllocations.AddRange(folded.Select(b => new BudgetAllocation
        {
            Id = b.AllocationId, UserId = b.UserId, CategoryId = source, Month = b.Month, AmountCents = b.AmountCents,
        }));
        await db.SaveWithOwnIdsAsync<BudgetAllocation>(folded.Count > 0, ct);
        foreach (var budget in folded)
        {
            var into = await db.BudgetAllocations.SingleAsync(a => a.Id == budget.IntoAllocationId, ct);
            into.AmountCents -= budget.AmountCents;
            into.Version = Guid.NewGuid();
            var journal = budget.JournalEntryIds ?? [];
            await db.BudgetJournal.Where(j => journal.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.AllocationId, budget.AllocationId), ct);
        }

        await MoveRowsAsync(context, merge, target, source, redo: false);

        db.Transfers.AddRange(merge.TransfersRemoved.Select(t => new Transfer
        {
            Id = t.Id, UserId = t.UserId, FromCategoryId = t.FromCategoryId, ToCategoryId = t.ToCategoryId, Month = t.Month, AmountCents = t.AmountCents,
            Note = t.Note, OperationId = t.OperationId, CreatedAt = t.CreatedAt,
        }));
        await db.SaveWithOwnIdsAsync<Transfer>(merge.TransfersRemoved.Count > 0, ct);

        db.CarryOverSettings.AddRange(merge.CarryOverSettingsRemoved.Select(s => new CarryOverSetting
        {
            Id = s.Id, UserId = s.UserId, CategoryId = source, EffectiveMonth = s.EffectiveMonth, Mode = Enum.Parse<CarryOverMode>(s.Mode), ChangedAt = s.ChangedAt,
        }));
        await db.SaveWithOwnIdsAsync<CarryOverSetting>(merge.CarryOverSettingsRemoved.Count > 0, ct);
    }

    private static async Task MergeAgainAsync(UndoContext context, MergeRecord merge)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        var (source, target) = (merge.Source.Id, merge.Target.Id);
        await MoveRowsAsync(context, merge, source, target, redo: true);

        foreach (var budget in merge.Budgets.Where(b => b.IntoAllocationId is not null))
        {
            var journal = budget.JournalEntryIds ?? [];
            await db.BudgetJournal.Where(j => journal.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.AllocationId, budget.IntoAllocationId!.Value), ct);
            var into = await db.BudgetAllocations.SingleAsync(a => a.Id == budget.IntoAllocationId, ct);
            into.AmountCents += budget.AmountCents;
            into.Version = Guid.NewGuid();
            db.BudgetAllocations.Remove(await db.BudgetAllocations.SingleAsync(a => a.Id == budget.AllocationId, ct));
        }

        await db.SaveChangesAsync(ct);
        var removed = merge.TransfersRemoved.Select(t => t.Id).ToList();
        await db.Transfers.Where(t => removed.Contains(t.Id)).ExecuteDeleteAsync(ct);
        await db.Categories.Where(c => c.Id == source).ExecuteDeleteAsync(ct); // its carry-over settings go with it, as in the merge
    }

    /// <summary>Expenses, repointed budgets and repointed transfers from one category to the other, with the versions each side recorded.</summary>
    private static async Task MoveRowsAsync(UndoContext context, MergeRecord merge, int from, int to, bool redo)
    {
        var (db, ct) = (context.Scope.Db, context.Scope.CancellationToken);
        if (redo)
        {
            var version = merge.ExpenseVersion!.Value;
            await db.Expenses.Where(e => merge.ExpenseIds.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.CategoryId, to).SetProperty(e => e.Version, version), ct);
        }
        else
        {
            // Each row gets back the version it had before the merge, so that edits opened before the merge hold again.
            var before = merge.ExpenseIds.Zip(merge.ExpenseVersionsBefore!).ToDictionary(p => p.First, p => p.Second);
            foreach (var expense in await db.Expenses.Where(e => merge.ExpenseIds.Contains(e.Id)).ToListAsync(ct))
            {
                expense.CategoryId = to;
                expense.Version = before[expense.Id];
            }
        }

        foreach (var budget in merge.Budgets.Where(b => b.IntoAllocationId is null))
        {
            var allocation = await db.BudgetAllocations.SingleAsync(a => a.Id == budget.AllocationId, ct);
            allocation.CategoryId = to;
            allocation.Version = Guid.NewGuid();
        }

        await db.SaveChangesAsync(ct);
        await db.Transfers.Where(t => merge.TransfersFromSource.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.FromCategoryId, to), ct);
        await db.Transfers.Where(t => merge.TransfersToSource.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ToCategoryId, to), ct);

        // The import rules that pointed at the source, unless someone pointed one elsewhere since.
        var rules = merge.RulesToSource ?? [];
        await db.CategorizationRules.Where(r => rules.Contains(r.Id) && r.CategoryId == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.CategoryId, to), ct);
    }
}
