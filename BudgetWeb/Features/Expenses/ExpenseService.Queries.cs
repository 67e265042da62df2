using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Expenses;

/// <summary>The query side of <see cref="ExpenseService"/>: paging, filters, text search and sorting; the changes share its filters.</summary>
public sealed partial class ExpenseService
{
    /// <summary>
    /// A text search counts its matches up to this many and then says "10,000+ matches": an exact count would read
    /// every match of a common word (100,000 of a million expenses), which is what made such a search slow.
    /// </summary>
    public const int SearchCountCap = 10_000;

    public async Task<ExpensePage> PageAsync(ExpenseQuery query, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken); // one connection for the count and the page
        var (total, capped, inOrder) = await CountAsync(db, userId, query, cancellationToken);

        // The page's ids first, read from the index that serves the sort alone; then only those rows are visited (a
        // deep page skips index entries, not rows and their categories). Within a month or a category, or past the
        // count's cap, walking an index and keeping the matches is quicker than visiting every match to sort them.
        var expenses = Filtered(db, userId, query.Filter, capped || Narrowed(query.Filter) ? SearchPlan.WalkIndex : SearchPlan.VisitMatches);
        var page = Sorted(expenses, query.SortBy, query.Descending).Skip(query.Page * query.PageSize).Take(query.PageSize).Select(e => e.Id);
        // A search within a month or category has its page from the count's walk, unless the page lies past the cap.
        var first = inOrder is not null && (!capped || (query.Page + 1) * query.PageSize <= inOrder.Count)
            ? inOrder.Skip(query.Page * query.PageSize).Take(query.PageSize).ToList()
            : capped ? await FromTheFirstRowsAsync(db, userId, query, cancellationToken) : null;
        var onPage = first is null ? db.Expenses.Where(e => page.Contains(e.Id)) : db.Expenses.Where(e => first.Contains(e.Id));
        var rows = await Sorted(onPage.AsNoTracking(), query.SortBy, query.Descending)
            .Select(e => new ExpenseRow(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Category!.Name, e.Note, e.SplitGroupId != null, e.Version))
            .ToListAsync(cancellationToken);
        return new ExpensePage(rows, total, capped);
    }

    /// <summary>How many rows, in the sort's order, a page of a common word's matches is first looked for in.</summary>
    private const int FirstRows = 2_000;

    /// <summary>
    /// A word with more matches than the count's cap usually fills the first pages from the first rows of the sort:
    /// on SQLite those rows are read from the sort's index and each description checked (LIKE, 1 ms at a million
    /// expenses), instead of reading all of the word's matches from the search index into a set first (40 ms for
    /// 120,000 matches). The matches among the first <see cref="FirstRows"/> rows are the first matches of all, so a
    /// full page from them is exact; otherwise (a deep page, or matches that lie further on) null: the set's way.
    /// Sorted by description, the sort's own index holds every description, so it is walked as far as the page needs
    /// without visiting a row: descriptions with the word lie together in that order, often far down it, and checking
    /// each index entry costs less than checking the set for it (measured at a million expenses: 57 and 107 ms up and
    /// down, against about 330 ms). Only for ASCII words, which LIKE folds as the trigram index does.
    /// </summary>
    private static async Task<List<long>?> FromTheFirstRowsAsync(BudgetDbContext db, string userId, ExpenseQuery query, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite() || !query.Filter.Text!.All(char.IsAscii)
            || query.SortBy == ExpenseSort.Category) // measured: the first rows by category name cost more than the set (222 against 139 ms)
        {
            return null;
        }

        var wholeIndex = query.SortBy == ExpenseSort.Description && !Narrowed(query.Filter); // a month or category would need each row read
        if (!wholeIndex && (query.Page + 1) * query.PageSize > FirstRows)
        {
            return null;
        }

        var rows = wholeIndex
            ? Filtered(db, userId, query.Filter, SearchPlan.CheckEachRow)
            : WhereDescriptionHasEveryWord(db, Sorted(Filtered(db, userId, query.Filter with { Text = null }), query.SortBy, query.Descending).Take(FirstRows), query.Filter.Text, SearchPlan.CheckEachRow);
        var ids = await Sorted(rows, query.SortBy, query.Descending).Skip(query.Page * query.PageSize).Take(query.PageSize).Select(e => e.Id).ToListAsync(cancellationToken);
        return wholeIndex || ids.Count == query.PageSize ? ids : null;
    }

    /// <summary>
    /// Without text, the count is a sum over the monthly totals the database keeps (a few rows per category and
    /// month, see <see cref="ExpenseMonthTotal"/>) instead of a count of every matching expense. With text, matches are
    /// counted as the search index yields them, and only up to <see cref="SearchCountCap"/>. Within a month or a
    /// category the matches' ids are read in the page's order, up to the cap: the count and the page from one walk, so a
    /// common word's matches are read from the search index once, not twice (measured at a million expenses, three
    /// runs each: "coffee" within a month 81-95 ms instead of 106-178, within a category 70-114 instead of 111-186).
    /// </summary>
    private static async Task<(int Count, bool Capped, List<long>? InOrder)> CountAsync(BudgetDbContext db, string userId, ExpenseQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            if (Narrowed(filter))
            {
                var inOrder = await Sorted(Filtered(db, userId, filter, SearchPlan.WalkIndex), query.SortBy, query.Descending)
                    .Select(e => e.Id).Take(SearchCountCap + 1).ToListAsync(cancellationToken);
                return (Math.Min(inOrder.Count, SearchCountCap), inOrder.Count > SearchCountCap, inOrder);
            }

            var counted = await Filtered(db, userId, filter, SearchPlan.StreamMatches).Take(SearchCountCap + 1).CountAsync(cancellationToken);
            return (Math.Min(counted, SearchCountCap), counted > SearchCountCap, null);
        }

        var totals = db.ExpenseMonthTotals.AsNoTracking().Where(t => t.UserId == userId);
        if (filter.Month is { } month)
        {
            var first = Formatting.FirstOfMonth(month);
            totals = totals.Where(t => t.Month == first);
        }

        if (filter.CategoryId is { } categoryId)
        {
            totals = totals.Where(t => t.CategoryId == categoryId);
        }

        return ((int)await totals.SumAsync(t => t.ExpenseCount, cancellationToken), false, null);
    }

    public async Task<EditableExpense?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Expenses.AsNoTracking()
            .Where(e => e.Id == id && e.UserId == userId)
            .Select(e => new EditableExpense(e.Id, e.Version, new ExpenseInput
            {
                Date = e.Date.ToDateTime(TimeOnly.MinValue),
                Description = e.Description,
                Amount = Math.Abs(e.AmountCents) / 100m,
                Refund = e.AmountCents < 0,
                CategoryId = e.CategoryId,
                Note = e.Note,
            }))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// How SQLite should meet the search index (the same rows either way): <see cref="StreamMatches"/> joins the index's
    /// matches in its order as it yields them (a capped count stops early); <see cref="VisitMatches"/> visits each
    /// match's row (few matches); <see cref="WalkIndex"/> reads the matches once into a set and walks an index of the
    /// expenses, the sort's or the month's or category's (many matches, or few rows to walk); <see cref="CheckEachRow"/>
    /// doesn't use the index: each row's description is checked with LIKE (a few rows to check).
    /// </summary>
    private enum SearchPlan { StreamMatches, VisitMatches, WalkIndex, CheckEachRow }

    private static bool Narrowed(ExpenseFilter filter) => filter.Month is not null || filter.CategoryId is not null;

    private static long NotAKey => 0;

    private static IQueryable<Expense> Filtered(BudgetDbContext db, string userId, ExpenseFilter filter, SearchPlan plan = SearchPlan.VisitMatches)
    {
        var expenses = db.Expenses.AsNoTracking().Where(e => e.UserId == userId);
        if (filter.Month is { } month)
        {
            var first = Formatting.FirstOfMonth(month);
            var next = first.AddMonths(1);
            expenses = expenses.Where(e => e.Date >= first && e.Date < next);
        }

        if (filter.CategoryId is { } categoryId)
        {
            expenses = expenses.Where(e => e.CategoryId == categoryId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            expenses = WhereDescriptionHasEveryWord(db, expenses, filter.Text, plan);
        }

        return expenses;
    }

    /// <summary>
    /// Every word of the text somewhere in the description, in any order, ignoring case ("foods whole" finds "Whole
    /// Foods"). On SQLite, words of three or more characters use the trigram full-text index (migration ExpenseSearch):
    /// one MATCH of quoted words, which FTS5 ANDs; shorter words, and other providers, use LIKE per word. On PostgreSQL,
    /// ILIKE (LIKE there is case-sensitive) uses the trigram index of <see cref="PostgreSqlBudgetDbContext"/>.
    /// </summary>
    private static IQueryable<Expense> WhereDescriptionHasEveryWord(BudgetDbContext db, IQueryable<Expense> expenses, string text, SearchPlan plan)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var indexed = db.Database.IsSqlite() && plan != SearchPlan.CheckEachRow ? words.Where(w => w.Length >= 3).ToList() : [];
        if (indexed.Count > 0)
        {
            var query = string.Join(' ', indexed.Select(w => "\"" + w.Replace("\"", "\"\"") + "\""));
            var matches = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"ExpenseSearch\" WHERE \"ExpenseSearch\" MATCH {query}");
            expenses = plan switch
            {
                SearchPlan.StreamMatches => matches.Join(expenses, id => id, e => e.Id, (_, e) => e),
                // "Id + zero" is no longer the table's key, so SQLite can't choose to visit each match by it (a constant
                // 0 would be folded away before SQLite sees it).
                SearchPlan.WalkIndex => expenses.Where(e => matches.Contains(e.Id + NotAKey)),
                _ => expenses.Where(e => matches.Contains(e.Id)),
            };
        }

        var postgres = db.Database.IsNpgsql();
        foreach (var word in words.Except(indexed))
        {
            var pattern = "%" + word.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            expenses = postgres
                ? expenses.Where(e => EF.Functions.ILike(e.Description, pattern, @"\"))
                : expenses.Where(e => EF.Functions.Like(e.Description, pattern, @"\"));
        }

        return expenses;
    }

    private static IQueryable<Expense> Sorted(IQueryable<Expense> expenses, ExpenseSort sortBy, bool descending) => (sortBy, descending) switch
    {
        (ExpenseSort.Description, false) => expenses.OrderBy(e => e.Description).ThenBy(e => e.Id),
        (ExpenseSort.Description, true) => expenses.OrderByDescending(e => e.Description).ThenByDescending(e => e.Id),
        (ExpenseSort.Amount, false) => expenses.OrderBy(e => e.AmountCents).ThenBy(e => e.Id),
        (ExpenseSort.Amount, true) => expenses.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id),
        // Within a category by date, so the database reads each category's expenses in the order of an index.
        (ExpenseSort.Category, false) => expenses.OrderBy(e => e.Category!.Name).ThenBy(e => e.Date).ThenBy(e => e.Id),
        (ExpenseSort.Category, true) => expenses.OrderByDescending(e => e.Category!.Name).ThenByDescending(e => e.Date).ThenByDescending(e => e.Id),
        (_, false) => expenses.OrderBy(e => e.Date).ThenBy(e => e.Id),
        (_, true) => expenses.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id),
    };

    private static IQueryable<Expense> InCategory(BudgetDbContext db, string userId, int categoryId, DateOnly? month) =>
        Filtered(db, userId, new ExpenseFilter(month, categoryId));
}
