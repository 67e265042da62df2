using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>
/// The carried-in and available figures every page and check uses (<see cref="CarryOverQuery"/>, window functions in
/// the database) against a recount from the raw rows: every expense, allocation and setting read as it is stored, and
/// walked month by month in memory (<see cref="CarryOverWalk"/>), for every user and category.
/// </summary>
public static class CarriedBalances
{
    public delegate Task<List<CategoryMonthBalance>> Balances(BudgetDbContext db, string userId, DateOnly fromMonth, CancellationToken cancellationToken);

    public static Task<Offenders> MatchRecountAsync(BudgetDbContext db, CancellationToken ct) =>
        MatchRecountAsync(db, (context, userId, from, token) => CarryOverQuery.BalancesAsync(context, userId, null, from, null, token), ct);

    /// <param name="balances">The figures under test; the database's own unless a test substitutes a wrong statement.</param>
    public static async Task<Offenders> MatchRecountAsync(BudgetDbContext db, Balances balances, CancellationToken ct)
    {
        var walks = new Dictionary<(string UserId, int CategoryId), CarryOverWalk>();
        CarryOverWalk Walk(string userId, int categoryId) =>
            walks.TryGetValue((userId, categoryId), out var walk) ? walk : walks[(userId, categoryId)] = new CarryOverWalk();

        await foreach (var e in db.Expenses.AsNoTracking().Select(e => new { e.UserId, e.CategoryId, e.Date, e.AmountCents }).AsAsyncEnumerable().WithCancellation(ct))
        {
            Walk(e.UserId, e.CategoryId).Spend(Formatting.FirstOfMonth(e.Date), e.AmountCents);
        }

        await foreach (var a in db.BudgetAllocations.AsNoTracking().Select(a => new { a.UserId, a.CategoryId, a.Month, a.AmountCents }).AsAsyncEnumerable().WithCancellation(ct))
        {
            Walk(a.UserId, a.CategoryId).Allocate(a.Month, a.AmountCents);
        }

        await foreach (var s in db.CarryOverSettings.AsNoTracking().Select(s => new { s.UserId, s.CategoryId, s.EffectiveMonth, s.Mode }).AsAsyncEnumerable().WithCancellation(ct))
        {
            Walk(s.UserId, s.CategoryId).Set(s.EffectiveMonth, s.Mode);
        }

        var problems = new List<string>();
        void Problem(string userId, int categoryId, DateOnly month, long? carried, long? available, long recountedCarried, long recountedAvailable) =>
            problems.Add($"{{ UserId = {userId}, CategoryId = {categoryId}, Month = {month:yyyy-MM}, CarriedInCents = {carried?.ToString() ?? "missing"}, AvailableCents = {available?.ToString() ?? "missing"}, RecountedCarriedInCents = {recountedCarried}, RecountedAvailableCents = {recountedAvailable} }}");

        foreach (var user in walks.GroupBy(w => w.Key.UserId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = user.Min(w => w.Value.FirstMonth!.Value);
            var rows = await balances(db, user.Key, Formatting.FirstOfMonth(first), ct);
            var last = rows.Select(r => r.Month).Concat(user.Select(w => w.Value.LastMonth!.Value)).Max();
            var recounted = user.ToDictionary(w => w.Key.CategoryId, w => w.Value.Months(last).ToDictionary(m => m.Month, m => (m.CarriedInCents, m.AvailableCents)));

            // Every month the statement shows (a category untouched by this user shows nothing carried, nothing available)...
            foreach (var row in rows.OrderBy(r => r.CategoryId).ThenBy(r => r.Month))
            {
                var (carried, available) = recounted.GetValueOrDefault(row.CategoryId)?.GetValueOrDefault(row.Month) ?? (0, 0);
                if (row.CarriedInCents != carried || row.AvailableCents != available)
                {
                    Problem(user.Key, row.CategoryId, row.Month, row.CarriedInCents, row.AvailableCents, carried, available);
                }
            }

            // ...and every month with money or a setting in it is among them.
            var shown = rows.Select(r => (r.CategoryId, r.Month)).ToHashSet();
            foreach (var (key, walk) in user.OrderBy(w => w.Key.CategoryId))
            {
                foreach (var month in walk.ActiveMonths.Where(m => !shown.Contains((key.CategoryId, m))))
                {
                    var (carried, available) = recounted[key.CategoryId].GetValueOrDefault(month);
                    Problem(key.UserId, key.CategoryId, month, null, null, carried, available);
                }
            }
        }

        return Offenders.Of(problems);
    }
}
