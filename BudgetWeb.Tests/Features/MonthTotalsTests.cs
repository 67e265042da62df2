using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// The expense list's counts, the Summary's trend and carry-over read the monthly totals the database's triggers keep.
/// Every kind of change to expenses, and its undo, must move them exactly as the expenses moved (on each provider's own
/// triggers: per row on SQLite, per statement on PostgreSQL).
/// </summary>
public abstract class MonthTotalsTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly February2026 = new(2026, 2, 1);

    private ExpenseService Expenses => As<ExpenseService>(Alice);

    private static ExpenseInput Input(string description, decimal amount, int categoryId, DateTime date) =>
        new() { Date = date, Description = description, Amount = amount, CategoryId = categoryId };

    private async Task<ExpenseRow> AddAsync(string description, decimal amount, int categoryId, DateTime date, TestUser? user = null)
    {
        var service = As<ExpenseService>(user ?? Alice);
        Assert.True((await service.AddAsync(Input(description, amount, categoryId, date), Guid.NewGuid())).Succeeded);
        return (await service.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: description)))).Rows.Single(r => r.Description == description);
    }

    private static async Task SucceedsAsync(Task<BudgetWeb.Common.Result> change)
    {
        var result = await change;
        Assert.True(result.Succeeded, result.Message);
    }

    private async Task UndoLastAsync()
    {
        await using var db = Database.CreateDbContext();
        var last = await db.Operations.Where(o => o.UserId == Alice.Id).MaxAsync(o => o.Id);
        await SucceedsAsync(As<UndoService>(Alice).UndoAsync(last, Guid.NewGuid()));
    }

    private async Task<Guid> VersionOfAsync(long id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Expenses.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
    }

    [Fact]
    public async Task Counts_and_the_trend_follow_every_kind_of_change_and_its_undo()
    {
        var coffee = await AddAsync("Coffee", 4m, Food, new DateTime(2026, 2, 10));
        var rent = await AddAsync("Rent", 900m, Rent, new DateTime(2026, 3, 1));
        var market = await AddAsync("Market", 100m, Food, new DateTime(2026, 3, 5));
        await AddAsync("Bakery", 3m, Food, new DateTime(2026, 3, 7));
        await AddAsync("Bob's lunch", 7m, Food, new DateTime(2026, 3, 5), Bob);

        // Edited into another month, category and amount, then undone, then edited again.
        var edit = (await Expenses.GetAsync(coffee.Id))!;
        (edit.Input.Date, edit.Input.CategoryId, edit.Input.Amount) = (new DateTime(2026, 3, 1), Fun, 6m);
        await SucceedsAsync(Expenses.UpdateAsync(coffee.Id, edit.Version, edit.Input, Guid.NewGuid()));
        await UndoLastAsync();
        edit = (await Expenses.GetAsync(coffee.Id))!;
        edit.Input.Amount = 5m;
        await SucceedsAsync(Expenses.UpdateAsync(coffee.Id, edit.Version, edit.Input, Guid.NewGuid()));

        // Split, moved to another category and back (undo), all of a category deleted and restored (undo), one deleted.
        var split = new SplitInput { OriginalAmount = 100m, Parts = [new() { CategoryId = Food, Amount = 60m }, new() { CategoryId = Fun, Amount = 40m }] };
        await SucceedsAsync(Expenses.SplitAsync(market.Id, await VersionOfAsync(market.Id), split, Guid.NewGuid()));
        await SucceedsAsync(Expenses.MoveToCategoryAsync(new MoveExpensesInput { FromCategoryId = Fun, ToCategoryId = Rent, Month = new DateTime(2026, 3, 1) }, Guid.NewGuid()));
        await UndoLastAsync();
        var preview = (await Expenses.PreviewDeleteAllAsync(Food, March2026)).Value!;
        await SucceedsAsync(Expenses.DeleteAllInCategoryAsync(preview, Guid.NewGuid()));
        await UndoLastAsync();
        await SucceedsAsync(Expenses.DeleteAsync(rent.Id, await VersionOfAsync(rent.Id), Guid.NewGuid()));

        await using var db = Database.CreateDbContext();
        var expenses = await db.Expenses.Select(e => new { e.UserId, e.CategoryId, e.Date, e.AmountCents }).ToListAsync();
        var expected = expenses
            .GroupBy(e => (e.UserId, e.CategoryId, Month: new DateOnly(e.Date.Year, e.Date.Month, 1)))
            .Select(g => (g.Key.UserId, g.Key.CategoryId, g.Key.Month, Count: (long)g.Count(), Cents: g.Sum(e => e.AmountCents)))
            .Order().ToList();
        var kept = (await db.ExpenseMonthTotals.ToListAsync())
            .Select(t => (t.UserId, t.CategoryId, t.Month, Count: t.ExpenseCount, Cents: t.AmountCents))
            .Order().ToList();
        Assert.Equal(expected, kept);

        // What Alice sees: March holds the split's two parts and the bakery; February the edited coffee.
        Assert.Equal(3, (await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Month: March2026)))).TotalCount);
        Assert.Equal(4, (await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).TotalCount);
        Assert.Equal(2, (await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(March2026, Food)))).TotalCount);
        var trend = await As<BudgetOverview>(Alice).TrendAsync(March2026, months: 2);
        Assert.Equal([(February2026, 500L), (March2026, 10_300L)], trend.Select(m => (m.Month, m.SpentCents)));
    }

    [Fact]
    public async Task A_page_deep_in_the_list_has_the_rows_of_that_page_in_order()
    {
        for (var i = 1; i <= 7; i++)
        {
            await AddAsync($"Item {i}", i, i % 2 == 0 ? Food : Fun, new DateTime(2026, 3, i));
        }

        var page = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(), Page: 1, PageSize: 3, SortBy: ExpenseSort.Amount, Descending: false));

        Assert.Equal(["Item 4", "Item 5", "Item 6"], page.Rows.Select(r => r.Description));
        Assert.Equal(["Food", "Fun", "Food"], page.Rows.Select(r => r.Category));
        Assert.Equal(7, page.TotalCount);
    }
}

public sealed class MonthTotalsTestsOnSqlite() : MonthTotalsTests(DatabaseProvider.Sqlite);

public sealed class MonthTotalsTestsOnPostgreSql() : MonthTotalsTests(DatabaseProvider.PostgreSql);
