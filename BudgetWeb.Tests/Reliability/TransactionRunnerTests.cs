using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Reliability;

public abstract class TransactionRunnerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestUser _alice = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _alice = await _database.CreateUserAsync("alice@example.com");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected TestDatabase Database => _database;
    protected TestUser Alice => _alice;
    protected TransactionRunner Runner => _database.Services.GetRequiredService<TransactionRunner>();

    /// <summary>Two separate writes (two SaveChanges), recording the ids the database assigned.</summary>
    private Task<Result> CreateTwoCategoriesAsync(string first, string second, Guid? key = null) =>
        Runner.RunAsync(new OperationRequest(_alice.Id, OperationKind.CategoryCreated, key ?? Guid.NewGuid()), async scope =>
        {
            var a = new Category(first) { CreatedAt = scope.Now };
            scope.Db.Categories.Add(a);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            var b = new Category(second) { CreatedAt = scope.Now };
            scope.Db.Categories.Add(b);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { CategoryIds = new[] { a.Id, b.Id } });
            return Result.Ok($"Created {first} and {second}.");
        });

    [Fact]
    public async Task A_successful_operation_commits_its_writes_and_its_operation_row_together()
    {
        var result = await CreateTwoCategoriesAsync("Food", "Rent");

        Assert.True(result.Succeeded);
        Assert.Equal("Created Food and Rent.", result.Message);
        await using var db = _database.CreateDbContext();
        var ids = await db.Categories.OrderBy(c => c.Name).Select(c => c.Id).ToListAsync();
        var operation = await db.Operations.SingleAsync();
        Assert.Equal(2, ids.Count);
        Assert.Equal(_alice.Id, operation.UserId);
        Assert.Equal(OperationKind.CategoryCreated, operation.Kind);
        Assert.Equal("Created Food and Rent.", operation.Summary);
        // The audit entry holds the ids the database assigned inside the same transaction.
        var recorded = JsonDocument.Parse(operation.Details).RootElement.GetProperty("CategoryIds").EnumerateArray().Select(e => e.GetInt32()).Order();
        Assert.Equal(ids.Order(), recorded);
    }

    [Fact]
    public async Task Every_failed_command_and_a_failed_commit_leave_the_database_unchanged()
    {
        var key = Guid.NewGuid();

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(
            _database, () => CreateTwoCategoriesAsync("Food", "Rent", key), UserMessages.Unexpected);

        Assert.True(commands >= 3, $"Expected the idempotency check and two writes, saw {commands} commands.");
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.Categories.CountAsync());
        Assert.Equal(1, await db.Operations.CountAsync());
    }

    [Fact]
    public async Task A_busy_database_gets_the_busy_message_and_changes_nothing()
    {
        _database.FailingCommands.FailCommand(3, InjectedFault.Busy);

        await _database.AssertFailsAndChangesNothingAsync(
            () => CreateTwoCategoriesAsync("Food", "Rent"),
            FailureKind.Busy,
            "The database is busy. Nothing was changed; please try again.");
    }

    [Fact]
    public async Task A_failed_result_rolls_back_writes_already_saved()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => Runner.RunAsync(OperationRequest.New(_alice.Id, OperationKind.CategoryCreated), async scope =>
            {
                scope.Db.Categories.Add(new Category("Food") { CreatedAt = scope.Now });
                await scope.Db.SaveChangesAsync(scope.CancellationToken);
                return Result.Fail(FailureKind.Validation, "Changed my mind.");
            }),
            FailureKind.Validation,
            "Changed my mind.");
    }

    [Fact]
    public async Task An_unexpected_exception_becomes_the_generic_message_and_changes_nothing()
    {
        await _database.AssertFailsAndChangesNothingAsync(
            () => Runner.RunAsync(OperationRequest.New(_alice.Id, OperationKind.CategoryCreated), async scope =>
            {
                scope.Db.Categories.Add(new Category("Food") { CreatedAt = scope.Now });
                await scope.Db.SaveChangesAsync(scope.CancellationToken);
                throw new InvalidOperationException("A bug in the work");
            }),
            FailureKind.Unexpected,
            "Something went wrong. Nothing was changed.");
    }

    [Fact]
    public async Task Submitting_the_same_operation_twice_applies_it_once_and_reports_the_first_success()
    {
        var key = Guid.NewGuid();

        var first = await CreateTwoCategoriesAsync("Food", "Rent", key);
        var second = await CreateTwoCategoriesAsync("Food", "Rent", key);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.Equal(first.Message, second.Message);
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.Categories.CountAsync());
        Assert.Equal(1, await db.Operations.CountAsync());
    }

    [Fact]
    public async Task Concurrent_submits_of_one_operation_apply_it_once()
    {
        var key = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => CreateTwoCategoriesAsync("Food", "Rent", key))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.Categories.CountAsync());
        Assert.Equal(1, await db.Operations.CountAsync());
    }
}

public sealed class TransactionRunnerTestsOnSqlite() : TransactionRunnerTests(DatabaseProvider.Sqlite);

public sealed class TransactionRunnerTestsOnPostgreSql() : TransactionRunnerTests(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task A_serialization_failure_is_retried_and_never_shown()
    {
        Database.FailingCommands.FailCommand(3, InjectedFault.SerializationFailure);

        var result = await Runner.RunAsync(OperationRequest.New(Alice.Id, OperationKind.CategoryCreated), async scope =>
        {
            scope.Db.Categories.Add(new Category("Food") { CreatedAt = scope.Now });
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return Result.Ok("Created Food.");
        }, System.Data.IsolationLevel.Serializable);

        Assert.True(Database.FailingCommands.Triggered);
        Assert.True(result.Succeeded, result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(["Food"], await db.Categories.Select(c => c.Name).ToListAsync());
        Assert.Equal(1, await db.Operations.CountAsync());
    }
}
