using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Activity;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Undo of "Categories merged": the source comes back under its old name and exactly the rows that moved go back (two
/// users' expenses, folded and repointed budgets with their journal entries, repointed and removed transfers, carry-over
/// settings); a redo merges them again. Refused, with nothing changed, when anything it would move back changed since.
/// </summary>
public abstract class MergeUndoTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly February2026 = new(2026, 2, 1);
    private TestUser _admin = null!;
    private int _fastFood;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        _fastFood = await Database.CreateCategoryAsync("Fast Food");
        await AddExpenseAsync(Alice, _fastFood, 12m, "Burger");
        await AddExpenseAsync(Alice, _fastFood, 8m, "Fries", new DateTime(2026, 2, 20));
        await AddExpenseAsync(Bob, _fastFood, 5m, "Shake");
        await AddExpenseAsync(Alice, Food, 50m, "Groceries");
        await SetBudgetAsync(Alice, _fastFood, March2026, 100m);   // folded into Food's March
        await SetBudgetAsync(Alice, Food, March2026, 400m);
        await SetBudgetAsync(Alice, _fastFood, February2026, 60m); // repointed
        await SetBudgetAsync(Bob, _fastFood, March2026, 30m);      // repointed
        await TransferAsync(Alice, _fastFood, Fun, 10m);           // repointed: Food -> Fun
        await TransferAsync(Alice, Food, _fastFood, 20m);          // between the two: removed
        Ok(await As<CarryOverService>(Bob).SetAsync(_fastFood, CarryOverMode.None, March2026, Guid.NewGuid()));
    }

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Message);

    private UndoService Undo => As<UndoService>(_admin);

    private async Task AddExpenseAsync(TestUser user, int categoryId, decimal amount, string description, DateTime? date = null) =>
        Ok(await As<ExpenseService>(user).AddAsync(new ExpenseInput { Date = date ?? new DateTime(2026, 3, 3), Description = description, Amount = amount, CategoryId = categoryId }, Guid.NewGuid()));

    private async Task SetBudgetAsync(TestUser user, int categoryId, DateOnly month, decimal amount) =>
        Ok(await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = categoryId, Month = month, Amount = amount }, Guid.NewGuid()));

    private async Task TransferAsync(TestUser user, int from, int to, decimal amount) =>
        Ok(await As<TransferService>(user).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = amount }, Guid.NewGuid()));

    private async Task<Result> MergeAsync()
    {
        var merge = As<CategoryMerge>(_admin);
        return await merge.MergeAsync((await merge.PreviewAsync(_fastFood, Food)).Value!, Guid.NewGuid());
    }

    private async Task<long> LastOperationIdAsync(TestUser user)
    {
        await using var db = Database.CreateDbContext();
        return await db.Operations.Where(o => o.UserId == user.Id).MaxAsync(o => o.Id);
    }

    /// <summary>The user-visible rows, plus which allocation each journal entry belongs to (the merge moves them).</summary>
    private async Task<string> StateAsync()
    {
        await using var db = Database.CreateDbContext();
        var journal = await db.BudgetJournal.OrderBy(j => j.Id).Select(j => new { j.Id, j.AllocationId, j.DeltaCents }).ToListAsync();
        return await Database.UserStateAsync() + string.Join("\n", journal);
    }

    private async Task AssertChecksPassAsync()
    {
        var report = await Database.Services.GetRequiredService<IntegrityCheck>().RunAsync();
        Assert.True(report.AllPassed, string.Join("\n", report.Checks));
    }

    private async Task<long> IdOfAsync(string description)
    {
        await using var db = Database.CreateDbContext();
        return await db.Expenses.Where(e => e.Description == description).Select(e => e.Id).SingleAsync();
    }

    private async Task<Guid> VersionOfAsync(string description)
    {
        await using var db = Database.CreateDbContext();
        return await db.Expenses.Where(e => e.Description == description).Select(e => e.Version).SingleAsync();
    }

    [Fact]
    public async Task A_merge_is_undone_exactly_and_redone()
    {
        var before = await StateAsync();
        var merged = await MergeAsync();
        Ok(merged);
        var after = await StateAsync();
        var merge = await LastOperationIdAsync(_admin);

        var undone = await Undo.UndoAsync(merge, Guid.NewGuid());

        Assert.Equal($"Undid: {merged.Message}", undone.Message);
        Assert.Equal(before, await StateAsync());
        await AssertChecksPassAsync();

        var redone = await Undo.UndoAsync(await LastOperationIdAsync(_admin), Guid.NewGuid());

        Assert.Equal($"Redid: {merged.Message}", redone.Message);
        Assert.Equal(after, await StateAsync());
        await AssertChecksPassAsync();

        Ok(await Undo.UndoAsync(await LastOperationIdAsync(_admin), Guid.NewGuid()));
        Assert.Equal(before, await StateAsync());
        await AssertChecksPassAsync();
    }

    [Fact]
    public async Task An_edit_opened_before_the_merge_is_refused_after_it_and_works_again_after_the_undo()
    {
        var (id, version) = (await IdOfAsync("Burger"), await VersionOfAsync("Burger"));
        ExpenseInput Edit(int categoryId) => new() { Date = new DateTime(2026, 3, 3), Description = "Burger", Amount = 13m, CategoryId = categoryId };
        Ok(await MergeAsync());
        Assert.Equal(UserMessages.Concurrency, (await As<ExpenseService>(Alice).UpdateAsync(id, version, Edit(Food), Guid.NewGuid())).Message);

        Ok(await Undo.UndoAsync(await LastOperationIdAsync(_admin), Guid.NewGuid()));

        Ok(await As<ExpenseService>(Alice).UpdateAsync(id, version, Edit(_fastFood), Guid.NewGuid()));
    }

    [Fact]
    public async Task Undoing_is_refused_when_the_name_is_taken_again()
    {
        Ok(await MergeAsync());
        var merge = await LastOperationIdAsync(_admin);
        await Database.CreateCategoryAsync("fast food");

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(merge, Guid.NewGuid()),
            FailureKind.Duplicate, "A category named 'Fast Food' exists again; rename it before undoing the merge.");
    }

    [Fact]
    public async Task Undoing_is_refused_when_a_moved_expense_or_budget_changed_since()
    {
        Ok(await MergeAsync());
        var merge = await LastOperationIdAsync(_admin);
        Ok(await As<ExpenseService>(Bob).UpdateAsync(await IdOfAsync("Shake"), await VersionOfAsync("Shake"),
            new ExpenseInput { Date = new DateTime(2026, 3, 3), Description = "Shake", Amount = 6m, CategoryId = Food }, Guid.NewGuid()));

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(merge, Guid.NewGuid()),
            FailureKind.Conflict, "1 expense that the merge moved was edited, moved, split or deleted after this. Undo those changes first.");

        Ok(await As<UndoService>(Bob).UndoAsync(await LastOperationIdAsync(Bob), Guid.NewGuid()));
        await SetBudgetAsync(Alice, Food, March2026, 600m);
        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(merge, Guid.NewGuid()),
            FailureKind.Conflict, "'Food budget for March 2026' was changed after this. Undo the later change first.");

        Ok(await As<UndoService>(Alice).UndoAsync(await LastOperationIdAsync(Alice), Guid.NewGuid()));
        Ok(await Undo.UndoAsync(merge, Guid.NewGuid()));
        await AssertChecksPassAsync();
    }

    [Fact]
    public async Task Undoing_is_refused_when_it_would_leave_someones_target_short()
    {
        Ok(await MergeAsync());
        var merge = await LastOperationIdAsync(_admin);
        // Bob's $30.00 Fast Food budget now sits in Food, where he spends it: without it Food would be short.
        await AddExpenseAsync(Bob, Food, 20m, "Pizza");

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(merge, Guid.NewGuid()),
            FailureKind.InsufficientFunds, "Food would be $20.00 short in March 2026.");
    }

    [Fact]
    public async Task A_redo_is_refused_when_the_restored_category_was_used_since()
    {
        Ok(await MergeAsync());
        Ok(await Undo.UndoAsync(await LastOperationIdAsync(_admin), Guid.NewGuid()));
        var undo = await LastOperationIdAsync(_admin);
        await AddExpenseAsync(Bob, _fastFood, 3m, "Nuggets");

        await Database.AssertFailsAndChangesNothingAsync(() => Undo.UndoAsync(undo, Guid.NewGuid()),
            FailureKind.Conflict, "'Fast Food' has been used since (expenses, budgets, transfers, carry-over settings or rules). Undo those changes first.");
    }

    [Fact]
    public async Task The_import_rules_the_merge_repointed_go_back_with_its_undo_and_follow_its_redo()
    {
        Ok(await As<BudgetWeb.Features.Rules.RuleService>(Alice).AddAsync(new BudgetWeb.Features.Rules.RuleInput { Text = "BURGER", CategoryId = _fastFood }, Guid.NewGuid()));
        async Task<int> RuleCategoryAsync()
        {
            await using var db = Database.CreateDbContext();
            return await db.CategorizationRules.Where(r => r.UserId == Alice.Id).Select(r => r.CategoryId).SingleAsync();
        }

        Ok(await MergeAsync());
        Assert.Equal(Food, await RuleCategoryAsync());
        var merge = await LastOperationIdAsync(_admin);

        Ok(await Undo.UndoAsync(merge, Guid.NewGuid()));
        Assert.Equal(_fastFood, await RuleCategoryAsync());

        Ok(await Undo.UndoAsync(await LastOperationIdAsync(_admin), Guid.NewGuid())); // redo
        Assert.Equal(Food, await RuleCategoryAsync());
        await AssertChecksPassAsync();
    }

    [Fact]
    public async Task Only_the_admin_who_merged_undoes_it_a_member_finds_nothing()
    {
        Ok(await MergeAsync());
        var merge = await LastOperationIdAsync(_admin);

        await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(Alice).UndoAsync(merge, Guid.NewGuid()), FailureKind.NotFound, UndoService.NotFound);
        Assert.True(Undo.CanUndo(OperationKind.CategoriesMerged));
    }

    [Fact]
    public async Task The_merge_shows_read_only_in_the_Activity_of_everyone_whose_rows_it_moved()
    {
        var carol = await Database.CreateUserAsync("carol@example.com");
        var merged = await MergeAsync();
        Ok(merged);

        foreach (var user in new[] { Alice, Bob })
        {
            var entry = (await As<ActivityLog>(user).PageAsync(0, 50)).Entries.Single(e => e.Kind == OperationKind.CategoriesMerged);
            Assert.Equal((merged.Message, false, true), (entry.Summary, entry.CanUndo, entry.ByAdministrator));
            await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(user).UndoAsync(entry.Id, Guid.NewGuid()), FailureKind.NotFound, UndoService.NotFound);
        }

        Assert.Empty((await As<ActivityLog>(carol).PageAsync(0, 50)).Entries);
        var own = (await As<ActivityLog>(_admin).PageAsync(0, 50, new ActivityFilter(OperationKind.CategoriesMerged))).Entries.Single();
        Assert.Equal((true, false), (own.CanUndo, own.ByAdministrator));

        Ok(await Undo.UndoAsync(own.Id, Guid.NewGuid()));
        Assert.NotNull((await As<ActivityLog>(Bob).PageAsync(0, 50, new ActivityFilter(OperationKind.CategoriesMerged))).Entries.Single().UndoneAt);
    }

    [Fact]
    public async Task Every_failure_during_the_undo_of_a_merge_changes_nothing()
    {
        Ok(await MergeAsync());
        var merge = await LastOperationIdAsync(_admin);
        var key = Guid.NewGuid();

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => Undo.UndoAsync(merge, key), UserMessages.Unexpected);

        Assert.True(commands >= 10, $"saw {commands} commands");
        await AssertChecksPassAsync();
    }
}

public sealed class MergeUndoTestsOnSqlite() : MergeUndoTests(DatabaseProvider.Sqlite);

public sealed class MergeUndoTestsOnPostgreSql() : MergeUndoTests(DatabaseProvider.PostgreSql);
