using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public abstract class TransferServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private int _entertainment;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _entertainment = await Database.CreateCategoryAsync("Entertainment");
        await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid());
        await As<ExpenseService>(Alice).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 4), Description = "Groceries", Amount = 360m, CategoryId = Food }, Guid.NewGuid());
    }

    private Task<Result> MoveAsync(TestUser user, int? from, int? to, decimal? amount, Guid? key = null, DateTime? month = null) =>
        As<TransferService>(user).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = month ?? new DateTime(2026, 3, 20), Amount = amount, Note = "fun money" }, key ?? Guid.NewGuid());

    private async Task<Dictionary<int, long>> AllocationsAsync(TestUser user)
    {
        await using var db = Database.CreateDbContext();
        return await db.BudgetAllocations.Where(a => a.UserId == user.Id && a.Month == March2026).ToDictionaryAsync(a => a.CategoryId, a => a.AmountCents);
    }

    [Fact]
    public async Task A_transfer_debits_one_category_credits_the_other_and_records_both_sides()
    {
        var result = await MoveAsync(Alice, Food, _entertainment, 25m);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Moved $25.00 from Food to Entertainment (March 2026).", result.Message);
        Assert.Equal(new Dictionary<int, long> { [Food] = 37_500, [_entertainment] = 2_500 }, await AllocationsAsync(Alice));
        await using var db = Database.CreateDbContext();
        var transfer = await db.Transfers.SingleAsync();
        Assert.Equal((Food, _entertainment, March2026, 2_500L, "fun money"), (transfer.FromCategoryId, transfer.ToCategoryId, transfer.Month, transfer.AmountCents, transfer.Note));
        var journal = await db.BudgetJournal.Where(j => j.OperationId == transfer.OperationId).OrderBy(j => j.DeltaCents).Select(j => new { j.Kind, j.DeltaCents }).ToListAsync();
        Assert.Equal([(JournalEntryKind.TransferOut, -2_500L), (JournalEntryKind.TransferIn, 2_500L)], journal.Select(j => (j.Kind, j.DeltaCents)));
        Assert.Equal(result.Message, (await db.Operations.SingleAsync(o => o.Id == transfer.OperationId)).Summary);
    }

    [Fact]
    public async Task Moving_more_than_is_available_says_how_much_is_and_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => MoveAsync(Alice, Food, _entertainment, 40.01m), FailureKind.InsufficientFunds, "Food has only $40.00 available in March 2026.");
    }

    [Fact]
    public async Task The_same_category_twice_is_refused_and_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => MoveAsync(Alice, Food, Food, 10m), FailureKind.Validation, "From and To must be different categories.");
    }

    [Theory]
    [InlineData(0.0, "Amount must be more than zero.")]
    [InlineData(1.234, "Amount can have at most 2 decimals.")]
    public async Task A_bad_amount_is_refused_and_changes_nothing(double amount, string message)
    {
        await Database.AssertFailsAndChangesNothingAsync(() => MoveAsync(Alice, Food, _entertainment, (decimal)amount), FailureKind.Validation, message);
    }

    [Fact]
    public async Task An_unknown_category_or_missing_month_is_refused_and_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(() => MoveAsync(Alice, Food, 9_999, 10m), FailureKind.MissingReference, "That category no longer exists.");
        await Database.AssertFailsAndChangesNothingAsync(() => MoveAsync(Alice, 9_999, Food, 10m), FailureKind.MissingReference, "That category no longer exists.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => As<TransferService>(Alice).MoveAsync(new TransferInput { FromCategoryId = Food, ToCategoryId = Fun, Amount = 1m }, Guid.NewGuid()),
            FailureKind.Validation, "Month is required.");
    }

    [Fact]
    public async Task Another_user_moving_between_the_same_categories_touches_only_their_own_budget()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => MoveAsync(Bob, Food, _entertainment, 10m), FailureKind.InsufficientFunds, "Food has only $0.00 available in March 2026.");

        await As<BudgetService>(Bob).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 50m }, Guid.NewGuid());
        Assert.True((await MoveAsync(Bob, Food, _entertainment, 50m)).Succeeded);
        Assert.Equal(new Dictionary<int, long> { [Food] = 40_000 }, await AllocationsAsync(Alice));
        Assert.Equal(new Dictionary<int, long> { [Food] = 0, [_entertainment] = 5_000 }, await AllocationsAsync(Bob));
    }

    [Fact]
    public async Task A_transfer_is_all_or_nothing_at_every_command_and_at_commit()
    {
        var key = Guid.NewGuid();

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => MoveAsync(Alice, Food, _entertainment, 25m, key), UserMessages.Unexpected);

        Assert.True(commands >= 8, $"saw {commands} commands");
        Assert.Equal(new Dictionary<int, long> { [Food] = 37_500, [_entertainment] = 2_500 }, await AllocationsAsync(Alice));
    }

    [Fact]
    public async Task Submitting_one_transfer_twice_moves_once_and_reports_the_first_success_both_times()
    {
        var key = Guid.NewGuid();

        var first = await MoveAsync(Alice, Food, _entertainment, 25m, key);
        var second = await MoveAsync(Alice, Food, _entertainment, 25m, key);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => MoveAsync(Alice, Food, Fun, 5m, Guid.Parse("8d4c5c8e-5d0f-4a51-b3b4-1f3f9f0c2a77")))));

        Assert.Equal("Moved $25.00 from Food to Entertainment (March 2026).", second.Message);
        Assert.True(second.Succeeded);
        Assert.Equal(first.Message, second.Message);
        Assert.All(concurrent, r => Assert.Equal("Moved $5.00 from Food to Fun (March 2026).", r.Message));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Transfers.CountAsync());
        Assert.Equal(new Dictionary<int, long> { [Food] = 37_000, [_entertainment] = 2_500, [Fun] = 500 }, await AllocationsAsync(Alice));
    }
}

public sealed class TransferServiceTestsOnSqlite() : TransferServiceTests(DatabaseProvider.Sqlite);

public sealed class TransferServiceTestsOnPostgreSql() : TransferServiceTests(DatabaseProvider.PostgreSql);
