namespace BudgetWeb.Features.Categories;

/// <summary>
/// What a merge changed, row by row, with the version tokens it found and left: the merge's Operation details, from
/// which its undo puts everything back and a redo merges exactly the same rows again. Records made before merges could
/// be undone lack the versions (<see cref="ExpenseVersion"/> is null there).
/// </summary>
public sealed record MergeRecord(
    MergeRecord.Side Source,
    MergeRecord.Side Target,
    List<long> ExpenseIds,
    List<Guid>? ExpenseVersionsBefore,
    Guid? ExpenseVersion,
    List<MergeRecord.Budget> Budgets,
    List<long> TransfersFromSource,
    List<long> TransfersToSource,
    List<MergeRecord.Setting> CarryOverSettingsRemoved,
    List<MergeRecord.RemovedTransfer> TransfersRemoved,
    List<string>? AffectedUserIds,
    List<long>? RulesToSource = null)
{
    public sealed record Side(int Id, string Name, DateTime? CreatedAt = null);

    /// <summary>
    /// One of the source's allocations. Repointed (<see cref="IntoAllocationId"/> null): the row itself moved to the target.
    /// Folded: it was added to the target's allocation of that month (which held <see cref="IntoAmountBefore"/>); that one
    /// took over its journal entries, and it was removed. Compared by amount, as every budget undo is.
    /// </summary>
    public sealed record Budget(long AllocationId, string UserId, DateOnly Month, long AmountCents, long? IntoAllocationId = null, long? IntoAmountBefore = null, List<long>? JournalEntryIds = null);

    public sealed record Setting(long Id, string UserId, DateOnly EffectiveMonth, string Mode, DateTime ChangedAt);

    public sealed record RemovedTransfer(long Id, string UserId, int FromCategoryId, int ToCategoryId, DateOnly Month, long AmountCents, string? Note, long OperationId, DateTime CreatedAt);
}
