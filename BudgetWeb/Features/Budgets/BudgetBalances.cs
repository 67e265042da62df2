using BudgetWeb.Common;
using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

public static class BudgetBalances
{
    /// <summary>Allocated minus spent for one user, category and month, summed by the database.</summary>
    public static async Task<long> AvailableCentsAsync(this BudgetDbContext db, string userId, int categoryId, DateOnly month, CancellationToken cancellationToken = default)
    {
        var first = Formatting.FirstOfMonth(month);
        var next = first.AddMonths(1);
        var allocated = await db.BudgetAllocations
            .Where(a => a.UserId == userId && a.CategoryId == categoryId && a.Month == first)
            .SumAsync(a => (long?)a.AmountCents, cancellationToken) ?? 0;
        var spent = await db.Expenses
            .Where(e => e.UserId == userId && e.CategoryId == categoryId && e.Date >= first && e.Date < next)
            .SumAsync(e => (long?)e.AmountCents, cancellationToken) ?? 0;
        return allocated - spent;
    }
}
