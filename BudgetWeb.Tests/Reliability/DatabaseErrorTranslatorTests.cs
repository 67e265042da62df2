using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Reliability;

/// <summary>Real constraint violations on SQLite, raised through the runner, each reach the user as the message UserMessages holds.</summary>
public abstract class DatabaseErrorTranslatorTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly March2026 = new(2026, 3, 1);
    private TestDatabase _database = null!;
    private TestUser _alice = null!;
    private int _foodId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _alice = await _database.CreateUserAsync("alice@example.com");
        await using var db = _database.CreateDbContext();
        var food = new Category("Food");
        db.Categories.Add(food);
        await db.SaveChangesAsync();
        _foodId = food.Id;
        db.BudgetAllocations.Add(new BudgetAllocation { UserId = _alice.Id, CategoryId = food.Id, Month = March2026, AmountCents = 10_000 });
        db.Expenses.Add(new Expense { UserId = _alice.Id, CategoryId = food.Id, Date = new DateOnly(2026, 3, 5), Description = "Groceries", AmountCents = 6_000 });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<Result> RunAsync(Func<OperationScope, Task> work) =>
        _database.Services.GetRequiredService<TransactionRunner>().RunAsync(OperationRequest.New(_alice.Id, OperationKind.CategoryCreated), async scope =>
        {
            await work(scope);
            return Result.Ok("Done.");
        });

    [Fact]
    public async Task A_unique_violation_names_the_category_that_already_exists()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => RunAsync(async scope =>
            {
                scope.Db.Categories.Add(new Category("FOOD"));
                await scope.Db.SaveChangesAsync();
            }),
            FailureKind.Duplicate,
            "A category named 'FOOD' already exists.");
    }

    [Fact]
    public async Task A_foreign_key_violation_says_the_category_no_longer_exists()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => RunAsync(async scope =>
            {
                scope.Db.Expenses.Add(new Expense { UserId = _alice.Id, CategoryId = 9_999, Date = new DateOnly(2026, 3, 6), Description = "Lunch", AmountCents = 1_200 });
                await scope.Db.SaveChangesAsync();
            }),
            FailureKind.MissingReference,
            "That category no longer exists.");
    }

    [Fact]
    public async Task A_check_violation_on_a_budget_says_how_much_is_available()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => RunAsync(async scope =>
            {
                var allocation = await scope.Db.BudgetAllocations.SingleAsync(a => a.CategoryId == _foodId);
                allocation.AmountCents -= 15_000; // below zero: only the database's CHECK stops it
                await scope.Db.SaveChangesAsync();
            }),
            FailureKind.InsufficientFunds,
            "Food has only $40.00 available in March 2026.");
    }

    [Fact]
    public async Task A_check_violation_on_an_expense_amount_is_explained()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => RunAsync(async scope =>
            {
                scope.Db.Expenses.Add(new Expense { UserId = _alice.Id, CategoryId = _foodId, Date = new DateOnly(2026, 3, 6), Description = "Nothing", AmountCents = 0 });
                await scope.Db.SaveChangesAsync();
            }),
            FailureKind.Validation,
            UserMessages.AmountNotAllowed);
    }

    [Fact]
    public async Task A_row_changed_elsewhere_gets_the_concurrency_message()
    {
        Guid staleVersion;
        await using (var db = _database.CreateDbContext())
        {
            staleVersion = (await db.Categories.SingleAsync()).Version;
            (await db.Categories.SingleAsync()).Rename("Groceries");
            await db.SaveChangesAsync();
        }

        await _database.AssertFailsAndChangesNothingAsync(
            () => RunAsync(async scope =>
            {
                var food = await scope.Db.Categories.SingleAsync();
                scope.Db.Entry(food).Property(c => c.Version).OriginalValue = staleVersion; // what the other tab loaded
                food.Rename("Food & drink");
                await scope.Db.SaveChangesAsync();
            }),
            FailureKind.Concurrency,
            "This was changed elsewhere. Reload and try again.");
    }
}

public sealed class DatabaseErrorTranslatorTestsOnSqlite() : DatabaseErrorTranslatorTests(DatabaseProvider.Sqlite);

public sealed class DatabaseErrorTranslatorTestsOnPostgreSql() : DatabaseErrorTranslatorTests(DatabaseProvider.PostgreSql);
