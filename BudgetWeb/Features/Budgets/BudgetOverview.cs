using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

public sealed record MonthTotal(int Year, int Month, long Cents);

public sealed record CategoryBudgetRow(int CategoryId, string Category, long AllocatedCents, long SpentCents, long CarriedInCents = 0, CarryOverMode CarryOver = CarryOverMode.Unspent)
{
    public long AvailableCents => CarriedInCents + AllocatedCents - SpentCents;

    /// <summary>What the month had to spend: its own budget plus what was carried in (the Summary's chart).</summary>
    public long BudgetedWithCarriedCents => CarriedInCents + AllocatedCents;
}

public sealed record BudgetMonthView(DateOnly Month, IReadOnlyList<CategoryBudgetRow> Rows)
{
    public long CarriedInCents => Rows.Sum(r => r.CarriedInCents);
    public long AllocatedCents => Rows.Sum(r => r.AllocatedCents);
    public long SpentCents => Rows.Sum(r => r.SpentCents);
    public long AvailableCents => CarriedInCents + AllocatedCents - SpentCents;
}

public sealed record MonthlySpending(DateOnly Month, long SpentCents);

/// <summary>
/// The sums behind the Summary's trend: one GROUP BY in the database, on every provider, over the monthly totals the
/// database keeps (<see cref="ExpenseMonthTotal"/>: a row per category and month, not a row per expense). The month
/// figures with what carries over come from <see cref="CarryOverQuery"/>. Public so tests can read the SQL each provider generates.
/// </summary>
public static class BudgetQueries
{
    public static IQueryable<MonthTotal> SpentByMonth(BudgetDbContext db, string userId, DateOnly firstMonth, DateOnly lastMonth)
    {
        var from = Formatting.FirstOfMonth(firstMonth);
        var until = Formatting.FirstOfMonth(lastMonth).AddMonths(1);
        return db.ExpenseMonthTotals.AsNoTracking()
            .Where(t => t.UserId == userId && t.Month >= from && t.Month < until)
            .GroupBy(t => new { t.Month.Year, t.Month.Month })
            .Select(g => new MonthTotal(g.Key.Year, g.Key.Month, g.Sum(t => t.AmountCents)));
    }
}

public sealed class BudgetOverview(IDbContextFactory<BudgetDbContext> factory, CurrentUser currentUser)
{
    /// <summary>Every category with the signed-in user's carried-in, allocated, spent and available amounts for the month.</summary>
    public async Task<BudgetMonthView> MonthAsync(DateOnly month, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var balances = (await CarryOverQuery.BalancesAsync(db, userId, null, month, month, cancellationToken)).ToDictionary(b => b.CategoryId);
        var rows = categories
            .Select(c => balances.GetValueOrDefault(c.Id) is { } b
                ? new CategoryBudgetRow(c.Id, c.Name, b.AllocatedCents, b.SpentCents, b.CarriedInCents, b.CarryOver)
                : new CategoryBudgetRow(c.Id, c.Name, 0, 0))
            .ToList();
        return new BudgetMonthView(Formatting.FirstOfMonth(month), rows);
    }

    /// <summary>Spending per month for the <paramref name="months"/> months ending with <paramref name="lastMonth"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MonthlySpending>> TrendAsync(DateOnly lastMonth, int months = 12, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        var last = Formatting.FirstOfMonth(lastMonth);
        var first = last.AddMonths(1 - months);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var totals = await BudgetQueries.SpentByMonth(db, userId, first, last).ToListAsync(cancellationToken);
        return Enumerable.Range(0, months)
            .Select(i => first.AddMonths(i))
            .Select(m => new MonthlySpending(m, totals.FirstOrDefault(t => t.Year == m.Year && t.Month == m.Month)?.Cents ?? 0))
            .ToList();
    }
}
