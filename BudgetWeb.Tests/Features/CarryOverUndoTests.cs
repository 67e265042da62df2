using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Changing a category's carry-over setting is undone (the setting row removed, or its old mode put back) and redone;
/// refused when the setting changed since, or when the undo would leave a month short. A setting applies from the
/// current month at the earliest, so the months here count from the current one. Undoing a transfer or a budget is
/// refused the same way when the money it takes back carried into a later month and was spent there.
/// </summary>
public abstract class CarryOverUndoTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly ThisMonth = Formatting.CurrentMonth(TimeProvider.System);
    private static readonly DateOnly NextMonth = ThisMonth.AddMonths(1);

    private CarryOverService CarryOver => As<CarryOverService>(Alice);
    private UndoService Undo => As<UndoService>(Alice);

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Message);

    private async Task<long> LastOperationIdAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Operations.Where(o => o.UserId == Alice.Id).MaxAsync(o => o.Id);
    }

    /// <summary>Raw rows: these tests are about the setting, not about how money got there.</summary>
    private async Task AddActivityAsync(DateOnly month, long budgetCents, long spentCents)
    {
        await using var db = Database.CreateDbContext();
        db.BudgetAllocations.Add(new BudgetAllocation { UserId = Alice.Id, CategoryId = Food, Month = month, AmountCents = budgetCents });
        db.Expenses.Add(new Expense { UserId = Alice.Id, CategoryId = Food, Date = month.AddDays(4), Description = "x", AmountCents = spentCents });
        await db.SaveChangesAsync();
    }

    private async Task<long> AvailableAsync(DateOnly month)
    {
        await using var db = Database.CreateDbContext();
        return await db.AvailableCentsAsync(Alice.Id, Food, month);
    }

    private async Task AssertUndoAndRedoAsync(Func<Task<Result>> change)
    {
        var before = await Database.UserStateAsync();
        var changed = await change();
        Ok(changed);
        var after = await Database.UserStateAsync();
        Assert.NotEqual(before, after);

        var undone = await Undo.UndoAsync(await LastOperationIdAsync(), Guid.NewGuid());
        Assert.Equal($"Undid: {changed.Message}", undone.Message);
        Assert.Equal(before, await Database.UserStateAsync());

        var redone = await Undo.UndoAsync(await LastOperationIdAsync(), Guid.NewGuid());
        Assert.Equal($"Redid: {changed.Message}", redone.Message);
        Assert.Equal(after, await Database.UserStateAsync());
    }

    [Fact]
    public async Task A_new_setting_and_a_changed_one_are_undone_and_redone()
    {
        await AddActivityAsync(ThisMonth, 10_000, 4_000);
        await AssertUndoAndRedoAsync(() => CarryOver.SetAsync(Food, CarryOverMode.None, NextMonth, Guid.NewGuid()));
        Assert.Equal(0, await AvailableAsync(NextMonth)); // the redo holds: next month starts from nothing

        // The same month again: the row holding None gets Unspent and overspent; undo puts None (and its time) back.
        await AssertUndoAndRedoAsync(() => CarryOver.SetAsync(Food, CarryOverMode.UnspentAndOverspent, NextMonth, Guid.NewGuid()));
        Assert.Equal(6_000, await AvailableAsync(NextMonth));
    }

    [Fact]
    public async Task Undoing_a_setting_changed_again_since_is_refused()
    {
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.None, NextMonth, Guid.NewGuid()));
        var first = await LastOperationIdAsync();
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.UnspentAndOverspent, NextMonth, Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(first, Guid.NewGuid()), FailureKind.Conflict,
            $"'Carry over for Food from {Formatting.Month(NextMonth)}' was changed after this. Undo the later change first.");
    }

    [Fact]
    public async Task A_redo_after_a_new_choice_for_that_month_is_refused()
    {
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.None, NextMonth, Guid.NewGuid()));
        Ok(await Undo.UndoAsync(await LastOperationIdAsync(), Guid.NewGuid()));
        var undo = await LastOperationIdAsync();
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.UnspentAndOverspent, NextMonth, Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(undo, Guid.NewGuid()), FailureKind.Conflict,
            $"'Carry over for Food from {Formatting.Month(NextMonth)}' was changed after this. Undo the later change first.");
    }

    [Fact]
    public async Task Undoing_a_setting_that_would_leave_a_later_month_short_is_refused_and_changes_nothing()
    {
        // This month overspent by $50.00 and the deficit carries; from next month on nothing carries, and next month's
        // $30.00 is spent. Undoing None would carry the deficit into next month again: $50.00 short there.
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.UnspentAndOverspent, ThisMonth, Guid.NewGuid()));
        await AddActivityAsync(ThisMonth, 0, 5_000);
        await AddActivityAsync(NextMonth, 3_000, 3_000);
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.None, NextMonth, Guid.NewGuid()));
        Assert.Equal(0, await AvailableAsync(NextMonth));
        var none = await LastOperationIdAsync();

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(none, Guid.NewGuid()),
            FailureKind.InsufficientFunds, $"Food would be $50.00 short in {Formatting.Month(NextMonth)}.");
    }

    [Fact]
    public async Task Undoing_a_transfer_whose_money_carried_into_a_later_month_and_was_spent_there_is_refused()
    {
        // Fun has the $60.00 in March (the same-month check passes), but it carried into April and $50.00 of it went there.
        Ok(await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 100m }, Guid.NewGuid()));
        Ok(await As<TransferService>(Alice).MoveAsync(new TransferInput { FromCategoryId = Food, ToCategoryId = Fun, Month = new DateTime(2026, 3, 1), Amount = 60m }, Guid.NewGuid()));
        var transfer = await LastOperationIdAsync();
        Ok(await As<ExpenseService>(Alice).AddAsync(new ExpenseInput { Date = new DateTime(2026, 4, 2), Description = "Concert", Amount = 50m, CategoryId = Fun }, Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(transfer, Guid.NewGuid()), FailureKind.InsufficientFunds, "Fun would be $50.00 short in April 2026.");
    }

    [Fact]
    public async Task Undoing_a_budget_whose_money_was_spent_in_a_later_month_is_refused()
    {
        Ok(await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 100m }, Guid.NewGuid()));
        var set = await LastOperationIdAsync();
        Ok(await As<ExpenseService>(Alice).AddAsync(new ExpenseInput { Date = new DateTime(2026, 4, 2), Description = "Groceries", Amount = 80m, CategoryId = Food }, Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(set, Guid.NewGuid()), FailureKind.InsufficientFunds, "Food would be $80.00 short in April 2026.");
    }

    [Fact]
    public async Task Every_failure_during_the_undo_of_a_setting_changes_nothing()
    {
        Ok(await CarryOver.SetAsync(Food, CarryOverMode.None, NextMonth, Guid.NewGuid()));
        var change = await LastOperationIdAsync();
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => Undo.UndoAsync(change, key), UserMessages.Unexpected);
    }
}

public sealed class CarryOverUndoTestsOnSqlite() : CarryOverUndoTests(DatabaseProvider.Sqlite);

public sealed class CarryOverUndoTestsOnPostgreSql() : CarryOverUndoTests(DatabaseProvider.PostgreSql);
