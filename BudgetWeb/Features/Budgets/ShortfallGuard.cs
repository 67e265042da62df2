using BudgetWeb.Common;
using BudgetWeb.Data;

namespace BudgetWeb.Features.Budgets;

/// <summary>
/// Because a change in one month changes every later month's carried-in amount, a change that takes budget away
/// (a transfer out, a lower budget, an undo) is checked in its month and every later one. Take a snapshot before
/// the change, save the change inside the transaction, then ask: a non-empty answer means roll back.
/// A month already short is only refused if the change makes it shorter.
/// </summary>
public sealed class ShortfallGuard
{
    private readonly BudgetDbContext _db;
    private readonly string _userId;
    private readonly int _categoryId;
    private readonly string _category;
    private readonly Dictionary<DateOnly, long> _before;

    private ShortfallGuard(BudgetDbContext db, string userId, int categoryId, string category, CategoryMonthBalance month, Dictionary<DateOnly, long> before)
    {
        (_db, _userId, _categoryId, _category, Month, _before) = (db, userId, categoryId, category, month, before);
    }

    /// <summary>The month changed, as it stood before the change (its available amount is the funds check's figure).</summary>
    public CategoryMonthBalance Month { get; }

    public static async Task<ShortfallGuard> WatchAsync(BudgetDbContext db, string userId, int categoryId, string category, DateOnly month, CancellationToken cancellationToken)
    {
        var rows = await CarryOverQuery.BalancesAsync(db, userId, categoryId, month, null, cancellationToken);
        return new ShortfallGuard(db, userId, categoryId, category, rows[0], rows.ToDictionary(r => r.Month, r => r.AvailableCents));
    }

    /// <summary>
    /// After SaveChanges of a change of <paramref name="deltaCents"/> to the month's own allocated − spent: "Food would be $50.00
    /// short in April 2026." for the first month the change leaves short, else null.
    /// </summary>
    public async Task<string?> FindShortfallAsync(long deltaCents, CancellationToken cancellationToken) =>
        // Nothing after this month (no activity, no setting): later months carry this month's balance, clamped at zero
        // or restarted, so they are short only if this month is. Its new balance is plain arithmetic; no second read,
        // which keeps the write transaction (SQLite's one writer) short.
        _before.Keys.Any(m => m > Month.Month)
            ? await FindShortfallAsync(cancellationToken)
            : FirstShortfall([(Month.Month, Month.AvailableCents + deltaCents)]);

    /// <summary>After SaveChanges of a change that may touch several months (an undone merge): reads every month again.</summary>
    public async Task<string?> FindShortfallAsync(CancellationToken cancellationToken) =>
        FirstShortfall((await CarryOverQuery.BalancesAsync(_db, _userId, _categoryId, Month.Month, null, cancellationToken)).Select(r => (r.Month, r.AvailableCents)));

    private string? FirstShortfall(IEnumerable<(DateOnly Month, long AvailableCents)> after)
    {
        foreach (var (month, cents) in after)
        {
            if (cents < 0 && cents < BeforeAt(month))
            {
                return UserMessages.WouldBeShort(_category, -cents, month);
            }
        }

        return null;
    }

    /// <summary>A month with no row of its own (no activity) has the balance of the last month before it that had one.</summary>
    private long BeforeAt(DateOnly month) =>
        _before.TryGetValue(month, out var cents) ? cents : _before.Where(b => b.Key < month).OrderBy(b => b.Key).LastOrDefault().Value;
}
