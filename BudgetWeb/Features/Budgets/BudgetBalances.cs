using BudgetWeb.Data;

namespace BudgetWeb.Features.Budgets;

public static class BudgetBalances
{
    /// <summary>Carried in + allocated − spent for one user, category and month, computed by the database (see <see cref="CarryOverQuery"/>).</summary>
    public static async Task<long> AvailableCentsAsync(this BudgetDbContext db, string userId, int categoryId, DateOnly month, CancellationToken cancellationToken = default)
    {
        var rows = await CarryOverQuery.BalancesAsync(db, userId, categoryId, month, month, cancellationToken);
        return rows.SingleOrDefault()?.AvailableCents ?? 0;
    }
}
