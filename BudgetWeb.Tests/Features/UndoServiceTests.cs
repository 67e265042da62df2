using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Every undoable kind, on a varied state (two users, budgets, expenses, a transfer): undo puts every table a user can
/// change back as it was, and undoing the undo (redo) gives the state after the operation again.
/// </summary>
public abstract class UndoServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private int _entertainment;
    private long _coffee;

    private UndoService Undo => As<UndoService>(Alice);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _entertainment = await Database.CreateCategoryAsync("Entertainment");
        foreach (var user in new[] { Alice, Bob })
        {
            Ok(await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid()));
            Ok(await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = Rent, Month = new DateOnly(2026, 2, 1), Amount = 900m }, Guid.NewGuid()));
            Ok(await As<ExpenseService>(user).AddAsync(Input("Groceries", 60m, Food), Guid.NewGuid()));
            Ok(await As<ExpenseService>(user).AddAsync(Input("Coffee", 4.5m, Food, new DateTime(2026, 3, 9)), Guid.NewGuid()));
            Ok(await As<ExpenseService>(user).AddAsync(Input("Cinema", 12m, Fun), Guid.NewGuid()));
        }

        Ok(await TransferAsync(Food, Fun, 30m));
        _coffee = await IdOfAsync("Coffee");
    }

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Message);

    private static ExpenseInput Input(string description, decimal amount, int categoryId, DateTime? date = null) =>
        new() { Date = date ?? new DateTime(2026, 3, 5), Description = description, Amount = amount, CategoryId = categoryId, Note = "n" };

    private Task<Result> TransferAsync(int from, int to, decimal amount, Guid? key = null) =>
        As<TransferService>(Alice).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = amount, Note = "fun" }, key ?? Guid.NewGuid());

    private async Task<long> IdOfAsync(string description, TestUser? user = null)
    {
        await using var db = Database.CreateDbContext();
        var userId = (user ?? Alice).Id;
        return await db.Expenses.Where(e => e.UserId == userId && e.Description == description).Select(e => e.Id).FirstAsync();
    }

    private async Task<Guid> VersionOfAsync(long id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Expenses.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
    }

    private async Task<long> LastOperationIdAsync(TestUser? user = null)
    {
        await using var db = Database.CreateDbContext();
        var userId = (user ?? Alice).Id;
        return await db.Operations.Where(o => o.UserId == userId).MaxAsync(o => o.Id);
    }

    /// <summary>Applies <paramref name="operation"/>, undoes it (state as before), then redoes it (state as after).</summary>
    private async Task AssertUndoAndRedoAsync(Func<Task<Result>> operation, string? undoMessage = null, TestUser? user = null)
    {
        var (undo, who) = (As<UndoService>(user ?? Alice), user ?? Alice);
        var before = await Database.UserStateAsync();
        var applied = await operation();
        Ok(applied);
        var after = await Database.UserStateAsync();
        Assert.NotEqual(before, after);

        var undone = await undo.UndoAsync(await LastOperationIdAsync(who), Guid.NewGuid());
        Ok(undone);
        Assert.Equal(undoMessage ?? $"Undid: {applied.Message}", undone.Message);
        Assert.Equal(before, await Database.UserStateAsync());
        await AssertJournalsBalanceAsync();

        var redone = await undo.UndoAsync(await LastOperationIdAsync(who), Guid.NewGuid());
        Ok(redone);
        Assert.Equal($"Redid: {applied.Message}", redone.Message);
        Assert.Equal(after, await Database.UserStateAsync());
        await AssertJournalsBalanceAsync();
    }

    private async Task AssertJournalsBalanceAsync()
    {
        await using var db = Database.CreateDbContext();
        var allocations = await db.BudgetAllocations.Select(a => new { a.AmountCents, Journal = a.Journal.Sum(j => j.DeltaCents) }).ToListAsync();
        Assert.All(allocations, a => Assert.Equal(a.Journal, a.AmountCents));
        Assert.All(allocations, a => Assert.True(a.AmountCents >= 0));
    }

    [Fact]
    public async Task A_transfer_is_undone_and_redone() =>
        await AssertUndoAndRedoAsync(() => TransferAsync(Food, _entertainment, 100m), "Undid: Moved $100.00 from Food to Entertainment (March 2026).");

    [Fact]
    public async Task A_budget_set_is_undone_and_redone()
    {
        await AssertUndoAndRedoAsync(() => As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 250m }, Guid.NewGuid()));
        await AssertUndoAndRedoAsync(() => As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = _entertainment, Month = March2026, Amount = 20m }, Guid.NewGuid()));
    }

    [Fact]
    public async Task Copied_budgets_are_undone_and_redone() =>
        await AssertUndoAndRedoAsync(() => As<BudgetService>(Alice).CopyPreviousMonthAsync(March2026, Guid.NewGuid()));

    [Fact]
    public async Task Expense_added_edited_and_deleted_are_undone_and_redone()
    {
        await AssertUndoAndRedoAsync(() => As<ExpenseService>(Alice).AddAsync(Input("Bakery", 4.2m, Food), Guid.NewGuid()));
        await AssertUndoAndRedoAsync(async () => await As<ExpenseService>(Alice).UpdateAsync(_coffee, await VersionOfAsync(_coffee), Input("Coffee", 5m, Fun), Guid.NewGuid()));
        await AssertUndoAndRedoAsync(async () => await As<ExpenseService>(Alice).DeleteAsync(_coffee, await VersionOfAsync(_coffee), Guid.NewGuid()));
    }

    [Fact]
    public async Task Delete_all_in_category_is_undone_and_redone() =>
        await AssertUndoAndRedoAsync(async () =>
        {
            var expenses = As<ExpenseService>(Alice);
            var preview = await expenses.PreviewDeleteAllAsync(Food, null);
            return await expenses.DeleteAllInCategoryAsync(preview.Value!, Guid.NewGuid());
        });

    [Fact]
    public async Task A_split_is_undone_and_redone() =>
        await AssertUndoAndRedoAsync(async () => await As<ExpenseService>(Alice).SplitAsync(_coffee, await VersionOfAsync(_coffee),
            new SplitInput { OriginalAmount = 4.5m, Parts = [new() { CategoryId = Food, Amount = 3m }, new() { CategoryId = Fun, Amount = 1.5m }] }, Guid.NewGuid()));

    [Fact]
    public async Task Moving_my_expenses_is_undone_and_redone() =>
        await AssertUndoAndRedoAsync(() => As<ExpenseService>(Alice).MoveToCategoryAsync(new MoveExpensesInput { FromCategoryId = Food, ToCategoryId = _entertainment }, Guid.NewGuid()));

    [Fact]
    public async Task An_import_is_undone_and_redone() =>
        await AssertUndoAndRedoAsync(ImportAsync);

    private async Task<Result> ImportAsync()
    {
        var importer = As<ImportService>(Alice);
        var csv = "Date,Description,Amount,Category\n2026-03-01,Tea,3.50,Food\n2026-03-02,Rent March,900.00,Rent\n2026-03-03,Theatre,12,Fun\n2026-03-04,Bread,4.20,Bakery\n";
        var preview = await importer.PreviewAsync(Encoding.UTF8.GetBytes(csv), "bank.csv", new ImportOptions(CreateMissingCategories: true));
        return (await importer.ImportAsync(preview.Value!, ImportMode.ValidRows, Guid.NewGuid())).Result;
    }

    [Fact]
    public async Task A_category_created_renamed_or_deleted_is_undone_and_redone()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        await AssertUndoAndRedoAsync(() => As<CategoryService>(Alice).CreateAsync(new CategoryInput { Name = "Treats" }, Guid.NewGuid()));
        await AssertUndoAndRedoAsync(async () => await As<CategoryAdmin>(admin).RenameAsync(Fun, await CategoryVersionAsync(Fun), new CategoryInput { Name = "Fun & games" }, Guid.NewGuid()), user: admin);
        var unused = await Database.CreateCategoryAsync("Unused");
        await AssertUndoAndRedoAsync(async () => await As<CategoryAdmin>(admin).DeleteAsync(unused, await CategoryVersionAsync(unused), Guid.NewGuid()), user: admin);
    }

    [Fact]
    public async Task Undoing_a_category_change_is_refused_when_the_name_is_taken_again_or_the_category_is_used_since()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        var fastFood = await Database.CreateCategoryAsync("Fast Food");
        Ok(await As<CategoryAdmin>(admin).DeleteAsync(fastFood, await CategoryVersionAsync(fastFood), Guid.NewGuid()));
        var deleted = await LastOperationIdAsync(admin);
        await Database.CreateCategoryAsync("fast food");
        await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(admin).UndoAsync(deleted, Guid.NewGuid()),
            FailureKind.Duplicate, "A category named 'Fast Food' exists again; rename it before undoing this.");

        Ok(await As<CategoryService>(Alice).CreateAsync(new CategoryInput { Name = "Treats" }, Guid.NewGuid()));
        var created = await LastOperationIdAsync();
        Ok(await As<ExpenseService>(Bob).AddAsync(Input("Cake", 3m, await IdOfCategoryAsync("Treats")), Guid.NewGuid()));
        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(created, Guid.NewGuid()),
            FailureKind.Conflict, "'Treats' has been used since (expenses, budgets or transfers), so it stays. Undo those changes first.");
    }

    private async Task<Guid> CategoryVersionAsync(int id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Categories.Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
    }

    private async Task<int> IdOfCategoryAsync(string name)
    {
        await using var db = Database.CreateDbContext();
        return await db.Categories.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task Undoing_a_transfer_whose_money_was_spent_is_refused_with_how_much_is_left()
    {
        Ok(await TransferAsync(Food, _entertainment, 100m));
        var transfer = await LastOperationIdAsync();
        Ok(await As<ExpenseService>(Alice).AddAsync(Input("Concert", 80m, _entertainment), Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(transfer, Guid.NewGuid()),
            FailureKind.InsufficientFunds, "Entertainment has only $20.00 available in March 2026; undoing this transfer needs $100.00.");
    }

    [Fact]
    public async Task Undoing_an_expense_changed_since_is_refused_until_the_later_change_is_undone()
    {
        Ok(await As<ExpenseService>(Alice).AddAsync(Input("Tea", 3m, Food), Guid.NewGuid()));
        var added = await LastOperationIdAsync();
        var tea = await IdOfAsync("Tea");
        Ok(await As<ExpenseService>(Alice).UpdateAsync(tea, await VersionOfAsync(tea), Input("Tea", 3.5m, Food), Guid.NewGuid()));
        var edited = await LastOperationIdAsync();

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(added, Guid.NewGuid()), FailureKind.Conflict, "'Tea' was changed after this. Undo the later change first.");

        Ok(await Undo.UndoAsync(edited, Guid.NewGuid()));
        Ok(await Undo.UndoAsync(added, Guid.NewGuid()));
        Assert.Equal(0, await As<ExpenseService>(Alice).PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "Tea"))).ContinueWith(t => t.Result.TotalCount));
    }

    [Fact]
    public async Task Undoing_a_budget_changed_since_is_refused()
    {
        Ok(await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 500m }, Guid.NewGuid()));
        var set = await LastOperationIdAsync();
        Ok(await TransferAsync(Food, Rent, 10m));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(set, Guid.NewGuid()), FailureKind.Conflict, "'Food budget for March 2026' was changed after this. Undo the later change first.");
    }

    [Fact]
    public async Task Undoing_an_import_whose_rows_were_edited_since_is_refused()
    {
        Ok(await ImportAsync());
        var import = await LastOperationIdAsync();
        var tea = await IdOfAsync("Tea");
        Ok(await As<ExpenseService>(Alice).UpdateAsync(tea, await VersionOfAsync(tea), Input("Green tea", 3.5m, Food), Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(import, Guid.NewGuid()), FailureKind.Conflict,
            "1 imported expense was edited, moved, split or deleted after this import. Undo those changes first.");
    }

    [Fact]
    public async Task A_second_undo_says_it_was_already_undone_and_the_same_click_again_reports_the_first_outcome()
    {
        Ok(await TransferAsync(Food, _entertainment, 10m));
        var transfer = await LastOperationIdAsync();
        var key = Guid.NewGuid();
        var first = await Undo.UndoAsync(transfer, key);
        Ok(first);

        var again = await Database.SnapshotAsync();
        Assert.Equal(first.Message, (await Undo.UndoAsync(transfer, key)).Message);
        Assert.Equal(again, await Database.SnapshotAsync());
        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(transfer, Guid.NewGuid()), FailureKind.Conflict, "This was already undone.");
    }

    [Fact]
    public async Task Another_users_operation_is_not_found_and_registration_is_not_undoable()
    {
        var bobs = await LastOperationIdAsync(Bob);
        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(bobs, Guid.NewGuid()), FailureKind.NotFound, "That change no longer exists.");
        Assert.False(Undo.CanUndo(OperationKind.AccountRegistered));
        Assert.False(Undo.CanUndo(OperationKind.AdminGranted));
    }

    [Fact]
    public async Task Every_failure_during_an_undo_changes_nothing()
    {
        Ok(await TransferAsync(Food, _entertainment, 10m));
        var transfer = await LastOperationIdAsync();
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => Undo.UndoAsync(transfer, key), UserMessages.Unexpected);
    }
}

public sealed class UndoServiceTestsOnSqlite() : UndoServiceTests(DatabaseProvider.Sqlite);

public sealed class UndoServiceTestsOnPostgreSql() : UndoServiceTests(DatabaseProvider.PostgreSql);
