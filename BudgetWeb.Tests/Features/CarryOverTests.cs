using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Carried in + allocated − spent across months, worked out by hand below. Each category gets the same six months of
/// activity so that only the carry-over setting differs:
/// Jan +$100.00 budget, $60.00 spent · Feb +$100.00, $170.00 spent · Mar +$50.00 · Apr, May nothing · Jun $80.00 spent.
/// </summary>
public abstract class CarryOverTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static DateOnly M(int month) => new(2026, month, 1);

    private async Task AddActivityAsync(TestUser user, int categoryId)
    {
        await using var db = Database.CreateDbContext();
        db.BudgetAllocations.AddRange(
            new BudgetAllocation { UserId = user.Id, CategoryId = categoryId, Month = M(1), AmountCents = 10_000 },
            new BudgetAllocation { UserId = user.Id, CategoryId = categoryId, Month = M(2), AmountCents = 10_000 },
            new BudgetAllocation { UserId = user.Id, CategoryId = categoryId, Month = M(3), AmountCents = 5_000 });
        db.Expenses.AddRange(
            Expense(user, categoryId, new DateOnly(2026, 1, 5), 6_000),
            Expense(user, categoryId, new DateOnly(2026, 2, 1), 9_000),
            Expense(user, categoryId, new DateOnly(2026, 2, 28), 8_000),
            Expense(user, categoryId, new DateOnly(2026, 6, 30), 8_000));
        await db.SaveChangesAsync();
    }

    private async Task SetModeAsync(TestUser user, int categoryId, DateOnly from, CarryOverMode mode)
    {
        await using var db = Database.CreateDbContext();
        db.CarryOverSettings.Add(new CarryOverSetting { UserId = user.Id, CategoryId = categoryId, EffectiveMonth = from, Mode = mode });
        await db.SaveChangesAsync();
    }

    private static Expense Expense(TestUser user, int categoryId, DateOnly date, long cents) =>
        new() { UserId = user.Id, CategoryId = categoryId, Date = date, Description = "x", AmountCents = cents };

    /// <summary>(carried in, available) for January to August as the Categories page shows them.</summary>
    private async Task<List<(long Carried, long Available)>> YearAsync(TestUser user, int categoryId)
    {
        var overview = As<BudgetOverview>(user);
        var months = new List<(long, long)>();
        for (var month = 1; month <= 8; month++)
        {
            var row = (await overview.MonthAsync(M(month))).Rows.Single(r => r.CategoryId == categoryId);
            Assert.Equal(row.CarriedInCents + row.AllocatedCents - row.SpentCents, row.AvailableCents);
            months.Add((row.CarriedInCents, row.AvailableCents));
        }

        return months;
    }

    [Fact]
    public async Task Unspent_carries_a_positive_balance_and_starts_after_an_overspent_month_at_zero()
    {
        await AddActivityAsync(Alice, Food);

        Assert.Equal(
            [
                (0L, 4_000L),   // Jan: 100 − 60
                (4_000, -3_000), // Feb: 40 carried + 100 − 170
                (0, 5_000),      // Mar: the deficit does not carry; 50 budgeted
                (5_000, 5_000),  // Apr: nothing happened, 50 carries
                (5_000, 5_000),  // May
                (5_000, -3_000), // Jun: 50 − 80
                (0, 0),          // Jul
                (0, 0),          // Aug
            ],
            await YearAsync(Alice, Food));
    }

    [Fact]
    public async Task Unspent_and_overspent_carries_the_deficit_too()
    {
        await AddActivityAsync(Alice, Food);
        await SetModeAsync(Alice, Food, M(1), CarryOverMode.UnspentAndOverspent);

        Assert.Equal(
            [(0L, 4_000L), (4_000, -3_000), (-3_000, 2_000), (2_000, 2_000), (2_000, 2_000), (2_000, -6_000), (-6_000, -6_000), (-6_000, -6_000)],
            await YearAsync(Alice, Food));
    }

    [Fact]
    public async Task None_makes_each_month_stand_alone()
    {
        await AddActivityAsync(Alice, Food);
        await SetModeAsync(Alice, Food, M(1), CarryOverMode.None);

        Assert.Equal(
            [(0L, 4_000L), (0, -7_000), (0, 5_000), (0, 0), (0, 0), (0, -8_000), (0, 0), (0, 0)],
            await YearAsync(Alice, Food));
    }

    [Fact]
    public async Task A_setting_changed_mid_year_leaves_the_months_before_it_as_they_were()
    {
        await AddActivityAsync(Alice, Food);
        await AddActivityAsync(Bob, Food);
        await SetModeAsync(Bob, Food, M(2), CarryOverMode.UnspentAndOverspent); // a month with activity
        await SetModeAsync(Bob, Food, M(4), CarryOverMode.None);                // a month with none
        await SetModeAsync(Bob, Food, M(7), CarryOverMode.UnspentAndOverspent); // after the last activity

        Assert.Equal(
            [
                (0L, 4_000L),     // Jan: Unspent, as before
                (4_000, -3_000),  // Feb: 40 carried either way
                (-3_000, 2_000),  // Mar: now the deficit carries: −30 + 50
                (0, 0),           // Apr: None from here
                (0, 0),           // May
                (0, -8_000),      // Jun: −80 alone
                (-8_000, -8_000), // Jul: the deficit carries again
                (-8_000, -8_000), // Aug
            ],
            await YearAsync(Bob, Food));
        Assert.Equal((0L, 4_000L), (await YearAsync(Alice, Food))[0]); // settings are per user: Alice still has Unspent
        Assert.Equal((5_000L, 5_000L), (await YearAsync(Alice, Food))[3]);
    }

    [Fact]
    public async Task A_category_created_mid_year_starts_from_nothing()
    {
        var gifts = await Database.CreateCategoryAsync("Gifts");
        await using (var db = Database.CreateDbContext())
        {
            db.BudgetAllocations.Add(new BudgetAllocation { UserId = Alice.Id, CategoryId = gifts, Month = M(5), AmountCents = 3_000 });
            db.Expenses.Add(Expense(Alice, gifts, new DateOnly(2026, 5, 20), 1_000));
            await db.SaveChangesAsync();
        }

        Assert.Equal(
            [(0L, 0L), (0, 0), (0, 0), (0, 0), (0, 2_000), (2_000, 2_000), (2_000, 2_000), (2_000, 2_000)],
            await YearAsync(Alice, gifts));
    }

    [Fact]
    public async Task Totals_include_what_was_carried_in()
    {
        await AddActivityAsync(Alice, Food);
        await AddActivityAsync(Alice, Fun);
        await SetModeAsync(Alice, Fun, M(1), CarryOverMode.UnspentAndOverspent);

        var april = await As<BudgetOverview>(Alice).MonthAsync(M(4));

        Assert.Equal((7_000L, 0L, 0L, 7_000L), (april.CarriedInCents, april.AllocatedCents, april.SpentCents, april.AvailableCents)); // 50 + 20
        Assert.Equal(CarryOverMode.UnspentAndOverspent, april.Rows.Single(r => r.CategoryId == Fun).CarryOver);
        Assert.Equal(CarryOverMode.Unspent, april.Rows.Single(r => r.CategoryId == Food).CarryOver);
    }

    [Fact]
    public async Task The_funds_check_uses_the_carried_figure()
    {
        await AddActivityAsync(Alice, Food);
        await using var db = Database.CreateDbContext();

        Assert.Equal(5_000, await db.AvailableCentsAsync(Alice.Id, Food, M(5)));
        Assert.Equal(-3_000, await db.AvailableCentsAsync(Alice.Id, Food, M(6)));
        Assert.Equal(0, await db.AvailableCentsAsync(Bob.Id, Food, M(5)));
    }

    /// <summary>Food: $100.00 budgeted in March and unspent, $80.00 spent in April with nothing budgeted: April has $20.00.</summary>
    private async Task SpendInAprilWhatMarchLeftAsync()
    {
        await using var db = Database.CreateDbContext();
        db.BudgetAllocations.Add(new BudgetAllocation { UserId = Alice.Id, CategoryId = Food, Month = M(3), AmountCents = 10_000 });
        db.Expenses.Add(Expense(Alice, Food, new DateOnly(2026, 4, 10), 8_000));
        await db.SaveChangesAsync();
    }

    private Task<Result> TransferAsync(int from, int to, DateOnly month, decimal amount) =>
        As<TransferService>(Alice).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = month.ToDateTime(TimeOnly.MinValue), Amount = amount }, Guid.NewGuid());

    [Fact]
    public async Task A_transfer_that_would_leave_a_later_month_short_is_refused_and_changes_nothing()
    {
        await SpendInAprilWhatMarchLeftAsync();

        await Database.AssertFailsAndChangesNothingAsync(
            () => TransferAsync(Food, Fun, M(3), 70m), FailureKind.InsufficientFunds, "Food would be $50.00 short in April 2026.");

        var allowed = await TransferAsync(Food, Fun, M(3), 20m);
        Assert.True(allowed.Succeeded, allowed.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.AvailableCentsAsync(Alice.Id, Food, M(4)));
    }

    [Fact]
    public async Task A_lower_budget_that_would_leave_a_later_month_short_is_refused_and_changes_nothing()
    {
        await SpendInAprilWhatMarchLeftAsync();

        await Database.AssertFailsAndChangesNothingAsync(
            () => As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = M(3), Amount = 30m }, Guid.NewGuid()),
            FailureKind.InsufficientFunds, "Food would be $50.00 short in April 2026.");
    }

    [Fact]
    public async Task Money_carried_in_is_moved_from_the_month_it_was_budgeted_in()
    {
        await SpendInAprilWhatMarchLeftAsync();

        await Database.AssertFailsAndChangesNothingAsync(
            () => TransferAsync(Food, Fun, M(4), 10m), FailureKind.InsufficientFunds,
            "Only the $0.00 budgeted for Food in April 2026 can be moved; move money carried in from the month it was budgeted in.");
    }

    [Fact]
    public async Task A_month_already_short_that_the_change_does_not_touch_does_not_block_it()
    {
        await SpendInAprilWhatMarchLeftAsync();
        await SetModeAsync(Alice, Food, M(4), CarryOverMode.None); // April stands alone: −$80.00 whatever March does

        var result = await TransferAsync(Food, Fun, M(3), 100m);

        Assert.True(result.Succeeded, result.Message);
    }

    private Task<Result> SetCarryOverAsync(int categoryId, CarryOverMode mode, DateOnly month, Guid? key = null) =>
        As<CarryOverService>(Alice).SetAsync(categoryId, mode, month, key ?? Guid.NewGuid());

    private static readonly DateOnly Later = new(2099, 5, 1);

    [Fact]
    public async Task Changing_the_setting_is_recorded_with_what_it_replaced()
    {
        var first = await SetCarryOverAsync(Food, CarryOverMode.None, Later);
        var second = await SetCarryOverAsync(Food, CarryOverMode.UnspentAndOverspent, Later.AddDays(14));

        Assert.Equal("Food now carries over None from May 2099.", first.Message);
        Assert.Equal("Food now carries over Unspent and overspent from May 2099.", second.Message);
        await using var db = Database.CreateDbContext();
        var setting = await db.CarryOverSettings.SingleAsync();
        Assert.Equal((Later, CarryOverMode.UnspentAndOverspent), (setting.EffectiveMonth, setting.Mode));
        var details = await db.Operations.Where(o => o.Kind == OperationKind.CarryOverChanged).OrderBy(o => o.Id)
            .Select(o => o.Details).ToListAsync();
        Assert.Equal(2, details.Count);
        using var created = JsonDocument.Parse(details[0]);
        Assert.Equal("Unspent", created.RootElement.GetProperty("PreviousMode").GetString());
        Assert.Equal(JsonValueKind.Null, created.RootElement.GetProperty("ReplacedRowMode").ValueKind);
        using var replaced = JsonDocument.Parse(details[1]);
        Assert.Equal("None", replaced.RootElement.GetProperty("ReplacedRowMode").GetString());
        Assert.Equal(setting.Id, replaced.RootElement.GetProperty("SettingId").GetInt64());
    }

    [Fact]
    public async Task A_setting_chosen_for_a_past_month_applies_from_the_current_month()
    {
        var result = await SetCarryOverAsync(Food, CarryOverMode.None, M(1));

        var current = Formatting.CurrentMonth(TimeProvider.System);
        Assert.Equal($"Food now carries over None from {Formatting.Month(current)}.", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(current, (await db.CarryOverSettings.SingleAsync()).EffectiveMonth);
    }

    [Fact]
    public async Task Choosing_the_setting_already_in_effect_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => SetCarryOverAsync(Food, CarryOverMode.Unspent, Later), FailureKind.Validation,
            "Food already carries over Unspent in May 2099. Nothing was changed.");
    }

    [Fact]
    public async Task A_setting_for_a_category_that_no_longer_exists_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => SetCarryOverAsync(9_999, CarryOverMode.None, Later), FailureKind.MissingReference, UserMessages.CategoryMissing);
    }

    [Fact]
    public async Task Changing_the_setting_is_all_or_nothing_at_every_command_and_at_commit()
    {
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(
            Database, () => SetCarryOverAsync(Fun, CarryOverMode.None, Later, key), UserMessages.Unexpected);

        await using var db = Database.CreateDbContext();
        Assert.Equal(CarryOverMode.None, (await db.CarryOverSettings.SingleAsync()).Mode);
    }
}

public sealed class CarryOverTestsOnSqlite() : CarryOverTests(DatabaseProvider.Sqlite);

public sealed class CarryOverTestsOnPostgreSql() : CarryOverTests(DatabaseProvider.PostgreSql);
