using System.Data;
using System.Text.Json;
using System.Text.Json.Serialization;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Categories;

public sealed record MergeUserLine(string UserId, string Email, int Expenses, long ExpenseCents, long LastExpenseId, int Budgets, long BudgetCents);

/// <summary>
/// What merging Source into Target would move. It is a promise: the merge recomputes it in its transaction and
/// goes ahead only if nothing it counted has changed (compared by <see cref="Fingerprint"/>).
/// </summary>
/// <param name="Shortfalls">
/// Per user, the first month the merged category would be short in through carry-over ("bob@example.com: Food would be
/// $20.00 short in March 2026."); shown with the preview, not part of the promise (the merge goes ahead regardless).
/// </param>
public sealed record MergePreview(int SourceId, string Source, int TargetId, string Target, IReadOnlyList<MergeUserLine> Users, int TransfersRepointed, int TransfersRemoved,
    [property: JsonIgnore] IReadOnlyList<string>? Shortfalls = null)
{
    [JsonIgnore]
    public string Fingerprint => JsonSerializer.Serialize(this);

    public int Expenses => Users.Sum(u => u.Expenses);
    public int Budgets => Users.Sum(u => u.Budgets);
}

/// <summary>
/// Folds one category into another for everyone, in one serializable transaction: expenses move, budget
/// allocations add up (Source's journal entries move with them, so every balance still equals its journal),
/// transfers are repointed, Source is deleted, and the Operation row records every id and amount for an undo.
/// </summary>
public sealed class CategoryMerge(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, CurrentUser currentUser)
{
    public const string Stale = "The data changed since the preview — review the new numbers.";
    public const string SameCategory = "Source and Target must be different categories.";

    public async Task<Result<MergePreview>> PreviewAsync(int sourceId, int targetId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync<MergePreview>(CategoryAdmin.AdminsOnly) is { } refused)
        {
            return refused;
        }

        if (sourceId == targetId)
        {
            return Result.Fail<MergePreview>(FailureKind.Validation, SameCategory);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var preview = await ComputeAsync(db, sourceId, targetId, cancellationToken);
        return preview is null
            ? Result.Fail<MergePreview>(FailureKind.MissingReference, UserMessages.CategoryMissing)
            : Result.Ok(preview with { Shortfalls = await MergeShortfalls.FindAsync(db, preview, cancellationToken) }, $"Merge {preview.Source} into {preview.Target}");
    }

    public async Task<Result> MergeAsync(MergePreview confirmed, Guid operationKey, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync(CategoryAdmin.AdminsOnly) is { } refused)
        {
            return refused;
        }

        if (confirmed.SourceId == confirmed.TargetId)
        {
            return Result.Fail(FailureKind.Validation, SameCategory);
        }

        var adminId = await currentUser.GetIdAsync();
        var (sourceId, targetId) = (confirmed.SourceId, confirmed.TargetId);
        return await runner.RunAsync(new OperationRequest(adminId, OperationKind.CategoriesMerged, operationKey), async scope =>
        {
            var db = scope.Db;
            var ct = scope.CancellationToken;
            var current = await ComputeAsync(db, sourceId, targetId, ct);
            if (current is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            if (current.Fingerprint != confirmed.Fingerprint)
            {
                return Result.Fail(FailureKind.Concurrency, Stale);
            }

            // Moved rows get a new version: an edit opened before the merge is refused, and the undo can tell whether they changed since.
            var moving = await db.Expenses.Where(e => e.CategoryId == sourceId).OrderBy(e => e.Id).Select(e => new { e.Id, e.Version, e.UserId }).ToListAsync(ct);
            var expenseVersion = Guid.NewGuid();
            await db.Expenses.Where(e => e.CategoryId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(e => e.CategoryId, targetId).SetProperty(e => e.Version, expenseVersion), ct);

            var budgets = new List<MergeRecord.Budget>();
            var sources = await db.BudgetAllocations.Where(a => a.CategoryId == sourceId).OrderBy(a => a.Id).ToListAsync(ct);
            foreach (var source in sources)
            {
                var target = await db.BudgetAllocations.FirstOrDefaultAsync(a => a.UserId == source.UserId && a.CategoryId == targetId && a.Month == source.Month, ct);
                if (target is null)
                {
                    source.CategoryId = targetId;
                    source.Version = Guid.NewGuid();
                    budgets.Add(new(source.Id, source.UserId, source.Month, source.AmountCents));
                    continue;
                }

                var journalIds = await db.BudgetJournal.Where(j => j.AllocationId == source.Id).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(ct);
                await db.BudgetJournal.Where(j => j.AllocationId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.AllocationId, target.Id), ct);
                budgets.Add(new(source.Id, source.UserId, source.Month, source.AmountCents, target.Id, target.AmountCents, journalIds));
                target.AmountCents += source.AmountCents;
                target.Version = Guid.NewGuid();
                db.BudgetAllocations.Remove(source);
            }

            await db.SaveChangesAsync(ct);

            // A transfer between the two would become Target -> Target: it moved nothing once merged, so it goes (kept here for undo).
            var between = db.Transfers.Where(t => (t.FromCategoryId == sourceId && t.ToCategoryId == targetId) || (t.FromCategoryId == targetId && t.ToCategoryId == sourceId));
            var removedTransfers = await between.OrderBy(t => t.Id).ToListAsync(ct);
            await between.ExecuteDeleteAsync(ct);
            var fromIds = await db.Transfers.Where(t => t.FromCategoryId == sourceId).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
            var toIds = await db.Transfers.Where(t => t.ToCategoryId == sourceId).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
            await db.Transfers.Where(t => t.FromCategoryId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(t => t.FromCategoryId, targetId), ct);
            await db.Transfers.Where(t => t.ToCategoryId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ToCategoryId, targetId), ct);
            var transferUsers = await db.Transfers.Where(t => fromIds.Contains(t.Id) || toIds.Contains(t.Id)).Select(t => t.UserId).Distinct().ToListAsync(ct);

            // Rules that put rows into the source put them into the target from now on (kept here for undo).
            var ruleIds = await db.CategorizationRules.Where(r => r.CategoryId == sourceId).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
            await db.CategorizationRules.Where(r => r.CategoryId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(r => r.CategoryId, targetId), ct);

            // Carry-over settings are preferences about the source: they go with it (cascade), kept here for undo.
            var carryOver = await db.CarryOverSettings.Where(s => s.CategoryId == sourceId).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.UserId, s.EffectiveMonth, s.Mode, s.ChangedAt }).ToListAsync(ct);
            var createdAt = await db.Categories.Where(c => c.Id == sourceId).Select(c => c.CreatedAt).SingleAsync(ct);
            await db.Categories.Where(c => c.Id == sourceId).ExecuteDeleteAsync(ct);

            scope.Record(new MergeRecord(
                new(sourceId, current.Source, createdAt),
                new(targetId, current.Target),
                moving.Select(e => e.Id).ToList(),
                moving.Select(e => e.Version).ToList(),
                expenseVersion,
                budgets,
                fromIds,
                toIds,
                carryOver.Select(s => new MergeRecord.Setting(s.Id, s.UserId, s.EffectiveMonth, s.Mode.ToString(), s.ChangedAt)).ToList(),
                removedTransfers.Select(t => new MergeRecord.RemovedTransfer(t.Id, t.UserId, t.FromCategoryId, t.ToCategoryId, t.Month, t.AmountCents, t.Note, t.OperationId, t.CreatedAt)).ToList(),
                moving.Select(e => e.UserId).Concat(budgets.Select(b => b.UserId)).Concat(removedTransfers.Select(t => t.UserId)).Concat(transferUsers)
                    .Concat(carryOver.Select(s => s.UserId)).Distinct().Order(StringComparer.Ordinal).ToList(),
                ruleIds));
            return Result.Ok($"Merged {current.Source} into {current.Target}: {Formatting.Count(moving.Count, "expense")}, {Formatting.Count(sources.Count, "budget")} and {TransferWords(fromIds.Count + toIds.Count, removedTransfers.Count)}.");
        }, IsolationLevel.Serializable, cancellationToken);
    }

    private static async Task<MergePreview?> ComputeAsync(BudgetDbContext db, int sourceId, int targetId, CancellationToken cancellationToken)
    {
        var names = await db.CategoryNamesAsync(sourceId, targetId, cancellationToken);
        if (!names.ContainsKey(sourceId) || !names.ContainsKey(targetId))
        {
            return null;
        }

        var expenses = await db.Expenses.Where(e => e.CategoryId == sourceId).GroupBy(e => e.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count(), Cents = g.Sum(e => e.AmountCents), LastId = g.Max(e => e.Id) })
            .ToDictionaryAsync(x => x.UserId, cancellationToken);
        var budgets = await db.BudgetAllocations.Where(a => a.CategoryId == sourceId).GroupBy(a => a.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count(), Cents = g.Sum(a => a.AmountCents) })
            .ToDictionaryAsync(x => x.UserId, cancellationToken);
        var userIds = expenses.Keys.Union(budgets.Keys).ToList();
        var emails = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        var users = userIds
            .Select(id => new MergeUserLine(
                id,
                emails.GetValueOrDefault(id, id),
                expenses.GetValueOrDefault(id)?.Count ?? 0,
                expenses.GetValueOrDefault(id)?.Cents ?? 0,
                expenses.GetValueOrDefault(id)?.LastId ?? 0,
                budgets.GetValueOrDefault(id)?.Count ?? 0,
                budgets.GetValueOrDefault(id)?.Cents ?? 0))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var removed = await db.Transfers.CountAsync(t => (t.FromCategoryId == sourceId && t.ToCategoryId == targetId) || (t.FromCategoryId == targetId && t.ToCategoryId == sourceId), cancellationToken);
        var touching = await db.Transfers.CountAsync(t => t.FromCategoryId == sourceId || t.ToCategoryId == sourceId, cancellationToken);
        return new MergePreview(sourceId, names[sourceId], targetId, names[targetId], users, touching - removed, removed);
    }

    /// <summary>What happens to transfers, in the same words in the preview and in the toast after the merge.</summary>
    public static string TransferWords(int moved, int removed) =>
        removed == 0
            ? $"{Formatting.Count(moved, "transfer")} moved"
            : $"{Formatting.Count(moved, "transfer")} moved; {Formatting.Count(removed, "transfer")} between the two removed";
}
