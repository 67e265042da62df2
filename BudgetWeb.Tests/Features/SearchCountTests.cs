using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// A text search counts up to <see cref="ExpenseService.SearchCountCap"/> matches and then says there are more; its
/// pages stay exact in every sort whichever way the database is asked to find them (few matches or many).
/// </summary>
public abstract class SearchCountTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private ExpenseService Expenses => As<ExpenseService>(Alice);

    /// <summary>Alice's <paramref name="coffees"/> "Coffee ..." expenses over 2025 among 300 others, and Bob's own coffees.</summary>
    private async Task<List<Expense>> SeedAsync(int coffees)
    {
        var random = new Random(7);
        await using var db = Database.CreateDbContext();
        Expense New(TestUser user, string description) => new()
        {
            UserId = user.Id, CategoryId = random.Next(2) == 0 ? Food : Fun, Date = new DateOnly(2025, 1, 1).AddDays(random.Next(365)),
            Description = description, AmountCents = random.Next(1, 5_000),
        };
        db.Expenses.AddRange(Enumerable.Range(0, coffees).Select(i => New(Alice, $"Coffee at Bean {i}")));
        db.Expenses.AddRange(Enumerable.Range(0, 300).Select(i => New(Alice, $"Groceries {i}")));
        db.Expenses.AddRange(Enumerable.Range(0, 20).Select(i => New(Bob, $"Coffee with Bob {i}")));
        await db.SaveChangesAsync();
        return await db.Expenses.AsNoTracking().Where(e => e.UserId == Alice.Id && e.Description.StartsWith("Coffee")).ToListAsync();
    }

    [Fact]
    public async Task More_than_the_cap_of_matches_is_said_as_such_and_every_sort_still_pages_exactly()
    {
        var coffees = await SeedAsync(ExpenseService.SearchCountCap + 50);

        var newest = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee")));
        var third = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "COFFEE"), Page: 2));
        var dearest = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "bean coffee"), SortBy: ExpenseSort.Amount));

        Assert.Equal((ExpenseService.SearchCountCap, true), (newest.TotalCount, newest.CountCapped));
        var byDate = coffees.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();
        Assert.Equal(byDate.Take(25), newest.Rows.Select(r => r.Id));
        Assert.Equal(byDate.Skip(50).Take(25), third.Rows.Select(r => r.Id));
        Assert.Equal(coffees.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id).Select(e => e.Id).Take(25), dearest.Rows.Select(r => r.Id));
    }

    /// <summary>
    /// Past the cap, a page is first looked for among the first rows of the sort (on SQLite): here the newest 2,100 rows
    /// are groceries, so the coffees' first page lies further on and is found the other way; an accented word and a
    /// page past those first rows are found the other way too. Sorted by description, the groceries come first going
    /// down and the walk goes past them; going up, a page past the first rows. Within a category, a page from the count's
    /// walk and the page past the cap. Every page is still exact.
    /// </summary>
    [Fact]
    public async Task Past_the_cap_a_page_beyond_the_first_rows_of_the_sort_is_still_exact()
    {
        await using (var db = Database.CreateDbContext())
        {
            Expense New(int day, string description, long cents) => new()
            {
                UserId = Alice.Id, CategoryId = Food, Date = new DateOnly(2020, 1, 1).AddDays(day), Description = description, AmountCents = cents,
            };
            db.Expenses.AddRange(Enumerable.Range(0, ExpenseService.SearchCountCap + 1).Select(i => New(i % 1_000, $"Café coffee {i}", 100 + i)));
            db.Expenses.AddRange(Enumerable.Range(0, 2_100).Select(i => New(2_000 + i, $"Groceries {i}", 1)));
            await db.SaveChangesAsync();
        }

        await using var read = Database.CreateDbContext();
        var coffees = await read.Expenses.AsNoTracking().Where(e => e.Description.StartsWith("Café")).ToListAsync();
        var byDate = coffees.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();

        var newest = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee")));
        var accented = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "café"), Page: 1));
        var dearest = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee"), Page: 100, SortBy: ExpenseSort.Amount));
        var lastByName = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee"), SortBy: ExpenseSort.Description, Descending: true));
        var deepByName = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee"), Page: 90, SortBy: ExpenseSort.Description, Descending: false));
        var inFood = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(CategoryId: Food, Text: "coffee"), Page: 3, SortBy: ExpenseSort.Amount));
        var pastTheCapInFood = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(CategoryId: Food, Text: "coffee"), Page: 400, SortBy: ExpenseSort.Amount));

        Assert.Equal((ExpenseService.SearchCountCap, true), (newest.TotalCount, newest.CountCapped));
        Assert.Equal(byDate.Take(25), newest.Rows.Select(r => r.Id));
        Assert.Equal(byDate.Skip(25).Take(25), accented.Rows.Select(r => r.Id));
        Assert.Equal(coffees.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id).Skip(2_500).Take(25).Select(e => e.Id), dearest.Rows.Select(r => r.Id));
        Assert.Equal(coffees.OrderByDescending(e => e.Description, StringComparer.Ordinal).ThenByDescending(e => e.Id).Take(25).Select(e => e.Id), lastByName.Rows.Select(r => r.Id));
        Assert.Equal(coffees.OrderBy(e => e.Description, StringComparer.Ordinal).ThenBy(e => e.Id).Skip(2_250).Take(25).Select(e => e.Id), deepByName.Rows.Select(r => r.Id));

        // Within a category: the count's walk gives the page up to the cap; the last match lies past it, on a page of its own.
        var byAmount = coffees.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();
        Assert.Equal((ExpenseService.SearchCountCap, true), (inFood.TotalCount, inFood.CountCapped));
        Assert.Equal(byAmount.Skip(75).Take(25), inFood.Rows.Select(r => r.Id));
        Assert.Equal([byAmount[^1]], pastTheCapInFood.Rows.Select(r => r.Id));
    }

    /// <summary>
    /// Past the cap, sorted by description, the page is found by walking the description index (on SQLite), and within
    /// a month by the count's own walk: the words anywhere in the description, several words, a word too short for the
    /// search index, another user's matching rows in between, the last page the list can show, and a month with none.
    /// </summary>
    [Fact]
    public async Task Past_the_cap_pages_by_description_and_within_a_month_are_exact_and_only_the_users_own()
    {
        var march = new DateOnly(2025, 3, 1);
        await using (var db = Database.CreateDbContext())
        {
            var random = new Random(11);
            Expense New(TestUser user, DateOnly date, string description) => new()
            {
                UserId = user.Id, CategoryId = random.Next(2) == 0 ? Food : Fun, Date = date, Description = description, AmountCents = random.Next(1, 5_000),
            };
            string[] kinds = ["Coffee at Bean {0}", "Bean coffee {0}", "Iced COFFEE with bean {0}", "Apples {0}"];
            db.Expenses.AddRange(Enumerable.Range(0, 13_600).Select(i => New(Alice, march.AddDays(i % 28), string.Format(kinds[i % 4], i))));
            db.Expenses.AddRange(Enumerable.Range(0, 300).Select(i => New(Alice, march.AddMonths(1).AddDays(i % 28), $"Zest {i}")));
            db.Expenses.AddRange(Enumerable.Range(0, 50).Select(i => New(Bob, march.AddDays(i % 28), $"Coffee with Bob {i}")));
            await db.SaveChangesAsync();
        }

        await using var read = Database.CreateDbContext();
        var alices = await read.Expenses.AsNoTracking().Where(e => e.UserId == Alice.Id).ToListAsync();
        List<long> Expected(string text, Func<IEnumerable<Expense>, IEnumerable<Expense>> order, int page) =>
            order(alices.Where(e => text.Split(' ').All(w => e.Description.Contains(w, StringComparison.OrdinalIgnoreCase)))).Skip(page * 25).Take(25).Select(e => e.Id).ToList();
        IEnumerable<Expense> ByName(IEnumerable<Expense> rows) => rows.OrderBy(e => e.Description, StringComparer.Ordinal).ThenBy(e => e.Id);
        IEnumerable<Expense> ByNameDown(IEnumerable<Expense> rows) => rows.OrderByDescending(e => e.Description, StringComparer.Ordinal).ThenByDescending(e => e.Id);
        IEnumerable<Expense> Dearest(IEnumerable<Expense> rows) => rows.OrderByDescending(e => e.AmountCents).ThenByDescending(e => e.Id);
        async Task<ExpensePage> Page(string text, ExpenseSort sort, bool descending, int page, DateOnly? month = null) =>
            await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Month: month, Text: text), Page: page, SortBy: sort, Descending: descending));

        var first = await Page("coffee", ExpenseSort.Description, false, 0);
        Assert.Equal((ExpenseService.SearchCountCap, true), (first.TotalCount, first.CountCapped));
        Assert.Equal(Expected("coffee", ByName, 0), first.Rows.Select(r => r.Id));
        Assert.Equal(Expected("coffee", ByNameDown, 399), (await Page("coffee", ExpenseSort.Description, true, 399)).Rows.Select(r => r.Id));
        Assert.Equal(Expected("BEAN coffee", ByName, 3), (await Page("BEAN coffee", ExpenseSort.Description, false, 3)).Rows.Select(r => r.Id));
        Assert.Equal(Expected("co", ByNameDown, 0), (await Page("co", ExpenseSort.Description, true, 0)).Rows.Select(r => r.Id));

        var inMarch = await Page("coffee", ExpenseSort.Amount, true, 399, march);
        Assert.Equal((ExpenseService.SearchCountCap, true), (inMarch.TotalCount, inMarch.CountCapped));
        Assert.Equal(Expected("coffee", Dearest, 399), inMarch.Rows.Select(r => r.Id));
        Assert.Equal(Expected("bean", ByName, 2), (await Page("bean", ExpenseSort.Description, false, 2, march)).Rows.Select(r => r.Id));

        var none = await Page("coffee", ExpenseSort.Date, true, 0, march.AddMonths(1));
        Assert.Equal((0, false, 0), (none.TotalCount, none.CountCapped, none.Rows.Count));
    }

    [Fact]
    public async Task Up_to_the_cap_the_count_is_exact_and_only_the_users_own()
    {
        var coffees = await SeedAsync(ExpenseService.SearchCountCap);

        var all = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee")));
        var one = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "Bean 9999")));
        var few = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Month: new DateOnly(2025, 6, 1), Text: "coffee"), SortBy: ExpenseSort.Description, Descending: false));

        Assert.Equal((ExpenseService.SearchCountCap, false), (all.TotalCount, all.CountCapped));
        Assert.Equal((1, false), (one.TotalCount, one.CountCapped));
        var june = coffees.Where(e => e.Date.Month == 6).ToList();
        Assert.Equal((june.Count, false), (few.TotalCount, few.CountCapped));
        Assert.Equal(june.OrderBy(e => e.Description, StringComparer.Ordinal).ThenBy(e => e.Id).Select(e => e.Id).Take(25), few.Rows.Select(r => r.Id));
    }
}

public sealed class SearchCountTestsOnSqlite() : SearchCountTests(DatabaseProvider.Sqlite)
{
    /// <summary>
    /// Which way SQLite is asked for a common word's page, read from the statements sent (the pages are exact either
    /// way; the ways differ in speed): past the cap only the count reads the search index, sorted by description deep
    /// into the list as well as within a month.
    /// </summary>
    [Fact]
    public async Task Past_the_cap_only_the_count_reads_the_search_index()
    {
        var sent = new SentStatements();
        await using var database = await TestDatabase.CreateAsync(configure: services => services.AddSingleton<IInterceptor>(sent));
        var alice = await database.CreateUserAsync("alice@example.com");
        var food = await database.CreateCategoryAsync("Food");
        await using (var db = database.CreateDbContext())
        {
            db.Expenses.AddRange(Enumerable.Range(0, ExpenseService.SearchCountCap + 1).Select(i => new Expense
            {
                UserId = alice.Id, CategoryId = food, Date = new DateOnly(2025, 3, 1).AddDays(i % 28), Description = $"Coffee {i}", AmountCents = 100 + i,
            }));
            await db.SaveChangesAsync();
        }

        var expenses = database.ServiceFor<ExpenseService>(alice);
        async Task<(int Rows, int SearchIndexReads)> PageAsync(ExpenseQuery query)
        {
            sent.Clear();
            var page = await expenses.PageAsync(query);
            return (page.Rows.Count, sent.All.Count(sql => sql.Contains("MATCH")));
        }

        Assert.Equal((25, 1), await PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee"), Page: 100, SortBy: ExpenseSort.Description, Descending: false)));
        Assert.Equal((25, 1), await PageAsync(new ExpenseQuery(new ExpenseFilter(Month: new DateOnly(2025, 3, 1), Text: "coffee"), Page: 3, SortBy: ExpenseSort.Amount)));
    }
}

public sealed class SearchCountTestsOnPostgreSql() : SearchCountTests(DatabaseProvider.PostgreSql);
