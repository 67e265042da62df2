using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Categories;

/// <summary>
/// What a merge would do to each user's carried balances: Source's budgets and spending join Target's months under
/// Target's carry-over setting (Source's settings go). A month left short, and shorter than Target alone was, is
/// reported, as a transfer or an undo would be refused for it: "Food would be $20.00 short in March 2026."
/// </summary>
internal static class MergeShortfalls
{
    public static async Task<IReadOnlyList<string>> FindAsync(BudgetDbContext db, MergePreview preview, CancellationToken ct)
    {
        var (source, target) = (preview.SourceId, preview.TargetId);
        var shortfalls = new List<string>();
        foreach (var user in preview.Users)
        {
            var (before, after) = (new CarryOverWalk(), new CarryOverWalk());
            var spent = await db.Expenses.Where(e => e.UserId == user.UserId && (e.CategoryId == source || e.CategoryId == target))
                .GroupBy(e => new { e.CategoryId, e.Date.Year, e.Date.Month })
                .Select(g => new { g.Key.CategoryId, g.Key.Year, g.Key.Month, Cents = g.Sum(e => e.AmountCents) }).ToListAsync(ct);
            foreach (var s in spent)
            {
                var first = new DateOnly(s.Year, s.Month, 1);
                after.Spend(first, s.Cents);
                if (s.CategoryId == target)
                {
                    before.Spend(first, s.Cents);
                }
            }

            var budgets = await db.BudgetAllocations.Where(a => a.UserId == user.UserId && (a.CategoryId == source || a.CategoryId == target))
                .Select(a => new { a.CategoryId, a.Month, a.AmountCents }).ToListAsync(ct);
            foreach (var b in budgets)
            {
                after.Allocate(b.Month, b.AmountCents);
                if (b.CategoryId == target)
                {
                    before.Allocate(b.Month, b.AmountCents);
                }
            }

            foreach (var setting in await db.CarryOverSettings.Where(s => s.UserId == user.UserId && s.CategoryId == target).ToListAsync(ct))
            {
                before.Set(setting.EffectiveMonth, setting.Mode);
                after.Set(setting.EffectiveMonth, setting.Mode);
            }

            if (after.LastMonth is not { } last)
            {
                continue;
            }

            var was = before.Months(last).ToDictionary(m => m.Month, m => m.AvailableCents);
            if (after.Months(last).FirstOrDefault(m => m.AvailableCents < 0 && m.AvailableCents < was.GetValueOrDefault(m.Month)) is { Month: var shortIn, AvailableCents: var cents } && cents < 0)
            {
                shortfalls.Add($"{user.Email}: {UserMessages.WouldBeShort(preview.Target, -cents, shortIn)}");
            }
        }

        return shortfalls;
    }
}
