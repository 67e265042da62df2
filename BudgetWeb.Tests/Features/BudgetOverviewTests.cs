using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public sealed class BudgetOverviewTests : ServiceTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        db.BudgetAllocations.AddRange(
            new BudgetAllocation { UserId = Alice.Id, CategoryId = Food, Month = March2026, AmountCents = 40_000 },
            new BudgetAllocation { UserId = Alice.Id, CategoryId = Fun, Month = March2026, AmountCents = 5_000 },
            new BudgetAllocation { UserId = Bob.Id, CategoryId = Food, Month = March2026, AmountCents = 99_900 });
        db.Expenses.AddRange(
            Expense(Alice, Food, new DateOnly(2026, 3, 1), 12_000),
            Expense(Alice, Food, new DateOnly(2026, 3, 31), 3_000),
            Expense(Alice, Fun, new DateOnly(2026, 3, 10), 7_500),
            Expense(Alice, Rent, new DateOnly(2026, 2, 1), 90_000),
            Expense(Alice, Food, new DateOnly(2025, 4, 30), 1_000),
            Expense(Bob, Food, new DateOnly(2026, 3, 2), 55_500));
        await db.SaveChangesAsync();
    }

    private static Expense Expense(TestUser user, int categoryId, DateOnly date, long cents) =>
        new() { UserId = user.Id, CategoryId = categoryId, Date = date, Description = "x", AmountCents = cents };

    [Fact]
    public async Task A_month_shows_every_category_with_allocated_spent_and_available()
    {
        var view = await As<BudgetOverview>(Alice).MonthAsync(new DateOnly(2026, 3, 14));

        Assert.Equal(
            [("Food", 40_000L, 15_000L, 25_000L), ("Fun", 5_000L, 7_500L, -2_500L), ("Rent", 0L, 0L, 0L)],
            view.Rows.Select(r => (r.Category, r.AllocatedCents, r.SpentCents, r.AvailableCents)));
        Assert.Equal((45_000L, 22_500L, 22_500L), (view.AllocatedCents, view.SpentCents, view.AvailableCents));
    }

    [Fact]
    public async Task The_trend_covers_twelve_months_ending_with_the_chosen_one()
    {
        var trend = await As<BudgetOverview>(Alice).TrendAsync(March2026);

        Assert.Equal(12, trend.Count);
        Assert.Equal(new DateOnly(2025, 4, 1), trend[0].Month);
        Assert.Equal(1_000, trend[0].SpentCents);
        Assert.Equal(90_000, trend[10].SpentCents);
        Assert.Equal(22_500, trend[11].SpentCents);
        Assert.Equal(113_500, trend.Sum(t => t.SpentCents));
    }

    public static TheoryData<string> Providers => ["Sqlite", "SqlServer"];

    /// <summary>
    /// The database does the adding up, on both providers: EF refuses to evaluate these on the client, and the SQL
    /// each provider would be sent groups and sums.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_aggregate_is_a_GROUP_BY_in_SQL(string provider)
    {
        using var sqlServer = SqlServerModel.Services();
        await using BudgetDbContext db = provider == "Sqlite" ? Database.CreateDbContext() : SqlServerModel.CreateContext(sqlServer);

        var queries = new[]
        {
            BudgetQueries.SpentByMonth(db, Alice.Id, new DateOnly(2025, 4, 1), March2026).ToQueryString(),
            CarryOverQuery.Build(db, Alice.Id, null, March2026, March2026).Sql,
        };

        Assert.All(queries, sql =>
        {
            Assert.Contains("GROUP BY", sql);
            Assert.Contains("SUM(", sql);
        });
    }

    /// <summary>The carried-in figure is a running sum in the database: window functions, on each provider's own month functions.</summary>
    [Theory]
    [InlineData("Sqlite", "substr(")]
    [InlineData("SqlServer", "YEAR(")]
    public async Task Carry_over_is_a_running_sum_in_SQL(string provider, string monthFunction)
    {
        using var sqlServer = SqlServerModel.Services();
        await using BudgetDbContext db = provider == "Sqlite" ? Database.CreateDbContext() : SqlServerModel.CreateContext(sqlServer);

        var sql = CarryOverQuery.Build(db, Alice.Id, Food, March2026, null).Sql;

        Assert.Contains("SUM(A - S) OVER (PARTITION BY C ORDER BY M ROWS UNBOUNDED PRECEDING)", sql);
        Assert.Contains("END) OVER (PARTITION BY C, NoneSince", sql);
        Assert.Contains(monthFunction, sql);
    }
}
