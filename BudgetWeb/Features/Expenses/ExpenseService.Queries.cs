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
        var counted = await CountAsync(db, userId, query, cancellationToken);

        // The page's ids first, read from the index that serves the sort alone; then only those rows are visited (a
        // deep page skips index entries, not rows and their categories). Within a month or a category, or past the
        // count's cap, walking an index and keeping the matches is quicker than visiting every match to sort them.
        var expenses = Filtered(db, userId, query.Filter, counted.Capped || Narrowed(query.Filter) ? SearchPlan.WalkIndex : SearchPlan.VisitMatches);
        var page = Sorted(expenses, query.SortBy, query.Descending).Skip(query.Page * query.PageSize).Take(query.PageSize).Select(e => e.Id);
        var known = await KnownPageAsync(db, userId, query, counted, cancellationToken);
        var onPage = known is null ? db.Expenses.Where(e => page.Contains(e.Id)) : db.Expenses.Where(e => known.Contains(e.Id));
        var rows = await Sorted(onPage.AsNoTracking(), query.SortBy, query.Descending)
            .Select(e => new ExpenseRow(e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, e.Category!.Name, e.Note, e.SplitGroupId != null, e.Version))
            .ToListAsync(cancellationToken);
        return new ExpensePage(rows, counted.Count, counted.Capped);
    }

    /// <summary>How many matches a text search counts, and within a month or category their ids in the page's order.</summary>
    private sealed record Counted(int Count, bool Capped, List<long>? InOrder = null);

    /// <summary>
    /// The page's ids when they are already known or cheaper to find than by the page query, else null. Within a month
    /// or a category the count's walk holds them (up to the cap). Past the cap, on SQLite, for ASCII words (which LIKE
    /// folds as the trigram index does), a common word's page is found without reading all its matches into a set
    /// first (40 ms for 120,000): by description from that sort's own index, otherwise among the first rows of the sort.
    /// </summary>
    private static async Task<List<long>?> KnownPageAsync(BudgetDbContext db, string userId, ExpenseQuery query, Counted counted, CancellationToken cancellationToken)
    {
        if (counted.InOrder is { } inOrder && (!counted.Capped || (query.Page + 1) * query.PageSize <= inOrder.Count))
        {
            return inOrder.Skip(query.Page * query.PageSize).Take(query.PageSize).ToList();
        }

        if (!counted.Capped || Narrowed(query.Filter) || !db.Database.IsSqlite() || !query.Filter.Text!.All(char.IsAscii))
        {
            return null;
        }

        return query.SortBy switch
        {
            ExpenseSort.Description => await ByTheDescriptionIndexAsync(db, userId, query, cancellationToken),
            ExpenseSort.Category => null, // measured: the first rows by category name cost more than the set (222 against 139 ms)
            _ => await FromTheFirstRowsAsync(db, userId, query, cancellationToken),
        };
    }

    /// <summary>
    /// The description index holds each description, so walking it as far as the page needs, each entry checked with
    /// LIKE, visits no row and costs less than checking the set for each entry; the walk is exact for every page.
    /// </summary>
    private static Task<List<long>> ByTheDescriptionIndexAsync(BudgetDbContext db, string userId, ExpenseQuery query, CancellationToken cancellationToken) =>
        Sorted(Filtered(db, userId, query.Filter, SearchPlan.CheckEachRow), query.SortBy, query.Descending)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).Select(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>How many rows, in the sort's order, a page of a common word's matches is first looked for in.</summary>
    private const int FirstRows = 2_000;

    /// <summary>
    /// A common word's first pages usually lie among the first rows of the sort: those rows are read from the sort's
    /// index and each description checked. The matches among them are the first matches of all, so a full page from
    /// them is exact; otherwise (a deep page, or matches that lie further on) null.
    /// </summary>
    private static async Task<List<long>?> FromTheFirstRowsAsync(BudgetDbContext db, string userId, ExpenseQuery query, CancellationToken cancellationToken)
    {
        if ((query.Page + 1) * query.PageSize > FirstRows)
        {
            return null;
        }

        var first = Sorted(Filtered(db, userId, query.Filter with { Text = null }), query.SortBy, query.Descending).Take(FirstRows);
        var ids = await Sorted(WhereDescriptionHasEveryWord(db, first, query.Filter.Text!, SearchPlan.CheckEachRow), query.SortBy, query.Descending)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).Select(e => e.Id).ToListAsync(cancellationToken);
        return ids.Count == query.PageSize ? ids : null;
    }

    /// <summary>
    /// Without text, the count is a sum over the monthly totals the database keeps (a few rows per category and
    /// month, see <see cref="ExpenseMonthTotal"/>) instead of a count of every matching expense. With text, matches are
    /// counted as the search index yields them, and only up to <see cref="SearchCountCap"/>; within a month or a
    /// category, the count's walk reads the matches' ids in the page's order, so the page needs no second walk.
    /// </summary>
    private static async Task<Counted> CountAsync(BudgetDbContext db, string userId, ExpenseQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            if (Narrowed(filter))
            {
                var inOrder = await Sorted(Filtered(db, userId, filter, SearchPlan.WalkIndex), query.SortBy, query.Descending)
                    .Select(e => e.Id).Take(SearchCountCap + 1).ToListAsync(cancellationToken);
                return new Counted(Math.Min(inOrder.Count, SearchCountCap), inOrder.Count > SearchCountCap, inOrder);
            }

            var counted = await Filtered(db, userId, filter, SearchPlan.StreamMatches).Take(SearchCountCap + 1).CountAsync(cancellationToken);
            return new Counted(Math.Min(counted, SearchCountCap), counted > SearchCountCap);
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

        return new Counted((int)await totals.SumAsync(t => t.ExpenseCount, cancellationToken), false);
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
    /// doesn't use the index: each row's description is checked with LIKE (a few rows to check, or the entries of the
    /// description index, which hold the description).
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
