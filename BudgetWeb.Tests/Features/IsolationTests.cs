using BudgetWeb.Common;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Infrastructure;

namespace BudgetWeb.Tests.Features;

/// <summary>Bob calls every entry point with Alice's ids: he sees none of her data and changes none of it.</summary>
public sealed class IsolationTests : ServiceTestBase
{
    [Fact]
    public async Task Another_users_ids_reach_nothing()
    {
        var alices = As<ExpenseService>(Alice);
        await alices.AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = "Alice's secret", Amount = 50m, CategoryId = Food }, Guid.NewGuid());
        await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid());
        var row = (await alices.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single();
        var before = await Database.SnapshotAsync();
        var bobs = As<ExpenseService>(Bob);
        var input = new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = "Bob's now", Amount = 1m, CategoryId = Food };

        Assert.Null(await bobs.GetAsync(row.Id));
        Assert.Equal(0, (await bobs.PageAsync(new ExpenseQuery(new ExpenseFilter()))).TotalCount);
        Assert.Equal(ExpenseService.NotFound, (await bobs.UpdateAsync(row.Id, row.Version, input, Guid.NewGuid())).Message);
        Assert.Equal(ExpenseService.NotFound, (await bobs.DeleteAsync(row.Id, row.Version, Guid.NewGuid())).Message);
        var split = new SplitInput { OriginalAmount = 50m, Parts = [new() { CategoryId = Food, Amount = 25m }, new() { CategoryId = Fun, Amount = 25m }] };
        Assert.Equal(ExpenseService.NotFound, (await bobs.SplitAsync(row.Id, row.Version, split, Guid.NewGuid())).Message);
        var preview = (await bobs.PreviewDeleteAllAsync(Food, null)).Value!;
        Assert.Equal(0, preview.Count);
        Assert.False((await bobs.DeleteAllInCategoryAsync(preview, Guid.NewGuid())).Succeeded);
        var forged = preview with { Count = 1, TotalCents = 5_000, LastId = row.Id };
        Assert.Equal(UserMessages.Concurrency, (await bobs.DeleteAllInCategoryAsync(forged, Guid.NewGuid())).Message);
        Assert.False((await As<BudgetService>(Bob).CopyPreviousMonthAsync(new DateOnly(2026, 4, 1), Guid.NewGuid())).Succeeded);
        var bobsMonth = await As<BudgetOverview>(Bob).MonthAsync(March2026);
        Assert.All(bobsMonth.Rows, r => Assert.Equal((0L, 0L), (r.AllocatedCents, r.SpentCents)));
        Assert.All(await As<BudgetOverview>(Bob).TrendAsync(March2026), t => Assert.Equal(0, t.SpentCents));

        Assert.Equal(before, await Database.SnapshotAsync());

        // Bob's own budget for the same category and month is his alone.
        await As<BudgetService>(Bob).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 5m }, Guid.NewGuid());
        Assert.Equal(40_000, (await As<BudgetOverview>(Alice).MonthAsync(March2026)).Rows.Single(r => r.CategoryId == Food).AllocatedCents);
    }
}
