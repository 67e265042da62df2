using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// The integrity check's recount of carried balances: the database's window-function figures against a month-by-month
/// walk over the raw rows, for every user and category. A household with all three settings, quiet months, a setting
/// changed mid-year and overspending passes; a wrong statement, or rows the two readings disagree on, are found.
/// </summary>
public sealed class CarriedBalanceCheckTests : ServiceTestBase
{
    private const string Rule = "Carried-in and available amounts equal a month-by-month recount";

    private static DateOnly M(int month) => new(2026, month, 1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        foreach (var (user, category) in new[] { (Alice, Food), (Alice, Rent), (Alice, Fun), (Bob, Food) })
        {
            db.BudgetAllocations.AddRange(
                new BudgetAllocation { UserId = user.Id, CategoryId = category, Month = M(1), AmountCents = 10_000 },
                new BudgetAllocation { UserId = user.Id, CategoryId = category, Month = M(2), AmountCents = 10_000 },
                new BudgetAllocation { UserId = user.Id, CategoryId = category, Month = M(3), AmountCents = 5_000 });
            db.Expenses.AddRange(
                Spent(user, category, new DateOnly(2026, 1, 5), 6_000),
                Spent(user, category, new DateOnly(2026, 2, 28), 17_000),
                Spent(user, category, new DateOnly(2026, 6, 30), 8_000));
        }

        db.CarryOverSettings.AddRange(
            new CarryOverSetting { UserId = Alice.Id, CategoryId = Rent, EffectiveMonth = M(1), Mode = CarryOverMode.UnspentAndOverspent },
            new CarryOverSetting { UserId = Alice.Id, CategoryId = Rent, EffectiveMonth = M(5), Mode = CarryOverMode.None },
            new CarryOverSetting { UserId = Alice.Id, CategoryId = Fun, EffectiveMonth = M(2), Mode = CarryOverMode.None },
            new CarryOverSetting { UserId = Alice.Id, CategoryId = Fun, EffectiveMonth = M(8), Mode = CarryOverMode.UnspentAndOverspent },
            new CarryOverSetting { UserId = Bob.Id, CategoryId = Fun, EffectiveMonth = M(4), Mode = CarryOverMode.UnspentAndOverspent });
        await db.SaveChangesAsync();
    }

    private static Expense Spent(TestUser user, int categoryId, DateOnly date, long cents) =>
        new() { UserId = user.Id, CategoryId = categoryId, Date = date, Description = "x", AmountCents = cents };

    private async Task<CheckOutcome> RunAsync() =>
        (await Database.Services.GetRequiredService<IntegrityCheck>().RunAsync()).Checks.Single(c => c.Name == Rule);

    [Fact]
    public async Task A_household_with_every_setting_quiet_months_and_overspending_matches_its_recount()
    {
        var outcome = await RunAsync();

        Assert.True(outcome.Passed, outcome.ToString());
    }

    [Fact]
    public void The_walk_gives_the_hand_worked_figures()
    {
        // Unspent: Jan 100 − 60 = 40 · Feb 40 + 100 − 170 = −30 · Mar the deficit stops: 50 · Apr, May 50 · Jun 50 − 80 = −30 · Jul 0.
        var walk = new CarryOverWalk();
        walk.Allocate(M(1), 10_000);
        walk.Spend(M(1), 6_000);
        walk.Allocate(M(2), 10_000);
        walk.Spend(M(2), 17_000);
        walk.Allocate(M(3), 5_000);
        walk.Spend(M(6), 8_000);
        Assert.Equal([4_000L, -3_000, 5_000, 5_000, 5_000, -3_000, 0], walk.Months(M(7)).Select(m => m.AvailableCents));

        // Unspent and overspent from March: Feb's −30 carries into March (20), then None from June: Jun −80.
        walk.Set(M(3), CarryOverMode.UnspentAndOverspent);
        walk.Set(M(6), CarryOverMode.None);
        Assert.Equal([4_000L, -3_000, 2_000, 2_000, 2_000, -8_000, 0], walk.Months(M(7)).Select(m => m.AvailableCents));
    }

    [Fact]
    public async Task A_wrong_figure_from_the_statement_is_found_with_its_user_category_and_month()
    {
        await using var db = Database.CreateDbContext();

        // As if the statement lost one month's carry: Bob's Food in June.
        var outcome = await CarriedBalances.MatchRecountAsync(db, async (context, userId, from, ct) =>
        {
            var rows = await CarryOverQuery.BalancesAsync(context, userId, null, from, null, ct);
            return rows.Select(r => userId == Bob.Id && r.CategoryId == Food && r.Month == M(6) ? r with { CarriedInCents = 0, AvailableCents = -8_000 } : r).ToList();
        }, CancellationToken.None);

        Assert.Equal(1, outcome.Count);
        Assert.Equal($"{{ UserId = {Bob.Id}, CategoryId = {Food}, Month = 2026-06, CarriedInCents = 0, AvailableCents = -8000, RecountedCarriedInCents = 5000, RecountedAvailableCents = -3000 }}", outcome.Examples.Single());
    }

    [Fact]
    public async Task A_setting_stored_mid_month_behind_the_apps_back_is_found()
    {
        // The database reads it as April's, so March's deficit carries into April; the walk takes dates as stored and
        // applies it from May, so April starts at zero: they disagree about April.
        await using (var connection = new SqliteConnection($"Data Source={Database.FilePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE CarryOverSettings SET EffectiveMonth = '2026-04-15' WHERE UserId = '{Bob.Id}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using var db = Database.CreateDbContext();
        db.Expenses.Add(Spent(Bob, Fun, new DateOnly(2026, 3, 2), 1_000));
        await db.SaveChangesAsync();

        var outcome = await RunAsync();

        Assert.False(outcome.Passed);
        Assert.Contains($"{{ UserId = {Bob.Id}, CategoryId = {Fun}, Month = 2026-04, CarriedInCents = -1000, AvailableCents = -1000, RecountedCarriedInCents = 0, RecountedAvailableCents = 0 }}", outcome.Examples);
    }
}
