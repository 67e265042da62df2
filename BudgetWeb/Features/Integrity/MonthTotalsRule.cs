using BudgetWeb.Data;
using BudgetWeb.Data.Configurations;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>
/// The monthly totals the database's triggers keep (count and sum per user, category and month) against the expenses
/// themselves, added up afresh: a row missing on either side, or a count or sum that differs, is a problem; so is, on
/// SQLite, a missing trigger of theirs.
/// </summary>
internal static class MonthTotalsRule
{
    private sealed record Key(string UserId, int CategoryId, int Year, int Month);

    public static async Task<Offenders> MatchExpensesAsync(BudgetDbContext db, CancellationToken ct)
    {
        var kept = await db.ExpenseMonthTotals.AsNoTracking()
            .Select(t => new { t.UserId, t.CategoryId, t.Month, t.ExpenseCount, t.AmountCents })
            .ToDictionaryAsync(t => new Key(t.UserId, t.CategoryId, t.Month.Year, t.Month.Month), t => (Count: t.ExpenseCount, Cents: t.AmountCents), ct);
        var counted = await db.Expenses.AsNoTracking()
            .GroupBy(e => new { e.UserId, e.CategoryId, e.Date.Year, e.Date.Month })
            .Select(g => new { g.Key.UserId, g.Key.CategoryId, g.Key.Year, g.Key.Month, Count = g.LongCount(), Cents = g.Sum(e => e.AmountCents) })
            .ToDictionaryAsync(g => new Key(g.UserId, g.CategoryId, g.Year, g.Month), g => (g.Count, g.Cents), ct);

        var problems = kept.Keys.Union(counted.Keys)
            .Where(k => kept.GetValueOrDefault(k) != counted.GetValueOrDefault(k))
            .OrderBy(k => k.UserId, StringComparer.Ordinal).ThenBy(k => k.Year).ThenBy(k => k.Month).ThenBy(k => k.CategoryId)
            .Select(k => $"{{ UserId = {k.UserId}, CategoryId = {k.CategoryId}, Month = {k.Year:D4}-{k.Month:D2}, "
                + $"TotalCount = {kept.GetValueOrDefault(k).Count}, ExpenseCount = {counted.GetValueOrDefault(k).Count}, "
                + $"TotalCents = {kept.GetValueOrDefault(k).Cents}, ExpenseCents = {counted.GetValueOrDefault(k).Cents} }}")
            .ToList();
        if (db.Database.IsSqlite())
        {
            // Kept per row there (per statement elsewhere): without a trigger, the next change would leave the totals behind.
            var missing = await SqliteTriggers.Missing(db, ExpenseMonthTotalConfiguration.Trigger, ExpenseMonthTotalConfiguration.Trigger + "_Update", ExpenseMonthTotalConfiguration.Trigger + "_Delete").ToListAsync(ct);
            problems.InsertRange(0, missing.Select(name => $"the monthly totals' trigger {name} is missing"));
        }

        return Offenders.Of(problems);
    }
}
