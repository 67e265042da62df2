using BudgetWeb.Common;
using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

public sealed record CategoryTotal(int CategoryId, long Cents);

public sealed record MonthTotal(int Year, int Month, long Cents);

public sealed record CategoryBudgetRow(int CategoryId, string Category, long AllocatedCents, long SpentCents)
{
    public long AvailableCents => AllocatedCents - SpentCents;
}

public sealed record BudgetMonthView(DateOnly Month, IReadOnlyList<CategoryBudgetRow> Rows)
{
    public long AllocatedCents => Rows.Sum(r => r.AllocatedCents);
    public long SpentCents => Rows.Sum(r => r.SpentCents);
    public long AvailableCents => AllocatedCents - SpentCents;
}

public sealed record MonthlySpending(DateOnly Month, long SpentCents);

/// <summary>
/// The sums behind the Categories and Summary pages. Each is one GROUP BY in the database, on either provider:
/// the queries are public so tests can read the SQL each provider generates.
/// </summary>
public static class BudgetQueries
{
    public static IQueryable<CategoryTotal> AllocatedByCategory(BudgetDbContext db, string userId, DateOnly month)
    {
        var first = Formatting.FirstOfMonth(month);
        return db.BudgetAllocations.AsNoTracking()
            .Where(a => a.UserId == userId && a.Month == first)
            .GroupBy(a => a.CategoryId)
            .Select(g => new CategoryTotal(g.Key, g.Sum(a => a.AmountCents)));
    }

    public static IQueryable<CategoryTotal> SpentByCategory(BudgetDbContext db, string userId, DateOnly month)
    {
        var first = Formatting.FirstOfMonth(month);
        var next = first.AddMonths(1);
        return db.Expenses.AsNoTracking()
            .Where(e => e.UserId == userId && e.Date >= first && e.Date < next)
            .GroupBy(e => e.CategoryId)
            .Select(g => new CategoryTotal(g.Key, g.Sum(e => e.AmountCents)));
    }

    public static IQueryable<MonthTotal> SpentByMonth(BudgetDbContext db, string userId, DateOnly firstMonth, DateOnly lastMonth)
    {
        var from = Formatting.FirstOfMonth(firstMonth);
        var until = Formatting.FirstOfMonth(lastMonth).AddMonths(1);
        return db.Expenses.AsNoTracking()
            .Where(e => e.UserId == userId && e.Date >= from && e.Date < until)
            .GroupBy(e => new { e.Date.Year, e.Date.Month })
            .Select(g => new MonthTotal(g.Key.Year, g.Key.Month, g.Sum(e => e.AmountCents)));
    }
}

public sealed class BudgetOverview(IDbContextFactory<BudgetDbContext> factory, CurrentUser currentUser)
{
    /// <summary>Every category with the signed-in user's allocated, spent and available amounts for the month.</summary>
    public async Task<BudgetMonthView> MonthAsync(DateOnly month, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var allocated = await BudgetQueries.AllocatedByCategory(db, userId, month).ToDictionaryAsync(t => t.CategoryId, t => t.Cents, cancellationToken);
        var spent = await BudgetQueries.SpentByCategory(db, userId, month).ToDictionaryAsync(t => t.CategoryId, t => t.Cents, cancellationToken);
        var rows = categories
            .Select(c => new CategoryBudgetRow(c.Id, c.Name, allocated.GetValueOrDefault(c.Id), spent.GetValueOrDefault(c.Id)))
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
