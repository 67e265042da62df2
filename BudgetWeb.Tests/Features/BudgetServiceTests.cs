using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public abstract class BudgetServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly February2026 = new(2026, 2, 1);

    private Task<Result> SetAsync(TestUser user, int categoryId, DateOnly month, decimal? amount, Guid? key = null) =>
        As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = categoryId, Month = month, Amount = amount }, key ?? Guid.NewGuid());

    private async Task<long> AllocatedAsync(TestUser user, int categoryId, DateOnly month)
    {
        await using var db = Database.CreateDbContext();
        return await db.BudgetAllocations.Where(a => a.UserId == user.Id && a.CategoryId == categoryId && a.Month == month).Select(a => a.AmountCents).SingleOrDefaultAsync();
    }

    [Fact]
    public async Task Setting_a_budget_creates_the_allocation_and_its_journal_adds_up()
    {
        var first = await SetAsync(Alice, Food, new DateOnly(2026, 3, 17), 400m);
        var second = await SetAsync(Alice, Food, March2026, 350.25m);

        Assert.Equal("Set Food's budget for March 2026 to $400.00.", first.Message);
        Assert.Equal("Set Food's budget for March 2026 to $350.25.", second.Message);
        Assert.Equal(35_025, await AllocatedAsync(Alice, Food, March2026));
        await using var db = Database.CreateDbContext();
        var journal = await db.BudgetJournal.OrderBy(j => j.Id).Select(j => new { j.Kind, j.DeltaCents }).ToListAsync();
        Assert.Equal([40_000L, -4_975L], journal.Select(j => j.DeltaCents));
        Assert.All(journal, j => Assert.Equal(JournalEntryKind.Set, j.Kind));
        Assert.Equal(2, await db.Operations.CountAsync(o => o.Kind == OperationKind.BudgetSet));
    }

    [Theory]
    [InlineData(-1.0, "Amount can't be negative.")]
    [InlineData(10.001, "Amount can have at most 2 decimals.")]
    [InlineData(1_000_000_000.01, "Amount can be at most $1,000,000,000.00.")]
    [InlineData(null, "Amount is required.")]
    public async Task A_bad_amount_is_refused_and_changes_nothing(double? amount, string message)
    {
        await SetAsync(Alice, Food, March2026, 100m);

        await Database.AssertFailsAndChangesNothingAsync(
            () => SetAsync(Alice, Food, March2026, amount is null ? null : (decimal)amount.Value), FailureKind.Validation, message);
    }

    [Fact]
    public async Task A_budget_for_a_category_that_does_not_exist_is_refused()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => SetAsync(Alice, 9_999, March2026, 10m), FailureKind.Validation, "That category no longer exists.");
    }

    [Fact]
    public async Task Zero_is_a_valid_budget()
    {
        var result = await SetAsync(Alice, Food, March2026, 0m);

        Assert.True(result.Succeeded, result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, (await db.BudgetAllocations.SingleAsync()).AmountCents);
    }

    [Fact]
    public async Task Copying_last_months_budgets_leaves_categories_already_budgeted_alone()
    {
        await SetAsync(Alice, Food, February2026, 400m);
        await SetAsync(Alice, Rent, February2026, 1_200m);
        await SetAsync(Alice, Fun, February2026, 80m);
        await SetAsync(Alice, Rent, March2026, 1_250m);
        await SetAsync(Bob, Fun, February2026, 999m);

        var result = await As<BudgetService>(Alice).CopyPreviousMonthAsync(new DateOnly(2026, 3, 9), Guid.NewGuid());

        Assert.Equal("Copied 2 budgets from February 2026 to March 2026.", result.Message);
        Assert.Equal(40_000, await AllocatedAsync(Alice, Food, March2026));
        Assert.Equal(125_000, await AllocatedAsync(Alice, Rent, March2026));
        Assert.Equal(8_000, await AllocatedAsync(Alice, Fun, March2026));
        Assert.Equal(0, await AllocatedAsync(Bob, Fun, March2026));
    }

    [Fact]
    public async Task Copying_when_there_is_nothing_to_copy_says_so_and_changes_nothing()
    {
        await SetAsync(Alice, Food, February2026, 400m);
        await SetAsync(Alice, Food, March2026, 10m);

        await Database.AssertFailsAndChangesNothingAsync(
            () => As<BudgetService>(Alice).CopyPreviousMonthAsync(March2026, Guid.NewGuid()),
            FailureKind.NotFound,
            "Nothing to copy: February 2026 has no budgets for categories that March 2026 doesn't already budget.");
    }

    [Fact]
    public async Task Copying_budgets_is_all_or_nothing_at_every_command_and_at_commit()
    {
        await SetAsync(Alice, Food, February2026, 400m);
        await SetAsync(Alice, Rent, February2026, 1_200m);
        var key = Guid.NewGuid();

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(
            Database, () => As<BudgetService>(Alice).CopyPreviousMonthAsync(March2026, key), UserMessages.Unexpected);

        Assert.True(commands >= 4, $"saw {commands} commands");
        Assert.Equal(40_000, await AllocatedAsync(Alice, Food, March2026));
        Assert.Equal(120_000, await AllocatedAsync(Alice, Rent, March2026));
    }

    [Fact]
    public async Task Setting_a_budget_is_all_or_nothing_at_every_command_and_at_commit()
    {
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(
            Database, () => SetAsync(Alice, Food, March2026, 400m, key), UserMessages.Unexpected);

        Assert.Equal(40_000, await AllocatedAsync(Alice, Food, March2026));
    }
}

public sealed class BudgetServiceTestsOnSqlite() : BudgetServiceTests(DatabaseProvider.Sqlite);

public sealed class BudgetServiceTestsOnPostgreSql() : BudgetServiceTests(DatabaseProvider.PostgreSql);
