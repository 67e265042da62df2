using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

/// <summary>
/// The only way an allocation changes: by a journal entry written with the operation that caused it, so every
/// balance can be re-derived from its journal.
/// </summary>
public static class BudgetJournal
{
    public static async Task<BudgetAllocation> ChangeAllocationAsync(this OperationScope scope, int categoryId, DateOnly month, long deltaCents, JournalEntryKind kind)
    {
        var first = Formatting.FirstOfMonth(month);
        var allocation = await scope.Db.BudgetAllocations.SingleOrDefaultAsync(
            a => a.UserId == scope.UserId && a.CategoryId == categoryId && a.Month == first, scope.CancellationToken);
        if (allocation is null)
        {
            allocation = new BudgetAllocation { UserId = scope.UserId, CategoryId = categoryId, Month = first };
            scope.Db.BudgetAllocations.Add(allocation);
        }

        if (deltaCents != 0)
        {
            allocation.AmountCents += deltaCents;
            allocation.Version = Guid.NewGuid();
            scope.Db.BudgetJournal.Add(new BudgetJournalEntry
            {
                Allocation = allocation,
                Operation = scope.Operation,
                Kind = kind,
                DeltaCents = deltaCents,
                CreatedAt = scope.Now,
            });
        }

        return allocation;
    }
}
